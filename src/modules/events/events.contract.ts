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
import type { PermissionDefs } from '../../shared/permissions.ts';

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

export const DATUMS = ['gcj02', 'wgs84', 'bd09'] as const;
export type Datum = (typeof DATUMS)[number];
export const DATUM_LABELS: Record<Datum, string> = { gcj02: 'GCJ-02（高德、腾讯、微信）', wgs84: 'WGS-84（GPS、天地图）', bd09: 'BD-09（百度）' };

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
