/**
 * The check-in kit through the HTTP API: check-in lists with their rules (once, once a day,
 * unlimited) kept by the database, the list a phone downloads (hashes and masked names, never the
 * codes), the sync of an offline queue — replays answer the same, a person checked in on two phones
 * ends as one line and a conflict staff see — and a campaign's pick-up point served by the same
 * kit, every hand-out through the campaign's own rules.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { queryRows } from '../../server/db.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { qrCodeFor } from '../campaigns/index.ts';
import { ticketCodeFor } from './checkin.service.ts';
import { campaignPeriod } from '../../testing/dates.ts';

let t: TestApp;
let xcq: TestClient;
let sh: TestClient;
let vol: TestClient;
let eventId = 0;
/** Sign-ups of the event: three confirmed, one cancelled. */
const signups: Record<'wang' | 'liu' | 'zhao' | 'gone', number> = { wang: 0, liu: 0, zhao: 0, gone: 0 };
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
let n = 0;
const key = () => `k${Date.now().toString(36)}${(n++).toString(36).padStart(4, '0')}`;
const ticket = (signupId: number) => ticketCodeFor(t.cipher, signupId);
const at = (iso: string) => iso;

beforeAll(async () => {
  t = await createTestApp();
  [xcq, sh, vol] = [await t.as('xcq_admin'), await t.as('sh_admin'), await t.as('xcq_volunteer')];
  const person = async (name: string, first17: string, orgId: number) => {
    const res = await xcq.post('/api/people', { name, idNumber: withCheckCharacter(first17), orgId });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as number;
  };
  const org = t.seed.xinCheng;
  const [event] = await queryRows<{ id: number }>(
    t.db,
    sql`insert into events (org_id, kind, title, status) values (${org.id}, 'lecture', '劳模宣讲进社区', 'open') returning id`,
  );
  eventId = event!.id;
  const signUp = async (personId: number, status = 'confirmed') => {
    const [s] = await queryRows<{ id: number }>(
      t.db,
      sql`insert into event_signups (event_id, person_id, org_id, org_path, status, source, cancelled_at)
          values (${eventId}, ${personId}, ${org.id}, ${org.path}, ${status}, 'staff', ${status === 'cancelled' ? new Date().toISOString() : null}) returning id::int as id`,
    );
    return s!.id;
  };
  signups.wang = await signUp(await person('王秀兰', '15010219700101001', t.seed.xinChengSanitation.id));
  signups.liu = await signUp(await person('刘建国', '15010219720202003', org.id));
  signups.zhao = await signUp(await person('赵桂芳', '15010219750505005', org.id));
  signups.gone = await signUp(await person('孙立', '15010219800808008', org.id), 'cancelled');
});
afterAll(() => t.close());

