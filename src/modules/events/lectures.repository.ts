/**
 * Every query of 宣讲点单: performers and the menu (seen along the caller's line: its own
 * federations above and the unions below), orders (seen by the host's subtree), the conflict
 * window of a performer, photos and statistics.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { scopePattern, type Scope } from '../../server/scope.ts';
import { MEMBER_UNION_TYPES } from '../orgs/orgs.contract.ts';
import { events, eventSessions } from './events.schema.ts';
import { lectureItems, lectureOrderPhotos, lectureOrders, lecturePerformers, type LectureOrderDbRow } from './lectures.schema.ts';
import type { Datum } from './events.contract.ts';
import type { ListOrdersQuery, MenuKind, OrderStatus, PerformerKind } from './lectures.contract.ts';

const memberTypes = sql.raw(MEMBER_UNION_TYPES.map((t) => `'${t}'`).join(', '));

/** An org on the scope's line: the scope's top, its federations above, or a union below. */
const onLine = (scope: Scope, pathColumn: SQL) => sql`(${pathColumn} like ${scopePattern(scope)} or ${scope.path} like ${pathColumn} || '%')`;

export interface OrgHit {
  id: number;
  name: string;
  path: string;
  type: string;
  status: string;
}

/** An org of the scope's line (for a menu's or performer's owner: the caller's own federation or one below). */
export async function orgInScope(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows<OrgHit>(db, sql`select id, name, path, type, status from orgs where id = ${id} and path like ${scopePattern(scope)}`);
  return row;
}

// ---- performers ----

export async function insertPerformer(db: DbOrTx, values: typeof lecturePerformers.$inferInsert) {
  const [row] = await db.insert(lecturePerformers).values(values).returning();
  return row!;
}

export interface PerformerRow {
  id: number;
  org_id: number;
  org_name: string;
  org_path: string;
  kind: PerformerKind;
  name: string;
  intro: string | null;
}

const performerSelect = sql`select p.id, p.org_id, o.name as org_name, o.path as org_path, p.kind, p.name, p.intro
                              from lecture_performers p join orgs o on o.id = p.org_id`;

export async function listPerformers(db: DbOrTx, scope: Scope) {
  return queryRows<PerformerRow>(db, sql`${performerSelect} where p.active and ${onLine(scope, sql`o.path`)} order by o.path, p.kind, p.id`);
}

/** A performer of the scope's line. */
export async function performerOnLine(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows<PerformerRow>(db, sql`${performerSelect} where p.id = ${id} and ${onLine(scope, sql`o.path`)}`);
  return row;
}

/** Holds the performer while a schedule is checked and written: a second scheduling waits here. */
export async function lockPerformer(db: DbOrTx, id: number) {
  const [row] = await queryRows<{ id: number; kind: PerformerKind; name: string }>(
    db,
    sql`select id, kind, name from lecture_performers where id = ${id} for update`,
  );
  return row!;
}

// ---- menu ----

export async function insertItem(db: DbOrTx, values: typeof lectureItems.$inferInsert) {
  const [row] = await db.insert(lectureItems).values(values).returning();
  return row!;
}

export interface ItemRow {
  id: number;
  org_id: number;
  org_name: string;
  org_path: string;
  kind: MenuKind;
  topic: string;
  summary: string | null;
  performer_id: number;
  performer_kind: PerformerKind;
  performer_name: string;
  duration_minutes: number;
  max_audience: number;
  host_requirements: string | null;
  active: boolean;
  orders: number;
}

const itemSelect = (scope: Scope) => sql`
  select i.id, i.org_id, o.name as org_name, o.path as org_path, i.kind, i.topic, i.summary, i.performer_id,
         p.kind as performer_kind, p.name as performer_name, i.duration_minutes, i.max_audience, i.host_requirements, i.active,
         (select count(*)::int from lecture_orders x join orgs h on h.id = x.host_org_id
           where x.item_id = i.id and x.status <> 'cancelled' and h.path like ${scopePattern(scope)}) as orders
    from lecture_items i join orgs o on o.id = i.org_id join lecture_performers p on p.id = i.performer_id`;

/** The menu the scope's unions may order from (its federations above) and the menus it keeps (below). */
export async function listItems(db: DbOrTx, scope: Scope) {
  return queryRows<ItemRow>(db, sql`${itemSelect(scope)} where i.active and ${onLine(scope, sql`o.path`)} order by o.path, i.kind, i.id`);
}

export async function itemOnLine(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows<ItemRow>(db, sql`${itemSelect(scope)} where i.id = ${id} and ${onLine(scope, sql`o.path`)}`);
  return row;
}

// ---- orders ----

export async function insertOrder(db: DbOrTx, values: typeof lectureOrders.$inferInsert) {
  const [row] = await db.insert(lectureOrders).values(values).returning();
  return row!;
}

