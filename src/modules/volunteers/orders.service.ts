/**
 * 三单制: a worker (or a union for its workers) orders a service (群众点单), the union dispatches it
 * to a team (工会派单), a volunteer of that team accepts it (志愿者接单), does it and records the
 * time it took, and whoever ordered rates it. Every step is taken under the order's row lock, so two
 * volunteers can never both take one order.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../server/db.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { pathInScope, scopeOf } from '../../server/scope.ts';
import { Conflict, Invalid, NotFound } from '../../server/errors.ts';
import type { WorkerActor } from '../../server/worker.ts';
import { chinaTime, chinaToday } from '../../shared/dates.ts';
import { recordAudit } from '../audit/index.ts';
import * as repo from './volunteers.repository.ts';
import {
  ORDER_STATUS_LABELS,
  type DoneInput,
  type ListOrdersQuery,
  type OrderInput,
  type OrderList,
  type OrderPage,
  type OrderView,
  type RateInput,
  type StaffOrderInput,
} from './volunteers.contract.ts';

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();

/** Staff see who ordered; a volunteer sees only that a worker did. */
export function presentOrder(o: repo.OrderRow, staff: boolean): OrderView {
  const minutes = o.started_at && o.ended_at ? Math.floor((new Date(o.ended_at).getTime() - new Date(o.started_at).getTime()) / 60_000) : null;
  return {
    id: o.id,
    kind: o.kind,
    title: o.title,
    detail: o.detail,
    place: o.place,
    wantedOn: o.wanted_on,
    org: { id: o.org_id, name: o.org_name },
    orderedBy: o.person_id ? (staff ? `职工 ${o.person_name}` : '职工点单') : `${o.org_name}代点单`,
    status: o.status,
    team: o.team_id ? { id: o.team_id, name: o.team_name! } : null,
    volunteer: o.volunteer_id ? { id: o.volunteer_id, name: o.volunteer_name! } : null,
    startedAt: o.started_at ? iso(o.started_at) : null,
    endedAt: o.ended_at ? iso(o.ended_at) : null,
    minutes,
    note: o.note,
    rating: o.rating,
    comment: o.comment,
    declineReason: o.decline_reason,
    createdAt: iso(o.created_at),
  };
}

function checkWanted(wantedOn: string) {
  if (wantedOn < chinaToday()) throw Invalid.field('wantedOn', '期望日期不能早于今天');
}

async function insertOrder(tx: DbOrTx, org: { id: number; path: string }, input: OrderInput, by: { personId: number | null; accountId: number | null }) {
  const [row] = await queryRows<{ id: number }>(
    tx,
    sql`insert into volunteer_orders (org_id, org_path, kind, title, detail, place, wanted_on, person_id, ordered_by)
        values (${org.id}, ${org.path}, ${input.kind}, ${input.title}, ${input.detail ?? null}, ${input.place}, ${input.wantedOn}, ${by.personId}, ${by.accountId})
        returning id`,
  );
  return row!.id;
}

async function staffOrder(db: DbOrTx, actor: Actor, id: number, lock = false) {
  const o = await repo.orderById(db, id, pathInScope(scopeOf(actor), sql`d.org_path`), lock);
  if (!o) throw new NotFound('服务需求');
  return o;
}

const must = (o: repo.OrderRow, ...statuses: repo.OrderRow['status'][]) => {
  if (!statuses.includes(o.status)) throw new Conflict(`这个服务需求${ORDER_STATUS_LABELS[o.status]}，不能这样操作`);
};

// ---- staff ----

export async function listOrders(db: Db, actor: Actor, q: ListOrdersQuery): Promise<OrderPage> {
  authorize(actor, 'volunteers:read');
  const { rows, total } = await repo.listOrders(db, scopeOf(actor), q);
  return { items: rows.map((o) => presentOrder(o, true)), total, page: q.page, pageSize: q.pageSize };
}

export async function getOrder(db: Db, actor: Actor, id: number): Promise<OrderView> {
  authorize(actor, 'volunteers:read');
  return presentOrder(await staffOrder(db, actor, id), true);
}

