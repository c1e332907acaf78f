/**
 * GET /api/orgs/transfer-targets: the 转入工会 lookup. It crosses scope on purpose (a worker of
 * 新城区 may take a job in 包头), so these tests pin down how little it says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { withCreditCheck } from '../../shared/ids.ts';

let t: TestApp;
let xcq: TestClient;
const creditCode = withCreditCheck('91150203MA0000001');
let kunSanitation: number;
let xcqHuanwei: number;
let kunHuanwei: number;

const lookup = (c: TestClient, q: string) => c.get(`/api/orgs/transfer-targets?q=${encodeURIComponent(q)}`);

beforeAll(async () => {
  t = await createTestApp();
  const nmg = await t.as('nmg_admin');
  const add = async (parentId: number, body: Record<string, unknown>) => {
    const res = await nmg.post('/api/orgs', { parentId, type: 'grassroots', ...body });
    if (res.statusCode !== 201) throw new Error(res.body);
    return res.json().id as number;
  };
  kunSanitation = await add(t.seed.kundulun.id, {
    name: '包头市昆都仑区环境卫生管理处工会',
    shortName: '昆区环卫处',
    creditCode,
    address: '包头市昆都仑区钢铁大街 1 号',
    contactName: '王红梅',
    contactPhone: '0472-2100000',
  });
  // The same name under two counties: only the names above tell them apart.
  xcqHuanwei = await add(t.seed.xinCheng.id, { name: '环卫工会' });
  kunHuanwei = await add(t.seed.kundulun.id, { name: '环卫工会', type: 'joint' });
  const closed = await add(t.seed.kundulun.id, { name: '昆都仑区已撤销企业工会' });
  await nmg.post(`/api/orgs/${closed}/status`, { status: 'inactive' });
  await add(t.seed.baotou.id, { name: '包头市冶金工会', type: 'industrial' });
  for (let i = 1; i <= 22; i++) await add(t.seed.baotou.id, { name: `包头市批量测试${i}号工会` });
  xcq = await t.as('xcq_admin');
});
afterAll(() => t.close());

describe('GET /api/orgs/transfer-targets', () => {
  it('answers 401 without a session', async () => {
    expect((await t.anonymous().get('/api/orgs/transfer-targets?q=环卫')).statusCode).toBe(401);
  });

  it('answers 400 naming the search text when it is missing, one character or too long', async () => {
    expect((await xcq.get('/api/orgs/transfer-targets')).statusCode).toBe(400);
    const short = await lookup(xcq, '环');
    expect(short.statusCode).toBe(400);
    expect(short.json().message).toContain('查找条件至少 2 个字');
    expect((await lookup(xcq, '工'.repeat(51))).statusCode).toBe(400);
  });

  it('answers 403 to accounts that may not transfer people (auditor, volunteer)', async () => {
    for (const who of ['nmg_auditor', 'xcq_volunteer']) {
      expect((await lookup(await t.as(who), '环卫')).statusCode).toBe(403);
    }
  });

  it('finds a union in another city by part of its name, with the federations above it and nothing else', async () => {
    const hits = (await lookup(xcq, '环境卫生管理处')).json();
    expect(hits).toEqual([
      {
        id: kunSanitation,
        name: '包头市昆都仑区环境卫生管理处工会',
        type: 'grassroots',
        ancestors: ['内蒙古自治区总工会', '包头市总工会', '包头市昆都仑区总工会'],
        inScope: false,
      },
    ]);
    expect(JSON.stringify(hits)).not.toMatch(/王红梅|0472|钢铁大街|昆区环卫处|MA0000001/);
  });

  it('matches short name, full pinyin, initials and the credit code typed in lower case', async () => {
    for (const q of ['昆区环卫处', 'huanjingweishengguanlichu', 'btskdlqhjws', creditCode.toLowerCase()]) {
      expect(
        (await lookup(xcq, q)).json().map((o: { id: number }) => o.id),
        q,
      ).toContain(kunSanitation);
    }
  });

  it('tells two unions of the same name apart by the names above them, and marks the one in the caller’s own subtree', async () => {
    const hits = (await lookup(xcq, '环卫工会')).json() as { id: number; ancestors: string[]; inScope: boolean }[];
    const byId = new Map(hits.map((h) => [h.id, h]));
    expect(byId.get(xcqHuanwei)).toMatchObject({ ancestors: ['内蒙古自治区总工会', '呼和浩特市总工会', '呼和浩特市新城区总工会'], inScope: true });
    expect(byId.get(kunHuanwei)).toMatchObject({ ancestors: ['内蒙古自治区总工会', '包头市总工会', '包头市昆都仑区总工会'], inScope: false });
  });

  it('offers only active unions that hold members: no federations, industrial unions or disabled unions', async () => {
    const names = (await lookup(xcq, '昆都仑')).json().map((o: { name: string }) => o.name) as string[];
    expect(names).toEqual(['包头市昆都仑区环境卫生管理处工会']);
    expect((await lookup(xcq, '包头市总工会')).json()).toEqual([]);
    expect((await lookup(xcq, '冶金工会')).json()).toEqual([]);
    expect((await lookup(xcq, '已撤销企业')).json()).toEqual([]);
  });

  it('answers at most 20 unions, so it cannot list the tree', async () => {
    expect((await lookup(xcq, '批量测试')).json()).toHaveLength(20);
  });
});
