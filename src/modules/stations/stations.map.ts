/**
 * The station map: stations clustered for a viewport and a zoom (supercluster), for staff over
 * their subtree and for anyone over the open stations.
 *
 * The clusters come from an index kept in memory, built from every station's WGS-84 point once and
 * reused by every request until the stations change: a viewport is then answered without scanning
 * the table, at any zoom. One index per subtree and filter (the few kept most recently used).
 *
 * Freshness. This process counts its own changes (a station registered, changed, paused, reopened
 * or closed; a union moved), so its next map request rebuilds at once. Changes made through other
 * app processes are found by a signature — how many stations, the last change of a station and of a
 * union — asked at most once every SIGNATURE_TTL_MS: reading it on every request would scan the
 * stations for max(updated_at) each time, so another process's change shows within that time.
 */
import Supercluster from 'supercluster';
import type { Db } from '../../server/db.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { narrowTo, scopeOf, type Scope } from '../../server/scope.ts';
import { NotFound } from '../../server/errors.ts';
import { convert, toWgs84, type Datum } from '../../shared/geo.ts';
import { openState } from './hours.ts';
import * as repo from './stations.repository.ts';
import {
  AMENITIES,
  MAP_MAX_CLUSTER_ZOOM,
  type Amenity,
  type MapCluster,
  type MapStation,
  type PublicStationMapQuery,
  type StationMapAnswer,
  type StationMapQuery,
  type StationStatus,
  type StationType,
} from './stations.contract.ts';
import { navLinks } from './nav.ts';
import { managerOf } from './stations.access.ts';

const SIGNATURE_TTL_MS = 5_000;
const MAX_INDEXES = 16;
/** Cluster radius in screen pixels (a marker's size and a bit). */
const CLUSTER_RADIUS_PX = 60;

interface MapPoint {
  id: number;
  type: StationType;
  status: StationStatus;
  orgPath: string;
  /** Amenities as bits, in the order of AMENITIES. */
  amenities: number;
}
type PointFeature = Supercluster.PointFeature<MapPoint>;

interface MapState {
  /** The snapshot's points as features (shared by every index built from it). */
  features: PointFeature[];
  signature: string;
  version: number;
  checkedAt: number;
  indexes: Map<string, { index: Supercluster<MapPoint>; size: number }>;
}

/** Bumped by this process's own changes of stations and of the tree. */
let localVersion = 0;
/** A station or the tree changed in this process: the next map request rebuilds its index. */
export function stationsChanged() {
  localVersion++;
}

/** One state per database (tests run several apps in one process). */
const states = new WeakMap<Db, MapState>();

const maskOf = (amenities: readonly Amenity[]) => amenities.reduce((m, a) => m | (1 << AMENITIES.indexOf(a)), 0);
async function load(db: Db, state: MapState | undefined): Promise<MapState> {
  const version = localVersion;
  const signature = await repo.mapSignature(db);
  if (state && state.signature === signature && state.version === version) {
    state.checkedAt = Date.now();
    return state;
  }
  const rows = await repo.mapPoints(db, AMENITIES);
  const features: PointFeature[] = rows.map((r) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [r.wgs_lng, r.wgs_lat] },
    properties: { id: r.id, type: r.type, status: r.status, orgPath: r.org_path, amenities: r.amenity_bits },
  }));
  const fresh: MapState = { features, signature, version, checkedAt: Date.now(), indexes: new Map() };
  states.set(db, fresh);
  return fresh;
}

const pending = new WeakMap<Db, Promise<MapState>>();

/** The snapshot, reloaded when this process changed stations or the signature moved (one load at a time). */
async function current(db: Db): Promise<MapState> {
  const state = states.get(db);
  if (state && state.version === localVersion && Date.now() - state.checkedAt < SIGNATURE_TTL_MS) return state;
  let loading = pending.get(db);
  if (!loading) {
    loading = load(db, state).finally(() => pending.delete(db));
    pending.set(db, loading);
  }
  return loading;
}

interface Filter {
  scope: Scope | null;
  statuses: readonly StationStatus[];
  type?: StationType;
  amenities: readonly Amenity[];
  /** A 站长's own stations (null: every station of the scope). */
  only: readonly number[] | null;
}

