/**
 * 健康守护 — check-up programmes (体检项目) for a year with a target rule, partner hospitals (合作医院)
 * and their packages (体检套餐) per group, bookable slots (预约时段) per hospital and day, bookings
 * (预约) by the worker on the portal or by a union in bulk, attendance (到检), results (体检结果)
 * imported from the hospitals' sheets with abnormal findings (异常) flagged, follow-up tasks (随访)
 * and coverage (覆盖率) by occupation and union.
 *
 * Health data is sensitive personal information (PIPL art. 28): results and follow-ups need their
 * own permission (`health:results`), every read of them is audited, statistics give counts only,
 * and a booking records consent — the worker's own on the portal, or on whose word a union booked.
 */
import { z, date, id, int, nameText, oneOf, optionalText, pageOf, queryId, queryInt, text } from '../../shared/contract.ts';
import type { PermissionDefs } from '../../shared/permissions.ts';
import { EligibilityRule, EligibilityRuleView } from '../people/eligibility.contract.ts';

export { EligibilityRule, EligibilityRuleView };

export const HEALTH_PERMISSIONS = {
  'health:read': { label: '查看体检项目、医院、时段、预约名单和汇总统计（不含体检结果）', roles: ['union_admin', 'cadre', 'auditor'] },
  'health:manage': { label: '管理体检项目：设置医院套餐和时段、代为预约、登记到检', roles: ['union_admin', 'cadre'] },
  'health:results': { label: '导入和查看体检结果、处理异常随访（敏感个人信息，逐次留痕）', roles: ['union_admin'] },
} satisfies PermissionDefs;
declare module '../../shared/permissions.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface PermissionRegistry extends Record<keyof typeof HEALTH_PERMISSIONS, true> {}
}

/** Who a package is for: outdoor workers, women workers' two-cancer screening, occupational-disease exams. */
export const PACKAGE_GROUPS = ['outdoor', 'women', 'occupational', 'general'] as const;
export type PackageGroup = (typeof PACKAGE_GROUPS)[number];
export const PACKAGE_GROUP_LABELS: Record<PackageGroup, string> = {
  outdoor: '户外劳动者体检',
  women: '女职工“两癌”筛查',
  occupational: '职业病检查',
  general: '普通体检',
};

export const PROGRAMME_STATUSES = ['draft', 'open', 'closed'] as const;
export type ProgrammeStatus = (typeof PROGRAMME_STATUSES)[number];
export const PROGRAMME_STATUS_LABELS: Record<ProgrammeStatus, string> = { draft: '草稿', open: '预约中', closed: '已结束' };

export const BOOKING_STATUSES = ['booked', 'attended'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
export const BOOKING_STATUS_LABELS: Record<BookingStatus, string> = { booked: '已预约', attended: '已到检' };

export const BOOKING_SOURCES = ['worker', 'union'] as const;
export const BOOKING_SOURCE_LABELS: Record<(typeof BOOKING_SOURCES)[number], string> = { worker: '本人预约', union: '工会代约' };

export const FOLLOWUP_STATUSES = ['open', 'done'] as const;
export type FollowupStatus = (typeof FOLLOWUP_STATUSES)[number];
export const FOLLOWUP_STATUS_LABELS: Record<FollowupStatus, string> = { open: '待随访', done: '已随访' };

// ---- Programmes, hospitals, packages, slots -------------------------------------------------------

export const ProgrammeInput = z.object({
  orgId: id('主办单位'),
  year: int('年度', { min: 2000, max: 2100 }),
  title: nameText('项目名称', { max: 60 }),
  description: optionalText('说明', { max: 2000, multiline: true }),
  /** Who may be booked; null: every worker of the organiser's subtree. */
  audience: EligibilityRule.nullable(),
});
export type ProgrammeInput = z.infer<typeof ProgrammeInput>;

export const ProgrammeStatusInput = z.object({ status: oneOf(PROGRAMME_STATUSES, '项目状态') });

export const HospitalInput = z.object({
  name: nameText('医院名称', { max: 60 }),
  address: optionalText('地址', { max: 200 }),
  phone: optionalText('联系电话', { max: 40 }),
});
export type HospitalInput = z.infer<typeof HospitalInput>;

export const PackageInput = z.object({
  hospitalId: id('医院'),
  group: oneOf(PACKAGE_GROUPS, '适用人群'),
  name: nameText('套餐名称', { max: 60 }),
  examItems: text('检查项目', { max: 1000, multiline: true }),
});
export type PackageInput = z.infer<typeof PackageInput>;

/** 时段生成: one slot per day from `from` to `to` on the chosen weekdays (1 = Monday … 7 = Sunday), days already there kept. */
export const SlotGenerateInput = z
  .object({
    hospitalId: id('医院'),
    from: date('开始日期'),
    to: date('结束日期'),
    capacity: int('每日名额', { min: 1, max: 10_000 }),
    weekdays: z
      .array(int('星期', { min: 1, max: 7 }))
      .min(1, '请至少选择一个星期几')
      .max(7)
      .default([1, 2, 3, 4, 5]),
  })
  .refine((v) => v.to >= v.from, { message: '结束日期不能早于开始日期', path: ['to'] })
  .refine((v) => (Date.parse(v.to) - Date.parse(v.from)) / 86_400_000 <= 366, { message: '一次最多生成一年的时段', path: ['to'] });
export type SlotGenerateInput = z.infer<typeof SlotGenerateInput>;

export const SlotCapacityInput = z.object({ capacity: int('名额', { min: 0, max: 10_000 }) });

export const IdParams = z.object({ id: queryId('编号') });
export const SlotParams = z.object({ id: queryId('体检项目'), slotId: queryId('时段') });

export const HospitalView = z.object({ id: z.number().int(), name: z.string(), address: z.string().nullable(), phone: z.string().nullable() });
export const PackageView = z.object({
  id: z.number().int(),
  hospitalId: z.number().int(),
  group: z.enum(PACKAGE_GROUPS),
  name: z.string(),
  examItems: z.string(),
});
export const SlotView = z.object({
  id: z.number().int(),
  hospitalId: z.number().int(),
  day: z.string(),
  capacity: z.number().int(),
  booked: z.number().int(),
});
export type SlotView = z.infer<typeof SlotView>;

export const ProgrammeSummary = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  year: z.number().int(),
  title: z.string(),
  status: z.enum(PROGRAMME_STATUSES),
  booked: z.number().int(),
  attended: z.number().int(),
  capacity: z.number().int(),
  createdAt: z.string(),
});
export type ProgrammeSummary = z.infer<typeof ProgrammeSummary>;

