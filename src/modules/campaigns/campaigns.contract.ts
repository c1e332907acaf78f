/**
 * 慰问活动 — care campaigns: funds, targeting, packages, allocation down the tree, on-site
 * distribution and progress.
 * Glossary: 慰问活动 care campaign, 主办单位 organising org, 资金来源 fund source, 预算 budget,
 * 名额 quota (persons), 下达/分配 allocation to a child org, 慰问对象 beneficiary, 名单冻结 the list
 * frozen at approval, 档次 tier (a package for a group), 慰问品 gift package, 发放点 distribution
 * point, 核销/确认发放 confirming a hand-out, 冲正 reversing line, 签领表 paper sign-off sheet,
 * 发放台账 disbursement ledger, 人数 distinct persons, 人次 person-times.
 * Money is integer fen everywhere in the API.
 */
import {
  z,
  text,
  optionalText,
  nameText,
  id,
  queryId,
  queryInt,
  int,
  decimal,
  money,
  version,
  MAX_FEN,
  searchQuery,
  date,
  oneOf,
  Paging,
  pageOf,
} from '../../shared/contract.ts';
import { yuanWan } from '../../shared/numbers.ts';
import { EligibilityRule, EligibilityRuleView } from '../people/eligibility.contract.ts';
import type { PermissionDefs } from '../../shared/permissions.ts';

/** Who a campaign and each of its tiers target: the people module's rule, shared with other modules. */
export { EligibilityRule, MEMBERSHIP_FILTERS, MEMBERSHIP_FILTER_LABELS } from '../people/eligibility.contract.ts';

export const CAMPAIGN_KINDS = ['concentrated', 'festival_warmth', 'summer_cool', 'autumn_study', 'holiday', 'join_gift', 'sanitation_day', 'other'] as const;
export const CAMPAIGN_KIND_LABELS = {
  concentrated: '集中慰问',
  festival_warmth: '两节送温暖',
  summer_cool: '夏送清凉',
  autumn_study: '金秋助学',
  holiday: '节日慰问',
  join_gift: '入会礼包',
  sanitation_day: '环卫工人节慰问',
  other: '其他',
} as const;

