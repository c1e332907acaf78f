/**
 * The queries of running a station: its managers, photos, inspections (with the inspection interval
 * each union sets for its subtree), donated goods and their ledger, and its service events. The
 * station itself is found in scope first (stations.repository.ts); these take its id.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { pathInScope, type Scope } from '../../server/scope.ts';
import { managedBy } from './stations.repository.ts';
import { stationGoods, stationInspections, stationPhotos, stationServices, stationStockMoves } from './stations.ops.schema.ts';
import { DEFAULT_INSPECTION_DAYS, type InspectionItem, type ServiceKind } from './stations.ops.contract.ts';

const INSPECTION_POLICY = 'station_inspection_interval_days';

// ---- managers ----

export interface ManagerRow {
  account_id: number;
  username: string;
  display_name: string;
  org_name: string;
  org_path: string;
  roles: string[] | string;
  status: string;
  assigned_at: Date | string | null;
}

export async function managersOf(db: DbOrTx, stationId: number) {
  return queryRows<ManagerRow>(
    db,
    sql`select a.id as account_id, a.username, a.display_name, o.name as org_name, o.path as org_path, a.roles, a.status, m.assigned_at
          from station_managers m join accounts a on a.id = m.account_id join orgs o on o.id = a.org_id
         where m.station_id = ${stationId} order by m.assigned_at, a.id`,
  );
}

/** Active 站长 accounts whose union lies in `scope` and whose own subtree holds the station (so they can see it). */
export async function managerCandidates(db: DbOrTx, scope: Scope, stationPath: string) {
  return queryRows<ManagerRow>(
    db,
    sql`select a.id as account_id, a.username, a.display_name, o.name as org_name, o.path as org_path, a.roles, a.status, null as assigned_at
          from accounts a join orgs o on o.id = a.org_id
         where 'station_manager' = any(a.roles) and a.status = 'active'
           and ${pathInScope(scope, sql`o.path`)} and ${stationPath} like o.path || '%'
         order by o.path, a.username`,
  );
}

export async function accountForManager(db: DbOrTx, scope: Scope, accountId: number) {
  const [row] = await queryRows<ManagerRow>(
    db,
    sql`select a.id as account_id, a.username, a.display_name, o.name as org_name, o.path as org_path, a.roles, a.status, null as assigned_at
          from accounts a join orgs o on o.id = a.org_id where a.id = ${accountId} and ${pathInScope(scope, sql`o.path`)}`,
  );
  return row;
}

/** Binds the account to the station; false when it already was. */
export async function insertManager(db: DbOrTx, stationId: number, accountId: number, by: number | null) {
  const rows = await queryRows<{ station_id: number }>(
    db,
    sql`insert into station_managers (station_id, account_id, assigned_by) values (${stationId}, ${accountId}, ${by})
        on conflict do nothing returning station_id`,
  );
  return rows.length > 0;
}

export async function deleteManager(db: DbOrTx, stationId: number, accountId: number) {
  const rows = await queryRows<{ station_id: number }>(
    db,
    sql`delete from station_managers where station_id = ${stationId} and account_id = ${accountId} returning station_id`,
  );
  return rows.length > 0;
}

// ---- photos ----

export interface PhotoRow {
  id: number;
  filename: string;
  caption: string | null;
  mime: string;
  size: number;
  is_cover: boolean;
  at: Date | string;
}

export async function photosOf(db: DbOrTx, stationId: number) {
  return queryRows<PhotoRow>(
    db,
    sql`select id, filename, caption, mime, size, is_cover, at from station_photos where station_id = ${stationId} order by is_cover desc, id`,
  );
}

