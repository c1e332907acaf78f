/**
 * 劳模关爱 — model workers: the honours a person holds (level, year, awarding body, certificate),
 * their status over time, the recurring allowances paid by honour level in monthly or yearly runs,
 * the care the unions give them, and the list of those who need it most.
 * Glossary: 劳动模范/劳模 model worker, 先进工作者 advanced worker, 五一劳动奖章 May Day labour medal,
 * 荣誉等级 honour level, 授予机关 awarding body, 证书编号 certificate number, 享受待遇 carries
 * benefits, 在职/退休/去世 working/retired/deceased, 荣誉津贴 honorary allowance, 生活补助 living
 * allowance, 发放批次 allowance run, 发放期间 period, 确认发放 confirm (by a second person), 发放表
 * payment file, 关爱记录 care record, 节日慰问 festival visit, 住院看望 hospital visit, 疗休养
 * recuperation, 重点关爱 priority care, 独居 living alone, 失能 incapacitated, 走访 visit,
 * 适老化改造 home retrofit (the retrofits module's). Money is integer fen.
 */
import { z, text, optionalText, nameText, id, queryId, int, money, date, oneOf, Paging, pageOf, searchQuery } from '../../shared/contract.ts';
import { chinaToday } from '../../shared/dates.ts';
import type { PermissionDefs } from '../../shared/permissions.ts';

export const MODELWORKERS_PERMISSIONS = {
  'modelworkers:view': { label: '查看劳模名册、荣誉、关爱记录和津贴台账', roles: ['union_admin', 'cadre', 'auditor'] },
  'modelworkers:manage': { label: '登记劳模荣誉、状态和关爱记录，导入荣誉名单', roles: ['union_admin', 'cadre'] },
  'modelworkers:pay': { label: '生成和确认劳模津贴发放（确认须由生成人以外的人）', roles: ['union_admin'] },
} satisfies PermissionDefs;
declare module '../../shared/permissions.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface PermissionRegistry extends Record<keyof typeof MODELWORKERS_PERMISSIONS, true> {}
}

// ---- honours ----

/** Honour levels, highest first (全国五一劳动奖章 is treated as provincial, DESIGN §6). */
export const HONOUR_LEVELS = ['national_model', 'national_advanced', 'national_mayday', 'ministerial', 'provincial', 'city'] as const;
export type HonourLevel = (typeof HONOUR_LEVELS)[number];
export const HONOUR_LEVEL_LABELS: Record<HonourLevel, string> = {
  national_model: '全国劳动模范',
  national_advanced: '全国先进工作者',
  national_mayday: '全国五一劳动奖章',
  ministerial: '省部级劳动模范',
  provincial: '自治区（省）级劳动模范',
  city: '盟市级劳动模范',
};
/**
 * The tags an honour puts on the person's record (自动标签, kept by the database, migrations:
 * modelworker_tags): 劳模 for every level, and one per level so a care campaign's rule can pick a
 * level by tag. Tags are at most 10 characters.
 */
export const MODEL_WORKER_TAG = '劳模';
export const HONOUR_LEVEL_TAGS: Record<HonourLevel, string> = {
  national_model: '全国劳模',
  national_advanced: '全国先进工作者',
  national_mayday: '全国五一奖章',
  ministerial: '省部级劳模',
  provincial: '省级劳模',
  city: '盟市级劳模',
};
/** Other names staff's own sheets give the levels (import). */
export const HONOUR_LEVEL_ALIASES: Record<string, HonourLevel> = {
  全国劳模: 'national_model',
  全国劳动模范称号: 'national_model',
  全国先进: 'national_advanced',
  五一劳动奖章: 'national_mayday',
  全国五一劳动奖章获得者: 'national_mayday',
  全国五一奖章: 'national_mayday',
  省部级: 'ministerial',
  省部级劳模: 'ministerial',
  自治区劳动模范: 'provincial',
  自治区级劳动模范: 'provincial',
  自治区级劳模: 'provincial',
  自治区劳模: 'provincial',
  省级劳动模范: 'provincial',
  省级劳模: 'provincial',
  自治区级: 'provincial',
  省级: 'provincial',
  盟市级: 'city',
  盟市级劳模: 'city',
  市级劳动模范: 'city',
  市级劳模: 'city',
  地市级: 'city',
  盟级劳动模范: 'city',
};

