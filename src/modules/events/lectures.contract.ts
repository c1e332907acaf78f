/**
 * 宣讲点单 — a federation's menu of lectures and performances (宣讲菜单), ordered by the grassroots
 * unions of its subtree (点单), scheduled by the federation with a check that a speaker or troupe is
 * never in two places and has time to travel between them, then confirmed, delivered and closed
 * with attendance, online viewers, photos and the host's rating.
 * Glossary: 主讲人 speaker, 演出团队 troupe, 场地要求 what the host provides, 期望日期 wished dates,
 * 排期 scheduling, 路程 travel, 准备时间 buffer, 覆盖率 coverage of grassroots unions.
 */
import {
  z,
  text,
  optionalText,
  nameText,
  optionalNameText,
  id,
  queryId,
  queryInt,
  int,
  date,
  oneOf,
  optionalChecked,
  Paging,
  pageOf,
} from '../../shared/contract.ts';
import { isContactPhone } from '../../shared/ids.ts';
import { DATUMS, type EventKind } from './events.contract.ts';

export const PERFORMER_KINDS = ['speaker', 'troupe'] as const;
export type PerformerKind = (typeof PERFORMER_KINDS)[number];
export const PERFORMER_KIND_LABELS: Record<PerformerKind, string> = { speaker: '主讲人', troupe: '演出团队' };

export const MENU_KINDS = ['lecture', 'performance'] as const satisfies readonly EventKind[];
export type MenuKind = (typeof MENU_KINDS)[number];
export const MENU_KIND_LABELS: Record<MenuKind, string> = { lecture: '宣讲', performance: '文艺演出' };

/** ordered → scheduled → confirmed → delivered → closed; declined by the organiser or cancelled by the host, with a reason. */
export const ORDER_STATUSES = ['ordered', 'scheduled', 'confirmed', 'delivered', 'closed', 'declined', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  ordered: '已点单',
  scheduled: '已排期',
  confirmed: '已确认',
  delivered: '已开展',
  closed: '已结办',
  declined: '未受理',
  cancelled: '已取消',
};
/** States that hold the performer's time. */
export const BOOKED_STATUSES = ['scheduled', 'confirmed', 'delivered', 'closed'] as const satisfies readonly OrderStatus[];

export const MAX_WISHED_DATES = 5;
export const MAX_PHOTOS = 9;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** Used when the organiser's policies set no travel speed or buffer. */
export const DEFAULT_TRAVEL_SPEED_KMH = 40;
export const DEFAULT_TRAVEL_BUFFER_MINUTES = 30;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A moment with its offset (2026-05-20T14:00:00+08:00), between 2000 and 2100. */
export function instant(label: string) {
  return z
    .string({ error: `请填写${label}` })
    .refine((v) => {
      if (!ISO_INSTANT.test(v)) return false;
      const t = Date.parse(v);
      return Number.isFinite(t) && t >= Date.UTC(2000, 0, 1) && t < Date.UTC(2100, 0, 1);
    }, `${label}不是有效时间（格式：2026-05-20T14:00:00+08:00）`)
    .meta({ format: 'date-time' });
}

export const PerformerInput = z.object({
  orgId: id('所属总工会'),
  kind: oneOf(PERFORMER_KINDS, '类别'),
  name: nameText('主讲人或团队名称', { max: 60 }),
  intro: optionalText('简介', { max: 300, multiline: true }),
});
export type PerformerInput = z.infer<typeof PerformerInput>;

export const ItemInput = z.object({
  orgId: id('所属总工会'),
  kind: oneOf(MENU_KINDS, '类型'),
  topic: nameText('主题', { max: 60 }),
  summary: optionalText('内容简介', { max: 500, multiline: true }),
  performerId: id('主讲人或团队'),
  durationMinutes: int('时长（分钟）', { min: 15, max: 720 }),
  maxAudience: int('适合人数', { min: 1, max: 100_000 }),
  hostRequirements: optionalText('场地要求', { max: 200 }),
});
export type ItemInput = z.infer<typeof ItemInput>;

/** Coordinates are all or none, inside China (the sessions' rule). */
export const OrderInput = z
  .object({
    itemId: id('菜单项目'),
    /** The ordering union. */
    orgId: id('点单工会'),
    wishedDates: z
      .array(date('期望日期'), { error: '请填写期望日期' })
      .min(1, '请至少填写一个期望日期')
      .max(MAX_WISHED_DATES, `期望日期最多 ${MAX_WISHED_DATES} 个`),
    place: text('活动地点', { max: 100 }),
    address: optionalText('详细地址', { max: 200 }),
    lng: z.number({ error: '经度必须是数字' }).min(73, '经度须在中国境内（73–136）').max(136, '经度须在中国境内（73–136）').nullish(),
    lat: z.number({ error: '纬度必须是数字' }).min(3, '纬度须在中国境内（3–54）').max(54, '纬度须在中国境内（3–54）').nullish(),
    datum: oneOf(DATUMS, '坐标系').nullish(),
    expectedAudience: int('预计人数', { min: 1, max: 100_000 }),
    contactName: optionalNameText('联系人', { max: 30 }),
    contactPhone: optionalChecked(isContactPhone, '联系电话格式不正确（手机号或 0471-1234567）'),
    note: optionalText('备注', { max: 200 }),
  })
  .refine((v) => (v.lng == null) === (v.lat == null) && (v.lng == null) === (v.datum == null), {
    message: '经度、纬度和坐标系须同时填写或同时留空',
    path: ['datum'],
  })
  .refine((v) => new Set(v.wishedDates).size === v.wishedDates.length, { message: '期望日期不能重复', path: ['wishedDates'] });
export type OrderInput = z.infer<typeof OrderInput>;

