/**
 * One contract, three uses: the zod schema that validates the route also checks the antd form
 * before it is sent, and the server's per-field answers (400/409 `{ message, fields: [{ field,
 * message }] }`) land on the same form fields. Messages are the contract's Chinese, converted for
 * 繁體 through `tx`. Where the form's names differ from the API's (money typed in 元, sent in fen:
 * `amountYuan` ↔ `amountFen`), `rename` maps API field paths to form field paths.
 */
import type { FormInstance } from 'antd';
import type { z } from 'zod';
import { ApiError } from '../http.ts';
import { useI18n } from '../i18n/index.tsx';
import { App, Form } from 'antd';
import { useCallback, useEffect } from 'react';

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

/** API field path → form field path: a table, or a function for patterns (`members.0.incomeFen`). */
export type Rename = Record<string, string> | ((apiField: string) => string);

/** API money fields end in Fen, the form's in Yuan: `members.0.monthlyIncomeFen` → `members.0.monthlyIncomeYuan`. */
export const fenToYuan = (apiField: string) => apiField.replace(/Fen$/, 'Yuan');

const renamed = (rename: Rename | undefined, field: string) => (typeof rename === 'function' ? rename(field) : (rename?.[field] ?? field));

export interface ServerErrorOptions {
  rename?: Rename;
  /** Where a message that is not a field's goes (a dialog's own alert); a toast when not given. */
  onMessage?: (text: string) => void;
  /** A refusal (409, e.g. a yearly cap) whose message says more than its field's: show it as well. */
  alsoRefusal?: boolean;
}

/**
 * The form's values when its own rules pass; null when they do not — antd then shows the
 * messages at the fields, so there is nothing more to do (`validateFields` rejects instead).
 */
export async function validFields<T>(form: FormInstance<T>): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch {
    return null;
  }
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
  const toast = useCallback((text: string) => void message.error(text), [message]);

  /**
   * Validates `values` with a contract schema; sets field errors and returns null when invalid.
   * A message for no field on the form goes to `onMessage`, else a toast.
   */
  const check = useCallback(
    <S extends z.ZodType>(
      schema: S,
      values: unknown,
      form: FormInstance,
      options: Pick<ServerErrorOptions, 'rename' | 'onMessage'> = {},
    ): z.output<S> | null => {
      const result = schema.safeParse(values);
      if (result.success) return result.data;
      const fields = groupByField(
        result.error.issues.map((i) => ({ field: renamed(options.rename, i.path.map(String).join('.')), message: i.message })),
        null,
        tx,
      );
      const known = fieldNamesOf(form);
      const onForm = fields.filter((f) => known.has(f.name.join('.')) || known.has(String(f.name[0])));
      form.setFields(onForm.map((f) => (known.has(f.name.join('.')) ? f : { ...f, name: [f.name[0]!] })));
      const first = result.error.issues[0];
      if (onForm.length === 0 && first) (options.onMessage ?? toast)(tx(first.message));
      return null;
    },
    [tx, toast],
  );

  /**
   * Puts a server error on the form: per-field messages at their fields; anything else (or a
   * message for a field the form does not have) to `onMessage`, else as a toast.
   */
  const showServerError = useCallback(
    (err: unknown, form?: FormInstance, options: ServerErrorOptions = {}) => {
      const show = options.onMessage ?? toast;
      if (!(err instanceof ApiError)) {
        show(tx('操作失败，请稍后重试'));
        return;
      }
      if (err.status === 401) return; // already on the way to the login page
      if (form && err.fields.length > 0) {
        const known = fieldNamesOf(form);
        const fields = groupByField(
          err.fields.map((f) => ({ field: renamed(options.rename, f.field), message: f.message })),
          known,
          tx,
        );
        if (fields.length > 0) {
          form.setFields(fields);
          if (options.alsoRefusal && err.status !== 400) show(tx(err.message));
          return;
        }
      }
      show(tx(err.message));
    },
    [tx, toast],
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

/**
 * A dialog's form: filled with `initial` each time it opens, checked with the contract's schema
 * (`toBody` turns the form's values into the API's), saved, closed; a server error lands at its field.
 */
export function useDialogForm<S extends z.ZodType>(opts: {
  open: boolean;
  initial: () => object;
  schema: S;
  save: { mutateAsync: (body: z.output<S>) => Promise<unknown>; isPending: boolean };
  onClose: () => void;
  toBody?: (values: Record<string, unknown>) => unknown;
  rename?: (field: string) => string;
}) {
  const [form] = Form.useForm();
  const { check, showServerError } = useFormErrors();
  const { open, initial } = opts;
  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(initial());
    }
    // `initial` is read when the dialog opens, not on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, form]);
  const submit = async () => {
    const values = form.getFieldsValue(true) as Record<string, unknown>;
    const body = check(opts.schema, opts.toBody ? opts.toBody(values) : values, form, { rename: opts.rename });
    if (!body) return;
    try {
      await opts.save.mutateAsync(body);
      opts.onClose();
    } catch (err) {
      showServerError(err, form, { rename: opts.rename });
    }
  };
  return { form, submit: () => void submit(), saving: opts.save.isPending };
}
