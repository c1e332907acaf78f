/**
 * Every query of 工会驿站: stations seen by the host union's subtree, the nearest search (a band of
 * latitude read by index, then longitude within it), visits and their roll-up.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { pathInScope, type Scope } from '../../server/scope.ts';
import { stations } from './stations.schema.ts';
import type { Amenity, ListStationsQuery, StationStatus, StationType } from './stations.contract.ts';
import type { Datum, PointSource } from '../../shared/geo.ts';

export interface StationRow {
  id: number;
  type: StationType;
  name: string;
  org_id: number;
  org_name: string;
  org_path: string;
  address: string;
  lng: number;
  lat: number;
  datum: Datum;
  source: PointSource;
  wgs_lng: number;
  wgs_lat: number;
  opening_hours: string;
  staffed_hours: string | null;
  amenities: Amenity[] | string;
  phone: string | null;
  intro: string | null;
  status: StationStatus;
  status_reason: string | null;
  visit_code: string;
  visits30d: number;
  created_at: Date | string;
}

const stationSelect = sql`select s.id, s.type, s.name, s.org_id, o.name as org_name, s.org_path, s.address, s.lng, s.lat, s.datum, s.source,
                                 s.wgs_lng, s.wgs_lat, s.opening_hours, s.staffed_hours, s.amenities, s.phone, s.intro, s.status,
                                 s.status_reason, s.visit_code, s.created_at,
                                 (select count(*)::int from station_visits v where v.station_id = s.id and v.visited_at > now() - interval '30 days') as visits30d
                            from stations s join orgs o on o.id = s.org_id`;

/**
 * Only the stations bound to a manager's account (`managerId`), or every station of the scope
 * (null): an account without the permission to see all of them is a 站长 of its own stations.
 */
export function managedBy(stationId: SQL, managerId: number | null | undefined): SQL {
  return managerId == null ? sql`true` : sql`${stationId} in (select m.station_id from station_managers m where m.account_id = ${managerId})`;
}

/** The stations bound to a manager's account, in id order. */
export async function managedStationIds(db: DbOrTx, managerId: number) {
  const rows = await queryRows<{ id: number }>(db, sql`select station_id as id from station_managers where account_id = ${managerId} order by station_id`);
  return rows.map((r) => r.id);
}

export async function orgInScope(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows<{ id: number; name: string; path: string; status: string }>(
    db,
    sql`select id, name, path, status from orgs where id = ${id} and ${pathInScope(scope, sql`path`)}`,
  );
  return row;
}

export async function insertStation(db: DbOrTx, values: typeof stations.$inferInsert) {
  const [row] = await db.insert(stations).values(values).returning({ id: stations.id });
  return row!.id;
}

export async function updateStation(db: DbOrTx, id: number, values: Partial<typeof stations.$inferInsert>) {
  await db
    .update(stations)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(stations.id, id));
}

export async function stationInScope(db: DbOrTx, scope: Scope, id: number, managerId?: number | null) {
  const [row] = await queryRows<StationRow>(
    db,
    sql`${stationSelect} where s.id = ${id} and ${pathInScope(scope, sql`s.org_path`)} and ${managedBy(sql`s.id`, managerId)}`,
  );
  return row;
}

function listWhere(scope: Scope, q: ListStationsQuery, managerId?: number | null): SQL {
  const parts: SQL[] = [pathInScope(scope, sql`s.org_path`), managedBy(sql`s.id`, managerId)];
  if (q.q) parts.push(sql`(s.name like ${`%${q.q}%`} or s.address like ${`%${q.q}%`})`);
  if (q.type) parts.push(sql`s.type = ${q.type}`);
  if (q.status) parts.push(sql`s.status = ${q.status}`);
  if (q.orgId) parts.push(sql`s.org_path like (select path from orgs where id = ${q.orgId}) || '%'`);
  if (q.amenity.length) parts.push(sql`s.amenities @> ${`{${q.amenity.join(',')}}`}::text[]`);
  return sql.join(parts, sql` and `);
}

export async function listStations(db: DbOrTx, scope: Scope, q: ListStationsQuery, managerId?: number | null) {
  const where = listWhere(scope, q, managerId);
  const [rows, [count]] = await Promise.all([
    queryRows<StationRow>(db, sql`${stationSelect} where ${where} order by s.org_path, s.id limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from stations s where ${where}`),
  ]);
  return { rows, total: count?.n ?? 0 };
}

