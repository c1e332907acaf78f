/**
 * A union that moves takes its data's place in the tree with it: after 新城区's union moves under
 * 赛罕区, 新城区 sees and serves nothing of it and 赛罕区 sees and serves all of it — its people, a
 * running campaign's list, cards, point and ledger, its hardship files, assistance and leads — while
 * the ledger keeps who paid what at the time and the campaign's allocation travels with the union.
 * Every module's copies of union paths are declared, so a module to come cannot forget its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { noticeServed } from '../../testing/notice.ts';
import { campaignPeriod, daysFromToday } from '../../testing/dates.ts';
import { queryRows } from '../../server/db.ts';
import { systemActor } from '../../server/actor.ts';
import { MODULES } from '../../server/modules.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { chinaToday } from '../../shared/dates.ts';
import { setPolicy } from '../policies/index.ts';

let t: TestApp;
let xcq: TestClient; // the old county's administrator
let xcqCadre: TestClient;
let sh: TestClient; // the new county's administrator
let hhht: TestClient; // the city, above both
beforeAll(async () => {
  t = await createTestApp();
  const actor = systemActor(t.seed.root);
  for (const [key, value] of [
    ['temp_relief_cap', 3_000_00],
    ['temp_relief_times', 3],
    ['medical_aid_cap', 20_000_00],
    ['relative_hardship_multiplier', 2],
    ['dibao_monthly', 760_00],
    ['accident_cost_share', 0.8],
    ['migrant_min_years', 1],
    ['followup_interval_months', 6],
  ] as const)
    await setPolicy(t.db, actor, { orgId: t.seed.root.id, key, value, effectiveFrom: '2025-01-01', note: null });
  [xcq, xcqCadre, sh, hhht] = [await t.as('xcq_admin'), await t.as('xcq_cadre'), await t.as('sh_admin'), await t.as('hhht_admin')];
});
afterAll(() => t.close());

describe('declared copies of union paths', () => {
  it('every org_path column of the database is declared by a module, so a move rewrites it', async () => {
    const columns = await queryRows<{ ref: string }>(
      t.db,
      // A month's partition carries its table's columns: the table is what is declared.
      sql`select c.table_name || '.' || c.column_name as ref from information_schema.columns c
           join pg_class r on r.relname = c.table_name and r.relnamespace = 'public'::regnamespace
           where c.table_schema = 'public' and c.column_name like '%org_path%' and not r.relispartition order by 1`,
    );
    expect(columns.length).toBeGreaterThanOrEqual(7);
    const declared = new Set(MODULES.flatMap((m) => m.orgPathCopies ?? []).map((c) => `${c.table}.${c.column}`));
    expect(columns.map((c) => c.ref).filter((ref) => !declared.has(ref))).toEqual([]);
    for (const ref of declared) expect(columns.map((c) => c.ref)).toContain(ref);
  });
});

let seq = 700;
const yuan = (n: number) => n * 100;

const NAMES = [
  '张建国',
  '李秀英',
  '王桂兰',
  '刘德华',
  '陈美玲',
  '杨志强',
  '赵丽娟',
  '黄海涛',
  '周晓燕',
  '吴国庆',
  '徐春花',
  '孙建军',
  '马玉兰',
  '朱明亮',
  '胡秀珍',
  '郭志伟',
];
async function person(client: TestClient, orgId: number, tag: string, name = NAMES[seq % NAMES.length]!) {
  seq += 2;
  const idNumber = withCheckCharacter(`15010219780202${String(seq).padStart(3, '0')}`);
  const res = await client.post('/api/people', { name, idNumber, orgId, occupation: 'sanitation', employmentForm: 'standard', tags: [tag] });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id as number, idNumber };
}

/**
 * 呼和浩特's running campaign for a tag only this world's people carry: 新城区 holds an allocation
 * and pays for its unions' people; `moving` is a union of 新城区 with three people on the list, a
 * point, one hand-out made there, and a hardship file with assistance and a lead.
 */
