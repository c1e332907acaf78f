/**
 * Reads on a streaming replica, with a real replica of the test cluster (pg_basebackup -R) and the
 * real app: a lag-tolerant read of a browser that did not write is served by the replica, the
 * writer reads its own writes from the primary, a replica that lags too much or stops gets no
 * reads (and readiness does not mind), it gets them back when it recovers, and /metrics tells.
 * PostgreSQL only (DATABASE_URL); the declaration check runs on both databases.
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../testing/app.ts';
import { startPgReplica, type PgReplica } from '../testing/pg-replica.ts';
import { installReadRouting, PRIMARY_UNTIL_COOKIE, replicaRoutes } from './read-routing.ts';
import { queryRows } from './db.ts';
import { runWithReadContext } from './replica.ts';
import { sql } from 'drizzle-orm';

const adminUrl = process.env.DATABASE_URL;

describe('declaring lag-tolerant reads', () => {
  it('refuses the declaration on a route that may write', async () => {
    const app = Fastify();
    installReadRouting(app, { stickySeconds: 15, cookieSecure: false });
    app.get('/api/fine', { config: { reads: 'replica' } }, async () => 'ok');
    expect(() => app.post('/api/wrong', { config: { reads: 'replica' } }, async () => 'no')).toThrow(/POST \/api\/wrong 不能声明 reads/);
    expect(() => app.route({ method: ['GET', 'PUT'], url: '/api/both', config: { reads: 'replica' }, handler: async () => 'no' })).toThrow(/不能声明 reads/);
    await app.close();
  });
});

describe.runIf(!!adminUrl)('reads on a streaming replica', () => {
  const MAX_LAG = 4;
  let replica: PgReplica;
  let t: TestApp;

  beforeAll(async () => {
    const started = Date.now();
    replica = await startPgReplica(adminUrl!);
    t = await createTestApp({ databaseReadUrl: replica.url, replicaProbeSeconds: 0.2, replicaMaxLagSeconds: MAX_LAG, replicaStickySeconds: 15 });
    console.log(`replica made and started in ${Date.now() - started} ms`);
  });
  afterAll(async () => {
    await t?.close();
    await replica?.remove();
  });

  const metrics = async () => {
    const res = await t.anonymous().get('/metrics');
    expect(res.statusCode).toBe(200);
    return res.body;
  };
  const figure = (body: string, name: string) => {
    const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(body);
    return m ? Number(m[1]) : undefined;
  };
  async function until(what: string, check: () => Promise<boolean>, ms = 15_000) {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`waited ${ms} ms for: ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const inUse = async () => figure(await metrics(), 'niangjia_db_replica_in_use');
  const unions = async (c: TestClient) => {
    const res = await c.get('/api/orgs/stats');
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ total: number }>().total;
  };
  /** Keeps the read-your-writes cookie a write answered with, as a browser would. */
  function keepSticky(c: TestClient, res: { cookies: { name: string; value: string }[] }) {
    const sticky = res.cookies.find((k) => k.name === PRIMARY_UNTIL_COOKIE);
    expect(sticky, 'a successful write sets the read-your-writes cookie').toBeDefined();
    c.cookie = `${c.cookie}; ${PRIMARY_UNTIL_COOKIE}=${sticky!.value}`;
  }

  it('serves a lag-tolerant read from the replica, and the writer’s reads from the primary', async () => {
    await until('the replica is in use', async () => (await inUse()) === 1);
    const writer = await t.as('xcq_admin');
    const reader = await t.as('hhht_admin');
    const before = await unions(reader);
    const writerBefore = await unions(writer);

    await replica.query('select pg_wal_replay_pause()');
    await until('replay is paused', async () => (await replica.query<{ s: string }>('select pg_get_wal_replay_pause_state() as s'))[0]!.s === 'paused');
    const res = await writer.post('/api/orgs', { parentId: t.seed.xinCheng.id, name: '备库延迟测试工会', type: 'grassroots' });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json<{ id: number }>();

    // The reader did not write: its statistics come from the paused replica, without the new union…
    expect(await unions(reader)).toBe(before);
    // …while a read the route did not declare lag-tolerant comes from the primary.
    expect((await reader.get(`/api/orgs/${created.id}`)).statusCode).toBe(200);
    // The writer holds the cookie its write set: it reads its own write, from the primary.
    const plainWriter = writer.cookie;
    keepSticky(writer, res);
    expect(await unions(writer)).toBe(writerBefore + 1);
    // Without the cookie the same account reads the replica: the cookie is what decides.
    const sticky = writer.cookie;
    writer.cookie = plainWriter;
    expect(await unions(writer)).toBe(writerBefore);
    writer.cookie = sticky;

    // Replay resumed: the replica shows the write to everyone.
    await replica.query('select pg_wal_replay_resume()');
    await until('the reader sees the new union', async () => (await unions(reader)) === before + 1);
    expect(await inUse()).toBe(1);
  });

  it('sends reads to the primary while the replica lags more than REPLICA_MAX_LAG_SECONDS, and back when it catches up', async () => {
    const writer = await t.as('xcq_admin');
    const reader = await t.as('hhht_admin');
    const before = await unions(reader);
    await replica.query('select pg_wal_replay_pause()');
    const res = await writer.post('/api/orgs', { parentId: t.seed.xinCheng.id, name: '备库延迟测试工会二', type: 'grassroots' });
    expect(res.statusCode, res.body).toBe(201);
    await until('the replica is taken out for its lag', async () => (await inUse()) === 0, 20_000);
    const body = await metrics();
    expect(figure(body, 'niangjia_db_replica_lag_seconds')).toBeGreaterThan(MAX_LAG);
    expect(figure(body, 'niangjia_db_replica_lag_bytes')).toBeGreaterThan(0);
    // Still paused, but the reader's statistics come from the primary now.
    expect(await unions(reader)).toBe(before + 1);

    await replica.query('select pg_wal_replay_resume()');
    await until('the replica is back in use', async () => (await inUse()) === 1);
    expect(figure(await metrics(), 'niangjia_db_replica_lag_seconds')).toBeLessThanOrEqual(MAX_LAG);
  });

  it('answers from the primary when the replica stops, stays ready, and uses the replica again when it is back', async () => {
    const reader = await t.as('hhht_admin');
    const expected = await unions(reader);
    await replica.stop();
    // At once, before any probe: the failed connection falls back to the primary.
    expect(await unions(reader)).toBe(expected);
    expect((await reader.get('/api/people/stats')).statusCode).toBe(200);
    const ready = await t.anonymous().get('/api/health/ready');
    expect(ready.statusCode, ready.body).toBe(200);
    await until('the stopped replica is out of use', async () => (await inUse()) === 0);
    const body = await metrics();
    expect(figure(body, 'niangjia_db_replica_lag_seconds'), 'no lag is made up for an unreachable replica').toBeNaN();

    await replica.start();
    await until('the restarted replica is in use again', async () => (await inUse()) === 1);
    expect(await unions(reader)).toBe(expected);
  });

  it('answers every declared route from the replica, and writes an export’s audit entry on the primary', async () => {
    expect(replicaRoutes.size).toBeGreaterThanOrEqual(20);
    const admin = await t.as('nmg_admin');
    for (const route of replicaRoutes) {
      const url = route.slice('GET '.length).replace(/:\w+/g, '1');
      const res = await admin.get(url);
      expect(res.statusCode, `${route}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
    }
    // An export records who exported what, in a transaction: on the primary, never the replica.
    const count = async () =>
      (await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from audit_log where action = 'export' and entity = 'person'`))[0]!.n;
    const before = await count();
    const res = await admin.get('/api/people/export');
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(await count()).toBe(before + 1);
    expect(await inUse()).toBe(1);
    expect([...t.database.replica!.refusedWrites], 'writes outside a transaction in a declared route').toEqual([]);
  });

  it('runs a statement the replica refuses as a write on the primary, and says so once', async () => {
    const replicaDb = t.database.replica!;
    const write = sql`update orgs set updated_at = updated_at where id = ${t.seed.root.id}`;
    await runWithReadContext({ replica: true }, () => t.db.execute(write));
    await runWithReadContext({ replica: true }, () => t.db.execute(write));
    expect(replicaDb.refusedWrites.size).toBe(1);
    replicaDb.refusedWrites.clear();
    expect(await inUse()).toBe(1);
  });

  it('reports the lag and both pools at /metrics', async () => {
    await unions(await t.as('hhht_admin'));
    const body = await metrics();
    expect(figure(body, 'niangjia_db_replica_in_use')).toBe(1);
    expect(figure(body, 'niangjia_db_replica_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(figure(body, 'niangjia_db_replica_lag_bytes')).toBeGreaterThanOrEqual(0);
    expect(body).toMatch(/^niangjia_db_pool_connections\{pool="primary",state="total"\} [1-9]/m);
    expect(body).toMatch(/^niangjia_db_pool_connections\{pool="replica",state="total"\} [1-9]/m);
  });
});