export interface NearRow {
  id: number;
  type: StationType;
  name: string;
  address: string;
  phone: string | null;
  amenities: Amenity[] | string;
  opening_hours: string;
  staffed_hours: string | null;
  wgs_lng: number;
  wgs_lat: number;
}

/**
 * Open stations in a box around a WGS-84 point (degrees of latitude and longitude either side),
 * with every amenity asked for. The caller measures the distances and checks the hours.
 */
export async function openStationsInBox(db: DbOrTx, lng: number, lat: number, dLat: number, dLng: number, amenities: readonly Amenity[]) {
  const need = amenities.length ? sql` and amenities @> ${`{${amenities.join(',')}}`}::text[]` : sql``;
  return queryRows<NearRow>(
    db,
    sql`select id, type, name, address, phone, amenities, opening_hours, staffed_hours, wgs_lng, wgs_lat
          from stations
         where status = 'open'
           and wgs_lat between ${lat - dLat} and ${lat + dLat}
           and wgs_lng between ${lng - dLng} and ${lng + dLng}${need}`,
  );
}

export interface VisitTarget {
  id: number;
  name: string;
  address: string;
  amenities: Amenity[] | string;
  org_path: string;
  status: StationStatus;
}

export async function stationByVisitCode(db: DbOrTx, code: string) {
  const [row] = await queryRows<VisitTarget>(db, sql`select id, name, address, amenities, org_path, status from stations where visit_code = ${code}`);
  return row;
}

/** Records the visit unless this worker's visit of this hour at this station is already there; true when recorded. */
export async function insertVisit(db: DbOrTx, stationId: number, personId: number, orgPath: string) {
  const rows = await queryRows<{ visited_at: Date | string }>(
    db,
    sql`insert into station_visits (station_id, person_id, org_path, occupation, hour)
        select ${stationId}, p.id, ${orgPath}, p.occupation, date_trunc('hour', now())
          from persons p where p.id = ${personId}
        on conflict (station_id, person_id, hour) do nothing
        returning visited_at`,
  );
  return rows.length > 0;
}

// ---- roll-up ----

/** Visits from `from` to `to` (China dates, both included) at stations whose union lies under `top`. */
const visitsIn = (top: Scope, from: string, to: string, managerId?: number | null) =>
  sql`${pathInScope(top, sql`v.org_path`)} and ${managedBy(sql`v.station_id`, managerId)}
      and v.visited_at >= (${from}::date)::timestamp at time zone 'Asia/Shanghai'
      and v.visited_at < ((${to}::date + 1)::timestamp) at time zone 'Asia/Shanghai'`;

export async function visitTotals(db: DbOrTx, top: Scope, from: string, to: string, managerId?: number | null) {
  const [row] = await queryRows<{ total: number; visitors: number }>(
    db,
    sql`select count(*)::int as total, count(distinct v.person_id)::int as visitors from station_visits v where ${visitsIn(top, from, to, managerId)}`,
  );
  return row ?? { total: 0, visitors: 0 };
}

export async function visitsByDay(db: DbOrTx, top: Scope, from: string, to: string, managerId?: number | null) {
  return queryRows<{ day: string; visits: number }>(
    db,
    sql`select to_char(v.visited_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, count(*)::int as visits
          from station_visits v where ${visitsIn(top, from, to, managerId)} group by 1 order by 1`,
  );
}

export async function visitsByStation(db: DbOrTx, top: Scope, from: string, to: string, managerId?: number | null) {
  return queryRows<{ id: number; name: string; visits: number }>(
    db,
    sql`select s.id, s.name, count(*)::int as visits
          from station_visits v join stations s on s.id = v.station_id
         where ${visitsIn(top, from, to, managerId)} group by s.id, s.name order by visits desc, s.id limit 100`,
  );
}

