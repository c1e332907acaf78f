import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, PASSWORD, type TestApp, type TestClient } from '../../testing/app.ts';
import { daysFromToday } from '../../testing/dates.ts';
import { queryRows } from '../../server/db.ts';
import { hashPassword, insertSystemAccount } from '../auth/index.ts';
import { distanceKm } from '../../shared/geo.ts';

let t: TestApp;
/** 呼和浩特市总工会 keeps the menu; 新城区 and 赛罕区 are counties below it. */
let city: TestClient;
let xcq: TestClient;
let sh: TestClient;
/** The grassroots union 新城区环境卫生服务中心工会 itself. */
let union: TestClient;
let speaker: number;
let item: number;
let show: number;

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
/** Two places in 呼和浩特 about 9 km apart (GCJ-02), and one in 包头 about 150 km away. */
const XINCHENG: [number, number] = [111.6721, 40.8583];
const SAIHAN: [number, number] = [111.7085, 40.7927];
const BAOTOU: [number, number] = [109.8404, 40.6574];
const at = (days: number, time: string) => `${daysFromToday(days)}T${time}:00+08:00`;

const count = async (table: string) => (await queryRows<{ n: number }>(t.db, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;

function orderBody(overrides: Record<string, unknown> = {}) {
  return {
    itemId: item,
    orgId: t.seed.xinChengSanitation.id,
    wishedDates: [daysFromToday(10), daysFromToday(11)],
    place: '环卫中心职工之家',
    lng: XINCHENG[0],
    lat: XINCHENG[1],
    datum: 'gcj02',
    expectedAudience: 80,
    ...overrides,
  };
}

async function order(client: TestClient, overrides: Record<string, unknown> = {}) {
  const res = await client.post('/api/events/lectures/orders', orderBody(overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

beforeAll(async () => {
  t = await createTestApp();
  await insertSystemAccount(t.db, {
    username: 'xc_union',
    displayName: '环卫中心工会',
    orgId: t.seed.xinChengSanitation.id,
    roles: ['union_admin'],
    passwordHash: await hashPassword(PASSWORD),
  });
  city = await t.as('hhht_admin');
  xcq = await t.as('xcq_admin');
  sh = await t.as('sh_admin');
  union = await t.as('xc_union');
  const p = await city.post('/api/events/lectures/performers', { orgId: t.seed.hhht.id, kind: 'speaker', name: '张建华', intro: '市委党校教授' });
  expect(p.statusCode, p.body).toBe(201);
  speaker = p.json().id;
  const troupe = (await city.post('/api/events/lectures/performers', { orgId: t.seed.hhht.id, kind: 'troupe', name: '青城职工艺术团' })).json().id;
  const i = await city.post('/api/events/lectures/menu', {
    orgId: t.seed.hhht.id,
    kind: 'lecture',
    topic: '学习贯彻工会十八大精神',
    performerId: speaker,
    durationMinutes: 90,
    maxAudience: 200,
    hostRequirements: '投影仪、话筒',
  });
  expect(i.statusCode, i.body).toBe(201);
  item = i.json().id;
  show = (
    await city.post('/api/events/lectures/menu', {
      orgId: t.seed.hhht.id,
      kind: 'performance',
      topic: '送文化到基层',
      performerId: troupe,
      durationMinutes: 120,
      maxAudience: 500,
    })
  ).json().id;
});
afterAll(() => t.close());

describe('the menu', () => {
  it('is kept by a federation and seen along the line: by the unions below, not by another city', async () => {
    expect((await t.anonymous().get('/api/events/lectures/menu')).statusCode).toBe(401);
    expect((await (await t.as('xcq_volunteer')).get('/api/events/lectures/menu')).statusCode).toBe(403);
    const menu = (await union.get('/api/events/lectures/menu')).json();
    expect(menu.map((m: { topic: string }) => m.topic)).toEqual(['学习贯彻工会十八大精神', '送文化到基层']);
    expect(menu[0]).toMatchObject({ orgName: '呼和浩特市总工会', performer: { name: '张建华', kind: 'speaker' }, maxAudience: 200 });
    // A county cannot put an item on its city's menu, nor a grassroots union keep one.
    const above = await xcq.post('/api/events/lectures/menu', {
      orgId: t.seed.hhht.id,
      kind: 'lecture',
      topic: '越级',
      performerId: speaker,
      durationMinutes: 60,
      maxAudience: 10,
    });
    expect(above.statusCode).toBe(404);
    const grassroots = await union.post('/api/events/lectures/performers', { orgId: t.seed.xinChengSanitation.id, kind: 'speaker', name: '本单位' });
    expect(grassroots.statusCode).toBe(400);
    expect(grassroots.json().fields[0].field).toBe('orgId');
    const bad = await city.post('/api/events/lectures/menu', {
      orgId: t.seed.hhht.id,
      kind: 'lecture',
      topic: '',
      performerId: speaker,
      durationMinutes: 5,
      maxAudience: 10,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/主题|时长/);
  });
});

describe('ordering', () => {
  it('refuses a stranger, bad input with a Chinese message naming the field, and a union outside the caller’s subtree — nothing saved', async () => {
    expect((await t.anonymous().post('/api/events/lectures/orders', orderBody())).statusCode).toBe(401);
    const before = await count('lecture_orders');
    const big = await union.post('/api/events/lectures/orders', orderBody({ expectedAudience: 300 }));
    expect(big.statusCode).toBe(400);
    expect(big.json().fields[0]).toMatchObject({ field: 'expectedAudience', message: '预计人数 300 人超过「学习贯彻工会十八大精神」的适合人数 200 人' });
    const half = await union.post('/api/events/lectures/orders', orderBody({ datum: null }));
    expect(half.statusCode).toBe(400);
    expect(half.json().message).toBe('经度、纬度和坐标系须同时填写或同时留空');
    const abroad = await union.post('/api/events/lectures/orders', orderBody({ lng: 2.35, lat: 48.85 }));
    expect(abroad.statusCode).toBe(400);
    expect(abroad.json().fields[0].field).toBe('lng');
    const none = await union.post('/api/events/lectures/orders', orderBody({ wishedDates: [] }));
    expect(none.json().message).toBe('请至少填写一个期望日期');
    // 赛罕区 cannot order for a union of 新城区.
    expect((await sh.post('/api/events/lectures/orders', orderBody())).statusCode).toBe(404);
    // A county is not a grassroots union.
    const county = await xcq.post('/api/events/lectures/orders', orderBody({ orgId: t.seed.xinCheng.id }));
    expect(county.statusCode).toBe(400);
    expect(county.json().fields[0].field).toBe('orgId');
    expect(await count('lecture_orders')).toBe(before);
  });

  it('places an order the union, its county and the menu’s city see, and another county does not', async () => {
    const id = await order(union);
    const mine = (await union.get(`/api/events/lectures/orders/${id}`)).json();
    expect(mine).toMatchObject({
      status: 'ordered',
      host: { name: '新城区环境卫生服务中心工会' },
      organiser: { name: '呼和浩特市总工会' },
      performer: { name: '张建华' },
      wishedDates: [daysFromToday(10), daysFromToday(11)],
      can: { schedule: false, cancel: true, confirm: false },
    });
    expect((await city.get(`/api/events/lectures/orders/${id}`)).json().can).toMatchObject({ schedule: true, decline: true });
    expect((await xcq.get(`/api/events/lectures/orders/${id}`)).json().can.schedule).toBe(false);
    expect((await sh.get(`/api/events/lectures/orders/${id}`)).statusCode).toBe(404);
    expect((await sh.get('/api/events/lectures/orders')).json().items.map((o: { id: number }) => o.id)).not.toContain(id);
    expect((await sh.get(`/api/events/lectures/orders?orgId=${t.seed.xinCheng.id}`)).statusCode).toBe(404);
  });
});

describe('scheduling', () => {
  it('belongs to the menu’s federation: another county answers 404, the host’s county 403, bad times a Chinese 400', async () => {
    const id = await order(union);
    const body = { startsAt: at(20, '09:00'), endsAt: at(20, '10:30') };
    expect((await t.anonymous().post(`/api/events/lectures/orders/${id}/schedule`, body)).statusCode).toBe(401);
    const backwards = await city.post(`/api/events/lectures/orders/${id}/schedule`, { startsAt: at(20, '10:00'), endsAt: at(20, '09:00') });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().fields[0]).toMatchObject({ field: 'endsAt', message: '结束时间须晚于开始时间' });
    expect((await city.post(`/api/events/lectures/orders/${id}/schedule`, { startsAt: '明天上午', endsAt: at(20, '09:00') })).json().fields[0].field).toBe(
      'startsAt',
    );
    expect((await sh.post(`/api/events/lectures/orders/${id}/schedule`, body)).statusCode).toBe(404);
    expect(
      (await sh.get(`/api/events/lectures/orders/${id}/schedule-check?startsAt=${encodeURIComponent(body.startsAt)}&endsAt=${encodeURIComponent(body.endsAt)}`))
        .statusCode,
    ).toBe(404);
    const county = await xcq.post(`/api/events/lectures/orders/${id}/schedule`, body);
    expect(county.statusCode).toBe(403);
    expect(county.json().message).toBe('只有呼和浩特市总工会可以为该点单排期');
    const ok = await city.post(`/api/events/lectures/orders/${id}/schedule`, body);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'scheduled', startsAt: new Date(body.startsAt).toISOString(), can: { confirm: true } });
  });

  it('refuses a time when the speaker is booked elsewhere, naming who, where and when — the order stays unscheduled', async () => {
    const first = await order(union, { place: '环卫中心职工之家' });
    expect((await city.post(`/api/events/lectures/orders/${first}/schedule`, { startsAt: at(30, '09:00'), endsAt: at(30, '10:30') })).statusCode).toBe(200);
    const second = await order(city, { orgId: t.seed.saihanJoint.id, place: '赛罕区环卫工人驿站', lng: SAIHAN[0], lat: SAIHAN[1] });
    const clash = await city.post(`/api/events/lectures/orders/${second}/schedule`, { startsAt: at(30, '10:00'), endsAt: at(30, '11:00') });
    expect(clash.statusCode).toBe(409);
    const day = daysFromToday(30);
    const words = `${Number(day.slice(0, 4))}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日 09:00–10:30`;
    expect(clash.json().message).toBe(`主讲人「张建华」已安排${words}在「环卫中心职工之家」（新城区环境卫生服务中心工会），与本次时间重叠`);
    expect(clash.json().fields[0].field).toBe('startsAt');
    expect((await city.get(`/api/events/lectures/orders/${second}`)).json()).toMatchObject({ status: 'ordered', startsAt: null });
    // The check before saving says the same, and writes nothing.
    const q = `startsAt=${encodeURIComponent(at(30, '10:00'))}&endsAt=${encodeURIComponent(at(30, '11:00'))}`;
    const check = (await city.get(`/api/events/lectures/orders/${second}/schedule-check?${q}`)).json();
    expect(check).toMatchObject({ ok: false, clashes: [{ orderId: first, hostName: '新城区环境卫生服务中心工会' }] });
  });

  it('keeps the travel time between places: 7 km at 40 km/h plus 30 minutes, and 150 km to 包头 much longer', async () => {
    const first = await order(union);
    expect((await city.post(`/api/events/lectures/orders/${first}/schedule`, { startsAt: at(40, '09:00'), endsAt: at(40, '10:00') })).statusCode).toBe(200);
    const second = await order(city, { orgId: t.seed.saihanJoint.id, place: '赛罕区环卫工人驿站', lng: SAIHAN[0], lat: SAIHAN[1] });
    const tooSoon = await city.post(`/api/events/lectures/orders/${second}/schedule`, { startsAt: at(40, '10:20'), endsAt: at(40, '11:20') });
    expect(tooSoon.statusCode).toBe(409);
    expect(tooSoon.json().message).toMatch(/两地相距约 7\.\d 公里，按 40 公里\/小时另加准备时间 30 分钟，需 4\d 分钟，赶不上本次：本次最早 .* 10:4\d 开始/);
    const inTime = await city.post(`/api/events/lectures/orders/${second}/schedule`, { startsAt: at(40, '11:00'), endsAt: at(40, '12:00') });
    expect(inTime.statusCode, inTime.body).toBe(200);
    // A third place 150 km away, the same afternoon: four and a half hours are needed after noon.
    const far = await order(city, { orgId: t.seed.saihanJoint.id, place: '包头分会场', lng: BAOTOU[0], lat: BAOTOU[1], datum: 'gcj02' });
    const afternoon = await city.post(`/api/events/lectures/orders/${far}/schedule`, { startsAt: at(40, '14:00'), endsAt: at(40, '15:00') });
    expect(afternoon.statusCode).toBe(409);
    expect(afternoon.json().message).toMatch(/两地相距约 1[45]\d\.\d 公里，按 40 公里\/小时另加准备时间 30 分钟，需 2\d\d 分钟/);
    // The organiser's policy: at 100 km/h and a 10-minute buffer the same afternoon fits.
    for (const [key, value] of [
      ['lecture_travel_speed_kmh', 100],
      ['lecture_travel_buffer_minutes', 10],
    ] as const) {
      const res = await city.post('/api/policies', { orgId: t.seed.hhht.id, key, value, effectiveFrom: daysFromToday(0) });
      expect(res.statusCode, res.body).toBe(200);
    }
    expect((await city.post(`/api/events/lectures/orders/${far}/schedule`, { startsAt: at(40, '14:00'), endsAt: at(40, '15:00') })).statusCode).toBe(200);
  });

  it('compares points of different datums on one datum: the same spot from 百度 and 高德 is the same place', () => {
    // 天安门 as GCJ-02 and as BD-09.
    expect(distanceKm({ lng: 116.397428, lat: 39.90923, datum: 'gcj02' }, { lng: 116.403963, lat: 39.915119, datum: 'bd09' })).toBeLessThan(0.1);
    expect(distanceKm({ lng: 116.397428, lat: 39.90923, datum: 'gcj02' }, { lng: 116.397428, lat: 39.90923, datum: 'wgs84' })).toBeGreaterThan(0.3);
  });

  it('lets only one of two schedulings racing for the same speaker and hour succeed', async () => {
    const a = await order(union);
    const b = await order(city, { orgId: t.seed.saihanJoint.id });
    const body = { startsAt: at(50, '09:00'), endsAt: at(50, '10:00') };
    const results = await Promise.all([
      city.post(`/api/events/lectures/orders/${a}/schedule`, body),
      city.post(`/api/events/lectures/orders/${b}/schedule`, body),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const [{ n }] = (await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from lecture_orders where id in (${a}, ${b}) and status = 'scheduled'`,
    )) as [{ n: number }];
    expect(n).toBe(1);
  });
});

describe('from scheduled to closed', () => {
  it('confirms into the calendar, is delivered, takes photos and closes with the host’s rating', async () => {
    const id = await order(union);
    // Each step only from its state.
    expect((await union.post(`/api/events/lectures/orders/${id}/confirm`)).statusCode).toBe(409);
    await city.post(`/api/events/lectures/orders/${id}/schedule`, { startsAt: at(60, '14:00'), endsAt: at(60, '15:30') });
    expect((await sh.post(`/api/events/lectures/orders/${id}/confirm`)).statusCode).toBe(404);
    const confirmed = await union.post(`/api/events/lectures/orders/${id}/confirm`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const eventId = confirmed.json().eventId;
    const [event] = await queryRows<{ kind: string; org_id: number; title: string; status: string; place: string; starts_at: Date | string }>(
      t.db,
      sql`select e.kind, e.org_id, e.title, e.status, s.place, s.starts_at from events e join event_sessions s on s.event_id = e.id where e.id = ${eventId}`,
    );
    expect(event).toMatchObject({ kind: 'lecture', org_id: t.seed.xinChengSanitation.id, title: '学习贯彻工会十八大精神', place: '环卫中心职工之家' });
    expect(new Date(event!.starts_at).toISOString()).toBe(new Date(at(60, '14:00')).toISOString());
    // Delivery is the organiser's; photos and closing wait for it.
    expect((await union.post(`/api/events/lectures/orders/${id}/deliver`)).statusCode).toBe(403);
    expect((await union.post(`/api/events/lectures/orders/${id}/close`, { attendance: 10, rating: 5 })).statusCode).toBe(409);
    // Not before it begins.
    const early = await city.post(`/api/events/lectures/orders/${id}/deliver`);
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toMatch(/^该宣讲安排在 \d+月\d+日 14:00 开始，开始后才能登记开展$/);
    expect((await city.get(`/api/events/lectures/orders/${id}`)).json().can.deliver).toBe(false);
    // The day came.
    await t.db.execute(sql`update lecture_orders set starts_at = now() - interval '2 hours', ends_at = now() - interval '30 minutes' where id = ${id}`);
    expect((await city.get(`/api/events/lectures/orders/${id}`)).json().can.deliver).toBe(true);
    expect((await city.post(`/api/events/lectures/orders/${id}/deliver`)).json().status).toBe('delivered');
    const upload = (name: string, data: Buffer) => {
      const boundary = 'lecture-photo';
      return union.request({
        method: 'POST',
        url: `/api/events/lectures/orders/${id}/photos`,
        payload: Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n\r\n`),
          data,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]),
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
    };
    const pdf = await upload('a.png', Buffer.from('%PDF-1.4 not a photo'));
    expect(pdf.statusCode).toBe(400);
    expect(pdf.json().fields[0]).toMatchObject({ field: 'file', message: '活动照片只支持 JPG、PNG、WebP 图片' });
    const huge = await upload('b.png', Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]));
    expect(huge.statusCode).toBe(400);
    expect(huge.json().fields[0].message).toBe('单张照片不能超过 5 MB');
    const ok = await upload('现场.png', PNG);
    expect(ok.statusCode, ok.body).toBe(200);
    const photo = ok.json().photos[0];
    const got = await union.get(`/api/events/lectures/orders/${id}/photos/${photo.id}`);
    expect(got.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(got.rawPayload, PNG)).toBe(0);
    expect((await sh.get(`/api/events/lectures/orders/${id}/photos/${photo.id}`)).statusCode).toBe(404);
    const badRating = await union.post(`/api/events/lectures/orders/${id}/close`, { attendance: 120, rating: 6 });
    expect(badRating.statusCode).toBe(400);
    expect(badRating.json().fields[0]).toMatchObject({ field: 'rating', message: '承办单位评分不能大于 5' });
    const closed = await union.post(`/api/events/lectures/orders/${id}/close`, { attendance: 120, onlineViewers: 300, rating: 5, feedback: '讲得实在' });
    expect(closed.json()).toMatchObject({ status: 'closed', attendance: 120, onlineViewers: 300, rating: 5 });
    const [{ status }] = (await queryRows<{ status: string }>(t.db, sql`select status from events where id = ${eventId}`)) as [{ status: string }];
    expect(status).toBe('finished');
    const actions = await queryRows<{ action: string }>(
      t.db,
      sql`select action from audit_log where entity = 'lecture_order' and entity_id = ${String(id)} order by id`,
    );
    expect(actions.map((a) => a.action)).toEqual(['lecture.order', 'lecture.schedule', 'lecture.confirm', 'lecture.deliver', 'lecture.photo', 'lecture.close']);
  });

  it('is declined by the organiser or cancelled by the host with a reason; a cancelled confirmation cancels its event', async () => {
    const declined = await order(union, { itemId: show });
    expect((await union.post(`/api/events/lectures/orders/${declined}/decline`, { reason: '档期已满' })).statusCode).toBe(403);
    expect((await city.post(`/api/events/lectures/orders/${declined}/decline`, { reason: '' })).json().message).toBe('请填写原因');
    expect((await city.post(`/api/events/lectures/orders/${declined}/decline`, { reason: '本季度档期已满' })).json()).toMatchObject({
      status: 'declined',
      reason: '本季度档期已满',
    });
    expect((await union.post(`/api/events/lectures/orders/${declined}/cancel`, { reason: '改期' })).statusCode).toBe(409);

    const cancelled = await order(union, { itemId: show });
    await city.post(`/api/events/lectures/orders/${cancelled}/schedule`, { startsAt: at(70, '14:00'), endsAt: at(70, '16:00') });
    const eventId = (await union.post(`/api/events/lectures/orders/${cancelled}/confirm`)).json().eventId;
    expect((await union.post(`/api/events/lectures/orders/${cancelled}/cancel`, { reason: '场地维修' })).json().status).toBe('cancelled');
    const [e] = await queryRows<{ status: string; cancel_reason: string }>(t.db, sql`select status, cancel_reason from events where id = ${eventId}`);
    expect(e).toEqual({ status: 'cancelled', cancel_reason: '场地维修' });
    // The troupe's time is free again.
    const again = await order(union, { itemId: show });
    expect((await city.post(`/api/events/lectures/orders/${again}/schedule`, { startsAt: at(70, '14:00'), endsAt: at(70, '16:00') })).statusCode).toBe(200);
  });
});