export const CAMPAIGN_STATUSES = ['draft', 'submitted', 'approved', 'running', 'ended', 'archived'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const CAMPAIGN_STATUS_LABELS = {
  draft: '草稿',
  submitted: '待审批',
  approved: '已审批',
  running: '进行中',
  ended: '已结束',
  archived: '已归档',
} as const;
/** States whose list is not frozen yet: it is counted live from the rule. */
export const LIVE_LIST_STATUSES: readonly CampaignStatus[] = ['draft', 'submitted'];

export const FUND_SOURCES = ['higher_grant', 'own_budget', 'donation', 'enterprise_match'] as const;
export type FundSource = (typeof FUND_SOURCES)[number];
export const FUND_SOURCE_LABELS = { higher_grant: '上级拨付', own_budget: '本级列支', donation: '社会捐赠', enterprise_match: '企业配套' } as const;

/** mixed: 慰问金 and goods together (慰问金 ¥500 + 米面油); its unit value is the cash plus the goods' value. */
export const PACKAGE_KINDS = ['goods', 'cash', 'voucher', 'mixed'] as const;
export const PACKAGE_KIND_LABELS = { goods: '实物', cash: '现金', voucher: '消费券', mixed: '现金+实物' } as const;

export const OVERLAP_POLICIES = ['off', 'warn', 'refuse'] as const;
export const OVERLAP_POLICY_LABELS = { off: '不检查', warn: '提示', refuse: '不予重复慰问' } as const;

/** A campaign's funds together, like each of them, stay within 1 亿元 (its budget is their sum). */
export const MAX_CAMPAIGN_FEN = MAX_FEN;
const positiveFen = (label: string) => money(label, { positive: true });

const PackageItem = z.object({
  name: nameText('物品名称', { max: 30 }),
  quantity: decimal('数量', { min: 0, max: 100_000 }).refine((v) => v > 0, '数量须大于 0'),
  unit: nameText('单位', { max: 6 }),
});
export type PackageItem = z.infer<typeof PackageItem>;

/** A tier: a package (goods, cash or voucher) for the people its rule picks. */
export const PackageInput = z
  .object({
    name: nameText('档次名称', { max: 40 }),
    kind: oneOf(PACKAGE_KINDS, '慰问形式'),
    valueFen: positiveFen('每份价值'),
    /** The 慰问金 of a mixed tier, part of its unit value (the goods are worth the rest). */
    cashFen: money('慰问金').optional(),
    items: z.array(PackageItem).max(20, '物品最多 20 种').default([]),
    /** Who gets this tier; null = everyone not picked by an earlier tier. Tiers are tried in order. */
    rule: EligibilityRule.nullish().transform((v) => v ?? null),
  })
  .refine((p) => (p.kind !== 'goods' && p.kind !== 'mixed') || p.items.length > 0, { message: '实物慰问品请至少列出一种物品', path: ['items'] })
  .refine((p) => p.kind !== 'mixed' || (p.cashFen ?? 0) > 0, { message: '现金+实物的档次请填写慰问金', path: ['cashFen'] })
  .refine((p) => p.kind !== 'mixed' || (p.cashFen ?? 0) < p.valueFen, { message: '慰问金须少于每份价值（每份价值 = 慰问金 + 物品价值）', path: ['cashFen'] })
  .refine((p) => p.kind === 'mixed' || p.kind === 'cash' || !p.cashFen, { message: '只有“现金+实物”的档次另发慰问金', path: ['cashFen'] });
export type PackageInput = z.infer<typeof PackageInput>;

export const FundInput = z.object({
  source: oneOf(FUND_SOURCES, '资金来源'),
  amountFen: positiveFen('金额'),
  note: optionalText('说明', { max: 100 }),
});

export const CampaignInput = z
  .object({
    name: nameText('活动名称', { max: 60 }),
    theme: optionalText('活动主题', { max: 60 }),
    kind: oneOf(CAMPAIGN_KINDS, '活动类型'),
    orgId: id('主办单位'),
    startsOn: date('开始日期'),
    endsOn: date('结束日期'),
    mode: oneOf(['single', 'cascade'] as const, '组织方式'),
    /** Times one person may receive within this campaign (1 = once). */
    maxPerPerson: int('每人领取次数', { min: 1, max: 12 }).default(1),
    overlapPolicy: oneOf(OVERLAP_POLICIES, '重复慰问检查').default('warn'),
    description: optionalText('活动说明', { max: 500, multiline: true }),
    rule: EligibilityRule,
    funds: z.array(FundInput).max(20).default([]),
    packages: z.array(PackageInput).min(1, '请至少设置一个慰问档次').max(10, '慰问档次最多 10 个'),
  })
  .refine((c) => c.startsOn <= c.endsOn, { message: '结束日期不能早于开始日期', path: ['endsOn'] })
  .refine((c) => c.funds.reduce((s, f) => s + f.amountFen, 0) <= MAX_CAMPAIGN_FEN, {
    message: `资金合计不能超过 ${yuanWan(MAX_CAMPAIGN_FEN)}`,
    path: ['funds'],
  });
export type CampaignInput = z.infer<typeof CampaignInput>;

export const CampaignIdParams = z.object({ id: queryId('活动') });
export const ListCampaignsQuery = Paging.extend({
  q: searchQuery('查询条件', { max: 60 }),
  status: z.enum(CAMPAIGN_STATUSES).optional(),
  kind: z.enum(CAMPAIGN_KINDS).optional(),
  year: queryInt('年度', { min: 2000, max: 2100 }).optional(),
});

export const PackageView = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(PACKAGE_KINDS),
  valueFen: z.number().int(),
  /** The cash part of the unit value: all of it for a cash tier, the 慰问金 of a mixed one, 0 for goods. */
  cashFen: z.number().int(),
  items: z.array(z.object({ name: z.string(), quantity: z.number(), unit: z.string() })),
  rule: EligibilityRuleView.nullable(),
  sort: z.number().int(),
});
export type PackageView = z.infer<typeof PackageView>;

export const CampaignSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  theme: z.string().nullable(),
  kind: z.enum(CAMPAIGN_KINDS),
  orgId: z.number().int(),
  orgName: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  mode: z.enum(['single', 'cascade']),
  status: z.enum(CAMPAIGN_STATUSES),
  budgetFen: z.number().int(),
  spentFen: z.number().int(),
  beneficiaries: z.number().int(),
  persons: z.number().int(),
  personTimes: z.number().int(),
});
export const CampaignPage = pageOf(CampaignSummary);

