import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { pdfTextRuns } from '../../testing/pdf-text.ts';
import { queryRows } from '../../server/db.ts';
import { convert, haversineKm } from '../../shared/geo.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';

let t: TestApp;
let xcq: TestClient;
let sh: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  xcq = await t.as('xcq_admin');
  sh = await t.as('sh_admin');
});
afterAll(() => t.close());

/** 中山东路 in Hohhot as 高德 shows it (GCJ-02). */
const ZHONGSHAN_GCJ = { lng: 111.67383, lat: 40.81431 };

const station = (body: Record<string, unknown> = {}) => ({
  type: 'outdoor',
  name: '中山路户外劳动者服务站',
  orgId: t.seed.xinCheng.id,
  address: '新城区中山东路 1 号',
  ...ZHONGSHAN_GCJ,
  datum: 'gcj02',
  source: 'amap',
  openingHours: '24/7',
  staffedHours: 'Mo-Su 08:00-20:00',
  amenities: ['water', 'charging', 'microwave'],
  phone: '0471-6961234',
  ...body,
});

async function visitCodeOf(id: number) {
  const [row] = await queryRows<{ visit_code: string }>(t.db, sql`select visit_code from stations where id = ${id}`);
  return row!.visit_code;
}

async function registeredWorker(phone: string, id17: string) {
  const person = (
    await xcq.post('/api/people', { name: '骑手小王', idNumber: withCheckCharacter(id17), orgId: t.seed.xinCheng.id, occupation: 'delivery_rider' })
  ).json();
  return { worker: await t.asWorker(phone, person.id), personId: person.id as number };
}

