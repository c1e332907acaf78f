/**
 * `npm run backup` and `npm run restore` for the embedded database, through the real commands and
 * a real server process: a backup taken while the server runs and people sign in, restored into an
 * empty data directory, has every table's rows and an intact audit chain, and the server starts on it.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, spawnServer } from '../testing/server-process.ts';
import { runCli } from '../testing/cli.ts';
import type { BackupManifest } from './backup.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-backup-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const PASSWORD = 'Backup2026check';

function envFor(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NIANGJIA_DEMO: '0', NIANGJIA_ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'warn', ...extra };
  for (const k of ['DATABASE_URL', 'NIANGJIA_DATA_KEY', 'NIANGJIA_AUDIT_KEY', 'NIANGJIA_KEY_FILE', 'NIANGJIA_AUDIT_KEY_FILE']) delete env[k];
  return env;
}

/** A command of package.json's scripts on `dataDir`. */
const cli = (script: string, args: string[], dataDir: string) => runCli(script, args, envFor(dataDir));

async function startServer(dataDir: string): Promise<{ server: ChildProcess; base: string; exited: Promise<number | null> }> {
  const port = await freePort();
  const { server, exited } = await spawnServer('src/server/main.ts', envFor(dataDir, { PORT: String(port) }), 150_000);
  return { server, base: `http://127.0.0.1:${port}`, exited };
}

const signIn = (base: string) =>
  fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });

describe.runIf(!process.env.DATABASE_URL)('backup and restore of the embedded database', () => {
  const source = path.join(work, 'source');
  const target = path.join(work, 'target');
  const copy = path.join(work, 'copy-while-running');

  it('takes a consistent copy while the server runs and people sign in, keys included with a warning', { timeout: 300_000 }, async () => {
    const s = await startServer(source);
    try {
      expect((await signIn(s.base)).status).toBe(200);
      // Sign-ins (sessions and audit entries) go on while the copy is taken.
      let signingIn = true;
      const load = (async () => {
        let n = 0;
        while (signingIn) {
          await signIn(s.base);
          n++;
        }
        return n;
      })();
      const r = await cli('backup.ts', ['--out', copy], source);
      signingIn = false;
      expect(await load).toBeGreaterThan(0);
      expect(r.status, r.output).toBe(0);
      expect(r.output).toContain('运行中的服务');
      expect(r.output).toMatch(/警告：备份目录中含有密钥/);
      const manifest = JSON.parse(fs.readFileSync(path.join(copy, 'manifest.json'), 'utf8')) as BackupManifest;
      expect(manifest.keys.sort()).toEqual(['audit', 'data']);
      expect(manifest.counts.accounts).toBe(1);
      expect(manifest.counts.audit_log).toBeGreaterThan(1);
      expect(fs.statSync(path.join(copy, 'keys', 'data.key')).mode & 0o077).toBe(0);
      expect(fs.statSync(copy).mode & 0o077).toBe(0);
      // Only this machine's backup command, holding the token in DATA_DIR, may ask for a copy.
      expect((await fetch(`${s.base}/internal/backup`)).status).toBe(403);
    } finally {
      s.server.kill('SIGTERM');
      expect(await s.exited).toBe(0);
    }
    // The server is gone: its control file with it.
    expect(fs.existsSync(path.join(source, 'server.control'))).toBe(false);
  });

  it('restores into an empty data directory, checks counts and the audit chain, and the server starts on it', { timeout: 300_000 }, async () => {
    const r = await cli('restore.ts', [copy], target);
    expect(r.status, r.output).toBe(0);
    expect(r.output).toContain('行数核对一致');
    expect(r.output).toContain('审计日志完整');
    expect(fs.readFileSync(path.join(target, 'keys', 'data.key'))).toEqual(fs.readFileSync(path.join(source, 'keys', 'data.key')));

    const verify = await cli('audit-verify.ts', [], target);
    expect(verify.status, verify.output).toBe(0);

    const s = await startServer(target);
    try {
      expect((await fetch(`${s.base}/api/health/ready`)).status).toBe(200);
      expect((await signIn(s.base)).status).toBe(200);
    } finally {
      s.server.kill('SIGTERM');
      await s.exited;
    }
  });

  it('refuses to restore over a database unless --force, which keeps the old one beside', { timeout: 300_000 }, async () => {
    const refused = await cli('restore.ts', [copy], target);
    expect(refused.status).toBe(2);
    expect(refused.output).toContain('--force');
    const forced = await cli('restore.ts', [copy, '--force'], target);
    expect(forced.status, forced.output).toBe(0);
    expect(fs.readdirSync(target).some((f) => f.startsWith('pgdata.before-restore-'))).toBe(true);
  });

  it('backs up a stopped server’s data directory by opening it itself', { timeout: 300_000 }, async () => {
    const out = path.join(work, 'copy-while-stopped');
    const r = await cli('backup.ts', ['--out', out], target);
    expect(r.status, r.output).toBe(0);
    expect(r.output).toContain('服务未运行');
    expect((await cli('backup.ts', ['--out', out], target)).output).toContain('已存在');
  });
});
