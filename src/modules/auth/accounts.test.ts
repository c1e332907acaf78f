import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, TestClient, type TestApp } from '../../testing/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const newAccount = (orgId: number, over: Record<string, unknown> = {}) => ({
  username: `user${Math.random().toString(36).slice(2, 8)}`,
  displayName: '张三',
  orgId,
  roles: ['cadre'],
  password: 'Start12345',
  ...over,
});

describe('GET /api/accounts', () => {
  it('answers 401, 403 for a role without account:read, and lists only the subtree', async () => {
    expect((await t.anonymous().get('/api/accounts')).statusCode).toBe(401);
    expect((await (await t.as('xcq_cadre')).get('/api/accounts')).statusCode).toBe(403);
    const page = (await (await t.as('xcq_admin')).get('/api/accounts?pageSize=100')).json();
    const names = page.items.map((a: { username: string }) => a.username).sort();
    expect(names).toEqual(['xcq_admin', 'xcq_cadre', 'xcq_volunteer']);
    expect(page.total).toBe(3);
  });

  it('filters by org subtree, role and keyword, sorts and pages', async () => {
    const c = await t.as('nmg_admin');
    const auditors = (await c.get('/api/accounts?role=auditor')).json();
    expect(auditors.items.map((a: { username: string }) => a.username).sort()).toEqual(['nmg_auditor', 'sh_auditor']);
    const saihan = (await c.get(`/api/accounts?orgId=${t.seed.saihan.id}`)).json();
    expect(saihan.total).toBe(2);
    const page2 = (await c.get('/api/accounts?pageSize=2&page=2&sort=username&order=desc')).json();
    expect(page2.items).toHaveLength(2);
    expect(page2.total).toBe(8);
    expect((await c.get('/api/accounts?q=xcq')).json().total).toBe(3);
    expect((await (await t.as('xcq_admin')).get(`/api/accounts?orgId=${t.seed.saihan.id}`)).statusCode).toBe(404);
  });
});

describe('POST /api/accounts', () => {
  it('answers 400 with Chinese messages at the fields', async () => {
    const c = await t.as('xcq_admin');
    const res = await c.post('/api/accounts', { username: '1x', displayName: '', orgId: t.seed.xinCheng.id, roles: [], password: 'abc' });
    expect(res.statusCode).toBe(400);
    // The first message of each field is the one a form shows.
    const fields = Object.fromEntries(
      res
        .json()
        .fields.reverse()
        .map((f: { field: string; message: string }) => [f.field, f.message]),
    );
    expect(fields).toMatchObject({
      username: '用户名须以字母开头，3–32 位字母、数字、下划线、点或横线',
      displayName: '请填写姓名',
      roles: '请至少选择一个角色',
      password: '初始密码至少 8 位',
    });
  });

  it('answers 404 for an org outside the subtree, and refuses roles the actor cannot grant', async () => {
    const c = await t.as('xcq_admin');
    expect((await c.post('/api/accounts', newAccount(t.seed.saihan.id))).statusCode).toBe(404);
    const sys = await c.post('/api/accounts', newAccount(t.seed.xinCheng.id, { roles: ['sysadmin'] }));
    expect(sys.statusCode).toBe(400);
    expect(sys.json().fields[0]).toEqual({ field: 'roles', message: '您不能授予「系统管理员」角色' });
  });

  it('creates an account that must change its password at first login; a repeated name is a 409', async () => {
    const c = await t.as('xcq_admin');
    const body = newAccount(t.seed.xinChengSanitation.id, { username: 'Li.Na' });
    const res = await c.post('/api/accounts', body);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      username: 'li.na',
      orgName: '新城区环境卫生服务中心工会',
      roles: ['cadre'],
      mustChangePassword: true,
      can: { edit: true },
    });
    const again = await c.post('/api/accounts', { ...body, username: 'LI.NA' });
    expect(again.statusCode).toBe(409);
    expect(again.json().fields[0]).toEqual({ field: 'username', message: '该用户名已被使用' });
    const login = await new TestClient(t.app).login('li.na', 'Start12345');
    expect((await login.get('/api/auth/me')).json().account.mustChangePassword).toBe(true);
  });
});