describe('registering a station', () => {
  it('refuses without a session, and without the permission', async () => {
    expect((await t.anonymous().post('/api/stations', station())).statusCode).toBe(401);
    const volunteer = await t.as('xcq_volunteer');
    expect((await volunteer.post('/api/stations', station())).statusCode).toBe(403);
  });

  it('keeps the point as taken and on WGS-84, converted from 高德’s GCJ-02', async () => {
    const res = await xcq.post('/api/stations', station());
    expect(res.statusCode).toBe(201);
    const s = res.json();
    expect(s).toMatchObject({
      lng: ZHONGSHAN_GCJ.lng,
      lat: ZHONGSHAN_GCJ.lat,
      datum: 'gcj02',
      source: 'amap',
      status: 'open',
      amenities: ['microwave', 'water', 'charging'],
    });
    const [wLng, wLat] = convert({ ...ZHONGSHAN_GCJ, datum: 'gcj02' }, 'wgs84');
    expect(s.wgs84.lng).toBeCloseTo(wLng, 6);
    expect(s.wgs84.lat).toBeCloseTo(wLat, 6);
    // GCJ-02 lies a few hundred metres off WGS-84 here: the two are not the same point.
    expect(haversineKm(ZHONGSHAN_GCJ.lng, ZHONGSHAN_GCJ.lat, s.wgs84.lng, s.wgs84.lat)).toBeGreaterThan(0.2);
  });

  it('refuses a point outside China, swapped coordinates, a datum that does not match its source and unreadable hours, naming the field', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ lng: 2.35, lat: 48.85 }, 'lng', /中国境内/],
      [{ lng: ZHONGSHAN_GCJ.lat, lat: ZHONGSHAN_GCJ.lng }, 'lng', /中国境内/],
      [{ datum: 'wgs84' }, 'datum', /高德地图的坐标是 GCJ-02/],
      [{ source: 'baidu' }, 'datum', /百度地图的坐标是 BD-09/],
      [{ openingHours: '早八点到晚八点' }, 'openingHours', /开放时间无法识别/],
      [{ staffedHours: 'Mo-Fx 08:00-20:00' }, 'staffedHours', /值守时间无法识别/],
      [{ amenities: ['spa'] }, 'amenities.0', /服务设施/],
      [{ lng: undefined }, 'lng', /经度/],
    ];
    const before = (await xcq.get('/api/stations')).json().total;
    for (const [body, field, message] of cases) {
      const res = await xcq.post('/api/stations', station(body));
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().fields.find((f: { field: string }) => f.field === field)?.message, JSON.stringify(body)).toMatch(message);
    }
    expect((await xcq.get('/api/stations')).json().total).toBe(before);
  });

  it('keeps the datum rule in the database too', async () => {
    const err = await t.db
      .execute(
        sql`insert into stations (type, name, org_id, org_path, address, lng, lat, datum, source, wgs_lng, wgs_lat, opening_hours, visit_code)
            values ('union', 'x', ${t.seed.xinCheng.id}, ${t.seed.xinCheng.path}, 'x', 111.6, 40.8, 'wgs84', 'amap', 111.6, 40.8, '24/7', 'abcdefghijklmnopqrst')`,
      )
      .then(
        () => null,
        (e: unknown) => e as { message: string; cause?: { message?: string } },
      );
    expect(`${err?.message} ${err?.cause?.message}`).toMatch(/stations_source_datum_check/);
  });

  it('does not register a station for a union outside the caller’s subtree, nor show one', async () => {
    const res = await sh.post('/api/stations', station());
    expect(res.statusCode).toBe(404);
    const mine = (await xcq.post('/api/stations', station({ name: '新城区第二驿站' }))).json();
    expect((await sh.get(`/api/stations/${mine.id}`)).statusCode).toBe(404);
    expect((await sh.get('/api/stations')).json().items.map((s: { id: number }) => s.id)).not.toContain(mine.id);
    expect((await sh.put(`/api/stations/${mine.id}`, station({ orgId: t.seed.saihan.id }))).statusCode).toBe(404);
  });

  it('pauses with a reason, reopens and closes for good; a closed station takes no change', async () => {
    const s = (await xcq.post('/api/stations', station({ name: '待撤销驿站' }))).json();
    const noReason = await xcq.post(`/api/stations/${s.id}/status`, { status: 'paused' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().fields[0]).toMatchObject({ field: 'reason', message: '请填写暂停的原因' });
    expect((await xcq.post(`/api/stations/${s.id}/status`, { status: 'paused', reason: '冬季供暖改造' })).json()).toMatchObject({
      status: 'paused',
      statusReason: '冬季供暖改造',
      now: 'closed',
    });
    expect((await xcq.post(`/api/stations/${s.id}/status`, { status: 'open' })).json()).toMatchObject({ status: 'open', statusReason: null });
    expect((await xcq.post(`/api/stations/${s.id}/status`, { status: 'closed', reason: '场地收回' })).json()).toMatchObject({
      status: 'closed',
      can: { change: false },
    });
    expect((await xcq.put(`/api/stations/${s.id}`, station())).statusCode).toBe(409);
    expect((await xcq.post(`/api/stations/${s.id}/status`, { status: 'open' })).statusCode).toBe(409);
  });

  it('filters the list by amenity and type', async () => {
    await xcq.post('/api/stations', station({ name: '有图书的驿站', type: 'union', amenities: ['books', 'water'] }));
    const books = (await xcq.get('/api/stations?amenity=books')).json();
    expect(books.items.map((s: { name: string }) => s.name)).toEqual(['有图书的驿站']);
    const both = (await xcq.get('/api/stations?amenity=books&amenity=charging')).json();
    expect(both.total).toBe(0);
    expect((await xcq.get('/api/stations?type=union')).json().items.every((s: { type: string }) => s.type === 'union')).toBe(true);
  });
});