function indexFor(state: MapState, f: Filter): { index: Supercluster<MapPoint>; size: number } {
  const mask = maskOf(f.amenities);
  // A manager's own stations are part of the key, so binding or unbinding one gives a fresh index.
  const key = `${f.scope?.path ?? '*'}|${f.statuses.join(',')}|${f.type ?? ''}|${mask}|${f.only?.join(',') ?? '*'}`;
  const hit = state.indexes.get(key);
  if (hit) {
    // Most recently used last, so the first is the one to drop.
    state.indexes.delete(key);
    state.indexes.set(key, hit);
    return hit;
  }
  const prefix = f.scope?.path;
  const only = f.only ? new Set(f.only) : null;
  const points = state.features.filter((p) => {
    const s = p.properties;
    return (
      (prefix === undefined || s.orgPath.startsWith(prefix)) &&
      f.statuses.includes(s.status) &&
      (f.type === undefined || s.type === f.type) &&
      (s.amenities & mask) === mask &&
      (only === null || only.has(s.id))
    );
  });
  const built = {
    index: new Supercluster<MapPoint>({ radius: CLUSTER_RADIUS_PX, maxZoom: MAP_MAX_CLUSTER_ZOOM, minPoints: 2 }).load(points),
    size: points.length,
  };
  if (state.indexes.size >= MAX_INDEXES) state.indexes.delete(state.indexes.keys().next().value!);
  state.indexes.set(key, built);
  return built;
}

/** The viewport on WGS-84: its corners converted from the asker's datum, widened by the datums' offset (under a kilometre). */
function wgsBox([w, s, e, n]: [number, number, number, number], datum: Datum): [number, number, number, number] {
  if (datum === 'wgs84') return [w, s, e, n];
  const [w1, s1] = toWgs84({ lng: w, lat: s, datum });
  const [e1, n1] = toWgs84({ lng: e, lat: n, datum });
  const pad = 0.01;
  return [Math.max(-180, w1 - pad), Math.max(-90, s1 - pad), Math.min(180, e1 + pad), Math.min(90, n1 + pad)];
}

async function answer(db: Db, f: Filter, q: PublicStationMapQuery, withNav: boolean): Promise<StationMapAnswer> {
  const state = await current(db);
  const { index, size } = indexFor(state, f);
  const zoom = Math.min(q.zoom, MAP_MAX_CLUSTER_ZOOM + 1);
  const features = index.getClusters(wgsBox(q.bbox, q.datum), zoom);
  const at = (lng: number, lat: number) => convert({ lng, lat, datum: 'wgs84' }, q.datum);
  const clusters: MapCluster[] = [];
  const leaves: PointFeature[] = [];
  for (const feature of features) {
    const p = feature.properties as MapPoint | Supercluster.ClusterProperties;
    if ('cluster' in p && p.cluster) {
      const [lng, lat] = at(feature.geometry.coordinates[0]!, feature.geometry.coordinates[1]!);
      clusters.push({
        id: p.cluster_id,
        lng,
        lat,
        count: p.point_count,
        zoomTo: Math.min(index.getClusterExpansionZoom(p.cluster_id), MAP_MAX_CLUSTER_ZOOM + 1),
      });
    } else leaves.push(feature as PointFeature);
  }
  const details = new Map(
    (
      await repo.mapDetails(
        db,
        leaves.map((l) => l.properties.id),
      )
    ).map((d) => [d.id, d]),
  );
  const now = new Date();
  const stations: MapStation[] = [];
  for (const leaf of leaves) {
    const s = leaf.properties;
    const d = details.get(s.id);
    if (!d) continue;
    const [wLng, wLat] = leaf.geometry.coordinates as [number, number];
    const [lng, lat] = at(wLng, wLat);
    stations.push({
      id: s.id,
      lng,
      lat,
      type: s.type,
      name: d.name,
      address: d.address,
      status: s.status,
      openingHours: d.opening_hours,
      staffedHours: d.staffed_hours,
      now: s.status === 'open' ? openState(d.opening_hours, d.staffed_hours, now) : 'closed',
      ...(withNav ? { nav: navLinks(d.name, wLng, wLat) } : {}),
    });
  }
  return { zoom: q.zoom, datum: q.datum, total: size, clusters, stations };
}

/** Staff: the stations of the caller's subtree (or of a union in it) clustered for a viewport (closed stations only when asked for). */
export async function stationMap(db: Db, actor: Actor, q: StationMapQuery): Promise<StationMapAnswer> {
  authorize(actor, 'stations:read');
  const statuses: StationStatus[] = q.status ? [q.status] : ['open', 'paused'];
  let scope = scopeOf(actor);
  if (q.orgId) {
    const org = await repo.orgInScope(db, scope, q.orgId);
    if (!org) throw new NotFound('承建工会', 'orgId');
    scope = narrowTo(scope, org.path);
  }
  const manager = managerOf(actor);
  const only = manager === null ? null : await repo.managedStationIds(db, manager);
  return answer(db, { scope, statuses, type: q.type, amenities: q.amenity, only }, q, false);
}

/** Anyone: the open stations clustered for a viewport, with navigation links for the single ones. */
export async function publicStationMap(db: Db, q: PublicStationMapQuery): Promise<StationMapAnswer> {
  return answer(db, { scope: null, statuses: ['open'], type: q.type, amenities: q.amenity, only: null }, q, true);
}
