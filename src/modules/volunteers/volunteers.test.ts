import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { pdfTextRuns } from '../../testing/pdf-text.ts';
import { queryRows } from '../../server/db.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { chinaToday } from '../../shared/dates.ts';

let t: TestApp;
let xcq: TestClient;
let hhht: TestClient;
let sh: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  xcq = await t.as('xcq_admin');
  hhht = await t.as('hhht_admin');
  sh = await t.as('sh_admin');
});
afterAll(() => t.close());

let seq = 0;
/** A 新城区 worker in the registry with a portal session bound to them. */
async function worker(name = '志愿者小李') {
  seq += 1;
  const id17 = `1501021990${String(seq).padStart(2, '0')}01${String(100 + seq).slice(-3)}`;
  const res = await xcq.post('/api/people', { name, idNumber: withCheckCharacter(id17), orgId: t.seed.xinChengSanitation.id });
  expect(res.statusCode, res.body).toBe(201);
  const personId = res.json().id as number;
  return { personId, client: await t.asWorker(`1390000${String(1000 + seq)}`, personId) };
}

const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3600_000;

async function project(body: Record<string, unknown> = {}) {
  const res = await xcq.post('/api/volunteers/projects', { name: '法律服务进驿站', orgId: t.seed.xinCheng.id, kind: 'legal', place: '中山路驿站', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number };
}

async function shift(projectId: number, startsAt: number, endsAt: number, capacity = 10) {
  const res = await xcq.post(`/api/volunteers/projects/${projectId}/shifts`, { startsAt: iso(startsAt), endsAt: iso(endsAt), capacity });
  expect(res.statusCode, res.body).toBe(200);
  const shifts = res.json().shifts as { id: number; startsAt: string }[];
  return shifts.find((s) => s.startsAt === iso(startsAt))!.id;
}

async function codeOf(shiftId: number) {
  const [row] = await queryRows<{ checkin_code: string }>(t.db, sql`select checkin_code from volunteer_shifts where id = ${shiftId}`);
  return row!.checkin_code;
}

/** Moves the volunteer's open check-in back by `minutes` (the clock cannot be wound in a test). */
async function backdateOpen(volunteerId: number, minutes: number) {
  await queryRows(
    t.db,
    sql`update volunteer_records set started_at = started_at - make_interval(mins => ${minutes}) where volunteer_id = ${volunteerId} and status = 'open'`,
  );
}

const join = async (c: TestClient) => {
  const res = await c.post('/api/m/volunteers/join', { skills: ['legal'], availability: ['weekend'] });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().volunteer as { id: number };
};

describe('volunteers', () => {
  it('staff register a person of their subtree once; a sibling county cannot', async () => {
    const { personId } = await worker('王律师');
    const res = await xcq.post('/api/volunteers', { personId, skills: ['legal', 'teaching'], availability: ['weekend'] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ name: '王律师', skills: ['legal', 'teaching'], status: 'active', minutes: 0 });
    const again = await xcq.post('/api/volunteers', { personId, skills: [], availability: [] });
    expect(again.statusCode).toBe(400);
    expect(again.json().fields[0]).toMatchObject({ field: 'personId', message: '王律师已经是志愿者' });
    expect((await sh.post('/api/volunteers', { personId, skills: [], availability: [] })).statusCode).toBe(404);
    const bad = await xcq.post('/api/volunteers', { personId, skills: ['flying'], availability: [] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0].message).toContain('服务技能');
  });

  it('a worker joins from the portal and sees it', async () => {
    const { client } = await worker();
    expect((await client.get('/api/m/volunteers/me')).json().volunteer).toBeNull();
    const v = await join(client);
    expect(v.id).toBeGreaterThan(0);
    expect((await client.post('/api/m/volunteers/join', { skills: [], availability: [] })).statusCode).toBe(409);
  });
});

describe('shifts', () => {
  it('refuses a shift that ends before it starts, in Chinese, naming the field', async () => {
    const p = await project();
    const now = Date.now();
    const res = await xcq.post(`/api/volunteers/projects/${p.id}/shifts`, { startsAt: iso(now + 2 * HOUR), endsAt: iso(now + HOUR), capacity: 5 });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields).toContainEqual({ field: 'endsAt', message: '结束时间须晚于开始时间' });
  });

  it('a volunteer cannot sign up for two shifts that overlap, nor past the capacity', async () => {
    const p = await project({ name: '夜间驿站值守' });
    const now = Date.now();
    const a = await shift(p.id, now + 24 * HOUR, now + 27 * HOUR);
    const b = await shift(p.id, now + 26 * HOUR, now + 29 * HOUR, 1);
    const one = await worker();
    await join(one.client);
    expect((await one.client.post(`/api/m/volunteers/shifts/${a}/signup`)).statusCode).toBe(200);
    const clash = await one.client.post(`/api/m/volunteers/shifts/${b}/signup`);
    expect(clash.statusCode).toBe(409);
    expect(clash.json().message).toMatch(/^与已报名的班次时间重叠：「夜间驿站值守」/);
    const two = await worker();
    await join(two.client);
    expect((await two.client.post(`/api/m/volunteers/shifts/${b}/signup`)).statusCode).toBe(200);
    const three = await worker();
    await join(three.client);
    const full = await three.client.post(`/api/m/volunteers/shifts/${b}/signup`);
    expect(full.statusCode).toBe(409);
    expect(full.json().message).toBe('这个班次已满（1 人）');
  });
});