export async function updateOrder(db: DbOrTx, id: number, values: Partial<typeof lectureOrders.$inferInsert>) {
  await db
    .update(lectureOrders)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(lectureOrders.id, id));
}

export interface OrderRow {
  id: number;
  item_id: number;
  item_kind: MenuKind;
  topic: string;
  summary: string | null;
  duration_minutes: number;
  max_audience: number;
  performer_id: number;
  performer_kind: PerformerKind;
  performer_name: string;
  organiser_id: number;
  organiser_name: string;
  organiser_path: string;
  host_org_id: number;
  host_name: string;
  host_path: string;
  wished_dates: string[] | string;
  place: string;
  address: string | null;
  lng: number | null;
  lat: number | null;
  datum: Datum | null;
  expected_audience: number;
  contact_name: string | null;
  contact_phone: string | null;
  note: string | null;
  status: OrderStatus;
  starts_at: Date | string | null;
  ends_at: Date | string | null;
  reason: string | null;
  event_id: number | null;
  attendance: number | null;
  online_viewers: number | null;
  rating: number | null;
  feedback: string | null;
  created_at: Date | string;
}

const orderSelect = sql`
  select x.id, x.item_id, i.kind as item_kind, i.topic, i.summary, i.duration_minutes, i.max_audience,
         x.performer_id, p.kind as performer_kind, p.name as performer_name,
         g.id as organiser_id, g.name as organiser_name, g.path as organiser_path,
         x.host_org_id, h.name as host_name, h.path as host_path,
         x.wished_dates::text[] as wished_dates, x.place, x.address, x.lng, x.lat, x.datum, x.expected_audience,
         x.contact_name, x.contact_phone, x.note, x.status, x.starts_at, x.ends_at, x.reason, x.event_id,
         x.attendance, x.online_viewers, x.rating, x.feedback, x.created_at
    from lecture_orders x
    join lecture_items i on i.id = x.item_id
    join orgs g on g.id = i.org_id
    join orgs h on h.id = x.host_org_id
    join lecture_performers p on p.id = x.performer_id`;

function orderFilter(scope: Scope, q: Pick<ListOrdersQuery, 'status'>) {
  const where: SQL[] = [sql`h.path like ${scopePattern(scope)}`];
  if (q.status) where.push(sql`x.status = ${q.status}`);
  return sql.join(where, sql` and `);
}

/** Orders whose host union lies in the scope. */
export async function listOrders(db: DbOrTx, scope: Scope, q: ListOrdersQuery) {
  return queryRows<OrderRow>(
    db,
    sql`${orderSelect} where ${orderFilter(scope, q)}
        order by case x.status when 'ordered' then 0 when 'scheduled' then 1 when 'confirmed' then 2 when 'delivered' then 3 else 4 end,
                 coalesce(x.starts_at, x.created_at) desc, x.id desc
        limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
}

export async function countOrders(db: DbOrTx, scope: Scope, q: ListOrdersQuery) {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from lecture_orders x join orgs h on h.id = x.host_org_id where ${orderFilter(scope, q)}`,
  );
  return row!.n;
}

export async function orderInScope(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows<OrderRow>(db, sql`${orderSelect} where x.id = ${id} and h.path like ${scopePattern(scope)}`);
  return row;
}

/** The order, locked, when its host union lies in the scope. */
export async function lockOrderInScope(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows<OrderRow>(db, sql`${orderSelect} where x.id = ${id} and h.path like ${scopePattern(scope)} for update of x`);
  return row;
}

export type { LectureOrderDbRow };

/** The performer's other bookings within a window around a time (the caller holds the performer's lock). */
export async function bookingsNear(db: DbOrTx, performerId: number, exceptOrderId: number, from: Date, to: Date) {
  return queryRows<{
    id: number;
    place: string;
    lng: number | null;
    lat: number | null;
    datum: Datum | null;
    starts_at: Date | string;
    ends_at: Date | string;
    host_name: string;
  }>(
    db,
    sql`select x.id, x.place, x.lng, x.lat, x.datum, x.starts_at, x.ends_at, h.name as host_name
          from lecture_orders x join orgs h on h.id = x.host_org_id
         where x.performer_id = ${performerId} and x.id <> ${exceptOrderId}
           and x.status in ('scheduled', 'confirmed', 'delivered', 'closed')
           and x.starts_at < ${to.toISOString()}::timestamptz and x.ends_at > ${from.toISOString()}::timestamptz
         order by x.starts_at, x.id`,
  );
}

// ---- the calendar's event ----

export async function insertEventWithSession(db: DbOrTx, event: typeof events.$inferInsert, session: Omit<typeof eventSessions.$inferInsert, 'eventId'>) {
  const [row] = await db.insert(events).values(event).returning({ id: events.id });
  await db.insert(eventSessions).values({ ...session, eventId: row!.id });
  return row!.id;
}

export async function setEventStatus(db: DbOrTx, eventId: number, status: 'finished' | 'cancelled', cancelReason: string | null = null) {
  await db.update(events).set({ status, cancelReason, updatedAt: new Date() }).where(eq(events.id, eventId));
}

