import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp } from '../../testing/app.ts';
import { queryRows } from '../../server/db.ts';

const t = await createTestApp();
afterAll(() => t.close());

describe('worker sessions are apart from staff sessions', () => {
  it('a worker session reaches the worker routes and nothing of the staff side', async () => {
    const w = await t.asWorker('13800001111');
    const me = (await w.get('/api/m/me')).json();
    expect(me.worker).toMatchObject({ phoneMasked: '138****1111', registered: false, person: null });
    expect((await w.get('/api/auth/me')).statusCode).toBe(401);
    expect((await w.get('/api/people')).statusCode).toBe(401);
  });

  it('a staff session does not count as a worker', async () => {
    const staff = await t.as('xcq_admin');
    const res = await staff.get('/api/m/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toBe('请先用手机号登录');
  });

  it('a worker write needs the worker CSRF token, and signing out ends the session', async () => {
    const w = await t.asWorker('13800002222');
    const csrf = w.csrf;
    w.csrf = undefined;
    const refused = await w.post('/api/m/auth/logout');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toContain('CSRF');
    w.csrf = csrf;
    expect((await w.post('/api/m/auth/logout')).statusCode).toBe(200);
    expect((await w.get('/api/m/me')).statusCode).toBe(401);
  });

  it('the same phone signs in to the same worker account', async () => {
    const a = (await (await t.asWorker('13800003333')).get('/api/m/me')).json();
    const b = (await (await t.asWorker('138 0000 3333')).get('/api/m/me')).json();
    expect(a.worker.phoneMasked).toBe(b.worker.phoneMasked);
    const [row] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from worker_accounts where phone_masked = '138****3333'`);
    expect(row!.n).toBe(1);
  });
});
