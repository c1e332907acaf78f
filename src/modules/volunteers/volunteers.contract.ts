/**
 * 志愿服务 — union volunteers: people of the registry who give their time, in teams, on service
 * projects with shifts; their time is recorded to the minute by scanning the venue's QR code when
 * they arrive and when they leave (签到 / 签退), at most three pairs per person per project per day,
 * as the national volunteer service system does; time not scanned is back-filled only with a
 * manager's approval. Services are also ordered by workers or unions (三单制: 群众点单, 工会派单,
 * 志愿者接单), done and rated. Certificates of service time (志愿服务记录证明) follow the Ministry of
 * Civil Affairs' 2020 rules and carry a code anyone can check on a public page.
 * Glossary: 志愿者 volunteer, 服务队 team, 服务项目 project, 班次 shift, 报名 sign-up, 签到/签退
 * check-in/out, 服务时长 service time, 补录 back-fill, 点单/派单/接单 order/dispatch/accept,
 * 评价 rating, 志愿服务记录证明 certificate, 验证码 verification code.
 */
import { z, text, optionalText, nameText, id, queryId, int, oneOf, Paging, pageOf, searchQuery, instant } from '../../shared/contract.ts';
import type { PermissionDefs } from '../../shared/permissions.ts';

export const VOLUNTEERS_PERMISSIONS = {
  // Not the 'volunteer' staff role (duty at pick-up points): the roster holds other people's names; a volunteer's own time is on the portal.
  'volunteers:read': { label: '查看志愿者、服务项目、时长和派单', roles: ['union_admin', 'cadre', 'auditor'] },
  'volunteers:manage': {
    label: '管理志愿服务：登记志愿者、组建服务队、发布项目和班次、派单、出具证明',
    roles: ['union_admin', 'cadre'],
  },
  'volunteers:approve': { label: '审核补录的服务时长', roles: ['union_admin'] },
} satisfies PermissionDefs;
declare module '../../shared/permissions.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface PermissionRegistry extends Record<keyof typeof VOLUNTEERS_PERMISSIONS, true> {}
}

/** What a volunteer can do (the order is the order shown). */
export const SKILLS = ['legal', 'medical', 'psych', 'teaching', 'culture', 'repair', 'driving', 'registration', 'caring', 'it'] as const;
export type Skill = (typeof SKILLS)[number];
export const SKILL_LABELS: Record<Skill, string> = {
  legal: '法律咨询',
  medical: '医疗健康',
  psych: '心理疏导',
  teaching: '教育培训',
  culture: '文艺宣传',
  repair: '维修服务',
  driving: '驾驶',
  registration: '登记引导',
  caring: '陪伴照护',
  it: '信息技术',
};

/** When a volunteer can usually give time. */
export const AVAILABILITY = ['weekday', 'evening', 'weekend'] as const;
export type Availability = (typeof AVAILABILITY)[number];
export const AVAILABILITY_LABELS: Record<Availability, string> = { weekday: '工作日白天', evening: '工作日晚上', weekend: '周末和节假日' };

export const VOLUNTEER_STATUSES = ['active', 'left'] as const;
export type VolunteerStatus = (typeof VOLUNTEER_STATUSES)[number];
export const VOLUNTEER_STATUS_LABELS: Record<VolunteerStatus, string> = { active: '在册', left: '已退出' };

/** What a project or an order serves (the 五进 services and the union's own). */
export const SERVICE_KINDS = ['legal', 'health', 'culture', 'care', 'skills', 'event', 'other'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];
export const SERVICE_KIND_LABELS: Record<ServiceKind, string> = {
  legal: '法律服务',
  health: '健康服务',
  culture: '文化服务',
  care: '关爱帮扶',
  skills: '技能培训',
  event: '活动保障',
  other: '其他服务',
};

