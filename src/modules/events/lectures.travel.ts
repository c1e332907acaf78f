/**
 * How long a speaker or troupe needs between two places: the great-circle distance (haversine)
 * between the points once both are on WGS-84 — a GCJ-02 point from 高德 and a BD-09 point from 百度
 * lie hundreds of metres apart from the same spot, so they are converted first (gcoord) — divided by
 * the organiser's travel speed, plus its buffer for packing up and setting up. Without both points
 * only the buffer is known.
 */
import { distanceKm, type MapPoint } from '../../shared/geo.ts';
import type { Datum } from './events.contract.ts';

export interface TravelPolicy {
  speedKmh: number;
  bufferMinutes: number;
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