async function list(body: Record<string, unknown>) {
  const res = await xcq.post(`/api/events/${eventId}/checkin-lists`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

const sync = (c: TestClient, listId: number, deviceId: string, items: { idempotencyKey: string; code: string; scannedAt: string }[]) =>
  c.post(`/api/checkin/lists/${listId}/sync`, { deviceId, items });

const rowsOf = (listId: number) =>
  queryRows<{ result: string; signup_id: number | null; device_id: string }>(
    t.db,
    sql`select result, signup_id::int as signup_id, device_id from event_checkins where list_id = ${listId} order by id`,
  );

describe('check-in lists', () => {
  it('asks for a session, refuses bad input in Chinese naming the field, hides another county’s event, and creates one', async () => {
    expect((await t.anonymous().get(`/api/events/${eventId}/checkin-lists`)).statusCode).toBe(401);
    const bad = await xcq.post(`/api/events/${eventId}/checkin-lists`, { name: '入场', kind: 'entry', mode: 'twice' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0]).toMatchObject({ field: 'mode', message: '请选择有效的签到规则' });
    const noName = await xcq.post(`/api/events/${eventId}/checkin-lists`, { name: '', kind: 'entry', mode: 'once' });
    expect(noName.json().fields[0]).toMatchObject({ field: 'name', message: '请填写签到清单名称' });
    expect((await sh.post(`/api/events/${eventId}/checkin-lists`, { name: '入场', kind: 'entry', mode: 'once' })).statusCode).toBe(404);
    expect((await sh.get(`/api/events/${eventId}/checkin-lists`)).statusCode).toBe(404);
    // A volunteer checks people in; setting up lists is the organiser's.
    expect((await vol.post(`/api/events/${eventId}/checkin-lists`, { name: '入场', kind: 'entry', mode: 'once' })).statusCode).toBe(403);
    const id = await list({ name: '入场', kind: 'entry', mode: 'once' });
    const dup = await xcq.post(`/api/events/${eventId}/checkin-lists`, { name: '入场', kind: 'meal', mode: 'daily' });
    expect(dup.statusCode).toBe(409);
    const lists = (await vol.get(`/api/events/${eventId}/checkin-lists`)).json();
    expect(lists).toEqual([expect.objectContaining({ id, name: '入场', kind: 'entry', mode: 'once', checkins: 0, people: 0, conflicts: 0 })]);
    expect(await queryRows(t.db, sql`select 1 from event_checkin_lists where event_id = ${eventId}`)).toHaveLength(1);
  });

  it('lists for a phone the lists of open events in its subtree only', async () => {
    expect((await t.anonymous().get('/api/checkin/lists')).statusCode).toBe(401);
    expect((await (await t.as('sh_auditor')).get('/api/checkin/lists')).statusCode).toBe(403);
    const mine = (await vol.get('/api/checkin/lists')).json();
    expect(mine).toContainEqual(expect.objectContaining({ eventId, eventTitle: '劳模宣讲进社区', name: '入场', kind: 'entry', mode: 'once' }));
    expect((await sh.get('/api/checkin/lists')).json().some((l: { eventId: number }) => l.eventId === eventId)).toBe(false);
  });
});

describe('a sign-up’s check-in code', () => {
  it('is given for a confirmed place only, and not to another county', async () => {
    const ok = await xcq.get(`/api/events/${eventId}/signups/${signups.wang}/ticket`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().code).toBe(ticket(signups.wang));
    const cancelled = await xcq.get(`/api/events/${eventId}/signups/${signups.gone}/ticket`);
    expect(cancelled.statusCode).toBe(409);
    expect(cancelled.json().message).toBe('孙立的报名状态为“已取消”，只有名额已确认的报名才有签到码');
    expect((await sh.get(`/api/events/${eventId}/signups/${signups.wang}/ticket`)).statusCode).toBe(404);
  });
});

describe('the list a phone downloads', () => {
  it('holds each confirmed sign-up as a hash of its code and a masked name, never the code or the full name', async () => {
    const listId = await list({ name: '领取纪念品', kind: 'souvenir', mode: 'once' });
    expect((await t.anonymous().get(`/api/checkin/lists/${listId}/download`)).statusCode).toBe(401);
    expect((await vol.get('/api/checkin/lists/abc/download')).json().fields[0]).toMatchObject({ field: 'listId', message: '签到清单无效' });
    expect((await sh.get(`/api/checkin/lists/${listId}/download`)).statusCode).toBe(404);
    const res = await vol.get(`/api/checkin/lists/${listId}/download`);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({ target: 'list', id: listId, title: '劳模宣讲进社区 · 领取纪念品', mode: 'once' });
    expect(d.entries.map((e: { ref: number }) => e.ref).sort()).toEqual([signups.wang, signups.liu, signups.zhao].sort());
    const wang = d.entries.find((e: { ref: number }) => e.ref === signups.wang);
    expect(wang).toMatchObject({ codeHash: sha(ticket(signups.wang)), nameMasked: '王*兰', orgName: '呼和浩特市新城区总工会', days: [] });
    expect(res.body).not.toContain(ticket(signups.wang));
    expect(res.body).not.toContain('王秀兰');
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('syncing a phone’s queue', () => {
  it('refuses a malformed queue in Chinese naming the field, and another county’s list', async () => {
    const listId = await list({ name: '签到一', kind: 'other', mode: 'once' });
    expect((await t.anonymous().post(`/api/checkin/lists/${listId}/sync`, { deviceId: 'phone-aaaa', items: [] })).statusCode).toBe(401);
    const empty = await sync(vol, listId, 'phone-aaaa', []);
    expect(empty.json().fields[0]).toMatchObject({ field: 'items', message: '请至少提交一条签到' });
    const badTime = await sync(vol, listId, 'phone-aaaa', [{ idempotencyKey: key(), code: ticket(signups.wang), scannedAt: '昨天' }]);
    expect(badTime.statusCode).toBe(400);
    expect(badTime.json().fields[0].field).toBe('items.0.scannedAt');
    expect(badTime.json().fields[0].message).toMatch(/扫码时间不是有效时间/);
    const badKey = await sync(vol, listId, 'phone-aaaa', [{ idempotencyKey: 'x', code: ticket(signups.wang), scannedAt: new Date().toISOString() }]);
    expect(badKey.json().fields[0]).toMatchObject({ field: 'items.0.idempotencyKey', message: '幂等键无效' });
    expect(
      (await sync(sh, listId, 'phone-aaaa', [{ idempotencyKey: key(), code: ticket(signups.wang), scannedAt: new Date().toISOString() }])).statusCode,
    ).toBe(404);
    expect(await rowsOf(listId)).toEqual([]);
  });

  it('ends a person checked in on two offline phones as one line and a conflict, and a replay answers the same', async () => {
    const listId = await list({ name: '主会场入场', kind: 'entry', mode: 'once' });
    const first = { idempotencyKey: key(), code: ticket(signups.wang), scannedAt: at('2026-01-10T09:00:00+08:00') };
    const phoneA = [first, { idempotencyKey: key(), code: ticket(signups.liu), scannedAt: at('2026-01-10T09:01:00+08:00') }];
    const second = { idempotencyKey: key(), code: ticket(signups.wang), scannedAt: at('2026-01-10T09:05:00+08:00') };
    const a = await sync(vol, listId, 'phone-aaaa', phoneA);
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json().results).toEqual([
      { idempotencyKey: first.idempotencyKey, result: 'ok', reason: null, ref: signups.wang, nameMasked: '王*兰' },
      expect.objectContaining({ result: 'ok', ref: signups.liu, nameMasked: '刘*国' }),
    ]);
    const b = (await sync(xcq, listId, 'phone-bbbb', [second])).json().results[0];
    expect(b).toMatchObject({ result: 'duplicate', ref: signups.wang, reason: expect.stringMatching(/^重复签到：已签到（首次 1月10日 09:00）$/) });
    // The first phone's network dropped before its answer came: it sends the same queue again.
    const again = await sync(vol, listId, 'phone-aaaa', phoneA);
    expect(again.json()).toEqual(a.json());
    expect(await rowsOf(listId)).toEqual([
      { result: 'ok', signup_id: signups.wang, device_id: 'phone-aaaa' },
      { result: 'ok', signup_id: signups.liu, device_id: 'phone-aaaa' },
      { result: 'duplicate', signup_id: signups.wang, device_id: 'phone-bbbb' },
    ]);
    const lines = (await xcq.get(`/api/checkin/lists/${listId}/lines`)).json();
    expect(lines.total).toBe(2);
    expect(lines.items.map((l: { nameMasked: string }) => l.nameMasked)).toEqual(['王*兰', '刘*国']);
    const conflicts = (await xcq.get(`/api/events/${eventId}/checkin-conflicts`)).json();
    expect(conflicts).toContainEqual(
      expect.objectContaining({
        listName: '主会场入场',
        result: 'duplicate',
        nameMasked: '王*兰',
        deviceId: 'phone-bbbb',
        handler: 'xcq_admin',
        counted: { deviceId: 'phone-aaaa', scannedAt: '2026-01-10T01:00:00.000Z', handler: 'xcq_volunteer' },
      }),
    );
    expect((await sh.get(`/api/events/${eventId}/checkin-conflicts`)).statusCode).toBe(404);
    // An entry list marks attendance, at the first scan.
    const [s] = await queryRows<{ attended_at: Date | string }>(t.db, sql`select attended_at from event_signups where id = ${signups.wang}`);
    expect(new Date(s!.attended_at).toISOString()).toBe('2026-01-10T01:00:00.000Z');
    const counts = (await xcq.get(`/api/events/${eventId}/checkin-lists`)).json().find((l: { id: number }) => l.id === listId);
    expect(counts).toMatchObject({ checkins: 2, people: 2, conflicts: 1 });
  });

  it('refuses a key already used on another list, without that list’s answer', async () => {
    const [one, two] = [await list({ name: '分会场一', kind: 'other', mode: 'once' }), await list({ name: '分会场二', kind: 'other', mode: 'once' })];
    const scan = { idempotencyKey: key(), code: ticket(signups.zhao), scannedAt: new Date().toISOString() };
    expect((await sync(vol, one, 'phone-eeee', [scan])).json().results[0]).toMatchObject({ result: 'ok', nameMasked: '赵*芳' });
    const other = await sync(vol, two, 'phone-eeee', [scan, { idempotencyKey: key(), code: ticket(signups.liu), scannedAt: new Date().toISOString() }]);
    expect(other.statusCode).toBe(400);
    expect(other.json().fields[0]).toMatchObject({ field: 'items', message: '幂等键已用于另一签到清单的签到，请重新扫码' });
    expect(other.body).not.toContain('赵*芳');
    expect(await rowsOf(two)).toEqual([]);
  });

  it('counts the same person twice in one queue once, the earlier scan first', async () => {
    const listId = await list({ name: '会场二', kind: 'other', mode: 'once' });
    const late = { idempotencyKey: key(), code: ticket(signups.zhao), scannedAt: '2026-01-10T10:30:00+08:00' };
    const early = { idempotencyKey: key(), code: ticket(signups.zhao), scannedAt: '2026-01-10T10:00:00+08:00' };
    const r = (await sync(vol, listId, 'phone-cccc', [late, early])).json().results;
    expect(r.map((x: { result: string }) => x.result)).toEqual(['duplicate', 'ok']);
  });

  it('allows one check-in a day on a daily list, and every scan on an unlimited one', async () => {
    const meals = await list({ name: '午餐', kind: 'meal', mode: 'daily' });
    const day1 = (
      await sync(vol, meals, 'phone-aaaa', [
        { idempotencyKey: key(), code: ticket(signups.liu), scannedAt: '2026-01-10T12:00:00+08:00' },
        { idempotencyKey: key(), code: ticket(signups.liu), scannedAt: '2026-01-10T12:30:00+08:00' },
        // 23:30 UTC on the 10th is the 11th in China.
        { idempotencyKey: key(), code: ticket(signups.liu), scannedAt: '2026-01-10T23:30:00Z' },
      ])
    ).json().results;
    expect(day1.map((x: { result: string }) => x.result)).toEqual(['ok', 'duplicate', 'ok']);
    expect(day1[1].reason).toMatch(/今天已签到/);
    const days = (await vol.get(`/api/checkin/lists/${meals}/download`)).json().entries.find((e: { ref: number }) => e.ref === signups.liu).days;
    expect(days.sort()).toEqual(['2026-01-10', '2026-01-11']);
    const water = await list({ name: '饮水', kind: 'other', mode: 'unlimited' });
    const r = (
      await sync(vol, water, 'phone-aaaa', [
        { idempotencyKey: key(), code: ticket(signups.liu), scannedAt: '2026-01-10T12:00:00+08:00' },
        { idempotencyKey: key(), code: ticket(signups.liu), scannedAt: '2026-01-10T12:00:00+08:00' },
      ])
    ).json().results;
    expect(r.map((x: { result: string }) => x.result)).toEqual(['ok', 'ok']);
    // A meal list does not mark attendance.
    const [s] = await queryRows<{ attended_at: unknown }>(t.db, sql`select attended_at from event_signups where id = ${signups.liu}`);
    expect(s!.attended_at).not.toBeNull();
  });

  it('refuses forged codes, cancelled sign-ups and other kinds of codes, reports each and keeps it for staff', async () => {
    const listId = await list({ name: '会场三', kind: 'entry', mode: 'once' });
    const forged = ticket(signups.zhao).slice(0, -2) + 'AA';
    const r = (
      await sync(vol, listId, 'phone-dddd', [
        { idempotencyKey: key(), code: forged, scannedAt: new Date().toISOString() },
        { idempotencyKey: key(), code: ticket(signups.gone), scannedAt: new Date().toISOString() },
        { idempotencyKey: key(), code: 'NJ1-1-AAAAAAAAAAAAAAAA', scannedAt: new Date().toISOString() },
        { idempotencyKey: key(), code: ticket(999_999), scannedAt: new Date().toISOString() },
      ])
    ).json().results;
    expect(r.map((x: { result: string; reason: string }) => [x.result, x.reason])).toEqual([
      ['refused', '签到码无效：不是本系统签发的活动签到码，或已被篡改'],
      ['refused', '报名已取消，不能签到'],
      ['refused', '这是慰问活动的领取码，不是活动签到码'],
      ['refused', '不在本活动的报名名单中'],
    ]);
    const conflicts = (await xcq.get(`/api/events/${eventId}/checkin-conflicts`)).json().filter((c: { listName: string }) => c.listName === '会场三');
    expect(conflicts).toHaveLength(4);
    expect(conflicts.every((c: { result: string }) => c.result === 'refused')).toBe(true);
    const [gone] = await queryRows<{ attended_at: unknown }>(t.db, sql`select attended_at from event_signups where id = ${signups.gone}`);
    expect(gone!.attended_at).toBeNull();
  });

  it('gives the ticket code of a sign-up to staff of its event only', async () => {
    expect((await t.anonymous().get(`/api/events/${eventId}/signups/${signups.wang}/ticket`)).statusCode).toBe(401);
    expect((await sh.get(`/api/events/${eventId}/signups/${signups.wang}/ticket`)).statusCode).toBe(404);
    expect((await xcq.get(`/api/events/${eventId}/signups/${signups.wang}/ticket`)).json()).toEqual({ code: ticket(signups.wang) });
  });
});

describe('a campaign’s pick-up point through the same kit', () => {
  let pointId = 0;
  const beneficiaries: number[] = [];

  beforeAll(async () => {
    const created = (
      await xcq.post('/api/campaigns', {
        name: '新城区新春慰问',
        kind: 'concentrated',
        orgId: t.seed.xinCheng.id,
        ...campaignPeriod(),
        mode: 'cascade',
        rule: {},
        funds: [{ source: 'own_budget', amountFen: 1_000_000 }],
        packages: [{ name: '新春礼包', kind: 'goods', valueFen: 20000, items: [{ name: '大米', quantity: 10, unit: '斤' }] }],
      })
    ).json();
    expect(created.id, JSON.stringify(created)).toBeGreaterThan(0);
    const hhht = await t.as('hhht_admin');
    const submitted = (await xcq.post(`/api/campaigns/${created.id}/transition`, { action: 'submit', version: created.version })).json();
    const approved = (await hhht.post(`/api/campaigns/${created.id}/transition`, { action: 'approve', version: submitted.version })).json();
    expect(approved.status, JSON.stringify(approved)).toBe('approved');
    await xcq.post(`/api/campaigns/${created.id}/transition`, { action: 'start', version: approved.version });
    // Two gifts in stock for three people: the third hand-out is refused by the campaign's stock.
    const point = await xcq.post(`/api/campaigns/${created.id}/points`, {
      name: '新城区发放点',
      orgId: t.seed.xinCheng.id,
      dutyAccountIds: [t.accounts.xcq_volunteer],
      stock: [{ packageId: created.packages[0].id, quantity: 2 }],
    });
    expect(point.statusCode, point.body).toBe(201);
    pointId = point.json().id;
    const items = (await xcq.get(`/api/campaigns/${created.id}/beneficiaries?pageSize=50`)).json().items as { id: number }[];
    beneficiaries.push(...items.map((b) => b.id));
    expect(beneficiaries.length).toBeGreaterThanOrEqual(3);
  });

  const hand = (code: string) => ({ idempotencyKey: key(), code, scannedAt: new Date().toISOString() });

  it('downloads the people still to receive, as hashes of their card codes', async () => {
    expect((await t.anonymous().get(`/api/checkin/points/${pointId}/download`)).statusCode).toBe(401);
    expect((await sh.get(`/api/checkin/points/${pointId}/download`)).statusCode).toBe(404);
    const d = (await vol.get(`/api/checkin/points/${pointId}/download`)).json();
    expect(d).toMatchObject({ target: 'point', id: pointId, title: '新城区新春慰问 · 新城区发放点', mode: 'once' });
    expect(d.entries.map((e: { codeHash: string }) => e.codeHash)).toContain(sha(qrCodeFor(t.cipher, beneficiaries[0]!)));
  });

  it('hands out through the campaign’s confirmation: once per person, within stock, a replay never twice', async () => {
    expect(
      (await sh.post(`/api/checkin/points/${pointId}/sync`, { deviceId: 'phone-aaaa', items: [hand(qrCodeFor(t.cipher, beneficiaries[0]!))] })).statusCode,
    ).toBe(404);
    const a = [hand(qrCodeFor(t.cipher, beneficiaries[0]!)), hand(qrCodeFor(t.cipher, beneficiaries[1]!))];
    const first = await vol.post(`/api/checkin/points/${pointId}/sync`, { deviceId: 'phone-aaaa', items: a });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().results.map((r: { result: string }) => r.result)).toEqual(['ok', 'ok']);
    expect((await vol.post(`/api/checkin/points/${pointId}/sync`, { deviceId: 'phone-aaaa', items: a })).json()).toEqual(first.json());
    // Another phone handed the first person a gift too while offline; and a third person finds the stock gone.
    const b = (
      await vol.post(`/api/checkin/points/${pointId}/sync`, {
        deviceId: 'phone-bbbb',
        items: [hand(qrCodeFor(t.cipher, beneficiaries[0]!)), hand(qrCodeFor(t.cipher, beneficiaries[2]!)), hand('NJ1-1-AAAAAAAAAAAAAAAA')],
      })
    ).json().results;
    expect(b.map((r: { result: string }) => r.result)).toEqual(['duplicate', 'refused', 'refused']);
    expect(b[0].reason).toMatch(/不能重复发放/);
    expect(b[1].reason).toMatch(/已发完/);
    expect(b[2].reason).toMatch(/领取码无效/);
    const [ledger] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from disbursement_lines l join campaign_beneficiaries b on b.id = l.beneficiary_id where l.point_id = ${pointId}`,
    );
    expect(ledger!.n).toBe(2);
    const conflicts = (await xcq.get(`/api/checkin/points/${pointId}/conflicts`)).json();
    expect(conflicts.map((c: { result: string }) => c.result).sort()).toEqual(['duplicate', 'refused', 'refused']);
    expect((await sh.get(`/api/checkin/points/${pointId}/conflicts`)).statusCode).toBe(404);
  });

  it('refuses a whole batch holding a key already used at another point, before handing anything out', async () => {
    const campaignId = (await queryRows<{ campaign_id: number }>(t.db, sql`select campaign_id from campaign_points where id = ${pointId}`))[0]!.campaign_id;
    const packageId = (await queryRows<{ id: number }>(t.db, sql`select id from campaign_packages where campaign_id = ${campaignId}`))[0]!.id;
    const other = await xcq.post(`/api/campaigns/${campaignId}/points`, {
      name: '新城区第二发放点',
      orgId: t.seed.xinCheng.id,
      dutyAccountIds: [t.accounts.xcq_volunteer],
      stock: [{ packageId, quantity: 2 }],
    });
    expect(other.statusCode, other.body).toBe(201);
    const usedHere = hand('NJ1-1-BBBBBBBBBBBBBBBB');
    expect((await vol.post(`/api/checkin/points/${pointId}/sync`, { deviceId: 'phone-aaaa', items: [usedHere] })).statusCode).toBe(200);
    const fresh = hand(qrCodeFor(t.cipher, beneficiaries[2]!));
    const res = await vol.post(`/api/checkin/points/${other.json().id}/sync`, { deviceId: 'phone-cccc', items: [fresh, usedHere] });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields[0]).toMatchObject({ field: 'items', message: expect.stringMatching(/另一发放点/) });
    const [written] = await queryRows<{ lines: number; handouts: number }>(
      t.db,
      sql`select (select count(*)::int from disbursement_lines where point_id = ${other.json().id}) as lines,
                 (select count(*)::int from event_checkin_handouts where idempotency_key = ${fresh.idempotencyKey}) as handouts`,
    );
    expect(written).toEqual({ lines: 0, handouts: 0 });
  });
});
