/**
 * 工会驿站: staff keep the stations of their subtree (register, change, pause, close, print the
 * poster); workers find the nearest open one and record a visit by scanning its poster.
 */
import { randomBytes } from 'node:crypto';
import type { Db, DbOrTx } from '../../server/db.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { narrowTo, scopeOf } from '../../server/scope.ts';
import { Conflict, Invalid, NotFound, registerConstraintMessage } from '../../server/errors.ts';
import type { WorkerActor } from '../../server/worker.ts';
import { chinaToday } from '../../shared/dates.ts';
import { convert, haversineKm, toWgs84 } from '../../shared/geo.ts';
import { recordAudit } from '../audit/index.ts';
import { openState, parseHours } from './hours.ts';
import * as repo from './stations.repository.ts';
import { renderStationPoster } from './poster.pdf.ts';
import { navLinks } from './nav.ts';
import { stationsChanged } from './stations.map.ts';
import { managerOf } from './stations.access.ts';
import {
  AMENITIES,
  STATION_STATUS_LABELS,
  type Amenity,
  type ListStationsQuery,
  type NearStation,
  type NearestAnswer,
  type NearestQuery,
  type StationInput,
  type StationPage,
  type StationStatusInput,
  type StationView,
  type VisitAnswer,
  type VisitStats,
  type VisitStatsQuery,
} from './stations.contract.ts';

registerConstraintMessage('stations_china_check', 'lng', '坐标须在中国境内（经度 73–136，纬度 3–54）');
registerConstraintMessage('stations_source_datum_check', 'datum', '坐标系与坐标来源不符');

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();
/** PGlite hands a text[] as an array, node-postgres may hand its text form `{a,b}`. */
const amenitiesOf = (v: Amenity[] | string): Amenity[] =>
  Array.isArray(v)
    ? v
    : (v
        .replace(/^\{|\}$/g, '')
        .split(',')
        .filter(Boolean) as Amenity[]);
const ordered = (a: readonly Amenity[]) => AMENITIES.filter((x) => a.includes(x));

function present(actor: Actor, s: repo.StationRow): StationView {
  return {
    id: s.id,
    type: s.type,
    name: s.name,
    org: { id: s.org_id, name: s.org_name },
    address: s.address,
    lng: s.lng,
    lat: s.lat,
    datum: s.datum,
    source: s.source,
    wgs84: { lng: s.wgs_lng, lat: s.wgs_lat },
    openingHours: s.opening_hours,
    staffedHours: s.staffed_hours,
    amenities: amenitiesOf(s.amenities),
    phone: s.phone,
    intro: s.intro,
    status: s.status,
    statusReason: s.status_reason,
    now: s.status === 'open' ? openState(s.opening_hours, s.staffed_hours, new Date()) : 'closed',
    visits30d: s.visits30d,
    createdAt: iso(s.created_at),
    can: { change: can(actor, 'stations:manage') && s.status !== 'closed' },
  };
}

/** The stored columns of a station's input: its point on WGS-84 beside the point as taken, hours checked. */
export function columnsOf(input: StationInput) {
  parseHours(input.openingHours, 'openingHours', '开放时间');
  if (input.staffedHours) parseHours(input.staffedHours, 'staffedHours', '值守时间');
  const [wgsLng, wgsLat] = toWgs84({ lng: input.lng, lat: input.lat, datum: input.datum });
  return {
    type: input.type,
    name: input.name,
    address: input.address,
    lng: input.lng,
    lat: input.lat,
    datum: input.datum,
    source: input.source,
    wgsLng,
    wgsLat,
    openingHours: input.openingHours,
    staffedHours: input.staffedHours ?? null,
    amenities: ordered(input.amenities),
    phone: input.phone,
    intro: input.intro ?? null,
  };
}

async function hostUnion(db: DbOrTx, actor: Actor, orgId: number) {
  const org = await repo.orgInScope(db, scopeOf(actor), orgId);
  if (!org) throw new NotFound('承建工会', 'orgId');
  if (org.status !== 'active') throw Invalid.field('orgId', `「${org.name}」已撤销或合并，不能承建驿站`);
  return org;
}

export { managerOf };

/** A station the actor may see (a 站长: one bound to them), or 404. */
export async function stationOf(db: DbOrTx, actor: Actor, id: number) {
  const row = await repo.stationInScope(db, scopeOf(actor), id, managerOf(actor));
  if (!row) throw new NotFound('驿站');
  return row;
}