describe('the nearest open station', () => {
  let near: { id: number };
  let dayOnly: { id: number };
  let far: { id: number };
  /** A GPS fix (WGS-84) about 300 m west of the near station’s true spot. */
  let fix: { lng: number; lat: number };

  beforeAll(async () => {
    // A separate area (Baotou) so the stations of the other tests do not crowd the answer.
    const base = { lng: 109.84, lat: 40.65 };
    near = (await xcq.post('/api/stations', station({ name: '包头近站', ...base, amenities: ['water', 'toilet'] }))).json();
    dayOnly = (
      await xcq.post(
        '/api/stations',
        station({ name: '包头日间站', lng: base.lng + 0.004, lat: base.lat, openingHours: 'Mo-Su 08:00-18:00', staffedHours: null }),
      )
    ).json();
    far = (await xcq.post('/api/stations', station({ name: '包头远站', lng: base.lng + 0.3, lat: base.lat, amenities: ['water', 'toilet'] }))).json();
    const [wLng, wLat] = convert({ ...base, datum: 'gcj02' }, 'wgs84');
    fix = { lng: wLng - 0.0035, lat: wLat };
  });

  const ask = (q: string) => t.anonymous().get(`/api/public/stations/nearest?${q}`);

  it('measures from a GPS fix on WGS-84, nearest first, with navigation links in each map’s datum', async () => {
    // 12:00 in China: all three are open.
    const res = await ask(`lng=${fix.lng}&lat=${fix.lat}&datum=wgs84&at=2026-12-03T12:00:00%2B08:00&radiusKm=50`);
    expect(res.statusCode).toBe(200);
    const { stations } = res.json();
    expect(stations.map((s: { id: number }) => s.id)).toEqual([near.id, dayOnly.id, far.id]);
    const first = stations[0];
    expect(first.distanceM).toBeGreaterThan(250);
    expect(first.distanceM).toBeLessThan(350);
    expect(first.state).toBe('staffed');
    // The link to 高德 carries the point as registered (GCJ-02), give or take the round trip.
    const [gLng, gLat] = first.nav.amap
      .match(/position=([\d.]+),([\d.]+)/)
      .slice(1)
      .map(Number);
    expect(gLng).toBeCloseTo(109.84, 4);
    expect(gLat).toBeCloseTo(40.65, 4);
    expect(first.nav.amap).toMatch(/coordinate=gaode/);
    const [bLat, bLng] = first.nav.baidu
      .match(/location=([\d.]+),([\d.]+)/)
      .slice(1)
      .map(Number);
    const [eLng, eLat] = convert({ lng: 109.84, lat: 40.65, datum: 'gcj02' }, 'bd09');
    expect(bLng).toBeCloseTo(eLng, 4);
    expect(bLat).toBeCloseTo(eLat, 4);
  });

  it('takes the same spot given in GCJ-02 as the same distance', async () => {
    const [gLng, gLat] = convert({ ...fix, datum: 'wgs84' }, 'gcj02');
    const a = (await ask(`lng=${fix.lng}&lat=${fix.lat}&at=2026-12-03T12:00:00%2B08:00`)).json().stations[0];
    const b = (await ask(`lng=${gLng}&lat=${gLat}&datum=gcj02&at=2026-12-03T12:00:00%2B08:00`)).json().stations[0];
    expect(Math.abs(a.distanceM - b.distanceM)).toBeLessThanOrEqual(15);
    expect(b.point.datum).toBe('gcj02');
  });

  it('leaves out stations closed at the asked time, tells staffed from self-service hours, and filters by amenity', async () => {
    const night = (await ask(`lng=${fix.lng}&lat=${fix.lat}&at=2026-12-03T23:30:00%2B08:00&radiusKm=50`)).json().stations;
    expect(night.map((s: { id: number }) => s.id)).toEqual([near.id, far.id]);
    expect(night[0].state).toBe('self');
    const all = (await ask(`lng=${fix.lng}&lat=${fix.lat}&at=2026-12-03T23:30:00%2B08:00&open=0&radiusKm=50`)).json().stations;
    expect(all.find((s: { id: number }) => s.id === dayOnly.id).state).toBe('closed');
    const toilets = (await ask(`lng=${fix.lng}&lat=${fix.lat}&amenity=toilet&at=2026-12-03T12:00:00%2B08:00&radiusKm=50`)).json().stations;
    expect(toilets.map((s: { id: number }) => s.id)).toEqual([near.id, far.id]);
    const close = (await ask(`lng=${fix.lng}&lat=${fix.lat}&at=2026-12-03T12:00:00%2B08:00&radiusKm=5`)).json().stations;
    expect(close.map((s: { id: number }) => s.id)).toEqual([near.id, dayOnly.id]);
    const one = (await ask(`lng=${fix.lng}&lat=${fix.lat}&at=2026-12-03T12:00:00%2B08:00&limit=1`)).json().stations;
    expect(one.map((s: { id: number }) => s.id)).toEqual([near.id]);
  });

  it('leaves out a paused station', async () => {
    await xcq.post(`/api/stations/${near.id}/status`, { status: 'paused', reason: '检修' });
    const list = (await ask(`lng=${fix.lng}&lat=${fix.lat}&at=2026-12-03T12:00:00%2B08:00`)).json().stations;
    expect(list.map((s: { id: number }) => s.id)).not.toContain(near.id);
    await xcq.post(`/api/stations/${near.id}/status`, { status: 'open' });
  });

  it('says which query field is wrong', async () => {
    const res = await ask('lng=abc&lat=40');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/经度/);
    expect((await ask(`lng=${fix.lng}&lat=${fix.lat}&datum=mars`)).json().message).toMatch(/坐标系/);
  });
});

