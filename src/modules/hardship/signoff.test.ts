/**
 * 公示期 and 大额复核: a file is approved only once its public notice has lasted the policy's number
 * of days, and an assistance record above the policy's threshold waits (待复核), neither paid nor
 * counted, until an account other than its recorder signs it off, the caps checked again then.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { noticeServed } from '../../testing/notice.ts';
import { queryRows } from '../../server/db.ts';
import { systemActor } from '../../server/actor.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { addDays, chinaToday, chineseDate, chinesePeriod } from '../../shared/dates.ts';
import { setPolicy } from '../policies/index.ts';
import { noticeOpenUntil } from './lifecycle.service.ts';

let t: TestApp;
let cadre: TestClient; // files and records in 新城区
let admin: TestClient; // 新城区: verifies, approves, records and signs off
let city: TestClient; // 呼和浩特: approves and signs off too
const today = chinaToday();
const year = today.slice(0, 4);

beforeAll(async () => {
  t = await createTestApp();
  const actor = systemActor(t.seed.root);
  const set = (orgId: number, key: string, value: number) =>
    setPolicy(t.db, actor, { orgId, key: key as never, value, effectiveFrom: '2025-01-01', note: null });
  await set(t.seed.root.id, 'relative_hardship_multiplier', 2);
  await set(t.seed.root.id, 'accident_cost_share', 0.8);
  await set(t.seed.root.id, 'migrant_min_years', 1);
  await set(t.seed.root.id, 'medical_aid_cap', 20_000_00);
  await set(t.seed.nmg.id, 'dibao_monthly', 760_00);
  [cadre, admin, city] = [await t.as('xcq_cadre'), await t.as('xcq_admin'), await t.as('hhht_admin')];
});
afterAll(() => t.close());

let seq = 800;
/** A household's file filed by the cadre, verified and put on public notice by the county's administrator. */
async function noticedFile() {
  seq += 2;
  const person = await cadre.post('/api/people', {
    name: '赵秀兰',
    idNumber: withCheckCharacter(`15010219780202${String(seq).padStart(3, '0')}`),
    orgId: t.seed.xinChengSanitation.id,
  });
  expect(person.statusCode, person.body).toBe(201);
  let c = (
    await cadre.post('/api/hardship/cases', {
      personId: person.json().id,
      members: [{ name: '王大山', relationship: '配偶', health: '尿毒症', monthlyIncomeFen: 0 }],
      yearlyIncomeFen: 500_00 * 12 * 2,
      hardshipSpendingFen: 0,
      housing: 'rented',
      mainCause: 'serious_illness',
      assessedOn: `${year}-01-02`,
    })
  ).json();
  expect(c.id, JSON.stringify(c)).toEqual(expect.any(Number));
  for (const action of ['verify', 'notice']) c = (await admin.post(`/api/hardship/cases/${c.id}/transition`, { action, version: c.version })).json();
  expect(c.status, JSON.stringify(c)).toBe('noticed');
  return c as { id: number; version: number; noticeEndsOn: string | null };
}

describe('public notice period', () => {
  it('refuses approval before the notice has lasted 5 days (the default), saying from when, and shows the end date', async () => {
    const c = await noticedFile();
    const until = addDays(today, 4);
    expect(c.noticeEndsOn).toBe(until);
    const res = await admin.post(`/api/hardship/cases/${c.id}/transition`, { action: 'approve', version: c.version });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe(`公示期为5天（${chinesePeriod(today, until)}），${chineseDate(addDays(today, 5))}起方可审批建档`);
    expect((await admin.get(`/api/hardship/cases/${c.id}`)).json().status).toBe('noticed');
    // On the sixth day it goes through.
    await t.db.execute(sql`update hardship_cases set noticed_on = ${addDays(today, -5)} where id = ${c.id}`);
    const ok = await admin.post(`/api/hardship/cases/${c.id}/transition`, { action: 'approve', version: c.version });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('active');
  });

  it("follows the union's own number of days, inherited down the tree", async () => {
    await setPolicy(t.db, systemActor(t.seed.root), { orgId: t.seed.hhht.id, key: 'hardship_notice_days', value: 7, effectiveFrom: '2025-01-01', note: null });
    const c = await noticedFile();
    expect(c.noticeEndsOn).toBe(addDays(today, 6));
    await t.db.execute(sql`update hardship_cases set noticed_on = ${addDays(today, -5)} where id = ${c.id}`);
    const res = await admin.post(`/api/hardship/cases/${c.id}/transition`, { action: 'approve', version: c.version });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain(`公示期为7天（${chinesePeriod(addDays(today, -5), addDays(today, 1))}）`);
    expect(noticeOpenUntil({ noticedOn: '2026-01-30' }, 7)).toBe('2026-02-05');
    expect(noticeOpenUntil({ noticedOn: null }, 7)).toBeNull();
  });
});

