/**
 * 活动 — one engine for the events a union runs for workers: lectures ordered from a menu (宣讲点单),
 * performances sent down to the grassroots (文艺演出), skills competitions (技能竞赛), reading events,
 * trainings, summer camps for workers' children (夏令营) and recuperation trips (疗休养).
 * Glossary: 场次 session, 名额 places (allocated down the tree), 报名 sign-up, 候补 waiting list,
 * 递补 a freed place offered to the next in line, 签到 check-in, 签到清单 check-in list (入场, 用餐,
 * 纪念品), 评价 feedback, 证书 certificate, 宣讲菜单 lecture menu, 点单 an order from the menu,
 * 疗休养批次 recuperation batch, 公示 public notice, 异议 objection, 摇号 draw, 工种 trade,
 * 评委 judge, 去掉最高分和最低分 dropping the highest and lowest score.
 */
import {
  z,
  optionalText,
  nameText,
  id,
  int,
  decimal,
  queryId,
  queryInt,
  Paging,
  pageOf,
  optionalDate,
  oneOf,
  searchQuery,
  version,
  instant,
} from '../../shared/contract.ts';
import type { PermissionDefs } from '../../shared/permissions.ts';
import { EligibilityRule, EligibilityRuleView } from '../people/eligibility.contract.ts';

export { EligibilityRule, EligibilityRuleView } from '../people/eligibility.contract.ts';

export const EVENT_KINDS = ['lecture', 'performance', 'competition', 'reading', 'training', 'summer_camp', 'recuperation', 'other'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_KIND_LABELS: Record<EventKind, string> = {
  lecture: '宣讲',
  performance: '文艺演出',
  competition: '技能竞赛',
  reading: '读书活动',
  training: '培训',
  summer_camp: '夏令营',
  recuperation: '疗休养',
  other: '其他',
};

/** draft → open (sign-up open) → closed (sign-up closed) → finished; cancelled at any point with a reason. */
export const EVENT_STATUSES = ['draft', 'open', 'closed', 'finished', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];
export const EVENT_STATUS_LABELS: Record<EventStatus, string> = {
  draft: '草稿',
  open: '报名中',
  closed: '报名截止',
  finished: '已结束',
  cancelled: '已取消',
};

export const SIGNUP_STATUSES = ['confirmed', 'waiting', 'offered', 'cancelled', 'declined', 'expired'] as const;
export type SignupStatus = (typeof SIGNUP_STATUSES)[number];
export const SIGNUP_STATUS_LABELS: Record<SignupStatus, string> = {
  confirmed: '已报名',
  waiting: '候补中',
  offered: '递补待确认',
  cancelled: '已取消',
  declined: '放弃递补',
  expired: '递补已过期',
};

import { DATUMS } from '../../shared/geo.ts';
export { DATUMS, DATUM_LABELS, type Datum } from '../../shared/geo.ts';

export const EVENTS_PERMISSIONS = {
  'events:read': { label: '查看活动、报名和统计', roles: ['union_admin', 'cadre', 'auditor'] },
  'events:manage': { label: '组织活动：建活动、分配名额、代职工报名、安排宣讲、评审和公示', roles: ['union_admin', 'cadre'] },
  'events:checkin': { label: '活动现场签到', roles: ['union_admin', 'cadre', 'volunteer'] },
  'events:children': { label: '查看和登记职工子女信息（敏感个人信息，访问留痕）', roles: ['union_admin'] },
} satisfies PermissionDefs;
declare module '../../shared/permissions.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface PermissionRegistry extends Record<keyof typeof EVENTS_PERMISSIONS, true> {}
}

