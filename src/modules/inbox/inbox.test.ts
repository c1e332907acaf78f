/**
 * 待办: each thing waiting shows for the accounts that may act on it — never for its author or
 * filer (四眼原则), an account outside the scope or one without the permission — links to the
 * page where it is done, and leaves the inbox once done.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { campaignPeriod, daysFromToday } from '../../testing/dates.ts';
import { systemActor } from '../../server/actor.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { chinaToday } from '../../shared/dates.ts';
import { setPolicy } from '../policies/index.ts';

let t: TestApp;
const c: Record<string, TestClient> = {};
beforeAll(async () => {
  t = await createTestApp();
  const actor = systemActor(t.seed.root);
  const set = (orgId: number, key: string, value: number) =>
    setPolicy(t.db, actor, { orgId, key: key as never, value, effectiveFrom: '2025-01-01', note: null });
  await set(t.seed.root.id, 'relative_hardship_multiplier', 2);
  await set(t.seed.root.id, 'accident_cost_share', 0.8);
  await set(t.seed.root.id, 'migrant_min_years', 1);
  await set(t.seed.root.id, 'temp_relief_cap', 3_000_00);
  await set(t.seed.root.id, 'temp_relief_times', 2);
  await set(t.seed.nmg.id, 'dibao_monthly', 760_00);
  await set(t.seed.root.id, 'followup_interval_months', 6);
  for (const name of ['hhht_admin', 'nmg_admin', 'xcq_admin', 'xcq_cadre', 'sh_admin', 'nmg_auditor']) c[name] = await t.as(name);
});
afterAll(() => t.close());

interface Group {
  kind: string;
  label: string;
  total: number;
  items: { id: number; title: string; subtitle: string | null; since: string; link: string }[];
}
async function inbox(name: string) {
  const res = await c[name]!.get('/api/inbox');
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { total: number; groups: Group[] };
}
/** The ids waiting for this account in a group; null when the account has no such group at all (no permission). */
async function waiting(name: string, kind: string) {
  const g = (await inbox(name)).groups.find((x) => x.kind === kind);
  return g ? g.items.map((i) => i.id) : null;
}

