/**
 * Where phones and people go: a volunteer's duties (its own points, which hand out today), and a
 * pick-up card of the campaign brought to a point that does not serve its holder — the answer names
 * the points that do, and the holder only when the volunteer's own scope holds them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { chinaToday } from '../../shared/dates.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { qrCodeFor } from './distribution.service.ts';
import { campaignPeriod } from '../../testing/dates.ts';

let t: TestApp;
let xcq: TestClient;
let sh: TestClient;
let hhht: TestClient;
let vol: TestClient;
const today = chinaToday();
const year = today.slice(0, 4);
const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** 呼和浩特's campaign for both counties; points are added by each test. */
let campaignId = 0;
let packageId = 0;
const people: Record<'sanitation' | 'county' | 'saihan', { id: number; idNumber: string; beneficiary: number }> = {} as never;

async function campaign(c: TestClient, orgId: number, start = true) {
  const created = (
    await c.post('/api/campaigns', {
      name: `${orgId}新春慰问${Math.random().toString().slice(2, 6)}`.replace(/\d/g, (d) => '零一二三四五六七八九'[Number(d)]!),
      kind: 'concentrated',
      orgId,
      ...campaignPeriod(),
      mode: 'cascade',
      rule: {},
      funds: [{ source: 'own_budget', amountFen: 1_000_000 }],
      packages: [{ name: '新春礼包', kind: 'goods', valueFen: 20000, items: [{ name: '大米', quantity: 10, unit: '斤' }] }],
    })
  ).json();
  expect(created.id, JSON.stringify(created)).toBeGreaterThan(0);
  const nmg = await t.as('nmg_admin');
  const submitted = (await c.post(`/api/campaigns/${created.id}/transition`, { action: 'submit', version: created.version })).json();
  const approved = (await nmg.post(`/api/campaigns/${created.id}/transition`, { action: 'approve', version: submitted.version })).json();
  expect(approved.status, JSON.stringify(approved)).toBe('approved');
  if (start) await c.post(`/api/campaigns/${created.id}/transition`, { action: 'start', version: approved.version });
  return { id: created.id as number, packageId: created.packages[0].id as number };
}

