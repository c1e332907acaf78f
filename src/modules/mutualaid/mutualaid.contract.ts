/**
 * 职工互助保障 — mutual-aid protection: plans (保障计划) with a term, a contribution per person, an
 * audience, a waiting period, exclusions and a payout formula stated as data; enrolments (参保) in
 * batches — from the registry by rule, from an employer's list (.xlsx), or gifted by the union
 * (工会赠送) — one per person, plan and period; claims (互助金申请) with the documents the plan
 * requires, through 受理 → 审核 → 复核 (another person) → 审批 → 支付, refused (驳回) or appealed
 * (申诉) with reasons; payment batches (支付批次) as a bank file, results read back.
 *
 * Medical documents and bank details are sensitive personal information (PIPL art. 28): their own
 * permission (`mutualaid:sensitive`), every read audited, masked everywhere else.
 *
 * Glossary: 保障计划 plan, 保障期 term, 等待期 waiting period, 互助金/给付 payout, 起付线 deductible,
 * 自付费用 out-of-pocket cost, 伤残等级 disability grade, 年度限额 yearly cap, 终身限额 lifetime cap,
 * 参保批次 enrolment batch, 投保单位 policyholder (the employer), 保障凭证 certificate of cover,
 * 申请金额 claimed, 核定金额 approved, 实付金额 paid. Money is integer fen.
 */
import { z, date, decimal, id, int, money, nameText, oneOf, optionalText, pageOf, Paging, queryId, searchQuery, text } from '../../shared/contract.ts';
import type { PermissionDefs } from '../../shared/permissions.ts';
import { EligibilityRule, EligibilityRuleView } from '../people/eligibility.contract.ts';

export { EligibilityRule, EligibilityRuleView };

export const MUTUALAID_PERMISSIONS = {
  'mutualaid:view': { label: '查看互助保障计划、参保名单、互助金申请和统计（敏感材料除外）', roles: ['union_admin', 'cadre', 'auditor'] },
  'mutualaid:manage': { label: '制定互助保障计划，办理参保批次和工会赠送保障', roles: ['union_admin', 'cadre'] },
  'mutualaid:claim': { label: '受理互助金申请，登记申请材料', roles: ['union_admin', 'cadre'] },
  'mutualaid:review': { label: '审核和复核互助金申请（复核须由审核人以外的人）', roles: ['union_admin', 'cadre'] },
  'mutualaid:approve': { label: '审批互助金给付', roles: ['union_admin'] },
  'mutualaid:pay': { label: '生成互助金支付批次，导入支付结果', roles: ['union_admin'] },
  'mutualaid:sensitive': { label: '查看互助金申请的医疗材料和银行账户（敏感个人信息，逐次留痕）', roles: ['union_admin'] },
} satisfies PermissionDefs;
declare module '../../shared/permissions.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface PermissionRegistry extends Record<keyof typeof MUTUALAID_PERMISSIONS, true> {}
}

// ---- plans ----