async function world(name: string) {
  const tag = `调整测试${name}`;
  const moving = (await xcq.post('/api/orgs', { parentId: t.seed.xinCheng.id, name: `${name}工会`, type: 'grassroots' })).json();
  const people = [await person(xcq, moving.id, tag), await person(xcq, moving.id, tag), await person(xcq, moving.id, tag)];
  const stay = await person(xcq, t.seed.xinChengSanitation.id, tag);
  const c = (
    await hhht.post('/api/campaigns', {
      name: `${name}慰问`,
      kind: 'concentrated',
      orgId: t.seed.hhht.id,
      ...campaignPeriod(),
      mode: 'cascade',
      maxPerPerson: 1,
      overlapPolicy: 'warn',
      rule: { occupations: ['sanitation'], tagsAny: [tag] },
      funds: [{ source: 'own_budget', amountFen: yuan(5000) }],
      packages: [{ name: '慰问金', kind: 'cash', valueFen: yuan(300) }],
    })
  ).json();
  expect(c.id).toBeGreaterThan(0);
  await hhht.put(`/api/campaigns/${c.id}/allocations`, { orgId: t.seed.hhht.id, quota: 10, budgetFen: yuan(5000) });
  await hhht.put(`/api/campaigns/${c.id}/allocations`, { orgId: t.seed.xinCheng.id, quota: 5, budgetFen: yuan(1500) });
  await hhht.put(`/api/campaigns/${c.id}/allocations`, { orgId: t.seed.saihan.id, quota: 2, budgetFen: yuan(600) });
  const draft = (await hhht.get(`/api/campaigns/${c.id}`)).json();
  const submitted = (await hhht.post(`/api/campaigns/${c.id}/transition`, { action: 'submit', version: draft.version })).json();
  const approved = (await (await t.as('nmg_admin')).post(`/api/campaigns/${c.id}/transition`, { action: 'approve', version: submitted.version })).json();
  expect((await hhht.post(`/api/campaigns/${c.id}/transition`, { action: 'start', version: approved.version })).statusCode).toBe(200);
  const point = await xcq.post(`/api/campaigns/${c.id}/points`, { name: `${name}发放点`, orgId: moving.id });
  expect(point.statusCode, point.body).toBe(201);
  const oldPoint = (await xcq.post(`/api/campaigns/${c.id}/points`, { name: `新城区${name}发放点`, orgId: t.seed.xinCheng.id })).json();
  const list = (await hhht.get(`/api/campaigns/${c.id}/beneficiaries?pageSize=50`)).json().items as { id: number; personId: number }[];
  const beneficiary = (p: { id: number }) => list.find((b) => b.personId === p.id)!.id;
  const handed = await xcq.post(`/api/points/${point.json().id}/confirm`, {
    beneficiaryId: beneficiary(people[0]!),
    evidence: { kind: 'id_number', idNumber: people[0]!.idNumber },
    idempotencyKey: `move-world-${seq}-first`,
  });
  expect(handed.statusCode, handed.body).toBe(200);

  let file = (
    await xcqCadre.post('/api/hardship/cases', {
      personId: people[1]!.id,
      members: [{ name: '王大山', relationship: '配偶', health: '尿毒症', monthlyIncomeFen: 0 }],
      yearlyIncomeFen: 500_00 * 12 * 2,
      hardshipSpendingFen: 0,
      housing: 'rented',
      mainCause: 'serious_illness',
      secondaryCauses: [],
      bankAccount: '6228480012345678901',
      bankName: '中国农业银行',
      assessedOn: daysFromToday(-30),
    })
  ).json();
  expect(file.id, JSON.stringify(file)).toEqual(expect.any(Number));
  for (const action of ['verify', 'notice', 'approve']) {
    if (action === 'approve') await noticeServed(t.db, file.id);
    const res = await xcq.post(`/api/hardship/cases/${file.id}/transition`, { action, version: file.version });
    expect(res.statusCode, res.body).toBe(200);
    file = res.json();
  }
  expect(file.status).toBe('active');
  const aid = await xcqCadre.post(`/api/hardship/cases/${file.id}/assistance`, {
    type: 'temp_relief',
    amountFen: yuan(800),
    on: chinaToday(),
    fundSource: 'own_budget',
    cause: 'disaster',
  });
  expect(aid.statusCode, aid.body).toBe(200);
  // A lead the discovery rules found for the third person (the rules' own data sources are another test's concern).
  const [lead] = await queryRows<{ id: number }>(
    t.db,
    sql`insert into hardship_candidates (person_id, org_id, org_path, rule, evidence, reason)
        values (${people[2]!.id}, ${moving.id}, (select path from orgs where id = ${moving.id}), 'job_loss', ${`move-world-${seq}`}, '失业登记') returning id`,
  );
  return {
    tag,
    moving,
    people,
    stay,
    campaignId: c.id as number,
    pointId: point.json().id as number,
    oldPointId: oldPoint.id as number,
    beneficiary,
    caseId: file.id as number,
    leadId: lead!.id,
  };
}

