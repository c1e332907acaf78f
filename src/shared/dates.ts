const isoDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in China (YYYY-MM-DD), whatever the server's or browser's time zone. */
export function chinaToday(now = new Date()): string {
  return isoDay.format(now);
}

/** 2026年1月10日 */
export function chineseDate(day: string): string {
  return `${Number(day.slice(0, 4))}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
}

/** 2026年1月10日至2月10日 (the year once when both days share it). */
export function chinesePeriod(from: string, to: string): string {
  const end = from.slice(0, 4) === to.slice(0, 4) ? chineseDate(to).slice(chineseDate(to).indexOf('年') + 1) : chineseDate(to);
  return `${chineseDate(from)}至${end}`;
}

/** 1月10日 14:05: a moment in China's time, for messages that name when something happened. */
export function chinaTime(v: Date | string): string {
  const d = new Date(new Date(v).getTime() + 8 * 3600_000);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** YYYY-MM-DD plus (or minus) whole days. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