export const PROJECT_STATUSES = ['open', 'closed'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = { open: '进行中', closed: '已结束' };

/** How a piece of service time came to be recorded. */
export const RECORD_SOURCES = ['qr', 'backfill', 'order'] as const;
export type RecordSource = (typeof RECORD_SOURCES)[number];
export const RECORD_SOURCE_LABELS: Record<RecordSource, string> = { qr: '扫码签到签退', backfill: '补录', order: '派单服务' };

/** open: checked in, not out yet; pending: back-filled, waiting for approval; valid counts; rejected does not. */
export const RECORD_STATUSES = ['open', 'pending', 'valid', 'rejected'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];
export const RECORD_STATUS_LABELS: Record<RecordStatus, string> = { open: '已签到', pending: '待审核', valid: '有效', rejected: '未通过' };

/** 三单制: ordered (群众点单) → dispatched (工会派单) → accepted (志愿者接单) → done → rated; or declined / cancelled. */
export const ORDER_STATUSES = ['ordered', 'dispatched', 'accepted', 'done', 'rated', 'declined', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  ordered: '待派单',
  dispatched: '待接单',
  accepted: '服务中',
  done: '待评价',
  rated: '已评价',
  declined: '未受理',
  cancelled: '已取消',
};

/** Check-in/out pairs a volunteer may record per project per day (the national system's rule). */
export const MAX_PAIRS_PER_DAY = 3;
/** A check-in is taken from this long before the shift starts. */
export const EARLY_CHECKIN_MINUTES = 60;
/** A check-out is taken until this long after the shift ends; later, the time is sent for approval. */
export const LATE_CHECKOUT_MINUTES = 120;
/** The longest shift and the longest piece of back-filled or ordered time. */
export const MAX_SPAN_HOURS = 24;

const skillList = () => z.array(oneOf(SKILLS, '服务技能'), { error: '请选择服务技能' }).max(SKILLS.length);
const availabilityList = () => z.array(oneOf(AVAILABILITY, '可服务时间'), { error: '请选择可服务时间' }).max(AVAILABILITY.length);
const spanRefine = <T extends { startedAt: string; endedAt: string }>(s: T, ctx: z.RefinementCtx, labels = ['签到时间', '签退时间']) => {
  const a = Date.parse(s.startedAt);
  const b = Date.parse(s.endedAt);
  if (b <= a) ctx.addIssue({ code: 'custom', path: ['endedAt'], message: `${labels[1]}须晚于${labels[0]}` });
  else if (b - a > MAX_SPAN_HOURS * 3600_000) ctx.addIssue({ code: 'custom', path: ['endedAt'], message: `一次服务不能超过 ${MAX_SPAN_HOURS} 小时` });
};

// ---- volunteers ----

export const VolunteerInput = z.object({
  personId: id('职工'),
  skills: skillList(),
  availability: availabilityList(),
  intro: optionalText('个人简介', { max: 300, multiline: true }),
});
export type VolunteerInput = z.infer<typeof VolunteerInput>;

export const VolunteerChange = z.object({
  skills: skillList(),
  availability: availabilityList(),
  intro: optionalText('个人简介', { max: 300, multiline: true }),
  status: oneOf(VOLUNTEER_STATUSES, '状态'),
});
export type VolunteerChange = z.infer<typeof VolunteerChange>;

/** A worker joining from the portal: the person is the one the phone is bound to. */
export const JoinInput = z.object({ skills: skillList(), availability: availabilityList(), intro: optionalText('个人简介', { max: 300, multiline: true }) });
export type JoinInput = z.infer<typeof JoinInput>;

export const ListVolunteersQuery = Paging.extend({
  q: searchQuery('姓名').optional(),
  skill: oneOf(SKILLS, '服务技能').optional(),
  teamId: queryId('服务队').optional(),
  status: oneOf(VOLUNTEER_STATUSES, '状态').optional(),
});
export type ListVolunteersQuery = z.infer<typeof ListVolunteersQuery>;

export const VolunteerView = z.object({
  id: z.number().int(),
  personId: z.number().int(),
  name: z.string(),
  org: z.object({ id: z.number().int(), name: z.string() }),
  skills: z.array(z.enum(SKILLS)),
  availability: z.array(z.enum(AVAILABILITY)),
  intro: z.string().nullable(),
  status: z.enum(VOLUNTEER_STATUSES),
  teams: z.array(z.object({ id: z.number().int(), name: z.string() })),
  /** Valid service time, in minutes. */
  minutes: z.number().int(),
  joinedOn: z.string(),
});
export type VolunteerView = z.infer<typeof VolunteerView>;
export const VolunteerPage = pageOf(VolunteerView);
export type VolunteerPage = z.infer<typeof VolunteerPage>;

export const IdParams = z.object({ id: queryId('编号') });

// ---- teams ----

export const TeamInput = z.object({
  name: nameText('服务队名称', { max: 60 }),
  orgId: id('所属工会'),
  intro: optionalText('服务队简介', { max: 300, multiline: true }),
});
export type TeamInput = z.infer<typeof TeamInput>;
export const TeamMemberInput = z.object({ volunteerId: id('志愿者'), leader: z.boolean().default(false) });
export type TeamMemberInput = z.infer<typeof TeamMemberInput>;
export const TeamMemberParams = z.object({ id: queryId('服务队'), volunteerId: queryId('志愿者') });

export const TeamView = z.object({
  id: z.number().int(),
  name: z.string(),
  org: z.object({ id: z.number().int(), name: z.string() }),
  intro: z.string().nullable(),
  members: z.array(z.object({ volunteerId: z.number().int(), name: z.string(), leader: z.boolean(), skills: z.array(z.enum(SKILLS)) })),
  minutes: z.number().int(),
});
export type TeamView = z.infer<typeof TeamView>;
export const TeamList = z.object({ items: z.array(TeamView) });
export type TeamList = z.infer<typeof TeamList>;

// ---- projects and shifts ----

export const ProjectInput = z.object({
  name: nameText('项目名称', { max: 60 }),
  orgId: id('主办工会'),
  kind: oneOf(SERVICE_KINDS, '服务类别'),
  teamId: id('服务队')
    .nullish()
    .transform((v) => v ?? null),
  place: text('服务地点', { max: 120 }),
  intro: optionalText('项目介绍', { max: 500, multiline: true }),
});
export type ProjectInput = z.infer<typeof ProjectInput>;

export const ShiftInput = z
  .object({
    startsAt: instant('开始时间'),
    endsAt: instant('结束时间'),
    capacity: int('招募人数', { min: 1, max: 1000 }),
    place: optionalText('集合地点', { max: 120 }),
  })
  .superRefine((s, ctx) => {
    const a = Date.parse(s.startsAt);
    const b = Date.parse(s.endsAt);
    if (b <= a) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: '结束时间须晚于开始时间' });
    else if (b - a > MAX_SPAN_HOURS * 3600_000) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: `一个班次不能超过 ${MAX_SPAN_HOURS} 小时` });
  });