export const PLAN_KINDS = ['hospital', 'accident', 'women', 'critical', 'new_form_accident'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const PLAN_KIND_LABELS: Record<PlanKind, string> = {
  hospital: '在职职工住院互助',
  accident: '意外伤害互助',
  women: '女职工特殊疾病互助',
  critical: '重大疾病互助',
  new_form_accident: '新就业形态劳动者意外保障',
};

export const PLAN_STATUSES = ['draft', 'open', 'closed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = { draft: '草稿', open: '参保中', closed: '已结束' };

export const DOCUMENT_KINDS = ['id_card', 'invoice', 'discharge', 'disability', 'diagnosis', 'bank_card'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  id_card: '身份证',
  invoice: '医疗费发票',
  discharge: '出院小结',
  disability: '伤残鉴定书',
  diagnosis: '诊断证明',
  bank_card: '银行卡',
};

/** Disability grades 1 (most severe) to 10, as the work-injury assessment standard numbers them. */
export const DISABILITY_GRADES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

/**
 * One part of a payout formula. A plan's payout is the sum of its parts, then the caps:
 * - per_day: 住院津贴, a sum per hospital day from day `fromDay` on, at most `maxDays` days;
 * - share: 医疗费补助, a share of the out-of-pocket amount above a deductible;
 * - grade: 伤残给付, a fixed sum per disability grade from the table;
 * - fixed: 确诊给付, a fixed sum once the diagnosis is confirmed (critical illness, women's diseases).
 */
export const PayoutPart = z.discriminatedUnion(
  'type',
  [
    z.object({
      type: z.literal('per_day'),
      perDayFen: money('每日给付', { max: 100_000_00, positive: true }),
      fromDay: int('起始住院天数', { min: 1, max: 365 }),
      maxDays: int('最多给付天数', { min: 1, max: 365 })
        .nullish()
        .transform((v) => v ?? null),
    }),
    z.object({
      type: z.literal('share'),
      deductibleFen: money('起付线', { max: 10_000_000 }),
      ratio: decimal('给付比例', { min: 0.01, max: 1 }),
    }),
    z.object({
      type: z.literal('grade'),
      table: z
        .array(z.object({ grade: int('伤残等级', { min: 1, max: 10 }), amountFen: money('给付金额', { max: 10_000_000_00, positive: true }) }))
        .min(1, '请至少填写一个伤残等级的给付金额')
        .max(10)
        .refine((t) => new Set(t.map((x) => x.grade)).size === t.length, '伤残等级不能重复'),
    }),
    z.object({ type: z.literal('fixed'), amountFen: money('确诊给付', { max: 10_000_000_00, positive: true }) }),
  ],
  { error: '请选择有效的给付方式' },
);
export type PayoutPart = z.infer<typeof PayoutPart>;

export const PayoutFormula = z.object({
  parts: z.array(PayoutPart).min(1, '请至少设置一项给付方式').max(4, '给付方式最多 4 项'),
  perClaimCapFen: money('单次限额', { positive: true })
    .nullish()
    .transform((v) => v ?? null),
  yearlyCapFen: money('年度限额', { positive: true })
    .nullish()
    .transform((v) => v ?? null),
  lifetimeCapFen: money('终身限额', { positive: true })
    .nullish()
    .transform((v) => v ?? null),
});
export type PayoutFormula = z.infer<typeof PayoutFormula>;

/** A formula as the API shows it (the response allowlist: no input transforms). */
export const PayoutFormulaView = z.object({
  parts: z.array(
    z.union([
      z.object({ type: z.literal('per_day'), perDayFen: z.number().int(), fromDay: z.number().int(), maxDays: z.number().int().nullable() }),
      z.object({ type: z.literal('share'), deductibleFen: z.number().int(), ratio: z.number() }),
      z.object({ type: z.literal('grade'), table: z.array(z.object({ grade: z.number().int(), amountFen: z.number().int() })) }),
      z.object({ type: z.literal('fixed'), amountFen: z.number().int() }),
    ]),
  ),
  perClaimCapFen: z.number().int().nullable(),
  yearlyCapFen: z.number().int().nullable(),
  lifetimeCapFen: z.number().int().nullable(),
});

/** The facts of a claim the formula reads. */
export const ClaimFacts = z.object({
  hospitalDays: int('住院天数', { min: 0, max: 3650 })
    .nullish()
    .transform((v) => v ?? null),
  outOfPocketFen: money('自付医疗费用')
    .nullish()
    .transform((v) => v ?? null),
  disabilityGrade: int('伤残等级', { min: 1, max: 10 })
    .nullish()
    .transform((v) => v ?? null),
  diagnosed: z.boolean({ error: '请选择是否确诊' }).default(false),
});
export type ClaimFacts = z.infer<typeof ClaimFacts>;

const planFields = {
  name: nameText('计划名称', { max: 60 }),
  kind: oneOf(PLAN_KINDS, '保障类型'),
  orgId: id('主办工会'),
  termStart: date('保障期开始'),
  termEnd: date('保障期结束'),
  contributionFen: money('每人缴费', { max: 10_000_00 }),
  audience: EligibilityRule,
  waitingDays: int('等待期', { min: 0, max: 365 }),
  exclusions: optionalText('责任免除', { max: 1000, multiline: true }),
  formula: PayoutFormula,
  requiredDocuments: z.array(oneOf(DOCUMENT_KINDS, '申请材料')).max(DOCUMENT_KINDS.length).default([]),
  selfEnrol: z.boolean({ error: '请选择是否允许职工自行参保' }).default(false),
  /** Days after discharge (or the accident) within which a claim is accepted. */
  claimDeadlineDays: int('申请时限', { min: 1, max: 1095 }).default(730),
};
/** The term is checked by the service once the union is found (保障期结束须晚于开始, 最长一年: `termProblem`). */
export const PlanInput = z.object(planFields);
export type PlanInput = z.infer<typeof PlanInput>;

/** Why a term is not one: its end not after its start, or more than a year. Null when it is. */
export function termProblem(p: { termStart: string; termEnd: string }) {
  if (p.termEnd <= p.termStart) return '保障期结束须晚于开始';
  if (p.termEnd > `${Number(p.termStart.slice(0, 4)) + 1}${p.termStart.slice(4)}`) return '保障期最长一年';
  return null;
}

export const PlanView = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(PLAN_KINDS),
  org: z.object({ id: z.number().int(), name: z.string() }),
  termStart: z.string(),
  termEnd: z.string(),
  period: z.string(),
  contributionFen: z.number().int(),
  audience: EligibilityRuleView,
  waitingDays: z.number().int(),
  exclusions: z.string().nullable(),
  formula: PayoutFormulaView,
  formulaText: z.array(z.string()),
  requiredDocuments: z.array(z.enum(DOCUMENT_KINDS)),
  selfEnrol: z.boolean(),
  claimDeadlineDays: z.number().int(),
  status: z.enum(PLAN_STATUSES),
  enrolled: z.number().int(),
  claims: z.number().int(),
  can: z.object({ edit: z.boolean(), open: z.boolean(), close: z.boolean(), enrol: z.boolean() }),
});
export type PlanView = z.infer<typeof PlanView>;
export const ListPlansQuery = Paging.extend({ status: z.enum(PLAN_STATUSES).optional(), kind: z.enum(PLAN_KINDS).optional() });
export const PlanPage = pageOf(PlanView);
export const PlanIdParams = z.object({ id: queryId('保障计划') });
export const PlanStatusInput = z.object({ status: oneOf(['open', 'closed'] as const, '计划状态') });