export const TRANSITIONS = ['submit', 'approve', 'start', 'end', 'archive', 'reopen'] as const;
export type Transition = (typeof TRANSITIONS)[number];
export const TRANSITION_LABELS = {
  submit: '提交审批',
  approve: '审批通过并冻结名单',
  start: '开始发放',
  end: '结束活动',
  archive: '归档',
  reopen: '退回草稿',
} as const;
export const TransitionInput = z.object({
  action: oneOf(TRANSITIONS, '操作'),
  version: version(),
  /** Required when a campaign waiting for approval is sent back (退回): the author reads it. */
  reason: optionalText('退回原因', { max: 200 }),
});

export const CampaignView = CampaignSummary.extend({
  description: z.string().nullable(),
  maxPerPerson: z.number().int(),
  overlapPolicy: z.enum(OVERLAP_POLICIES),
  rule: EligibilityRuleView,
  funds: z.array(z.object({ id: z.number().int(), source: z.enum(FUND_SOURCES), amountFen: z.number().int(), note: z.string().nullable() })),
  packages: z.array(PackageView),
  createdBy: z.string().nullable(),
  submittedBy: z.string().nullable(),
  submittedAt: z.string().nullable(),
  /** Why the approver sent it back to draft; null once submitted again. */
  returnReason: z.string().nullable(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  frozenAt: z.string().nullable(),
  version: z.number().int(),
  can: z.object({
    edit: z.boolean(),
    approve: z.boolean(),
    transition: z.boolean(),
    allocate: z.boolean(),
    distribute: z.boolean(),
    /** The lifecycle steps the server would take from this account now (the page shows a button for each). */
    actions: z.array(z.enum(TRANSITIONS)),
    /** Steps the role allows in this state but the four-eyes rule keeps from this account, with why. */
    refused: z.array(z.object({ action: z.enum(TRANSITIONS), reason: z.string() })),
  }),
});
export type CampaignView = z.infer<typeof CampaignView>;

// ---- Targeting --------------------------------------------------------------------------------

export const AdjustmentInput = z.object({
  personId: id('职工'),
  kind: oneOf(['add', 'exclude'] as const, '调整方式'),
  packageId: id('慰问档次')
    .nullish()
    .transform((v) => v ?? null),
  reason: text('原因', { max: 200 }),
});

export const BeneficiaryRow = z.object({
  id: z.number().int().nullable(),
  personId: z.number().int(),
  name: z.string(),
  idMasked: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  occupation: z.string().nullable(),
  packageId: z.number().int().nullable(),
  packageName: z.string().nullable(),
  amountFen: z.number().int(),
  source: z.enum(['rule', 'manual']),
  excluded: z.boolean(),
  reason: z.string().nullable(),
  overlap: z.string().nullable(),
  received: z.number().int(),
  lastReceivedAt: z.string().nullable(),
});
export type BeneficiaryRow = z.infer<typeof BeneficiaryRow>;

export const ListBeneficiariesQuery = Paging.extend({
  q: searchQuery('查询条件', { max: 60 }),
  orgId: queryId('单位').optional(),
  state: z.enum(['all', 'pending', 'received', 'excluded']).default('all'),
});
export const BeneficiaryPage = pageOf(BeneficiaryRow).extend({ frozen: z.boolean() });

/** What the wizard sends for a live count before the campaign is saved. */
export const PreviewInput = z.object({
  orgId: id('主办单位'),
  rule: EligibilityRule,
  packages: z.array(PackageInput).min(1, '请至少设置一个慰问档次').max(10),
  startsOn: date('开始日期'),
  endsOn: date('结束日期'),
});

export const EligibilityPreview = z.object({
  total: z.number().int(),
  amountFen: z.number().int(),
  byPackage: z.array(z.object({ packageId: z.number().int().nullable(), name: z.string(), persons: z.number().int(), amountFen: z.number().int() })),
  overlapping: z.number().int(),
});

export const SnapshotDiff = z.object({
  frozenAt: z.string().nullable(),
  added: z.array(BeneficiaryRow),
  removed: z.array(BeneficiaryRow),
  addedTotal: z.number().int(),
  removedTotal: z.number().int(),
});

// ---- Allocation -------------------------------------------------------------------------------

export const AllocationInput = z.object({
  orgId: id('下达单位'),
  quota: int('名额', { min: 0, max: 10_000_000 }),
  budgetFen: money('预算', { max: MAX_CAMPAIGN_FEN }),
});
export const AllocationNode = z.object({
  orgId: z.number().int(),
  parentOrgId: z.number().int().nullable(),
  orgName: z.string(),
  orgPath: z.string(),
  /**
   * Null on the line of an org that got no allocation of its own (its people are paid from one
   * above it, whose figures are not the org's to see): only its spending and list are shown.
   */
  quota: z.number().int().nullable(),
  budgetFen: z.number().int().nullable(),
  /** Passed further down to child allocations. */
  childQuota: z.number().int().nullable(),
  childBudgetFen: z.number().int().nullable(),
  /** Spent by this org's own distribution (not its children's allocations). */
  spentFen: z.number().int(),
  beneficiaries: z.number().int(),
  /** People the campaign's rules find in the org's subtree now (live, also after the list is frozen). */
  eligible: z.number().int(),
  editable: z.boolean(),
  /** The actor may pass part of this line's quota and budget down to unions below it (下达). */
  canAllocateBelow: z.boolean(),
});
export type AllocationNode = z.infer<typeof AllocationNode>;

/**
 * 超出配额的处理: where a union's list exceeds its quota at approval, 'cap' keeps the first people
 * in QUOTA_CAP_ORDER up to the quota (the rest excluded as 超出配额), 'raise' raises the quota to
 * the list, the extra budget taken from the parent's free budget.
 */
export const QUOTA_RULES = ['cap', 'raise'] as const;
export type QuotaRule = (typeof QUOTA_RULES)[number];
export const QUOTA_RULE_LABELS = { cap: '按配额截取名单', raise: '调增配额到名单人数' } as const;
export const QUOTA_EXCEEDED_REASON = '超出配额';
/** Who keeps a place when a list is cut at its quota, in this order. */
export const QUOTA_CAP_ORDER = [
  '手动添加的人员（经办人已说明原因）',
  '档次靠前的（按档次顺序）',
  '建档困难职工，按类别：深度困难、相对困难、意外致困、困难农民工',
  '入会时间早的',
  '年龄大的',
] as const;
export const QuotaRuleInput = z.object({ quotaRule: oneOf(QUOTA_RULES, '超出配额的处理方式') });

/**
 * One allocation's own part at approval: the people it pays for itself (not through a child
 * allocation) against its quota less what it passed down. Counted live from the rules before the
 * list is frozen, from the frozen list after.
 */
export const QuotaLine = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  quota: z.number().int(),
  /** quota − what was passed down to child allocations. */
  ownQuota: z.number().int(),
  /** People this allocation pays for itself. */
  listed: z.number().int(),
  /** listed − ownQuota: above 0 over quota, below 0 places left unused. */
  difference: z.number().int(),
  /** What raising the quota would add to this union's budget from its parent's (0 when its budget already covers the list). */
  extraBudgetFen: z.number().int(),
});
export const QuotaCheck = z.object({
  quotaRule: z.enum(QUOTA_RULES).nullable(),
  frozen: z.boolean(),
  /** The actor may choose the rule now (the organiser's side, before the list is frozen). */
  canChoose: z.boolean(),
  lines: z.array(QuotaLine),
  /** The campaign's version this check was read at (choosing a rule changes it): what an approval after it names. */
  version: z.number().int(),
});
export type QuotaCheck = z.infer<typeof QuotaCheck>;