export type ShiftInput = z.infer<typeof ShiftInput>;

export const ShiftView = z.object({
  id: z.number().int(),
  projectId: z.number().int(),
  startsAt: z.string(),
  endsAt: z.string(),
  place: z.string().nullable(),
  capacity: z.number().int(),
  signedUp: z.number().int(),
});
export type ShiftView = z.infer<typeof ShiftView>;

export const ProjectView = z.object({
  id: z.number().int(),
  name: z.string(),
  org: z.object({ id: z.number().int(), name: z.string() }),
  kind: z.enum(SERVICE_KINDS),
  team: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  place: z.string(),
  intro: z.string().nullable(),
  status: z.enum(PROJECT_STATUSES),
  shifts: z.array(ShiftView),
  minutes: z.number().int(),
});
export type ProjectView = z.infer<typeof ProjectView>;
export const ProjectList = z.object({ items: z.array(ProjectView) });
export type ProjectList = z.infer<typeof ProjectList>;
export const ProjectStatusInput = z.object({ status: oneOf(PROJECT_STATUSES, '项目状态') });

export const SignupInput = z.object({ volunteerId: id('志愿者') });
export const ShiftSignupView = z.object({
  volunteerId: z.number().int(),
  name: z.string(),
  /** This shift's service time of the volunteer so far (valid), in minutes. */
  minutes: z.number().int(),
  checkedIn: z.boolean(),
});
export const ShiftRoster = z.object({ shift: ShiftView, signups: z.array(ShiftSignupView) });
export type ShiftRoster = z.infer<typeof ShiftRoster>;

// ---- service time ----