/*
 * The engine's HTTP API (staff: session + permission; worker: /api/m, a registered worker):
 *   GET    /api/events                                  ListEventsQuery → EventPage            events:read
 *   POST   /api/events                                  EventInput → 201 EventView             events:manage
 *   POST   /api/events/audience-preview                 AudiencePreviewInput → AudiencePreview events:manage
 *   GET    /api/events/:id                              → EventView                            events:read
 *   PUT    /api/events/:id                              EventUpdateInput → EventView           events:manage
 *   POST   /api/events/:id/transition                   EventTransitionInput → EventView       events:manage
 *   POST   /api/events/:id/sessions                     SessionInput → 201 EventView           events:manage
 *   PUT    /api/events/:id/sessions/:sessionId          SessionInput → EventView               events:manage
 *   DELETE /api/events/:id/sessions/:sessionId          → EventView                            events:manage
 *   GET    /api/events/:id/quotas                       → QuotaNode[]                          events:read
 *   PUT    /api/events/:id/quotas                       QuotaInput → QuotaNode[]               events:manage
 *   GET    /api/events/:id/signups                      ListSignupsQuery → SignupPage          events:read
 *   POST   /api/events/:id/signups                      SignupInput → 201 SignupRow            events:manage
 *   POST   /api/events/:id/signups/:signupId/cancel     CancelSignupInput → SignupRow          events:manage
 *   POST   /api/events/:id/signups/:signupId/attendance AttendanceInput → SignupRow            events:manage
 *   GET    /api/events/:id/signups/:signupId/certificate.pdf → application/pdf              events:read
 *   GET    /api/events/calendar/:orgId.ics              → text/calendar                        events:read
 *   GET    /api/m/events                                → WorkerEvent[] (open, the worker may join, or already signed up)
 *   GET    /api/m/events/:id                            → WorkerEvent
 *   POST   /api/m/events/:id/signup                     WorkerSignupInput → 201 MySignup
 *   GET    /api/m/events/signups                        → MySignup[]
 *   POST   /api/m/events/signups/:id/cancel             → MySignup
 *   POST   /api/m/events/signups/:id/accept             → MySignup   (an offered place)
 *   POST   /api/m/events/signups/:id/decline            → MySignup
 *   POST   /api/m/events/signups/:id/rating             RatingInput → MySignup (after attending)
 *   GET    /api/m/events/signups/:id/certificate.pdf    → application/pdf (after attending)
 */

/** Sign-ups that hold a place or wait for one: a person has at most one of these per event. */
export const LIVE_SIGNUP_STATUSES = ['confirmed', 'waiting', 'offered'] as const;
export const SIGNUP_SOURCES = ['staff', 'worker', 'selection'] as const;
export type SignupSource = (typeof SIGNUP_SOURCES)[number];
export const SIGNUP_SOURCE_LABELS: Record<SignupSource, string> = { staff: '工会代报名', worker: '职工自行报名', selection: '遴选确定' };

// ---- Field builders of this module --------------------------------------------------------------

export { instant };
export function optionalInstant(label: string) {
  return instant(label)
    .nullish()
    .transform((v) => v ?? null);
}

// ---- Events -------------------------------------------------------------------------------------

export const EventInput = z
  .object({
    kind: oneOf(EVENT_KINDS, '活动类型'),
    /** The organising union (within the actor's scope). */
    orgId: id('主办单位'),
    title: nameText('活动名称', { max: 60 }),
    description: optionalText('活动说明', { max: 2000, multiline: true }),
    /** Who may sign up; null: anyone in the organiser's subtree. */
    audience: EligibilityRule.nullish().transform((v) => v ?? null),
    /** Places in all; null: no limit. */
    capacity: int('名额', { min: 1, max: 1_000_000 })
      .nullish()
      .transform((v) => v ?? null),
    workerSignup: z.boolean({ error: '请选择是否允许职工自行报名' }).default(true),
    signupOpensAt: optionalInstant('报名开始时间'),
    signupClosesAt: optionalInstant('报名截止时间'),
    /** Hours a place offered from the waiting list is held (递补确认时限). */
    offerHours: int('递补确认时限（小时）', { min: 1, max: 720 }).default(24),
  })
  .refine((e) => !e.signupOpensAt || !e.signupClosesAt || Date.parse(e.signupOpensAt) < Date.parse(e.signupClosesAt), {
    message: '报名截止时间须晚于报名开始时间',
    path: ['signupClosesAt'],
  });
export type EventInput = z.infer<typeof EventInput>;

