import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { convert } from '../../shared/geo.ts';
import { readConfig } from '../../server/config.ts';
import { mapSettings } from './map-settings.ts';
import type { MapCluster, MapStation, StationMapAnswer } from './stations.contract.ts';

let t: TestApp;
let xcq: TestClient;
let sh: TestClient;
let nmg: TestClient;

/** 新城区 stations: a row of ten along 中山东路 (GCJ-02, as 高德 shows them), a hundred metres apart. */
const HOHHOT = { lng: 111.67, lat: 40.81 };
const hohhot: { id: number; name: string }[] = [];
let saihanStation: { id: number; name: string };

const station = (orgId: number, name: string, lng: number, lat: number, body: Record<string, unknown> = {}) => ({
  type: 'outdoor',
  name,
  orgId,
  address: `${name}门前`,
  lng,
  lat,
  datum: 'gcj02',
  source: 'amap',
  openingHours: '24/7',
  staffedHours: null,
  amenities: ['water'],
  ...body,
});

beforeAll(async () => {
  t = await createTestApp();
  xcq = await t.as('xcq_admin');
  sh = await t.as('sh_admin');
  nmg = await t.as('nmg_admin');
  for (let i = 0; i < 10; i++) {
    const res = await xcq.post('/api/stations', station(t.seed.xinCheng.id, `中山路第${i + 1}驿站`, HOHHOT.lng + i * 0.0012, HOHHOT.lat));
    expect(res.statusCode).toBe(201);
    hohhot.push(res.json());
  }
  // 赛罕区's own station, a few kilometres south: the county next door must never see it.
  saihanStation = (await sh.post('/api/stations', station(t.seed.saihan.id, '赛罕区大学路驿站', 111.7, 40.78, { amenities: ['water', 'books'] }))).json();
});
afterAll(() => t.close());
afterEach(() => vi.useRealTimers());

