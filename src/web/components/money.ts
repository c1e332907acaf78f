/**
 * Money and counts as every page shows them: amounts as ¥1,234.00, totals in 万 once they are big
 * (¥4.96万), counts with 万 (4.96万). The API carries integer fen; forms take 元.
 *
 * 万 and 亿 are Chinese: in English, totals are ¥1,234.00 up to a million 元 and "¥2.3 million"
 * or "¥1.2 billion" above, counts are grouped digits (49,600). The language provider sets which
 * (`setNumberLocale`) before the pages render, so the helpers stay plain functions.
 */
import { wan, yuan } from '../../shared/numbers.ts';
import type { Locale } from '../i18n/locales.ts';

let english = false;
let traditional = false;

/** Called by the language provider whenever the language changes. */
export function setNumberLocale(locale: Locale) {
  english = locale === 'en';
  traditional = locale === 'zh-TW';
}

/** 万 and 亿 in the reader's characters: 萬 and 億 in 繁體. */
const wanIn = (n: number) => {
  const s = wan(n);
  return traditional ? s.replace('万', '萬').replace('亿', '億') : s;
};

/** 123456 → "¥1,234.56"; no amount → "—". */
export const money = (fen: number | null | undefined) => (fen == null ? '—' : `¥${yuan(fen)}`);

/** 2_300_000 → "2.3 million", with at most `digits` decimals, trailing zeros dropped. */
function millions(n: number, digits = 2): string {
  const abs = Math.abs(n);
  const trim = (v: number) => v.toFixed(digits).replace(/\.?0+$/, '');
  if (abs >= 1e9) return `${trim(n / 1e9)} billion`;
  return `${trim(n / 1e6)} million`;
}

/** A total: "¥1,234.56" below 1万元, "¥4.96万" from 1万元 on; in English "¥2.3 million" from a million 元 on. */
export const moneyTotal = (fen: number | null | undefined) => {
  if (fen == null) return '—';
  if (english) return Math.abs(fen) >= 100_000_000 ? `¥${millions(fen / 100)}` : money(fen);
  return Math.abs(fen) >= 1_000_000 ? `¥${wanIn(fen / 100)}` : money(fen);
};

/** A count with 万 once it is big: 49600 → "4.96万"; in English grouped digits: "49,600". */
export const count = (n: number | null | undefined) => {
  if (n == null) return '—';
  return english ? n.toLocaleString('en-US') : wanIn(n);
};

/** 元 typed in a form (InputNumber) to fen; blank stays undefined, so the contract names the field. */
export const toFen = (yuanValue: number | null | undefined) => (yuanValue == null ? undefined : Math.round(yuanValue * 100));

/** Fen to 元 for a form's InputNumber. */
export const toYuan = (fen: number) => fen / 100;