type World = Awaited<ReturnType<typeof world>>;

/** What one account sees of a world: ids of people, list rows, ledger lines, files and leads, and its figures. */
async function sight(client: TestClient, w: World) {
  const ids = (rows: { personId: number }[]) =>
    rows
      .map((r) => r.personId)
      .filter((id) => w.people.some((p) => p.id === id))
      .sort((a, b) => a - b);
  const people = await Promise.all(w.people.map(async (p) => (await client.get(`/api/people/${p.id}`)).statusCode));
  const list = ids((await client.get(`/api/campaigns/${w.campaignId}/beneficiaries?pageSize=100`)).json().items);
  const ledger = (await client.get(`/api/campaigns/${w.campaignId}/ledger?pageSize=100`)).json().items as { lineId: number; name: string }[];
  const progress = (await client.get(`/api/campaigns/${w.campaignId}/progress`)).json();
  const code = (await client.get(`/api/campaigns/${w.campaignId}/beneficiaries/${w.beneficiary(w.people[2]!)}/code`)).statusCode;
  const file = (await client.get(`/api/hardship/cases/${w.caseId}`)).statusCode;
  const cases = ((await client.get('/api/hardship/cases?pageSize=100')).json().items as { id: number }[]).filter((c) => c.id === w.caseId).length;
  const leads = ((await client.get('/api/hardship/discovery?pageSize=100')).json().items as { id: number }[]).filter((c) => c.id === w.leadId).length;
  const stats = (await client.get('/api/hardship/stats')).json();
  const movingOrg = (await client.get(`/api/orgs/${w.moving.id}`)).statusCode;
  return {
    people,
    list,
    ledgerLines: ledger.length,
    progress: { persons: progress.total.persons, amountFen: progress.total.amountFen, beneficiaries: progress.total.beneficiaries },
    code,
    file,
    cases,
    leads,
    assistanceFen: (stats.byMonth as { amountFen: number }[]).reduce((s, m) => s + m.amountFen, 0),
    movingOrg,
  };
}

async function allocation(campaignId: number, orgId: number) {
  const [row] = await queryRows<{ quota: number; budget_fen: string; child_quota: number; child_budget_fen: string; spent_fen: string; parent_org_id: number }>(
    t.db,
    sql`select quota, budget_fen, child_quota, child_budget_fen, spent_fen, parent_org_id from campaign_allocations where campaign_id = ${campaignId} and org_id = ${orgId}`,
  );
  return (
    row && {
      quota: row.quota,
      budget: Number(row.budget_fen),
      childQuota: row.child_quota,
      childBudget: Number(row.child_budget_fen),
      spent: Number(row.spent_fen),
    }
  );
}

