/**
 * 职业代码表 through the HTTP API: the list with people counts of the caller's scope, and the
 * system administrator's additions and renames (audited, names unique).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';

let t: TestApp;
let admin: TestClient;
let xcq: TestClient;
let sh: TestClient;

let seq = 300;
const idNumber = (region: string) => withCheckCharacter(`${region}19860415${String((seq += 2)).padStart(3, '0')}`);

interface OccupationRow {
  code: string;
  label: string;
  builtin: boolean;
  sort: number;
  peopleCount: number | null;
}
const list = async (c: TestClient) => (await c.get('/api/occupations')).json() as OccupationRow[];
const find = async (c: TestClient, code: string) => (await list(c)).find((o) => o.code === code);
const fieldsOf = (res: { json(): { fields: { field: string; message: string }[] } }) => Object.fromEntries(res.json().fields.map((f) => [f.field, f.message]));

beforeAll(async () => {
  t = await createTestApp();
  [admin, xcq, sh] = await Promise.all([t.as('admin'), t.as('xcq_admin'), t.as('sh_admin')]);
});
afterAll(() => t.close());

describe('GET /api/occupations', () => {
  it('answers 401 to the anonymous', async () => {
    expect((await t.anonymous().get('/api/occupations')).statusCode).toBe(401);
  });

  it('lists the built-in code list in order, 其他 last', async () => {
    const rows = await list(xcq);
    expect(rows[0]).toMatchObject({ code: 'sanitation', label: '环卫工人', builtin: true, sort: 10 });
    expect(rows.at(-1)).toMatchObject({ code: 'other', label: '其他', builtin: true });
    expect(rows.map((o) => o.sort)).toEqual([...rows.map((o) => o.sort)].sort((a, b) => a - b));
  });

  it('counts the active people holding each occupation within the caller’s scope only, merged records left out', async () => {
    const add = async (c: TestClient, orgId: number, region: string, name: string) => {
      const res = await c.post('/api/people', { name, idNumber: idNumber(region), orgId, occupation: 'courier' });
      expect(res.statusCode).toBe(201);
      return res.json().id as number;
    };
    const a = await add(xcq, t.seed.xinChengSanitation.id, '150102', '快递甲');
    const b = await add(xcq, t.seed.xinChengSanitation.id, '150102', '快递乙');
    await add(sh, t.seed.saihanJoint.id, '150105', '快递丙');

    expect((await find(xcq, 'courier'))!.peopleCount).toBe(2);
    expect((await find(sh, 'courier'))!.peopleCount).toBe(1);
    expect((await find(admin, 'courier'))!.peopleCount).toBe(3);
    expect((await find(xcq, 'truck_driver'))!.peopleCount).toBe(0);

    expect((await xcq.post('/api/people/merge', { survivorId: a, mergedId: b, reason: '重复录入' })).statusCode).toBe(200);
    expect((await find(xcq, 'courier'))!.peopleCount).toBe(1);
  });

  it('gives no counts to an account that may not read the registry', async () => {
    const rows = await list(await t.as('xcq_volunteer'));
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.every((o) => o.peopleCount === null)).toBe(true);
  });
});

describe('POST /api/occupations', () => {
  it('answers 401, then 400 naming the field in Chinese', async () => {
    expect((await t.anonymous().post('/api/occupations', { code: 'grid_worker', label: '网格员' })).statusCode).toBe(401);
    const bad = await admin.post('/api/occupations', { code: 'Grid Worker', label: '' });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toEqual({ code: '职业代码须为小写字母开头的字母、数字或下划线（2–40 位）', label: '请填写职业名称' });
    expect(fieldsOf(await admin.post('/api/occupations', { label: '网格员' }))).toEqual({ code: '请填写职业代码' });
  });

  it('answers 403 to anyone but a system administrator', async () => {
    expect((await (await t.as('xcq_volunteer')).post('/api/occupations', { code: 'grid_worker', label: '网格员' })).statusCode).toBe(403);
    const union = await xcq.post('/api/occupations', { code: 'grid_worker', label: '网格员' });
    expect(union.statusCode).toBe(403);
    expect(union.json().message).toContain('请联系系统管理员');
  });

  it('adds an occupation after the built-ins and before 其他, audited; a taken code or name is a 409 at its field', async () => {
    const res = await admin.post('/api/occupations', { code: 'grid_worker', label: '网格员' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ code: 'grid_worker', label: '网格员', builtin: false, sort: 500, peopleCount: 0 });
    const codes = (await list(xcq)).map((o) => o.code);
    expect(codes.indexOf('grid_worker')).toBe(codes.length - 2);

    const sameName = await admin.post('/api/occupations', { code: 'grid_worker2', label: '网格员' });
    expect(sameName.statusCode).toBe(409);
    expect(fieldsOf(sameName)).toEqual({ label: '已有同名职业' });
    const sameCode = await admin.post('/api/occupations', { code: 'grid_worker', label: '社区网格员' });
    expect(fieldsOf(sameCode)).toEqual({ code: '已有相同代码的职业' });

    const audit = (await admin.get('/api/audit?entity=occupation&entityId=grid_worker')).json().items;
    expect(audit[0]).toMatchObject({ action: 'create', summary: '新增职业 网格员', actorName: 'admin' });
  });
});

describe('PATCH /api/occupations/:code', () => {
  beforeAll(async () => {
    await admin.post('/api/occupations', { code: 'elder_carer', label: '养老护理' });
  });
  /** 养老护理 under the name the rename test gives it. */
  const renamed = async () => {
    if ((await find(admin, 'elder_carer'))!.label !== '养老护理员') await admin.patch('/api/occupations/elder_carer', { label: '养老护理员' });
  };

  it('answers 401, then 400 naming the field in Chinese', async () => {
    expect((await t.anonymous().patch('/api/occupations/elder_carer', { label: '养老护理员' })).statusCode).toBe(401);
    const blank = await admin.patch('/api/occupations/elder_carer', { label: '  ' });
    expect(blank.statusCode).toBe(400);
    expect(fieldsOf(blank)).toEqual({ label: '请填写职业名称' });
    const long = await admin.patch('/api/occupations/elder_carer', { label: '养'.repeat(21) });
    expect(fieldsOf(long)).toEqual({ label: '职业名称不能超过 20 个字' });
    expect(fieldsOf(await admin.patch('/api/occupations/elder_carer', { sort: 1.5 }))).toEqual({ sort: '排序号须为整数' });
    const empty = await admin.patch('/api/occupations/elder_carer', {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toBe('请填写要修改的职业名称或排序号');
  });

  it('answers 403 to anyone but a system administrator, 404 for an unknown code', async () => {
    expect((await (await t.as('xcq_volunteer')).patch('/api/occupations/elder_carer', { label: '养老护理员' })).statusCode).toBe(403);
    expect((await xcq.patch('/api/occupations/elder_carer', { label: '养老护理员' })).statusCode).toBe(403);
    const missing = await admin.patch('/api/occupations/no_such_job', { label: '不存在' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toBe('职业不存在或无权访问');
  });

  it('renames an occupation, keeping its code, so people holding it show the new name; audited with before and after', async () => {
    const person = (
      await xcq.post('/api/people', { name: '护理员甲', idNumber: idNumber('150102'), orgId: t.seed.xinChengSanitation.id, occupation: 'elder_carer' })
    ).json();
    const res = await admin.patch('/api/occupations/elder_carer', { label: '养老护理员' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ code: 'elder_carer', label: '养老护理员', builtin: false, sort: 500, peopleCount: 1 });
    expect((await find(xcq, 'elder_carer'))!.label).toBe('养老护理员');
    expect((await xcq.get(`/api/people/${person.id}`)).json()).toMatchObject({ occupation: 'elder_carer', occupationLabel: '养老护理员' });

    const [entry] = (await admin.get('/api/audit?entity=occupation&entityId=elder_carer')).json().items;
    expect(entry).toMatchObject({ action: 'update', summary: '修改职业名称 养老护理 → 养老护理员' });
    expect(entry.before).toMatchObject({ label: '养老护理' });
    expect(entry.after).toMatchObject({ label: '养老护理员' });
  });

  it('renames a built-in occupation and moves an occupation in the order', async () => {
    await renamed();
    expect((await admin.patch('/api/occupations/security', { label: '保安员（含门卫）' })).json()).toMatchObject({
      code: 'security',
      label: '保安员（含门卫）',
      builtin: true,
    });
    expect((await admin.patch('/api/occupations/elder_carer', { sort: 5 })).json()).toMatchObject({ label: '养老护理员', sort: 5 });
    expect((await list(xcq))[0]!.code).toBe('elder_carer');
  });

  it('refuses a name another occupation has, at 职业名称', async () => {
    await renamed();
    const res = await admin.patch('/api/occupations/elder_carer', { label: '环卫工人' });
    expect(res.statusCode).toBe(409);
    expect(fieldsOf(res)).toEqual({ label: '已有同名职业' });
    expect((await find(admin, 'elder_carer'))!.label).toBe('养老护理员');
  });
});