// ---- photos ----

export async function insertPhoto(db: DbOrTx, values: typeof lectureOrderPhotos.$inferInsert) {
  const [row] = await db.insert(lectureOrderPhotos).values(values).returning({ id: lectureOrderPhotos.id });
  return row!.id;
}

export async function photosOf(db: DbOrTx, orderIds: number[]) {
  if (!orderIds.length) return [];
  return queryRows<{ id: number; order_id: number; filename: string; size: number }>(
    db,
    sql`select id, order_id, filename, size from lecture_order_photos where order_id in (${sql.join(
      orderIds.map((i) => sql`${i}`),
      sql`, `,
    )}) order by id`,
  );
}

export async function findPhoto(db: DbOrTx, orderId: number, id: number) {
  const [row] = await queryRows<{ id: number; filename: string; mime: string; data: Buffer | Uint8Array }>(
    db,
    sql`select id, filename, mime, data from lecture_order_photos where order_id = ${orderId} and id = ${id}`,
  );
  return row;
}

// ---- statistics ----

/** Orders of the year (cancelled left out) whose host lies in the scope, as `x` with the host's type and path. */
const yearOrders = (scope: Scope, year: number) => sql`
  (select o.*, h.type as host_type, h.path as host_path
     from lecture_orders o join orgs h on h.id = o.host_org_id
    where h.path like ${scopePattern(scope)} and o.status <> 'cancelled'
      and o.created_at >= (${`${year}-01-01`}::date::timestamp at time zone 'Asia/Shanghai')
      and o.created_at < (${`${year + 1}-01-01`}::date::timestamp at time zone 'Asia/Shanghai')) x`;

/** Lectures given in the year (delivered or closed), by the day they were given, whenever ordered. */
const yearDelivered = (scope: Scope, year: number) => sql`
  (select o.* from lecture_orders o join orgs h on h.id = o.host_org_id
    where h.path like ${scopePattern(scope)} and o.status in ('delivered', 'closed')
      and o.starts_at >= (${`${year}-01-01`}::date::timestamp at time zone 'Asia/Shanghai')
      and o.starts_at < (${`${year + 1}-01-01`}::date::timestamp at time zone 'Asia/Shanghai')) d`;

export async function statTotals(db: DbOrTx, scope: Scope, year: number) {
  const [row] = await queryRows<{ orders: number; delivered: number; attendance: number; hosts: number }>(
    db,
    sql`select count(*)::int as orders,
               (select count(*)::int from ${yearDelivered(scope, year)}) as delivered,
               (select coalesce(sum(d.attendance), 0)::int from ${yearDelivered(scope, year)}) as attendance,
               count(distinct x.host_org_id) filter (where x.host_type in (${memberTypes}))::int as hosts
          from ${yearOrders(scope, year)}`,
  );
  return row!;
}

export async function statByTopic(db: DbOrTx, scope: Scope, year: number) {
  return queryRows<{ topic: string; kind: MenuKind; orders: number }>(
    db,
    sql`select i.topic, i.kind, count(*)::int as orders from ${yearOrders(scope, year)}
          join lecture_items i on i.id = x.item_id group by i.topic, i.kind order by orders desc, i.topic`,
  );
}

/** Orders by the month they were placed; lectures given and their audience by the month they were given. */
export async function statByMonth(db: DbOrTx, scope: Scope, year: number) {
  return queryRows<{ month: string; orders: number; delivered: number; attendance: number }>(
    db,
    sql`select month, sum(orders)::int as orders, sum(delivered)::int as delivered, sum(attendance)::int as attendance from (
          select to_char(x.created_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month, 1 as orders, 0 as delivered, 0 as attendance
            from ${yearOrders(scope, year)}
          union all
          select to_char(d.starts_at at time zone 'Asia/Shanghai', 'YYYY-MM'), 0, 1, coalesce(d.attendance, 0)
            from ${yearDelivered(scope, year)}
        ) m group by month order by month`,
  );
}

/** By the county federation above the host (its region); hosts under no county count under null. */
export async function statByRegion(db: DbOrTx, scope: Scope, year: number) {
  return queryRows<{ org_id: number | null; name: string | null; orders: number }>(
    db,
    sql`select c.id as org_id, c.name, count(*)::int as orders
          from ${yearOrders(scope, year)}
          left join lateral (select o.id, o.name from orgs o where o.type = 'county' and x.host_path like o.path || '%' order by o.depth desc limit 1) c on true
         group by c.id, c.name order by orders desc, c.name`,
  );
}

/** Grassroots-type unions (基层、联合、园区、村级) in use in the scope. */
export async function countMemberUnions(db: DbOrTx, scope: Scope) {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from orgs where path like ${scopePattern(scope)} and status = 'active' and type in (${memberTypes})`,
  );
  return row!.n;
}