describe('check-in and check-out by the venue’s QR code', () => {
  it('counts the minutes between the two scans, at most three pairs a day', async () => {
    const p = await project({ name: '发放点登记引导' });
    const now = Date.now();
    const s = await shift(p.id, now - HOUR, now + 3 * HOUR);
    const code = await codeOf(s);
    const { client } = await worker();
    const v = await join(client);
    const notSigned = await client.post('/api/m/volunteers/scan', { code });
    expect(notSigned.statusCode).toBe(409);
    expect(notSigned.json().message).toContain('你没有报名');
    expect((await client.post(`/api/m/volunteers/shifts/${s}/signup`)).statusCode).toBe(200);

    const first = (await client.post('/api/m/volunteers/scan', { code })).json();
    expect(first).toMatchObject({ action: 'in', record: { pairNo: 1, status: 'open', minutes: null } });
    // A double tap is not a check-out.
    expect((await client.post('/api/m/volunteers/scan', { code })).json()).toMatchObject({ action: 'in', record: { id: first.record.id } });
    await backdateOpen(v.id, 95);
    const out = (await client.post('/api/m/volunteers/scan', { code })).json();
    expect(out).toMatchObject({ action: 'out', record: { id: first.record.id, status: 'valid', minutes: 95 }, todayMinutes: 95 });

    for (const [pair, minutes] of [
      [2, 30],
      [3, 12],
    ] as const) {
      const inn = (await client.post('/api/m/volunteers/scan', { code })).json();
      expect(inn.record.pairNo).toBe(pair);
      await backdateOpen(v.id, minutes);
      expect((await client.post('/api/m/volunteers/scan', { code })).json().record.minutes).toBe(minutes);
    }
    const fourth = await client.post('/api/m/volunteers/scan', { code });
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json().message).toContain('最多签到签退 3 次');
    const me = (await client.get('/api/m/volunteers/me')).json();
    expect(me.volunteer.minutes).toBe(95 + 30 + 12);

    // The database holds the rule too: a fourth pair cannot be stored whatever the code does.
    await expect(
      queryRows(
        t.db,
        sql`insert into volunteer_records (volunteer_id, project_id, shift_id, org_path, day, pair_no, started_at, ended_at, source, status)
            values (${v.id}, ${p.id}, ${s}, ${t.seed.xinCheng.path}, ${chinaToday()}, 4, now() - interval '5 minutes', now(), 'qr', 'valid')`,
      ),
    ).rejects.toThrow();
  });

  it('refuses an unknown code and a check-in long before the shift', async () => {
    const { client } = await worker();
    await join(client);
    const bad = await client.post('/api/m/volunteers/scan', { code: 'x'.repeat(24) });
    expect(bad.statusCode).toBe(400);
    const p = await project({ name: '明天的班次' });
    const now = Date.now();
    const s = await shift(p.id, now + 5 * HOUR, now + 8 * HOUR);
    expect((await client.post(`/api/m/volunteers/shifts/${s}/signup`)).statusCode).toBe(200);
    const early = await client.post('/api/m/volunteers/scan', { code: await codeOf(s) });
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toContain('开始前 1 小时内才能签到');
  });
});

