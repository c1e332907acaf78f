/**
 * A real streaming replica of the test cluster (the one `DATABASE_URL` names, as
 * scripts/pg-cluster.sh starts it): `pg_basebackup -R` into a temporary folder, started as a hot
 * standby on a free port, and removed afterwards. The test cluster trusts 127.0.0.1, replication
 * included. PostgreSQL refuses to run as root: as root the files belong to, and the server runs
 * as, the user `postgres` (as in pg-cluster.sh).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './server-process.ts';

const run = promisify(execFile);

export interface PgReplica {
  /** `postgres://…@127.0.0.1:port/postgres` of the replica. */
  url: string;
  /** Runs one statement on the replica's `postgres` database (`select pg_wal_replay_pause()`). */
  query<T extends pg.QueryResultRow>(text: string): Promise<T[]>;
  /** Stops the server (fast shutdown); `start` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  remove(): Promise<void>;
}

function pgBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(a) - Number(b)) : [];
  const bin = versions.length ? path.join(root, versions.at(-1)!, 'bin') : '';
  if (!bin || !fs.existsSync(path.join(bin, 'pg_basebackup')))
    throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)');
  return bin;
}

/** Settings a hot standby must hold at least at the primary's values, or it refuses to start. */
const STANDBY_MINIMUMS = ['max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions', 'max_locks_per_transaction'];

export async function startPgReplica(primaryUrl: string): Promise<PgReplica> {
  const bin = pgBin();
  const primary = new URL(primaryUrl);
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-replica-'));
  const data = path.join(dir, 'data');
  const exec = (cmd: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]) : run(path.join(bin, cmd), args);
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const uid = Number(stdout.trim());
    fs.chownSync(dir, uid, uid);
  }

  const c = new pg.Client({ connectionString: primaryUrl });
  await c.connect();
  const settings = await c.query<{ name: string; setting: string }>('select name, setting from pg_settings where name = any($1)', [STANDBY_MINIMUMS]);
  await c.end();

  const port = await freePort();
  const user = decodeURIComponent(primary.username) || 'postgres';
  await exec('pg_basebackup', ['-h', primary.hostname, '-p', primary.port || '5432', '-U', user, '-D', data, '-R', '-X', 'stream', '-c', 'fast']);
  const options = [
    '-c listen_addresses=127.0.0.1',
    `-p ${port}`,
    `-k ${dir}`,
    '-c fsync=off',
    '-c hot_standby=on',
    ...settings.rows.map((s) => `-c ${s.name}=${s.setting}`),
  ].join(' ');
  const log = path.join(dir, 'server.log');
  const start = async () => {
    try {
      await exec('pg_ctl', ['-D', data, '-l', log, '-w', '-o', options, 'start']);
    } catch (err) {
      throw new Error(`replica did not start: ${(err as Error).message}\n${fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-2000) : ''}`, {
        cause: err,
      });
    }
  };
  const stop = async () => {
    await exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
  };
  await start();

  const url = new URL(primaryUrl);
  url.port = String(port);
  url.pathname = '/postgres';
  return {
    url: url.toString(),
    async query<T extends pg.QueryResultRow>(text: string) {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        return (await client.query<T>(text)).rows;
      } finally {
        await client.end();
      }
    },
    stop,
    start,
    async remove() {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
