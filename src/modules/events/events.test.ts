import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { pdfTextRuns } from '../../testing/pdf-text.ts';
import { queryRows } from '../../server/db.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { countNotices } from '../messages/index.ts';
import { expireOffers } from './offers.service.ts';
import { ticketCodeFor } from './checkin.service.ts';

let t: TestApp;
let xcq: TestClient;
let sh: TestClient;
let hhht: TestClient;
let seq = 0;

beforeAll(async () => {
  t = await createTestApp();
  [xcq, sh, hhht] = [await t.as('xcq_admin'), await t.as('sh_admin'), await t.as('hhht_admin')];
});
afterAll(() => t.close());

/** A registry person of a union (through the people API, as staff would). */
async function person(admin: TestClient, orgId: number, extra: Record<string, unknown> = {}) {
  seq += 1;
  const res = await admin.post('/api/people', {
    name: `职工${'甲乙丙丁戊己庚辛壬癸'[seq % 10]}${'一二三四五六七八九十'[Math.floor(seq / 10) % 10]}${'子丑寅卯辰巳午未申酉'[Math.floor(seq / 100) % 10]}`,
    idNumber: withCheckCharacter(`15010219850101${String(seq).padStart(3, '0')}`),
    orgId,
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

const base = { kind: 'reading', title: '职工读书分享会', description: null, audience: null, capacity: 5, workerSignup: true, offerHours: 24 };

/** An open event of `orgId` with one session. */
async function openEvent(admin: TestClient, orgId: number, extra: Record<string, unknown> = {}) {
  const created = await admin.post('/api/events', { ...base, orgId, ...extra });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as number;
  const s = await admin.post(`/api/events/${id}/sessions`, { startsAt: '2026-11-20T14:00:00+08:00', endsAt: '2026-11-20T16:00:00+08:00', place: '工人文化宫' });
  expect(s.statusCode, s.body).toBe(201);
  const opened = await admin.post(`/api/events/${id}/transition`, { action: 'open', version: s.json().version });
  expect(opened.statusCode, opened.body).toBe(200);
  return id;
}

const count = async (q: ReturnType<typeof sql>) => (await queryRows<{ n: number }>(t.db, q))[0]!.n;

describe('events', () => {
  it('creates a draft: 401 without a session, a Chinese 400 naming the field, 404 for a union outside the scope, then 201', async () => {
    expect((await t.anonymous().post('/api/events', { ...base, orgId: t.seed.xinCheng.id })).statusCode).toBe(401);
    const bad = await xcq.post('/api/events', { ...base, orgId: t.seed.xinCheng.id, capacity: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0]).toMatchObject({ field: 'capacity', message: '名额不能小于 1' });
    const window = await xcq.post('/api/events', {
      ...base,
      orgId: t.seed.xinCheng.id,
      signupOpensAt: '2026-10-02T00:00:00+08:00',
      signupClosesAt: '2026-10-01T00:00:00+08:00',
    });
    expect(window.json().fields[0]).toMatchObject({ field: 'signupClosesAt', message: '报名截止时间须晚于报名开始时间' });
    const before = await count(sql`select count(*)::int as n from events`);
    expect((await xcq.post('/api/events', { ...base, orgId: t.seed.saihan.id })).statusCode).toBe(404);
    expect((await xcq.post('/api/events', { ...base, orgId: t.seed.xinCheng.id, audience: { orgIds: [t.seed.saihanJoint.id] } })).statusCode).toBe(404);
    expect(await count(sql`select count(*)::int as n from events`)).toBe(before);
    const ok = await xcq.post('/api/events', { ...base, orgId: t.seed.xinCheng.id, audience: { occupations: ['sanitation'] } });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ status: 'draft', taken: 0, capacity: 5, can: { edit: true, actions: ['open', 'cancel'] } });
  });

  it('edits with the version the form was opened at, and refuses a stale one', async () => {
    const e = (await xcq.post('/api/events', { ...base, orgId: t.seed.xinCheng.id })).json();
    const edited = await xcq.put(`/api/events/${e.id}`, { version: e.version, data: { ...base, orgId: t.seed.xinCheng.id, title: '读书会（改）' } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().title).toBe('读书会（改）');
    const stale = await xcq.put(`/api/events/${e.id}`, { version: e.version, data: { ...base, orgId: t.seed.xinCheng.id } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().message).toMatch(/已被他人修改/);
    expect((await sh.put(`/api/events/${e.id}`, { version: edited.json().version, data: { ...base, orgId: t.seed.saihan.id } })).statusCode).toBe(404);
  });

  it('opens only with a session, and cancels only with a reason', async () => {
    const e = (await xcq.post('/api/events', { ...base, orgId: t.seed.xinCheng.id })).json();
    const open = await xcq.post(`/api/events/${e.id}/transition`, { action: 'open', version: e.version });
    expect(open.statusCode).toBe(400);
    expect(open.json().message).toMatch(/请先添加至少一个场次/);
    const noReason = await xcq.post(`/api/events/${e.id}/transition`, { action: 'cancel', version: e.version });
    expect(noReason.json().fields[0]).toMatchObject({ field: 'reason', message: '请填写取消原因' });
    const cancelled = await xcq.post(`/api/events/${e.id}/transition`, { action: 'cancel', version: e.version, reason: '场地装修' });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: '场地装修', can: { edit: false, actions: [] } });
  });

  it('keeps a session’s point in China with its datum, and warns of a public holiday and a make-up working day', async () => {
    const e = (await xcq.post('/api/events', { ...base, orgId: t.seed.xinCheng.id })).json();
    const at = (day: string) => ({ startsAt: `${day}T09:00:00+08:00`, endsAt: `${day}T11:00:00+08:00`, place: '新城区职工服务中心' });
    const half = await xcq.post(`/api/events/${e.id}/sessions`, { ...at('2026-10-01'), lng: 111.7, lat: 40.8 });
    expect(half.statusCode).toBe(400);
    expect(half.json().fields[0]).toMatchObject({ field: 'datum', message: '经度、纬度和坐标系须同时填写或同时不填' });
    const abroad = await xcq.post(`/api/events/${e.id}/sessions`, { ...at('2026-10-01'), lng: 2.35, lat: 48.85, datum: 'wgs84' });
    expect(abroad.json().fields[0].field).toBe('lng');
    await xcq.post(`/api/events/${e.id}/sessions`, { ...at('2026-10-01'), lng: 111.67, lat: 40.82, datum: 'gcj02' });
    await xcq.post(`/api/events/${e.id}/sessions`, at('2026-10-10'));
    const view = (await xcq.post(`/api/events/${e.id}/sessions`, at('2026-10-14'))).json();
    expect(view.sessionList).toHaveLength(3);
    expect(view.sessionList[0]).toMatchObject({ lng: 111.67, lat: 40.82, datum: 'gcj02' });
    expect(view.warnings).toEqual([
      expect.objectContaining({ day: '2026-10-01', kind: 'holiday', name: '国庆节', message: expect.stringMatching(/法定节假日/) }),
      expect.objectContaining({ day: '2026-10-10', kind: 'workday', message: expect.stringMatching(/调休上班日/) }),
    ]);
    const removed = await xcq.delete(`/api/events/${e.id}/sessions/${view.sessionList[2].id}`);
    expect(removed.json().sessionList).toHaveLength(2);
    expect((await sh.delete(`/api/events/${e.id}/sessions/${view.sessionList[1].id}`)).statusCode).toBe(404);
  });

  it('lists by kind, status, union and date; a county sees its own events and those organised above it, not its sibling’s', async () => {
    const city = await openEvent(hhht, t.seed.hhht.id, { title: '市级读书会', kind: 'reading' });
    const sibling = await openEvent(sh, t.seed.saihan.id, { title: '赛罕区培训', kind: 'training' });
    const list = (await xcq.get('/api/events?pageSize=200')).json();
    const ids = list.items.map((e: { id: number }) => e.id);
    expect(ids).toContain(city);
    expect(ids).not.toContain(sibling);
    expect((await xcq.get(`/api/events/${sibling}`)).statusCode).toBe(404);
    const byKind = (await hhht.get('/api/events?kind=training&status=open')).json();
    expect(byKind.items.map((e: { id: number }) => e.id)).toEqual([sibling]);
    expect((await hhht.get('/api/events?from=2026-11-21')).json().items.map((e: { id: number }) => e.id)).not.toContain(sibling);
    const forSaihan = (await hhht.get(`/api/events?orgId=${t.seed.saihan.id}&pageSize=200`)).json().items.map((e: { id: number }) => e.id);
    expect(forSaihan).toEqual(expect.arrayContaining([sibling, city]));
    expect(forSaihan.filter((id: number) => ids.includes(id) && id !== city)).toEqual([]);
    expect((await xcq.get('/api/events?kind=concert')).json().fields[0].field).toBe('kind');
    // The county reads the city's event, but may not change it.
    const seen = (await xcq.get(`/api/events/${city}`)).json();
    expect(seen.can).toMatchObject({ edit: false, actions: [], signUp: true });
    expect((await xcq.post(`/api/events/${city}/transition`, { action: 'close', version: seen.version })).statusCode).toBe(404);
  });

  it('counts the people the audience reaches, live', async () => {
    await person(xcq, t.seed.xinChengSanitation.id, { occupation: 'sanitation' });
    const r = await xcq.post('/api/events/audience-preview', { orgId: t.seed.xinCheng.id, audience: { occupations: ['sanitation'] } });
    expect(r.statusCode, r.body).toBe(200);
    const n = await count(
      sql`select count(*)::int as n from persons p join orgs o on o.id = p.org_id where p.occupation = 'sanitation' and p.status = 'active' and o.path like ${`${t.seed.xinCheng.path}%`}`,
    );
    expect(r.json().reach).toBe(n);
    expect(n).toBeGreaterThan(0);
  });
});

describe('places down the tree', () => {
  it('gives a county places from the city’s row, never more than it holds, and a sign-up takes from the county’s row', async () => {
    const id = await openEvent(hhht, t.seed.hhht.id, { capacity: 10 });
    const over = await hhht.put(`/api/events/${id}/quotas`, { orgId: t.seed.xinCheng.id, places: 11 });
    expect(over.statusCode).toBe(400);
    expect(over.json().message).toMatch(/可分配的名额/);
    const ok = await hhht.put(`/api/events/${id}/quotas`, { orgId: t.seed.xinCheng.id, places: 4 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().map((q: { orgId: number; places: number; childPlaces: number }) => [q.orgId, q.places, q.childPlaces])).toEqual([
      [t.seed.hhht.id, 10, 4],
      [t.seed.xinCheng.id, 4, 0],
    ]);
    // The county passes two of its four down to its grassroots union, and sees only its own line.
    expect((await xcq.put(`/api/events/${id}/quotas`, { orgId: t.seed.xinChengSanitation.id, places: 5 })).statusCode).toBe(400);
    const mine = (await xcq.put(`/api/events/${id}/quotas`, { orgId: t.seed.xinChengSanitation.id, places: 2 })).json();
    expect(mine.map((q: { orgId: number }) => q.orgId)).toEqual([t.seed.xinCheng.id, t.seed.xinChengSanitation.id]);
    expect((await sh.put(`/api/events/${id}/quotas`, { orgId: t.seed.saihanJoint.id, places: 1 })).statusCode).toBe(404);
    const p = await person(xcq, t.seed.xinChengSanitation.id);
    expect((await xcq.post(`/api/events/${id}/signups`, { personId: p })).json().status).toBe('confirmed');
    const rows = await queryRows<{ org_id: number; taken: number }>(t.db, sql`select org_id, taken from event_quotas where event_id = ${id} order by org_id`);
    expect(rows.find((r) => r.org_id === t.seed.xinChengSanitation.id)!.taken).toBe(1);
    // Lowering the grassroots union's places below what it took is refused.
    expect((await xcq.put(`/api/events/${id}/quotas`, { orgId: t.seed.xinChengSanitation.id, places: 0 })).statusCode).toBe(400);
  });

  it('carries a union’s places along when it moves to another county, or refuses the move with the reason', async () => {
    const id = await openEvent(hhht, t.seed.hhht.id, { capacity: 10 });
    await hhht.put(`/api/events/${id}/quotas`, { orgId: t.seed.xinCheng.id, places: 4 });
    await hhht.put(`/api/events/${id}/quotas`, { orgId: t.seed.saihan.id, places: 1 });
    await xcq.put(`/api/events/${id}/quotas`, { orgId: t.seed.xinChengSanitation.id, places: 2 });
    const rows = async () =>
      Object.fromEntries(
        (
          await queryRows<{ org_id: number; parent_org_id: number | null; places: number; child_places: number }>(
            t.db,
            sql`select org_id, parent_org_id, places, child_places from event_quotas where event_id = ${id}`,
          )
        ).map((r) => [r.org_id, [r.parent_org_id, r.places, r.child_places]]),
      );
    const move = (parentId: number) => hhht.post(`/api/orgs/${t.seed.xinChengSanitation.id}/move`, { parentId });
    // 赛罕区 has one place, too few for the union's two: refused, nothing moved.
    const refused = await move(t.seed.saihan.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toContain('呼和浩特市赛罕区总工会还可分配 1 个名额，不足以接收新城区环境卫生服务中心工会的 2 个名额');
    expect((await hhht.get(`/api/orgs/${t.seed.xinChengSanitation.id}`)).json().parentId).toBe(t.seed.xinCheng.id);

    await hhht.put(`/api/events/${id}/quotas`, { orgId: t.seed.saihan.id, places: 3 });
    const moved = await move(t.seed.saihan.id);
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await rows()).toEqual({
      [t.seed.hhht.id]: [null, 10, 7],
      [t.seed.xinCheng.id]: [t.seed.hhht.id, 4, 0],
      [t.seed.saihan.id]: [t.seed.hhht.id, 3, 2],
      [t.seed.xinChengSanitation.id]: [t.seed.saihan.id, 2, 0],
    });
    // And back: 新城区 gives them again out of its four.
    expect((await move(t.seed.xinCheng.id)).statusCode).toBe(200);
    expect((await rows())[t.seed.xinChengSanitation.id]).toEqual([t.seed.xinCheng.id, 2, 0]);
    expect((await rows())[t.seed.saihan.id]).toEqual([t.seed.hhht.id, 3, 0]);

    // An event of 新城区's own with places for the union: the union cannot leave 新城区 while it runs.
    const own = await openEvent(xcq, t.seed.xinCheng.id, { capacity: 5 });
    await xcq.put(`/api/events/${own}/quotas`, { orgId: t.seed.xinChengSanitation.id, places: 2 });
    const out = await move(t.seed.saihan.id);
    expect(out.statusCode).toBe(409);
    expect(out.json().message).toMatch(/新城区环境卫生服务中心工会在活动「.*」中分得 2 个名额，新的上级呼和浩特市赛罕区总工会不在该活动的范围内/);
  });
});

describe('sign-up', () => {
  it('signs a person up on their behalf: 401, 400, a person outside the scope 404, then 201; a second sign-up is a 409 naming it', async () => {
    const id = await openEvent(xcq, t.seed.xinCheng.id);
    const p = await person(xcq, t.seed.xinChengSanitation.id);
    const other = await person(sh, t.seed.saihanJoint.id);
    expect((await t.anonymous().post(`/api/events/${id}/signups`, { personId: p })).statusCode).toBe(401);
    expect((await xcq.post(`/api/events/${id}/signups`, { personId: 'x' })).json().fields[0].field).toBe('personId');
    expect((await xcq.post(`/api/events/${id}/signups`, { personId: other })).statusCode).toBe(404);
    expect((await sh.post(`/api/events/${id}/signups`, { personId: other })).statusCode).toBe(404);
    const ok = await xcq.post(`/api/events/${id}/signups`, { personId: p });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ status: 'confirmed', source: 'staff' });
    const again = await xcq.post(`/api/events/${id}/signups`, { personId: p });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(/已报名「职工读书分享会」（已报名），不能重复报名/);
  });

  it('refuses a person the audience does not reach', async () => {
    const id = await openEvent(xcq, t.seed.xinCheng.id, { audience: { occupations: ['courier'] } });
    const p = await person(xcq, t.seed.xinChengSanitation.id, { occupation: 'sanitation' });
    const res = await xcq.post(`/api/events/${id}/signups`, { personId: p });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields[0]).toMatchObject({ field: 'personId', message: expect.stringMatching(/不符合/) });
  });

  it('gives the last places to exactly as many of many concurrent sign-ups, the rest wait in line', async () => {
    const id = await openEvent(xcq, t.seed.xinCheng.id, { capacity: 3 });
    const people = [];
    for (let i = 0; i < 12; i++) people.push(await person(xcq, t.seed.xinChengSanitation.id));
    const results = await Promise.all(people.map((personId) => xcq.post(`/api/events/${id}/signups`, { personId })));
    expect(results.map((r) => r.statusCode)).toEqual(people.map(() => 201));
    const statuses = results.map((r) => r.json().status);
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(3);
    expect(statuses.filter((s) => s === 'waiting')).toHaveLength(9);
    // Each one waiting was told a place in line of its own, as it stood when it joined.
    const told = results
      .map((r) => r.json())
      .filter((s) => s.status === 'waiting')
      .map((s: { position: number }) => s.position);
    expect(told.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const view = (await xcq.get(`/api/events/${id}`)).json();
    expect(view).toMatchObject({ taken: 3, waiting: 9, counts: { confirmed: 3, waiting: 9 } });
    const positions = (await xcq.get(`/api/events/${id}/signups?status=waiting&pageSize=50`)).json().items.map((s: { position: number }) => s.position);
    expect(positions).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const refused = await xcq.post(`/api/events/${id}/signups`, { personId: await person(xcq, t.seed.xinChengSanitation.id), waitIfFull: false });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toMatch(/名额已满/);
  });
});

