const isoDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in China (YYYY-MM-DD), whatever the server's or browser's time zone. */
export function chinaToday(now = new Date()): string {
  return isoDay.format(now);
}
