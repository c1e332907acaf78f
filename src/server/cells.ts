/**
 * Reading the text of an imported spreadsheet cell the way staff write it: dates in the usual
 * Chinese forms, amounts in 元, and labels (or the ways they are commonly written) to codes.
 * Pure and light: the roster import's row workers load it too (see `imports.ts` for the rest).
 */
import { isRealDate } from '../shared/contract.ts';

/** 2025-3-8, 2025/03/08, 2025.3.8, 2025年3月8日, 20250308 → 2025-03-08; undefined when not a date. */
export function normaliseDate(s: string): string | undefined {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return undefined;
  const d = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isRealDate(d) ? d : undefined;
}

/** 元 with up to two decimals (22032, 22,032.50, 22032元) → fen; null when not an amount. */
export function fenOfYuan(text: string): number | null {
  const t = text.replace(/[,，\s元]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  return Math.round(Number(t) * 100);
}

/** Label (or code) → code, with the other ways the words are commonly written. */
export function labelLookup<T extends string>(labels: Record<T, string>, extra: Record<string, NoInfer<T>> = {}): Map<string, T> {
  const map = new Map<string, T>();
  for (const [code, label] of Object.entries(labels) as [T, string][]) {
    map.set(label, code);
    map.set(code, code);
  }
  for (const [word, code] of Object.entries(extra)) map.set(word, code);
  return map;
}