describe('moving a union with a running campaign and hardship files', () => {
  it('leaves the old county nothing of it and gives the new county all of it, with the allocation carried along', async () => {
    const w = await world('城东环卫');
    const [oldBefore, newBefore, cityBefore] = [await sight(xcq, w), await sight(sh, w), await sight(hhht, w)];
    expect(oldBefore).toMatchObject({ people: [200, 200, 200], list: w.people.map((p) => p.id), code: 200, file: 200, cases: 1, leads: 1, movingOrg: 200 });
    expect(newBefore).toMatchObject({ people: [404, 404, 404], list: [], code: 404, file: 404, cases: 0, leads: 0, movingOrg: 404 });
    const hhhtRoot = await allocation(w.campaignId, t.seed.hhht.id);
    const xcqBefore = (await allocation(w.campaignId, t.seed.xinCheng.id))!;
    const shBefore = (await allocation(w.campaignId, t.seed.saihan.id))!;
    // 300 元 paid by 新城区 to the first person; two more people are still owed 300 元 each.
    expect(xcqBefore.spent).toBe(yuan(300));

    const moved = await hhht.post(`/api/orgs/${w.moving.id}/move`, { parentId: t.seed.saihan.id });
    expect(moved.statusCode, moved.body).toBe(200);

    const [oldAfter, newAfter, cityAfter] = [await sight(xcq, w), await sight(sh, w), await sight(hhht, w)];
    expect(oldAfter).toMatchObject({
      people: [404, 404, 404],
      list: [],
      ledgerLines: oldBefore.ledgerLines - 1,
      code: 404,
      file: 404,
      cases: 0,
      leads: 0,
      movingOrg: 404,
    });
    expect(newAfter).toMatchObject({
      people: [200, 200, 200],
      list: w.people.map((p) => p.id),
      ledgerLines: newBefore.ledgerLines + 1,
      code: 200,
      file: 200,
      cases: 1,
      leads: 1,
      movingOrg: 200,
    });
    // Figures add up on both sides; the city above both sees the same totals as before.
    expect(oldAfter.progress.persons).toBe(oldBefore.progress.persons - 1);
    expect(oldAfter.progress.beneficiaries).toBe(oldBefore.progress.beneficiaries - 3);
    expect(newAfter.progress.persons).toBe(newBefore.progress.persons + 1);
    expect(newAfter.progress.beneficiaries).toBe(newBefore.progress.beneficiaries + 3);
    expect(newAfter.progress.amountFen - newBefore.progress.amountFen).toBe(oldBefore.progress.amountFen - oldAfter.progress.amountFen);
    expect(oldBefore.assistanceFen - oldAfter.assistanceFen).toBe(yuan(800));
    expect(newAfter.assistanceFen - newBefore.assistanceFen).toBe(yuan(800));
    expect(cityAfter.progress).toEqual(cityBefore.progress);
    expect(cityAfter.assistanceFen).toBe(cityBefore.assistanceFen);

    // The allocation travelled: the union's three places on the list, and what 新城区 still owed two
    // of them (600 元), left 新城区 for 赛罕区; 新城区 keeps the 300 元 it paid; the city's totals did not change.
    expect(await allocation(w.campaignId, t.seed.xinCheng.id)).toEqual({ ...xcqBefore, quota: xcqBefore.quota - 3, budget: xcqBefore.budget - yuan(600) });
    expect(await allocation(w.campaignId, t.seed.saihan.id)).toEqual({ ...shBefore, quota: shBefore.quota + 3, budget: shBefore.budget + yuan(600) });
    expect(await allocation(w.campaignId, t.seed.hhht.id)).toEqual(hhhtRoot);
    const payers = await queryRows<{ allocation_org_id: number; n: number }>(
      t.db,
      sql`select allocation_org_id, count(*)::int as n from disbursement_lines where campaign_id = ${w.campaignId} group by 1`,
    );
    expect(payers).toEqual([{ allocation_org_id: t.seed.xinCheng.id, n: 1 }]);

    // The old county can no longer serve them: neither confirm at its own point nor act on the file or the lead.
    const third = w.beneficiary(w.people[2]!);
    const refused = await xcq.post(`/api/points/${w.oldPointId}/confirm`, {
      beneficiaryId: third,
      evidence: { kind: 'id_number', idNumber: w.people[2]!.idNumber },
      idempotencyKey: 'move-old-county-try',
    });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(refused.statusCode).toBeLessThan(500);
    expect(
      (
        await xcq.post(`/api/points/${w.pointId}/confirm`, {
          beneficiaryId: third,
          evidence: { kind: 'id_number', idNumber: w.people[2]!.idNumber },
          idempotencyKey: 'move-old-county-try2',
        })
      ).statusCode,
    ).toBe(404);
    expect((await xcqCadre.post(`/api/hardship/discovery/${w.leadId}/dismiss`, { reason: '已再就业，收入正常' })).statusCode).toBe(404);
    expect(
      (
        await xcqCadre.post(`/api/hardship/cases/${w.caseId}/assistance`, {
          type: 'temp_relief',
          amountFen: yuan(100),
          on: chinaToday(),
          fundSource: 'own_budget',
          cause: 'accident',
        })
      ).statusCode,
    ).toBe(404);

    // The new county serves all of it: the hand-out is paid by its allocation.
    const served = await sh.post(`/api/points/${w.pointId}/confirm`, {
      beneficiaryId: third,
      evidence: { kind: 'id_number', idNumber: w.people[2]!.idNumber },
      idempotencyKey: 'move-new-county-serves',
    });
    expect(served.statusCode, served.body).toBe(200);
    expect((await allocation(w.campaignId, t.seed.saihan.id))!.spent).toBe(shBefore.spent + yuan(300));
    expect((await allocation(w.campaignId, t.seed.xinCheng.id))!.spent).toBe(yuan(300));
    expect((await (await t.as('sh_admin')).post(`/api/hardship/discovery/${w.leadId}/dismiss`, { reason: '已再就业，收入正常' })).statusCode).toBe(200);
    const more = await sh.post(`/api/hardship/cases/${w.caseId}/assistance`, {
      type: 'temp_relief',
      amountFen: yuan(100),
      on: chinaToday(),
      fundSource: 'own_budget',
      cause: 'accident',
    });
    expect(more.statusCode, more.body).toBe(200);
    // The first person stays with the union in the old county's paid ledger: history, not access.
    const line = await queryRows<{ org_id: number; allocation_org_id: number; org_path: string }>(
      t.db,
      sql`select org_id, allocation_org_id, org_path from disbursement_lines where campaign_id = ${w.campaignId} and person_id = ${w.people[0]!.id}`,
    );
    expect(line).toEqual([{ org_id: w.moving.id, allocation_org_id: t.seed.xinCheng.id, org_path: `${t.seed.saihan.path}${w.moving.id}/` }]);
  });

  it('refuses, with the reason and nothing changed, a move out of a running campaign’s reach', async () => {
    const w = await world('城西环卫');
    const res = await (await t.as('nmg_admin')).post(`/api/orgs/${w.moving.id}/move`, { parentId: t.seed.kundulun.id });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain(`「城西环卫慰问」`);
    expect((await xcq.get(`/api/orgs/${w.moving.id}`)).statusCode).toBe(200);
    const paths = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from campaign_beneficiaries where campaign_id = ${w.campaignId} and org_path like ${t.seed.xinCheng.path + '%'}`,
    );
    expect(paths[0]!.n).toBe(4);
  });

  it('refuses the move, never half, when the old union cannot give up what it still owes', async () => {
    const w = await world('城南环卫');
    // 新城区 passes its whole free budget down to its other union: nothing is left to travel with the people.
    await xcq.put(`/api/campaigns/${w.campaignId}/allocations`, { orgId: t.seed.xinChengSanitation.id, quota: 1, budgetFen: yuan(1200) });
    const before = await allocation(w.campaignId, t.seed.xinCheng.id);
    const res = await hhht.post(`/api/orgs/${w.moving.id}/move`, { parentId: t.seed.saihan.id });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toMatch(/城南环卫慰问.*呼和浩特市新城区总工会.*不足/);
    expect(await allocation(w.campaignId, t.seed.xinCheng.id)).toEqual(before);
    expect((await sh.get(`/api/people/${w.people[0]!.id}`)).statusCode).toBe(404);
    expect((await xcq.get(`/api/campaigns/${w.campaignId}/beneficiaries?pageSize=100`)).json().items.map((b: { personId: number }) => b.personId)).toEqual(
      expect.arrayContaining(w.people.map((p) => p.id)),
    );
  });

  it('carries a union’s own allocation along, with what its people were given and spent', async () => {
    const w = await world('城北环卫');
    await xcq.put(`/api/campaigns/${w.campaignId}/allocations`, { orgId: w.moving.id, quota: 3, budgetFen: yuan(900) });
    const own = (await allocation(w.campaignId, w.moving.id))!;
    const [xcqBefore, shBefore] = [(await allocation(w.campaignId, t.seed.xinCheng.id))!, (await allocation(w.campaignId, t.seed.saihan.id))!];
    expect((await hhht.post(`/api/orgs/${w.moving.id}/move`, { parentId: t.seed.saihan.id })).statusCode).toBe(200);
    expect(await allocation(w.campaignId, w.moving.id)).toEqual(own);
    expect(await allocation(w.campaignId, t.seed.xinCheng.id)).toEqual({
      ...xcqBefore,
      quota: xcqBefore.quota - 3,
      budget: xcqBefore.budget - yuan(900),
      childQuota: xcqBefore.childQuota - 3,
      childBudget: xcqBefore.childBudget - yuan(900),
    });
    expect(await allocation(w.campaignId, t.seed.saihan.id)).toEqual({
      ...shBefore,
      quota: shBefore.quota + 3,
      budget: shBefore.budget + yuan(900),
      childQuota: shBefore.childQuota + 3,
      childBudget: shBefore.childBudget + yuan(900),
    });
    const shView = (await sh.get(`/api/campaigns/${w.campaignId}/allocations`)).json() as { orgId: number; parentOrgId: number }[];
    expect(shView.find((a) => a.orgId === w.moving.id)?.parentOrgId).toBe(t.seed.saihan.id);
    expect((await xcq.get(`/api/campaigns/${w.campaignId}/allocations`)).json().map((a: { orgId: number }) => a.orgId)).not.toContain(w.moving.id);
  });
});