describe('statistics', () => {
  beforeAll(async () => {
    // The lectures given above were scheduled weeks ahead; they were given today (China time), so this year.
    await t.db.execute(
      sql`update lecture_orders set starts_at = date_trunc('day', now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai' + interval '30 minutes',
                                    ends_at = date_trunc('day', now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai' + interval '90 minutes'
           where status in ('delivered', 'closed')`,
    );
  });

  it('counts orders by topic, region and month, and the grassroots unions that ordered this year', async () => {
    expect((await t.anonymous().get('/api/events/lectures/stats')).statusCode).toBe(401);
    expect((await city.get('/api/events/lectures/stats?year=abc')).json().fields[0].field).toBe('year');
    const s = (await city.get('/api/events/lectures/stats')).json();
    const [{ n }] = (await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from lecture_orders where status <> 'cancelled'`)) as [{ n: number }];
    expect(s.orders).toBe(n);
    expect(s.byTopic.map((x: { topic: string }) => x.topic).sort()).toEqual(['学习贯彻工会十八大精神', '送文化到基层']);
    expect(s.byRegion.map((x: { name: string }) => x.name).sort()).toEqual(['呼和浩特市新城区总工会', '呼和浩特市赛罕区总工会']);
    expect(s.byMonth).toHaveLength(12);
    expect(s.byMonth.reduce((a: number, m: { orders: number }) => a + m.orders, 0)).toBe(n);
    // Two grassroots-type unions under 呼和浩特 in the test tree, both ordered.
    expect(s.coverage).toEqual({ ordered: 2, total: 2, ratio: 1 });
    expect(s.attendance).toBe(120);
    const xc = (await xcq.get('/api/events/lectures/stats')).json();
    expect(xc.byRegion).toEqual([{ orgId: t.seed.xinCheng.id, name: '呼和浩特市新城区总工会', orders: expect.any(Number) }]);
    expect(xc.coverage).toMatchObject({ ordered: 1, total: 1 });
    expect((await sh.get(`/api/events/lectures/stats?orgId=${t.seed.xinCheng.id}`)).statusCode).toBe(404);
  });

  it('counts a lecture given this year in this year’s figures and month though it was ordered the year before', async () => {
    const before = (await city.get('/api/events/lectures/stats')).json();
    expect(before.delivered).toBeGreaterThan(0);
    const sum = (s: { byMonth: { delivered: number; attendance: number }[] }, k: 'delivered' | 'attendance') => s.byMonth.reduce((a, m) => a + m[k], 0);
    expect([sum(before, 'delivered'), sum(before, 'attendance')]).toEqual([before.delivered, before.attendance]);
    // One delivered order was placed last December.
    const [moved] = await queryRows<{ id: number }>(
      t.db,
      sql`update lecture_orders set created_at = make_timestamptz(extract(year from now())::int - 1, 12, 20, 10, 0, 0, 'Asia/Shanghai')
           where id = (select min(id) from lecture_orders where status in ('delivered', 'closed')) returning id`,
    );
    expect(moved).toBeDefined();
    const after = (await city.get('/api/events/lectures/stats')).json();
    expect(after.orders).toBe(before.orders - 1);
    expect([after.delivered, after.attendance]).toEqual([before.delivered, before.attendance]);
    expect([sum(after, 'delivered'), sum(after, 'attendance')]).toEqual([before.delivered, before.attendance]);
    const lastYear = (await city.get(`/api/events/lectures/stats?year=${after.year - 1}`)).json();
    expect([lastYear.orders, lastYear.delivered]).toEqual([1, 0]);
  });
});