let seq = 700;
async function person(name: string) {
  seq += 2;
  const res = await c.xcq_admin!.post('/api/people', {
    name,
    idNumber: withCheckCharacter(`15010219790303${String(seq).padStart(3, '0')}`),
    orgId: t.seed.xinChengSanitation.id,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

describe('campaigns awaiting approval', () => {
  it('wait for an approver at or above the organiser, never for the author, and leave once approved', async () => {
    await person('赵桂芳');
    const created = (
      await c.hhht_admin!.post('/api/campaigns', {
        name: '待办演练慰问',
        kind: 'concentrated',
        orgId: t.seed.hhht.id,
        ...campaignPeriod(),
        mode: 'single',
        rule: {},
        funds: [{ source: 'own_budget', amountFen: 10_000_00 }],
        packages: [{ name: '慰问金', kind: 'cash', valueFen: 100_00 }],
      })
    ).json();
    // A draft waits for nobody.
    expect(await waiting('nmg_admin', 'campaigns.approve')).toEqual([]);
    const submitted = (await c.hhht_admin!.post(`/api/campaigns/${created.id}/transition`, { action: 'submit', version: created.version })).json();
    expect(submitted.status).toBe('submitted');

    const nmg = (await inbox('nmg_admin')).groups.find((g) => g.kind === 'campaigns.approve')!;
    expect(nmg).toMatchObject({ label: '待审批的慰问活动', total: 1 });
    expect(nmg.items).toEqual([
      { id: created.id, title: '待办演练慰问', subtitle: '呼和浩特市总工会 · hhht_admin提交', since: expect.any(String), link: `/campaigns/${created.id}` },
    ]);
    expect((await inbox('nmg_admin')).total).toBeGreaterThanOrEqual(1);
    // The link opens the page where this account's approve button is shown.
    expect((await c.nmg_admin!.get(`/api/campaigns/${created.id}`)).json().can.actions).toContain('approve');
    expect(await waiting('hhht_admin', 'campaigns.approve')).toEqual([]); // the author
    expect(await waiting('sh_admin', 'campaigns.approve')).toEqual([]); // a county below the organiser
    expect(await waiting('xcq_cadre', 'campaigns.approve')).toBeNull(); // no right to approve
    expect(await waiting('nmg_auditor', 'campaigns.approve')).toBeNull();

    const page = (await c.nmg_admin!.get('/api/inbox/items?kind=campaigns.approve&page=1&pageSize=10')).json();
    expect(page).toMatchObject({ kind: 'campaigns.approve', total: 1, page: 1, pageSize: 10 });
    expect(page.items.map((i: { id: number }) => i.id)).toEqual([created.id]);
    expect((await c.nmg_admin!.get('/api/inbox/items?kind=campaigns.approve&page=2&pageSize=10')).json()).toMatchObject({ items: [], total: 1 });

    const approved = await c.nmg_admin!.post(`/api/campaigns/${created.id}/transition`, { action: 'approve', version: submitted.version });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(await waiting('nmg_admin', 'campaigns.approve')).toEqual([]);
  });

  it('answers 404 for a kind the account may not act on, and 400 for a kind that is no text', async () => {
    expect((await c.xcq_cadre!.get('/api/inbox/items?kind=campaigns.approve')).statusCode).toBe(404);
    expect((await c.nmg_admin!.get('/api/inbox/items?kind=nothing.here')).statusCode).toBe(404);
    const bad = await c.nmg_admin!.get('/api/inbox/items?kind=a%00b');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0]).toMatchObject({ field: 'kind' });
    const formula = await c.nmg_admin!.get('/api/inbox/items?kind=%3D1%2B1');
    expect(formula.statusCode).toBe(400);
    expect(formula.json().fields[0]).toMatchObject({ field: 'kind', message: '待办类型无效' });
    expect((await t.app.inject({ method: 'GET', url: '/api/inbox' })).statusCode).toBe(401);
  });
});

describe('hardship files waiting for a step', () => {
  const fileCase = async (by: string, personId: number, over: Record<string, unknown> = {}) => {
    const res = await c[by]!.post('/api/hardship/cases', {
      personId,
      members: [],
      yearlyIncomeFen: 500_00 * 12,
      hardshipSpendingFen: 0,
      housing: 'rented',
      mainCause: 'serious_illness',
      secondaryCauses: [],
      assessedOn: daysFromToday(-30),
      ...over,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; version: number };
  };
  const step = (by: string, id: number, action: string, version: number) => c[by]!.post(`/api/hardship/cases/${id}/transition`, { action, version });
  const view = async (by: string, id: number) => (await c[by]!.get(`/api/hardship/cases/${id}`)).json();

  it('lists a file for verification and notice to verifiers in scope other than its filer, whose buttons match what the server refuses', async () => {
    const filed = await fileCase('xcq_admin', await person('钱淑珍'));
    // 核查: the filer holds hardship:verify but the file is not in its list, its button is off, the server refuses.
    expect(await waiting('xcq_admin', 'hardship.verify')).not.toContain(filed.id);
    const own = await view('xcq_admin', filed.id);
    expect(own.can.actions).not.toContain('verify');
    expect(own.can.refused).toEqual([expect.objectContaining({ action: 'verify' })]);
    expect((await step('xcq_admin', filed.id, 'verify', own.version)).statusCode).toBe(403);
    expect(await waiting('sh_admin', 'hardship.verify')).toEqual([]); // the sibling county
    expect(await waiting('xcq_cadre', 'hardship.verify')).toBeNull(); // no right to verify
    const hhht = (await inbox('hhht_admin')).groups.find((g) => g.kind === 'hardship.verify')!;
    expect(hhht.items).toContainEqual(expect.objectContaining({ id: filed.id, title: expect.stringContaining('钱淑珍'), link: `/hardship/${filed.id}` }));
    expect((await view('hhht_admin', filed.id)).can.actions).toContain('verify');
    const verified = await step('hhht_admin', filed.id, 'verify', own.version);
    expect(verified.statusCode, verified.body).toBe(200);
    expect(await waiting('hhht_admin', 'hardship.verify')).not.toContain(filed.id);

    // 公示: the same rule, the next list.
    expect(await waiting('hhht_admin', 'hardship.notice')).toContain(filed.id);
    expect(await waiting('xcq_admin', 'hardship.notice')).not.toContain(filed.id);
    const mine = await view('xcq_admin', filed.id);
    expect(mine.can.actions).not.toContain('notice');
    expect((await step('xcq_admin', filed.id, 'notice', mine.version)).statusCode).toBe(403);
    expect((await view('nmg_admin', filed.id)).can.actions).toContain('notice');
    expect((await step('nmg_admin', filed.id, 'notice', mine.version)).statusCode).toBe(200);
    expect(await waiting('hhht_admin', 'hardship.notice')).not.toContain(filed.id);
    expect(await waiting('hhht_admin', 'hardship.approve')).toContain(filed.id);
    expect(await waiting('xcq_admin', 'hardship.approve')).not.toContain(filed.id);
  });

  it('lists a verified temporary-relief file for approval to others than its filer', async () => {
    const filed = await fileCase('xcq_admin', await person('孙玉兰'), { kind: 'temporary', yearlyIncomeFen: 30_000_00, mainCause: 'disaster' });
    const verified = (await step('hhht_admin', filed.id, 'verify', filed.version)).json();
    expect(await waiting('hhht_admin', 'hardship.notice')).not.toContain(filed.id); // no notice for temporary relief
    expect(await waiting('hhht_admin', 'hardship.approve')).toContain(filed.id);
    expect(await waiting('xcq_admin', 'hardship.approve')).not.toContain(filed.id);
    const own = await view('xcq_admin', filed.id);
    expect(own.can.actions).not.toContain('approve');
    expect((await step('xcq_admin', filed.id, 'approve', verified.version)).statusCode).toBe(403);
    expect((await view('hhht_admin', filed.id)).can.actions).toContain('approve');
    expect((await step('hhht_admin', filed.id, 'approve', verified.version)).statusCode).toBe(200);
    expect(await waiting('hhht_admin', 'hardship.approve')).not.toContain(filed.id);
  });

  it('lists follow-ups due to caseworkers in scope until they are done', async () => {
    const filed = await fileCase('xcq_cadre', await person('周桂英'));
    // A file that was helped out of hardship, its first 回访 three days overdue.
    await t.db.execute(sql`update hardship_cases set status = 'exited' where id = ${filed.id}`);
    await t.db.execute(sql`insert into hardship_followups (case_id, due_on) values (${filed.id}, current_date - 3)`);
    const due = (await inbox('xcq_cadre')).groups.find((g) => g.kind === 'hardship.followup')!;
    expect(due.items).toContainEqual(expect.objectContaining({ title: expect.stringContaining('周桂英'), link: `/hardship/${filed.id}` }));
    expect((await inbox('sh_admin')).groups.find((g) => g.kind === 'hardship.followup')!.items).toEqual([]);
    expect(await waiting('nmg_auditor', 'hardship.followup')).toBeNull();
    const done = await c.xcq_cadre!.post(`/api/hardship/cases/${filed.id}/followups`, { on: chinaToday(), result: '家庭情况稳定' });
    expect(done.statusCode, done.body).toBeLessThan(300);
    const after = (await inbox('xcq_cadre')).groups.find((g) => g.kind === 'hardship.followup')!;
    expect(after.items.map((i) => i.link)).not.toContain(`/hardship/${filed.id}`);
  });
});

describe('the registry', () => {
  it('lists duplicate pairs to review in scope, until dismissed', async () => {
    for (const first17 of ['15010219800101101', '15010219800101103']) {
      const res = await c.xcq_admin!.post('/api/people', { name: '吴晓燕', idNumber: withCheckCharacter(first17), orgId: t.seed.xinChengSanitation.id });
      expect(res.statusCode, res.body).toBe(201);
    }
    await c.xcq_admin!.post('/api/people/duplicates/scan', {});
    const group = (await inbox('xcq_admin')).groups.find((g) => g.kind === 'people.duplicates')!;
    const pair = group.items.find((i) => i.title === '吴晓燕')!;
    expect(pair).toMatchObject({ link: '/people/duplicates' });
    expect(await waiting('sh_admin', 'people.duplicates')).toEqual([]);
    expect(await waiting('nmg_auditor', 'people.duplicates')).toBeNull(); // no right to merge
    expect((await c.xcq_admin!.post(`/api/people/duplicates/${pair.id}/dismiss`, { reason: '不是同一人' })).statusCode).toBeLessThan(300);
    expect(await waiting('xcq_admin', 'people.duplicates')).not.toContain(pair.id);
  });

  it('lists a membership transfer to the union that is to accept it, not to the one sending it', async () => {
    const p = await person('郑丽娟');
    expect((await c.xcq_admin!.post(`/api/people/${p}/membership`, { joinedOn: '2020-01-01' })).statusCode).toBeLessThan(300);
    const out = await c.xcq_admin!.post(`/api/people/${p}/membership/change`, {
      action: 'transfer_out',
      toOrgId: t.seed.saihanJoint.id,
      reason: '调往赛罕区工作',
    });
    expect(out.statusCode, out.body).toBeLessThan(300);
    const sh = (await inbox('sh_admin')).groups.find((g) => g.kind === 'people.transfer')!;
    expect(sh.items).toEqual([expect.objectContaining({ id: p, title: '郑丽娟', link: '/people?incoming=1' })]);
    expect(await waiting('xcq_admin', 'people.transfer')).toEqual([]);
    const accepted = await c.sh_admin!.post(`/api/people/${p}/membership/change`, { action: 'accept_transfer', reason: '同意接收' });
    expect(accepted.statusCode, accepted.body).toBeLessThan(300);
    expect(await waiting('sh_admin', 'people.transfer')).toEqual([]);
  });
});
