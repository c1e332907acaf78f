import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoTestDatabase } from '../../testing/demo-db.ts';
import { TestClient } from '../../testing/app.ts';
import { buildApp } from '../../server/app.ts';
import type { Database } from '../../server/db.ts';
import { DEMO_PASSWORD } from '../../server/demo/load-demo.ts';

let database: Database;
let app: Awaited<ReturnType<typeof buildApp>>;
beforeAll(async () => {
  const demo = await createDemoTestDatabase();
  database = demo.database;
  app = await buildApp({ db: database.db, config: demo.config, cipher: demo.cipher, copyInto: database.copyInto });
  await app.ready();
}, 600_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const login = (username: string) => new TestClient(app).login(username, DEMO_PASSWORD);

describe('demo mutual aid', () => {
  it('gives 宁夏’s new-employment-form workers the union’s accident cover, counted by occupation', async () => {
    const nx = await login('nx_admin');
    const plans = (await nx.get('/api/mutualaid/plans')).json().items;
    const plan = plans.find((p: { kind: string }) => p.kind === 'new_form_accident');
    const stats = (await nx.get(`/api/mutualaid/stats/enrolment?planId=${plan.id}`)).json();
    expect(stats.total).toBeGreaterThan(0);
    expect(stats.gifted).toBe(stats.total);
    expect(stats.byOccupation.map((o: { label: string }) => o.label).sort()).toEqual(['外卖送餐员', '快递员', '网约车司机', '货车司机'].sort());
  });

  it('has the hospitalisation plan with claims in every state', async () => {
    const hhht = await login('hhht_admin');
    const claims = (await hhht.get('/api/mutualaid/claims?pageSize=50')).json().items as { status: string; flags: unknown[] }[];
    expect(new Set(claims.map((c) => c.status))).toEqual(new Set(['received', 'reviewed', 'rechecked', 'approved', 'paid', 'rejected']));
    expect(claims.some((c) => c.flags.length > 0)).toBe(true);
    expect((await hhht.get('/api/mutualaid/payments')).json().total).toBeGreaterThan(0);
  });
});