/** Back-fill: time the volunteer served without scanning, sent for a manager's approval. */
export const BackfillInput = z
  .object({
    shiftId: id('班次'),
    startedAt: instant('签到时间'),
    endedAt: instant('签退时间'),
    reason: text('补录原因', { max: 200 }),
  })
  .superRefine((s, ctx) => spanRefine(s, ctx));
export type BackfillInput = z.infer<typeof BackfillInput>;
export const StaffBackfillInput = z
  .object({
    volunteerId: id('志愿者'),
    shiftId: id('班次'),
    startedAt: instant('签到时间'),
    endedAt: instant('签退时间'),
    reason: text('补录原因', { max: 200 }),
  })
  .superRefine((s, ctx) => spanRefine(s, ctx));
export type StaffBackfillInput = z.infer<typeof StaffBackfillInput>;

export const ReviewInput = z.object({ approve: z.boolean({ error: '请选择通过或不通过' }), note: optionalText('审核意见', { max: 200 }) });
export type ReviewInput = z.infer<typeof ReviewInput>;

export const ListRecordsQuery = Paging.extend({
  status: oneOf(RECORD_STATUSES, '状态').optional(),
  volunteerId: queryId('志愿者').optional(),
  projectId: queryId('服务项目').optional(),
});
export type ListRecordsQuery = z.infer<typeof ListRecordsQuery>;

export const RecordView = z.object({
  id: z.number().int(),
  volunteer: z.object({ id: z.number().int(), name: z.string() }),
  project: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  order: z.object({ id: z.number().int(), title: z.string() }).nullable(),
  day: z.string(),
  pairNo: z.number().int().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  minutes: z.number().int().nullable(),
  source: z.enum(RECORD_SOURCES),
  status: z.enum(RECORD_STATUSES),
  reason: z.string().nullable(),
  reviewNote: z.string().nullable(),
  can: z.object({ review: z.boolean() }),
});
export type RecordView = z.infer<typeof RecordView>;
export const RecordPage = pageOf(RecordView);
export type RecordPage = z.infer<typeof RecordPage>;

/** What the venue's QR code carries. */
export const ScanInput = z.object({
  code: z
    .string({ error: '请扫描服务现场的签到二维码' })
    .trim()
    .regex(/^[A-Za-z0-9_-]{16,64}$/, '二维码无效，请扫描服务现场的签到二维码'),
});
export const ScanAnswer = z.object({
  action: z.enum(['in', 'out', 'late']),
  project: z.object({ id: z.number().int(), name: z.string() }),
  shift: ShiftView,
  record: RecordView,
  /** The volunteer's valid time on this project today, in minutes. */
  todayMinutes: z.number().int(),
});
export type ScanAnswer = z.infer<typeof ScanAnswer>;

// ---- 三单制 orders ----

export const OrderInput = z.object({
  kind: oneOf(SERVICE_KINDS, '服务类别'),
  title: nameText('服务需求', { max: 60 }),
  detail: optionalText('需求说明', { max: 500, multiline: true }),
  place: text('服务地点', { max: 120 }),
  wantedOn: z.iso.date({ error: '期望日期格式不正确' }),
});
export type OrderInput = z.infer<typeof OrderInput>;
/** A union ordering on behalf of its workers (or a worker who phoned in). */
export const StaffOrderInput = OrderInput.extend({ orgId: id('受理工会') });
export type StaffOrderInput = z.infer<typeof StaffOrderInput>;
export const DispatchInput = z.object({ teamId: id('服务队') });
export const DeclineInput = z.object({ reason: text('原因', { max: 200 }) });
export const DoneInput = z
  .object({ startedAt: instant('开始时间'), endedAt: instant('结束时间'), note: optionalText('服务情况', { max: 300, multiline: true }) })
  .superRefine((s, ctx) => spanRefine(s, ctx, ['开始时间', '结束时间']));
export type DoneInput = z.infer<typeof DoneInput>;
export const RateInput = z.object({ rating: int('评价', { min: 1, max: 5 }), comment: optionalText('评价内容', { max: 300, multiline: true }) });
export type RateInput = z.infer<typeof RateInput>;

export const ListOrdersQuery = Paging.extend({ status: oneOf(ORDER_STATUSES, '状态').optional() });
export type ListOrdersQuery = z.infer<typeof ListOrdersQuery>;

