import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { campaignPeriod, earlierThisYear } from '../../testing/dates.ts';
import { queryRows } from '../../server/db.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { ancestry } from './reporting.service.ts';
import { beneficiaryOfCode, qrCodeFor } from './distribution.service.ts';

let t: TestApp;
let xcq: TestClient;
let hhht: TestClient;
let nmg: TestClient;
beforeAll(async () => {
  t = await createTestApp();
  [xcq, hhht, nmg] = [await t.as('xcq_admin'), await t.as('hhht_admin'), await t.as('nmg_admin')];
});
afterAll(() => t.close());

let seq = 300;
function idNumber(birth = '19750312', region = '150102') {
  seq += 2;
  return withCheckCharacter(`${region}${birth}${String(seq).padStart(3, '0')}`);
}

/** Registers a person and answers their id and ID number. */
async function person(client: TestClient, over: Record<string, unknown> = {}) {
  const idNo = (over.idNumber as string) ?? idNumber();
  const res = await client.post('/api/people', {
    // A name is letters only: the sequence in Chinese numerals.
    name: '环卫工' + [...String(seq)].map((d) => '零一二三四五六七八九'[Number(d)]).join(''),
    idNumber: idNo,
    orgId: t.seed.xinChengSanitation.id,
    occupation: 'sanitation',
    employmentForm: 'standard',
    tags: [],
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id as number, idNumber: idNo };
}

const yuan = (n: number) => n * 100;

/** The evidence a volunteer's phone sends after scanning a beneficiary's pick-up card. */
const scanned = (beneficiaryId: number) => ({ kind: 'qr', code: qrCodeFor(t.cipher, beneficiaryId) });

function campaignBody(over: Record<string, unknown> = {}) {
  return {
    name: '城市因你而美慰问',
    theme: '城市因你而美 工会关爱随行',
    kind: 'concentrated',
    orgId: t.seed.hhht.id,
    ...campaignPeriod(),
    mode: 'cascade',
    maxPerPerson: 1,
    overlapPolicy: 'warn',
    rule: { occupations: ['sanitation'] },
    funds: [
      { source: 'higher_grant', amountFen: yuan(600) },
      { source: 'donation', amountFen: yuan(400) },
    ],
    packages: [
      { name: '困难职工慰问金', kind: 'cash', valueFen: yuan(300), rule: { tagsAny: ['困难职工'] } },
      {
        name: '米面油礼包',
        kind: 'goods',
        valueFen: yuan(200),
        items: [
          { name: '大米', quantity: 10, unit: '斤' },
          { name: '面粉', quantity: 10, unit: '斤' },
          { name: '食用油', quantity: 1, unit: '桶' },
        ],
      },
    ],
    ...over,
  };
}

/** How far a test's campaign has come, each step the one an earlier test of the lifecycle checks. */
const STAGES = ['people', 'draft', 'allocated', 'running', 'point', 'handedOut', 'reversed'] as const;
let batch = 0;
/** Campaigns made for the current test. */
const made: number[] = [];

/**
 * A campaign of 呼和浩特 for sanitation workers with people of its own — its rule also asks for a tag
 * only they carry, so no other test's people count — taken as far as `stage`: every test of the
 * lifecycle starts from its own, and runs alone.
 */
async function lifecycle(stage: (typeof STAGES)[number]) {
  const at = (s: (typeof STAGES)[number]) => STAGES.indexOf(stage) >= STAGES.indexOf(s);
  const n = ++batch;
  const tag = `批次${n}`;
  const people: { id: number; idNumber: string }[] = [];
  people.push(await person(xcq, { tags: ['困难职工', tag] }));
  for (let i = 0; i < 3; i++) people.push(await person(xcq, { tags: [tag] }));
  people.push(await person(xcq, { occupation: 'courier', tags: [tag] })); // not a sanitation worker
  people.push(await person(await t.as('sh_admin'), { orgId: t.seed.saihanJoint.id, idNumber: idNumber('19800101', '150105'), tags: [tag] }));
  const body = (over: Record<string, unknown> = {}) => campaignBody({ rule: { occupations: ['sanitation'], tagsAny: [tag] }, ...over });
  const w = { tag, people, body, campaignId: 0, pointId: 0 };
  if (!at('draft')) return w;
  w.campaignId = (await hhht.post('/api/campaigns', body())).json().id;
  made.push(w.campaignId);
  if (!at('allocated')) return w;
  await hhht.put(`/api/campaigns/${w.campaignId}/allocations`, { orgId: t.seed.hhht.id, quota: 10, budgetFen: yuan(1000) });
  await hhht.put(`/api/campaigns/${w.campaignId}/allocations`, { orgId: t.seed.xinCheng.id, quota: 4, budgetFen: yuan(500) });
  if (!at('running')) return w;
  const draft = (await hhht.get(`/api/campaigns/${w.campaignId}`)).json();
  const submitted = (await hhht.post(`/api/campaigns/${w.campaignId}/transition`, { action: 'submit', version: draft.version })).json();
  const approved = (await nmg.post(`/api/campaigns/${w.campaignId}/transition`, { action: 'approve', version: submitted.version })).json();
  await hhht.post(`/api/campaigns/${w.campaignId}/transition`, { action: 'start', version: approved.version });
  if (!at('point')) return w;
  w.pointId = (
    await xcq.post(`/api/campaigns/${w.campaignId}/points`, {
      name: '新城区环卫所发放点',
      orgId: t.seed.xinCheng.id,
      dutyAccountIds: [t.accounts.xcq_volunteer],
      stock: [{ packageId: draft.packages[1].id, quantity: 3 }],
    })
  ).json().id;
  if (!at('handedOut')) return w;
  // The 困难 tier to the first person, then one package to the next on the list.
  const vol = await t.as('xcq_volunteer');
  const pending = async () => (await hhht.get(`/api/campaigns/${w.campaignId}/beneficiaries?state=pending&orgId=${t.seed.xinCheng.id}`)).json().items;
  const hardship = (await pending()).find((b: { personId: number }) => b.personId === people[0]!.id);
  await vol.post(`/api/points/${w.pointId}/confirm`, { beneficiaryId: hardship.id, evidence: scanned(hardship.id), idempotencyKey: `lifecycle-${n}-first` });
  // The next one has no card with them: the volunteer types the ID number instead.
  const next = (await pending())[0];
  const idNo = people.find((p) => p.id === next.personId)!.idNumber;
  await vol.post(`/api/points/${w.pointId}/confirm`, {
    beneficiaryId: next.id,
    evidence: { kind: 'id_number', idNumber: idNo },
    idempotencyKey: `lifecycle-${n}-second`,
  });
  if (!at('reversed')) return w;
  const ledger = (await hhht.get(`/api/campaigns/${w.campaignId}/ledger`)).json();
  await xcq.post(`/api/campaigns/${w.campaignId}/reverse`, { lineId: ledger.items[1].lineId, reason: '误发给非本人' });
  return w;
}

describe('campaign lifecycle', () => {
  // Each test's campaign ends with it, so the volunteer's points on duty are the next test's only.
  afterEach(async () => {
    for (const id of made.splice(0)) {
      const c = (await hhht.get(`/api/campaigns/${id}`)).json();
      if (c.status === 'running') await hhht.post(`/api/campaigns/${id}/transition`, { action: 'end', version: c.version });
    }
  });

  it('refuses bad input with Chinese messages naming the field', async () => {
    const res = await hhht.post('/api/campaigns', campaignBody({ name: '', endsOn: '2025-01-01', packages: [] }));
    expect(res.statusCode).toBe(400);
    const fields = res.json().fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'packages']));
    const open = await hhht.post(
      '/api/campaigns',
      campaignBody({
        packages: [
          { name: '全员', kind: 'cash', valueFen: 100 },
          { name: '困难', kind: 'cash', valueFen: 200, rule: { tagsAny: ['困难职工'] } },
        ],
      }),
    );
    expect(open.statusCode).toBe(400);
    expect(open.json().message).toContain('放在最后');
  });

  it('previews the count before saving, by tier', async () => {
    const body = (await lifecycle('people')).body();
    const res = await hhht.post('/api/campaigns/eligibility-preview', {
      orgId: body.orgId,
      rule: body.rule,
      packages: body.packages,
      startsOn: body.startsOn,
      endsOn: body.endsOn,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ total: 5, amountFen: yuan(300 + 4 * 200) });
    expect(res.json().byPackage.map((p: { persons: number }) => p.persons)).toEqual([1, 4]);
  });

  it('creates a draft whose list follows the rule live', async () => {
    const res = await hhht.post('/api/campaigns', (await lifecycle('people')).body());
    expect(res.statusCode, res.body).toBe(201);
    const campaignId = res.json().id;
    expect(res.json()).toMatchObject({ status: 'draft', budgetFen: yuan(1000) });
    const list = await hhht.get(`/api/campaigns/${campaignId}/beneficiaries`);
    expect(list.json()).toMatchObject({ total: 5, frozen: false });
    // 新城区 sees only its part of 呼和浩特's campaign; 包头 does not see it at all.
    expect((await xcq.get(`/api/campaigns/${campaignId}/beneficiaries`)).json().total).toBe(4);
    const other = await t.as('sh_auditor');
    expect((await other.get(`/api/campaigns/${campaignId}/beneficiaries`)).json().total).toBe(1);
  });

  it('allocates quota and budget down the tree, never beyond the parent', async () => {
    const { campaignId } = await lifecycle('draft');
    let res = await hhht.put(`/api/campaigns/${campaignId}/allocations`, { orgId: t.seed.hhht.id, quota: 10, budgetFen: yuan(1000) });
    expect(res.statusCode, res.body).toBe(200);
    res = await hhht.put(`/api/campaigns/${campaignId}/allocations`, { orgId: t.seed.xinCheng.id, quota: 4, budgetFen: yuan(1100) });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields[0]).toMatchObject({ field: 'budgetFen' });
    expect(res.json().message).toContain('超出上级可分配预算');
    // Exactly enough for the 困难 tier and one package: the third hand-out must be refused.
    res = await hhht.put(`/api/campaigns/${campaignId}/allocations`, { orgId: t.seed.xinCheng.id, quota: 4, budgetFen: yuan(500) });
    expect(res.statusCode, res.body).toBe(200);
    const root = res.json().find((a: { orgId: number }) => a.orgId === t.seed.hhht.id);
    expect(root).toMatchObject({ childQuota: 4, childBudgetFen: yuan(500) });
    // 赛罕 cannot allocate in 新城区's name, nor see that row exists.
    const sh = await t.as('sh_admin');
    expect((await sh.put(`/api/campaigns/${campaignId}/allocations`, { orgId: t.seed.xinChengSanitation.id, quota: 1, budgetFen: 100 })).statusCode).toBe(404);
  });

  it('is approved only by someone other than its author, freezing the list', async () => {
    const { campaignId, tag } = await lifecycle('allocated');
    let version = (await hhht.get(`/api/campaigns/${campaignId}`)).json().version;
    version = (await hhht.post(`/api/campaigns/${campaignId}/transition`, { action: 'submit', version })).json().version;
    const self = await hhht.post(`/api/campaigns/${campaignId}/transition`, { action: 'approve', version });
    expect(self.statusCode).toBe(403);
    expect(self.json().message).toContain('创建人以外');
    const ok = await nmg.post(`/api/campaigns/${campaignId}/transition`, { action: 'approve', version });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'approved', beneficiaries: 5 });
    expect(ok.json().frozenAt).toBeTruthy();
    // A new sanitation worker does not enter the frozen list silently; the re-run shows them.
    const late = await person(xcq, { tags: [tag] });
    expect((await hhht.get(`/api/campaigns/${campaignId}/beneficiaries`)).json().total).toBe(5);
    const diff = (await hhht.get(`/api/campaigns/${campaignId}/snapshot-diff`)).json();
    expect(diff.addedTotal).toBe(1);
    expect(diff.added[0].personId).toBe(late.id);
    version = ok.json().version;
    const started = await hhht.post(`/api/campaigns/${campaignId}/transition`, { action: 'start', version });
    expect(started.json().status).toBe('running');
  });

  it('sets up a point with stock and volunteers on duty', async () => {
    const { campaignId } = await lifecycle('running');
    const res = await xcq.post(`/api/campaigns/${campaignId}/points`, {
      name: '新城区环卫所发放点',
      orgId: t.seed.xinCheng.id,
      address: '新城区环卫所院内',
      dutyAccountIds: [t.accounts.xcq_volunteer],
      stock: [{ packageId: (await hhht.get(`/api/campaigns/${campaignId}`)).json().packages[1].id, quantity: 3 }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const pointId = res.json().id;
    expect(res.json().duty).toEqual([{ accountId: t.accounts.xcq_volunteer, name: 'xcq_volunteer' }]);
    const mine = await (await t.as('xcq_volunteer')).get('/api/points/mine');
    expect(mine.json().map((p: { id: number }) => p.id)).toEqual([pointId]);
  });

  it('signs QR codes that cannot be forged and reveal nothing', () => {
    const code = qrCodeFor(t.cipher, 12345);
    expect(code).toMatch(/^NJ1-9IX-[A-Za-z0-9_-]{16}$/);
    expect(beneficiaryOfCode(t.cipher, code)).toBe(12345);
    expect(beneficiaryOfCode(t.cipher, code.replace('9IX', '9IY'))).toBeNull();
    expect(beneficiaryOfCode(t.cipher, code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A'))).toBeNull();
  });

  it('scans, confirms once, and refuses the double scan with who and when', async () => {
    const { campaignId, pointId, people } = await lifecycle('point');
    const vol = await t.as('xcq_volunteer');
    const list = (await hhht.get(`/api/campaigns/${campaignId}/beneficiaries?orgId=${t.seed.xinCheng.id}`)).json().items;
    const hardship = list.find((b: { personId: number }) => b.personId === people[0]!.id);
    const { code } = (await hhht.get(`/api/campaigns/${campaignId}/beneficiaries/${hardship.id}/code`)).json();
    const look = await vol.post(`/api/points/${pointId}/lookup`, { code });
    expect(look.statusCode, look.body).toBe(200);
    expect(look.json()).toMatchObject({ packageName: '困难职工慰问金', amountFen: yuan(300), received: 0 });
    expect(look.json().idMasked).toMatch(/^150102\*{8}\d{3}[\dX]$/);
    // By ID number too.
    expect((await vol.post(`/api/points/${pointId}/lookup`, { code: people[1]!.idNumber })).json().beneficiaryId).toBeGreaterThan(0);
    expect((await vol.post(`/api/points/${pointId}/lookup`, { code: 'NJ1-1-AAAAAAAAAAAAAAAA' })).json().fields[0].field).toBe('code');

    const first = await vol.post(`/api/points/${pointId}/confirm`, {
      beneficiaryId: hardship.id,
      evidence: { kind: 'qr', code },
      idempotencyKey: 'phone1-aaaa-0001',
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ created: true, amountFen: yuan(300) });
    const retry = await vol.post(`/api/points/${pointId}/confirm`, {
      beneficiaryId: hardship.id,
      evidence: { kind: 'qr', code },
      idempotencyKey: 'phone1-aaaa-0001',
    });
    expect(retry.json()).toMatchObject({ created: false, lineId: first.json().lineId });
    const second = await vol.post(`/api/points/${pointId}/confirm`, {
      beneficiaryId: hardship.id,
      evidence: { kind: 'qr', code },
      idempotencyKey: 'phone2-bbbb-0001',
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().message).toMatch(/已于.*领取（经办人 xcq_volunteer）/);
    const lines = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from disbursement_lines where beneficiary_id = ${hardship.id}`);
    expect(lines[0]!.n).toBe(1);
  });

  it('refuses a hand-out by beneficiary id alone, with another person’s card, or with a wrong ID number', async () => {
    const { campaignId, pointId, people } = await lifecycle('point');
    const vol = await t.as('xcq_volunteer');
    const list = (await hhht.get(`/api/campaigns/${campaignId}/beneficiaries?state=pending&orgId=${t.seed.xinCheng.id}`)).json().items;
    const [a, b] = list as { id: number; personId: number }[];
    const confirm = (evidence: unknown, key: string) => vol.post(`/api/points/${pointId}/confirm`, { beneficiaryId: a!.id, evidence, idempotencyKey: key });

    const bare = await vol.post(`/api/points/${pointId}/confirm`, { beneficiaryId: a!.id, idempotencyKey: 'bare-id-0001' });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().message).toContain('请提供发放凭据');
    expect((await confirm({ kind: 'photo' }, 'bare-id-0002')).json().message).toContain('请提供发放凭据');
    expect((await confirm({ kind: 'qr', code: '' }, 'bare-id-0003')).json().message).toContain('领取码');

    const otherCard = await confirm(scanned(b!.id), 'other-card-0001');
    expect(otherCard.statusCode).toBe(400);
    expect(otherCard.json().message).toContain('领取码与所确认的慰问对象不符');

    const someoneElse = people.find((p) => p.id === b!.personId)!.idNumber;
    const wrong = await confirm({ kind: 'id_number', idNumber: someoneElse }, 'wrong-id-0001');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().message).toContain('身份证号与慰问对象不符');
    expect((await confirm({ kind: 'id_number', idNumber: '150102197503120000' }, 'wrong-id-0002')).json().message).toMatch(/^身份证号有误/);
    const [none] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from disbursement_lines where campaign_id = ${campaignId}`);
    expect(none!.n).toBe(0);

    // The right number is accepted, and only its masked form is kept on the line.
    const own = people.find((p) => p.id === a!.personId)!.idNumber;
    const ok = await confirm({ kind: 'id_number', idNumber: own.toLowerCase() }, 'right-id-0001');
    expect(ok.statusCode, ok.body).toBe(200);
    const [line] = await queryRows<{ evidence: string; evidence_ref: string }>(
      t.db,
      sql`select evidence, evidence_ref from disbursement_lines where id = ${ok.json().lineId}`,
    );
    expect(line).toEqual({ evidence: 'id_number', evidence_ref: `${own.slice(0, 6)}********${own.slice(14)}` });
    // The database itself refuses a hand-out line without evidence.
    await expect(
      t.db
        .execute(sql`insert into disbursement_lines (campaign_id, beneficiary_id, person_id, org_id, org_path, package_id, allocation_org_id, kind, seq, amount_fen, "on", idempotency_key)
        select campaign_id, beneficiary_id, person_id, org_id, org_path, package_id, allocation_org_id, 'issue', 9, 0, "on", 'no-evidence-line' from disbursement_lines where id = ${ok.json().lineId}`),
    ).rejects.toThrow();
  });

  it('takes a paper sheet as evidence only from staff, never from a point’s duty volunteer', async () => {
    const { campaignId, pointId } = await lifecycle('point');
    const vol = await t.as('xcq_volunteer');
    const [a, b] = (await hhht.get(`/api/campaigns/${campaignId}/beneficiaries?state=pending&orgId=${t.seed.xinCheng.id}`)).json().items as { id: number }[];
    const paper = { kind: 'paper', sheetRef: 'XC-2026-001' };
    const refused = await vol.post(`/api/points/${pointId}/confirm`, { beneficiaryId: a!.id, evidence: paper, idempotencyKey: 'vol-paper-0001' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toContain('纸质签领单');
    const sheet = await vol.post(`/api/points/${pointId}/bulk-confirm`, {
      beneficiaryIds: [a!.id],
      signedOn: earlierThisYear(14),
      sheetRef: 'XC-2026-001',
      batchKey: 'vol-sheet-0001',
    });
    expect(sheet.statusCode).toBe(403);

    const staff = await xcq.post(`/api/points/${pointId}/confirm`, { beneficiaryId: a!.id, evidence: paper, idempotencyKey: 'staff-paper-0001' });
    expect(staff.statusCode, staff.body).toBe(200);
    const ledger = (await hhht.get(`/api/campaigns/${campaignId}/ledger`)).json().items;
    expect(ledger).toEqual([expect.objectContaining({ evidence: 'paper', evidenceRef: 'XC-2026-001', handler: 'xcq_admin' })]);
    const byCard = await vol.post(`/api/points/${pointId}/confirm`, { beneficiaryId: b!.id, evidence: scanned(b!.id), idempotencyKey: 'vol-card-0001' });
    expect(byCard.statusCode, byCard.body).toBe(200);
  });

  it('writes one line when two phones confirm the same person at the same moment', async () => {
    const { campaignId, pointId } = await lifecycle('point');
    const vol = await t.as('xcq_volunteer');
    const b = (await hhht.get(`/api/campaigns/${campaignId}/beneficiaries?state=pending&orgId=${t.seed.xinCheng.id}`)).json().items[0];
    const results = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        vol.post(`/api/points/${pointId}/confirm`, { beneficiaryId: b.id, evidence: scanned(b.id), idempotencyKey: `race-${i}-xxxxxxxx` }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409]);
    const lines = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from disbursement_lines where beneficiary_id = ${b.id}`);
    expect(lines[0]!.n).toBe(1);
  });

  it('never spends beyond the allocation, even with concurrent confirmations', async () => {
    const { campaignId, pointId } = await lifecycle('handedOut');
    const vol = await t.as('xcq_volunteer');
    const pending = (await hhht.get(`/api/campaigns/${campaignId}/beneficiaries?state=pending&orgId=${t.seed.xinCheng.id}`)).json().items;
    expect(pending.length).toBe(2);
    const results = await Promise.all(
      pending.map((b: { id: number }, i: number) =>
        vol.post(`/api/points/${pointId}/confirm`, { beneficiaryId: b.id, evidence: scanned(b.id), idempotencyKey: `budget-${i}-xxxxxxxx` }),
      ),
    );
    // 500 元: 300 (困难) + 200 spent already; both of these refused for budget.
    expect(results.map((r) => r.statusCode)).toEqual([409, 409]);
    expect(results[0]!.json().message).toContain('预算已用完');
    const [alloc] = await queryRows<{ spent_fen: string; budget_fen: string }>(
      t.db,
      sql`select spent_fen, budget_fen from campaign_allocations where campaign_id = ${campaignId} and org_id = ${t.seed.xinCheng.id}`,
    );
    expect(Number(alloc!.spent_fen)).toBe(yuan(500));
  });

  it('reverses a line with a reason, append-only, and gives the budget back', async () => {
    const { campaignId } = await lifecycle('handedOut');
    const ledger = (await hhht.get(`/api/campaigns/${campaignId}/ledger`)).json();
    expect(ledger.total).toBe(2);
    const line = ledger.items[1];
    expect((await xcq.post(`/api/campaigns/${campaignId}/reverse`, { lineId: line.lineId, reason: '' })).json().fields[0].field).toBe('reason');
    const res = await xcq.post(`/api/campaigns/${campaignId}/reverse`, { lineId: line.lineId, reason: '误发给非本人' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await xcq.post(`/api/campaigns/${campaignId}/reverse`, { lineId: line.lineId, reason: '再冲' })).statusCode).toBe(409);
    const after = (await hhht.get(`/api/campaigns/${campaignId}/ledger`)).json();
    expect(after.items.map((i: { kind: string; amountFen: number }) => [i.kind, i.amountFen])).toEqual([
      ['issue', yuan(300)],
      ['issue', yuan(200)],
      ['reversal', -yuan(200)],
    ]);
    await expect(t.db.execute(sql`update disbursement_lines set amount_fen = 1 where id = ${line.lineId}`)).rejects.toThrow();
    await expect(t.db.execute(sql`delete from disbursement_lines where id = ${line.lineId}`)).rejects.toThrow();
  });

  it('rolls progress up the tree from the pre-aggregated counters, equal to the ledger', async () => {
    const { campaignId } = await lifecycle('reversed');
    const p = (await hhht.get(`/api/campaigns/${campaignId}/progress`)).json();
    expect(p.total).toMatchObject({ orgId: t.seed.hhht.id, quota: 10, beneficiaries: 5, persons: 1, personTimes: 1, amountFen: yuan(300) });
    const xc = p.nodes.find((n: { orgId: number }) => n.orgId === t.seed.xinCheng.id);
    expect(xc).toMatchObject({ quota: 4, beneficiaries: 4, persons: 1, amountFen: yuan(300) });
    expect(p.stock[0]).toMatchObject({ quantity: 3, issued: 0 });
    const [live] = await queryRows<{ amount: string; times: string }>(
      t.db,
      sql`select sum(amount_fen) as amount, sum(case when kind = 'issue' then 1 else -1 end) as times from disbursement_lines where campaign_id = ${campaignId}`,
    );
    expect(Number(live!.amount)).toBe(p.total.amountFen);
    expect(Number(live!.times)).toBe(p.total.personTimes);
  });

  it('writes a briefing whose every figure links to its records', async () => {
    const { campaignId } = await lifecycle('reversed');
    const b = (await hhht.get(`/api/campaigns/${campaignId}/briefing`)).json();
    expect(b.text).toContain('各级工会累计筹措1000元专项资金（其中上级拨付600元、社会捐赠400元）');
    expect(b.text).toContain('确定慰问对象5人');
    expect(b.text).toContain('已将温暖送达1名职工，发放1人次、金额300元');
    for (const f of b.figures) {
      expect(b.text).toContain(f.text);
      expect(f.href).toMatch(new RegExp(`^/campaigns/${campaignId}\\?tab=`));
    }
  });

  it('prints pick-up cards and the point sign-off sheet as PDF', async () => {
    const { campaignId, pointId } = await lifecycle('reversed');
    const cards = await hhht.get(`/api/campaigns/${campaignId}/cards.pdf?pending=0`);
    expect(cards.statusCode, cards.body.slice(0, 200)).toBe(200);
    expect(cards.headers['content-type']).toBe('application/pdf');
    expect(cards.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const sheet = await (await t.as('xcq_volunteer')).get(`/api/points/${pointId}/signoff.pdf`);
    expect(sheet.statusCode).toBe(200);
    expect(sheet.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    fs.writeFileSync(path.join(os.tmpdir(), 'niangjia-cards.pdf'), cards.rawPayload);
  });

  it('enters a signed paper sheet all or nothing, its number on every line', async () => {
    const { campaignId, pointId } = await lifecycle('reversed');
    const pending = (await xcq.get(`/api/points/${pointId}/pending`)).json().items;
    const res = await xcq.post(`/api/points/${pointId}/bulk-confirm`, {
      beneficiaryIds: pending.map((b: { id: number }) => b.id),
      signedOn: earlierThisYear(14),
      sheetRef: 'XC-2026-002',
      batchKey: 'sheet-0001',
    });
    // Only 200 元 left in 新城区: of three pending, two fit — so the whole sheet is refused.
    expect(pending.length).toBe(3);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('整批未保存');
    const [n] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from disbursement_lines where campaign_id = ${campaignId}`);
    expect(n!.n).toBe(3);
    const ok = await xcq.post(`/api/points/${pointId}/bulk-confirm`, {
      beneficiaryIds: [pending[0].id],
      signedOn: earlierThisYear(14),
      sheetRef: 'XC-2026-002',
      batchKey: 'sheet-0002',
    });
    expect(ok.json()).toMatchObject({ created: 1, already: 0 });
    const ledger = (await hhht.get(`/api/campaigns/${campaignId}/ledger`)).json().items;
    expect(ledger.at(-1)).toMatchObject({ kind: 'issue', evidence: 'paper', evidenceRef: 'XC-2026-002' });
  });
});

describe('progress helpers', () => {
  it('lists the ancestry of a path below a root', () => {
    expect(ancestry('/1/2/3/', '/1/')).toEqual(['/1/', '/1/2/', '/1/2/3/']);
    expect(ancestry('/1/', '/1/')).toEqual(['/1/']);
  });
});