/** Lists the stations of the caller's subtree. */
export async function listStations(db: Db, actor: Actor, q: ListStationsQuery): Promise<StationPage> {
  authorize(actor, 'stations:read');
  const { rows, total } = await repo.listStations(db, scopeOf(actor), q, managerOf(actor));
  return { items: rows.map((r) => present(actor, r)), total, page: q.page, pageSize: q.pageSize };
}

export async function getStation(db: Db, actor: Actor, id: number): Promise<StationView> {
  authorize(actor, 'stations:read');
  return present(actor, await stationOf(db, actor, id));
}

/** Registers a station of a union in the caller's subtree. */
export async function createStation(db: Db, actor: Actor, input: StationInput): Promise<StationView> {
  authorize(actor, 'stations:manage');
  const id = await db.transaction(async (tx) => {
    const org = await hostUnion(tx, actor, input.orgId);
    const values = columnsOf(input);
    const id = await repo.insertStation(tx, {
      ...values,
      orgId: org.id,
      orgPath: org.path,
      visitCode: randomBytes(18).toString('base64url'),
      createdBy: actor.accountId,
    });
    await recordAudit(tx, actor, { action: 'create', entity: 'station', entityId: id, orgId: org.id, summary: `登记驿站「${input.name}」` });
    return id;
  });
  stationsChanged();
  return getStation(db, actor, id);
}

/** Changes a station's details (not its status: see `setStationStatus`). */
export async function updateStation(db: Db, actor: Actor, id: number, input: StationInput): Promise<StationView> {
  authorize(actor, 'stations:manage');
  await db.transaction(async (tx) => {
    const row = await stationOf(tx, actor, id);
    const org = row.org_id === input.orgId ? { id: row.org_id, path: row.org_path } : await hostUnion(tx, actor, input.orgId);
    if (row.status === 'closed') throw new Conflict(`驿站「${row.name}」已撤销，不能修改`);
    const values = columnsOf(input);
    await repo.updateStation(tx, id, { ...values, orgId: org.id, orgPath: org.path });
    await recordAudit(tx, actor, { action: 'update', entity: 'station', entityId: id, orgId: org.id, summary: `修改驿站「${input.name}」` });
  });
  stationsChanged();
  return getStation(db, actor, id);
}

/** 运营 / 暂停 / 撤销: a pause or a closure gives its reason; a closed station stays closed. */
export async function setStationStatus(db: Db, actor: Actor, id: number, input: StationStatusInput): Promise<StationView> {
  authorize(actor, 'stations:manage');
  await db.transaction(async (tx) => {
    const row = await stationOf(tx, actor, id);
    if (row.status === 'closed') throw new Conflict(`驿站「${row.name}」已撤销，不能再改变状态`);
    if (row.status === input.status) throw new Conflict(`驿站「${row.name}」已是“${STATION_STATUS_LABELS[input.status]}”`);
    if (input.status !== 'open' && !input.reason) throw Invalid.field('reason', `请填写${STATION_STATUS_LABELS[input.status]}的原因`);
    await repo.updateStation(tx, id, { status: input.status, statusReason: input.status === 'open' ? null : input.reason });
    await recordAudit(tx, actor, {
      action: 'update',
      entity: 'station',
      entityId: id,
      orgId: row.org_id,
      summary: `驿站「${row.name}」改为${STATION_STATUS_LABELS[input.status]}${input.reason ? `：${input.reason}` : ''}`,
    });
  });
  stationsChanged();
  return getStation(db, actor, id);
}

/** The station's QR poster (A4 PDF): scanning it in the portal records a visit. */
export async function stationPoster(db: Db, actor: Actor, id: number, origin: string) {
  authorize(actor, 'stations:read');
  const s = await stationOf(db, actor, id);
  if (s.status === 'closed') throw new Conflict(`驿站「${s.name}」已撤销，不能打印到站二维码`);
  const pdf = await renderStationPoster({
    name: s.name,
    address: s.address,
    openingHours: s.opening_hours,
    staffedHours: s.staffed_hours,
    amenities: amenitiesOf(s.amenities),
    phone: s.phone,
    url: `${origin}/m/stations/visit?code=${s.visit_code}`,
    today: chinaToday(),
  });
  return { pdf, fileName: `${s.name}到站二维码.pdf` };
}

// ---- nearest ----

const KM_PER_DEGREE_LAT = 111.32;

