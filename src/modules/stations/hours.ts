/**
 * Opening hours in OpenStreetMap's `opening_hours` syntax ("Mo-Fr 08:00-20:00; Sa 09:00-12:00",
 * "24/7"), parsed and evaluated by the `opening_hours` library. A station's hours are China time
 * (UTC+8, no daylight saving) wherever the server runs: the library reads a Date's local fields,
 * so the moment is first shifted to a Date whose local fields show the time in China.
 *
 * China's public holidays (`PH`) follow the State Council's yearly notice as `chinese-days` carries
 * it (the library knows only a few fixed dates for China, not 春节 or 中秋, nor the days moved
 * around them): on a holiday a rule naming PH applies as if PH were that day's weekday (`PH off`,
 * `Sa,PH 10:00-16:00`, `PH Mo-Fr …` only when the holiday falls on Mo-Fr); on other days PH
 * matches nothing. A make-up working day (调休上班, a Saturday or Sunday made a working day) keeps
 * the hours of an ordinary working day: it is evaluated as the last ordinary weekday before it.
 * Each day is evaluated on its own, so a PH rule past midnight does not reach into the next day.
 */
import OpeningHours from 'opening_hours';
import chineseDays from 'chinese-days';
import { Invalid } from '../../server/errors.ts';
import { addDays } from '../../shared/dates.ts';
import type { OpenState } from './stations.contract.ts';

// The package is CommonJS: Node's ESM loader sees only its default export.
const { getDayDetail } = chineseDays;

const CHINA_OFFSET_MINUTES = 8 * 60;
/** Parsed hours by their text: 200,000 stations share a few hundred distinct strings. */
const parsed = new Map<string, OpeningHours>();
const MAX_CACHED = 5_000;

/** Parses `value`, or says in Chinese what is wrong with it, naming the field. */
export function parseHours(value: string, field: string, label: string): OpeningHours {
  const hit = parsed.get(value);
  if (hit) return hit;
  let oh: OpeningHours;
  try {
    // No address given: public holidays (PH) and school holidays (SH) evaluate as not holidays.
    oh = new OpeningHours(value, null, 0);
  } catch (e) {
    const where = String(e instanceof Error ? e.message : e)
      .split('<---')[0]
      ?.trim();
    throw Invalid.field(
      field,
      `${label}无法识别${where ? `（在 “${where}” 之后）` : ''}：请按 OpenStreetMap 营业时间格式填写，例如 “Mo-Fr 08:00-20:00; Sa,Su 09:00-17:00” 或 “24/7”`,
    );
  }
  if (parsed.size >= MAX_CACHED) parsed.clear();
  parsed.set(value, oh);
  // Hours naming PH are evaluated as rewritten for holidays and for other days: both must read.
  if (PH_TOKEN.test(value)) for (const holiday of [true, false]) parseHours(withHolidays(value, holiday), field, label);
  return oh;
}

const PH_TOKEN = /(^|[\s,;])PH(?=$|[\s,;])/;
const DAY = '(?:Mo|Tu|We|Th|Fr|Sa|Su)(?:-(?:Mo|Tu|We|Th|Fr|Sa|Su))?(?:\\[[^\\]]*\\])?';
/** A rule's weekday selector that names PH: "PH", "Sa,PH", "Mo-Fr,PH,Su"; and whether weekdays follow it ("PH Mo-Fr"). */
const PH_GROUP = new RegExp(`(^|\\s)((?:${DAY},)*)PH((?:,${DAY})*)(\\s+(?=${DAY}(?:\\s|,|$)))?`);

/**
 * The hours as they read on a public holiday (`holiday`) or on any other day: PH stands for the
 * day itself on a holiday, and for no day otherwise. Rules (separated by `;` or `||`) whose
 * selector is only PH are left out on other days; hours with no rule left are closed.
 */
export function withHolidays(value: string, holiday: boolean): string {
  const parts = value.split(/(\s*(?:;|\|\|)\s*)/);
  const out: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const rule = parts[i]!.trim();
    const sep = parts[i - 1]?.trim();
    const m = PH_GROUP.exec(rule);
    let next: string | null = rule;
    if (m) {
      const before = rule.slice(0, m.index) + m[1]!;
      const rest = rule.slice(m.index + m[0].length);
      const others = [m[2]!.replace(/,$/, ''), m[3]!.replace(/^,/, '')].filter(Boolean).join(',');
      const onlyWhen = m[4] !== undefined;
      if (holiday) next = onlyWhen ? `${before}${rest}` : `${before}Mo-Su${rest}`;
      else next = onlyWhen || !others ? null : `${before}${others}${rest}`;
    }
    if (next === null || !next.trim()) continue;
    out.push(out.length ? `${sep === '||' ? ' || ' : '; '}${next}` : next);
  }
  return out.join('') || 'off';
}

type DayKind = 'holiday' | 'workday' | null;
/** A China day (YYYY-MM-DD) as the State Council's calendar has it: a holiday, a make-up working day, or ordinary. */
export function chinaDayKind(day: string): DayKind {
  let detail: { work: boolean; name: string };
  try {
    detail = getDayDetail(day);
  } catch {
    return null;
  }
  // A festival's day reads "National Day,国庆节,3"; an ordinary one just its weekday.
  const festival = detail.name.split(',').length >= 2;
  if (!festival) return null;
  if (!detail.work) return 'holiday';
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6 ? 'workday' : null;
}

/** The moment as a Date whose local fields read the wall clock in China. */
function chinaWallClock(at: Date): Date {
  return new Date(at.getTime() + (CHINA_OFFSET_MINUTES + at.getTimezoneOffset()) * 60_000);
}

/** Whether a station is open at `at`, and whether someone is on duty then. */
export function openState(openingHours: string, staffedHours: string | null, at: Date): OpenState {
  let local = chinaWallClock(at);
  const day = `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')}`;
  const kind = chinaDayKind(day);
  if (kind === 'workday') {
    // The last ordinary working weekday before it, at the same time of day.
    let back = 1;
    for (let d = addDays(day, -1); back < 14; back++, d = addDays(d, -1)) {
      const w = new Date(`${d}T00:00:00Z`).getUTCDay();
      if (w !== 0 && w !== 6 && chinaDayKind(d) === null) break;
    }
    local = new Date(local.getFullYear(), local.getMonth(), local.getDate() - back, local.getHours(), local.getMinutes(), local.getSeconds());
  }
  const hours = (value: string, field: string, label: string) => {
    parseHours(value, field, label);
    return PH_TOKEN.test(value) ? parseHours(withHolidays(value, kind === 'holiday'), field, label) : parseHours(value, field, label);
  };
  if (!hours(openingHours, 'openingHours', '开放时间').getState(local)) return 'closed';
  if (staffedHours === null) return 'staffed';
  return hours(staffedHours, 'staffedHours', '值守时间').getState(local) ? 'staffed' : 'self';
}
