/**
 * 排期: the organiser gives an order its time. A speaker or troupe is never in two places, and
 * between two engagements keeps the time to travel from one place to the other (distance at the
 * organiser's travel speed, plus its buffer — both policy parameters). The performer's row is
 * locked before the check, so two schedulings racing for one performer run one after the other and
 * the second sees the first.
 */
import type { Db, DbOrTx } from '../../server/db.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { contains, scopeOf } from '../../server/scope.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../server/errors.ts';
import { chinaToday } from '../../shared/dates.ts';
import { recordAudit } from '../audit/index.ts';
import { getEffectivePolicies } from '../policies/index.ts';
import * as repo from './lectures.repository.ts';
import { pointOf, travelNeed, type TravelPolicy } from './lectures.travel.ts';
import {
  DEFAULT_TRAVEL_BUFFER_MINUTES,
  DEFAULT_TRAVEL_SPEED_KMH,
  ORDER_STATUS_LABELS,
  PERFORMER_KIND_LABELS,
  periodProblem,
  type Clash,
  type ScheduleInput,
} from './lectures.contract.ts';
import { getOrder } from './lectures.service.ts';

const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
function chinaClock(d: Date) {
  const p = Object.fromEntries(parts.formatToParts(d).map((x) => [x.type, x.value]));
  return { day: `${Number(p.year)}年${Number(p.month)}月${Number(p.day)}日`, time: `${p.hour}:${p.minute}` };
}
/** 2026年5月20日 14:00–16:00 (China time). */
export function chinaSpan(from: Date, to: Date) {
  const a = chinaClock(from);
  const b = chinaClock(to);
  return a.day === b.day ? `${a.day} ${a.time}–${b.time}` : `${a.day} ${a.time}至${b.day} ${b.time}`;
}
const clock = (d: Date) => {
  const c = chinaClock(d);
  return `${c.day} ${c.time}`;
};

/** The organiser's travel speed and buffer in force on the day. */
async function travelPolicy(db: DbOrTx, organiser: { path: string }, day: string): Promise<TravelPolicy> {
  const values = await getEffectivePolicies(db, organiser, day);
  return {
    speedKmh: values.get('lecture_travel_speed_kmh') ?? DEFAULT_TRAVEL_SPEED_KMH,
    bufferMinutes: values.get('lecture_travel_buffer_minutes') ?? DEFAULT_TRAVEL_BUFFER_MINUTES,
  };
}

/** Every booking of the performer that the new time would clash with, each said in words. */
async function clashesFor(db: DbOrTx, order: repo.OrderRow, startsAt: Date, endsAt: Date): Promise<Clash[]> {
  const policy = await travelPolicy(db, { path: order.organiser_path }, chinaToday(startsAt));
  // Nothing in China is more than a week's travel away; the window only bounds the read.
  const week = 7 * 24 * 3600_000;
  const near = await repo.bookingsNear(db, order.performer_id, order.id, new Date(startsAt.getTime() - week), new Date(endsAt.getTime() + week));
  const here = pointOf(order);
  const who = `${PERFORMER_KIND_LABELS[order.performer_kind]}「${order.performer_name}」`;
  const clashes: Clash[] = [];
  for (const b of near) {
    const s = new Date(b.starts_at);
    const e = new Date(b.ends_at);
    const need = travelNeed(pointOf(b), here, policy);
    const gap = need.minutes * 60_000;
    if (!(startsAt.getTime() < e.getTime() + gap && s.getTime() < endsAt.getTime() + gap)) continue;
    const there = `${chinaSpan(s, e)}在「${b.place}」（${b.host_name}）`;
    let message: string;
    if (startsAt < e && s < endsAt) {
      message = `${who}已安排${there}，与本次时间重叠`;
    } else {
      const how =
        need.km === null
          ? `一方未标注坐标，按准备时间 ${policy.bufferMinutes} 分钟计`
          : `两地相距约 ${need.km.toFixed(1)} 公里，按 ${policy.speedKmh} 公里/小时另加准备时间 ${policy.bufferMinutes} 分钟，需 ${need.minutes} 分钟`;
      const bound = e <= startsAt ? `本次最早 ${clock(new Date(e.getTime() + gap))} 开始` : `本次须在 ${clock(new Date(s.getTime() - gap))} 前结束`;
      message = `${who}已安排${there}，${how}，赶不上本次：${bound}`;
    }
    clashes.push({
      orderId: b.id,
      message,
      place: b.place,
      hostName: b.host_name,
      startsAt: s.toISOString(),
      endsAt: e.toISOString(),
      neededMinutes: need.minutes,
      distanceKm: need.km === null ? null : Math.round(need.km * 10) / 10,
    });
  }
  return clashes;
}

async function organiserOrder(db: DbOrTx, actor: Actor, id: number, lock: boolean) {
  const scope = scopeOf(actor);
  const order = lock ? await repo.lockOrderInScope(db, scope, id) : await repo.orderInScope(db, scope, id);
  if (!order) throw new NotFound('点单');
  if (!contains(scope, order.organiser_path)) throw new Forbidden(`只有${order.organiser_name}可以为该点单排期`);
  return order;
}

/** 排期检查: what the time would clash with, before anything is written. */
export async function checkSchedule(db: Db, actor: Actor, id: number, input: Partial<ScheduleInput>) {
  authorize(actor, 'events:manage');
  const order = await organiserOrder(db, actor, id, false);
  if (!input.startsAt) throw Invalid.field('startsAt', '请填写开始时间');
  if (!input.endsAt) throw Invalid.field('endsAt', '请填写结束时间');
  const problem = periodProblem(input.startsAt, input.endsAt);
  if (problem) throw Invalid.field('endsAt', problem);
  const clashes = await clashesFor(db, order, new Date(input.startsAt), new Date(input.endsAt));
  return { ok: clashes.length === 0, clashes };
}

/** 排期: gives an ordered (or re-schedules a scheduled) order its time, refused with the clash named. */
export async function scheduleOrder(db: Db, actor: Actor, id: number, input: ScheduleInput) {
  authorize(actor, 'events:manage');
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  await db.transaction(async (tx) => {
    const order = await organiserOrder(tx, actor, id, true);
    const problem = periodProblem(input.startsAt, input.endsAt);
    if (problem) throw Invalid.field('endsAt', problem);
    if (order.status !== 'ordered' && order.status !== 'scheduled') throw new Conflict(`该点单${ORDER_STATUS_LABELS[order.status]}，不能再排期`);
    await repo.lockPerformer(tx, order.performer_id);
    const [clash] = await clashesFor(tx, order, startsAt, endsAt);
    if (clash) throw new Conflict(clash.message, [{ field: 'startsAt', message: clash.message }]);
    await repo.updateOrder(tx, id, { status: 'scheduled', startsAt, endsAt, scheduledBy: actor.accountId });
    await recordAudit(tx, actor, {
      action: 'lecture.schedule',
      entity: 'lecture_order',
      entityId: id,
      orgId: order.host_org_id,
      summary: `${order.host_name}点单「${order.topic}」排期：${chinaSpan(startsAt, endsAt)}，${order.performer_name}`,
      before: { status: order.status, startsAt: order.starts_at, endsAt: order.ends_at },
      after: { status: 'scheduled', startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() },
    });
  });
  return getOrder(db, actor, id);
}