describe('second sign-off of large assistance', () => {
  async function activeFile() {
    const c = await noticedFile();
    await noticeServed(t.db, c.id);
    const res = await admin.post(`/api/hardship/cases/${c.id}/transition`, { action: 'approve', version: c.version });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { id: number };
  }
  const on = `${year}-01-05`;
  const paid = async (caseId: number) =>
    (
      await queryRows<{ s: number }>(
        t.db,
        sql`select coalesce(sum(amount_fen), 0)::int as s from hardship_assistance where case_id = ${caseId} and status = 'paid'`,
      )
    )[0]!.s;

  it('records an amount above ¥5,000 as 待复核, not counted, and lets only another account with approval rights sign it off', async () => {
    const c = await activeFile();
    let view = (await admin.post(`/api/hardship/cases/${c.id}/assistance`, { type: 'medical', amountFen: 6_000_00, on, fundSource: 'special_fund' })).json();
    const record = view.assistance.find((a: { type: string }) => a.type === 'medical');
    expect(record).toMatchObject({ status: 'pending', signedOffBy: null, canSignOff: false, amountFen: 6_000_00 });
    expect(view.assistanceFen).toBe(0);
    // Small amounts are paid at once.
    view = (await cadre.post(`/api/hardship/cases/${c.id}/assistance`, { type: 'medical', amountFen: 800_00, on, fundSource: 'special_fund' })).json();
    expect(view.assistanceFen).toBe(800_00);

    const url = `/api/hardship/cases/${c.id}/assistance/${record.id}/signoff`;
    const self = await admin.post(url);
    expect(self.statusCode).toBe(403);
    expect(self.json().message).toBe('大额帮扶须由录入人以外的人复核（四眼原则）');
    // A cadre records but may not sign off.
    expect((await cadre.post(url)).statusCode).toBe(403);
    expect((await cadre.get(`/api/hardship/cases/${c.id}`)).json().assistance.find((a: { id: number }) => a.id === record.id).canSignOff).toBe(false);
    expect((await city.get(`/api/hardship/cases/${c.id}`)).json().assistance.find((a: { id: number }) => a.id === record.id).canSignOff).toBe(true);
    // Even a write that skips the service is refused by the database.
    await expect(t.db.execute(sql`update hardship_assistance set status = 'paid', signed_off_by = handled_by where id = ${record.id}`)).rejects.toThrow();

    const signed = await city.post(url);
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().assistance.find((a: { id: number }) => a.id === record.id)).toMatchObject({
      status: 'paid',
      signedOffBy: 'hhht_admin',
      canSignOff: false,
    });
    expect(signed.json().assistanceFen).toBe(6_800_00);
    expect((await city.post(url)).statusCode).toBe(409);
    // Another county does not even find it.
    expect((await (await t.as('sh_admin')).post(url)).statusCode).toBe(404);
  });

  it('checks the caps again at sign-off, in the same transaction', async () => {
    const c = await activeFile();
    const first = (
      await admin.post(`/api/hardship/cases/${c.id}/assistance`, { type: 'medical', amountFen: 15_500_00, on, fundSource: 'special_fund' })
    ).json();
    const big = first.assistance.find((a: { type: string }) => a.type === 'medical');
    expect(big.status).toBe('pending');
    // Meanwhile ¥5,000 is paid (not above the threshold): 15,500 more would pass the ¥20,000 cap.
    await cadre.post(`/api/hardship/cases/${c.id}/assistance`, { type: 'medical', amountFen: 5_000_00, on, fundSource: 'special_fund' });
    const res = await city.post(`/api/hardship/cases/${c.id}/assistance/${big.id}/signoff`);
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe('医疗救助本年已 ¥5,000.00，上限 ¥20,000.00，本次最多 ¥15,000.00');
    expect(await paid(c.id)).toBe(5_000_00);
  });
});