/** A union orders a service for its workers (or takes down a worker's order by phone). */
export async function createStaffOrder(db: Db, actor: Actor, input: StaffOrderInput): Promise<OrderView> {
  authorize(actor, 'volunteers:manage');
  checkWanted(input.wantedOn);
  const id = await db.transaction(async (tx) => {
    const org = await repo.orgInScope(tx, scopeOf(actor), input.orgId);
    if (!org) throw new NotFound('受理工会', 'orgId');
    const id = await insertOrder(tx, org, input, { personId: null, accountId: actor.accountId });
    await recordAudit(tx, actor, { action: 'volunteer.order', entity: 'volunteer_order', entityId: id, orgId: org.id, summary: `点单「${input.title}」` });
    return id;
  });
  return getOrder(db, actor, id);
}

export async function dispatchOrder(db: Db, actor: Actor, id: number, teamId: number): Promise<OrderView> {
  authorize(actor, 'volunteers:manage');
  await db.transaction(async (tx) => {
    const o = await staffOrder(tx, actor, id, true);
    must(o, 'ordered', 'dispatched');
    const team = await repo.teamInScope(tx, scopeOf(actor), teamId);
    if (!team) throw new NotFound('服务队', 'teamId');
    if (!team.members?.length) throw Invalid.field('teamId', `服务队「${team.name}」还没有队员`);
    await repo.setOrder(tx, id, sql`status = 'dispatched', team_id = ${team.id}, dispatched_by = ${actor.accountId}, dispatched_at = now()`);
    await recordAudit(tx, actor, {
      action: 'volunteer.dispatch',
      entity: 'volunteer_order',
      entityId: id,
      orgId: o.org_id,
      summary: `「${o.title}」派单给服务队「${team.name}」`,
    });
  });
  return getOrder(db, actor, id);
}

export async function declineOrder(db: Db, actor: Actor, id: number, reason: string): Promise<OrderView> {
  authorize(actor, 'volunteers:manage');
  await db.transaction(async (tx) => {
    const o = await staffOrder(tx, actor, id, true);
    must(o, 'ordered', 'dispatched');
    await repo.setOrder(tx, id, sql`status = 'declined', team_id = null, decline_reason = ${reason}`);
    await recordAudit(tx, actor, {
      action: 'volunteer.decline',
      entity: 'volunteer_order',
      entityId: id,
      orgId: o.org_id,
      summary: `「${o.title}」不予受理：${reason}`,
    });
  });
  return getOrder(db, actor, id);
}

/** A union rates a service it ordered itself. */
export async function staffRateOrder(db: Db, actor: Actor, id: number, input: RateInput): Promise<OrderView> {
  authorize(actor, 'volunteers:manage');
  await db.transaction(async (tx) => {
    const o = await staffOrder(tx, actor, id, true);
    if (o.person_id) throw new Conflict('职工点的单由职工本人评价');
    must(o, 'done');
    await rate(tx, id, input);
    await recordAudit(tx, actor, {
      action: 'volunteer.rate',
      entity: 'volunteer_order',
      entityId: id,
      orgId: o.org_id,
      summary: `评价「${o.title}」${input.rating} 星`,
    });
  });
  return getOrder(db, actor, id);
}

// ---- the worker's side ----

/** 群众点单: a worker orders a service; their own union handles it. */
export async function createWorkerOrder(db: Db, worker: WorkerActor & { personId: number }, input: OrderInput): Promise<OrderList> {
  checkWanted(input.wantedOn);
  const person = await repo.personById(db, worker.personId);
  if (!person) throw new NotFound('职工档案');
  await db.transaction((tx) => insertOrder(tx, { id: person.org_id, path: person.path }, input, { personId: person.id, accountId: null }));
  return myOrders(db, worker);
}

export async function myOrders(db: Db, worker: WorkerActor & { personId: number }): Promise<OrderList> {
  return { items: (await repo.ordersOfPerson(db, worker.personId)).map((o) => presentOrder(o, false)) };
}