describe('visits by QR poster', () => {
  it('records one visit per worker, station and hour, however often or at once scanned, and rolls it up', async () => {
    const s = (await xcq.post('/api/stations', station({ name: '扫码驿站' }))).json();
    const code = await visitCodeOf(s.id);
    const { worker, personId } = await registeredWorker('13900005001', '15010219950101501');
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => worker.post('/api/m/stations/visits', { code })));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.filter((a) => a.json().recorded)).toHaveLength(1);
    expect(answers[0]!.json().station).toMatchObject({ id: s.id, name: '扫码驿站' });
    const [row] = await queryRows<{ n: number; occupation: string }>(
      t.db,
      sql`select count(*)::int as n, max(occupation) as occupation from station_visits where station_id = ${s.id} and person_id = ${personId}`,
    );
    expect(row).toEqual({ n: 1, occupation: 'delivery_rider' });

    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const stats = (await xcq.get(`/api/stations/visits/stats?from=${today}&to=${today}`)).json();
    expect(stats.total).toBeGreaterThanOrEqual(1);
    expect(stats.byStation.find((b: { id: number }) => b.id === s.id)).toMatchObject({ visits: 1 });
    expect(stats.byOccupation.find((b: { occupation: string }) => b.occupation === '外卖送餐员')?.visits).toBeGreaterThanOrEqual(1);
    expect(stats.byDay).toEqual([{ day: today, visits: stats.total }]);
    // 赛罕区 sees none of 新城区's visits.
    expect((await sh.get(`/api/stations/visits/stats?from=${today}&to=${today}`)).json().total).toBe(0);
    // The city sees them under 新城区.
    const city = (await (await t.as('hhht_admin')).get(`/api/stations/visits/stats?from=${today}&to=${today}`)).json();
    expect(city.byOrg.find((b: { id: number }) => b.id === t.seed.xinCheng.id)?.visits).toBe(stats.total);
  });

  it('refuses an unknown code, a paused station and a worker not in the registry', async () => {
    const { worker } = await registeredWorker('13900005002', '15010219950101502');
    const bad = await worker.post('/api/m/stations/visits', { code: 'x'.repeat(24) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0]).toMatchObject({ field: 'code', message: expect.stringMatching(/二维码无效/) });
    const s = (await xcq.post('/api/stations', station({ name: '暂停的驿站' }))).json();
    await xcq.post(`/api/stations/${s.id}/status`, { status: 'paused', reason: '检修' });
    const paused = await worker.post('/api/m/stations/visits', { code: await visitCodeOf(s.id) });
    expect(paused.statusCode).toBe(409);
    expect(paused.json().message).toMatch(/暂停开放/);
    const stranger = await t.asWorker('13900005003');
    expect((await stranger.post('/api/m/stations/visits', { code: await visitCodeOf(s.id) })).statusCode).toBe(409);
    expect((await t.anonymous().post('/api/m/stations/visits', { code: await visitCodeOf(s.id) })).statusCode).toBe(401);
  });

  it('prints the poster with the station’s name, hours and a QR code to its visit page', async () => {
    const s = (await xcq.post('/api/stations', station({ name: '海报驿站' }))).json();
    const res = await xcq.get(`/api/stations/${s.id}/poster.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/pdf/);
    const text = pdfTextRuns(res.rawPayload).flat().join('');
    expect(text).toContain('海报驿站');
    expect(text).toContain('值守时间：Mo-Su 08:00-20:00');
    expect((await sh.get(`/api/stations/${s.id}/poster.pdf`)).statusCode).toBe(404);
  });
});