export const ProgrammeView = ProgrammeSummary.extend({
  description: z.string().nullable(),
  audience: EligibilityRuleView.nullable(),
  /** People of the organiser's subtree (and the reader's) the rule reaches. */
  reach: z.number().int(),
  hospitals: z.array(HospitalView),
  packages: z.array(PackageView),
  slots: z.array(SlotView),
  can: z.object({ manage: z.boolean(), results: z.boolean() }),
});
export type ProgrammeView = z.infer<typeof ProgrammeView>;

export const ListProgrammesQuery = z.object({
  year: queryInt('年度', { min: 2000, max: 2100 }).optional(),
  page: queryInt('页码', { min: 1, max: 100_000 }).default(1),
  pageSize: queryInt('每页条数', { min: 1, max: 200, message: '每页最多 200 条' }).default(20),
});
export const ProgrammePage = pageOf(ProgrammeSummary);

// ---- Bookings --------------------------------------------------------------------------------------

/**
 * 代为预约: a list of people, or everyone the rule reaches in the actor's subtree not booked yet (as
 * many as the slot has places), into one slot. `consentBasis` says on whose word the union books
 * (PIPL art. 29: separate consent for sensitive data) — e.g. 职工本人书面同意，由环卫中心工会统一报名.
 */
export const BulkBookingInput = z
  .object({
    slotId: id('时段'),
    packageId: id('套餐')
      .nullish()
      .transform((v) => v ?? null),
    personIds: z.array(id('职工')).max(2000, '一次最多代约 2000 人').default([]),
    byRule: z.boolean().default(false),
    consentBasis: text('同意依据', { max: 200 }),
  })
  .refine((v) => v.byRule || v.personIds.length > 0, { message: '请选择要预约的职工，或按对象条件预约', path: ['personIds'] });
export type BulkBookingInput = z.infer<typeof BulkBookingInput>;

export const BulkBookingResult = z.object({ booked: z.number().int(), slotId: z.number().int(), placesLeft: z.number().int() });

export const WorkerBookingInput = z.object({
  slotId: id('时段'),
  packageId: id('套餐')
    .nullish()
    .transform((v) => v ?? null),
  /** The worker's own consent to the hospital and the union handling their health data. */
  consent: z.literal(true, { error: '请阅读并同意《体检健康信息处理告知书》后再预约' }),
});
export type WorkerBookingInput = z.infer<typeof WorkerBookingInput>;

export const AttendanceInput = z.object({ attended: z.boolean({ error: '请选择是否到检' }) });
export const CancelBookingInput = z.object({ reason: text('取消原因', { max: 200 }) });

export const BookingRow = z.object({
  id: z.number().int(),
  programmeId: z.number().int(),
  personId: z.number().int(),
  name: z.string(),
  idMasked: z.string(),
  occupation: z.string().nullable(),
  orgId: z.number().int(),
  orgName: z.string(),
  hospitalName: z.string(),
  day: z.string(),
  slotId: z.number().int(),
  packageName: z.string().nullable(),
  status: z.enum(BOOKING_STATUSES),
  source: z.enum(BOOKING_SOURCES),
  consentBasis: z.string(),
  hasResults: z.boolean(),
  createdAt: z.string(),
});
export type BookingRow = z.infer<typeof BookingRow>;

