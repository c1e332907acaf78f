/**
 * Building blocks for module contracts: zod fields whose every message is Chinese and names the
 * field, so the server's 400 answers and the web forms say the same thing
 * ("请填写名称", "名称不能超过 100 个字").
 * Shared by server and web: no Node, no React.
 */
import { z } from 'zod';
import { yuanWan } from './numbers.ts';

// Fallback messages for anything a contract does not word itself.
z.config(z.locales.zhCN());

export { z };

/** A value that survives JSON as it is: what a jsonb column holds. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
function isJson(v: unknown): v is JsonValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(isJson);
  return typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype && Object.values(v).every(isJson);
}
/**
 * Any JSON value, checked as such. Not z.json(): its recursive JSON Schema would leave the API
 * description pointing at a definition it does not contain.
 */
export const jsonValue = () => z.custom<JsonValue>(isJson, { error: '不是有效的 JSON 值' });

// ---- Text ----------------------------------------------------------------------------------
//
// What no text field takes, because it hides what is written, breaks storage or turns into
// something else on the way out:
// - C0 and C1 control characters (NUL is refused by PostgreSQL; the others are invisible). Text
//   of several lines keeps line feeds and tabs; a line of text keeps neither.
// - bidirectional embeddings, overrides and isolates (U+202A–202E, U+2066–2069), which make a
//   name read differently from what it is ("‮txt.exe");
// - lone surrogates: half a character, which PostgreSQL refuses or stores as U+FFFD.
// Names of people and of things also refuse zero-width characters (two names that look the same
// but differ), "<" and ">" (markup), and a leading = + - @ (a formula once exported to Excel).

// Control characters are exactly what these two look for.
// eslint-disable-next-line no-control-regex
const CONTROL_LINE = /[\u0000-\u001F\u007F-\u009F]/;
// eslint-disable-next-line no-control-regex
const CONTROL_MULTILINE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;
// Code units on purpose (no u flag): a high surrogate not followed by a low one, or a low one alone.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const INVISIBLE = /[\u200B-\u200F\u2060\u061C\uFEFF]/;
const FORMULA_START = /^[=+\-@]/;

/** Why `v` cannot be stored as text, in Chinese naming the field, or null. */
export function textProblem(label: string, v: string, opts: { multiline?: boolean; name?: boolean } = {}): string | null {
  if (LONE_SURROGATE.test(v)) return `${label}含有无法识别的字符，请重新输入`;
  if ((opts.multiline ? CONTROL_MULTILINE : CONTROL_LINE).test(v))
    return opts.multiline ? `${label}含有控制字符，请删除` : `${label}含有换行或控制字符，请删除`;
  if (BIDI.test(v)) return `${label}含有文字方向控制符，请删除`;
  if (!opts.name) return null;
  if (INVISIBLE.test(v)) return `${label}含有不可见的字符，请删除`;
  if (/[<>]/.test(v)) return `${label}不能包含“<”或“>”`;
  if (FORMULA_START.test(v)) return `${label}不能以 =、+、-、@ 开头`;
  return null;
}

/**
 * A string, trimmed, refusing what `textProblem` refuses; blank passes (the callers add min).
 * Several lines: \r\n becomes \n.
 */
function safeString(label: string, opts: { multiline?: boolean; name?: boolean } = {}) {
  return z
    .string({ error: (iss) => (iss.input == null ? `请填写${label}` : `${label}必须是文字`) })
    .overwrite((v) => (opts.multiline ? v.replace(/\r\n?/g, '\n') : v).trim())
    .check((ctx) => {
      const problem = textProblem(label, ctx.value, opts);
      if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
    });
}

interface TextOptions {
  max?: number;
  min?: number;
  /** Text of several lines (a description, notes): keeps line feeds and tabs. */
  multiline?: boolean;
}

/** A required line (or, with `multiline`, lines) of text, trimmed. */
export function text(label: string, opts: TextOptions = {}) {
  const max = opts.max ?? 100;
  const min = opts.min ?? 1;
  return safeString(label, opts)
    .min(min, min <= 1 ? `请填写${label}` : `${label}至少 ${min} 个字`)
    .max(max, `${label}不能超过 ${max} 个字`);
}

/** An optional line of text; blank becomes null. */
export function optionalText(label: string, opts: Omit<TextOptions, 'min'> = {}) {
  const max = opts.max ?? 200;
  return safeString(label, opts)
    .max(max, `${label}不能超过 ${max} 个字`)
    .nullish()
    .transform((v) => (v ? v : null));
}

