/**
 * 适老化改造 — age-friendly home retrofits for elderly model workers, one plan per household
 * (一户一策): a union runs a yearly programme (改造项目) with a budget from its funds; each household
 * is surveyed (入户评估, with photos), gets a plan of items from a catalogue with a budget each
 * (方案设计), approved by someone other than its planner (四眼原则) — the approval commits the plan's
 * budget against the programme's, under the programme's row lock — then built by a contractor
 * (施工), accepted with photos and the recipient's signature (验收), audited and settled at the
 * actual cost (审计结算). A cost above the approved budget needs an approved change (变更) first.
 * Glossary: 改造项目 programme, 改造方案 plan, 入户评估 assessment, 改造项目清单 items, 施工单位
 * contractor, 验收 acceptance, 签字 signature, 变更 change, 结算 settlement, 已承诺 committed.
 */
import { z, text, optionalText, nameText, id, queryId, int, oneOf, Paging, pageOf, money, date } from '../../shared/contract.ts';
import type { PermissionDefs } from '../../shared/permissions.ts';

export const RETROFITS_PERMISSIONS = {
  'retrofits:view': { label: '查看适老化改造项目、改造方案和统计', roles: ['union_admin', 'cadre', 'auditor'] },
  'retrofits:manage': { label: '管理适老化改造：建项目、入户评估、设计方案、施工进度、验收', roles: ['union_admin', 'cadre'] },
  'retrofits:approve': { label: '审批适老化改造方案和费用变更、审计结算', roles: ['union_admin'] },
} satisfies PermissionDefs;
declare module '../../shared/permissions.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface PermissionRegistry extends Record<keyof typeof RETROFITS_PERMISSIONS, true> {}
}

/** Who a plan is for: a person whose record carries this tag (the model-worker module derives it from honours). */
export const MODEL_WORKER_TAG = '劳模';

/** The catalogue of retrofit items (the order is the order shown); `other` is a free item named by staff. */
export const ITEM_KINDS = ['handrail', 'antislip', 'bathroom', 'lighting', 'alarm', 'entrance', 'bed', 'kitchen', 'other'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export const ITEM_KIND_LABELS: Record<ItemKind, string> = {
  handrail: '安装扶手',
  antislip: '防滑地面',
  bathroom: '卫生间改造',
  lighting: '照明改造',
  alarm: '紧急呼叫装置',
  entrance: '无障碍入口',
  bed: '护理床具',
  kitchen: '厨房改造',
  other: '其他',
};

/** 入户评估 → 方案设计 → 待审批 → 待施工 → 施工中 → 已验收 → 已结算; or 已取消. */
export const STAGES = ['survey', 'design', 'review', 'approved', 'building', 'accepted', 'settled', 'cancelled'] as const;
export type Stage = (typeof STAGES)[number];
export const STAGE_LABELS: Record<Stage, string> = {
  survey: '入户评估',
  design: '方案设计',
  review: '待审批',
  approved: '待施工',
  building: '施工中',
  accepted: '已验收',
  settled: '已结算',
  cancelled: '已取消',
};
/** Stages of a plan still open (one open plan per person). */
export const OPEN_STAGES = ['survey', 'design', 'review', 'approved', 'building', 'accepted'] as const satisfies readonly Stage[];

/** Where a fund comes from (the campaigns' sources). */
export const FUND_SOURCES = ['upper', 'own', 'donation'] as const;
export type FundSource = (typeof FUND_SOURCES)[number];
export const FUND_SOURCE_LABELS: Record<FundSource, string> = { upper: '上级拨付', own: '本级列支', donation: '社会捐赠' };

export const PHOTO_KINDS = ['assessment', 'progress', 'acceptance', 'signature'] as const;
export type PhotoKind = (typeof PHOTO_KINDS)[number];
export const PHOTO_KIND_LABELS: Record<PhotoKind, string> = {
  assessment: '评估照片',
  progress: '施工照片',
  acceptance: '验收照片',
  signature: '受益人签字',
};
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const MAX_PHOTOS_PER_PLAN = 40;

export const CHANGE_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];
export const CHANGE_STATUS_LABELS: Record<ChangeStatus, string> = { pending: '待审批', approved: '已批准', rejected: '未批准' };

export const MAX_ITEMS = 30;

const orgRef = z.object({ id: z.number().int(), name: z.string() });

// ---- programmes ----

