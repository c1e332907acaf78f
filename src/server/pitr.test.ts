/**
 * Point-in-time restore of a PostgreSQL server (deploy/pg-backup.sh, deploy/pg-restore.sh): a
 * cluster of its own with WAL archiving, written to through the app, backed up; rows written
 * after the chosen time are gone from the restored copy, rows before it are there, the audit chain
 * verifies there with `npm run audit:verify`, a restore to the backup's own point finds every
 * table's count as recorded, and a copy that holds a rewritten audit entry is refused.
 * Runs in the PostgreSQL pass (DATABASE_URL set), where the server binaries are installed; the
 * shared test cluster is not used: archiving needs a restart and a cluster of its own.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openServerDatabase, type Database } from './db.ts';
import { bootstrap, prepareAuditKey } from './bootstrap.ts';
import { buildApp } from './app.ts';
import { FieldCipher } from './crypto.ts';
import { projectRoot } from './paths.ts';
import { seedAccounts, seedTree, testConfig, TestClient, TEST_KEY } from '../testing/app.ts';
import { TEST_AUDIT_KEY } from '../testing/db.ts';
import { freePort } from '../testing/server-process.ts';
import { withCheckCharacter } from '../shared/idcard.ts';

const pgbin = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'].find((d) => fs.existsSync(path.join(d, 'initdb')));
const asRoot = process.getuid?.() === 0;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-pitr-'));
const dataDirs: string[] = [];
let database: Database | undefined;
let closeApp: (() => Promise<void>) | undefined;

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** Runs a command to its end (never through a shell), as the cluster's owner when `asOwner` and we are root. */
function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; asOwner?: boolean } = {}): Promise<Run> {
  const [file, argv] = opts.asOwner && asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { cwd: projectRoot(), env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

/** The scripts' environment: not the shared test cluster's URL, no key of the host; the audit key of the tests. */
function scriptEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NIANGJIA_AUDIT_KEY: TEST_AUDIT_KEY.toString('base64') };
  for (const k of ['DATABASE_URL', 'PG_BACKUP_URL', 'NIANGJIA_AUDIT_KEY_FILE', 'NIANGJIA_DATA_KEY', 'NIANGJIA_KEY_FILE']) delete env[k];
  return env;
}

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text)).rows;
  } finally {
    await c.end();
  }
}

const pgCtl = (data: string, ...args: string[]) => run(path.join(pgbin!, 'pg_ctl'), ['-D', data, ...args], { asOwner: true });

afterAll(async () => {
  await closeApp?.();
  await database?.close();
  for (const d of dataDirs) await pgCtl(d, '-m', 'immediate', 'stop');
  fs.rmSync(dir, { recursive: true, force: true });
});

let seq = 500;
const person = (name: string, orgId: number) => ({
  name,
  idNumber: withCheckCharacter(`15010219880808${String((seq += 2)).padStart(3, '0')}`),
  phone: '13947100002',
  orgId,
  occupation: 'sanitation',
  employmentForm: 'standard',
});

