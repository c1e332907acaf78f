/**
 * 困难职工帮扶 — the hardship-worker ledger: one case file per household (一户一档), its category
 * computed from the household figures and the org's policy parameters, the lifecycle with a
 * four-eyes verification, and assistance records checked against the yearly caps.
 * Glossary: 建档 file, 户主/申请人 applicant, 家庭成员 household member, 人均月收入 per-capita monthly
 * income, 低保标准 minimum-living line, 刚性支出 hardship spending, 核查 verification, 公示 public
 * notice, 帮扶中 receiving assistance, 解困脱困 exited, 返困 relapse (re-opened), 销档 closed.
 * Money is integer fen.
 */
import {
  z,
  text,
  optionalText,
  nameText,
  optionalNameText,
  personName,
  searchQuery,
  id,
  queryId,
  queryInt,
  int,
  decimal,
  money,
  version,
  MAX_FEN,
  date,
  oneOf,
  Paging,
  pageOf,
  optionalChecked,
} from '../../shared/contract.ts';
import type { PermissionDefs } from '../../shared/permissions.ts';

export const CATEGORIES = ['deep', 'relative', 'accident', 'migrant'] as const;
export type Category = (typeof CATEGORIES)[number];
export const CATEGORY_LABELS = { deep: '深度困难', relative: '相对困难', accident: '意外致困', migrant: '困难农民工', none: '未认定' } as const;
/** A temporary-relief file (临时救助) needs no category; it may be promoted to a full file. */
export const CASE_KINDS = ['full', 'temporary'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
export const CASE_KIND_LABELS = { full: '困难职工档案', temporary: '临时救助档案' } as const;
/** Who started the file: staff (建档申请, import) or the worker from the portal (职工申请). */
export const CASE_SOURCES = ['staff', 'worker'] as const;
export const CASE_SOURCE_LABELS = { staff: '工会建档', worker: '职工申请' } as const;

export const CAUSES = [
  'no_work_ability',
  'unemployed_able',
  'laid_off',
  'uninsured',
  'insurance_unpaid',
  'serious_illness',
  'disaster',
  'accident',
  'education',
  'other',
] as const;
export type Cause = (typeof CAUSES)[number];
export const CAUSE_LABELS = {
  no_work_ability: '无劳动能力',
  unemployed_able: '有劳动能力但未就业',
  laid_off: '下岗失业',
  uninsured: '未参加社会保险',
  insurance_unpaid: '社保待遇未足额发放',
  serious_illness: '本人或家属患大病重病',
  disaster: '自然灾害',
  accident: '意外事故',
  education: '子女教育',
  other: '其他',
} as const;

export const CASE_STATUSES = ['applied', 'verified', 'noticed', 'active', 'exited', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_STATUS_LABELS = {
  applied: '待核查',
  verified: '已核查',
  noticed: '公示中',
  active: '帮扶中',
  exited: '已解困脱困',
  closed: '已销档',
} as const;

/** Each step and the state it starts from. */
export const CASE_ACTIONS = ['verify', 'notice', 'approve', 'exit', 'reopen', 'close', 'promote'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];
export const CASE_ACTION_LABELS = {
  verify: '核查通过',
  notice: '开始公示',
  approve: '审批建档',
  exit: '解困脱困',
  reopen: '返困（重新帮扶）',
  close: '销档',
  promote: '转为困难职工档案',
} as const;
export const ACTION_FROM: Record<CaseAction, readonly CaseStatus[]> = {
  verify: ['applied'],
  notice: ['verified'],
  approve: ['noticed'],
  exit: ['active'],
  reopen: ['exited'],
  close: ['applied', 'verified', 'noticed', 'active', 'exited'],
  promote: ['active'],
};
export const ACTION_TO: Record<CaseAction, CaseStatus> = {
  verify: 'verified',
  notice: 'noticed',
  approve: 'active',
  exit: 'exited',
  reopen: 'active',
  close: 'closed',
  promote: 'applied',
};

export const ASSISTANCE_TYPES = ['living', 'medical', 'study', 'employment', 'legal', 'temp_relief'] as const;
export type AssistanceType = (typeof ASSISTANCE_TYPES)[number];
export const ASSISTANCE_LABELS = {
  living: '生活救助',
  medical: '医疗救助',
  study: '助学',
  employment: '就业创业帮扶',
  legal: '法律援助',
  temp_relief: '临时救助',
} as const;

/** 送温暖 is read from care-campaign hand-outs to the household, never typed in twice. */
export const ASSISTANCE_VIEW_TYPES = [...ASSISTANCE_TYPES, 'warmth'] as const;
export const ASSISTANCE_VIEW_LABELS = { ...ASSISTANCE_LABELS, warmth: '送温暖' } as const;

export const FUND_SOURCES = ['higher_grant', 'own_budget', 'donation', 'special_fund'] as const;
export const FUND_SOURCE_LABELS = { higher_grant: '上级拨付', own_budget: '本级列支', donation: '社会捐赠', special_fund: '帮扶专项资金' } as const;
/** 送温暖 lines are paid from the care campaign's funds (`campaign`), never typed in. */
export const FUND_SOURCE_VIEW_LABELS: Record<string, string> = { ...FUND_SOURCE_LABELS, campaign: '慰问活动经费' };

export const HOUSING_TYPES = ['own', 'rented', 'public_rental', 'relatives', 'none'] as const;
export const HOUSING_LABELS = { own: '自有住房', rented: '租房', public_rental: '公租房', relatives: '借住亲友', none: '无固定住所' } as const;

export const MemberInput = z.object({
  personId: id('家庭成员')
    .nullish()
    .transform((v) => v ?? null),
  name: personName('成员姓名'),
  relationship: nameText('与申请人关系', { max: 10 }),
  health: optionalText('健康状况', { max: 60 }),
  monthlyIncomeFen: money('成员月收入').default(0),
  schoolOrEmployer: optionalText('就读学校或工作单位', { max: 60 }),
});

export const CaseInput = z
  .object({
    kind: oneOf(CASE_KINDS, '档案类型').default('full'),
    personId: id('申请人'),
    members: z.array(MemberInput).max(15, '家庭成员最多 15 人').default([]),
    yearlyIncomeFen: money('家庭年可支配收入'),
    hardshipSpendingFen: money('刚性支出（医疗、残疾、教育、求职）').default(0),
    /** A disaster, accident or sudden serious illness this year (for 意外致困). */
    suddenEvent: z.boolean().default(false),
    /** For 困难农民工: years employed in the city. */
    migrantYears: int('务工年限', { min: 0, max: 60 })
      .nullish()
      .transform((v) => v ?? null),
    housing: oneOf(HOUSING_TYPES, '住房情况'),
    housingArea: decimal('住房面积', { min: 0, max: 2000 })
      .nullish()
      .transform((v) => v ?? null),
    medicalInsurance: z.boolean().default(true),
    health: optionalText('健康状况', { max: 100 }),
    disability: optionalText('残疾类别和等级', { max: 60 }),
    mainCause: oneOf(CAUSES, '主要致困原因'),
    secondaryCauses: z.array(z.enum(CAUSES)).max(3, '次要致困原因最多 3 项').default([]),
    bankAccount: optionalChecked((v) => /^\d{12,30}$/.test(v), '银行账号应为 12–30 位数字'),
    bankName: optionalNameText('开户银行', { max: 40 }),
    assessedOn: date('核定日期'),
    /** Staff may set another category than the computed one, only with a reason. */
    overrideCategory: z
      .enum(CATEGORIES)
      .nullish()
      .transform((v) => v ?? null),
    overrideReason: optionalText('调整类别的理由', { max: 200 }),
  })
  .refine((c) => !c.secondaryCauses.includes(c.mainCause), { message: '次要原因不能与主要原因相同', path: ['secondaryCauses'] })
  .refine((c) => !c.overrideCategory || !!c.overrideReason, { message: '调整类别须说明理由', path: ['overrideReason'] })
  // Each member's income is bounded; so is the household's, a year of all of them together.
  .refine((c) => c.members.reduce((s, m) => s + m.monthlyIncomeFen * 12, 0) <= MAX_FEN, { message: '家庭成员月收入合计过大', path: ['members'] });
export type CaseInput = z.infer<typeof CaseInput>;

export const CaseIdParams = z.object({ id: queryId('档案') });

export const TransitionInput = z.object({
  action: oneOf(CASE_ACTIONS, '操作'),
  reason: optionalText('说明', { max: 200 }),
  version: version(),
});

export const AssistanceInput = z.object({
  type: oneOf(ASSISTANCE_TYPES, '帮扶类型'),
  amountFen: money('金额', { positive: true }),
  on: date('帮扶日期'),
  fundSource: oneOf(FUND_SOURCES, '资金来源'),
  note: optionalText('说明', { max: 200 }),
  /** 临时救助: never twice for the same cause in a year. */
  cause: z
    .enum(CAUSES)
    .nullish()
    .transform((v) => v ?? null),
});

/** 待复核 until a second account signs a large record off; only 已发放 records are paid and counted. */
export const ASSISTANCE_STATUSES = ['pending', 'paid'] as const;
export const ASSISTANCE_STATUS_LABELS = { pending: '待复核', paid: '已发放' } as const;
export const AssistanceParams = z.object({ id: queryId('档案'), assistanceId: queryId('帮扶记录') });

export const ListCasesQuery = Paging.extend({
  kind: z.enum(CASE_KINDS).optional(),
  q: searchQuery('查询条件', { max: 30 }),
  status: z.enum(CASE_STATUSES).optional(),
  category: z.enum(CATEGORIES).optional(),
  cause: z.enum(CAUSES).optional(),
  orgId: queryId('单位').optional(),
  /** 增量 filed this year, 存量 filed before, 返困 re-opened. */
  stock: z.enum(['new', 'existing', 'relapsed']).optional(),
  migrant: z.enum(['0', '1']).optional(),
  year: queryInt('年度', { min: 2000, max: 2100 }).optional(),
});

export const CaseRow = z.object({
  id: z.number().int(),
  caseNo: z.string(),
  personId: z.number().int(),
  name: z.string(),
  idMasked: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  kind: z.enum(CASE_KINDS),
  /** 职工申请 (`worker`, sent from the portal) or filed by staff. */
  source: z.enum(CASE_SOURCES),
  status: z.enum(CASE_STATUSES),
  category: z.enum([...CATEGORIES, 'none']),
  mainCause: z.enum(CAUSES),
  householdSize: z.number().int(),
  filedOn: z.string(),
  relapsed: z.boolean(),
  assistanceFen: z.number().int(),
});
export const CasePage = pageOf(CaseRow);

export const CaseView = CaseRow.extend({
  members: z.array(
    z.object({
      name: z.string(),
      relationship: z.string(),
      personId: z.number().int().nullable(),
      health: z.string().nullable(),
      schoolOrEmployer: z.string().nullable(),
      monthlyIncomeFen: z.number().int().nullable(),
    }),
  ),
  secondaryCauses: z.array(z.enum(CAUSES)),
  computedCategory: z.enum([...CATEGORIES, 'none']),
  explanation: z.string(),
  overrideReason: z.string().nullable(),
  /** The worker's own account of their hardship on a portal application. */
  statement: z.string().nullable(),
  housing: z.enum(HOUSING_TYPES),
  housingArea: z.number().nullable(),
  medicalInsurance: z.boolean(),
  assessedOn: z.string(),
  /** Household finances and bank details: null without the permission (reading them is audited). */
  finances: z
    .object({
      yearlyIncomeFen: z.number().int(),
      hardshipSpendingFen: z.number().int(),
      perCapitaMonthlyFen: z.number().int(),
      health: z.string().nullable(),
      disability: z.string().nullable(),
      bankName: z.string().nullable(),
      bankAccount: z.string().nullable(),
      /** In the order of `members`. */
      members: z.array(z.object({ name: z.string(), relationship: z.string(), monthlyIncomeFen: z.number().int().nullable(), health: z.string().nullable() })),
    })
    .nullable(),
  bankAccountMasked: z.string().nullable(),
  filedBy: z.string().nullable(),
  verifiedBy: z.string().nullable(),
  /** The last day of the public notice (公示) at the policy's number of days; approval from the next day. */
  noticeEndsOn: z.string().nullable(),
  version: z.number().int(),
  timeline: z.array(z.object({ at: z.string(), action: z.string(), label: z.string(), by: z.string().nullable(), reason: z.string().nullable() })),
  assistance: z.array(
    z.object({
      id: z.number().int(),
      type: z.string(),
      label: z.string(),
      /** The care campaign a 送温暖 line came from. */
      campaign: z.string().nullable(),
      amountFen: z.number().int(),
      on: z.string(),
      fundSource: z.string(),
      handler: z.string().nullable(),
      note: z.string().nullable(),
      status: z.enum(ASSISTANCE_STATUSES),
      signedOffBy: z.string().nullable(),
      /** This account may sign the record off now (not its recorder, with the approval permission). */
      canSignOff: z.boolean(),
    }),
  ),
  attachments: z.array(
    z.object({
      id: z.number().int(),
      title: z.string(),
      filename: z.string(),
      mime: z.string(),
      size: z.number().int(),
      at: z.string(),
      by: z.string().nullable(),
    }),
  ),
  followups: z.array(
    z.object({
      id: z.number().int(),
      dueOn: z.string(),
      doneOn: z.string().nullable(),
      result: z.string().nullable(),
      hardshipReturned: z.boolean().nullable(),
    }),
  ),
  can: z.object({
    actions: z.array(z.enum(CASE_ACTIONS)),
    /** Steps the role allows but the four-eyes rule keeps from this account (the filer), with why. */
    refused: z.array(z.object({ action: z.enum(CASE_ACTIONS), reason: z.string() })),
    assist: z.boolean(),
    sensitive: z.boolean(),
    followUp: z.boolean(),
  }),
});
export type CaseView = z.infer<typeof CaseView>;

/** Scans of documents: PDF, JPEG or PNG (checked by content), at most 5 MB each. */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const AttachmentParams = z.object({ id: queryId('档案'), attachmentId: queryId('材料') });

/** 回访结果: a due follow-up done; if hardship has returned the case re-opens (返困). */
export const FollowupInput = z.object({
  on: date('回访日期'),
  result: text('回访情况', { max: 300, multiline: true }),
  hardshipReturned: z.boolean().default(false),
});

/** The task list: follow-ups due (overdue first) and yearly reviews due. */
export const HardshipTasks = z.object({
  followups: z.array(
    z.object({ caseId: z.number().int(), caseNo: z.string(), name: z.string(), orgName: z.string(), dueOn: z.string(), overdue: z.boolean() }),
  ),
  reviews: z.array(
    z.object({
      caseId: z.number().int(),
      caseNo: z.string(),
      name: z.string(),
      orgName: z.string(),
      assessedOn: z.string(),
      dueOn: z.string(),
      overdue: z.boolean(),
    }),
  ),
});

export const DISCOVERY_RULES = ['serious_illness', 'job_loss', 'other_programme', 'relapse_risk', 'mutualaid_large_claim'] as const;
export const DISCOVERY_RULE_LABELS = {
  serious_illness: '大病',
  job_loss: '失业下岗',
  other_programme: '其他渠道认定困难',
  relapse_risk: '返贫风险',
  mutualaid_large_claim: '大额互助金',
} as const;
/** The rules a discovery run scans the registry for; the others are proposed by another module when its fact happens (a large mutual-aid payout at its approval). */
export type DiscoveryRule = (typeof DISCOVERY_RULES)[number];
export const SCANNED_DISCOVERY_RULES = DISCOVERY_RULES.filter((r) => r !== 'mutualaid_large_claim');

export const CandidateRow = z.object({
  id: z.number().int(),
  personId: z.number().int(),
  name: z.string(),
  idMasked: z.string(),
  orgName: z.string(),
  rule: z.enum(DISCOVERY_RULES),
  reason: z.string(),
  caseId: z.number().int().nullable(),
  caseNo: z.string().nullable(),
  status: z.enum(['open', 'accepted', 'dismissed']),
  decisionReason: z.string().nullable(),
  foundAt: z.string(),
});
export const ListCandidatesQuery = Paging.extend({
  status: z.enum(['open', 'accepted', 'dismissed']).default('open'),
  rule: z.enum(DISCOVERY_RULES).optional(),
});
export const CandidatePage = pageOf(CandidateRow);
export const CandidateIdParams = z.object({ id: queryId('线索') });
export const DismissInput = z.object({ reason: text('不予采纳的理由', { max: 200 }) });

export const NoticeRow = z.object({
  caseNo: z.string(),
  maskedName: z.string(),
  orgName: z.string(),
  category: z.enum(CATEGORIES),
  mainCause: z.enum(CAUSES),
  householdSize: z.number().int(),
});

export const HardshipStats = z.object({
  byCategory: z.array(z.object({ category: z.enum(CATEGORIES), cases: z.number().int() })),
  byCause: z.array(z.object({ cause: z.enum(CAUSES), cases: z.number().int() })),
  byMonth: z.array(z.object({ month: z.string(), type: z.enum(ASSISTANCE_VIEW_TYPES), amountFen: z.number().int(), personTimes: z.number().int() })),
  byOrg: z.array(z.object({ orgId: z.number().int(), orgName: z.string(), cases: z.number().int(), amountFen: z.number().int() })),
});

/** 张** : the public notice shows the surname only. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? name : chars[0] + '*'.repeat(Math.min(chars.length - 1, 3));
}

/**
 * Columns of the ledger import sheet (the template has them in this order; * = required), with
 * the other headers unions' own ledgers use for them. A header's note in brackets is ignored.
 */
export const LEDGER_IMPORT_COLUMNS = [
  { key: 'name', header: '姓名', required: true, aliases: ['职工姓名'] },
  { key: 'idNumber', header: '身份证号', required: true, aliases: ['身份证号码', '公民身份号码', '证件号码'] },
  { key: 'category', header: '困难类别', required: false, aliases: ['困难类型'] },
  { key: 'mainCause', header: '主要致困原因', required: true, aliases: ['致困原因'] },
  { key: 'secondaryCauses', header: '次要致困原因', required: false },
  { key: 'householdSize', header: '家庭人口', required: true, aliases: ['家庭人口数', '家庭人数'] },
  { key: 'yearlyIncome', header: '家庭年可支配收入（元）', required: true },
  { key: 'hardshipSpending', header: '刚性支出（元）', required: false },
  { key: 'housing', header: '住房情况', required: false },
  { key: 'assessedOn', header: '核定日期', required: true, aliases: ['认定日期'] },
  { key: 'filedOn', header: '建档日期', required: false, aliases: ['建档时间'] },
] as const;

export const LedgerImportResult = z.object({
  applied: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  /** Rows whose worker already has an open file: left as they are (re-importing changes nothing). */
  skipped: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })),
});
export const LedgerImportQuery = z.object({ mode: z.enum(['check', 'apply']).default('check') });

/** Permissions of this module: what each allows and which roles hold it (a system administrator holds all). */
export const HARDSHIP_PERMISSIONS = {
  'hardship:read': { label: '查看困难职工档案（家庭收支、健康和银行信息除外）', roles: ['union_admin', 'cadre', 'auditor'] },
  'hardship:write': { label: '建档申请、录入帮扶记录、解困脱困和销档', roles: ['union_admin', 'cadre'] },
  'hardship:verify': { label: '核查、公示和审批困难职工档案（不能审批本人录入的档案）', roles: ['union_admin'] },
  'hardship:sensitive': { label: '查看困难家庭收支、健康和银行账号（逐次留痕）', roles: ['union_admin'] },
  'hardship:export': { label: '导出困难职工台账（脱敏）', roles: ['union_admin', 'cadre'] },
} satisfies PermissionDefs;
declare module '../../shared/permissions.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface PermissionRegistry extends Record<keyof typeof HARDSHIP_PERMISSIONS, true> {}
}
