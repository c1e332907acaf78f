/**
 * Opening hours in OpenStreetMap's `opening_hours` syntax ("Mo-Fr 08:00-20:00; Sa 09:00-12:00",
 * "24/7"), parsed and evaluated by the `opening_hours` library. A station's hours are China time
 * (UTC+8, no daylight saving) wherever the server runs: the library reads a Date's local fields,
 * so the moment is first shifted to a Date whose local fields show the time in China.
 */
import OpeningHours from 'opening_hours';
import { Invalid } from '../../server/errors.ts';
import type { OpenState } from './stations.contract.ts';

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
  return oh;
}

/** The moment as a Date whose local fields read the wall clock in China. */
function chinaWallClock(at: Date): Date {
  return new Date(at.getTime() + (CHINA_OFFSET_MINUTES + at.getTimezoneOffset()) * 60_000);
}

/** Whether a station is open at `at`, and whether someone is on duty then. */
export function openState(openingHours: string, staffedHours: string | null, at: Date): OpenState {
  const local = chinaWallClock(at);
  if (!parseHours(openingHours, 'openingHours', '开放时间').getState(local)) return 'closed';
  if (staffedHours === null) return 'staffed';
  return parseHours(staffedHours, 'staffedHours', '值守时间').getState(local) ? 'staffed' : 'self';
}