export async function photoCount(db: DbOrTx, stationId: number) {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from station_photos where station_id = ${stationId}`);
  return row?.n ?? 0;
}

export async function insertPhoto(db: DbOrTx, values: typeof stationPhotos.$inferInsert) {
  const [row] = await db.insert(stationPhotos).values(values).returning({ id: stationPhotos.id });
  return row!.id;
}

export async function photoData(db: DbOrTx, stationId: number, photoId: number) {
  const [row] = await queryRows<{ filename: string; mime: string; data: Buffer | Uint8Array }>(
    db,
    sql`select filename, mime, data from station_photos where id = ${photoId} and station_id = ${stationId}`,
  );
  return row;
}

export async function deletePhoto(db: DbOrTx, stationId: number, photoId: number) {
  const [row] = await queryRows<{ filename: string; is_cover: boolean }>(
    db,
    sql`delete from station_photos where id = ${photoId} and station_id = ${stationId} returning filename, is_cover`,
  );
  return row;
}

/** Makes the photo the station's cover (the one before it stops being one); false when there is no such photo. */
export async function setCover(db: DbOrTx, stationId: number, photoId: number) {
  const exists = await queryRows<{ id: number }>(db, sql`select id from station_photos where id = ${photoId} and station_id = ${stationId} for update`);
  if (!exists.length) return false;
  await db.execute(sql`update station_photos set is_cover = false where station_id = ${stationId} and is_cover and id <> ${photoId}`);
  await db.execute(sql`update station_photos set is_cover = true where id = ${photoId}`);
  return true;
}

// ---- inspections ----

export interface InspectionRow {
  id: number;
  inspected_on: string;
  inspector: string;
  hygiene: number;
  facilities: number;
  hours: number;
  ledger: number;
  safety: number;
  remarks: Record<string, string> | string;
  notes: string | null;
  total: number;
  stars: number;
  at: Date | string;
}

export async function insertInspection(db: DbOrTx, values: Omit<typeof stationInspections.$inferInsert, 'total' | 'stars'> & Record<InspectionItem, number>) {
  const [row] = await db.insert(stationInspections).values(values).returning({ id: stationInspections.id, stars: stationInspections.stars });
  return row!;
}

export async function inspectionsOf(db: DbOrTx, stationId: number, limit = 50) {
  return queryRows<InspectionRow>(
    db,
    sql`select id, to_char(inspected_on, 'YYYY-MM-DD') as inspected_on, inspector, hygiene, facilities, hours, ledger, safety, remarks, notes, total, stars, at
          from station_inspections where station_id = ${stationId} order by inspected_on desc, id desc limit ${limit}`,
  );
}

/**
 * Each station's rating: the stars of its latest inspection, the inspection interval in force at
 * its union (the nearest union up the tree that set 驿站巡查周期, else 90 days) and the day the next
 * inspection is due (from the latest inspection, or from registration when never inspected).
 */
const ratingSelect = sql`
  select s.id, s.name, o.name as org_name, li.stars, to_char(li.inspected_on, 'YYYY-MM-DD') as last_inspected_on,
         coalesce(iv.days, ${DEFAULT_INSPECTION_DAYS})::int as interval_days,
         to_char(coalesce(li.inspected_on, (s.created_at at time zone 'Asia/Shanghai')::date) + coalesce(iv.days, ${DEFAULT_INSPECTION_DAYS})::int, 'YYYY-MM-DD') as next_due_on
    from stations s
    join orgs o on o.id = s.org_id
    left join lateral (
      select i.stars, i.inspected_on from station_inspections i where i.station_id = s.id order by i.inspected_on desc, i.id desc limit 1
    ) li on true
    left join lateral (
      select (p.value #>> '{}')::int as days from policy_values p join orgs po on po.id = p.org_id
       where p.key = ${INSPECTION_POLICY} and s.org_path like po.path || '%'
         and p.effective_from <= (now() at time zone 'Asia/Shanghai')::date
       order by po.depth desc, p.effective_from desc limit 1
    ) iv on true`;

export interface RatingRow {
  id: number;
  name: string;
  org_name: string;
  stars: number | null;
  last_inspected_on: string | null;
  interval_days: number;
  next_due_on: string;
}

export async function ratingOf(db: DbOrTx, stationId: number) {
  const [row] = await queryRows<RatingRow>(db, sql`${ratingSelect} where s.id = ${stationId}`);
  return row!;
}

/** Open or paused stations of the scope whose next inspection is due before `today`, most overdue first. */
export async function overdueStations(db: DbOrTx, scope: Scope, today: string, page: { limit: number; offset: number }, managerId?: number | null) {
  const where = sql`r.next_due_on < ${today}`;
  const base = sql`select * from (${ratingSelect} where s.status <> 'closed' and ${pathInScope(scope, sql`s.org_path`)} and ${managedBy(sql`s.id`, managerId)}) r`;
  const [rows, [count]] = await Promise.all([
    queryRows<RatingRow>(db, sql`${base} where ${where} order by r.next_due_on, r.id limit ${page.limit} offset ${page.offset}`),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from (${base} where ${where}) x`),
  ]);
  return { rows, total: count?.n ?? 0 };
}

// ---- goods ----

export interface GoodsRow {
  id: number;
  name: string;
  unit: string;
  low_stock: number;
  balance: number;
}

export async function goodsOf(db: DbOrTx, stationId: number) {
  return queryRows<GoodsRow>(db, sql`select id, name, unit, low_stock, balance from station_goods where station_id = ${stationId} order by name, id`);
}

export async function goodsById(db: DbOrTx, stationId: number, goodsId: number) {
  const [row] = await queryRows<GoodsRow>(
    db,
    sql`select id, name, unit, low_stock, balance from station_goods where id = ${goodsId} and station_id = ${stationId}`,
  );
  return row;
}

export async function insertGoods(db: DbOrTx, values: typeof stationGoods.$inferInsert) {
  const [row] = await db.insert(stationGoods).values(values).returning({ id: stationGoods.id });
  return row!.id;
}

export async function updateGoods(db: DbOrTx, stationId: number, goodsId: number, values: { name: string; unit: string; lowStock: number }) {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`update station_goods set name = ${values.name}, unit = ${values.unit}, low_stock = ${values.lowStock}
         where id = ${goodsId} and station_id = ${stationId} returning id`,
  );
  return rows.length > 0;
}