/** The name of a thing (a campaign, a tier, a point, an occupation): one line, no markup, no formula. */
export function nameText(label: string, opts: Omit<TextOptions, 'multiline'> = {}) {
  const max = opts.max ?? 100;
  const min = opts.min ?? 1;
  return safeString(label, { name: true })
    .min(min, min <= 1 ? `请填写${label}` : `${label}至少 ${min} 个字`)
    .max(max, `${label}不能超过 ${max} 个字`);
}

/** An optional name of a thing; blank becomes null. */
export function optionalNameText(label: string, opts: { max?: number } = {}) {
  const max = opts.max ?? 100;
  return safeString(label, { name: true })
    .max(max, `${label}不能超过 ${max} 个字`)
    .nullish()
    .transform((v) => (v ? v : null));
}

/** A union's name: 内蒙古自治区总工会. */
export function orgName(label = '组织名称', opts: { max?: number } = {}) {
  return nameText(label, { max: opts.max ?? 100 });
}

/** The separator of transliterated names (阿不都·热合曼), however it was typed: ・ ･ • ‧ ∙ ⋅ become ·. */
const MIDDLE_DOTS = /[\u00B7\u0387\u2022\u2027\u2219\u22C5\u30FB\uFF65\u16EB\u2E31\u318D]/g;
const PERSON_NAME = /^[\p{sc=Han}\p{sc=Latin}]+(?:[· ][\p{sc=Han}\p{sc=Latin}]+)*$/u;

/** Folds a typed name to its stored form: full-width letters to ASCII, every middle dot to ·, single spaces. */
export function normalizePersonName(v: string): string {
  return v.normalize('NFKC').replace(MIDDLE_DOTS, '·').replace(/\s+/g, ' ').replace(/ ?· ?/g, '·').trim();
}

/**
 * A person's name as an ID card writes it: Chinese characters, the middle dot of transliterated
 * minority and foreign names (买买提·艾力), or Latin letters and spaces (Li Na); 2–50 characters.
 */
export function personName(label = '姓名') {
  return z
    .string({ error: (iss) => (iss.input == null ? `请填写${label}` : `${label}必须是文字`) })
    .check((ctx) => {
      const problem = textProblem(label, ctx.value, { name: true });
      if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value, abort: true });
    })
    .overwrite(normalizePersonName)
    .min(1, `请填写${label}`)
    .check((ctx) => {
      const v = ctx.value;
      if (v.length === 0) return;
      if (!PERSON_NAME.test(v) || ![...v].every((c) => c === '·' || c === ' ' || /\p{L}|\u3007/u.test(c))) {
        ctx.issues.push({ code: 'custom', message: `${label}只能包含汉字、字母和间隔号“·”`, input: v });
      } else if ([...v].length < 2) ctx.issues.push({ code: 'custom', message: `${label}至少 2 个字`, input: v });
    })
    .max(50, `${label}不能超过 50 个字`);
}

/** A search box or filter text: optional; whatever cannot be text is refused rather than sent to the database. */
export function searchQuery(label = '查询条件', opts: { max?: number } = {}) {
  const max = opts.max ?? 60;
  return safeString(label).max(max, `${label}不能超过 ${max} 个字`).optional();
}

/**
 * An optional code or number checked by `valid` (blank becomes null), e.g. a credit code or a
 * phone number; `upper` upper-cases it first (credit codes are often typed in lower case).
 */
export function optionalChecked(valid: (v: string) => boolean, message: string, opts: { upper?: boolean } = {}) {
  return z
    .string({ error: message })
    .trim()
    .transform((v) => (opts.upper ? v.toUpperCase() : v))
    .refine((v) => v === '' || valid(v), message)
    .nullish()
    .transform((v) => (v ? v : null));
}

// ---- Numbers -------------------------------------------------------------------------------
//
// A number in a JSON body is a JSON number: null, "", true, "0x10" or "1e3" are refused, never
// coerced (Number(true) is 1, Number("") is 0). A number in the address (path or query string) is
// read from decimal digits only. The OpenAPI document still calls both integers.

const INT4_MAX = 2_147_483_647;

const numberError = (label: string) => (iss: { input?: unknown }) => (iss.input == null ? `请填写${label}` : `${label}必须是数字`);

/** A whole number in a JSON body, within [min, max]. */
export function int(label: string, opts: { min: number; max: number }) {
  return z
    .number({ error: numberError(label) })
    .min(opts.min, `${label}不能小于 ${opts.min}`)
    .max(opts.max, `${label}不能大于 ${opts.max}`)
    .int(`${label}须为整数`);
}