export const FundInput = z.object({ source: oneOf(FUND_SOURCES, '资金来源'), amountFen: money('资金金额', { positive: true }) });
export const ProgrammeInput = z
  .object({
    name: nameText('项目名称', { max: 60 }),
    year: int('年度', { min: 2000, max: 2100 }),
    orgId: id('实施工会'),
    budgetFen: money('项目预算', { positive: true }),
    funds: z.array(FundInput, { error: '请填写资金来源' }).max(FUND_SOURCES.length, '每种资金来源填一次').default([]),
  })
  .superRefine((p, ctx) => {
    if (new Set(p.funds.map((f) => f.source)).size !== p.funds.length) ctx.addIssue({ code: 'custom', path: ['funds'], message: '每种资金来源只能填一次' });
    else if (p.funds.length && p.funds.reduce((s, f) => s + f.amountFen, 0) !== p.budgetFen)
      ctx.addIssue({ code: 'custom', path: ['funds'], message: '各来源资金合计须等于项目预算' });
  });
export type ProgrammeInput = z.infer<typeof ProgrammeInput>;

export const ProgrammeView = z.object({
  id: z.number().int(),
  name: z.string(),
  year: z.number().int(),
  org: orgRef,
  budgetFen: z.number().int(),
  /** Approved plans' budgets not yet settled, plus settled plans' actual costs. */
  committedFen: z.number().int(),
  /** Settled plans' actual costs. */
  spentFen: z.number().int(),
  funds: z.array(z.object({ source: z.enum(FUND_SOURCES), amountFen: z.number().int() })),
  plans: z.number().int(),
  byStage: z.record(z.string(), z.number().int()),
  status: z.enum(['open', 'closed']),
});
export type ProgrammeView = z.infer<typeof ProgrammeView>;
export const ProgrammeList = z.object({ items: z.array(ProgrammeView) });
export type ProgrammeList = z.infer<typeof ProgrammeList>;

// ---- plans ----

export const IdParams = z.object({ id: queryId('编号') });
export const PhotoParams = z.object({ id: queryId('改造方案'), photoId: queryId('照片') });
export const ItemParams = z.object({ id: queryId('改造方案'), itemId: queryId('改造项') });
export const ChangeParams = z.object({ id: queryId('改造方案'), changeId: queryId('变更') });

export const PlanInput = z.object({ programmeId: id('改造项目'), personId: id('劳模') });
export type PlanInput = z.infer<typeof PlanInput>;

export const ListPlansQuery = Paging.extend({
  programmeId: queryId('改造项目').optional(),
  stage: oneOf(STAGES, '阶段').optional(),
  personId: queryId('职工').optional(),
});
export type ListPlansQuery = z.infer<typeof ListPlansQuery>;

export const AssessmentInput = z.object({
  assessedOn: date('评估日期'),
  findings: text('评估情况', { max: 1000, multiline: true }),
  livesAlone: z.boolean({ error: '请选择是否独居' }),
});
export type AssessmentInput = z.infer<typeof AssessmentInput>;

export const ItemInput = z
  .object({
    kind: oneOf(ITEM_KINDS, '改造项'),
    name: optionalText('改造项名称', { max: 40 }),
    budgetFen: money('改造项预算', { positive: true }),
    note: optionalText('改造项说明', { max: 200 }),
  })
  .superRefine((i, ctx) => {
    if (i.kind === 'other' && !i.name) ctx.addIssue({ code: 'custom', path: ['name'], message: '其他改造项须填写名称' });
  });
export const ItemsInput = z.object({
  planItems: z.array(ItemInput, { error: '请填写改造项' }).min(1, '方案至少要有一个改造项').max(MAX_ITEMS, `一个方案最多 ${MAX_ITEMS} 个改造项`),
});
export type ItemsInput = z.infer<typeof ItemsInput>;

export const ReviewInput = z.object({ approve: z.boolean({ error: '请选择通过或退回' }), note: optionalText('审批意见', { max: 200 }) });
export type ReviewInput = z.infer<typeof ReviewInput>;

export const BuildInput = z.object({ contractor: text('施工单位', { max: 80 }), startedOn: date('开工日期') });
export type BuildInput = z.infer<typeof BuildInput>;

export const ProgressInput = z.object({
  done: z.boolean({ error: '请选择是否完工' }),
  actualFen: money('实际费用')
    .nullish()
    .transform((v) => v ?? null),
});
export type ProgressInput = z.infer<typeof ProgressInput>;

export const ChangeInput = z.object({ amountFen: money('追加金额', { positive: true }), reason: text('变更原因', { max: 200 }) });
export type ChangeInput = z.infer<typeof ChangeInput>;

export const AcceptInput = z.object({ acceptedOn: date('验收日期'), note: optionalText('验收意见', { max: 300, multiline: true }) });
export type AcceptInput = z.infer<typeof AcceptInput>;

