/**
 * Money and counts as every page shows them: amounts as ¥1,234.00, totals in 万 once they are big
 * (¥4.96万), counts with 万 (4.96万). The API carries integer fen; forms take 元.
 */
import { wan, yuan } from '../../shared/numbers.ts';

/** 123456 → "¥1,234.56"; no amount → "—". */
export const money = (fen: number | null | undefined) => (fen == null ? '—' : `¥${yuan(fen)}`);

/** A total: "¥1,234.56" below 1万元, "¥4.96万" from 1万元 on. */
export const moneyTotal = (fen: number | null | undefined) => {
  if (fen == null) return '—';
  return Math.abs(fen) >= 1_000_000 ? `¥${wan(fen / 100)}` : money(fen);
};

/** A count with 万 once it is big: 49600 → "4.96万". */
export const count = (n: number | null | undefined) => (n == null ? '—' : wan(n));

/** 元 typed in a form (InputNumber) to fen; blank stays undefined, so the contract names the field. */
export const toFen = (yuanValue: number | null | undefined) => (yuanValue == null ? undefined : Math.round(yuanValue * 100));

/** Fen to 元 for a form's InputNumber. */
export const toYuan = (fen: number) => fen / 100;