/**
 * Moves stock: the balance row is updated (and so locked) first, and the database's check keeps it
 * from going below zero, so two stock-outs at once take turns and the second sees the first's
 * balance. Returns the balance after, or undefined when there is no such goods at the station.
 */
export async function moveStock(db: DbOrTx, stationId: number, goodsId: number, delta: number) {
  const [row] = await queryRows<{ balance: number }>(
    db,
    sql`update station_goods set balance = balance + ${delta} where id = ${goodsId} and station_id = ${stationId} returning balance`,
  );
  return row?.balance;
}

export async function insertStockMove(db: DbOrTx, values: typeof stationStockMoves.$inferInsert) {
  const [row] = await db.insert(stationStockMoves).values(values).returning({ id: stationStockMoves.id });
  return row!.id;
}

export interface StockMoveRow {
  id: number;
  goods_id: number;
  goods_name: string;
  unit: string;
  direction: 'in' | 'out';
  quantity: number;
  balance_after: number;
  donor: string | null;
  purpose: string | null;
  moved_on: string;
  by_name: string;
  at: Date | string;
}

export async function ledgerOf(db: DbOrTx, stationId: number, goodsId: number | undefined, page: { limit: number; offset: number }) {
  const where: SQL = goodsId ? sql`m.station_id = ${stationId} and m.goods_id = ${goodsId}` : sql`m.station_id = ${stationId}`;
  const [rows, [count]] = await Promise.all([
    queryRows<StockMoveRow>(
      db,
      sql`select m.id::int as id, m.goods_id, g.name as goods_name, g.unit, m.direction, m.quantity, m.balance_after, m.donor, m.purpose,
                 to_char(m.moved_on, 'YYYY-MM-DD') as moved_on, m.by_name, m.at
            from station_stock_moves m join station_goods g on g.id = m.goods_id
           where ${where} order by m.id desc limit ${page.limit} offset ${page.offset}`,
    ),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from station_stock_moves m where ${where}`),
  ]);
  return { rows, total: count?.n ?? 0 };
}

// ---- services ----

export interface ServiceRow {
  id: number;
  held_on: string;
  kind: ServiceKind;
  title: string;
  provider: string;
  participants: number;
  notes: string | null;
}

export async function insertService(db: DbOrTx, values: typeof stationServices.$inferInsert) {
  const [row] = await db.insert(stationServices).values(values).returning({ id: stationServices.id });
  return row!.id;
}

export async function servicesOf(db: DbOrTx, stationId: number, limit = 200) {
  return queryRows<ServiceRow>(
    db,
    sql`select id, to_char(held_on, 'YYYY-MM-DD') as held_on, kind, title, provider, participants, notes
          from station_services where station_id = ${stationId} order by held_on desc, id desc limit ${limit}`,
  );
}

export async function deleteService(db: DbOrTx, stationId: number, serviceId: number) {
  const [row] = await queryRows<{ title: string }>(db, sql`delete from station_services where id = ${serviceId} and station_id = ${stationId} returning title`);
  return row;
}

/** Events and participants by kind: of one station, or of the stations under `top` between two days. */
export async function servicesByKind(db: DbOrTx, where: SQL) {
  return queryRows<{ kind: ServiceKind; events: number; participants: number }>(
    db,
    sql`select e.kind, count(*)::int as events, coalesce(sum(e.participants), 0)::int as participants
          from station_services e join stations s on s.id = e.station_id where ${where} group by e.kind order by e.kind`,
  );
}

export async function servicesByStation(db: DbOrTx, where: SQL) {
  return queryRows<{ id: number; name: string; events: number; participants: number }>(
    db,
    sql`select s.id, s.name, count(*)::int as events, coalesce(sum(e.participants), 0)::int as participants
          from station_services e join stations s on s.id = e.station_id where ${where}
         group by s.id, s.name order by events desc, s.id limit 100`,
  );
}

export const servicesAt = (stationId: number) => sql`e.station_id = ${stationId}`;

export const servicesIn = (top: Scope, from: string, to: string, managerId?: number | null) =>
  sql`${pathInScope(top, sql`s.org_path`)} and ${managedBy(sql`s.id`, managerId)} and e.held_on between ${from}::date and ${to}::date`;

// ---- the spreadsheet ----

export async function stationNamesIn(db: DbOrTx, scope: Scope) {
  return queryRows<{ org_id: number; name: string }>(db, sql`select org_id, name from stations where ${pathInScope(scope, sql`org_path`)}`);
}

export async function orgPaths(db: DbOrTx, ids: readonly number[]) {
  if (!ids.length) return new Map<number, string>();
  const rows = await queryRows<{ id: number; path: string }>(db, sql`select id, path from orgs where id = any(${`{${ids.join(',')}}`}::int[])`);
  return new Map(rows.map((r) => [r.id, r.path]));
}