/**
 * The stations nearest a point, open at the moment asked (now unless said) and with every amenity
 * asked for, nearest first. The point is converted to WGS-84 from the datum the asker names (a
 * phone's GPS fix is WGS-84) before it is compared with the stored points. The search widens its
 * box (2, 8, then the whole radius) until it has enough stations.
 */
export async function nearestStations(db: Db, q: NearestQuery): Promise<NearestAnswer> {
  const at = q.at ? new Date(q.at) : new Date();
  const [lng, lat] = toWgs84({ lng: q.lng, lat: q.lat, datum: q.datum });
  let found: NearStation[] = [];
  for (const km of [2, 8, q.radiusKm].filter((k, i, all) => k <= q.radiusKm && all.indexOf(k) === i)) {
    const dLat = km / KM_PER_DEGREE_LAT;
    const dLng = km / (KM_PER_DEGREE_LAT * Math.max(0.05, Math.cos((lat * Math.PI) / 180)));
    const rows = await repo.openStationsInBox(db, lng, lat, dLat, dLng, q.amenity);
    found = [];
    for (const r of rows) {
      const distanceKm = haversineKm(lng, lat, r.wgs_lng, r.wgs_lat);
      if (distanceKm > km) continue;
      const state = openState(r.opening_hours, r.staffed_hours, at);
      if (q.open && state === 'closed') continue;
      const [pLng, pLat] = convert({ lng: r.wgs_lng, lat: r.wgs_lat, datum: 'wgs84' }, q.datum);
      found.push({
        id: r.id,
        type: r.type,
        name: r.name,
        address: r.address,
        phone: r.phone,
        amenities: amenitiesOf(r.amenities),
        openingHours: r.opening_hours,
        staffedHours: r.staffed_hours,
        state,
        distanceM: Math.round(distanceKm * 1000),
        point: { lng: pLng, lat: pLat, datum: q.datum },
        nav: navLinks(r.name, r.wgs_lng, r.wgs_lat),
      });
    }
    // Within the circle of `km` every station is found, so the nearest `limit` of them are final.
    if (found.length >= q.limit) break;
  }
  found.sort((a, b) => a.distanceM - b.distanceM || a.id - b.id);
  return { at: at.toISOString(), stations: found.slice(0, q.limit) };
}

// ---- visits ----

/** A worker scanned a station's poster: one visit per worker, station and hour, however often scanned. */
export async function recordVisit(db: Db, worker: WorkerActor & { personId: number }, code: string): Promise<VisitAnswer> {
  const s = await repo.stationByVisitCode(db, code);
  if (!s) throw Invalid.field('code', '二维码无效：请扫描驿站张贴的到站二维码');
  if (s.status !== 'open') throw new Conflict(`驿站「${s.name}」${s.status === 'paused' ? '暂停开放' : '已撤销'}，本次到站未记录`);
  const recorded = await repo.insertVisit(db, s.id, worker.personId, s.org_path);
  return {
    station: { id: s.id, name: s.name, address: s.address, amenities: amenitiesOf(s.amenities) },
    recorded,
    visitedAt: new Date().toISOString(),
  };
}

/** Visits rolled up under a union of the caller's subtree: by day, station, the unions one level down, and occupation. */
export async function visitStats(db: Db, actor: Actor, q: VisitStatsQuery): Promise<VisitStats> {
  authorize(actor, 'stations:read');
  if (q.from > q.to) throw Invalid.field('to', '结束日期不能早于开始日期');
  const scope = scopeOf(actor);
  let top = scope;
  if (q.orgId) {
    const org = await repo.orgInScope(db, scope, q.orgId);
    if (!org) throw new NotFound('工会', 'orgId');
    top = narrowTo(scope, org.path);
  }
  const only = managerOf(actor);
  const [totals, byDay, byStation, byOrg, byOccupation] = await Promise.all([
    repo.visitTotals(db, top, q.from, q.to, only),
    repo.visitsByDay(db, top, q.from, q.to, only),
    repo.visitsByStation(db, top, q.from, q.to, only),
    repo.visitsByChildOrg(db, top, q.from, q.to, only),
    repo.visitsByOccupation(db, top, q.from, q.to, only),
  ]);
  return {
    total: totals.total,
    visitors: totals.visitors,
    byDay,
    byStation,
    byOrg,
    byOccupation: byOccupation.map((o) => ({ occupation: o.occupation ?? '未填写', visits: o.visits })),
  };
}