export const SettleInput = z.object({ settledOn: date('结算日期'), note: optionalText('审计意见', { max: 300, multiline: true }) });
export type SettleInput = z.infer<typeof SettleInput>;

export const CancelInput = z.object({ reason: text('取消原因', { max: 200 }) });
export type CancelInput = z.infer<typeof CancelInput>;

export const ItemView = z.object({
  id: z.number().int(),
  kind: z.enum(ITEM_KINDS),
  name: z.string(),
  budgetFen: z.number().int(),
  actualFen: z.number().int().nullable(),
  done: z.boolean(),
  note: z.string().nullable(),
});
export type ItemView = z.infer<typeof ItemView>;

export const PhotoView = z.object({
  id: z.number().int(),
  kind: z.enum(PHOTO_KINDS),
  filename: z.string(),
  mime: z.string(),
  size: z.number().int(),
  at: z.string(),
});
export type PhotoView = z.infer<typeof PhotoView>;

export const ChangeView = z.object({
  id: z.number().int(),
  amountFen: z.number().int(),
  reason: z.string(),
  status: z.enum(CHANGE_STATUSES),
  requestedBy: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  at: z.string(),
  can: z.object({ review: z.boolean() }),
});
export type ChangeView = z.infer<typeof ChangeView>;

export const PlanSummary = z.object({
  id: z.number().int(),
  programme: z.object({ id: z.number().int(), name: z.string() }),
  person: z.object({ id: z.number().int(), name: z.string() }),
  org: orgRef,
  stage: z.enum(STAGES),
  /** Sum of the items' budgets. */
  budgetFen: z.number().int(),
  /** The budget committed on the programme: the items' at approval plus approved changes. */
  approvedFen: z.number().int(),
  /** Sum of the actual costs recorded. */
  actualFen: z.number().int(),
  items: z.number().int(),
  itemsDone: z.number().int(),
  /** Items done of all, 0–100. */
  progress: z.number().int(),
  contractor: z.string().nullable(),
  updatedAt: z.string(),
});
export type PlanSummary = z.infer<typeof PlanSummary>;
export const PlanPage = pageOf(PlanSummary);
export type PlanPage = z.infer<typeof PlanPage>;

export const PlanView = PlanSummary.extend({
  assessment: z.object({ assessedOn: z.string(), findings: z.string(), livesAlone: z.boolean(), by: z.string().nullable() }).nullable(),
  itemList: z.array(ItemView),
  photos: z.array(PhotoView),
  changes: z.array(ChangeView),
  plannedBy: z.string().nullable(),
  approvedBy: z.string().nullable(),
  reviewNote: z.string().nullable(),
  startedOn: z.string().nullable(),
  acceptedOn: z.string().nullable(),
  acceptanceNote: z.string().nullable(),
  settledOn: z.string().nullable(),
  settlementNote: z.string().nullable(),
  cancelReason: z.string().nullable(),
  /** What the programme has left to commit (null when another union above runs it). */
  programmeLeftFen: z.number().int().nullable(),
  /** The actions this actor may take now (the page's buttons), and why approval is kept from them. */
  can: z.object({
    assess: z.boolean(),
    design: z.boolean(),
    submit: z.boolean(),
    approve: z.boolean(),
    build: z.boolean(),
    progress: z.boolean(),
    change: z.boolean(),
    accept: z.boolean(),
    settle: z.boolean(),
    cancel: z.boolean(),
    photo: z.boolean(),
  }),
  fourEyes: z.string().nullable(),
});
export type PlanView = z.infer<typeof PlanView>;

// ---- statistics ----

export const StatsQuery = z.object({ programmeId: queryId('改造项目').optional() });
export type StatsQuery = z.infer<typeof StatsQuery>;

export const StatsView = z.object({
  /** One row per union directly under the caller's (and the caller's own), each rolling up its subtree. */
  byRegion: z.array(
    z.object({
      org: orgRef,
      plans: z.number().int(),
      /** Households whose retrofit was accepted or settled. */
      done: z.number().int(),
      approvedFen: z.number().int(),
      spentFen: z.number().int(),
    }),
  ),
  byItem: z.array(z.object({ kind: z.enum(ITEM_KINDS), count: z.number().int(), budgetFen: z.number().int(), actualFen: z.number().int() })),
  byStage: z.array(z.object({ stage: z.enum(STAGES), count: z.number().int() })),
  totals: z.object({ plans: z.number().int(), households: z.number().int(), spentFen: z.number().int() }),
});
export type StatsView = z.infer<typeof StatsView>;