// ---- Distribution -----------------------------------------------------------------------------

export const PointInput = z.object({
  name: nameText('发放点名称', { max: 60 }),
  orgId: id('所属单位'),
  address: optionalText('地点', { max: 120 }),
  hours: optionalText('开放时间', { max: 60 }),
  opensOn: date('开放日期')
    .nullish()
    .transform((v) => v ?? null),
  closesOn: date('截止日期')
    .nullish()
    .transform((v) => v ?? null),
  dutyAccountIds: z.array(id('值守人员')).max(100).default([]),
  stock: z
    .array(z.object({ packageId: id('慰问档次'), quantity: int('库存', { min: 0, max: 10_000_000 }) }))
    .max(10)
    .default([]),
});
export const PointView = z.object({
  id: z.number().int(),
  campaignId: z.number().int(),
  campaignName: z.string(),
  campaignStatus: z.enum(CAMPAIGN_STATUSES),
  name: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  address: z.string().nullable(),
  hours: z.string().nullable(),
  opensOn: z.string().nullable(),
  closesOn: z.string().nullable(),
  duty: z.array(z.object({ accountId: z.number().int(), name: z.string() })),
  stock: z.array(z.object({ packageId: z.number().int(), packageName: z.string(), quantity: z.number().int(), issued: z.number().int() })),
  issuedToday: z.number().int(),
  issued: z.number().int(),
});
export type PointView = z.infer<typeof PointView>;
export const PointIdParams = z.object({ pointId: queryId('发放点') });
/** A point edited after setup: place, hours, dates and who is on duty (its union and stock stay; stock moves by 调拨). */
export const UpdatePointInput = PointInput.omit({ orgId: true, stock: true });
/** 库存调拨: stock of a tier moved from this point to another point of the same campaign. */
export const StockMoveInput = z.object({
  toPointId: id('调入发放点'),
  packageId: id('慰问档次'),
  quantity: int('调拨数量', { min: 1, max: 10_000_000 }),
  reason: optionalText('调拨原因', { max: 200 }),
});