describe.runIf(!!process.env.DATABASE_URL && !!pgbin)('point-in-time restore of a PostgreSQL server', () => {
  it(
    'restores to a chosen time with the rows before it and not after, verifies the audit chain, and refuses a rewritten entry',
    { timeout: 180_000 },
    async () => {
      const started = Date.now();
      const lap = (what: string) => console.log(`${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      if (asRoot) fs.chownSync(dir, Number((await run('id', ['-u', 'postgres'])).out.trim()), Number((await run('id', ['-g', 'postgres'])).out.trim()));
      const primary = path.join(dir, 'primary');
      const archive = path.join(dir, 'archive');
      const backups = path.join(dir, 'backups');
      const port = await freePort();
      const init = await run(path.join(pgbin!, 'initdb'), ['-D', primary, '-U', 'niangjia', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8'], {
        asOwner: true,
      });
      expect(init.code, init.err).toBe(0);
      // Settings in the cluster's own files, as on a server, so that restored copies inherit them
      // (the port aside, which the restore sets).
      fs.appendFileSync(
        path.join(primary, 'postgresql.conf'),
        `listen_addresses = '127.0.0.1'\nport = ${port}\nunix_socket_directories = '${dir}'\nfsync = off\n`,
      );
      const start = await pgCtl(primary, '-l', path.join(dir, 'primary.log'), '-w', 'start');
      expect(start.code, start.err).toBe(0);
      dataDirs.push(primary);
      const adminUrl = `postgres://niangjia@127.0.0.1:${port}/postgres`;
      await query(adminUrl, 'create database niangjia');
      const url = `postgres://niangjia@127.0.0.1:${port}/niangjia`;
      const env = scriptEnv();

      const configure = await run('deploy/pg-backup.sh', ['--configure', '-d', url, '--archive', archive, '--pgdata', primary, '--restart'], { env });
      expect(configure.code, configure.out + configure.err).toBe(0);
      expect((await query<{ archive_mode: string }>(url, 'show archive_mode'))[0]!.archive_mode).toBe('on');

      // The app on this cluster: migrated, bootstrapped, a few unions and people, each write audited.
      database = await openServerDatabase(url, 2);
      const config = testConfig({ databaseUrl: url });
      const cipher = new FieldCipher(TEST_KEY);
      // As the server starts: the key installed and its public key recorded, which the verifier compares.
      await prepareAuditKey(database.db, config, { NIANGJIA_AUDIT_KEY: TEST_AUDIT_KEY.toString('base64') });
      await bootstrap(database.db, config, cipher);
      const seed = await seedTree(database.db);
      await seedAccounts(database.db, seed);
      const app = await buildApp({ db: database.db, config, cipher, copyInto: database.copyInto, poolStats: database.poolStats });
      await app.ready();
      closeApp = () => app.close();
      const xcq = await new TestClient(app).login('xcq_admin');
      const add = async (name: string) => {
        const res = await xcq.post('/api/people', person(name, seed.xinChengSanitation.id));
        expect(res.statusCode, res.body).toBe(201);
      };
      await add('备份前甲');
      lap('cluster with archiving, app migrated and seeded');

      const backup = await run('deploy/pg-backup.sh', ['-d', url, '--archive', archive, '--backup-dir', backups], { env });
      expect(backup.code, backup.out + backup.err).toBe(0);
      expect(backup.out).toContain('不在这份备份里');
      const [folder] = fs.readdirSync(backups);
      const backupDir = path.join(backups, folder!);
      expect(fs.readdirSync(backupDir)).toEqual(expect.arrayContaining(['base.tar.gz', 'pg_wal.tar.gz', 'backup_manifest', 'counts.tsv']));
      lap(`pg-backup.sh (${backup.out.match(/基础备份完成：[^\n]*/)?.[0]})`);

      await add('时点前乙');
      await add('时点前丙');
      // The database's clock: the commits the restore compares with it are stamped by that clock.
      const [{ t }] = (await query<{ t: string }>(
        url,
        `select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00' as t from (select pg_sleep(0.05)) s`,
      )) as [{ t: string }];
      await query(url, 'select pg_sleep(0.05)');
      await add('时点后丁');
      await add('时点后戊');
      // A rewritten entry after everything else: only a restore that reaches it sees it.
      await query(
        url,
        `set session_replication_role = replica; update audit_log set summary = coalesce(summary, '') || '（改）' where id = (select max(id) from audit_log where entity = 'person')`,
      );
      const seg = (await query<{ seg: string }>(url, 'select pg_walfile_name(pg_switch_wal()) as seg'))[0]!.seg;
      await expect
        .poll(async () => (await query<{ last: string | null }>(url, 'select last_archived_wal as last from pg_stat_archiver'))[0]!.last! >= seg, {
          timeout: 30_000,
        })
        .toBe(true);
      await closeApp();
      closeApp = undefined;

      // To the chosen time: before it present, after it absent, the chain intact.
      const restored = path.join(dir, 'restored-at-t');
      const restoredPort = await freePort();
      let began = Date.now();
      const atT = await run('deploy/pg-restore.sh', [backupDir, '--target-time', t, '--archive', archive, '--into', restored, '--port', String(restoredPort)], {
        env,
      });
      dataDirs.push(restored);
      expect(atT.code, atT.out + atT.err).toBe(0);
      const restoreSeconds = (Date.now() - began) / 1000;
      expect(atT.out).toMatch(/persons\s+\d+/);
      expect(atT.out).toContain('审计日志完整');
      const names = (await query<{ name: string }>(`postgres://niangjia@127.0.0.1:${restoredPort}/niangjia`, 'select name from persons order by id')).map(
        (r) => r.name,
      );
      expect(names).toEqual(['备份前甲', '时点前乙', '时点前丙']);
      // The restored server takes writes of its own: it was promoted.
      await query(`postgres://niangjia@127.0.0.1:${restoredPort}/niangjia`, 'create table restored_writable (x int)');
      // The verifier on the restored server with another installation's key says it is the key, not a rewritten log.
      const wrongKey = await run('npm', ['run', '-s', 'audit:verify'], {
        env: { ...env, DATABASE_URL: `postgres://niangjia@127.0.0.1:${restoredPort}/niangjia`, NIANGJIA_AUDIT_KEY: Buffer.alloc(32, 7).toString('base64') },
      });
      expect(wrongKey.code, wrongKey.out + wrongKey.err).toBe(2);
      expect(wrongKey.err).toContain('审计密钥与数据库不符');
      lap(`pg-restore.sh to ${t} (${restoreSeconds.toFixed(1)} s)`);

      // To the backup's own point: every table as counted then.
      began = Date.now();
      const atBackup = await run(
        'deploy/pg-restore.sh',
        [backupDir, '--at-backup', '--archive', archive, '--into', path.join(dir, 'restored-at-backup'), '--stop'],
        { env },
      );
      expect(atBackup.code, atBackup.out + atBackup.err).toBe(0);
      expect(atBackup.out).toContain('行数核对一致');
      lap(`pg-restore.sh --at-backup (${((Date.now() - began) / 1000).toFixed(1)} s)`);

      // To the end of the archive, which holds the rewritten entry: refused, and it says why.
      const latestDir = path.join(dir, 'restored-latest');
      const latest = await run('deploy/pg-restore.sh', [backupDir, '--archive', archive, '--into', latestDir, '--stop'], { env });
      expect(latest.code, latest.out + latest.err).toBe(1);
      expect(latest.out + latest.err).toContain('内容与其哈希不符');
      expect(latest.err).toContain('审计日志校验未通过');
      expect(latest.out).toMatch(/persons\s+5\n/);
      // The refused copy is stopped and kept for a look, never started on the port.
      expect((await pgCtl(latestDir, 'status')).code).not.toBe(0);

      // An existing data directory is never written over, and without the audit key nothing starts.
      const over = await run('deploy/pg-restore.sh', [backupDir, '--archive', archive, '--into', restored], { env });
      expect(over.code).toBe(1);
      expect(over.err).toContain('不会覆盖已有的集群');
      // A moment before the backup began is refused at once, and nothing of the attempt is left.
      const early = await run(
        'deploy/pg-restore.sh',
        [backupDir, '--target-time', '2001-01-01 00:00:00+08', '--archive', archive, '--into', path.join(dir, 'too-early'), '--stop'],
        { env },
      );
      expect(early.code).toBe(1);
      expect(early.err).toContain('早于这份基础备份开始的时刻');
      expect(fs.readdirSync(path.join(dir, 'too-early'))).toEqual([]);
      const noKey = { ...env };
      delete noKey.NIANGJIA_AUDIT_KEY;
      const keyless = await run('deploy/pg-restore.sh', [backupDir, '--archive', archive, '--into', path.join(dir, 'never')], { env: noKey });
      expect(keyless.code).toBe(1);
      expect(keyless.err).toContain('须给出审计密钥');
      expect(fs.existsSync(path.join(dir, 'never'))).toBe(false);
      lap('all');
    },
  );
});
