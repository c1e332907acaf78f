/**
 * A PostgreSQL server that ends the app's connections (a restart, a failover, an administrator's
 * pg_terminate_backend): the process lives on and the next requests answer on new connections.
 * PostgreSQL only (DATABASE_URL).
 */
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { queryRows } from './db.ts';

const adminUrl = process.env.DATABASE_URL;

describe.runIf(!!adminUrl)('connections the database server ends', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('are replaced: the app keeps answering and does not crash', async () => {
    const staff = await t.as('xcq_admin');
    // Several requests at once, so that the pool holds several connections, idle afterwards.
    const before = await Promise.all(Array.from({ length: 4 }, () => staff.get('/api/orgs/tree')));
    expect(before.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    const name = (await queryRows<{ name: string }>(t.db, sql`select current_database() as name`))[0]!.name;
    expect(t.database.poolStats?.().idle).toBeGreaterThan(0);

    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    const { rows } = await admin.query<{ ended: boolean }>(
      'select pg_terminate_backend(pid) as ended from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [name],
    );
    await admin.end();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.ended)).toBe(true);
    // The 'error' events of the ended connections arrive; unheard, they would end the process
    // (and this test run with it).
    await new Promise((r) => setTimeout(r, 500));

    const after = await Promise.all(Array.from({ length: 4 }, () => staff.get('/api/orgs/tree')));
    expect(after.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    expect((await t.anonymous().get('/api/health/ready')).statusCode).toBe(200);
  });
});
