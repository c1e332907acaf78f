/**
 * Building blocks for module contracts: zod fields whose every message is Chinese and names the
 * field, so the server's 400 answers and the web forms say the same thing
 * ("请填写名称", "名称不能超过 100 个字").
 * Shared by server and web: no Node, no React.
 */
import { z } from 'zod';

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

/** A required line of text, trimmed. */
export function text(label: string, opts: { max?: number; min?: number } = {}) {
  const max = opts.max ?? 100;
  const min = opts.min ?? 1;
  return z
    .string({ error: `请填写${label}` })
    .trim()
    .min(min, min <= 1 ? `请填写${label}` : `${label}至少 ${min} 个字`)
    .max(max, `${label}不能超过 ${max} 个字`);
}

/** An optional line of text; blank becomes null. */
export function optionalText(label: string, opts: { max?: number } = {}) {
  const max = opts.max ?? 200;
  return z
    .string({ error: `${label}必须是文字` })
    .trim()
    .max(max, `${label}不能超过 ${max} 个字`)
    .nullish()
    .transform((v) => (v ? v : null));
}

/**
 * An optional code or number checked by `valid` (blank becomes null), e.g. a credit code or a
 * phone number; `upper` upper-cases it first (credit codes are often typed in lower case).
 */
export function optionalChecked(valid: (v: string) => boolean, message: string, opts: { upper?: boolean } = {}) {
  return z
    .string()
    .trim()
    .transform((v) => (opts.upper ? v.toUpperCase() : v))
    .refine((v) => v === '' || valid(v), message)
    .nullish()
    .transform((v) => (v ? v : null));
}

/** A positive integer identifier. */
export function id(label: string) {
  return z.coerce
    .number({ error: `${label}无效` })
    .int(`${label}无效`)
    .positive(`${label}无效`)
    .max(2_147_483_647, `${label}无效`);
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `s` (YYYY-MM-DD) is a real calendar date. */
export function isRealDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** A calendar date as the API carries it: YYYY-MM-DD. */
export function date(label: string) {
  return z.string({ error: `请填写${label}` }).refine(isRealDate, `${label}不是有效日期（格式：2025-12-17）`);
}

export function optionalDate(label: string) {
  return z
    .string()
    .refine((s) => s === '' || isRealDate(s), `${label}不是有效日期（格式：2025-12-17）`)
    .nullish()
    .transform((v) => (v ? v : null));
}

/** One of a fixed list of codes. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, label: string) {
  return z.enum(values, { error: `请选择有效的${label}` });
}

/** Paging for list routes: page is 1-based. */
export const Paging = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200, '每页最多 200 条').default(20),
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