export const PreviewInput = z.object({
  formula: PayoutFormula,
  facts: ClaimFacts,
  usedThisYearFen: money('本年度已给付').default(0),
  usedLifetimeFen: money('累计已给付').default(0),
});
export const PayoutView = z.object({
  computedFen: z.number().int(),
  payableFen: z.number().int(),
  excessFen: z.number().int(),
  lines: z.array(z.string()),
  explanation: z.string(),
});
export type PayoutView = z.infer<typeof PayoutView>;

// ---- enrolment ----

export const BATCH_SOURCES = ['rule', 'sheet', 'gift', 'self'] as const;
export type BatchSource = (typeof BATCH_SOURCES)[number];
export const BATCH_SOURCE_LABELS: Record<BatchSource, string> = {
  rule: '按条件从职工档案参保',
  sheet: '用人单位名单导入',
  gift: '工会赠送保障',
  self: '职工自行参保',
};
export const PAYERS = ['employer', 'union', 'self'] as const;
export const PAYER_LABELS: Record<(typeof PAYERS)[number], string> = { employer: '用人单位缴费', union: '工会出资', self: '个人缴费' };

export const EnrolByRuleInput = z.object({
  orgId: id('参保工会'),
  /** Narrows the plan's audience (e.g. the couriers of one region); the plan's audience always applies. */
  rule: EligibilityRule.nullish().transform((v) => v ?? null),
  gifted: z.boolean({ error: '请选择是否工会赠送' }).default(false),
  paidOn: date('缴费日期'),
  note: optionalText('说明', { max: 200 }),
});
export type EnrolByRuleInput = z.infer<typeof EnrolByRuleInput>;