describe('back-filled time', () => {
  it('is refused when it ends before it starts, and counts only after another manager approves it', async () => {
    const p = await project({ name: '补录测试项目' });
    const now = Date.now();
    const s = await shift(p.id, now - 6 * HOUR, now - 3 * HOUR);
    const { client } = await worker();
    const v = await join(client);
    await queryRows(t.db, sql`insert into volunteer_signups (shift_id, volunteer_id) values (${s}, ${v.id})`);
    // The ended shift is still offered to the volunteer, for the back-fill.
    expect((await client.get('/api/m/volunteers/me')).json().shifts).toContainEqual(expect.objectContaining({ id: s, mine: true }));
    const reversed = await client.post('/api/m/volunteers/backfill', {
      shiftId: s,
      startedAt: iso(now - 4 * HOUR),
      endedAt: iso(now - 5 * HOUR),
      reason: '忘记扫码',
    });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().fields).toContainEqual({ field: 'endedAt', message: '签退时间须晚于签到时间' });
    const outside = await client.post('/api/m/volunteers/backfill', {
      shiftId: s,
      startedAt: iso(now - 20 * HOUR),
      endedAt: iso(now - 19 * HOUR),
      reason: '忘记扫码',
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().fields[0].field).toBe('startedAt');

    const asked = await client.post('/api/m/volunteers/backfill', {
      shiftId: s,
      startedAt: iso(now - 6 * HOUR),
      endedAt: iso(now - 4 * HOUR),
      reason: '手机没电',
    });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json()).toMatchObject({ status: 'pending', minutes: 120, source: 'backfill' });
    expect((await client.get('/api/m/volunteers/me')).json().volunteer.minutes).toBe(0);
    const overlap = await client.post('/api/m/volunteers/backfill', {
      shiftId: s,
      startedAt: iso(now - 5 * HOUR),
      endedAt: iso(now - 3 * HOUR),
      reason: '又一次',
    });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().message).toContain('重叠');

    // Staff back-fill for the same volunteer: the one who entered it cannot approve it.
    const staff = await xcq.post('/api/volunteers/records', {
      volunteerId: v.id,
      shiftId: s,
      startedAt: iso(now - 4 * HOUR + 60_000),
      endedAt: iso(now - 3 * HOUR),
      reason: '纸质签到表',
    });
    expect(staff.statusCode, staff.body).toBe(201);
    const self = await xcq.post(`/api/volunteers/records/${staff.json().id}/review`, { approve: true });
    expect(self.statusCode).toBe(409);
    expect(self.json().message).toContain('不能审核自己补录');
    expect((await xcq.post(`/api/volunteers/records/${asked.json().id}/review`, { approve: false })).statusCode).toBe(400);
    const ok = await hhht.post(`/api/volunteers/records/${asked.json().id}/review`, { approve: true, note: '负责人作证' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'valid', minutes: 120 });
    expect((await client.get('/api/m/volunteers/me')).json().volunteer.minutes).toBe(120);
    // A cadre holds no approval.
    expect((await (await t.as('xcq_cadre')).post(`/api/volunteers/records/${staff.json().id}/review`, { approve: true })).statusCode).toBe(403);
  });
});

