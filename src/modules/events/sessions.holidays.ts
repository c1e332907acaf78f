/**
 * 节假日提醒: a session on a public holiday (法定节假日, many workers travel or rest) or on a make-up
 * working day (调休上班, a weekend day the State Council made a working day: workers are at work).
 * The calendar is the State Council's yearly notice as `chinese-days` carries it.
 */
import chineseDays from 'chinese-days';
import { addDays, chinaToday, chineseDate } from '../../shared/dates.ts';
import type { HolidayWarning } from './events.contract.ts';

// The package is CommonJS: Node's ESM loader sees only its default export (named imports work under Vite alone).
const { getDayDetail } = chineseDays;

/** The China day (YYYY-MM-DD) of an instant. */
export const chinaDay = (at: Date) => chinaToday(at);

/** A festival's Chinese name from the calendar's "National Day,国庆节,3"; null for an ordinary weekend. */
function festivalOf(name: string): string | null {
  const parts = name.split(',');
  return parts.length >= 2 && /\p{sc=Han}/u.test(parts[1]!) ? parts[1]! : null;
}

/** What a day is in China's calendar, when it is a holiday or a make-up working day. */
export function dayKind(day: string): { kind: 'holiday' | 'workday'; name: string | null } | null {
  let detail: { work: boolean; name: string };
  try {
    detail = getDayDetail(day);
  } catch {
    return null;
  }
  const festival = festivalOf(detail.name);
  if (!festival) return null;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  if (!detail.work) return { kind: 'holiday', name: festival };
  if (weekday === 0 || weekday === 6) return { kind: 'workday', name: festival };
  return null;
}

/** Warnings for the sessions' days (each China day a session covers, at most 31 per session). */
export function holidayWarnings(sessions: readonly { id: number; startsAt: Date; endsAt: Date }[]): HolidayWarning[] {
  const out: HolidayWarning[] = [];
  for (const s of sessions) {
    const last = chinaDay(new Date(s.endsAt.getTime() - 1));
    let day = chinaDay(s.startsAt);
    for (let i = 0; i < 31 && day <= last; i++, day = addDays(day, 1)) {
      const k = dayKind(day);
      if (!k) continue;
      const name = k.name ? `（${k.name}）` : '';
      out.push({
        sessionId: s.id,
        day,
        kind: k.kind,
        name: k.name,
        message:
          k.kind === 'holiday'
            ? `${chineseDate(day)}是法定节假日${name}，职工可能休假出行，请确认时间安排`
            : `${chineseDate(day)}是调休上班日${name}，职工需要上班，请确认时间安排`,
      });
    }
  }
  return out;
}