/** 登记缴费: the day a worker's own contribution was paid at the union's desk. */
export const BatchPaidInput = z.object({ paidOn: date('缴费日期') });
export const BatchIdParams = z.object({ id: queryId('参保批次') });
export const EnrolmentIdParams = z.object({ id: queryId('参保记录') });

export const ENROL_IMPORT_COLUMNS = [
  { key: 'name', header: '姓名', required: true },
  { key: 'idNumber', header: '身份证号', required: true, aliases: ['身份证号码', '公民身份号码', '证件号码'] },
  { key: 'employer', header: '用人单位', required: false, aliases: ['投保单位', '单位名称'] },
] as const;
export type EnrolImportKey = (typeof ENROL_IMPORT_COLUMNS)[number]['key'];
export const EnrolImportQuery = z.object({
  mode: z.enum(['check', 'apply'], { error: '请选择检查或导入' }).default('check'),
  orgId: queryId('参保工会'),
  paidOn: date('缴费日期'),
});
export const EnrolResult = z.object({
  applied: z.boolean(),
  rows: z.number().int(),
  enrolled: z.number().int(),
  /** Already enrolled in this plan and period: left as they are. */
  skipped: z.number().int(),
  contributionFen: z.number().int(),
  batchId: z.number().int().nullable(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })),
});
export type EnrolResult = z.infer<typeof EnrolResult>;

