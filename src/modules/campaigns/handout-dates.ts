/**
 * 发放期: a hand-out happens only within the campaign's period and the point's opening dates (both
 * inclusive, China time). The confirm function refuses any other day in the database; these words
 * say why, on the scan page before anyone confirms and on the refusal itself.
 */
import { chineseDate, chinesePeriod } from '../../shared/dates.ts';

export interface HandOutDates {
  campaignStartsOn: string;
  campaignEndsOn: string;
  point: { name: string; opensOn: string | null; closesOn: string | null };
}

/** The day as the message names it: 今天 on the scan page, the signing day for a paper sheet. */
export function dayWord(day: string, today: string): string {
  return day === today ? '今天' : `签领日期${chineseDate(day)}`;
}

const periodWords = (from: string, to: string, word: string) => `活动发放期为${chinesePeriod(from, to)}，${word}不在发放期内`;
const opensWords = (name: string, on: string, word: string) => `发放点「${name}」${chineseDate(on)}起开放，${word}不能在此发放`;
const closesWords = (name: string, on: string, word: string) => `发放点「${name}」开放至${chineseDate(on)}，${word}不能在此发放`;

/** Why nothing can be handed out at the point on `day`, or null. */
export function handOutDateRefusal(d: HandOutDates, day: string, word: string): string | null {
  if (day < d.campaignStartsOn || day > d.campaignEndsOn) return periodWords(d.campaignStartsOn, d.campaignEndsOn, word);
  if (d.point.opensOn && day < d.point.opensOn) return opensWords(d.point.name, d.point.opensOn, word);
  if (d.point.closesOn && day > d.point.closesOn) return closesWords(d.point.name, d.point.closesOn, word);
  return null;
}

/** The words for the confirm function's date refusal (tags period:from:to, opens:day:name, closes:day:name), or null. */
export function handOutDateRefusalOfTag(tag: string, word: string): string | null {
  const m = /^(period|opens|closes):(\d{4}-\d{2}-\d{2}):(.*)$/s.exec(tag);
  if (!m) return null;
  const [, kind, day, rest] = m as unknown as [string, string, string, string];
  if (kind === 'period') return periodWords(day, rest, word);
  return kind === 'opens' ? opensWords(rest, day, word) : closesWords(rest, day, word);
}
