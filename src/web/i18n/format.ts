/**
 * Dates as Chinese users read them: 2025年12月17日, 2025年12月17日 08:30. The API carries ISO
 * dates (YYYY-MM-DD) and timestamps; English shows ISO-like forms.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import timezone from 'dayjs/plugin/timezone.js';
import type { Locale } from './locales.ts';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Times are shown in China time whatever the browser's zone, as the server counts days. */
export const CHINA_TZ = 'Asia/Shanghai';

export function formatDate(value: string | null | undefined, locale: Locale): string {
  if (!value) return '';
  const d = dayjs(value);
  if (!d.isValid()) return value;
  return locale === 'en' ? d.format('YYYY-MM-DD') : d.format('YYYY年M月D日');
}

export function formatDateTime(value: string | null | undefined, locale: Locale): string {
  if (!value) return '';
  const d = dayjs(value).tz(CHINA_TZ);
  if (!d.isValid()) return value;
  return locale === 'en' ? d.format('YYYY-MM-DD HH:mm') : d.format('YYYY年M月D日 HH:mm');
}

/** 1234567 → 1,234,567 */
export function formatCount(n: number): string {
  return n.toLocaleString('zh-CN');
}

const EN_PLURAL = new Intl.PluralRules('en');

/**
 * English plurals: `{n:person|people}` is the word for the count in `n` — "1 person", "3 people"
 * from `'{n} {n:person|people}'`. Chinese needs none.
 */
export function plural(s: string, vars?: Record<string, string | number>) {
  if (!vars) return s;
  return s.replace(/\{(\w+):([^|{}]*)\|([^{}]*)\}/g, (m, k: string, one: string, other: string) => {
    if (!(k in vars)) return m;
    // Counts may come formatted ("1,234"); anything not a number reads as many.
    const n = Number(String(vars[k]).replace(/,/g, ''));
    return Number.isFinite(n) && EN_PLURAL.select(n) === 'one' ? one : other;
  });
}