async function point(c: TestClient, body: Record<string, unknown>, id = campaignId) {
  const res = await c.post(`/api/campaigns/${id}/points`, { stock: id === campaignId ? [{ packageId, quantity: 10 }] : [], ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

beforeAll(async () => {
  t = await createTestApp();
  [xcq, sh, hhht, vol] = [await t.as('xcq_admin'), await t.as('sh_admin'), await t.as('hhht_admin'), await t.as('xcq_volunteer')];
  const add = async (c: TestClient, name: string, first17: string, orgId: number) => {
    const idNumber = withCheckCharacter(first17);
    const res = await c.post('/api/people', { name, idNumber, orgId });
    expect(res.statusCode, res.body).toBe(201);
    return { id: res.json().id as number, idNumber };
  };
  const sanitation = await add(xcq, '王秀兰', '15010219700101001', t.seed.xinChengSanitation.id);
  const county = await add(xcq, '刘建国', '15010219720202003', t.seed.xinCheng.id);
  const saihan = await add(sh, '赵桂芳', '15010519750505005', t.seed.saihanJoint.id);
  ({ id: campaignId, packageId } = await campaign(hhht, t.seed.hhht.id));
  const list = (await hhht.get(`/api/campaigns/${campaignId}/beneficiaries?pageSize=50`)).json().items as { id: number; personId: number }[];
  const of = (p: { id: number; idNumber: string }) => ({ ...p, beneficiary: list.find((b) => b.personId === p.id)!.id });
  Object.assign(people, { sanitation: of(sanitation), county: of(county), saihan: of(saihan) });
});
afterAll(() => t.close());

const card = (beneficiary: number) => qrCodeFor(t.cipher, beneficiary);

describe('a card brought to a point that does not serve its holder', () => {
  let sanitationPoint = 0;
  beforeAll(async () => {
    sanitationPoint = await point(xcq, { name: '环卫中心发放点', orgId: t.seed.xinChengSanitation.id, dutyAccountIds: [t.accounts.xcq_volunteer] });
  });

  it('says no point serves them yet when the campaign has none for their union', async () => {
    const res = await vol.post(`/api/points/${sanitationPoint}/lookup`, { code: card(people.saihan.beneficiary) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ kind: 'elsewhere', person: null, points: [] });
  });

  it('names the points of the other county that serve them — never the person — with address, hours and dates', async () => {
    await point(sh, {
      name: '赛罕区职工服务中心发放点',
      orgId: t.seed.saihan.id,
      address: '赛罕区大学东街职工服务中心一楼',
      hours: '每天 9:00–17:00',
      opensOn: `${year}-01-05`,
    });
    const res = await vol.post(`/api/points/${sanitationPoint}/lookup`, { code: card(people.saihan.beneficiary) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      kind: 'elsewhere',
      person: null,
      points: [
        {
          id: expect.any(Number),
          name: '赛罕区职工服务中心发放点',
          orgName: '呼和浩特市赛罕区总工会',
          address: '赛罕区大学东街职工服务中心一楼',
          hours: '每天 9:00–17:00',
          opensOn: `${year}-01-05`,
          closesOn: null,
        },
      ],
    });
    // Nothing of the person leaves the server: no name, no ID number, not even masked, no union.
    for (const secret of ['赵桂芳', people.saihan.idNumber.slice(-4), '赛罕区环卫工人联合工会']) expect(res.body).not.toContain(secret);
  });

  it('names a holder of the volunteer’s own county, served by another of its points, nearest point first', async () => {
    const countyPoint = await point(xcq, { name: '新城区总工会发放点', orgId: t.seed.xinCheng.id, address: '新城区工会大楼' });
    const cityPoint = await point(hhht, { name: '市总工会发放点', orgId: t.seed.hhht.id });
    const res = await vol.post(`/api/points/${sanitationPoint}/lookup`, { code: card(people.county.beneficiary) });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.kind).toBe('elsewhere');
    expect(body.person).toEqual({ name: '刘建国', idMasked: expect.stringMatching(/^\d{6}\*+\d{3}[\dX]$/), orgName: '呼和浩特市新城区总工会' });
    expect(body.person.idMasked).not.toBe(people.county.idNumber);
    expect(body.points.map((p: { id: number }) => p.id)).toEqual([countyPoint, cityPoint]);
  });

  it('still finds the point’s own people as before', async () => {
    const res = await vol.post(`/api/points/${sanitationPoint}/lookup`, { code: card(people.sanitation.beneficiary) });
    expect(res.json()).toMatchObject({ beneficiaryId: people.sanitation.beneficiary, name: '王秀兰' });
  });

  it('answers a typed ID number of another county only with "not on this point’s list"', async () => {
    const res = await vol.post(`/api/points/${sanitationPoint}/lookup`, { code: people.saihan.idNumber });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toContain('本发放点的慰问名单中没有此人');
    expect(res.body).not.toContain('赛罕区职工服务中心发放点');
  });

  it('refuses a card of another campaign as not on the list, naming no point', async () => {
    const other = await campaign(sh, t.seed.saihan.id);
    const b = (await sh.get(`/api/campaigns/${other.id}/beneficiaries?pageSize=5`)).json().items[0].id as number;
    const res = await vol.post(`/api/points/${sanitationPoint}/lookup`, { code: card(b) });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('发放点」');
  });
});

describe('GET /api/points/my-duties', () => {
  it('answers 401 to a stranger and 403 to a role that does not distribute', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/points/my-duties' })).statusCode).toBe(401);
    expect((await (await t.as('sh_auditor')).get('/api/points/my-duties')).statusCode).toBe(403);
  });

  it('lists only the points the account itself is on duty at, today’s first, and which hand out today', async () => {
    const duty = [t.accounts.xcq_volunteer];
    const later = await point(xcq, { name: '明日开放发放点', orgId: t.seed.xinCheng.id, opensOn: tomorrow, dutyAccountIds: duty });
    const notMine = await point(xcq, { name: '他人值守发放点', orgId: t.seed.xinCheng.id });
    const approvedOnly = await campaign(hhht, t.seed.hhht.id, false);
    const waiting = await point(xcq, { name: '待开始活动发放点', orgId: t.seed.xinCheng.id, dutyAccountIds: duty }, approvedOnly.id);

    const res = await vol.get('/api/points/my-duties');
    expect(res.statusCode, res.body).toBe(200);
    const duties = res.json() as { pointId: number; pointName: string; today: boolean; campaignStatus: string }[];
    const ids = duties.map((d) => d.pointId);
    expect(ids).not.toContain(notMine);
    expect(duties.find((d) => d.pointId === later)).toMatchObject({ today: false, campaignStatus: 'running' });
    expect(duties.find((d) => d.pointId === waiting)).toMatchObject({ today: false, campaignStatus: 'approved' });
    const today = duties.filter((d) => d.today);
    expect(today.map((d) => d.pointName)).toEqual(['环卫中心发放点']);
    expect(duties[0]!.today).toBe(true);
  });

  it('gives staff their own duties, not every point of their subtree', async () => {
    expect((await xcq.get('/api/points/my-duties')).json()).toEqual([]);
    expect((await sh.get('/api/points/my-duties')).json()).toEqual([]);
  });
});
