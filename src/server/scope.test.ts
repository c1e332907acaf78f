/**
 * The scope suite: an account of one county (赛罕区) tries to read, list, count, export and change
 * the data of its sibling county (新城区) through every route the API has. Each attempt must fail
 * as "not found" (404, not 403, so existence does not leak) or leave the sibling's data out.
 * A route without a case here fails the suite: new routes must say how they keep scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp, type TestClient } from '../testing/app.ts';
import { chinaToday } from '../shared/dates.ts';

let t: TestApp;
let sh: TestClient; // union administrator of 赛罕区
let shAuditor: TestClient;
let target: { org: number; child: number; account: number; policy: number; auditEntry: number };

beforeAll(async () => {
  t = await createTestApp();
  const xcq = await t.as('xcq_admin');
  const nextYear = `${Number(chinaToday().slice(0, 4)) + 1}-01-01`;
  const sheet = (await xcq.post('/api/policies', { orgId: t.seed.xinCheng.id, key: 'temp_relief_cap', value: 300000, effectiveFrom: nextYear })).json();
  const policy = sheet.items.find((i: { key: string }) => i.key === 'temp_relief_cap').own[0].id;
  const admin = await t.as('admin');
  const entry = (await admin.get(`/api/audit?entity=org&entityId=${t.seed.xinChengSanitation.id}`)).json().items[0].id;
  target = { org: t.seed.xinCheng.id, child: t.seed.xinChengSanitation.id, account: t.accounts.xcq_cadre!, policy, auditEntry: entry };
  sh = await t.as('sh_admin');
  shAuditor = await t.as('sh_auditor');
});
afterAll(() => t.close());

const SIBLING_NAMES = /新城区/;

async function xlsxColumn(buf: Buffer, col: number) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb.worksheets[0]!.getColumn(col).values.slice(2).map(String);
}

function expectNotFound(res: { statusCode: number; json(): { message: string } }) {
  expect(res.statusCode).toBe(404);
  expect(res.json().message).toMatch(/不存在或无权访问/);
}

type Case = () => Promise<void>;
const notOrgData = (why: string): Case => async () => {
  expect(why.length).toBeGreaterThan(0);
};

const cases: Record<string, Case> = {
  'GET /api/health': notOrgData('liveness probe'),
  'GET /api/system/info': notOrgData('installation facts for the sign-in page'),
  'POST /api/auth/login': notOrgData('signs in; no org data'),
  'POST /api/auth/logout': notOrgData('ends the caller’s own session'),
  'GET /api/auth/me': notOrgData('the caller’s own account'),
  'POST /api/auth/password': notOrgData('the caller’s own password'),
  'POST /api/auth/sessions/revoke-all': notOrgData('the caller’s own sessions'),
  'GET /api/divisions': notOrgData('public GB/T 2260 reference data'),
  'GET /api/orgs/import/template': notOrgData('an empty template'),

  'GET /api/orgs/tree': async () => {
    expectNotFound(await sh.get(`/api/orgs/tree?parentId=${target.org}`));
    const top = (await sh.get('/api/orgs/tree')).json();
    expect(top.map((o: { id: number }) => o.id)).toEqual([t.seed.saihan.id]);
  },
  'GET /api/orgs/search': async () => {
    expect((await sh.get('/api/orgs/search?q=新城区')).json().total).toBe(0);
    expect((await sh.get(`/api/orgs/search?within=${target.org}`)).statusCode).toBe(404);
  },
  'GET /api/orgs/stats': async () => {
    expectNotFound(await sh.get(`/api/orgs/stats?orgId=${target.org}`));
    expect((await sh.get('/api/orgs/stats')).json().total).toBe(2);
  },
  'GET /api/orgs/export': async () => {
    expectNotFound(await sh.get(`/api/orgs/export?within=${target.org}`));
    const names = await xlsxColumn((await sh.get('/api/orgs/export')).rawPayload, 1);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => SIBLING_NAMES.test(n))).toEqual([]);
  },
  'POST /api/orgs/import': async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('x');
    ws.addRow(['组织名称', '组织类型', '上级组织']);
    ws.addRow(['越权导入工会', '基层工会', '呼和浩特市新城区总工会']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const boundary = 'scope-boundary';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await sh.request({ method: 'POST', url: '/api/orgs/import?mode=apply', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(res.json().applied).toBe(false);
    expect(res.json().errors[0].message).toContain('找不到上级组织');
  },
  'GET /api/orgs/{id}': async () => expectNotFound(await sh.get(`/api/orgs/${target.child}`)),
  'POST /api/orgs': async () => expectNotFound(await sh.post('/api/orgs', { parentId: target.org, name: '越权新增', type: 'grassroots' })),
  'PATCH /api/orgs/{id}': async () => expectNotFound(await sh.patch(`/api/orgs/${target.child}`, { address: '越权' })),
  'POST /api/orgs/{id}/move': async () => {
    expectNotFound(await sh.post(`/api/orgs/${target.child}/move`, { parentId: t.seed.saihan.id }));
    expectNotFound(await sh.post(`/api/orgs/${t.seed.saihanJoint.id}/move`, { parentId: target.org }));
  },
  'POST /api/orgs/{id}/status': async () => expectNotFound(await sh.post(`/api/orgs/${target.child}/status`, { status: 'inactive' })),

  'GET /api/accounts': async () => {
    const list = (await sh.get('/api/accounts?pageSize=200')).json();
    expect(list.items.map((a: { orgName: string }) => a.orgName).filter((n: string) => SIBLING_NAMES.test(n))).toEqual([]);
    expect(list.total).toBe(2);
    expectNotFound(await sh.get(`/api/accounts?orgId=${target.org}`));
  },
  'GET /api/accounts/stats': async () => expect((await sh.get('/api/accounts/stats')).json().total).toBe(2),
  'GET /api/accounts/export': async () => {
    const orgNames = await xlsxColumn((await sh.get('/api/accounts/export')).rawPayload, 3);
    expect(orgNames.length).toBe(2);
    expect(orgNames.filter((n) => SIBLING_NAMES.test(n))).toEqual([]);
  },
  'GET /api/accounts/{id}': async () => expectNotFound(await sh.get(`/api/accounts/${target.account}`)),
  'POST /api/accounts': async () =>
    expectNotFound(await sh.post('/api/accounts', { username: 'intruder', displayName: '越权', orgId: target.org, roles: ['cadre'], password: 'Intrude123' })),
  'PATCH /api/accounts/{id}': async () => expectNotFound(await sh.patch(`/api/accounts/${target.account}`, { status: 'disabled' })),
  'POST /api/accounts/{id}/reset-password': async () => expectNotFound(await sh.post(`/api/accounts/${target.account}/reset-password`, { password: 'Hijack1234' })),
  'POST /api/accounts/{id}/revoke-sessions': async () => expectNotFound(await sh.post(`/api/accounts/${target.account}/revoke-sessions`)),
  'GET /api/roles': async () => {
    const roles = (await sh.get('/api/roles')).json();
    expect(roles.find((r: { role: string }) => r.role === 'cadre').accountCount).toBe(0);
    expect(roles.find((r: { role: string }) => r.role === 'union_admin').accountCount).toBe(1);
  },

  'GET /api/policies': async () => expectNotFound(await sh.get(`/api/policies?orgId=${target.org}`)),
  'POST /api/policies': async () =>
    expectNotFound(await sh.post('/api/policies', { orgId: target.org, key: 'dibao_monthly', value: 1, effectiveFrom: '2030-01-01' })),
  'DELETE /api/policies/{id}': async () => expectNotFound(await sh.delete(`/api/policies/${target.policy}`)),

  'GET /api/audit': async () => {
    const page = (await shAuditor.get('/api/audit?pageSize=200')).json();
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.filter((e: { orgName: string | null; summary: string | null }) => SIBLING_NAMES.test(`${e.orgName}${e.summary}`))).toEqual([]);
    expect((await shAuditor.get(`/api/audit?orgId=${target.child}`)).json().total).toBe(0);
  },
  'GET /api/audit/{id}': async () => expectNotFound(await shAuditor.get(`/api/audit/${target.auditEntry}`)),
  'POST /api/audit/verify': async () => {
    // The chain spans every org: a county's auditor may not even learn its length.
    const res = await shAuditor.post('/api/audit/verify');
    expect(res.statusCode).toBe(403);
  },
};

describe('scope: a county account cannot reach its sibling county through any route', () => {
  it('has a case for every route in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`));
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((r) => !(r in cases))).toEqual([]);
    expect(Object.keys(cases).filter((c) => !routes.includes(c))).toEqual([]);
  });

  for (const [route, run] of Object.entries(cases)) {
    it(route, run);
  }
});