/** The first year an honour of the People's Republic can carry (the first national model workers' conference was in 1950). */
export const FIRST_HONOUR_YEAR = 1950;
const thisYear = () => Number(chinaToday().slice(0, 4));

/** 授予年份: a whole year, not after this year (China time). */
export const honourYear = () => int('授予年份', { min: FIRST_HONOUR_YEAR, max: 2100 }).refine((y) => y <= thisYear(), { message: '授予年份不能晚于今年' });

/** A certificate number as printed: letters, digits and the usual separators. */
export const certificateNo = () =>
  z
    .string({ error: '证书编号必须是文字' })
    .trim()
    .max(40, '证书编号不能超过 40 个字')
    .refine((v) => v === '' || /^[0-9A-Za-z\u4e00-\u9fff（）()〔〕【】\-—_/·.]+$/u.test(v), '证书编号只能包含字母、数字、汉字和 - _ / 等符号')
    .nullish()
    .transform((v) => (v ? v : null));

export const HonourInput = z.object({
  level: oneOf(HONOUR_LEVELS, '荣誉等级'),
  year: honourYear(),
  awardingBody: nameText('授予机关', { max: 60 }),
  certificateNo: certificateNo(),
  /** 享受劳模待遇: only such honours count for allowances. */
  withBenefits: z.boolean({ error: '请选择是否享受待遇' }).default(true),
  note: optionalText('备注', { max: 200 }),
});
export type HonourInput = z.infer<typeof HonourInput>;

export const RevokeHonourInput = z.object({
  revokedOn: date('撤销日期').refine((d) => d <= chinaToday(), { message: '撤销日期不能晚于今天' }),
  reason: text('撤销原因', { max: 200 }),
});
export type RevokeHonourInput = z.infer<typeof RevokeHonourInput>;

export const HonourView = z.object({
  id: z.number().int(),
  level: z.enum(HONOUR_LEVELS),
  year: z.number().int(),
  awardingBody: z.string(),
  certificateNo: z.string().nullable(),
  withBenefits: z.boolean(),
  note: z.string().nullable(),
  revokedOn: z.string().nullable(),
  revokeReason: z.string().nullable(),
  createdAt: z.string(),
});
export type HonourView = z.infer<typeof HonourView>;

// ---- status over time ----

export const MW_STATUSES = ['working', 'retired', 'deceased'] as const;
export type MwStatus = (typeof MW_STATUSES)[number];
export const MW_STATUS_LABELS: Record<MwStatus, string> = { working: '在职', retired: '退休', deceased: '去世' };

export const StatusInput = z.object({
  status: oneOf(MW_STATUSES, '状态'),
  since: date('变更日期').refine((d) => d <= chinaToday(), { message: '变更日期不能晚于今天' }),
  note: optionalText('说明', { max: 200 }),
});
export type StatusInput = z.infer<typeof StatusInput>;

export const StatusView = z.object({
  id: z.number().int(),
  status: z.enum(MW_STATUSES),
  since: z.string(),
  note: z.string().nullable(),
  by: z.string().nullable(),
  at: z.string(),
});

// ---- the care profile ----

export const DISABILITIES = ['none', 'disabled', 'semi_incapacitated', 'incapacitated'] as const;
export type Disability = (typeof DISABILITIES)[number];
export const DISABILITY_LABELS: Record<Disability, string> = { none: '无', disabled: '残疾', semi_incapacitated: '半失能', incapacitated: '失能' };

