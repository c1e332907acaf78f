/**
 * One contract, three uses: the zod schema that validates the route also checks the antd form
 * before it is sent, and the server's per-field answers (400/409 `fields`) land on the same form
 * fields. Messages are the contract's Chinese, converted for 繁體 through `tx`.
 */
import type { FormInstance } from 'antd';
import type { z } from 'zod';
import { ApiError } from '../http.ts';
import { useI18n } from '../i18n/index.tsx';
import { App } from 'antd';
import { useCallback } from 'react';

type FieldData = { name: (string | number)[]; errors: string[] };

function groupByField(items: { field: string; message: string }[], known: Set<string> | null, tx: (s: string) => string): FieldData[] {
  const byField = new Map<string, string[]>();
  for (const { field, message } of items) {
    if (!field || (known && !known.has(field))) continue;
    const list = byField.get(field) ?? [];
    if (!list.includes(tx(message))) list.push(tx(message));
    byField.set(field, list);
  }
  return [...byField].map(([field, errors]) => ({ name: field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), errors }));
}

function fieldNamesOf(form: FormInstance): Set<string> {
  const names = new Set<string>();
  for (const f of form.getFieldsError()) names.add(f.name.join('.'));
  return names;
}

/** Hooks the form helpers to the current language and the app's message API. */
export function useFormErrors() {
  const { tx } = useI18n();
  const { message } = App.useApp();

  /** Validates `values` with a contract schema; sets field errors and returns null when invalid. */
  const check = useCallback(
    <S extends z.ZodType>(schema: S, values: unknown, form: FormInstance): z.output<S> | null => {
      const result = schema.safeParse(values);
      if (result.success) return result.data;
      const fields = groupByField(
        result.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message })),
        null,
        tx,
      );
      const known = fieldNamesOf(form);
      const onForm = fields.filter((f) => known.has(f.name.join('.')) || known.has(String(f.name[0])));
      form.setFields(onForm.map((f) => (known.has(f.name.join('.')) ? f : { ...f, name: [f.name[0]!] })));
      const first = result.error.issues[0];
      if (onForm.length === 0 && first) message.error(tx(first.message));
      return null;
    },
    [tx, message],
  );

  /**
   * Puts a server error on the form: per-field messages at their fields; anything else (or a
   * message for a field the form does not have) as a toast. `rename` maps API field names to
   * form field names where they differ.
   */
  const showServerError = useCallback(
    (err: unknown, form?: FormInstance, rename: Record<string, string> = {}) => {
      if (!(err instanceof ApiError)) {
        message.error(tx('操作失败，请稍后重试'));
        return;
      }
      if (err.status === 401) return; // already on the way to the login page
      if (form && err.fields.length > 0) {
        const known = fieldNamesOf(form);
        const fields = groupByField(
          err.fields.map((f) => ({ field: rename[f.field] ?? f.field, message: f.message })),
          known,
          tx,
        );
        if (fields.length > 0) {
          form.setFields(fields);
          return;
        }
      }
      message.error(tx(err.message));
    },
    [tx, message],
  );

  return { check, showServerError };
}

/**
 * An antd rule from one field of a contract schema, so the form says what the server would say,
 * while the user types. `toApi` converts the form value (e.g. a dayjs date) first.
 */
export function useZodRule() {
  const { tx } = useI18n();
  return useCallback(
    (schema: z.ZodType, toApi: (v: unknown) => unknown = (v) => v) => ({
      validator: async (_rule: unknown, value: unknown) => {
        const result = schema.safeParse(toApi(value));
        if (!result.success) throw new Error(tx(result.error.issues[0]?.message ?? '格式不正确'));
      },
    }),
    [tx],
  );
}

/** antd inputs give '' or undefined for blank; the API wants null for a blank optional field. */
export function blankToNull<T extends Record<string, unknown>>(values: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) out[k] = v === '' || v === undefined ? null : v;
  return out as T;
}
