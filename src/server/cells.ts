/**
 * Reading the text of an imported spreadsheet cell the way staff write it: dates in the usual
 * Chinese forms, amounts in 元, and labels (or the ways they are commonly written) to codes; and
 * whether a cell's storage (a number, a formula) lost what staff typed, which travels with the
 * cell's text from every reader (`SheetRow`). Pure and light: the roster import's row workers
 * load it too (see `imports.ts` for the rest).
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

// ---- How a cell was stored ----------------------------------------------------------------------

/**
 * How a cell was stored, where that decides whether its text is what staff typed: bits, and 0 for
 * typed text and for dates (read as dates). Readers set them; `storageProblem` judges them.
 */
/** A number: Excel keeps 15 significant digits, so 150302199506037123 is stored as 1.50302199506037E+17. */
export const NUMBER_CELL = 1;
/** A formula: its text is the result Excel last computed, not something anyone typed. */
export const FORMULA_CELL = 2;

/** A sheet's row as read: the cells' text and, for cells that were not typed text, how they were stored. */
export interface SheetRow {
  /** As Excel numbers it (1 = the first row). */
  rowNo: number;
  cells: string[];
  /** By column, sparse; absent when no cell of the row is a number or a formula (a CSV's rows never have it). */
  storage?: number[];
}

/**
 * What a column holds, where a cell's storage can spoil it: identity numbers, phones, bank
 * accounts and codes (digits that a number cell rounds or strips), and names (a formula's result
 * is not a name anyone typed).
 */
export type CellRule = 'idNumber' | 'phone' | 'bankAccount' | 'code' | 'name';

const RULES: readonly [RegExp, CellRule][] = [
  [/身份证|证件号|身份号码/, 'idNumber'],
  [/银行|账号|卡号/, 'bankAccount'],
  [/信用代码|会员编号|会员号|会员证号|证书编号/, 'code'],
  [/手机|电话/, 'phone'],
  [/姓名|名称|联系人/, 'name'],
];

/**
 * The rule of a column, read from its header as the import's template writes it (身份证号, 手机号,
 * 银行账号, 统一社会信用代码, 姓名, 组织名称 …), so that every import gets it from its columns.
 */
export function cellRuleOf(header: string): CellRule | undefined {
  return RULES.find(([re]) => re.test(header))?.[1];
}

/** A number in exponent form, as Excel shows (and saves to CSV) a long number in a General cell: 1.50302199506037E+17. */
const EXPONENT = /^[+-]?\d+(\.\d+)?[eE][+-]?\d+$/;

const lostDigits = (header: string) => `${header}单元格是数字格式，Excel 已丢失末尾数字，请将该列设为文本后重新填写`;
const changedDigits = (header: string) => `${header}单元格是数字格式，Excel 可能已改动其中的数字，请将该列设为文本后重新填写`;
const exponentForm = (header: string) => `${header}是科学计数法形式（如 1.50302199506037E+17），末尾数字已丢失，请将该列设为文本后重新填写`;
const formulaName = (header: string) => `${header}单元格是公式，请粘贴为数值后重新导入`;

/**
 * What is wrong with a cell whose storage lost what staff typed, or undefined when its text can be
 * trusted. `storage` is the cell's bits (0 for text; a CSV has no cell types, so its long numbers
 * are told by their exponent form).
 * - ID numbers: any number cell is refused. An 18-digit number never survives 15 significant
 *   digits, and the rounded one can still pass the check digit (a wrong person, of the wrong sex);
 *   a shorter one is no ID number typed as text either.
 * - Phones: an 11-digit mobile number survives as a whole number (11 < 15 digits), so a number
 *   cell holding exactly 1 and ten digits is taken; anything else from a number cell (a landline
 *   that lost its leading 0, a number with a decimal point or an exponent) is refused.
 * - Bank accounts: 16 to 19 digits, any number cell is refused (as are their lost leading zeros).
 * - Codes (credit codes, member numbers): refused when a number cell shows more than 15 digits or
 *   an exponent, the digits Excel cannot keep; shorter whole numbers are exact.
 * - Names: a formula is refused, not replaced by its cached result.
 */
export function storageProblem(rule: CellRule, header: string, text: string, storage = 0): string | undefined {
  if (rule === 'name') return storage & FORMULA_CELL ? formulaName(header) : undefined;
  if (storage & NUMBER_CELL) {
    if (rule === 'phone') return /^1\d{10}$/.test(text) ? undefined : changedDigits(header);
    if (rule === 'code') return /^\d{1,15}$/.test(text) ? undefined : lostDigits(header);
    return lostDigits(header);
  }
  return text.length > 4 && EXPONENT.test(text) ? exponentForm(header) : undefined;
}

/** Every message `storageProblem` can give for a column (to count them among a check's problems). */
export function storageMessages(header: string): string[] {
  const rule = cellRuleOf(header);
  if (!rule) return [];
  return rule === 'name' ? [formulaName(header)] : [lostDigits(header), changedDigits(header), exponentForm(header)];
}