export const BatchView = z.object({
  id: z.number().int(),
  source: z.enum(BATCH_SOURCES),
  payer: z.enum(PAYERS),
  org: z.object({ id: z.number().int(), name: z.string() }),
  employer: z.string().nullable(),
  persons: z.number().int(),
  amountFen: z.number().int(),
  paidOn: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export const BatchPage = pageOf(BatchView);

export const EnrolmentView = z.object({
  id: z.number().int(),
  personId: z.number().int(),
  name: z.string(),
  idMasked: z.string(),
  org: z.string(),
  occupation: z.string().nullable(),
  employer: z.string().nullable(),
  gifted: z.boolean(),
  contributionFen: z.number().int(),
  coverFrom: z.string(),
  coverTo: z.string(),
  approvedFen: z.number().int(),
  certificateNo: z.string(),
});
export const ListEnrolmentsQuery = Paging.extend({ q: searchQuery().optional(), orgId: queryId('工会').optional() });
export const EnrolmentPage = pageOf(EnrolmentView);

export const EnrolmentStatsQuery = z.object({ orgId: queryId('工会').optional(), planId: queryId('保障计划').optional() });
export const EnrolmentStats = z.object({
  org: z.object({ id: z.number().int(), name: z.string() }),
  total: z.number().int(),
  gifted: z.number().int(),
  byOccupation: z.array(z.object({ occupation: z.string().nullable(), label: z.string(), persons: z.number().int() })),
  byUnion: z.array(z.object({ id: z.number().int(), name: z.string(), persons: z.number().int() })),
});

// ---- claims ----

export const CLAIM_STATUSES = ['received', 'reviewed', 'rechecked', 'approved', 'paid', 'rejected'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export const CLAIM_STATUS_LABELS: Record<ClaimStatus, string> = {
  received: '已受理',
  reviewed: '已审核',
  rechecked: '已复核',
  approved: '已审批',
  paid: '已支付',
  rejected: '已驳回',
};

export const invoiceNo = () =>
  z
    .string({ error: '发票号码必须是文字' })
    .trim()
    .regex(/^[0-9A-Za-z-]{4,30}$/, '发票号码只能是 4–30 位字母、数字或 -');

/** A bank card number: 12–30 digits (a 对公 account may be longer than a card). */
export const bankAccount = () =>
  z
    .string({ error: '银行账号必须是文字' })
    .trim()
    .transform((v) => v.replace(/\s/g, ''))
    .refine((v) => /^\d{12,30}$/.test(v), '银行账号应为 12–30 位数字');

/** The fields of a claim, shared by the counter's intake and the worker's own (the worker's documents are the photos sent). */
export const claimFields = {
  enrolmentId: id('参保记录'),
  eventDate: date('出险日期'),
  admittedOn: z
    .string()
    .nullish()
    .transform((v) => v || null),
  dischargedOn: z
    .string()
    .nullish()
    .transform((v) => v || null),
  facts: ClaimFacts,
  claimedFen: money('申请金额'),
  invoiceNos: z.array(invoiceNo()).max(50, '发票最多 50 张').default([]),
  /** The documents received (checked against the plan's list when the claim is received). */
  documents: z.array(oneOf(DOCUMENT_KINDS, '申请材料')).max(DOCUMENT_KINDS.length).default([]),
  bankName: optionalText('开户银行', { max: 60 }),
  bankAccount: bankAccount()
    .nullish()
    .transform((v) => v ?? null),
  note: optionalText('说明', { max: 500, multiline: true }),
};

/** The stay's dates: real dates, the discharge not before the admission. */
export function checkStay(c: { admittedOn: string | null; dischargedOn: string | null }, ctx: z.RefinementCtx) {
  for (const k of ['admittedOn', 'dischargedOn'] as const) {
    const v = c[k];
    if (v !== null && !/^\d{4}-\d{2}-\d{2}$/.test(v))
      ctx.addIssue({ code: 'custom', path: [k], message: `${k === 'admittedOn' ? '入院日期' : '出院日期'}不是有效日期（格式：2025-12-17）` });
  }
  if (c.admittedOn && c.dischargedOn && c.dischargedOn < c.admittedOn)
    ctx.addIssue({ code: 'custom', path: ['dischargedOn'], message: '出院日期不能早于入院日期' });
}

export const ClaimInput = z.object(claimFields).superRefine(checkStay);
export type ClaimInput = z.infer<typeof ClaimInput>;

export const ReasonInput = z.object({ reason: text('理由', { max: 300 }) });
export const OpinionInput = z.object({ opinion: optionalText('意见', { max: 300 }) });
export const ApproveInput = z.object({
  /** The amount approved; at most what the formula gives within the caps. Empty: that amount. */
  approvedFen: money('核定金额')
    .nullish()
    .transform((v) => v ?? null),
  opinion: optionalText('意见', { max: 300 }),
});

export const CLAIM_SOURCES = ['staff', 'worker'] as const;
export const CLAIM_SOURCE_LABELS = { staff: '工会受理', worker: '职工申请' } as const;

export const CLAIM_FLAGS = ['duplicate_invoice', 'overlapping_stay'] as const;
export const CLAIM_FLAG_LABELS = { duplicate_invoice: '发票号重复', overlapping_stay: '住院时间重叠' } as const;

export const ClaimView = z.object({
  id: z.number().int(),
  claimNo: z.string(),
  plan: z.object({ id: z.number().int(), name: z.string(), kind: z.enum(PLAN_KINDS) }),
  personId: z.number().int(),
  name: z.string(),
  idMasked: z.string(),
  org: z.object({ id: z.number().int(), name: z.string() }),
  eventDate: z.string(),
  admittedOn: z.string().nullable(),
  dischargedOn: z.string().nullable(),
  status: z.enum(CLAIM_STATUSES),
  /** 柜台受理 by staff, or 职工申请 sent from the worker's phone. */
  source: z.enum(CLAIM_SOURCES),
  claimedFen: z.number().int(),
  computedFen: z.number().int(),
  approvedFen: z.number().int().nullable(),
  paidFen: z.number().int().nullable(),
  flags: z.array(z.object({ kind: z.enum(CLAIM_FLAGS), message: z.string() })),
  bankAccountMasked: z.string().nullable(),
  createdAt: z.string(),
});
export type ClaimView = z.infer<typeof ClaimView>;

export const ClaimDetail = ClaimView.extend({
  facts: z.object({
    hospitalDays: z.number().int().nullable(),
    outOfPocketFen: z.number().int().nullable(),
    disabilityGrade: z.number().int().nullable(),
    diagnosed: z.boolean(),
  }),
  invoiceNos: z.array(z.string()),
  documents: z.array(z.object({ kind: z.enum(DOCUMENT_KINDS), received: z.boolean(), required: z.boolean(), files: z.number().int() })),
  missingDocuments: z.array(z.enum(DOCUMENT_KINDS)),
  explanation: z.string(),
  lines: z.array(z.string()),
  bankName: z.string().nullable(),
  rejectReason: z.string().nullable(),
  appealReason: z.string().nullable(),
  note: z.string().nullable(),
  steps: z.array(z.object({ action: z.string(), by: z.string().nullable(), at: z.string(), note: z.string().nullable() })),
  can: z.object({ review: z.boolean(), recheck: z.boolean(), approve: z.boolean(), reject: z.boolean(), appeal: z.boolean(), sensitive: z.boolean() }),
});
export type ClaimDetail = z.infer<typeof ClaimDetail>;

export const ListClaimsQuery = Paging.extend({
  status: z.enum(CLAIM_STATUSES).optional(),
  planId: queryId('保障计划').optional(),
  orgId: queryId('工会').optional(),
  q: searchQuery().optional(),
  flagged: z.enum(['1']).optional(),
});
export const ClaimPage = pageOf(ClaimView);
export const ClaimIdParams = z.object({ id: queryId('互助金申请') });
export const DocumentParams = z.object({ id: queryId('互助金申请'), docId: queryId('申请材料') });
export const BankView = z.object({ bankName: z.string().nullable(), bankAccount: z.string().nullable() });

export const ClaimStatsQuery = z.object({ orgId: queryId('工会').optional(), planId: queryId('保障计划').optional(), year: queryId('年度').optional() });
const Money3 = { claims: z.number().int(), claimedFen: z.number().int(), approvedFen: z.number().int(), paidFen: z.number().int() };
export const ClaimStats = z.object({
  org: z.object({ id: z.number().int(), name: z.string() }),
  total: z.object(Money3),
  byStatus: z.array(z.object({ status: z.enum(CLAIM_STATUSES), ...Money3 })),
  byUnion: z.array(z.object({ id: z.number().int(), name: z.string(), ...Money3 })),
  byMonth: z.array(z.object({ month: z.string(), ...Money3 })),
});

// ---- payments ----

export const PAYMENT_STATUSES = ['exported', 'settled'] as const;
export const PAYMENT_STATUS_LABELS = { exported: '待回盘', settled: '已回盘' } as const;
export const PaymentInput = z.object({ orgId: id('支付工会') });
export const PaymentView = z.object({
  id: z.number().int(),
  org: z.object({ id: z.number().int(), name: z.string() }),
  status: z.enum(PAYMENT_STATUSES),
  claims: z.number().int(),
  amountFen: z.number().int(),
  paid: z.number().int(),
  failed: z.number().int(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export const PaymentPage = pageOf(PaymentView);
export const PaymentIdParams = z.object({ id: queryId('支付批次') });
export const PAYMENT_RESULT_COLUMNS = [
  { key: 'claimNo', header: '申请编号', required: true, aliases: ['业务编号', '理赔编号'] },
  { key: 'result', header: '支付结果', required: true, aliases: ['结果', '状态'] },
  { key: 'message', header: '说明', required: false, aliases: ['失败原因', '备注'] },
] as const;
export type PaymentResultKey = (typeof PAYMENT_RESULT_COLUMNS)[number]['key'];
export const PaymentResultOutcome = z.object({
  paid: z.number().int(),
  failed: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })),
});
