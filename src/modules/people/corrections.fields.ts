/** How each correctable field is read, shown and checked: the registry's own rules (people.contract's person fields). */
import { EDUCATION_LABELS, EMPLOYMENT_FORM_LABELS, HUKOU_LABELS, POLITICAL_LABELS, WORK_STATUS_LABELS, personFields } from './people.contract.ts';
import type { CorrectableField } from './corrections.contract.ts';
import type { PersonDbRow } from './people.schema.ts';

const CHOICE_LABELS: Partial<Record<CorrectableField, Record<string, string>>> = {
  hukouType: HUKOU_LABELS,
  politicalStatus: POLITICAL_LABELS,
  education: EDUCATION_LABELS,
  employmentForm: EMPLOYMENT_FORM_LABELS,
  workStatus: WORK_STATUS_LABELS,
};

/** A field's value as people read it: the label of a choice, the mask of a phone. */
export function shown(field: CorrectableField, value: string | null): string | null {
  if (value === null) return null;
  return CHOICE_LABELS[field]?.[value] ?? value;
}

/** The record's current value of a field, as shown (the phone masked). */
export function currentShown(p: PersonDbRow, field: CorrectableField): string | null {
  if (field === 'phone') return p.phoneMasked;
  return shown(field, p[field]);
}

/** Checks a proposed value with the registry's own rule for the field; answers the value as stored, or the problem. */
export function checkProposed(field: CorrectableField, raw: string): { value: string } | { problem: string } {
  const parsed = personFields[field].safeParse(raw);
  if (!parsed.success) return { problem: parsed.error.issues[0]?.message ?? '内容无效' };
  const value = parsed.data;
  if (value === null || value === undefined || value === '') return { problem: '请填写更正后的内容' };
  return { value: String(value) };
}