/** An edit carries the version the form was opened at; a stale one answers 409. */
export const EventUpdateInput = z.object({ version: version(), data: EventInput });
export type EventUpdateInput = z.infer<typeof EventUpdateInput>;

export const EVENT_TRANSITIONS = ['open', 'close', 'finish', 'cancel'] as const;
export type EventTransition = (typeof EVENT_TRANSITIONS)[number];
export const EVENT_TRANSITION_LABELS: Record<EventTransition, string> = {
  open: '开放报名',
  close: '截止报名',
  finish: '结束活动',
  cancel: '取消活动',
};
/** open: draft or closed → open (needs a session); close: open → closed; finish: open or closed → finished; cancel: any but finished, with a reason. */
export const EventTransitionInput = z
  .object({
    action: oneOf(EVENT_TRANSITIONS, '操作'),
    version: version(),
    reason: optionalText('取消原因', { max: 200 }),
  })
  .refine((t) => t.action !== 'cancel' || !!t.reason, { message: '请填写取消原因', path: ['reason'] });
export type EventTransitionInput = z.infer<typeof EventTransitionInput>;

export const EventIdParams = z.object({ id: queryId('活动') });
export const ListEventsQuery = Paging.extend({
  q: searchQuery('查询条件', { max: 60 }),
  kind: z.enum(EVENT_KINDS, { error: '请选择有效的活动类型' }).optional(),
  status: z.enum(EVENT_STATUSES, { error: '请选择有效的活动状态' }).optional(),
  /** What this union sees: events organised in its subtree or above it. */
  orgId: queryId('主办单位').optional(),
  /** Events with a session on or after / on or before these days. */
  from: optionalDate('开始日期'),
  to: optionalDate('结束日期'),
});
export type ListEventsQuery = z.infer<typeof ListEventsQuery>;

/** What the form sends for a live count of the people an audience reaches, before saving. */
export const AudiencePreviewInput = z.object({
  orgId: id('主办单位'),
  audience: EligibilityRule.nullish().transform((v) => v ?? null),
});
export const AudiencePreview = z.object({ reach: z.number().int() });