/** What the volunteer scanned or typed: the QR payload, a full ID number, or the code under the QR. */
export const LookupInput = z.object({ code: text('二维码或证件号', { max: 80 }) });
export const LookupResult = z.object({
  beneficiaryId: z.number().int(),
  name: z.string(),
  idMasked: z.string(),
  sex: z.enum(['male', 'female']),
  age: z.number().int(),
  orgName: z.string(),
  employerName: z.string().nullable(),
  packageName: z.string(),
  packageKind: z.enum(PACKAGE_KINDS),
  items: z.array(z.object({ name: z.string(), quantity: z.number(), unit: z.string() })),
  amountFen: z.number().int(),
  received: z.number().int(),
  maxPerPerson: z.number().int(),
  lastReceived: z.object({ at: z.string(), pointName: z.string(), handler: z.string() }).nullable(),
  /** Identity prompts the volunteer asks out loud (no photo): birth date, last four of the ID. */
  checks: z.array(z.string()),
  warnings: z.array(z.string()),
  /** Why nothing can be handed out here today (outside the campaign's period or the point's dates), or null. */
  dateRefusal: z.string().nullable(),
});
export type LookupResult = z.infer<typeof LookupResult>;

/**
 * A card of this campaign whose holder another point serves: where to send them — the points whose
 * union's subtree holds the holder's (nearest first; a point's name, address, hours and opening days
 * are public) — and who it is only when the holder lies in the volunteer's own scope.
 */
export const LookupElsewhere = z.object({
  kind: z.literal('elsewhere'),
  person: z.object({ name: z.string(), idMasked: z.string(), orgName: z.string() }).nullable(),
  points: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      orgName: z.string(),
      address: z.string().nullable(),
      hours: z.string().nullable(),
      opensOn: z.string().nullable(),
      closesOn: z.string().nullable(),
    }),
  ),
});
export type LookupElsewhere = z.infer<typeof LookupElsewhere>;
export const LookupAnswer = z.union([LookupResult, LookupElsewhere]);

/** A point the account is on duty at, in a campaign approved or running; `today` when it hands out today. */
export const DutyView = z.object({
  pointId: z.number().int(),
  pointName: z.string(),
  address: z.string().nullable(),
  hours: z.string().nullable(),
  opensOn: z.string().nullable(),
  closesOn: z.string().nullable(),
  campaignId: z.number().int(),
  campaignName: z.string(),
  campaignStatus: z.enum(CAMPAIGN_STATUSES),
  today: z.boolean(),
});
export type DutyView = z.infer<typeof DutyView>;

/**
 * What proves a hand-out, recorded on its ledger line: the pick-up card's code as scanned, the ID
 * number typed at the point (checked against the person, kept only masked), or the number of a
 * signed paper sheet entered by staff (permission campaign:paper; never a point's duty account).
 */
export const EVIDENCE_KINDS = ['qr', 'id_number', 'paper'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const EVIDENCE_LABELS = { qr: '扫码', id_number: '核验身份证号', paper: '纸质签领单' } as const;
const sheetRef = text('签领表编号', { max: 40 });
export const Evidence = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('qr'), code: text('领取码', { max: 80 }) }),
    z.object({ kind: z.literal('id_number'), idNumber: text('身份证号', { max: 20 }) }),
    z.object({ kind: z.literal('paper'), sheetRef }),
  ],
  { error: '请提供发放凭据：扫描领取码、核验身份证号或填写纸质签领单编号' },
);
export type Evidence = z.infer<typeof Evidence>;

export const ConfirmInput = z.object({
  beneficiaryId: id('慰问对象'),
  evidence: Evidence,
  /** Generated by the phone per hand-out; a retry with the same key returns the same line. */
  idempotencyKey: z
    .string({ error: '幂等键无效' })
    .trim()
    .min(8, '幂等键无效')
    .max(64, '幂等键无效')
    .regex(/^[A-Za-z0-9_-]+$/, '幂等键无效'),
});
export const ConfirmResult = z.object({
  lineId: z.number().int(),
  /** false when this request found the hand-out already written (a retry or a second phone). */
  created: z.boolean(),
  name: z.string(),
  packageName: z.string(),
  amountFen: z.number().int(),
  at: z.string(),
  handler: z.string(),
});

