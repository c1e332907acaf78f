/**
 * How long a speaker or troupe needs between two places: the great-circle distance (haversine)
 * between the points once both are on WGS-84 — a GCJ-02 point from 高德 and a BD-09 point from 百度
 * lie hundreds of metres apart from the same spot, so they are converted first (gcoord) — divided by
 * the organiser's travel speed, plus its buffer for packing up and setting up. Without both points
 * only the buffer is known.
 */
import gcoordModule from 'gcoord';
import type { Datum } from './events.contract.ts';

// gcoord is CommonJS: Node hands its module.exports as the default, while its types describe an ES default export.
type Gcoord = typeof gcoordModule.default;
const gcoord: Gcoord = (gcoordModule as unknown as { default?: Gcoord }).default ?? (gcoordModule as unknown as Gcoord);

export interface MapPoint {
  lng: number;
  lat: number;
  datum: Datum;
}

export interface TravelPolicy {
  speedKmh: number;
  bufferMinutes: number;
}

const CRS = { gcj02: gcoord.GCJ02, wgs84: gcoord.WGS84, bd09: gcoord.BD09 } as const;
const EARTH_RADIUS_KM = 6371.0088;

export function toWgs84(p: MapPoint): [number, number] {
  if (p.datum === 'wgs84') return [p.lng, p.lat];
  const [lng, lat] = gcoord.transform([p.lng, p.lat], CRS[p.datum], gcoord.WGS84) as [number, number];
  return [lng, lat];
}

/** Kilometres between two points, each in its own datum. */
export function distanceKm(a: MapPoint, b: MapPoint): number {
  const [lng1, lat1] = toWgs84(a);
  const [lng2, lat2] = toWgs84(b);
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Minutes needed between the two places (rounded up), and the distance when both points are known. */
export function travelNeed(a: MapPoint | null, b: MapPoint | null, policy: TravelPolicy): { minutes: number; km: number | null } {
  if (!a || !b) return { minutes: Math.ceil(policy.bufferMinutes), km: null };
  const km = distanceKm(a, b);
  return { minutes: Math.ceil((km / policy.speedKmh) * 60 + policy.bufferMinutes), km };
}

export function pointOf(row: { lng: number | null; lat: number | null; datum: Datum | null }): MapPoint | null {
  return row.lng === null || row.lat === null || row.datum === null ? null : { lng: row.lng, lat: row.lat, datum: row.datum };
}