describe('三单制', () => {
  it('goes from a worker’s order to dispatch, acceptance, the time served and the rating', async () => {
    const asker = await worker('点单职工');
    const a = await worker('志愿者甲');
    const b = await worker('志愿者乙');
    const va = await join(a.client);
    const vb = await join(b.client);
    const team = (await xcq.post('/api/volunteers/teams', { name: '法律服务队', orgId: t.seed.xinCheng.id })).json();
    for (const v of [va, vb]) expect((await xcq.post(`/api/volunteers/teams/${team.id}/members`, { volunteerId: v.id })).statusCode).toBe(200);

    const wantedOn = chinaToday();
    const past = await asker.client.post('/api/m/volunteers/orders', { kind: 'legal', title: '欠薪咨询', place: '环卫中心', wantedOn: '2020-01-01' });
    expect(past.statusCode).toBe(400);
    expect(past.json().fields[0].field).toBe('wantedOn');
    const made = await asker.client.post('/api/m/volunteers/orders', { kind: 'legal', title: '欠薪咨询', place: '环卫中心', wantedOn });
    expect(made.statusCode, made.body).toBe(200);
    const order = made.json().items[0];
    expect(order.status).toBe('ordered');

    // Not dispatched yet: no volunteer can take it; a sibling county cannot dispatch it.
    expect((await a.client.post(`/api/m/volunteers/orders/${order.id}/accept`)).statusCode).toBe(404);
    expect((await sh.post(`/api/volunteers/orders/${order.id}/dispatch`, { teamId: team.id })).statusCode).toBe(404);
    const sent = await xcq.post(`/api/volunteers/orders/${order.id}/dispatch`, { teamId: team.id });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ status: 'dispatched', team: { name: '法律服务队' }, orderedBy: '职工 点单职工' });
    expect((await b.client.get('/api/m/volunteers/me')).json().tasks.map((o: { id: number }) => o.id)).toContain(order.id);

    // Both accept at once: exactly one takes it.
    const [ra, rb] = await Promise.all([
      a.client.post(`/api/m/volunteers/orders/${order.id}/accept`),
      b.client.post(`/api/m/volunteers/orders/${order.id}/accept`),
    ]);
    expect([ra.statusCode, rb.statusCode].sort()).toEqual([200, 409]);
    const [taker, other] = ra.statusCode === 200 ? [a, b] : [b, a];
    expect(
      (await other.client.post(`/api/m/volunteers/orders/${order.id}/done`, { startedAt: iso(Date.now() - HOUR), endedAt: iso(Date.now()) })).statusCode,
    ).toBe(404);
    const backwards = await taker.client.post(`/api/m/volunteers/orders/${order.id}/done`, {
      startedAt: iso(Date.now() - HOUR),
      endedAt: iso(Date.now() - 2 * HOUR),
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().fields).toContainEqual({ field: 'endedAt', message: '结束时间须晚于开始时间' });
    const end = Date.now() - 60_000;
    const done = await taker.client.post(`/api/m/volunteers/orders/${order.id}/done`, {
      startedAt: iso(end - 80 * 60_000),
      endedAt: iso(end),
      note: '讲清了维权途径',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', minutes: 80 });
    expect((await taker.client.get('/api/m/volunteers/me')).json().volunteer.minutes).toBe(80);

    expect((await a.client.post(`/api/m/volunteers/orders/${order.id}/rate`, { rating: 5 })).statusCode).toBe(404);
    const rated = await asker.client.post(`/api/m/volunteers/orders/${order.id}/rate`, { rating: 5, comment: '很耐心' });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json().items[0]).toMatchObject({ status: 'rated', rating: 5, orderedBy: '职工点单' });

    // The time served counts on the China day it began (the day before, just after midnight); the order on the day it was made.
    const servedOn = chinaToday(new Date(end - 80 * 60_000));
    const stats = (await xcq.get(`/api/volunteers/stats?from=${servedOn}&to=${wantedOn}`)).json();
    expect(stats.orders.done).toBeGreaterThanOrEqual(1);
    expect(stats.minutes).toBeGreaterThanOrEqual(80);
    // The time is counted for the union that handled the order: the worker's own, one level under 新城区.
    const sanitation = stats.byOrg.find((o: { name: string }) => o.name === '新城区环境卫生服务中心工会');
    expect(sanitation).toMatchObject({ minutes: 80, volunteers: 1 });
    const own = (await xcq.get(`/api/volunteers/stats?from=${servedOn}&to=${wantedOn}&orgId=${t.seed.xinChengSanitation.id}`)).json();
    expect(own).toMatchObject({ minutes: 80, serving: 1, orders: { total: 1, done: 1, averageRating: 5 } });
    expect((await sh.get(`/api/volunteers/stats?from=${wantedOn}&to=${wantedOn}&orgId=${t.seed.xinChengSanitation.id}`)).statusCode).toBe(404);
  });
});