/** Visits per union directly below `top` (or `top` itself for its own stations). */
export async function visitsByChildOrg(db: DbOrTx, top: Scope, from: string, to: string, managerId?: number | null) {
  return queryRows<{ id: number; name: string; visits: number }>(
    db,
    sql`select c.id, c.name, count(v.id)::int as visits
          from orgs c
          join station_visits v on v.org_path like c.path || '%' and ${visitsIn(top, from, to, managerId)}
         where c.path = ${top.path} or (c.path like ${`${top.path}%`} and c.path ~ ${`^${top.path}[0-9]+/$`})
         group by c.id, c.name, c.path order by c.path`,
  );
}

export async function visitsByOccupation(db: DbOrTx, top: Scope, from: string, to: string, managerId?: number | null) {
  return queryRows<{ occupation: string | null; visits: number }>(
    db,
    sql`select coalesce(oc.label, '未填写') as occupation, count(*)::int as visits
          from station_visits v left join occupations oc on oc.code = v.occupation
         where ${visitsIn(top, from, to, managerId)} group by 1 order by visits desc`,
  );
}

export async function stationCount(db: DbOrTx, scope: Scope) {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from stations s where ${pathInScope(scope, sql`s.org_path`)} and s.status = 'open'`,
  );
  return row?.n ?? 0;
}

/** Demo visits: each of `personIds` visits the station on some of the last `days` days, at different hours. */
export async function insertDemoVisits(db: DbOrTx, stationId: number, personIds: readonly number[], days: number) {
  if (!personIds.length) return;
  await db.execute(sql`
    insert into station_visits (station_id, person_id, org_path, occupation, visited_at, hour)
    select s.id, p.id, s.org_path, p.occupation, t.at, date_trunc('hour', t.at)
      from stations s
      cross join unnest(${`{${personIds.join(',')}}`}::bigint[]) with ordinality as x(pid, n)
      join persons p on p.id = x.pid
      cross join generate_series(0, ${days - 1}) as d(day)
      cross join lateral (select now() - make_interval(days => d.day, hours => ((x.n * 7 + d.day * 3) % 12)::int) as at) t
     where s.id = ${stationId} and (x.n + d.day) % 3 = 0
    on conflict do nothing`);
}

/** The first active people of a subtree (demo visitors). */
export async function firstPeopleIn(db: DbOrTx, scope: Scope, limit: number) {
  return queryRows<{ id: number }>(
    db,
    sql`select p.id::int as id from persons p join orgs o on o.id = p.org_id where p.status = 'active' and ${pathInScope(scope, sql`o.path`)} order by p.id limit ${limit}`,
  );
}

// ---- the map ----

export interface MapPointRow {
  id: number;
  type: StationType;
  status: StationStatus;
  org_path: string;
  /** The amenities as bits in the order of `order` (an int is read far faster than 200,000 arrays). */
  amenity_bits: number;
  wgs_lng: number;
  wgs_lat: number;
}

/** Every station's point and what the map filters by (the map's index is built from these). */
export async function mapPoints(db: DbOrTx, order: readonly Amenity[]) {
  const names = sql`${`{${order.join(',')}}`}::text[]`;
  return queryRows<MapPointRow>(
    db,
    sql`select id, type, status, org_path, wgs_lng, wgs_lat,
               (select coalesce(sum(1 << (array_position(${names}, a) - 1)), 0)::int from unnest(amenities) a) as amenity_bits
          from stations`,
  );
}

/**
 * What changes when a station or the tree changes: how many stations, and the last change of a
 * station and of a union (a move rewrites the stations' paths and stamps the moved unions).
 */
export async function mapSignature(db: DbOrTx) {
  const [row] = await queryRows<{ n: number; s: Date | string | null; o: Date | string | null }>(
    db,
    sql`select (select count(*)::int from stations) as n, (select max(updated_at) from stations) as s, (select max(updated_at) from orgs) as o`,
  );
  return `${row?.n}|${String(row?.s)}|${String(row?.o)}`;
}

export interface MapDetailRow {
  id: number;
  name: string;
  address: string;
  opening_hours: string;
  staffed_hours: string | null;
}

/** Names, addresses and hours of the stations a viewport shows one by one (read fresh, by primary key). */
export async function mapDetails(db: DbOrTx, ids: readonly number[]) {
  if (!ids.length) return [];
  return queryRows<MapDetailRow>(db, sql`select id, name, address, opening_hours, staffed_hours from stations where id = any(${`{${ids.join(',')}}`}::int[])`);
}