/** A number with decimals in a JSON body (an area, a quantity of goods), within [min, max]. */
export function decimal(label: string, opts: { min: number; max: number }) {
  return z
    .number({ error: numberError(label) })
    .min(opts.min, `${label}不能小于 ${opts.min}`)
    .max(opts.max, `${label}不能大于 ${opts.max}`);
}

/** Largest amount any single money field takes: 1 亿元, in fen. */
export const MAX_FEN = 10_000_000_000;

/** An amount of money in integer fen, 0 up to `max` (1 亿元 unless said). */
export function money(label: string, opts: { max?: number; positive?: boolean } = {}) {
  const max = opts.max ?? MAX_FEN;
  const n = z
    .number({ error: numberError(label) })
    .min(0, `${label}不能为负数`)
    .max(max, `${label}超出上限（${yuanWan(max)}）`)
    .int(`${label}须精确到分`);
  return opts.positive ? n.refine((v) => v > 0, `${label}须大于 0`) : n;
}

/** A positive integer identifier in a JSON body (a row id: PostgreSQL integer). */
export function id(label: string) {
  return z
    .number({ error: `${label}无效` })
    .positive(`${label}无效`)
    .max(INT4_MAX, `${label}无效`)
    .int(`${label}无效`);
}

/** The version a form was opened at (optimistic locking). */
export function version() {
  return z.number({ error: '版本号无效' }).int('版本号无效').min(0, '版本号无效').max(INT4_MAX, '版本号无效');
}

/** A whole number in the address (path or query string): decimal digits only, within [min, max]. */
export function queryInt(label: string, opts: { min: number; max: number; message?: string }) {
  const message = opts.message ?? `${label}须为 ${opts.min}–${opts.max} 之间的整数`;
  return z
    .string({ error: message })
    .refine((v) => /^\d{1,10}$/.test(v), message)
    .transform(Number)
    .pipe(z.number().min(opts.min, message).max(opts.max, message))
    .meta({ type: 'integer', minimum: opts.min, maximum: opts.max });
}

/** A row id in the address: /api/orgs/12, ?orgId=12. */
export function queryId(label: string) {
  return queryInt(label, { min: 1, max: INT4_MAX, message: `${label}无效` });
}

// ---- Dates ---------------------------------------------------------------------------------

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
/** Years a date of this domain falls in (a union founded, a worker joined, a gift handed out). */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

/** Whether `s` (YYYY-MM-DD) is a real calendar date between 1900 and 2100. */
export function isRealDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const year = Number(s.slice(0, 4));
  if (year < MIN_YEAR || year > MAX_YEAR) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** A calendar date as the API carries it: YYYY-MM-DD. */
export function date(label: string) {
  return z
    .string({ error: `请填写${label}` })
    .refine(isRealDate, `${label}不是有效日期（格式：2025-12-17，年份 ${MIN_YEAR}–${MAX_YEAR}）`)
    .meta({ format: 'date' });
}

export function optionalDate(label: string) {
  return z
    .string({ error: `${label}不是有效日期（格式：2025-12-17）` })
    .refine((s) => s === '' || isRealDate(s), `${label}不是有效日期（格式：2025-12-17，年份 ${MIN_YEAR}–${MAX_YEAR}）`)
    .meta({ format: 'date' })
    .nullish()
    .transform((v) => (v ? v : null));
}

/** One of a fixed list of codes. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, label: string) {
  return z.enum(values, { error: `请选择有效的${label}` });
}

/** Paging for list routes: page is 1-based. */
export const Paging = z.object({
  page: queryInt('页码', { min: 1, max: 100_000 }).default(1),
  pageSize: queryInt('每页条数', { min: 1, max: 200, message: '每页最多 200 条' }).default(20),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}

/** The body of every error answer. */
export const ErrorBody = z.object({
  message: z.string(),
  fields: z.array(z.object({ field: z.string(), message: z.string() })),
});

export const Ok = z.object({ ok: z.literal(true) });

/** A moment as the API carries it: ISO 8601 with its offset (2026-10-01T09:00:00+08:00), years 2000–2100. */
export function instant(label: string) {
  const message = `${label}不是有效时间（格式：2026-10-01T09:00:00+08:00）`;
  return z
    .string({ error: (iss) => (iss.input == null ? `请填写${label}` : message) })
    .refine(
      (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(v) && isRealDate(v.slice(0, 10)) && !Number.isNaN(Date.parse(v)),
      message,
    )
    .refine((v) => v.slice(0, 4) >= '2000' && v.slice(0, 4) <= '2100', `${label}的年份须在 2000–2100 之间`)
    .meta({ format: 'date-time' });
}
