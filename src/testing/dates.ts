/**
 * Days for test set-ups, counted from today in China, so a set-up stays valid whatever day the
 * suite runs: the database refuses a hand-out outside its campaign's period, a record dated after
 * today is refused, and a file assessed a year ago falls due for review. A fixed day such as
 * 2026-12-31 would turn the suite red on the day it passes.
 */
import { addDays, chinaToday } from '../shared/dates.ts';

/** Today in China (YYYY-MM-DD). */
export const today = (): string => chinaToday();

/** This year in China, e.g. "2026". */
export const thisYear = (): string => chinaToday().slice(0, 4);

/** The day `n` days after today in China (before it when `n` is negative). */
export const daysFromToday = (n: number): string => addDays(chinaToday(), n);

/**
 * This year as a campaign's period: today always lies in it, and so do hand-outs dated today. Late
 * in the year it runs on into the next, so that a point opening in a few days still lies in it
 * (on 31 December, "tomorrow" is next year).
 */
export function campaignPeriod(): { startsOn: string; endsOn: string } {
  const yearEnd = `${thisYear()}-12-31`;
  const soon = daysFromToday(40);
  return { startsOn: `${thisYear()}-01-01`, endsOn: soon > yearEnd ? soon : yearEnd };
}

/** The day `n` days before today, but not before 1 January: not in the future, and within this year's period. */
export function earlierThisYear(n: number): string {
  const day = daysFromToday(-n);
  const first = `${thisYear()}-01-01`;
  return day < first ? first : day;
}
