/**
 * 我的权益 on the worker's phone: exactly the running campaigns whose list holds me, with the code
 * of my printed pick-up card (the volunteer's lookup takes it), the point, its hours and last day
 * and what I receive; my hand-outs and assistance over the years as the ledgers hold them,
 * reversals shown; never another worker's. And the pick-up reminders: once when a campaign runs,
 * once before the point closes, never twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { noticeServed } from '../../testing/notice.ts';
import { campaignPeriod, daysFromToday, today } from '../../testing/dates.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { queryRows } from '../../server/db.ts';
import { systemActor } from '../../server/actor.ts';
import { setPolicy } from '../policies/index.ts';
import { countNotices } from '../messages/index.ts';
import { qrCodeFor } from './distribution.service.ts';
import { remindPickups } from './benefits.service.ts';
import { campaignsModule } from './campaigns.module.ts';

let t: TestApp;
let xcq: TestClient;
let hhht: TestClient;
let nmg: TestClient;
const people = {} as Record<'wang' | 'liu' | 'zhao', number>;
/** 呼和浩特's running campaign (everyone), 新城区's running one (sanitation), one approved but not started. */
const camp = {} as Record<'city' | 'county' | 'waiting', { id: number; packageId: number }>;
let point = 0;

async function campaign(c: TestClient, orgId: number, name: string, packages: unknown[], start = true) {
  const created = await c.post('/api/campaigns', {
    name,
    kind: 'concentrated',
    orgId,
    ...campaignPeriod(),
    mode: 'cascade',
    rule: {},
    funds: [{ source: 'own_budget', amountFen: 10_000_000 }],
    packages,
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as number;
  const submitted = (await c.post(`/api/campaigns/${id}/transition`, { action: 'submit', version: created.json().version })).json();
  const approved = (await nmg.post(`/api/campaigns/${id}/transition`, { action: 'approve', version: submitted.version })).json();
  expect(approved.status, JSON.stringify(approved)).toBe('approved');
  if (start) expect((await c.post(`/api/campaigns/${id}/transition`, { action: 'start', version: approved.version })).statusCode).toBe(200);
  return { id, packageId: created.json().packages[0].id as number };
}

const beneficiaryOf = async (campaignId: number, personId: number) =>
  ((await hhht.get(`/api/campaigns/${campaignId}/beneficiaries?pageSize=100`)).json().items as { id: number; personId: number }[]).find(
    (b) => b.personId === personId,
  )!.id;

beforeAll(async () => {
  t = await createTestApp();
  [xcq, hhht, nmg] = [await t.as('xcq_admin'), await t.as('hhht_admin'), await t.as('nmg_admin')];
  const sh = await t.as('sh_admin');
  const add = async (c: TestClient, name: string, first17: string, orgId: number) => {
    const res = await c.post('/api/people', { name, idNumber: withCheckCharacter(first17), orgId });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as number;
  };
  people.wang = await add(xcq, '王秀兰', '15010219700101001', t.seed.xinChengSanitation.id);
  people.liu = await add(xcq, '刘建国', '15010219720202003', t.seed.xinChengSanitation.id);
  people.zhao = await add(sh, '赵桂芳', '15010519750505005', t.seed.saihanJoint.id);
  camp.city = await campaign(hhht, t.seed.hhht.id, '呼和浩特市两节送温暖', [
    { name: '新春礼包', kind: 'mixed', valueFen: 50000, cashFen: 30000, items: [{ name: '大米', quantity: 10, unit: '斤' }] },
  ]);
  camp.county = await campaign(xcq, t.seed.xinCheng.id, '新城区环卫工人节慰问', [{ name: '慰问金', kind: 'cash', valueFen: 20000 }]);
  camp.waiting = await campaign(
    xcq,
    t.seed.xinCheng.id,
    '新城区夏送清凉',
    [{ name: '清凉包', kind: 'goods', valueFen: 8000, items: [{ name: '绿豆', quantity: 2, unit: '斤' }] }],
    false,
  );
  point = (
    await xcq.post(`/api/campaigns/${camp.city.id}/points`, {
      name: '新城区职工服务中心发放点',
      orgId: t.seed.xinCheng.id,
      address: '新城区工会大楼一楼',
      hours: '每天 9:00–17:00',
      closesOn: daysFromToday(2),
      stock: [{ packageId: camp.city.packageId, quantity: 10 }],
    })
  ).json().id;
  // 刘建国 is excluded from the county's campaign.
  const excluded = await xcq.post(`/api/campaigns/${camp.county.id}/adjustments`, { personId: people.liu, kind: 'exclude', reason: '已调离' });
  expect(excluded.statusCode, excluded.body).toBeLessThan(300);

  // 王秀兰 got the county's 慰问金 on paper, it was reversed and handed out again; and medical aid was paid on her file.
  const countyPoint = (await xcq.post(`/api/campaigns/${camp.county.id}/points`, { name: '环卫中心发放点', orgId: t.seed.xinChengSanitation.id })).json().id;
  const wangCounty = await beneficiaryOf(camp.county.id, people.wang);
  const give = async (key: string) => {
    const res = await xcq.post(`/api/points/${countyPoint}/confirm`, {
      beneficiaryId: wangCounty,
      evidence: { kind: 'paper', sheetRef: `QD-${key}` },
      idempotencyKey: `benefits-${key}-0001`,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().lineId as number;
  };
  const first = await give('a');
  expect((await xcq.post(`/api/campaigns/${camp.county.id}/reverse`, { lineId: first, reason: '录错人员' })).statusCode).toBe(200);
  await give('b');

  const sys = systemActor(t.seed.root);
  for (const [key, value] of [
    ['dibao_monthly', 76000],
    ['relative_hardship_multiplier', 2],
    ['accident_cost_share', 0.8],
    ['migrant_min_years', 1],
    ['medical_aid_cap', 2000000],
  ] as const) {
    await setPolicy(t.db, sys, { orgId: t.seed.root.id, key, value, effectiveFrom: '2025-01-01', note: null });
  }
  const filed = (
    await (
      await t.as('xcq_cadre')
    ).post('/api/hardship/cases', {
      personId: people.wang,
      yearlyIncomeFen: 600000,
      housing: 'rented',
      mainCause: 'serious_illness',
      assessedOn: daysFromToday(-30),
    })
  ).json();
  expect(filed.id, JSON.stringify(filed)).toBeGreaterThan(0);
  let v = filed.version as number;
  for (const action of ['verify', 'notice', 'approve']) {
    if (action === 'approve') await noticeServed(t.db, filed.id);
    const res = await xcq.post(`/api/hardship/cases/${filed.id}/transition`, { action, version: v });
    expect(res.statusCode, res.body).toBe(200);
    v = res.json().version;
  }
  const aid = await xcq.post(`/api/hardship/cases/${filed.id}/assistance`, { type: 'medical', amountFen: 150000, on: today(), fundSource: 'own_budget' });
  expect(aid.statusCode, aid.body).toBeLessThan(300);
});
afterAll(() => t.close());

describe('我的权益', () => {
  it('lists exactly the running campaigns whose list holds me, with my card’s code, the point, its hours, last day and what I get', async () => {
    const w = await t.asWorker('13800001111', people.wang);
    const res = await w.get('/api/m/benefits');
    expect(res.statusCode, res.body).toBe(200);
    const { pickups } = res.json();
    expect(pickups.map((p: { campaignId: number }) => p.campaignId).sort()).toEqual([camp.city.id, camp.county.id].sort());
    const city = pickups.find((p: { campaignId: number }) => p.campaignId === camp.city.id);
    const beneficiary = await beneficiaryOf(camp.city.id, people.wang);
    expect(city).toMatchObject({
      campaignName: '呼和浩特市两节送温暖',
      content: '慰问金300元 + 大米10斤',
      cashFen: 30000,
      valueFen: 50000,
      code: qrCodeFor(t.cipher, beneficiary),
      point: {
        name: '新城区职工服务中心发放点',
        orgName: '呼和浩特市新城区总工会',
        address: '新城区工会大楼一楼',
        hours: '每天 9:00–17:00',
        closesOn: daysFromToday(2),
      },
      lastDay: daysFromToday(2),
      received: false,
      receivedOn: null,
    });
    expect(city.qr).toMatch(/^data:image\/svg\+xml;base64,/);
    // Received already (once, after the reversal): no code to show.
    const county = pickups.find((p: { campaignId: number }) => p.campaignId === camp.county.id);
    expect(county).toMatchObject({ received: true, code: null, qr: null, receivedOn: today(), content: '慰问金200元' });
  });

  it('shows the volunteer’s lookup the same person for the code on my phone as for my printed card', async () => {
    const w = await t.asWorker('13800001111', people.wang);
    const code = (await w.get('/api/m/benefits')).json().pickups.find((p: { campaignId: number }) => p.campaignId === camp.city.id).code;
    const look = await xcq.post(`/api/points/${point}/lookup`, { code });
    expect(look.statusCode, look.body).toBe(200);
    expect(look.json().name).toBe('王秀兰');
  });

  it('leaves out a campaign that excluded me and one not running yet', async () => {
    const w = await t.asWorker('13800002222', people.liu);
    const ids = (await w.get('/api/m/benefits')).json().pickups.map((p: { campaignId: number }) => p.campaignId);
    expect(ids).toEqual([camp.city.id]);
    expect(ids).not.toContain(camp.waiting.id);
  });

  it('lists what I received over the years as the ledgers hold it: hand-outs with the reversal, and assistance paid', async () => {
    const w = await t.asWorker('13800001111', people.wang);
    const { history, totals } = (await w.get('/api/m/benefits')).json();
    const ledger = await queryRows<{ amount_fen: string; kind: string; on: string }>(
      t.db,
      sql`select amount_fen, kind, "on"::text as on from disbursement_lines where person_id = ${people.wang} order by id`,
    );
    expect(ledger.map((l) => [l.kind, Number(l.amount_fen)])).toEqual([
      ['issue', 20000],
      ['reversal', -20000],
      ['issue', 20000],
    ]);
    const lines = history.filter((h: { source: string }) => h.source === 'campaign');
    expect(lines.map((l: { amountFen: number; state: string; reversal: boolean }) => [l.amountFen, l.state, l.reversal]).sort()).toEqual(
      [
        [20000, '已冲正', false],
        [-20000, '冲正记录', true],
        [20000, '已发放', false],
      ].sort(),
    );
    expect(lines.every((l: { date: string; what: string }) => l.date === today() && l.what === '新城区环卫工人节慰问')).toBe(true);
    const aid = history.filter((h: { source: string }) => h.source === 'assistance');
    expect(aid).toEqual([
      expect.objectContaining({ date: today(), what: '医疗救助', amountFen: 150000, detail: '资金来源：本级列支', state: '已发放', reversal: false }),
    ]);
    expect(totals).toEqual({ handOutFen: 20000, handOuts: 1, assistanceFen: 150000, assistances: 1 });
  });

  it('is mine only: another worker sees none of my lines, an unbound worker is asked to bind, staff and strangers are refused', async () => {
    const liu = await t.asWorker('13800002222', people.liu);
    const body = (await liu.get('/api/m/benefits')).json();
    expect(body.history).toEqual([]);
    expect(body.totals).toEqual({ handOutFen: 0, handOuts: 0, assistanceFen: 0, assistances: 0 });
    const wangCode = qrCodeFor(t.cipher, await beneficiaryOf(camp.city.id, people.wang));
    expect(JSON.stringify(body)).not.toContain(wangCode);
    expect(JSON.stringify(body)).not.toContain('王秀兰');
    expect((await (await t.asWorker('13900009999')).get('/api/m/benefits')).statusCode).toBe(409);
    expect((await xcq.get('/api/m/benefits')).statusCode).toBe(401);
    expect((await t.anonymous().get('/api/m/benefits')).statusCode).toBe(401);
  });
});

describe('pick-up reminders', () => {
  const kind = 'campaigns.pickup';
  it('tells who has not collected, once when the campaign runs and once before the point closes, by text too; a re-run adds nothing', async () => {
    expect(campaignsModule.schedules?.map((s) => s.name)).toContain('campaigns.pickup-reminders');
    // Nobody has been told yet.
    expect(await countNotices(t.db, kind, { personId: people.zhao })).toBe(0);
    const first = await remindPickups(t.db);
    expect(first.start + first.closing).toBeGreaterThan(0);
    // 赵桂芳 (赛罕区): no point near her, so the campaign's end is her last day — far off: the start reminder only.
    expect(await countNotices(t.db, kind, { personId: people.zhao })).toBe(1);
    // 王秀兰: the city's point closes in two days (the closing reminder); the county's she has collected.
    expect(await countNotices(t.db, kind, { personId: people.wang })).toBe(1);
    const [wang] = await queryRows<{ title: string; body: string; by_sms: boolean; link: string; queued: boolean }>(
      t.db,
      sql`select m.title, m.body, m.by_sms, m.link, exists (select 1 from sms_outbox o where o.message_id = m.id) as queued
            from worker_messages m where m.person_id = ${people.wang} and m.kind = ${kind}`,
    );
    expect(wang).toMatchObject({ title: '「呼和浩特市两节送温暖」领取即将截止', by_sms: true, link: '/benefits', queued: true });
    expect(wang!.body).toContain('新城区职工服务中心发放点');
    expect(wang!.body).toContain('慰问金300元 + 大米10斤');
    // 刘建国: the city's campaign (closing soon) only; excluded from the county's.
    expect(await countNotices(t.db, kind, { personId: people.liu })).toBe(1);

    const again = await remindPickups(t.db);
    expect(again).toEqual({ start: 0, closing: 0 });
    const audit = (await (await t.as('admin')).get(`/api/audit?entity=campaign&entityId=${camp.city.id}`)).json().items as { action: string }[];
    expect(audit.filter((a) => a.action === 'campaign.remind').length).toBeGreaterThan(0);
  });

  it('sends the closing reminder later to someone told at the start, when their point’s last days come', async () => {
    // Three days before the campaign's end: 赵桂芳's last day is near now.
    const end = campaignPeriod().endsOn;
    const threeBefore = new Date(Date.parse(`${end}T00:00:00Z`) - 3 * 86_400_000).toISOString().slice(0, 10);
    const sent = await remindPickups(t.db, threeBefore);
    expect(sent.closing).toBeGreaterThan(0);
    expect(await countNotices(t.db, kind, { personId: people.zhao })).toBe(2);
    expect((await remindPickups(t.db, threeBefore)).closing).toBe(0);
  });

  it('does not remind who has collected', async () => {
    const w = await t.asWorker('13800001111', people.wang);
    const code = (await w.get('/api/m/benefits')).json().pickups.find((p: { campaignId: number }) => p.campaignId === camp.city.id).code;
    const b = await beneficiaryOf(camp.city.id, people.wang);
    expect(
      (await xcq.post(`/api/points/${point}/confirm`, { beneficiaryId: b, evidence: { kind: 'qr', code }, idempotencyKey: 'benefits-qr-0001' })).statusCode,
    ).toBe(200);
    const after = (await w.get('/api/m/benefits')).json().pickups.find((p: { campaignId: number }) => p.campaignId === camp.city.id);
    expect(after).toMatchObject({ received: true, code: null });
    const before = await countNotices(t.db, kind, { personId: people.wang });
    await remindPickups(t.db, campaignPeriod().endsOn);
    expect(await countNotices(t.db, kind, { personId: people.wang })).toBe(before);
  });
});