const map = async (c: TestClient, q: string): Promise<StationMapAnswer> => {
  const res = await c.get(`/api/stations/map?${q}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const publicMap = async (q: string): Promise<StationMapAnswer> => {
  const res = await t.anonymous().get(`/api/public/stations/map?${q}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
/** Every station a map shows, counting those inside clusters. */
const shown = (m: StationMapAnswer) => m.stations.length + m.clusters.reduce((n, c) => n + c.count, 0);
const ids = (m: StationMapAnswer) => m.stations.map((s) => s.id);
/** A box around 呼和浩特 (WGS-84). */
const CITY_BOX = 'bbox=111.5,40.6,111.9,41.0';
/** The street, a kilometre and a half across. */
const STREET_BOX = 'bbox=111.66,40.8,111.69,40.82';

describe('the staff map', () => {
  it('refuses without a session, without the permission, and a viewport it cannot read', async () => {
    expect((await t.anonymous().get('/api/stations/map')).statusCode).toBe(401);
    expect((await (await t.as('xcq_volunteer')).get('/api/stations/map')).statusCode).toBe(403);
    const bad = await xcq.get('/api/stations/map?bbox=112,40,111,41&zoom=10');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('地图范围');
    expect((await xcq.get('/api/stations/map?zoom=25')).statusCode).toBe(400);
  });

  it('clusters the whole country into one marker and falls apart as the map zooms in', async () => {
    const country = await map(xcq, 'zoom=4');
    expect(country.total).toBe(10);
    expect(country.clusters).toHaveLength(1);
    expect(country.clusters[0]!.count).toBe(10);
    expect(country.stations).toHaveLength(0);
    // The cluster sits among its stations (on WGS-84: the GCJ-02 points moved by the datum's offset).
    const [wLng, wLat] = convert({ ...HOHHOT, datum: 'gcj02' }, 'wgs84');
    expect(Math.abs(country.clusters[0]!.lng - (wLng + 0.0054))).toBeLessThan(0.01);
    expect(Math.abs(country.clusters[0]!.lat - wLat)).toBeLessThan(0.01);

    // Clicking the cluster zooms to where it splits: there it is no longer one marker of ten.
    const c: MapCluster = country.clusters[0]!;
    expect(c.zoomTo).toBeGreaterThan(4);
    const closer = await map(xcq, `${CITY_BOX}&zoom=${c.zoomTo}`);
    expect(shown(closer)).toBe(10);
    expect(closer.clusters.length + closer.stations.length).toBeGreaterThan(1);

    // Close in, every station is its own marker with its name, type and whether it is open now.
    const street = await map(xcq, `${STREET_BOX}&zoom=18`);
    expect(street.clusters).toHaveLength(0);
    expect(ids(street).sort((a, b) => a - b)).toEqual(hohhot.map((s) => s.id));
    const first = street.stations.find((s) => s.id === hohhot[0]!.id)!;
    expect(first).toMatchObject({ name: '中山路第1驿站', type: 'outdoor', status: 'open', now: 'staffed', openingHours: '24/7', address: '中山路第1驿站门前' });
    expect(first.nav).toBeUndefined();
  });

  it('shows only what lies in the viewport', async () => {
    const elsewhere = await map(xcq, 'bbox=116,39,117,40.5&zoom=10');
    expect(shown(elsewhere)).toBe(0);
    expect(elsewhere.total).toBe(10);
  });

  it('shows a county its own stations and never the county next door’s; the city above sees both', async () => {
    const mine = await map(xcq, `${CITY_BOX}&zoom=18`);
    expect(ids(mine)).not.toContain(saihanStation.id);
    expect(JSON.stringify(mine)).not.toContain('赛罕');
    const theirs = await map(sh, `${CITY_BOX}&zoom=18`);
    expect(ids(theirs)).toEqual([saihanStation.id]);
    expect(theirs.total).toBe(1);
    const city = await map(nmg, 'zoom=4');
    expect(city.total).toBe(11);
    expect((await map(nmg, `zoom=4&orgId=${t.seed.saihan.id}`)).total).toBe(1);
    // A union outside the caller's subtree is not found, as in the list.
    expect((await xcq.get(`/api/stations/map?orgId=${t.seed.saihan.id}`)).statusCode).toBe(404);
  });

  it('filters by type and amenity like the list', async () => {
    expect((await map(nmg, 'zoom=4&amenity=books')).total).toBe(1);
    expect((await map(nmg, 'zoom=4&amenity=water')).total).toBe(11);
    expect((await map(nmg, 'zoom=4&type=warm')).total).toBe(0);
  });

  it('follows a pause and a closure at once: paused stays on the staff map, closed leaves it', async () => {
    const s = (await xcq.post('/api/stations', station(t.seed.xinCheng.id, '将暂停的驿站', HOHHOT.lng, HOHHOT.lat + 0.01))).json();
    expect(ids(await map(xcq, `${STREET_BOX.replace('40.82', '40.83')}&zoom=18`))).toContain(s.id);
    expect((await xcq.post(`/api/stations/${s.id}/status`, { status: 'paused', reason: '装修' })).statusCode).toBe(200);
    const paused = await map(xcq, 'bbox=111.6,40.81,111.7,40.83&zoom=18');
    expect(paused.stations.find((x) => x.id === s.id)).toMatchObject({ status: 'paused', now: 'closed' });
    expect(ids(await publicMap('bbox=111.6,40.81,111.7,40.83&zoom=18'))).not.toContain(s.id);
    expect((await xcq.post(`/api/stations/${s.id}/status`, { status: 'closed', reason: '拆除' })).statusCode).toBe(200);
    expect(ids(await map(xcq, 'bbox=111.6,40.81,111.7,40.83&zoom=18'))).not.toContain(s.id);
    expect(ids(await map(xcq, 'bbox=111.6,40.81,111.7,40.83&zoom=18&status=closed'))).toEqual([s.id]);
  });

  it('finds a station another app process registered once the signature is read again', async () => {
    const before = (await map(nmg, 'zoom=4')).total;
    // Written straight to the database, as another process would: this process was not told.
    await t.db.execute(sql`
      insert into stations (type, name, org_id, org_path, address, lng, lat, datum, source, wgs_lng, wgs_lat, opening_hours, visit_code)
      values ('warm', '另一进程登记的驿站', ${t.seed.baotou.id}, ${t.seed.baotou.path}, '包头', 109.84, 40.66, 'wgs84', 'gps', 109.84, 40.66, '24/7', 'other-process-station-code')`);
    expect((await map(nmg, 'zoom=4')).total).toBe(before);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 6_000);
    expect((await map(nmg, 'zoom=4')).total).toBe(before + 1);
  });
});

describe('the public map', () => {
  it('shows anyone the open stations, in the datum of the tiles, with navigation links', async () => {
    const all = await publicMap('zoom=4');
    expect(all.total).toBeGreaterThanOrEqual(11);
    // On 高德 tiles (GCJ-02) the stations come back where 高德 showed them when they were registered.
    const street = await publicMap(`bbox=111.66,40.805,111.69,40.815&zoom=18&datum=gcj02`);
    expect(street.datum).toBe('gcj02');
    const first: MapStation = street.stations.find((s) => s.id === hohhot[0]!.id)!;
    expect(first.lng).toBeCloseTo(HOHHOT.lng, 5);
    expect(first.lat).toBeCloseTo(HOHHOT.lat, 5);
    expect(first.nav!.amap).toContain(`position=${HOHHOT.lng.toFixed(6)},${HOHHOT.lat.toFixed(6)}`);
    expect(first.nav!.baidu).toContain('coord_type=bd09ll');
  });

  it('says how to draw the map: outlines when no provider is configured, else the provider’s tiles and 审图号', async () => {
    const res = await t.anonymous().get('/api/public/stations/map/settings');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ provider: 'none', datum: 'wgs84', layers: [], attribution: '' });

    const tdt = mapSettings(readConfig({ NIANGJIA_MAP_PROVIDER: 'tianditu', NIANGJIA_MAP_KEY: 'k1', NIANGJIA_MAP_APPROVAL: 'GS(2099)1号' }).map);
    expect(tdt.datum).toBe('wgs84');
    expect(tdt.layers.map((l) => l.url)).toEqual([expect.stringContaining('/vec_w/wmts?'), expect.stringContaining('/cva_w/wmts?')]);
    expect(tdt.layers[0]!.url).toContain('tk=k1');
    expect(tdt.attribution).toContain('审图号：GS(2099)1号');
    const amap = mapSettings(readConfig({ NIANGJIA_MAP_PROVIDER: 'amap', NIANGJIA_MAP_APPROVAL: 'GS(2099)2号' }).map);
    expect(amap.datum).toBe('gcj02');
    expect(amap.attribution).toContain('高德');

    expect(() => readConfig({ NIANGJIA_MAP_PROVIDER: 'tianditu', NIANGJIA_MAP_APPROVAL: 'x' })).toThrow(/NIANGJIA_MAP_KEY/);
    expect(() => readConfig({ NIANGJIA_MAP_PROVIDER: 'amap' })).toThrow(/审图号/);
    expect(() => readConfig({ NIANGJIA_MAP_PROVIDER: 'google' })).toThrow(/NIANGJIA_MAP_PROVIDER/);
  });
});
