import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { campaignPeriod } from '../../testing/dates.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';

let t: TestApp;
let hhht: TestClient;
let nmg: TestClient;
let xcq: TestClient;
let sh: TestClient;
beforeAll(async () => {
  t = await createTestApp();
  [hhht, nmg, xcq, sh] = [await t.as('hhht_admin'), await t.as('nmg_admin'), await t.as('xcq_admin'), await t.as('sh_admin')];
});
afterAll(() => t.close());

const yuan = (n: number) => n * 100;
let seq = 500;
const numerals = (n: number) => [...String(n)].map((d) => '零一二三四五六七八九'[Number(d)]).join('');

/** A sanitation worker of 新城区 (or another union) carrying the test's own tag. */
async function person(tag: string, over: { birth?: string; tags?: string[]; orgId?: number; joinedOn?: string; client?: TestClient } = {}) {
  seq += 2;
  const region = over.orgId === t.seed.saihanJoint.id ? '150105' : '150102';
  const res = await (over.client ?? xcq).post('/api/people', {
    name: `配额工${numerals(seq)}`,
    idNumber: withCheckCharacter(`${region}${over.birth ?? '19800101'}${String(seq).padStart(3, '0')}`),
    orgId: over.orgId ?? t.seed.xinChengSanitation.id,
    occupation: 'sanitation',
    employmentForm: 'standard',
    tags: [tag, ...(over.tags ?? [])],
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as number;
  if (over.joinedOn) expect((await (over.client ?? xcq).post(`/api/people/${id}/membership`, { joinedOn: over.joinedOn })).statusCode).toBe(200);
  return id;
}

/** 呼和浩特's campaign for its sanitation workers with `tag`: ¥300 for 困难职工, ¥200 for the rest. */
async function campaign(tag: string, fundsYuan = 2000) {
  const res = await hhht.post('/api/campaigns', {
    name: `配额核对慰问${tag}`,
    kind: 'concentrated',
    orgId: t.seed.hhht.id,
    ...campaignPeriod(),
    mode: 'cascade',
    rule: { occupations: ['sanitation'], tagsAny: [tag] },
    funds: [{ source: 'own_budget', amountFen: yuan(fundsYuan) }],
    packages: [
      { name: '困难职工慰问金', kind: 'cash', valueFen: yuan(300), rule: { tagsAny: ['困难职工'] } },
      { name: '慰问金', kind: 'cash', valueFen: yuan(200) },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

const allocate = (c: TestClient, id: number, orgId: number, quota: number, budgetYuan: number) =>
  c.put(`/api/campaigns/${id}/allocations`, { orgId, quota, budgetFen: yuan(budgetYuan) });

/** Submits the draft for approval where the lifecycle asks for it, then 内蒙古 approves (four eyes). */
async function approve(id: number) {
  const draft = (await hhht.get(`/api/campaigns/${id}`)).json();
  if (draft.can.actions?.includes('submit')) await hhht.post(`/api/campaigns/${id}/transition`, { action: 'submit', version: draft.version });
  const current = (await nmg.get(`/api/campaigns/${id}`)).json();
  return nmg.post(`/api/campaigns/${id}/transition`, { action: 'approve', version: current.version });
}

type Line = { orgId: number; orgName: string; quota: number; ownQuota: number; listed: number; difference: number; extraBudgetFen: number };
const lineOf = (check: { lines: Line[] }, orgId: number) => check.lines.find((l) => l.orgId === orgId)!;

/**
 * Three people in 新城区 for a quota of two, one in 赛罕区 within its quota, none of 呼和浩特's own:
 * 新城区's list is one over.
 */
async function overQuota(tag: string, fundsYuan = 2000) {
  const people = {
    // Tier 1 (困难职工), the youngest.
    hardship: await person(tag, { tags: ['困难职工'], birth: '19990101' }),
    // Tier 2, a member since 2015.
    member: await person(tag, { birth: '19900101', joinedOn: '2015-03-01' }),
    // Tier 2, not a member, the oldest: the first to lose a place.
    oldest: await person(tag, { birth: '19650101' }),
    saihan: await person(tag, { orgId: t.seed.saihanJoint.id, client: sh }),
  };
  const id = await campaign(tag, fundsYuan);
  expect((await allocate(hhht, id, t.seed.hhht.id, 4, fundsYuan)).statusCode).toBe(200);
  expect((await allocate(hhht, id, t.seed.xinCheng.id, 2, 500)).statusCode).toBe(200);
  expect((await allocate(hhht, id, t.seed.saihan.id, 2, 400)).statusCode).toBe(200);
  return { id, people };
}

describe('quotas against the list', () => {
  it('counts, per allocation, the people the rules find in its subtree and the people it pays for', async () => {
    const { id } = await overQuota('配额一');
    const nodes = (await hhht.get(`/api/campaigns/${id}/allocations`)).json() as { orgId: number; eligible: number; quota: number }[];
    const byOrg = new Map(nodes.map((n) => [n.orgId, n]));
    expect(byOrg.get(t.seed.hhht.id)!.eligible).toBe(4);
    expect(byOrg.get(t.seed.xinCheng.id)!.eligible).toBe(3);
    expect(byOrg.get(t.seed.saihan.id)!.eligible).toBe(1);

    const check = (await hhht.get(`/api/campaigns/${id}/quota-check`)).json();
    expect(check).toMatchObject({ quotaRule: null, frozen: false, canChoose: true });
    expect(lineOf(check, t.seed.xinCheng.id)).toMatchObject({ orgName: '呼和浩特市新城区总工会', quota: 2, ownQuota: 2, listed: 3, difference: 1 });
    expect(lineOf(check, t.seed.saihan.id)).toMatchObject({ listed: 1, difference: -1 });
    // 呼和浩特 passed all four places down and pays for nobody itself.
    expect(lineOf(check, t.seed.hhht.id)).toMatchObject({ quota: 4, ownQuota: 0, listed: 0, difference: 0 });
    // Three people cost ¥700 against 新城区's ¥500: raising its quota would take ¥200 from 呼和浩特.
    expect(lineOf(check, t.seed.xinCheng.id).extraBudgetFen).toBe(yuan(200));

    // A county sees its own line only, counted within its subtree.
    const county = (await xcq.get(`/api/campaigns/${id}/allocations`)).json() as { orgId: number; eligible: number }[];
    expect(county.map((n) => n.orgId)).toEqual([t.seed.xinCheng.id]);
    expect(county[0]!.eligible).toBe(3);
    const countyCheck = (await xcq.get(`/api/campaigns/${id}/quota-check`)).json();
    expect(countyCheck.canChoose).toBe(false);
    expect(countyCheck.lines.map((l: Line) => l.orgName)).toEqual(['呼和浩特市新城区总工会']);
  });

  it('refuses approval of a list over quota until the organiser chooses what to do, naming the union', async () => {
    const { id } = await overQuota('配额二');
    const res = await approve(id);
    expect(res.statusCode).toBe(400);
    expect(res.json().fields[0]).toMatchObject({ field: 'quotaRule' });
    expect(res.json().fields[0].message).toContain('呼和浩特市新城区总工会名单 3 人、名额 2 人');
    expect((await hhht.get(`/api/campaigns/${id}`)).json().frozenAt).toBeNull();
    // Nobody below the organiser chooses for it, and a rule must be one of the two.
    expect((await xcq.put(`/api/campaigns/${id}/quota-rule`, { quotaRule: 'cap' })).statusCode).toBe(403);
    const bad = await hhht.put(`/api/campaigns/${id}/quota-rule`, { quotaRule: 'ignore' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0].message).toContain('超出配额的处理方式');
  });

  it('caps a list at its quota in the stated order and records why the others are left out', async () => {
    const { id, people } = await overQuota('配额三');
    expect((await hhht.put(`/api/campaigns/${id}/quota-rule`, { quotaRule: 'cap' })).json().quotaRule).toBe('cap');
    const res = await approve(id);
    expect(res.statusCode, res.body).toBe(200);
    const list = (await hhht.get(`/api/campaigns/${id}/beneficiaries?orgId=${t.seed.xinCheng.id}`)).json();
    const byPerson = new Map(list.items.map((b: { personId: number }) => [b.personId, b]));
    // The 困难 tier first, then the member; the oldest non-member loses the place.
    expect(byPerson.get(people.hardship)).toMatchObject({ excluded: false });
    expect(byPerson.get(people.member)).toMatchObject({ excluded: false });
    expect(byPerson.get(people.oldest)).toMatchObject({ excluded: true, reason: '超出配额' });
    const excluded = (await xcq.get(`/api/campaigns/${id}/beneficiaries?state=excluded`)).json();
    expect(excluded.items.map((b: { personId: number }) => b.personId)).toEqual([people.oldest]);
    // The quotas did not move, the frozen list now fits them, and the live count still shows three.
    const check = (await hhht.get(`/api/campaigns/${id}/quota-check`)).json();
    expect(check).toMatchObject({ frozen: true, canChoose: false });
    expect(lineOf(check, t.seed.xinCheng.id)).toMatchObject({ quota: 2, listed: 2, difference: 0 });
    const node = (await hhht.get(`/api/campaigns/${id}/allocations`)).json().find((n: { orgId: number }) => n.orgId === t.seed.xinCheng.id);
    expect(node).toMatchObject({ quota: 2, beneficiaries: 2, eligible: 3 });
    // Once frozen, the rule stays as applied.
    expect((await hhht.put(`/api/campaigns/${id}/quota-rule`, { quotaRule: 'raise' })).statusCode).toBe(409);
  });

  it('raises an over-quota union’s quota and budget from its parent’s free budget', async () => {
    const { id } = await overQuota('配额四');
    await hhht.put(`/api/campaigns/${id}/quota-rule`, { quotaRule: 'raise' });
    const res = await approve(id);
    expect(res.statusCode, res.body).toBe(200);
    const nodes = (await hhht.get(`/api/campaigns/${id}/allocations`)).json() as {
      orgId: number;
      quota: number;
      budgetFen: number;
      childQuota: number;
      childBudgetFen: number;
      beneficiaries: number;
    }[];
    const byOrg = new Map(nodes.map((n) => [n.orgId, n]));
    expect(byOrg.get(t.seed.xinCheng.id)).toMatchObject({ quota: 3, budgetFen: yuan(700), beneficiaries: 3 });
    // 呼和浩特 had no place left of its own: its quota grows with what it passed down; the ¥200 comes out of its free budget.
    expect(byOrg.get(t.seed.hhht.id)).toMatchObject({ quota: 5, childQuota: 5, budgetFen: yuan(2000), childBudgetFen: yuan(1100) });
    expect(byOrg.get(t.seed.saihan.id)).toMatchObject({ quota: 2, budgetFen: yuan(400) });
    const excluded = (await hhht.get(`/api/campaigns/${id}/beneficiaries?state=excluded`)).json();
    expect(excluded.total).toBe(0);
  });

  it('refuses to raise a quota when the parent’s free budget does not stretch, naming the union, and changes nothing', async () => {
    // ¥900 of funds: 新城区 ¥500 and 赛罕区 ¥400 leave 呼和浩特 nothing to add.
    const { id } = await overQuota('配额五', 900);
    await hhht.put(`/api/campaigns/${id}/quota-rule`, { quotaRule: 'raise' });
    const res = await approve(id);
    expect(res.statusCode).toBe(400);
    expect(res.json().fields[0].message).toBe(
      '呼和浩特市新城区总工会调增名额到 3 人需追加预算 ¥200.00，上级呼和浩特市总工会可分配预算仅剩 ¥0.00，不能调增；请先增加上级预算，或改为按配额截取名单',
    );
    const view = (await hhht.get(`/api/campaigns/${id}`)).json();
    expect(view.frozenAt).toBeNull();
    expect((await hhht.get(`/api/campaigns/${id}/beneficiaries?state=excluded`)).json().total).toBe(0);
    const node = (await hhht.get(`/api/campaigns/${id}/allocations`)).json().find((n: { orgId: number }) => n.orgId === t.seed.xinCheng.id);
    expect(node).toMatchObject({ quota: 2, budgetFen: yuan(500) });
  });

  it('prints no pick-up cards for people no quota covers', async () => {
    const { id } = await overQuota('配额六');
    await hhht.put(`/api/campaigns/${id}/quota-rule`, { quotaRule: 'cap' });
    expect((await approve(id)).statusCode).toBe(200);
    // Someone added by hand after the freeze takes 新城区 over its quota again.
    const extra = await person('配额六');
    expect((await xcq.post(`/api/campaigns/${id}/adjustments`, { personId: extra, kind: 'add', reason: '漏报补录' })).statusCode).toBe(200);
    const res = await xcq.get(`/api/campaigns/${id}/cards.pdf`);
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe('名单超出配额（呼和浩特市新城区总工会名单 3 人、名额 2 人），超出的人没有名额，不能打印领取卡；请先调整名额或名单');
    // 赛罕区's people are all covered: its cards are not held back by 新城区's list.
    const saihan = await hhht.get(`/api/campaigns/${id}/cards.pdf?orgId=${t.seed.saihan.id}`);
    expect(saihan.statusCode).not.toBe(409);
  });
});

describe('a county passes its quota down', () => {
  it('splits its own allocation among its unions within its quota and budget, and is refused beyond it', async () => {
    const tag = '配额下达';
    await person(tag);
    const id = await campaign(tag);
    expect((await allocate(hhht, id, t.seed.hhht.id, 10, 2000)).statusCode).toBe(200);
    expect((await allocate(hhht, id, t.seed.xinCheng.id, 3, 600)).statusCode).toBe(200);
    const cadre = await t.as('xcq_cadre');
    const before = (await cadre.get(`/api/campaigns/${id}/allocations`)).json();
    // The county's own line: not its to change (呼和浩特 set it), but its to pass down.
    expect(before).toMatchObject([{ orgId: t.seed.xinCheng.id, orgName: '呼和浩特市新城区总工会', editable: false, canAllocateBelow: true }]);

    const split = await allocate(cadre, id, t.seed.xinChengSanitation.id, 2, 400);
    expect(split.statusCode, split.body).toBe(200);
    const nodes = split.json() as { orgId: number; parentOrgId: number | null; orgName: string; quota: number; childQuota: number; editable: boolean }[];
    expect(nodes.map((n) => n.orgName)).toEqual(['呼和浩特市新城区总工会', '新城区环境卫生服务中心工会']);
    expect(nodes[0]).toMatchObject({ quota: 3, childQuota: 2 });
    expect(nodes[1]).toMatchObject({ parentOrgId: t.seed.xinCheng.id, quota: 2, editable: true });
    // The person of the sanitation union is now paid by its own allocation.
    const check = (await cadre.get(`/api/campaigns/${id}/quota-check`)).json();
    expect(lineOf(check, t.seed.xinChengSanitation.id)).toMatchObject({ listed: 1, ownQuota: 2 });
    expect(lineOf(check, t.seed.xinCheng.id)).toMatchObject({ listed: 0, ownQuota: 1 });

    const tooMany = await allocate(cadre, id, t.seed.xinChengSanitation.id, 4, 400);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().fields[0]).toEqual({ field: 'quota', message: '超出上级可分配名额：上级剩余 3 人' });
    const tooMuch = await allocate(cadre, id, t.seed.xinChengSanitation.id, 2, 700);
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().fields[0]).toEqual({ field: 'budgetFen', message: '超出上级可分配预算：上级剩余可分配 ¥600.00' });
    // Nor can it reach past its own line, to its sibling county's union.
    expect((await allocate(cadre, id, t.seed.saihanJoint.id, 1, 100)).statusCode).toBe(404);
  });
});