async function ownOrder(tx: DbOrTx, worker: WorkerActor & { personId: number }, id: number) {
  const o = await repo.orderById(tx, id, sql`d.person_id = ${worker.personId}`, true);
  if (!o) throw new NotFound('服务需求');
  return o;
}

export async function cancelWorkerOrder(db: Db, worker: WorkerActor & { personId: number }, id: number): Promise<OrderList> {
  await db.transaction(async (tx) => {
    const o = await ownOrder(tx, worker, id);
    must(o, 'ordered', 'dispatched');
    await repo.setOrder(tx, id, sql`status = 'cancelled', team_id = null`);
  });
  return myOrders(db, worker);
}

async function rate(tx: DbOrTx, id: number, input: RateInput) {
  await repo.setOrder(tx, id, sql`status = 'rated', rating = ${input.rating}, comment = ${input.comment ?? null}, rated_at = now()`);
}

export async function rateWorkerOrder(db: Db, worker: WorkerActor & { personId: number }, id: number, input: RateInput): Promise<OrderList> {
  await db.transaction(async (tx) => {
    const o = await ownOrder(tx, worker, id);
    must(o, 'done');
    await rate(tx, id, input);
  });
  return myOrders(db, worker);
}

async function volunteerTask(tx: DbOrTx, worker: WorkerActor & { personId: number }, id: number) {
  const v = await repo.volunteerOfPerson(tx, worker.personId);
  if (!v || v.status !== 'active') throw new Conflict('你还不是志愿者');
  const o = await repo.orderById(tx, id, sql`true`, true);
  if (!o) throw new NotFound('服务需求');
  return { v, o };
}

/** 志愿者接单: the first volunteer of the dispatched team to accept takes it. */
export async function acceptOrder(db: Db, worker: WorkerActor & { personId: number }, id: number): Promise<OrderView> {
  await db.transaction(async (tx) => {
    const { v, o } = await volunteerTask(tx, worker, id);
    if (!o.team_id || !(await repo.isTeamMember(tx, o.team_id, v.id))) throw new NotFound('服务需求');
    if (o.status === 'accepted' && o.volunteer_id !== v.id) throw new Conflict('这单已被其他志愿者接了');
    must(o, 'dispatched');
    await repo.setOrder(tx, id, sql`status = 'accepted', volunteer_id = ${v.id}, accepted_at = now()`);
  });
  const { o } = await volunteerTask(db, worker, id);
  return presentOrder(o, false);
}

/** The volunteer who took an order records it done with the time it took: that time counts as service time. */
export async function finishOrder(db: Db, worker: WorkerActor & { personId: number }, id: number, input: DoneInput): Promise<OrderView> {
  await db.transaction(async (tx) => {
    const { v, o } = await volunteerTask(tx, worker, id);
    if (o.volunteer_id !== v.id) throw new NotFound('服务需求');
    must(o, 'accepted');
    const from = new Date(input.startedAt);
    const to = new Date(input.endedAt);
    if (to > new Date()) throw Invalid.field('endedAt', '结束时间不能晚于现在');
    await repo.lockVolunteer(tx, v.id);
    const clash = await repo.overlappingRecord(tx, v.id, from, to);
    if (clash) throw new Conflict(`与已记录的服务时间重叠（${chinaTime(clash.started_at)} 起），不能重复计时`);
    await repo.setOrder(tx, id, sql`status = 'done', started_at = ${from.toISOString()}, ended_at = ${to.toISOString()}, note = ${input.note ?? null}`);
    await repo.insertRecord(tx, {
      volunteerId: v.id,
      projectId: null,
      shiftId: null,
      orderId: o.id,
      orgPath: o.org_path,
      day: chinaToday(from),
      pairNo: null,
      startedAt: from,
      endedAt: to,
      source: 'order',
      status: 'valid',
      createdBy: null,
    });
  });
  const { o } = await volunteerTask(db, worker, id);
  return presentOrder(o, false);
}