export const SessionView = z.object({
  id: z.number().int(),
  startsAt: z.string(),
  endsAt: z.string(),
  place: z.string(),
  address: z.string().nullable(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  datum: z.enum(DATUMS).nullable(),
});
export type SessionView = z.infer<typeof SessionView>;

export const EventSummary = z.object({
  id: z.number().int(),
  kind: z.enum(EVENT_KINDS),
  title: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  status: z.enum(EVENT_STATUSES),
  capacity: z.number().int().nullable(),
  /** Places confirmed or offered now. */
  taken: z.number().int(),
  waiting: z.number().int(),
  workerSignup: z.boolean(),
  signupOpensAt: z.string().nullable(),
  signupClosesAt: z.string().nullable(),
  /** The first session's start and the last one's end (null before a session is added). */
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  sessions: z.number().int(),
  createdAt: z.string(),
});
export type EventSummary = z.infer<typeof EventSummary>;
export const EventPage = pageOf(EventSummary);

/** A session on a Chinese public holiday (法定节假日) or a make-up working day (调休上班). */
export const HOLIDAY_WARNING_KINDS = ['holiday', 'workday'] as const;
export const HOLIDAY_WARNING_LABELS = { holiday: '法定节假日', workday: '调休上班日' } as const;
export const HolidayWarning = z.object({
  sessionId: z.number().int(),
  day: z.string(),
  kind: z.enum(HOLIDAY_WARNING_KINDS),
  /** 国庆节, 春节 …; null when the calendar gives no name. */
  name: z.string().nullable(),
  message: z.string(),
});
export type HolidayWarning = z.infer<typeof HolidayWarning>;

export const QuotaNode = z.object({
  orgId: z.number().int(),
  parentOrgId: z.number().int().nullable(),
  orgName: z.string(),
  orgPath: z.string(),
  places: z.number().int(),
  /** Passed further down to child unions' rows. */
  childPlaces: z.number().int(),
  /** Taken by sign-ups of this union's own people (not through a child row). */
  taken: z.number().int(),
  /** places − childPlaces − taken. */
  free: z.number().int(),
  /** The actor may change this row's places (it is not the root, and its parent row is within the actor's scope). */
  editable: z.boolean(),
});
export type QuotaNode = z.infer<typeof QuotaNode>;

/** Sign-ups by status: the counts beside the event. */
export const SignupCounts = z.object(Object.fromEntries(SIGNUP_STATUSES.map((s) => [s, z.number().int()])) as Record<SignupStatus, z.ZodNumber>);
export type SignupCounts = z.infer<typeof SignupCounts>;

export const EventView = EventSummary.extend({
  description: z.string().nullable(),
  audience: EligibilityRuleView.nullable(),
  /** People the audience reaches in the organiser's subtree now (live). */
  audienceReach: z.number().int(),
  offerHours: z.number().int(),
  cancelReason: z.string().nullable(),
  createdBy: z.string().nullable(),
  version: z.number().int(),
  sessionList: z.array(SessionView),
  quotas: z.array(QuotaNode),
  counts: SignupCounts,
  /** Attended sign-ups (人次). */
  attended: z.number().int(),
  /** Average rating (1–5) of those who rated, null when nobody did. */
  averageRating: z.number().nullable(),
  ratings: z.number().int(),
  warnings: z.array(HolidayWarning),
  can: z.object({
    edit: z.boolean(),
    /** Lifecycle steps the server would take from this account now. */
    actions: z.array(z.enum(EVENT_TRANSITIONS)),
    sessions: z.boolean(),
    quotas: z.boolean(),
    signUp: z.boolean(),
    attendance: z.boolean(),
  }),
});
export type EventView = z.infer<typeof EventView>;

// ---- Sessions -----------------------------------------------------------------------------------

/** A place in China: lng 73–136, lat 3–54, with the datum the point was taken in (all three or none). */
export const SessionInput = z
  .object({
    startsAt: instant('开始时间'),
    endsAt: instant('结束时间'),
    place: nameText('地点', { max: 100 }),
    address: optionalText('详细地址', { max: 200 }),
    lng: decimal('经度', { min: 73, max: 136 })
      .nullish()
      .transform((v) => v ?? null),
    lat: decimal('纬度', { min: 3, max: 54 })
      .nullish()
      .transform((v) => v ?? null),
    datum: oneOf(DATUMS, '坐标系')
      .nullish()
      .transform((v) => v ?? null),
  })
  .refine((s) => Date.parse(s.startsAt) < Date.parse(s.endsAt), { message: '结束时间须晚于开始时间', path: ['endsAt'] })
  .refine((s) => (s.lng === null) === (s.lat === null) && (s.lng === null) === (s.datum === null), {
    message: '经度、纬度和坐标系须同时填写或同时不填',
    path: ['datum'],
  });
export type SessionInput = z.infer<typeof SessionInput>;
export const SessionParams = z.object({ id: queryId('活动'), sessionId: queryId('场次') });

// ---- Quotas -------------------------------------------------------------------------------------

/** Places handed to a union from its nearest ancestor's row (the organiser's row is the root: the capacity). */
export const QuotaInput = z.object({
  orgId: id('下达单位'),
  places: int('名额', { min: 0, max: 1_000_000 }),
});
export type QuotaInput = z.infer<typeof QuotaInput>;

// ---- Sign-ups (staff) ---------------------------------------------------------------------------

export const SignupInput = z.object({
  personId: id('职工'),
  /** When the event is full: join the waiting list (default) or refuse. */
  waitIfFull: z.boolean({ error: '请选择满员时是否候补' }).default(true),
});
export type SignupInput = z.infer<typeof SignupInput>;

export const SignupRow = z.object({
  id: z.number().int(),
  eventId: z.number().int(),
  personId: z.number().int(),
  name: z.string(),
  idMasked: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  status: z.enum(SIGNUP_STATUSES),
  source: z.enum(SIGNUP_SOURCES),
  /** Place in the waiting list (1 = next), null unless waiting. */
  position: z.number().int().nullable(),
  offeredUntil: z.string().nullable(),
  attendedAt: z.string().nullable(),
  rating: z.number().int().nullable(),
  feedback: z.string().nullable(),
  certificateNo: z.string().nullable(),
  cancelReason: z.string().nullable(),
  createdAt: z.string(),
  can: z.object({ cancel: z.boolean(), attend: z.boolean(), unattend: z.boolean(), certificate: z.boolean() }),
});
export type SignupRow = z.infer<typeof SignupRow>;
export const SignupPage = pageOf(SignupRow);

export const ListSignupsQuery = Paging.extend({
  status: z.enum([...SIGNUP_STATUSES, 'live'], { error: '请选择有效的报名状态' }).optional(),
  orgId: queryId('工会').optional(),
  q: searchQuery('姓名', { max: 50 }),
});
export type ListSignupsQuery = z.infer<typeof ListSignupsQuery>;

export const SignupParams = z.object({ id: queryId('活动'), signupId: queryInt('报名', { min: 1, max: Number.MAX_SAFE_INTEGER, message: '报名无效' }) });
export const CancelSignupInput = z.object({ reason: optionalText('取消原因', { max: 200 }) });
export const AttendanceInput = z.object({ attended: z.boolean({ error: '请选择是否到场' }) });

// ---- Worker portal (/api/m/events) ---------------------------------------------------------------

export const MySignup = z.object({
  id: z.number().int(),
  eventId: z.number().int(),
  eventTitle: z.string(),
  kind: z.enum(EVENT_KINDS),
  eventStatus: z.enum(EVENT_STATUSES),
  orgName: z.string(),
  status: z.enum(SIGNUP_STATUSES),
  /** Place in the waiting list (1 = next), null unless waiting. */
  position: z.number().int().nullable(),
  /** Everyone waiting for this event. */
  waitingTotal: z.number().int(),
  offeredUntil: z.string().nullable(),
  attendedAt: z.string().nullable(),
  rating: z.number().int().nullable(),
  feedback: z.string().nullable(),
  certificateNo: z.string().nullable(),
  startsAt: z.string().nullable(),
  createdAt: z.string(),
  can: z.object({ cancel: z.boolean(), accept: z.boolean(), decline: z.boolean(), rate: z.boolean(), certificate: z.boolean() }),
});
export type MySignup = z.infer<typeof MySignup>;

export const WorkerEvent = z.object({
  id: z.number().int(),
  kind: z.enum(EVENT_KINDS),
  title: z.string(),
  description: z.string().nullable(),
  orgName: z.string(),
  status: z.enum(EVENT_STATUSES),
  capacity: z.number().int().nullable(),
  /** Free places now (null: no limit). */
  placesLeft: z.number().int().nullable(),
  waiting: z.number().int(),
  signupClosesAt: z.string().nullable(),
  sessions: z.array(SessionView),
  mySignup: MySignup.nullable(),
  canSignUp: z.boolean(),
  /** Why the worker cannot sign up now (报名未开始, 已报名 …), null when they can. */
  reason: z.string().nullable(),
});
export type WorkerEvent = z.infer<typeof WorkerEvent>;

export const WorkerSignupInput = z.object({ waitIfFull: z.boolean({ error: '请选择满员时是否候补' }).default(true) });
export const MySignupParams = z.object({ id: queryInt('报名', { min: 1, max: Number.MAX_SAFE_INTEGER, message: '报名无效' }) });
export const RatingInput = z.object({
  rating: int('评分', { min: 1, max: 5 }),
  feedback: optionalText('评价', { max: 500, multiline: true }),
});
export type RatingInput = z.infer<typeof RatingInput>;

// ---- Calendar -----------------------------------------------------------------------------------

/** GET /api/events/calendar/:orgId.ics — the iCalendar feed of a union's subtree (staff session). */
export const CalendarParams = z.object({ orgId: queryId('工会') });

/** Figures this module offers to statistics. */
export const EVENT_METRIC_KEYS = ['events.signups', 'events.attendance', 'events.sessions', 'events.events', 'events.ratings'] as const;
