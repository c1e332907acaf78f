/**
 * Numbers the way union reports write them: money in 元 with two decimals, and large totals in
 * 万/亿 ("940万元", "4.96万人次"). Shared by server (briefings, exports) and web.
 */

/** Fen as 元 with two decimals and thousands separators: 123456 → "1,234.56". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** A count or amount in 万/亿 once it reaches 1万, with at most `digits` decimals, trailing zeros dropped. */
export function wan(n: number, digits = 2): string {
  const abs = Math.abs(n);
  const trim = (v: number) => v.toFixed(digits).replace(/\.?0+$/, '');
  if (abs >= 1e8) return `${trim(n / 1e8)}亿`;
  if (abs >= 1e4) return `${trim(n / 1e4)}万`;
  return Number.isInteger(n) ? String(n) : trim(n);
}

/** Fen as a report total: 940000000 → "940万元", 45000 → "450元", 12345 → "123.45元". */
export function yuanWan(fen: number): string {
  const y = fen / 100;
  if (Math.abs(y) >= 1e4) return `${wan(y)}元`;
  return `${Number.isInteger(y) ? y : y.toFixed(2)}元`;
}
