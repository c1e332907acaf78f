/**
 * 申请帮扶 on the worker portal: the self-test (自测) of the hardship category from the household's
 * own figures with the union's policy values, the worker's own application (职工申请) that lands in
 * the ledger waiting for verification, its photos, and how it stands.
 * Glossary: 自测 self-test, 家庭月收入 household monthly income, 刚性支出 hardship spending (illness,
 * schooling, disability, job seeking), 待核实 waiting for verification, 未通过 refused.
 * Money is integer fen. Shared by server and portal: no Node, no React.
 */
import { z, int, money, oneOf, optionalText, queryId, MAX_FEN } from '../../shared/contract.ts';
import { CASE_SOURCES, CATEGORIES, CAUSES, HOUSING_TYPES } from './hardship.contract.ts';
import { HELP_STAGES } from './help-request-stages.contract.ts';

export * from './help-request-stages.contract.ts';

/** A year of the household's income has to fit the ledger's money range. */
const MAX_MONTHLY_FEN = Math.floor(MAX_FEN / 12);

/** The household as the worker tells it: what the category is computed from. */
const householdFields = z.object({
  /** Everyone living on the household's income, the worker included. */
  householdSize: int('家庭人口', { min: 1, max: 16 }),
  /** All members' monthly income together, after tax and social insurance. */
  monthlyIncomeFen: money('家庭月收入', { max: MAX_MONTHLY_FEN }),
  /** This year's spending the household cannot avoid, by kind. */
  medicalSpendingFen: money('全年医疗支出').default(0),
  educationSpendingFen: money('全年子女教育支出').default(0),
  otherSpendingFen: money('其他刚性支出（残疾、求职等）').default(0),
  /** A disaster, accident or sudden serious illness this year (for 意外致困). */
  suddenEvent: z.boolean().default(false),
  /** For 困难农民工: years working in town; null when not a migrant worker. */
  migrantYears: int('进城务工年限', { min: 0, max: 60 })
    .nullish()
    .transform((v) => v ?? null),
});
const spendingBounded = {
  check: (h: { medicalSpendingFen: number; educationSpendingFen: number; otherSpendingFen: number }) =>
    h.medicalSpendingFen + h.educationSpendingFen + h.otherSpendingFen <= MAX_FEN,
  params: { message: '刚性支出合计过大', path: ['otherSpendingFen'] },
};
export const HouseholdFigures = householdFields.refine(spendingBounded.check, spendingBounded.params);
export type HouseholdFigures = z.infer<typeof HouseholdFigures>;

/** The answer of the self-test: the category (null: none applies), the figures and the plain-Chinese why. */
export const SelfTestResult = z.object({
  category: z.enum(CATEGORIES).nullable(),
  categoryLabel: z.string().nullable(),
  perCapitaMonthlyFen: z.number().int(),
  /** The union's 低保 line and 相对困难 line the household was measured against. */
  dibaoFen: z.number().int(),
  relativeLineFen: z.number().int(),
  /** "您家人均月收入 ¥612，低于本地低保标准 ¥760，可按深度困难申请。" */
  explanation: z.string(),
  /** How the per-capita income was computed, with the figures. */
  formula: z.string(),
  /** Whether an application may be sent on these figures. */
  eligible: z.boolean(),
});
export type SelfTestResult = z.infer<typeof SelfTestResult>;

/** The application: the self-test's figures, the main cause, housing and the worker's own words. */
export const HelpRequestInput = householdFields
  .extend({
    mainCause: oneOf(CAUSES, '主要困难原因'),
    housing: oneOf(HOUSING_TYPES, '住房情况'),
    medicalInsurance: z.boolean().default(true),
    statement: optionalText('情况说明', { max: 500, multiline: true }),
    /** The worker's word that the figures are true and their consent to the household check (入户核查). */
    consent: z.literal(true, { error: '请确认所填情况属实，并同意工会核实家庭收支情况' }),
  })
  .refine(spendingBounded.check, spendingBounded.params);
export type HelpRequestInput = z.infer<typeof HelpRequestInput>;

export const HelpRequestView = z.object({
  id: z.number().int(),
  caseNo: z.string(),
  /** 职工申请 sent from the portal, or a file staff made for the worker. */
  source: z.enum(CASE_SOURCES),
  stage: z.enum(HELP_STAGES),
  stageLabel: z.string(),
  stageHint: z.string(),
  filedOn: z.string(),
  category: z.enum([...CATEGORIES, 'none']),
  categoryLabel: z.string(),
  householdSize: z.number().int(),
  perCapitaMonthlyFen: z.number().int(),
  statement: z.string().nullable(),
  /** The reason the union gave when it refused the application. */
  refusalReason: z.string().nullable(),
  timeline: z.array(z.object({ at: z.string(), label: z.string() })),
  photos: z.array(z.object({ id: z.number().int(), title: z.string(), size: z.number().int(), at: z.string() })),
  /** Photos may still be added (waiting for or in verification, below the limit). */
  canAddPhotos: z.boolean(),
});
export type HelpRequestView = z.infer<typeof HelpRequestView>;

export const HelpRequestList = z.object({ items: z.array(HelpRequestView) });
export type HelpRequestList = z.infer<typeof HelpRequestList>;

export const HelpRequestParams = z.object({ id: queryId('申请') });
export const HelpPhotoParams = z.object({ id: queryId('申请'), photoId: queryId('照片') });
