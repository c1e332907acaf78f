import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { getEffectivePolicy } from './policies.service.ts';
import { chinaToday } from '../../shared/dates.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const item = (sheet: { items: { key: string }[] }, key: string) =>
  sheet.items.find((i) => i.key === key) as never as {
    effective: { value: number; orgName: string; inherited: boolean; effectiveFrom: string } | null;
    own: { id: number; pending: boolean }[];
  };

describe('policy parameters', () => {
  it('answers 401, 403 for a role without policy:write, 400 for a bad value, 404 out of scope', async () => {
    expect((await t.anonymous().get('/api/policies')).statusCode).toBe(401);
    const cadre = await t.as('xcq_cadre');
    expect((await cadre.get('/api/policies')).statusCode).toBe(200);
    expect((await cadre.post('/api/policies', { orgId: t.seed.xinCheng.id, key: 'dibao_monthly', value: 1, effectiveFrom: '2025-01-01' })).statusCode).toBe(
      403,
    );
    const admin = await t.as('xcq_admin');
    const bad = await admin.post('/api/policies', { orgId: t.seed.xinCheng.id, key: 'relative_hardship_multiplier', value: 9, effectiveFrom: '2025-01-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0]).toEqual({ field: 'value', message: '相对困难线倍数不能大于 5' });
    const fen = await admin.post('/api/policies', { orgId: t.seed.xinCheng.id, key: 'dibao_monthly', value: 760.5, effectiveFrom: '2025-01-01' });
    expect(fen.json().message).toBe('城乡低保标准最多保留两位小数');
    expect((await admin.get(`/api/policies?orgId=${t.seed.saihan.id}`)).statusCode).toBe(404);
    expect((await admin.post('/api/policies', { orgId: t.seed.saihan.id, key: 'dibao_monthly', value: 76000, effectiveFrom: '2025-01-01' })).statusCode).toBe(
      404,
    );
  });

  it('inherits down the tree until an org sets its own value, by effective date', async () => {
    const nmg = await t.as('nmg_admin');
    const hhht = await t.as('hhht_admin');
    expect(
      (await nmg.post('/api/policies', { orgId: t.seed.nmg.id, key: 'dibao_monthly', value: 86000, effectiveFrom: '2025-01-01', note: '内政发〔2025〕1号' }))
        .statusCode,
    ).toBe(200);
    const inherited = item((await hhht.get(`/api/policies?orgId=${t.seed.xinCheng.id}`)).json(), 'dibao_monthly');
    expect(inherited.effective).toMatchObject({ value: 86000, orgName: '内蒙古自治区总工会', inherited: true });
    await hhht.post('/api/policies', { orgId: t.seed.hhht.id, key: 'dibao_monthly', value: 93500, effectiveFrom: '2025-07-01' });
    const before = item((await hhht.get(`/api/policies?orgId=${t.seed.xinCheng.id}&date=2025-06-30`)).json(), 'dibao_monthly');
    const after = item((await hhht.get(`/api/policies?orgId=${t.seed.xinCheng.id}&date=2025-07-01`)).json(), 'dibao_monthly');
    expect(before.effective!.value).toBe(86000);
    expect(after.effective).toMatchObject({ value: 93500, orgName: '呼和浩特市总工会' });
    // A nearer org's value wins even when an ancestor changes later.
    await nmg.post('/api/policies', { orgId: t.seed.nmg.id, key: 'dibao_monthly', value: 90000, effectiveFrom: '2025-10-01' });
    expect((await getEffectivePolicy(t.db, t.seed.xinChengSanitation, 'dibao_monthly', '2025-12-01'))!.value).toBe(93500);
    expect((await getEffectivePolicy(t.db, t.seed.kundulun, 'dibao_monthly', '2025-12-01'))!.value).toBe(90000);
    expect(await getEffectivePolicy(t.db, t.seed.kundulun, 'dibao_monthly', '2024-12-31')).toBeNull();
  });

  it('never overwrites a value in force, and withdraws only one not yet in force', async () => {
    const c = await t.as('xcq_admin');
    const past = await c.post('/api/policies', { orgId: t.seed.xinCheng.id, key: 'temp_relief_cap', value: 300000, effectiveFrom: '2025-01-01' });
    expect(past.statusCode).toBe(200);
    const overwrite = await c.post('/api/policies', { orgId: t.seed.xinCheng.id, key: 'temp_relief_cap', value: 500000, effectiveFrom: '2025-01-01' });
    expect(overwrite.statusCode).toBe(409);
    expect(overwrite.json().fields[0].field).toBe('effectiveFrom');
    const nextYear = `${Number(chinaToday().slice(0, 4)) + 1}-01-01`;
    const future = (await c.post('/api/policies', { orgId: t.seed.xinCheng.id, key: 'temp_relief_cap', value: 400000, effectiveFrom: nextYear })).json();
    const own = item(future, 'temp_relief_cap').own;
    expect(own.map((o) => o.pending)).toEqual([true, false]);
    const inForce = own.find((o) => !o.pending)!;
    expect((await c.delete(`/api/policies/${inForce.id}`)).statusCode).toBe(409);
    expect((await (await t.as('sh_admin')).delete(`/api/policies/${own[0]!.id}`)).statusCode).toBe(404);
    expect((await c.delete(`/api/policies/${own[0]!.id}`)).statusCode).toBe(200);
    expect(item((await c.get(`/api/policies?orgId=${t.seed.xinCheng.id}`)).json(), 'temp_relief_cap').own).toHaveLength(1);
  });
});
