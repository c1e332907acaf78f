/**
 * The embedded database keeps what it committed: a real server process is killed with SIGKILL
 * right after a write and started again on the same files. Also: commits reach the disk through
 * fsync, a second server refuses the data directory, and the verifier command reads the chain.
 * (PGlite only: a PostgreSQL server brings its own durability.)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { projectRoot } from './paths.ts';
import { openEmbeddedDatabase, queryRows } from './db.ts';
import { DataDirBusyError } from './datadir-lock.ts';

const root = projectRoot();
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const dirs: string[] = [];
const children: ChildProcess[] = [];
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-data-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const PASSWORD = 'Durable123';
let nextPort = 3900 + Math.floor(Math.random() * 50);

function startServer(dataDir: string) {
  const port = nextPort++;
  // node itself (with tsx as a loader), not the tsx wrapper: SIGKILL must hit the server process.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(port), NIANGJIA_DEMO: '0', NIANGJIA_ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = async () => {
    for (let i = 0; i < 600; i++) {
      if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (res.ok) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`server did not start: ${output}`);
  };
  return { child, port, ready, exited, output: () => output };
}

async function signIn(port: number) {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const me = await (await fetch(`http://127.0.0.1:${port}/api/auth/me`, { headers: { cookie } })).json();
  return { cookie, csrf: me.csrfToken as string, rootOrgId: me.org.id as number };
}

describe.skipIf(Boolean(process.env.DATABASE_URL))('embedded database durability', () => {
  it('keeps a committed write through kill -9 and a restart, and refuses a second server on the same data', async () => {
    const dataDir = tmpDir();
    const first = startServer(dataDir);
    await first.ready();
    const { cookie, csrf, rootOrgId } = await signIn(first.port);
    const created = await fetch(`http://127.0.0.1:${first.port}/api/orgs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
      body: JSON.stringify({ parentId: rootOrgId, name: '北京市总工会', type: 'provincial', divisionCode: '110000' }),
    });
    const body = await created.text();
    expect(created.status, body).toBe(201);
    const { id } = JSON.parse(body) as { id: number };

    const second = startServer(dataDir);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain('正被另一个服务进程使用');

    first.child.kill('SIGKILL');
    await first.exited;

    const again = startServer(dataDir);
    await again.ready();
    const s = await signIn(again.port);
    const res = await fetch(`http://127.0.0.1:${again.port}/api/orgs/${id}`, { headers: { cookie: s.cookie } });
    expect(res.status).toBe(200);
    expect((await res.json()).name).toBe('北京市总工会');
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'server.lock'))).toBe(false);

    // The verifier command reads the same files once the server has stopped.
    const verify = spawnSync(tsx, ['src/server/cli/audit-verify.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    expect(verify.status).toBe(0);
    expect(verify.stdout).toMatch(/审计日志完整：已校验 \d+ 条/);
    // Three server starts (each applying or checking every migration) and the verifier: on a busy
    // 2-core machine that takes more than the default minute.
  }, 240_000);

  it('flushes each commit to disk with fsync', async () => {
    const dataDir = tmpDir();
    const database = await openEmbeddedDatabase(dataDir);
    try {
      const original = fs.fsyncSync;
      let calls = 0;
      fs.fsyncSync = (fd) => {
        calls++;
        return original(fd);
      };
      try {
        await database.db.execute(sql`create table durability_probe (n int)`);
        const before = calls;
        await database.db.execute(sql`insert into durability_probe values (1)`);
        expect(calls).toBeGreaterThan(before);
      } finally {
        fs.fsyncSync = original;
      }
      const [row] = await queryRows<{ setting: string }>(database.db, sql`select setting from pg_settings where name = 'fsync'`);
      expect(row!.setting).toBe('on');
      await expect(openEmbeddedDatabase(dataDir)).rejects.toBeInstanceOf(DataDirBusyError);
    } finally {
      await database.close();
    }
  });
});