export const ListBookingsQuery = z.object({
  status: oneOf(BOOKING_STATUSES, '预约状态').optional(),
  slotId: queryId('时段').optional(),
  page: queryInt('页码', { min: 1, max: 100_000 }).default(1),
  pageSize: queryInt('每页条数', { min: 1, max: 200, message: '每页最多 200 条' }).default(20),
});
export const BookingPage = pageOf(BookingRow);

// ---- Results and follow-ups -----------------------------------------------------------------------

export const RESULT_IMPORT_COLUMNS = [
  { key: 'idNumber', header: '身份证号', required: true, aliases: ['身份证号码', '证件号码', '证件号'] },
  { key: 'name', header: '姓名', required: false },
  { key: 'item', header: '检查项目', required: true, aliases: ['项目', '项目名称', '检验项目'] },
  { key: 'value', header: '结果', required: true, aliases: ['检查结果', '结果值', '检验结果'] },
  { key: 'unit', header: '单位', required: false },
  { key: 'range', header: '参考范围', required: false, aliases: ['参考值', '参考区间'] },
  { key: 'flag', header: '异常标志', required: false, aliases: ['提示', '异常提示', '标志'] },
] as const;
export type ResultColumnKey = (typeof RESULT_IMPORT_COLUMNS)[number]['key'];

export const ResultImportQuery = z.object({ mode: z.enum(['check', 'apply']).default('check') });
export const ResultImportResult = z.object({
  applied: z.boolean(),
  rows: z.number().int(),
  /** Result lines flagged abnormal (by the hospital's flag or outside the reference range). */
  abnormal: z.number().int(),
  /** Follow-up tasks opened for people with a new abnormal finding. */
  followUps: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })),
});
export type ResultImportResult = z.infer<typeof ResultImportResult>;

export const ResultLine = z.object({
  item: z.string(),
  value: z.string(),
  unit: z.string().nullable(),
  range: z.string().nullable(),
  flag: z.string().nullable(),
  abnormal: z.boolean(),
});
export const BookingResults = z.object({ bookingId: z.number().int(), name: z.string(), lines: z.array(ResultLine) });

export const FollowupRow = z.object({
  id: z.number().int(),
  bookingId: z.number().int(),
  programmeId: z.number().int(),
  programmeTitle: z.string(),
  personId: z.number().int(),
  name: z.string(),
  orgName: z.string(),
  findings: z.string(),
  status: z.enum(FOLLOWUP_STATUSES),
  dueOn: z.string(),
  note: z.string().nullable(),
  remindedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type FollowupRow = z.infer<typeof FollowupRow>;
export const ListFollowupsQuery = z.object({
  status: oneOf(FOLLOWUP_STATUSES, '随访状态').optional(),
  programmeId: queryId('体检项目').optional(),
  page: queryInt('页码', { min: 1, max: 100_000 }).default(1),
  pageSize: queryInt('每页条数', { min: 1, max: 200, message: '每页最多 200 条' }).default(20),
});
export const FollowupPage = pageOf(FollowupRow);
export const FollowupDoneInput = z.object({ note: text('随访情况', { max: 500, multiline: true }) });

// ---- Statistics (counts only) ----------------------------------------------------------------------

export const StatsRow = z.object({
  key: z.string(),
  label: z.string(),
  /** People the rule reaches. */
  audience: z.number().int(),
  booked: z.number().int(),
  /** Checked (attended or with results). */
  done: z.number().int(),
  /** People with at least one abnormal finding. */
  abnormal: z.number().int(),
  followedUp: z.number().int(),
});
export const ProgrammeStats = z.object({ total: StatsRow, byOccupation: z.array(StatsRow), byOrg: z.array(StatsRow) });
export type ProgrammeStats = z.infer<typeof ProgrammeStats>;
export const StatsQuery = z.object({ orgId: queryId('单位').optional() });

// ---- Portal ----------------------------------------------------------------------------------------

export const MyBooking = z.object({
  id: z.number().int(),
  programmeId: z.number().int(),
  programmeTitle: z.string(),
  hospitalName: z.string(),
  hospitalAddress: z.string().nullable(),
  day: z.string(),
  packageName: z.string().nullable(),
  status: z.enum(BOOKING_STATUSES),
  source: z.enum(BOOKING_SOURCES),
  /** A summary only: how many items, how many abnormal; the hospital gives the full report. */
  results: z.object({ items: z.number().int(), abnormal: z.number().int(), abnormalItems: z.array(z.string()) }).nullable(),
  followUp: z.object({ status: z.enum(FOLLOWUP_STATUSES), dueOn: z.string() }).nullable(),
});
export type MyBooking = z.infer<typeof MyBooking>;

export const WorkerProgramme = z.object({
  id: z.number().int(),
  year: z.number().int(),
  title: z.string(),
  description: z.string().nullable(),
  orgName: z.string(),
  hospitals: z.array(HospitalView),
  packages: z.array(PackageView),
  /** Slots from today on. */
  slots: z.array(SlotView),
  myBooking: MyBooking.nullable(),
});
export type WorkerProgramme = z.infer<typeof WorkerProgramme>;