export const OrderView = z.object({
  id: z.number().int(),
  kind: z.enum(SERVICE_KINDS),
  title: z.string(),
  detail: z.string().nullable(),
  place: z.string(),
  wantedOn: z.string(),
  org: z.object({ id: z.number().int(), name: z.string() }),
  /** Who ordered: a worker (name shown to staff only) or the union itself. */
  orderedBy: z.string(),
  status: z.enum(ORDER_STATUSES),
  team: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  volunteer: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  minutes: z.number().int().nullable(),
  note: z.string().nullable(),
  rating: z.number().int().nullable(),
  comment: z.string().nullable(),
  declineReason: z.string().nullable(),
  createdAt: z.string(),
});
export type OrderView = z.infer<typeof OrderView>;
export const OrderPage = pageOf(OrderView);
export type OrderPage = z.infer<typeof OrderPage>;
export const OrderList = z.object({ items: z.array(OrderView) });
export type OrderList = z.infer<typeof OrderList>;

// ---- certificates ----

export const CertificateInput = z.object({
  from: z.iso.date({ error: '开始日期格式不正确' }),
  to: z.iso.date({ error: '结束日期格式不正确' }),
});
export type CertificateInput = z.infer<typeof CertificateInput>;
export const RevokeInput = z.object({ reason: text('作废原因', { max: 200 }) });

export const CertificateView = z.object({
  id: z.number().int(),
  code: z.string(),
  volunteer: z.object({ id: z.number().int(), name: z.string() }),
  org: z.object({ id: z.number().int(), name: z.string() }),
  from: z.string(),
  to: z.string(),
  minutes: z.number().int(),
  records: z.number().int(),
  issuedAt: z.string(),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
});
export type CertificateView = z.infer<typeof CertificateView>;
export const CertificateList = z.object({ items: z.array(CertificateView) });

export const VerifyParams = z.object({
  code: z
    .string()
    .trim()
    .transform((v) => v.toUpperCase().replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^[0-9A-Z]{12}$/, '验证码为 12 位字母和数字')),
});
/** What the public page shows of a certificate: enough to check it, the name masked. */
export const VerifyAnswer = z.object({
  code: z.string(),
  valid: z.boolean(),
  name: z.string(),
  org: z.string(),
  from: z.string(),
  to: z.string(),
  minutes: z.number().int(),
  issuedAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type VerifyAnswer = z.infer<typeof VerifyAnswer>;

// ---- statistics ----

export const StatsQuery = z.object({
  from: z.iso.date({ error: '开始日期格式不正确' }),
  to: z.iso.date({ error: '结束日期格式不正确' }),
  orgId: queryId('工会').optional(),
});
export type StatsQuery = z.infer<typeof StatsQuery>;
export const VolunteerStats = z.object({
  volunteers: z.number().int(),
  /** Volunteers with valid time in the period. */
  serving: z.number().int(),
  minutes: z.number().int(),
  orders: z.object({ total: z.number().int(), done: z.number().int(), averageRating: z.number().nullable() }),
  byOrg: z.array(z.object({ id: z.number().int(), name: z.string(), minutes: z.number().int(), volunteers: z.number().int() })),
  byProject: z.array(z.object({ id: z.number().int(), name: z.string(), minutes: z.number().int() })),
  byMonth: z.array(z.object({ month: z.string(), minutes: z.number().int() })),
});
export type VolunteerStats = z.infer<typeof VolunteerStats>;

// ---- the worker's side ----

export const MyVolunteer = z.object({
  volunteer: VolunteerView.nullable(),
  /** Shifts of projects open to me, from now on, with whether I signed up; and mine of the last 14 days (for back-fill). */
  shifts: z.array(
    ShiftView.extend({
      project: z.object({ id: z.number().int(), name: z.string(), kind: z.enum(SERVICE_KINDS), place: z.string() }),
      mine: z.boolean(),
    }),
  ),
  records: z.array(RecordView),
  /** Orders dispatched to my teams, waiting for a volunteer, and those I accepted. */
  tasks: z.array(OrderView),
});
export type MyVolunteer = z.infer<typeof MyVolunteer>;
export const ShiftIdParams = z.object({ id: queryId('班次') });
