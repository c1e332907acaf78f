/**
 * Points on a map, done the way Chinese maps need: every point keeps the datum it was taken in,
 * and is converted (gcoord) only from that known datum.
 * - GCJ-02: 高德 (AMap), 腾讯地图, WeChat's openLocation;
 * - BD-09: 百度地图;
 * - WGS-84: GPS fixes (a phone's `navigator.geolocation`), 天地图 (CGCS2000, within centimetres of WGS-84).
 * A GCJ-02 and a BD-09 point of the same spot lie hundreds of metres apart, so two points are
 * compared only once both are on WGS-84. GCJ-02 → WGS-84 is an approximation (about 10 m).
 * Shared by server and web: no Node, no React.
 */
import gcoordModule from 'gcoord';

// gcoord is CommonJS: Node hands its module.exports as the default, while its types describe an ES default export.
type Gcoord = typeof gcoordModule.default;
const gcoord: Gcoord = (gcoordModule as unknown as { default?: Gcoord }).default ?? (gcoordModule as unknown as Gcoord);

export const DATUMS = ['gcj02', 'wgs84', 'bd09'] as const;
export type Datum = (typeof DATUMS)[number];
export const DATUM_LABELS: Record<Datum, string> = { gcj02: 'GCJ-02（高德、腾讯、微信）', wgs84: 'WGS-84（GPS、天地图）', bd09: 'BD-09（百度）' };

/** Where a point was taken; each source gives exactly one datum, so a point whose datum does not match its source is refused. */
export const POINT_SOURCES = ['amap', 'tencent', 'wechat', 'baidu', 'gps', 'tianditu'] as const;
export type PointSource = (typeof POINT_SOURCES)[number];
export const POINT_SOURCE_LABELS: Record<PointSource, string> = {
  amap: '高德地图',
  tencent: '腾讯地图',
  wechat: '微信定位',
  baidu: '百度地图',
  gps: '手机 GPS 定位',
  tianditu: '天地图',
};
export const SOURCE_DATUM: Record<PointSource, Datum> = {
  amap: 'gcj02',
  tencent: 'gcj02',
  wechat: 'gcj02',
  baidu: 'bd09',
  gps: 'wgs84',
  tianditu: 'wgs84',
};

/** The box a point in China lies in (lng 73–136, lat 3–54): a rectangle, so it refuses the far side of the world, not a neighbour. */
export const CHINA_BOX = { minLng: 73, maxLng: 136, minLat: 3, maxLat: 54 } as const;
export function inChinaBox(lng: number, lat: number): boolean {
  return lng >= CHINA_BOX.minLng && lng <= CHINA_BOX.maxLng && lat >= CHINA_BOX.minLat && lat <= CHINA_BOX.maxLat;
}

export interface MapPoint {
  lng: number;
  lat: number;
  datum: Datum;
}

const CRS = { gcj02: gcoord.GCJ02, wgs84: gcoord.WGS84, bd09: gcoord.BD09 } as const;
const EARTH_RADIUS_KM = 6371.0088;

/** The point on WGS-84, as [lng, lat]. */
export function toWgs84(p: MapPoint): [number, number] {
  return convert(p, 'wgs84');
}

/** The point in another datum, as [lng, lat] (for a map provider's link: 高德 wants GCJ-02, 百度 BD-09). */
export function convert(p: MapPoint, to: Datum): [number, number] {
  if (p.datum === to) return [p.lng, p.lat];
  const [lng, lat] = gcoord.transform([p.lng, p.lat], CRS[p.datum], CRS[to]) as [number, number];
  return [lng, lat];
}

/** Kilometres between two WGS-84 points (haversine). */
export function haversineKm(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Kilometres between two points, each in its own datum. */
export function distanceKm(a: MapPoint, b: MapPoint): number {
  const [lng1, lat1] = toWgs84(a);
  const [lng2, lat2] = toWgs84(b);
  return haversineKm(lng1, lat1, lng2, lat2);
}
