/**
 * 发放期 and 库存调拨: no hand-out on a day outside the campaign's period or the point's opening
 * dates (scan, ID number, paper sheet; the database refuses it too), points edited after setup,
 * and stock moved between points without ever going below what was handed out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { queryRows } from '../../server/db.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { addDays, chinaToday, chineseDate, chinesePeriod } from '../../shared/dates.ts';
import { qrCodeFor } from './distribution.service.ts';
import { campaignPeriod } from '../../testing/dates.ts';

let t: TestApp;
let xcq: TestClient;
let hhht: TestClient;
let vol: TestClient;
const today = chinaToday();
const year = today.slice(0, 4);
const period = campaignPeriod();
let campaignId = 0;
let packageId = 0;
let beneficiaries: number[] = [];

beforeAll(async () => {
  t = await createTestApp();
  [xcq, hhht, vol] = [await t.as('xcq_admin'), await t.as('hhht_admin'), await t.as('xcq_volunteer')];
  for (let i = 0; i < 5; i++) {
    const res = await xcq.post('/api/people', {
      name: '环卫工' + '甲乙丙丁戊'[i],
      idNumber: withCheckCharacter(`15010219750312${String(700 + 2 * i).padStart(3, '0')}`),
      orgId: t.seed.xinChengSanitation.id,
      occupation: 'sanitation',
      employmentForm: 'standard',
      tags: ['发放期测试'],
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  const created = await hhht.post('/api/campaigns', {
    name: '发放期测试慰问',
    kind: 'concentrated',
    orgId: t.seed.hhht.id,
    ...period,
    mode: 'cascade',
    maxPerPerson: 1,
    overlapPolicy: 'off',
    rule: { occupations: ['sanitation'], tagsAny: ['发放期测试'] },
    funds: [{ source: 'own_budget', amountFen: 100_000_00 }],
    packages: [{ name: '米面油礼包', kind: 'goods', valueFen: 200_00, items: [{ name: '大米', quantity: 10, unit: '斤' }] }],
  });
  expect(created.statusCode, created.body).toBe(201);
  campaignId = created.json().id;
  packageId = created.json().packages[0].id;
  await hhht.put(`/api/campaigns/${campaignId}/allocations`, { orgId: t.seed.hhht.id, quota: 10, budgetFen: 10_000_00 });
  let c = (await hhht.get(`/api/campaigns/${campaignId}`)).json();
  c = (await hhht.post(`/api/campaigns/${campaignId}/transition`, { action: 'submit', version: c.version })).json();
  c = (await (await t.as('nmg_admin')).post(`/api/campaigns/${campaignId}/transition`, { action: 'approve', version: c.version })).json();
  c = (await hhht.post(`/api/campaigns/${campaignId}/transition`, { action: 'start', version: c.version })).json();
  expect(c.status).toBe('running');
  const list = (await hhht.get(`/api/campaigns/${campaignId}/beneficiaries?pageSize=50`)).json();
  beneficiaries = list.items.map((b: { id: number }) => b.id);
  expect(beneficiaries).toHaveLength(5);
});
afterAll(() => t.close());

async function point(name: string, over: Record<string, unknown> = {}) {
  const res = await xcq.post(`/api/campaigns/${campaignId}/points`, {
    name,
    orgId: t.seed.xinCheng.id,
    dutyAccountIds: [t.accounts.xcq_volunteer],
    stock: [{ packageId, quantity: 3 }],
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; name: string; hours: string | null; opensOn: string | null; closesOn: string | null };
}

const scan = (pointId: number, beneficiaryId: number, key: string) =>
  vol.post(`/api/points/${pointId}/confirm`, {
    beneficiaryId,
    evidence: { kind: 'qr', code: qrCodeFor(t.cipher, beneficiaryId) },
    idempotencyKey: `dates-test-${key}`,
  });

describe('hand-out dates', () => {
  it("refuses a hand-out before the point's opening date, naming the date, and the lookup says so first", async () => {
    const tomorrow = addDays(today, 1);
    const p = await point('明日开放发放点', { opensOn: tomorrow });
    const message = `发放点「明日开放发放点」${chineseDate(tomorrow)}起开放，今天不能在此发放`;
    const look = await vol.post(`/api/points/${p.id}/lookup`, { code: qrCodeFor(t.cipher, beneficiaries[0]!) });
    expect(look.statusCode, look.body).toBe(200);
    expect(look.json()).toMatchObject({ dateRefusal: message, warnings: expect.arrayContaining([message]) });
    const res = await scan(p.id, beneficiaries[0]!, 'dates-opens-1');
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe(message);
    // A paper sheet signed before the opening day is refused for its signing day.
    const sheet = await xcq.post(`/api/points/${p.id}/bulk-confirm`, {
      beneficiaryIds: [beneficiaries[0]],
      signedOn: today,
      sheetRef: 'QD-1',
      batchKey: 'dates-opens-sheet',
    });
    expect(sheet.statusCode).toBe(400);
    expect(sheet.json().message).toContain(`${chineseDate(tomorrow)}起开放`);
    expect(await lines()).toBe(0);
  });

  it("refuses a hand-out after the point's closing date, set by editing the point after setup", async () => {
    const p = await point('已截止发放点', { opensOn: `${year}-01-01` });
    const yesterday = addDays(today, -1);
    if (yesterday < `${year}-01-01`) return; // 1 January: no yesterday within the period
    const edited = await xcq.patch(`/api/points/${p.id}`, {
      name: '已截止发放点',
      address: '新城区环卫所一楼',
      hours: '每天 9:00–17:00',
      opensOn: `${year}-01-01`,
      closesOn: yesterday,
      dutyAccountIds: [t.accounts.xcq_volunteer],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ address: '新城区环卫所一楼', hours: '每天 9:00–17:00', closesOn: yesterday });
    const res = await scan(p.id, beneficiaries[1]!, 'dates-closes-1');
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe(`发放点「已截止发放点」开放至${chineseDate(yesterday)}，今天不能在此发放`);
  });

  it("refuses a hand-out outside the campaign's period, by the service and by the database itself", async () => {
    const p = await point('活动期外发放点');
    const [from, to] = [addDays(today, 3), addDays(today, 30)];
    await t.db.execute(sql`update campaigns set starts_on = ${from}, ends_on = ${to} where id = ${campaignId}`);
    try {
      const message = `活动发放期为${chinesePeriod(from, to)}，今天不在发放期内`;
      const look = (await vol.post(`/api/points/${p.id}/lookup`, { code: qrCodeFor(t.cipher, beneficiaries[2]!) })).json();
      expect(look.dateRefusal).toBe(message);
      const res = await scan(p.id, beneficiaries[2]!, 'dates-period-1');
      expect(res.statusCode).toBe(409);
      expect(res.json().message).toBe(message);
      // The confirm function refuses the day whoever calls it.
      const direct = await t.db
        .execute(sql`select * from campaign_confirm(${p.id}, ${beneficiaries[2]!}, 'dates-db-1', null, '', false, ${today}::date, 'paper', 'QD-9', null, null)`)
        .then(
          () => 'written',
          (e: { cause?: { message?: string } }) => e.cause?.message,
        );
      expect(direct).toBe(`period:${from}:${to}`);
    } finally {
      await t.db.execute(sql`update campaigns set starts_on = ${period.startsOn}, ends_on = ${period.endsOn} where id = ${campaignId}`);
    }
    expect(await lines()).toBe(0);
    // Within every date, the same hand-out goes through.
    const ok = await scan(p.id, beneficiaries[2]!, 'dates-period-3');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await lines()).toBe(1);
  });

  it("keeps a point's dates within the campaign's period, the opening day first", async () => {
    const p = await point('日期校验发放点');
    const body = { name: '日期校验发放点', address: null, hours: null, dutyAccountIds: [] };
    let res = await xcq.patch(`/api/points/${p.id}`, { ...body, opensOn: `${year}-03-10`, closesOn: `${year}-03-01` });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('截止日期不能早于开放日期');
    res = await xcq.patch(`/api/points/${p.id}`, { ...body, opensOn: addDays(period.endsOn, 5), closesOn: null });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain(`开放日期须在活动期内（${chinesePeriod(period.startsOn, period.endsOn)}）`);
    // A volunteer may not edit a point.
    expect((await vol.patch(`/api/points/${p.id}`, { ...body, opensOn: null, closesOn: null })).statusCode).toBe(403);
  });
});

describe('stock moves between points', () => {
  it('moves stock to another point of the campaign, keeping the total, recorded and audited', async () => {
    const a = await point('调出发放点');
    const b = await point('调入发放点', { stock: [{ packageId, quantity: 1 }] });
    const handed = await scan(a.id, beneficiaries[3]!, 'moves-1');
    expect(handed.statusCode, handed.body).toBe(200); // a: 3, 1 issued
    const res = await xcq.post(`/api/points/${a.id}/stock-moves`, { toPointId: b.id, packageId, quantity: 2, reason: '调入点人多' });
    expect(res.statusCode, res.body).toBe(200);
    const stock = (id: number) => res.json().find((p: { id: number }) => p.id === id).stock[0];
    expect(stock(a.id)).toMatchObject({ quantity: 1, issued: 1 });
    expect(stock(b.id)).toMatchObject({ quantity: 3, issued: 0 });
    const [move] = await queryRows<{ quantity: number; reason: string }>(
      t.db,
      sql`select quantity, reason from campaign_stock_moves where from_point_id = ${a.id} and to_point_id = ${b.id}`,
    );
    expect(move).toEqual({ quantity: 2, reason: '调入点人多' });
    const audit = (await (await t.as('admin')).get(`/api/audit?entity=campaign_point&entityId=${a.id}`)).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toContain('campaign.stock.move');

    // What is left is what was handed out: nothing more can leave, and the database agrees.
    const more = await xcq.post(`/api/points/${a.id}/stock-moves`, { toPointId: b.id, packageId, quantity: 1 });
    expect(more.statusCode).toBe(400);
    expect(more.json().message).toBe('发放点「调出发放点」该档次尚余 0 份，调拨数量不能超过 0');
    await expect(t.db.execute(sql`update campaign_point_stock set quantity = quantity - 1 where point_id = ${a.id}`)).rejects.toThrow();
    const total = await queryRows<{ q: number }>(t.db, sql`select sum(quantity)::int as q from campaign_point_stock where point_id in (${a.id}, ${b.id})`);
    expect(total[0]!.q).toBe(4);
  });

  it('refuses a move to itself, to a point without that stock, or to a point of another campaign', async () => {
    const a = await point('调拨校验发放点');
    const open = await point('不限量发放点', { stock: [] });
    let res = await xcq.post(`/api/points/${a.id}/stock-moves`, { toPointId: a.id, packageId, quantity: 1 });
    expect(res.json().message).toContain('调入发放点不能是调出发放点本身');
    res = await xcq.post(`/api/points/${a.id}/stock-moves`, { toPointId: open.id, packageId, quantity: 1 });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('发放点「不限量发放点」未设该档次库存（不限量发放），无需调入');
    const other = await queryRows<{ id: number }>(t.db, sql`select id from campaign_points where campaign_id <> ${campaignId} limit 1`);
    if (other[0]) expect((await xcq.post(`/api/points/${a.id}/stock-moves`, { toPointId: other[0].id, packageId, quantity: 1 })).statusCode).toBe(404);
    // Another county cannot move this county's stock.
    expect((await (await t.as('sh_admin')).post(`/api/points/${a.id}/stock-moves`, { toPointId: open.id, packageId, quantity: 1 })).statusCode).toBe(404);
  });
});

async function lines() {
  const [r] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from disbursement_lines where campaign_id = ${campaignId}`);
  return r!.n;
}
