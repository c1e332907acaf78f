/**
 * Graceful shutdown of the real server process: SIGTERM while a slow request and a background job
 * are under way lets both finish, refuses new work, and exits 0; a shutdown that outlasts its
 * timeout exits 1 anyway. Runs the server on a fresh embedded database, or on a fresh PostgreSQL
 * database when DATABASE_URL is set.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, spawnServer } from '../testing/server-process.ts';
import { openDatabase, queryRows } from './db.ts';
import { withDatabase } from '../testing/global-setup.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-shutdown-'));
const adminUrl = process.env.DATABASE_URL;
let databaseUrl: string | undefined;
const dbName = `niangjia_shutdown_${randomBytes(4).toString('hex')}`;

async function admin(statement: string) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  if (adminUrl) {
    await admin(`create database "${dbName}"`);
    databaseUrl = withDatabase(adminUrl, dbName);
  }
});
afterAll(async () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (adminUrl) await admin(`drop database if exists "${dbName}" with (force)`);
});

interface Running {
  server: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

async function start(extraEnv: Record<string, string> = {}): Promise<Running> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    NIANGJIA_DEMO: '0',
    NIANGJIA_ADMIN_PASSWORD: 'Shutdown2026check',
    LOG_LEVEL: 'info',
    ...extraEnv,
  };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const { server, output, exited } = await spawnServer('src/testing/shutdown-server.ts', env, 120_000);
  return { server, port, output, exited };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('graceful shutdown', () => {
  it('finishes the request and the job under way after SIGTERM, takes no new request, then exits 0', { timeout: 180_000 }, async () => {
    const s = await start();
    const base = `http://127.0.0.1:${s.port}`;
    try {
      expect((await fetch(`${base}/api/health/ready`)).status).toBe(200);
      const slow = fetch(`${base}/api/test/slow?ms=2000`).then(async (r) => ({ status: r.status, body: (await r.json()) as { jobId: string } }));
      await sleep(500);
      s.server.kill('SIGTERM');
      await sleep(300);
      // No new request is taken: the listener is closed (nginx moves on to another process).
      const late = await fetch(`${base}/api/health/live`).then(
        (r) => r.status,
        () => 'refused',
      );
      expect([503, 'refused']).toContain(late);
      const answer = await slow;
      expect(answer.status).toBe(200);
      expect(await s.exited, s.output().slice(-4000)).toBe(0);
      expect(s.output()).toContain('shut down cleanly');

      // The job the request started (it ran 4 s, past the request's answer) finished before the database closed.
      const database = await openDatabase({ databaseUrl, dataDir });
      try {
        const [job] = await queryRows<{ status: string }>(database.db, sql`select status from jobs where id = ${answer.body.jobId}`);
        expect(job?.status).toBe('done');
      } finally {
        await database.close();
      }
    } finally {
      s.server.kill('SIGKILL');
    }
  });

  it('exits 1 when the work under way outlasts SHUTDOWN_TIMEOUT_SECONDS', { timeout: 180_000 }, async () => {
    const s = await start({ SHUTDOWN_TIMEOUT_SECONDS: '1' });
    try {
      const slow = fetch(`http://127.0.0.1:${s.port}/api/test/slow?ms=10000`).catch(() => 'cut off');
      await sleep(500);
      const signalled = Date.now();
      s.server.kill('SIGTERM');
      expect(await s.exited).toBe(1);
      expect(Date.now() - signalled).toBeLessThan(5000);
      expect(s.output()).toContain('shutdown took too long');
      await slow;
    } finally {
      s.server.kill('SIGKILL');
    }
  });
});