describe('certificates', () => {
  it('issues the valid time of a period with a code the public page checks, and a revoked one no longer stands', async () => {
    const p = await project({ name: '证明测试项目' });
    const now = Date.now();
    const s = await shift(p.id, now - HOUR, now + HOUR);
    const { client } = await worker('欧阳晓明');
    const v = await join(client);
    expect((await client.post(`/api/m/volunteers/shifts/${s}/signup`)).statusCode).toBe(200);
    const code = await codeOf(s);
    await client.post('/api/m/volunteers/scan', { code });
    await backdateOpen(v.id, 150);
    expect((await client.post('/api/m/volunteers/scan', { code })).json().record.minutes).toBe(150);

    const today = chinaToday();
    const future = await xcq.post(`/api/volunteers/${v.id}/certificates`, { from: today, to: '2099-01-01' });
    expect(future.statusCode).toBe(400);
    expect((await sh.post(`/api/volunteers/${v.id}/certificates`, { from: today, to: today })).statusCode).toBe(404);
    const issued = await xcq.post(`/api/volunteers/${v.id}/certificates`, { from: today, to: today });
    expect(issued.statusCode, issued.body).toBe(201);
    const cert = issued.json();
    expect(cert).toMatchObject({ minutes: 150, records: 1, volunteer: { name: '欧阳晓明' } });
    expect(cert.code).toMatch(/^[2-9A-HJ-NP-Z]{12}$/);

    const pdf = await xcq.get(`/api/volunteers/certificates/${cert.id}/certificate.pdf`);
    expect(pdf.statusCode).toBe(200);
    const text = (await pdfTextRuns(pdf.rawPayload)).join('');
    expect(text).toContain('志愿服务记录证明');
    expect(text).toContain(cert.code);
    expect(text).toContain('2 小时 30 分钟');
    expect(text).toContain('证明测试项目');

    const anyone = t.anonymous();
    const checked = await anyone.get(
      `/api/public/volunteer-certificates/${cert.code
        .toLowerCase()
        .replace(/(.{4})/g, '$1-')
        .slice(0, -1)}`,
    );
    expect(checked.statusCode, checked.body).toBe(200);
    expect(checked.json()).toMatchObject({ valid: true, name: '欧**明', minutes: 150, org: '呼和浩特市新城区总工会' });
    expect((await anyone.get('/api/public/volunteer-certificates/ZZZZZZZZZZZZ')).statusCode).toBe(404);
    expect((await anyone.get('/api/public/volunteer-certificates/abc')).statusCode).toBe(400);

    expect((await xcq.post(`/api/volunteers/certificates/${cert.id}/revoke`, { reason: '时长有误' })).statusCode).toBe(200);
    expect((await anyone.get(`/api/public/volunteer-certificates/${cert.code}`)).json()).toMatchObject({ valid: false });
    expect((await xcq.get(`/api/volunteers/certificates/${cert.id}/certificate.pdf`)).statusCode).toBe(409);
  });
});