/** The order of the two times is checked by the use case, after the order is found in reach (an order out of reach answers 404 first). */
export const ScheduleInput = z.object({ startsAt: instant('开始时间'), endsAt: instant('结束时间') });
export type ScheduleInput = z.infer<typeof ScheduleInput>;

/** Optional in the address so that an order out of reach answers 404 before the times are looked at. */
export const ScheduleCheckQuery = z.object({ startsAt: instant('开始时间').optional(), endsAt: instant('结束时间').optional() });

/** A Chinese message on `endsAt` when the period is backwards or longer than a day; null when it is fine. */
export function periodProblem(startsAt: string, endsAt: string): string | null {
  const span = Date.parse(endsAt) - Date.parse(startsAt);
  if (span <= 0) return '结束时间须晚于开始时间';
  if (span > 24 * 3600_000) return '一场活动不能超过 24 小时';
  return null;
}

export const CloseInput = z.object({
  attendance: int('到场人数', { min: 0, max: 100_000 }),
  onlineViewers: int('线上观看人次', { min: 0, max: 100_000_000 }).nullish(),
  rating: int('承办单位评分', { min: 1, max: 5 }),
  feedback: optionalText('评价意见', { max: 300, multiline: true }),
});
export type CloseInput = z.infer<typeof CloseInput>;

export const ReasonInput = z.object({ reason: text('原因', { max: 200 }) });

export const ListQuery = z.object({ orgId: queryId('工会').optional() });
export const ListOrdersQuery = Paging.extend({
  status: oneOf(ORDER_STATUSES, '状态').optional(),
  orgId: queryId('工会').optional(),
});
export type ListOrdersQuery = z.infer<typeof ListOrdersQuery>;
export const StatsQuery = z.object({ orgId: queryId('工会').optional(), year: queryInt('年份', { min: 2000, max: 2100 }).optional() });

export const IdParams = z.object({ id: queryId('点单') });
export const MenuIdParams = z.object({ id: queryId('菜单项目') });
export const PhotoParams = z.object({ id: queryId('点单'), photoId: queryId('照片') });

// ---- responses -----------------------------------------------------------------------------

export const PerformerView = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  kind: z.enum(PERFORMER_KINDS),
  name: z.string(),
  intro: z.string().nullable(),
});
export type PerformerView = z.infer<typeof PerformerView>;

export const MenuItemView = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  kind: z.enum(MENU_KINDS),
  topic: z.string(),
  summary: z.string().nullable(),
  performer: z.object({ id: z.number().int(), kind: z.enum(PERFORMER_KINDS), name: z.string() }),
  durationMinutes: z.number().int(),
  maxAudience: z.number().int(),
  hostRequirements: z.string().nullable(),
  orders: z.number().int(),
});
export type MenuItemView = z.infer<typeof MenuItemView>;

export const OrderView = z.object({
  id: z.number().int(),
  item: z.object({ id: z.number().int(), kind: z.enum(MENU_KINDS), topic: z.string(), durationMinutes: z.number().int(), maxAudience: z.number().int() }),
  performer: z.object({ id: z.number().int(), kind: z.enum(PERFORMER_KINDS), name: z.string() }),
  organiser: z.object({ id: z.number().int(), name: z.string() }),
  host: z.object({ id: z.number().int(), name: z.string() }),
  wishedDates: z.array(z.string()),
  place: z.string(),
  address: z.string().nullable(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  datum: z.enum(DATUMS).nullable(),
  expectedAudience: z.number().int(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  note: z.string().nullable(),
  status: z.enum(ORDER_STATUSES),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  reason: z.string().nullable(),
  eventId: z.number().int().nullable(),
  attendance: z.number().int().nullable(),
  onlineViewers: z.number().int().nullable(),
  rating: z.number().int().nullable(),
  feedback: z.string().nullable(),
  photos: z.array(z.object({ id: z.number().int(), filename: z.string(), size: z.number().int() })),
  createdAt: z.string(),
  /** What the caller may do now (the page shows these buttons). */
  can: z.object({
    schedule: z.boolean(),
    decline: z.boolean(),
    confirm: z.boolean(),
    deliver: z.boolean(),
    close: z.boolean(),
    cancel: z.boolean(),
    upload: z.boolean(),
  }),
});
export type OrderView = z.infer<typeof OrderView>;
export const OrderPage = pageOf(OrderView);

export const Clash = z.object({
  orderId: z.number().int(),
  message: z.string(),
  place: z.string(),
  hostName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  /** Minutes the performer needs between the two places (travel plus buffer). */
  neededMinutes: z.number().int(),
  distanceKm: z.number().nullable(),
});
export type Clash = z.infer<typeof Clash>;
export const ScheduleCheck = z.object({ ok: z.boolean(), clashes: z.array(Clash) });

export const LectureStats = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  year: z.number().int(),
  /** Orders placed in the year, cancelled ones left out. */
  orders: z.number().int(),
  /** Lectures given in the year (by the day given, whenever ordered), and their audience. */
  delivered: z.number().int(),
  attendance: z.number().int(),
  byTopic: z.array(z.object({ topic: z.string(), kind: z.enum(MENU_KINDS), orders: z.number().int() })),
  byRegion: z.array(z.object({ orgId: z.number().int().nullable(), name: z.string(), orders: z.number().int() })),
  /** Each month: orders placed in it; lectures given in it and their audience. */
  byMonth: z.array(z.object({ month: z.string(), orders: z.number().int(), delivered: z.number().int(), attendance: z.number().int() })),
  coverage: z.object({ ordered: z.number().int(), total: z.number().int(), ratio: z.number() }),
});
export type LectureStats = z.infer<typeof LectureStats>;