export const BulkConfirmInput = z.object({
  beneficiaryIds: z.array(id('慰问对象')).min(1, '请至少勾选一人').max(2000, '一次最多录入 2000 人'),
  signedOn: date('签领日期'),
  /** The signed sheet's number, recorded on every line as its evidence. */
  sheetRef,
  batchKey: z
    .string({ error: '批次号无效' })
    .trim()
    .min(8, '批次号无效')
    .max(40, '批次号无效')
    .regex(/^[A-Za-z0-9_-]+$/, '批次号无效'),
});
export const BulkConfirmResult = z.object({
  created: z.number().int(),
  already: z.number().int(),
  refused: z.array(z.object({ beneficiaryId: z.number().int(), message: z.string() })),
});

export const ReverseInput = z.object({ lineId: id('发放记录'), reason: text('冲正原因', { max: 200 }) });

export const LedgerRow = z.object({
  lineId: z.number().int(),
  kind: z.enum(['issue', 'reversal']),
  name: z.string(),
  idMasked: z.string(),
  orgName: z.string(),
  packageName: z.string(),
  amountFen: z.number().int(),
  on: z.string(),
  at: z.string(),
  pointName: z.string().nullable(),
  handler: z.string().nullable(),
  reason: z.string().nullable(),
  reversed: z.boolean(),
  /** Null on a reversal and on lines written before evidence was recorded. */
  evidence: z.enum(EVIDENCE_KINDS).nullable(),
  evidenceRef: z.string().nullable(),
});
export const ListLedgerQuery = Paging.extend({
  orgId: queryId('单位').optional(),
  pointId: queryId('发放点').optional(),
  q: searchQuery('查询条件', { max: 60 }),
});
export const LedgerPage = pageOf(LedgerRow);

// ---- Progress ---------------------------------------------------------------------------------

export const ProgressNode = z.object({
  orgId: z.number().int(),
  parentOrgId: z.number().int().nullable(),
  orgName: z.string(),
  depth: z.number().int(),
  quota: z.number().int().nullable(),
  budgetFen: z.number().int().nullable(),
  beneficiaries: z.number().int(),
  persons: z.number().int(),
  personTimes: z.number().int(),
  amountFen: z.number().int(),
});
export type ProgressNode = z.infer<typeof ProgressNode>;
export const ProgressView = z.object({
  campaignId: z.number().int(),
  total: ProgressNode,
  nodes: z.array(ProgressNode),
  byDay: z.array(z.object({ day: z.string(), persons: z.number().int(), personTimes: z.number().int(), amountFen: z.number().int() })),
  stock: z.array(z.object({ pointId: z.number().int(), pointName: z.string(), packageName: z.string(), quantity: z.number().int(), issued: z.number().int() })),
});
export type ProgressView = z.infer<typeof ProgressView>;

export const BriefingFigure = z.object({ key: z.string(), text: z.string(), href: z.string() });
export const Briefing = z.object({ text: z.string(), figures: z.array(BriefingFigure) });
export type Briefing = z.infer<typeof Briefing>;

/** Signed code on a beneficiary's pick-up card and (later) phone: names nobody, cannot be guessed. */
export const QR_PREFIX = 'NJ1';

/** Permissions of this module: what each allows and which roles hold it (a system administrator holds all). */
export const CAMPAIGN_PERMISSIONS = {
  'campaign:read': { label: '查看慰问活动、名单和进度', roles: ['union_admin', 'cadre', 'auditor'] },
  'campaign:write': { label: '创建和编辑慰问活动、下达名额预算、设置发放点', roles: ['union_admin', 'cadre'] },
  'campaign:approve': { label: '审批慰问活动（不能审批本人创建的活动）', roles: ['union_admin'] },
  'campaign:distribute': { label: '在发放点扫码或核验身份证号确认发放', roles: ['union_admin', 'cadre', 'volunteer'] },
  'campaign:paper': { label: '凭签字的纸质签领单确认发放、录入签领表', roles: ['union_admin', 'cadre'] },
  'campaign:export': { label: '导出发放台账、打印领取卡和签领表', roles: ['union_admin', 'cadre'] },
} satisfies PermissionDefs;
declare module '../../shared/permissions.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface PermissionRegistry extends Record<keyof typeof CAMPAIGN_PERMISSIONS, true> {}
}