describe('the waiting list and the worker portal', () => {
  it('offers a freed place to the first in line; accepted it is theirs, declined or expired it moves on', async () => {
    const id = await openEvent(xcq, t.seed.xinCheng.id, { capacity: 1 });
    const [first, w1, w2, w3] = [
      await person(xcq, t.seed.xinChengSanitation.id),
      await person(xcq, t.seed.xinChengSanitation.id),
      await person(xcq, t.seed.xinChengSanitation.id),
      await person(xcq, t.seed.xinChengSanitation.id),
    ];
    const holder = (await xcq.post(`/api/events/${id}/signups`, { personId: first })).json();
    const worker1 = await t.asWorker('13900001001', w1);
    const worker2 = await t.asWorker('13900001002', w2);
    const worker3 = await t.asWorker('13900001003', w3);
    const listed = (await worker1.get('/api/m/events')).json();
    expect(listed.find((e: { id: number }) => e.id === id)).toMatchObject({ placesLeft: 0, canSignUp: true });
    const s1 = (await worker1.post(`/api/m/events/${id}/signup`, {})).json();
    const s2 = (await worker2.post(`/api/m/events/${id}/signup`, {})).json();
    const s3 = (await worker3.post(`/api/m/events/${id}/signup`, {})).json();
    expect([s1.status, s1.position, s2.position, s3.position, s3.waitingTotal]).toEqual(['waiting', 1, 2, 3, 3]);
    expect((await worker1.post(`/api/m/events/${id}/signup`, {})).statusCode).toBe(409);

    // The holder cancels: the first in line is offered the place and told.
    const cancelled = await xcq.post(`/api/events/${id}/signups/${holder.id}/cancel`, { reason: '临时出差' });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: '临时出差' });
    const offered = (await worker1.get('/api/m/events/signups')).json().find((s: { id: number }) => s.id === s1.id);
    expect(offered).toMatchObject({ status: 'offered', can: { accept: true, decline: true } });
    expect(await countNotices(t.db, 'events.offered', { personId: w1 })).toBe(1);
    expect((await worker2.get('/api/m/events/signups')).json()[0].position).toBe(1);

    // Declined: the next in line is offered; another worker cannot answer someone else's offer.
    expect((await worker3.post(`/api/m/events/signups/${s1.id}/decline`)).statusCode).toBe(404);
    expect((await worker1.post(`/api/m/events/signups/${s1.id}/decline`)).json().status).toBe('declined');
    expect((await worker2.get(`/api/m/events/${id}`)).json().mySignup).toMatchObject({ status: 'offered' });

    // Expired: its time runs out, the schedule's run passes it on.
    await t.db.execute(sql`update event_signups set offered_until = now() - interval '1 minute' where id = ${s2.id}`);
    expect((await worker2.post(`/api/m/events/signups/${s2.id}/accept`)).statusCode).toBe(409);
    expect(await expireOffers(t.db)).toBe(1);
    expect((await worker2.get('/api/m/events/signups')).json()[0].status).toBe('expired');
    // No check-in code while waiting; one once the place is confirmed, for its owner only.
    const early = await worker3.get(`/api/m/events/signups/${s3.id}/ticket`);
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toBe('您的报名状态为“递补待确认”，名额确认后才有签到码');
    const accepted = await worker3.post(`/api/m/events/signups/${s3.id}/accept`);
    expect(accepted.json()).toMatchObject({ status: 'confirmed', can: { cancel: true, rate: false } });
    const ticket = (await worker3.get(`/api/m/events/signups/${s3.id}/ticket`)).json();
    expect(ticket.code).toBe(ticketCodeFor(t.cipher, s3.id));
    expect(ticket.qr).toMatch(/^data:image\/svg\+xml;base64,/);
    expect((await worker2.get(`/api/m/events/signups/${s3.id}/ticket`)).statusCode).toBe(404);
    const [row] = await queryRows<{ taken: number }>(t.db, sql`select taken from events where id = ${id}`);
    expect(row!.taken).toBe(1);
  });

  it('takes attendance, refuses a rating before it, then rates, prints the certificate for staff and worker alike', async () => {
    const id = await openEvent(xcq, t.seed.xinCheng.id, { title: '安全生产技能培训', kind: 'training' });
    const p = await person(xcq, t.seed.xinChengSanitation.id);
    const worker = await t.asWorker('13900001010', p);
    const mine = (await worker.post(`/api/m/events/${id}/signup`, { waitIfFull: true })).json();
    expect(mine.status).toBe('confirmed');
    const early = await worker.post(`/api/m/events/signups/${mine.id}/rating`, { rating: 5, feedback: '很好' });
    expect(early.statusCode).toBe(400);
    expect(early.json().message).toBe('参加活动后才能评价');
    expect((await worker.get(`/api/m/events/signups/${mine.id}/certificate.pdf`)).statusCode).toBe(409);
    expect((await sh.post(`/api/events/${id}/signups/${mine.id}/attendance`, { attended: true })).statusCode).toBe(404);
    const attended = await xcq.post(`/api/events/${id}/signups/${mine.id}/attendance`, { attended: true });
    expect(attended.json()).toMatchObject({ attendedAt: expect.any(String), can: { unattend: true, cancel: false } });
    expect((await worker.post(`/api/m/events/signups/${mine.id}/rating`, { rating: 6 })).json().fields[0].field).toBe('rating');
    const rated = await worker.post(`/api/m/events/signups/${mine.id}/rating`, { rating: 4, feedback: '讲得实用' });
    expect(rated.json()).toMatchObject({ rating: 4, feedback: '讲得实用', can: { rate: false } });
    expect((await worker.post(`/api/m/events/signups/${mine.id}/rating`, { rating: 5 })).statusCode).toBe(409);
    expect((await xcq.post(`/api/events/${id}/signups/${mine.id}/attendance`, { attended: false })).statusCode).toBe(409);
    expect((await xcq.get(`/api/events/${id}`)).json()).toMatchObject({ attended: 1, ratings: 1, averageRating: 4 });

    const pdf = await xcq.get(`/api/events/${id}/signups/${mine.id}/certificate.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfTextRuns(pdf.rawPayload).flat().join('');
    expect(text).toContain('参加证明');
    expect(text).toContain('安全生产技能培训');
    expect(text).toContain('呼和浩特市新城区总工会');
    const [{ certificate_no: no }] = (await queryRows<{ certificate_no: string }>(
      t.db,
      sql`select certificate_no from event_signups where id = ${mine.id}`,
    )) as [{ certificate_no: string }];
    expect(no).toMatch(/^HD\d{4}\d{5}\d{7}$/);
    expect(text).toContain(no);
    // The worker's copy carries the same number.
    const again = pdfTextRuns((await worker.get(`/api/m/events/signups/${mine.id}/certificate.pdf`)).rawPayload)
      .flat()
      .join('');
    expect(again).toContain(no);
    expect((await worker.get('/api/m/events/signups')).json()[0].certificateNo).toBe(no);
  });

  it('lets a worker cancel their own place, which then goes to the next in line', async () => {
    const id = await openEvent(xcq, t.seed.xinCheng.id, { capacity: 1 });
    const [a, b] = [await person(xcq, t.seed.xinChengSanitation.id), await person(xcq, t.seed.xinChengSanitation.id)];
    const wa = await t.asWorker('13900001021', a);
    const wb = await t.asWorker('13900001022', b);
    const sa = (await wa.post(`/api/m/events/${id}/signup`, {})).json();
    await wb.post(`/api/m/events/${id}/signup`, {});
    expect((await wb.post(`/api/m/events/signups/${sa.id}/cancel`)).statusCode).toBe(404);
    expect((await wa.post(`/api/m/events/signups/${sa.id}/cancel`)).json().status).toBe('cancelled');
    expect((await wb.get(`/api/m/events/${id}`)).json().mySignup.status).toBe('offered');
  });

  it('tells everyone who holds or waits for a place when the event is cancelled, with the reason, once', async () => {
    const id = await openEvent(xcq, t.seed.xinCheng.id, { capacity: 1 });
    const [holder, waiting, left] = [
      await person(xcq, t.seed.xinChengSanitation.id),
      await person(xcq, t.seed.xinChengSanitation.id),
      await person(xcq, t.seed.xinChengSanitation.id),
    ];
    await xcq.post(`/api/events/${id}/signups`, { personId: holder });
    const w = await t.asWorker('13900001041', waiting);
    expect((await w.post(`/api/m/events/${id}/signup`, {})).json().status).toBe('waiting');
    const gone = (await xcq.post(`/api/events/${id}/signups`, { personId: left })).json();
    await xcq.post(`/api/events/${id}/signups/${gone.id}/cancel`, { reason: '不再参加' });
    const e = (await xcq.get(`/api/events/${id}`)).json();
    expect((await xcq.post(`/api/events/${id}/transition`, { action: 'cancel', version: e.version, reason: '暴雨预警' })).statusCode).toBe(200);
    expect(await countNotices(t.db, 'events.cancelled', { personId: holder })).toBe(1);
    expect(await countNotices(t.db, 'events.cancelled', { personId: waiting })).toBe(1);
    // Who had already given up their place is not told again.
    expect(await countNotices(t.db, 'events.cancelled', { personId: left })).toBe(0);
    const inbox = (await w.get('/api/m/messages')).json();
    expect(inbox.items[0]).toMatchObject({ title: '活动已取消' });
    expect(inbox.items[0].body).toContain('原因：暴雨预警');
  });

  it('keeps a worker out of an event that does not reach them, and out of sign-up outside the window', async () => {
    const sibling = await openEvent(sh, t.seed.saihan.id);
    const closedWindow = await openEvent(xcq, t.seed.xinCheng.id, { signupClosesAt: '2020-01-01T00:00:00+08:00' });
    const p = await person(xcq, t.seed.xinChengSanitation.id);
    const w = await t.asWorker('13900001030', p);
    expect((await w.get(`/api/m/events/${sibling}`)).statusCode).toBe(404);
    expect((await w.post(`/api/m/events/${sibling}/signup`, {})).statusCode).toBe(404);
    const seen = (await w.get(`/api/m/events/${closedWindow}`)).json();
    expect(seen).toMatchObject({ canSignUp: false, reason: '报名已截止' });
    const res = await w.post(`/api/m/events/${closedWindow}/signup`, {});
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe('报名已截止');
    expect((await t.anonymous().get('/api/m/events')).statusCode).toBe(401);
  });
});

describe('calendar feed', () => {
  it('lists the sessions of the events a union’s subtree organises, to a staff session in scope', async () => {
    const id = await openEvent(xcq, t.seed.xinCheng.id, { title: '日历里的读书会' });
    await xcq.post('/api/events', { ...base, orgId: t.seed.xinCheng.id, title: '草稿不上日历' });
    const res = await xcq.get(`/api/events/calendar/${t.seed.xinCheng.id}.ics`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/calendar/);
    expect(res.body).toContain('BEGIN:VCALENDAR');
    expect(res.body).toContain('日历里的读书会');
    expect(res.body).toContain(`UID:event-${id}-session-`);
    expect(res.body).toContain('DTSTART:20261120T060000Z');
    expect(res.body).toContain('LOCATION:工人文化宫');
    expect(res.body).not.toContain('草稿不上日历');
    expect((await xcq.get(`/api/events/calendar/${t.seed.saihan.id}.ics`)).statusCode).toBe(404);
    expect((await t.anonymous().get(`/api/events/calendar/${t.seed.xinCheng.id}.ics`)).statusCode).toBe(401);
  });
});