export const ProfileInput = z.object({
  livingAlone: z.boolean({ error: '请选择是否独居' }),
  disability: oneOf(DISABILITIES, '残疾或失能情况'),
  /** 患病情况: filled in means the person is ill (a priority reason). */
  illness: optionalText('患病情况', { max: 100 }),
  note: optionalText('照护说明', { max: 300, multiline: true }),
});
export type ProfileInput = z.infer<typeof ProfileInput>;

export const ProfileView = z.object({
  livingAlone: z.boolean(),
  disability: z.enum(DISABILITIES),
  illness: z.string().nullable(),
  note: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

// ---- care records ----

export const CARE_KINDS = ['festival_visit', 'birthday', 'home_visit', 'hospital_visit', 'checkup', 'recuperation', 'hardship_support'] as const;
export type CareKind = (typeof CARE_KINDS)[number];
export const CARE_KIND_LABELS: Record<CareKind, string> = {
  festival_visit: '节日慰问',
  birthday: '生日慰问',
  home_visit: '走访看望',
  hospital_visit: '住院看望',
  checkup: '健康体检',
  recuperation: '疗休养',
  hardship_support: '特殊困难帮扶',
};
/** The kinds that are a visit: the priority list counts the last of them. */
export const VISIT_KINDS: readonly CareKind[] = ['festival_visit', 'birthday', 'home_visit', 'hospital_visit'];
/** In the care timeline, a care campaign's hand-out (read from the campaign's ledger, never typed in twice). */
export const CARE_VIEW_KINDS = [...CARE_KINDS, 'campaign'] as const;
export const CARE_VIEW_LABELS: Record<(typeof CARE_VIEW_KINDS)[number], string> = { ...CARE_KIND_LABELS, campaign: '慰问活动' };

export const CareInput = z
  .object({
    kind: oneOf(CARE_KINDS, '关爱类型'),
    on: date('日期').refine((d) => d <= chinaToday(), { message: '日期不能晚于今天' }),
    /** Where: the hospital, the recuperation place, the home. */
    place: optionalText('地点', { max: 100 }),
    visitors: optionalText('慰问人', { max: 100 }),
    detail: optionalText('情况记录', { max: 500, multiline: true }),
    /** 慰问金 or the value of what was given. */
    amountFen: money('慰问金额')
      .nullish()
      .transform((v) => v ?? null),
    /** 特殊困难帮扶: the hardship ledger's case file, linked by id (its assistance stays in the hardship ledger). */
    hardshipCaseId: id('困难职工档案')
      .nullish()
      .transform((v) => v ?? null),
  })
  .superRefine((c, ctx) => {
    if (c.kind === 'hardship_support' && !c.hardshipCaseId)
      ctx.addIssue({ code: 'custom', path: ['hardshipCaseId'], message: '特殊困难帮扶须关联困难职工档案' });
    if (c.kind !== 'hardship_support' && c.hardshipCaseId)
      ctx.addIssue({ code: 'custom', path: ['hardshipCaseId'], message: '只有特殊困难帮扶关联困难职工档案' });
    if (c.kind === 'hardship_support' && c.amountFen)
      ctx.addIssue({ code: 'custom', path: ['amountFen'], message: '帮扶金额记在困难职工档案的帮扶记录中，这里不再填写' });
  });
export type CareInput = z.infer<typeof CareInput>;

export const CareView = z.object({
  /** The record's id; a campaign hand-out's is its ledger line's. */
  id: z.number().int(),
  kind: z.enum(CARE_VIEW_KINDS),
  on: z.string(),
  place: z.string().nullable(),
  visitors: z.string().nullable(),
  detail: z.string().nullable(),
  amountFen: z.number().int().nullable(),
  /** The union that gave it. */
  org: z.string(),
  hardshipCase: z.object({ id: z.number().int(), caseNo: z.string(), status: z.string() }).nullable(),
  campaign: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  by: z.string().nullable(),
});
export type CareView = z.infer<typeof CareView>;

// ---- priority care ----

export const PRIORITY_REASONS = ['aged', 'disabled', 'incapacitated', 'living_alone', 'ill', 'hospital'] as const;
export type PriorityReasonCode = (typeof PRIORITY_REASONS)[number];
export const PRIORITY_REASON_LABELS: Record<PriorityReasonCode, string> = {
  aged: '高龄',
  disabled: '残疾',
  incapacitated: '失能或半失能',
  living_alone: '独居',
  ill: '患病',
  hospital: '近期住院',
};
/** Where no union has set its own: 80 周岁 (the retrofit pilot's rule) and a visit every 90 days. */
export const PRIORITY_AGE_DEFAULT = 80;
export const PRIORITY_VISIT_DAYS_DEFAULT = 90;

export const PriorityReason = z.object({
  code: z.enum(PRIORITY_REASONS),
  /** 高龄: the age in 周岁 and the union's threshold. */
  age: z.number().int().nullable(),
  threshold: z.number().int().nullable(),
  /** 患病: the illness as recorded. */
  note: z.string().nullable(),
  /** 近期住院: the day of the hospital visit. */
  on: z.string().nullable(),
});
export type PriorityReason = z.infer<typeof PriorityReason>;

// ---- the register ----

export const ListModelWorkersQuery = Paging.extend({
  q: searchQuery('姓名'),
  level: oneOf(HONOUR_LEVELS, '荣誉等级').optional(),
  status: oneOf(MW_STATUSES, '状态').optional(),
  orgId: queryId('单位').optional(),
});
export type ListModelWorkersQuery = z.infer<typeof ListModelWorkersQuery>;

const OrgRef = z.object({ id: z.number().int(), name: z.string() });

export const ModelWorkerRow = z.object({
  /** The person's id in 职工档案 (the register is of people). */
  id: z.number().int(),
  name: z.string(),
  sex: z.enum(['male', 'female']),
  age: z.number().int(),
  idMasked: z.string(),
  org: OrgRef,
  /** Levels of the honours in force, highest first, with the year. */
  honours: z.array(z.object({ level: z.enum(HONOUR_LEVELS), year: z.number().int() })),
  withBenefits: z.boolean(),
  status: z.enum(MW_STATUSES),
});
export type ModelWorkerRow = z.infer<typeof ModelWorkerRow>;
export const ModelWorkerPage = pageOf(ModelWorkerRow);
export type ModelWorkerPage = z.infer<typeof ModelWorkerPage>;

export const PersonIdParams = z.object({ id: queryId('职工') });
export const HonourParams = z.object({ id: queryId('职工'), honourId: queryId('荣誉') });

export const AllowanceLineView = z.object({
  id: z.number().int(),
  runId: z.number().int(),
  kind: z.enum(['honorary', 'living']),
  period: z.string(),
  level: z.enum(HONOUR_LEVELS),
  amountFen: z.number().int(),
  /** draft: listed in a run waiting for confirmation; paid: confirmed. */
  state: z.enum(['draft', 'paid']),
  paidOn: z.string().nullable(),
  /** The union whose run paid it. */
  org: z.string(),
});
export type AllowanceLineView = z.infer<typeof AllowanceLineView>;

/** A model worker's page: the person, honours, status history, care profile and timeline, allowance ledger, why they are a priority. */
export const ModelWorkerView = z.object({
  id: z.number().int(),
  name: z.string(),
  sex: z.enum(['male', 'female']),
  birthDate: z.string(),
  age: z.number().int(),
  idMasked: z.string(),
  phoneMasked: z.string().nullable(),
  address: z.string().nullable(),
  org: OrgRef,
  tags: z.array(z.string()),
  status: z.object({
    status: z.enum(MW_STATUSES),
    since: z.string().nullable(),
    /** No status recorded yet: read from the registry's work status (退休/内退 → 退休, else 在职). */
    fromRegistry: z.boolean(),
  }),
  statuses: z.array(StatusView),
  honours: z.array(HonourView),
  profile: ProfileView,
  care: z.array(CareView),
  allowances: z.array(AllowanceLineView),
  reasons: z.array(PriorityReason),
  lastVisitOn: z.string().nullable(),
  /** The person's hardship files the caller may see, to link special hardship support to. */
  hardshipCases: z.array(z.object({ id: z.number().int(), caseNo: z.string(), status: z.string() })),
  can: z.object({ manage: z.boolean() }),
});
export type ModelWorkerView = z.infer<typeof ModelWorkerView>;

// ---- the priority list ----

export const ListPriorityQuery = Paging.extend({
  /** 1: only those without a visit within the interval (the default worklist); 0: everyone on the list. */
  due: z.enum(['0', '1'], { error: '请选择是否只看待走访' }).default('1'),
  reason: oneOf(PRIORITY_REASONS, '关爱原因').optional(),
  orgId: queryId('单位').optional(),
});
export type ListPriorityQuery = z.infer<typeof ListPriorityQuery>;

export const PriorityRow = z.object({
  id: z.number().int(),
  name: z.string(),
  age: z.number().int(),
  sex: z.enum(['male', 'female']),
  org: OrgRef,
  honours: z.array(z.object({ level: z.enum(HONOUR_LEVELS), year: z.number().int() })),
  status: z.enum(MW_STATUSES),
  reasons: z.array(PriorityReason),
  lastVisitOn: z.string().nullable(),
  /** The visit interval (days) at the person's union. */
  visitDays: z.number().int(),
  due: z.boolean(),
});
export type PriorityRow = z.infer<typeof PriorityRow>;
export const PriorityPage = pageOf(PriorityRow);
export type PriorityPage = z.infer<typeof PriorityPage>;

// ---- allowances ----

export const ALLOWANCE_KINDS = ['honorary', 'living'] as const;
export type AllowanceKind = (typeof ALLOWANCE_KINDS)[number];
export const ALLOWANCE_KIND_LABELS: Record<AllowanceKind, string> = { honorary: '荣誉津贴', living: '生活补助' };
/** 荣誉津贴 is paid by the month, 生活补助 once a year. */
export const ALLOWANCE_FREQUENCY: Record<AllowanceKind, 'monthly' | 'yearly'> = { honorary: 'monthly', living: 'yearly' };

/** The policy parameter (政策参数) of an allowance's amount for a level: `mw_<kind>_<level>`, in fen. */
export const allowancePolicyKey = (kind: AllowanceKind, level: HonourLevel) => `mw_${kind}_${level}` as const;

const MONTHLY = /^(\d{4})-(0[1-9]|1[0-2])$/;
const YEARLY = /^\d{4}$/;
/** The first day of a period: 2026-03 → 2026-03-01, 2026 → 2026-01-01. */
export const periodStart = (period: string) => (YEARLY.test(period) ? `${period}-01-01` : `${period}-01`);
/** 2026年3月, 2026年度. */
export const periodLabel = (period: string) => (YEARLY.test(period) ? `${period}年度` : `${period.slice(0, 4)}年${Number(period.slice(5, 7))}月`);
/** The period of `kind` that `day` falls in. */
export const periodOf = (kind: AllowanceKind, day: string) => (ALLOWANCE_FREQUENCY[kind] === 'yearly' ? day.slice(0, 4) : day.slice(0, 7));

export const RunInput = z
  .object({
    orgId: id('发放单位'),
    kind: oneOf(ALLOWANCE_KINDS, '津贴类型'),
    /** 2026-03 for a monthly allowance, 2026 for a yearly one. */
    period: z.string({ error: '请填写发放期间' }).trim().max(7, '发放期间格式不正确'),
  })
  .superRefine((r, ctx) => {
    const monthly = ALLOWANCE_FREQUENCY[r.kind] === 'monthly';
    if (!(monthly ? MONTHLY : YEARLY).test(r.period)) {
      ctx.addIssue({
        code: 'custom',
        path: ['period'],
        message: monthly ? '荣誉津贴按月发放，发放期间格式为 2026-03' : '生活补助按年发放，发放期间格式为 2026',
      });
      return;
    }
    if (Number(r.period.slice(0, 4)) < FIRST_HONOUR_YEAR) ctx.addIssue({ code: 'custom', path: ['period'], message: '发放期间过早' });
    else if (r.period > periodOf(r.kind, chinaToday())) ctx.addIssue({ code: 'custom', path: ['period'], message: '发放期间不能晚于本期' });
  });
export type RunInput = z.infer<typeof RunInput>;

export const CancelRunInput = z.object({ reason: text('作废原因', { max: 200 }) });

export const RUN_STATUSES = ['draft', 'paid', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const RUN_STATUS_LABELS: Record<RunStatus, string> = { draft: '待确认', paid: '已发放', cancelled: '已取消' };

export const ListRunsQuery = Paging.extend({
  status: oneOf(RUN_STATUSES, '状态').optional(),
  kind: oneOf(ALLOWANCE_KINDS, '津贴类型').optional(),
});
export type ListRunsQuery = z.infer<typeof ListRunsQuery>;

export const RunView = z.object({
  id: z.number().int(),
  org: OrgRef,
  kind: z.enum(ALLOWANCE_KINDS),
  period: z.string(),
  status: z.enum(RUN_STATUSES),
  persons: z.number().int(),
  amountFen: z.number().int(),
  /** Left out when the run was made: already dead before the period, no amount set for their level, already in another run of the period. */
  excluded: z.object({ deceased: z.number().int(), noStandard: z.number().int(), elsewhere: z.number().int() }),
  /** Taken off at confirmation: died or lost the honour since the run was made. */
  removed: z.number().int(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  confirmedBy: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  paidOn: z.string().nullable(),
  cancelReason: z.string().nullable(),
  can: z.object({ confirm: z.boolean(), cancel: z.boolean() }),
});
export type RunView = z.infer<typeof RunView>;
export const RunPage = pageOf(RunView);
export type RunPage = z.infer<typeof RunPage>;

export const RunIdParams = z.object({ id: queryId('发放批次') });
export const RunLinesQuery = Paging.extend({ q: searchQuery('姓名') });

export const RunLineView = z.object({
  id: z.number().int(),
  personId: z.number().int(),
  name: z.string(),
  idMasked: z.string(),
  org: z.string(),
  level: z.enum(HONOUR_LEVELS),
  honourYear: z.number().int(),
  amountFen: z.number().int(),
});
export type RunLineView = z.infer<typeof RunLineView>;

export const RunDetail = z.object({
  run: RunView,
  byLevel: z.array(z.object({ level: z.enum(HONOUR_LEVELS), persons: z.number().int(), amountFen: z.number().int() })),
  lines: pageOf(RunLineView),
});
export type RunDetail = z.infer<typeof RunDetail>;

// ---- import of honour lists ----

export const HONOUR_IMPORT_COLUMNS = [
  { key: 'name', header: '姓名', required: true },
  { key: 'idNumber', header: '身份证号', required: true, aliases: ['身份证号码', '公民身份号码', '证件号码'] },
  { key: 'level', header: '荣誉等级', required: true, aliases: ['荣誉称号', '称号', '级别'] },
  { key: 'year', header: '授予年份', required: true, aliases: ['获评年份', '表彰年份', '年份'] },
  { key: 'awardingBody', header: '授予机关', required: true, aliases: ['表彰单位', '授予单位'] },
  { key: 'certificateNo', header: '证书编号', required: false, aliases: ['证书号'] },
  { key: 'withBenefits', header: '享受待遇', required: false, aliases: ['是否享受待遇', '享受劳模待遇'] },
  { key: 'note', header: '备注', required: false },
] as const;
export type HonourImportKey = (typeof HONOUR_IMPORT_COLUMNS)[number]['key'];

export const HonourImportQuery = z.object({ mode: z.enum(['check', 'apply'], { error: '请选择检查或导入' }).default('check') });
export const HonourImportResult = z.object({
  applied: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  /** Rows naming an honour the person already has (same level and year): left as they are, so a second import changes nothing. */
  skipped: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })),
});
export type HonourImportResult = z.infer<typeof HonourImportResult>;
