/**
 * What the operators rely on: the liveness and readiness probes, request ids in answers and logs,
 * and `/metrics` in Prometheus's format for whoever may read it.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testConfig, type TestApp } from '../testing/app.ts';
import { buildApp } from './app.ts';
import { Lifecycle, lastMigrationMillis, readiness } from './health.ts';
import { lastAppliedMigration } from './db.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('liveness and readiness', () => {
  it('answers liveness without the database, and keeps /api/health', async () => {
    for (const url of ['/api/health/live', '/api/health']) {
      const res = await t.anonymous().get(url);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok' });
    }
  });

  it('is ready when the database answers and carries this build’s migrations', async () => {
    const res = await t.anonymous().get('/api/health/ready');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ status: 'ready' });
  });

  it('is not ready while this build’s last migration is missing from the database', async () => {
    const applied = await lastAppliedMigration(t.db);
    expect(applied).toBe(lastMigrationMillis());
    const r = await readiness(t.db, new Lifecycle(), applied + 1);
    expect(r).toMatchObject({ ready: false, reason: 'migrations_pending' });
  });

  it('answers 503 from the moment the process starts shutting down', async () => {
    const lifecycle = new Lifecycle();
    const app = await buildApp({ db: t.db, config: testConfig(), cipher: t.cipher, copyInto: t.database.copyInto, lifecycle });
    try {
      expect((await app.inject({ url: '/api/health/ready' })).statusCode).toBe(200);
      lifecycle.startDraining();
      const res = await app.inject({ url: '/api/health/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'draining', message: '服务正在停止，不再接收新请求' });
      // Still alive: the service manager must not kill a process that is finishing its work.
      expect((await app.inject({ url: '/api/health/live' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('says the database does not answer when it is gone', async () => {
    const r = await readiness({ execute: () => Promise.reject(new Error('connection refused')) } as never, new Lifecycle(), 0);
    expect(r).toMatchObject({ ready: false, reason: 'database_unavailable' });
  });

  it('lists both probes in the OpenAPI document', async () => {
    const doc = (await t.anonymous().get('/api/openapi.json')).json();
    expect(doc.paths['/api/health/live'].get).toBeDefined();
    expect(Object.keys(doc.paths['/api/health/ready'].get.responses)).toEqual(expect.arrayContaining(['200', '503']));
  });
});

describe('request ids', () => {
  /** An app whose JSON log lines are kept. */
  async function loggingApp() {
    const lines: Record<string, unknown>[] = [];
    const app = await buildApp(
      { db: t.db, config: testConfig({ logLevel: 'info' }), cipher: t.cipher, copyInto: t.database.copyInto },
      { logStream: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) } },
    );
    // A route that logs through the app's logger (as services and background work do), after reading a body.
    app.post('/api/test-log', async (req) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      app.log.info({ body: req.body }, 'work done for the request');
      return { ok: true };
    });
    await app.ready();
    return { app, lines };
  }

  it('takes a plain X-Request-Id from the caller, answers with it and writes it on every log line of the request', async () => {
    const { app, lines } = await loggingApp();
    try {
      const res = await app.inject({ method: 'POST', url: '/api/test-log', headers: { 'x-request-id': 'nginx-7f3a.1' }, payload: { a: 1 } });
      expect(res.headers['x-request-id']).toBe('nginx-7f3a.1');
      const mine = lines.filter((l) => l.reqId === 'nginx-7f3a.1');
      expect(mine.map((l) => l.msg)).toEqual(['incoming request', 'work done for the request', 'request completed']);
      // Once per line, not twice (the request's own logger binds it already).
      const raw = JSON.stringify(mine[0]);
      expect(raw.match(/"reqId"/g)).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it('makes its own id when the caller sent none, or one that is too long or could forge a log line', async () => {
    const { app, lines } = await loggingApp();
    try {
      for (const sent of [undefined, 'x'.repeat(65), 'a b', 'id\n{"level":60}', '']) {
        const res = await app.inject({ method: 'POST', url: '/api/test-log', headers: sent === undefined ? {} : { 'x-request-id': sent }, payload: {} });
        const id = res.headers['x-request-id'] as string;
        expect(id).toMatch(/^[0-9a-f-]{36}$/);
        expect(lines.filter((l) => l.reqId === id)).toHaveLength(3);
      }
    } finally {
      await app.close();
    }
  });
});

describe('/metrics', () => {
  const scrape = (opts: { remoteAddress?: string; headers?: Record<string, string> } = {}) =>
    t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: opts.remoteAddress ?? '127.0.0.1', headers: opts.headers });

  it('answers a scraper on this machine in Prometheus’s text format', async () => {
    const res = await scrape();
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toContain('# TYPE niangjia_http_request_duration_seconds histogram');
    expect(res.body).toContain('# TYPE niangjia_process_cpu_seconds_total counter');
  });

  it('times requests by route pattern and status class, never by the raw address', async () => {
    const admin = await t.as('admin');
    await admin.get(`/api/orgs/${t.seed.hhht.id}`);
    await admin.get(`/api/orgs/${t.seed.baotou.id}`);
    await t.anonymous().get('/api/no-such-route/123');
    const body = (await scrape()).body;
    expect(body).toMatch(/niangjia_http_request_duration_seconds_count\{method="GET",route="\/api\/orgs\/:id",status="2xx"\} [2-9]/);
    expect(body).toMatch(/niangjia_http_request_duration_seconds_count\{method="GET",route="unmatched",status="4xx"\} 1/);
    expect(body).not.toContain(`/api/orgs/${t.seed.hhht.id}"`);
  });

  it('counts sign-ins and reads background jobs and schedules from the database', async () => {
    const before = (await scrape()).body;
    const ok = (text: string) => Number(/niangjia_sign_ins_total\{outcome="ok"\} (\d+)/.exec(text)?.[1] ?? 0);
    await t.as('hhht_admin');
    await t.db.execute(
      sql`insert into jobs (kind, org_id, status) values ('people.import', ${t.seed.hhht.id}, 'running'), ('people.import', ${t.seed.hhht.id}, 'waiting')`,
    );
    await t.db.execute(sql`insert into jobs (kind, org_id, status) values ('hardship.discovery', ${t.seed.hhht.id}, 'failed')`);
    await t.db.execute(sql`insert into job_schedules (name, next_run_at) values ('test.late', now() - interval '10 minutes')`);
    const after = (await scrape()).body;
    expect(ok(after)).toBe(ok(before) + 1);
    expect(after).toContain('niangjia_jobs_active{kind="people.import",status="running"} 1');
    expect(after).toContain('niangjia_jobs_active{kind="people.import",status="waiting"} 1');
    expect(after).toContain('niangjia_jobs_failed_last_hour{kind="hardship.discovery"} 1');
    expect(after).toMatch(/niangjia_schedule_overdue_seconds\{schedule="test\.late"\} (59\d|6\d\d)/);
  });

  it('shows the PostgreSQL pool on a server database', async () => {
    const body = (await scrape()).body;
    if (t.database.kind === 'postgres') expect(body).toMatch(/niangjia_db_pool_connections\{pool="primary",state="total"\} [1-9]/);
    else expect(body).not.toContain('niangjia_db_pool_connections');
  });

  it('refuses other machines, and requests that came through a proxy, without the token', async () => {
    expect((await scrape({ remoteAddress: '10.0.0.9' })).statusCode).toBe(403);
    expect((await scrape({ headers: { 'x-forwarded-for': '203.0.113.5' } })).statusCode).toBe(403);
    const res = await scrape({ remoteAddress: '10.0.0.9', headers: { authorization: 'Bearer guess-guess-guess-guess' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toMatch(/METRICS_TOKEN/);
  });

  it('lets a scraper elsewhere in with METRICS_TOKEN', async () => {
    const token = 'a-long-enough-metrics-token-2026';
    const app = await buildApp({ db: t.db, config: testConfig({ metricsToken: token }), cipher: t.cipher, copyInto: t.database.copyInto });
    try {
      const get = (auth?: string) => app.inject({ url: '/metrics', remoteAddress: '10.0.0.9', headers: auth ? { authorization: auth } : {} });
      expect((await get(`Bearer ${token}`)).statusCode).toBe(200);
      expect((await get(`Bearer ${token}x`)).statusCode).toBe(403);
      expect((await get()).statusCode).toBe(403);
    } finally {
      await app.close();
    }
  });
});
