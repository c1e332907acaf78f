/**
 * 对象条件 — who a module targets among the persons of 职工档案: a care campaign's beneficiaries
 * today; the people an event, a health check, mutual aid or a survey reaches next. Built in forms
 * from fields of the registry, compiled to SQL by `eligibility.rules.ts` (through people's index).
 * Glossary: 职业 occupation, 用工形式 employment form, 标签 tag, 会籍 union membership.
 */
import { z, id, int, oneOf } from '../../shared/contract.ts';
import { EMPLOYMENT_FORMS, occupationCode, tag } from './people.contract.ts';

export const MEMBERSHIP_FILTERS = ['any', 'member', 'non_member'] as const;
export const MEMBERSHIP_FILTER_LABELS = { any: '不限', member: '仅工会会员', non_member: '仅非会员' } as const;

/**
 * Who is eligible: every field set must hold (AND); lists mean "any of". Built in the wizard from
 * fields of the people registry.
 */
export const EligibilityRule = z
  .object({
    occupations: z.array(occupationCode()).max(50).default([]),
    employmentForms: z.array(z.enum(EMPLOYMENT_FORMS)).max(4).default([]),
    tagsAny: z.array(tag()).max(20).default([]),
    /** Subtrees within the reach of whoever targets (a campaign's organiser); empty = the whole reach. */
    orgIds: z.array(id('单位')).max(100).default([]),
    membership: oneOf(MEMBERSHIP_FILTERS, '会籍条件').default('any'),
    sex: z
      .enum(['male', 'female'])
      .nullish()
      .transform((v) => v ?? null),
    ageMin: int('最小年龄', { min: 0, max: 120 })
      .nullish()
      .transform((v) => v ?? null),
    ageMax: int('最大年龄', { min: 0, max: 120 })
      .nullish()
      .transform((v) => v ?? null),
  })
  .refine((r) => r.ageMin === null || r.ageMax === null || r.ageMin <= r.ageMax, { message: '最小年龄不能大于最大年龄', path: ['ageMax'] });
export type EligibilityRule = z.infer<typeof EligibilityRule>;

/** A saved rule as the API shows it: every field of the rule above, its defaults filled in. */
export const EligibilityRuleView = z.object({
  occupations: z.array(z.string()),
  employmentForms: z.array(z.enum(EMPLOYMENT_FORMS)),
  tagsAny: z.array(z.string()),
  orgIds: z.array(z.number().int()),
  membership: z.enum(MEMBERSHIP_FILTERS),
  sex: z.enum(['male', 'female']).nullable(),
  ageMin: z.number().int().nullable(),
  ageMax: z.number().int().nullable(),
}) satisfies z.ZodType<EligibilityRule>;