describe('PATCH /api/accounts/:id', () => {
  it('answers 404 for an account of a sibling county', async () => {
    const c = await t.as('xcq_admin');
    expect((await c.patch(`/api/accounts/${t.accounts.sh_admin}`, { displayName: 'x' })).statusCode).toBe(404);
    expect((await c.get(`/api/accounts/${t.accounts.sh_admin}`)).statusCode).toBe(404);
    expect((await c.post(`/api/accounts/${t.accounts.sh_admin}/reset-password`, { password: 'Hijack1234' })).statusCode).toBe(404);
    expect((await c.post(`/api/accounts/${t.accounts.sh_admin}/revoke-sessions`)).statusCode).toBe(404);
  });

  it('keeps a union administrator away from the system administrator and from locking themselves out', async () => {
    const nmg = await t.as('nmg_admin');
    const self = await nmg.patch(`/api/accounts/${t.accounts.nmg_admin}`, { status: 'disabled' });
    expect(self.json().fields[0]).toEqual({ field: 'status', message: '不能停用自己的账号' });
    const demote = await nmg.patch(`/api/accounts/${t.accounts.nmg_admin}`, { roles: ['cadre'] });
    expect(demote.statusCode).toBe(400);
    const admin = await t.as('admin');
    const sys = (await admin.post('/api/accounts', newAccount(t.seed.nmg.id, { roles: ['sysadmin'] }))).json();
    expect(sys.roles).toEqual(['sysadmin']);
    const view = (await nmg.get(`/api/accounts/${sys.id}`)).json();
    expect(view.can.edit).toBe(false);
    const res = await nmg.patch(`/api/accounts/${sys.id}`, { displayName: '改名' });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toBe('只有系统管理员可以修改系统管理员账号');
  });

  it('leaves a fellow administrator of the same union to a higher union', async () => {
    const xcq = await t.as('xcq_admin');
    const peer = (await (await t.as('admin')).post('/api/accounts', newAccount(t.seed.xinCheng.id, { roles: ['union_admin'] }))).json();
    expect((await xcq.get(`/api/accounts/${peer.id}`)).json().can.edit).toBe(false);
    for (const res of [
      await xcq.post(`/api/accounts/${peer.id}/reset-password`, { password: 'Taken12345' }),
      await xcq.patch(`/api/accounts/${peer.id}`, { status: 'disabled' }),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().message).toBe('同级工会的管理员账号须由上级工会或系统管理员修改');
    }
    expect((await xcq.get(`/api/accounts/${peer.id}`)).json().status).toBe('active');
    // The city above may, and the county still manages its cadres.
    const hhht = await t.as('hhht_admin');
    expect((await hhht.get(`/api/accounts/${peer.id}`)).json().can.edit).toBe(true);
    expect((await hhht.patch(`/api/accounts/${peer.id}`, { status: 'disabled' })).statusCode).toBe(200);
    expect((await xcq.get(`/api/accounts/${t.accounts.xcq_cadre}`)).json().can.edit).toBe(true);
  });

  it('moving an account to another org changes its scope on the next request', async () => {
    const nmg = await t.as('nmg_admin');
    const body = newAccount(t.seed.xinCheng.id, { roles: ['union_admin'] });
    const created = (await nmg.post('/api/accounts', body)).json();
    const mover = new TestClient(t.app);
    await mover.login(body.username, body.password);
    await mover.post('/api/auth/password', { currentPassword: body.password, newPassword: 'Moved12345' });
    await mover.login(body.username, 'Moved12345');
    expect((await mover.get(`/api/orgs/${t.seed.xinChengSanitation.id}`)).statusCode).toBe(200);
    // Moving keeps no stale scope: the old sessions end and the new org applies at once.
    await nmg.patch(`/api/accounts/${created.id}`, { orgId: t.seed.saihan.id });
    expect((await mover.get('/api/auth/me')).statusCode).toBe(401);
    await mover.login(body.username, 'Moved12345');
    expect((await mover.get(`/api/orgs/${t.seed.xinChengSanitation.id}`)).statusCode).toBe(404);
    expect((await mover.get(`/api/orgs/${t.seed.saihanJoint.id}`)).statusCode).toBe(200);
  });

  it('an org moved under another parent changes what its accounts see, with no new login', async () => {
    const hhht = await t.as('hhht_admin');
    const sh = await t.as('sh_admin');
    const nmg = await t.as('nmg_admin');
    expect((await hhht.get(`/api/orgs/${t.seed.saihan.id}`)).statusCode).toBe(200);
    expect((await nmg.post(`/api/orgs/${t.seed.saihan.id}/move`, { parentId: t.seed.nmg.id })).statusCode).toBe(200);
    expect((await hhht.get(`/api/orgs/${t.seed.saihan.id}`)).statusCode).toBe(404);
    expect((await hhht.get(`/api/accounts/${t.accounts.sh_admin}`)).statusCode).toBe(404);
    expect((await sh.get(`/api/orgs/${t.seed.saihanJoint.id}`)).statusCode).toBe(200);
    expect((await nmg.post(`/api/orgs/${t.seed.saihan.id}/move`, { parentId: t.seed.hhht.id })).statusCode).toBe(200);
    expect((await hhht.get(`/api/orgs/${t.seed.saihan.id}`)).statusCode).toBe(200);
  });
});

describe('GET /api/accounts/export and /api/roles', () => {
  it('exports the filtered subtree list, nothing more', async () => {
    const res = await (await t.as('hhht_admin')).get('/api/accounts/export?role=union_admin');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows = wb.worksheets[0]!.getSheetValues().slice(2) as unknown[][];
    const usernames = rows.map((r) => r[1]);
    expect(usernames).toContain('hhht_admin');
    expect(usernames).not.toContain('nmg_admin');
    expect(rows.every((r) => r[4] === '工会管理员')).toBe(true);
  });

  it('describes roles in Chinese with their permissions and account counts', async () => {
    const roles = (await (await t.as('admin')).get('/api/roles')).json();
    const auditor = roles.find((r: { role: string }) => r.role === 'auditor');
    expect(auditor.label).toBe('审计员');
    expect(auditor.permissions.map((p: { label: string }) => p.label)).toContain('查看和校验审计日志');
    expect(auditor.accountCount).toBe(2);
  });
});
