/**
 * Backup and restore of the embedded database (PGlite in DATA_DIR). A backup is a folder:
 *
 *   manifest.json     when, which migration, the row count of every table at that instant
 *   pgdata.tar.gz     the database's files (PGlite's `dumpDataDir`)
 *   keys/data.key     the data key and the audit key, when they are key files — whoever holds
 *   keys/audit.key    the folder can read every ID number and rewrite the audit log: keep it
 *                     like the keys themselves (README, 运维)
 *   keys/data.<id>.key  data keys added for a rotation (key-rotation.ts): a database copied
 *                     mid-rotation, or after one, has rows that only they can read
 *
 * The copy is consistent while the server runs: it is taken inside a transaction of the one
 * process that owns the database (no other transaction is half-way, PGlite runs one at a time),
 * and the counts are read in that same transaction. A PostgreSQL server is backed up with its own
 * tools (pg_dump, or base backups with WAL archiving for point-in-time restore).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance } from 'fastify';
import { MORE_DATA_KEY_FILE, type KeyFileMap } from './crypto.ts';

export interface BackupManifest {
  format: 'niangjia-embedded-backup-1';
  createdAt: string;
  /** Journal time of the last migration the database had applied. */
  lastMigration: number;
  /** Rows of every table of the public schema at the instant of the copy. */
  counts: Record<string, number>;
  /** Which key files the folder holds (`data`, `audit`, `data.<id>`); a key given by environment variable is not in it. */
  keys: string[];
}

export interface Snapshot {
  tarball: Blob;
  counts: Record<string, number>;
  lastMigration: number;
}

/** Row counts of every table of the public schema, read with `query` (inside the snapshot's transaction). */
export async function tableCounts(query: (sql: string) => Promise<{ rows: Record<string, unknown>[] }>): Promise<Record<string, number>> {
  const tables = (await query(`select tablename from pg_tables where schemaname = 'public' order by tablename`)).rows.map((r) => String(r.tablename));
  if (!tables.length) return {};
  const union = tables.map((t) => `select '${t}' as t, count(*)::bigint as n from public."${t}"`).join(' union all ');
  const counts: Record<string, number> = {};
  for (const r of (await query(union)).rows) counts[String(r.t)] = Number(r.n);
  return counts;
}

/** A consistent copy of a PGlite database: its files and its counts, taken in one transaction. */
export async function snapshotPglite(client: PGlite): Promise<Snapshot> {
  // A checkpoint first, so the copy needs little WAL replay when it is started.
  await client.query('checkpoint');
  return client.transaction(async (tx) => {
    const q = (sql: string) => tx.query<Record<string, unknown>>(sql);
    const counts = await tableCounts(q);
    const last = (await q(`select coalesce(max(created_at), 0)::text as last from drizzle.__drizzle_migrations`)).rows[0]?.last;
    // Inside the transaction no other one can run; dumpDataDir waits only for the statement under way, of which there is none.
    const tarball = await client.dumpDataDir('gzip');
    return { tarball, counts, lastMigration: Number(last ?? 0) };
  });
}

/** Key files by name (crypto.ts `keyFilePaths`): `data`, `audit` and `data.<id>` for keys added by a rotation. */
export type KeyFiles = KeyFileMap;

/** Writes the backup folder (mode 0700, files 0600); refuses a folder that exists. */
export async function writeBackup(dir: string, snapshot: Snapshot, keys: KeyFiles): Promise<BackupManifest> {
  if (fs.existsSync(dir)) throw new Error(`备份目录 ${dir} 已存在，请换一个名称`);
  fs.mkdirSync(path.join(dir, 'keys'), { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  fs.writeFileSync(path.join(dir, 'pgdata.tar.gz'), Buffer.from(await snapshot.tarball.arrayBuffer()), { mode: 0o600 });
  const held: string[] = [];
  for (const [name, file] of Object.entries(keys) as [string, string | undefined][]) {
    if (!file || !fs.existsSync(file)) continue;
    fs.copyFileSync(file, path.join(dir, 'keys', `${name}.key`));
    fs.chmodSync(path.join(dir, 'keys', `${name}.key`), 0o600);
    held.push(name);
  }
  const manifest: BackupManifest = {
    format: 'niangjia-embedded-backup-1',
    createdAt: new Date().toISOString(),
    lastMigration: snapshot.lastMigration,
    counts: snapshot.counts,
    keys: held,
  };
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
  return manifest;
}

export function readManifest(dir: string): BackupManifest {
  const file = path.join(dir, 'manifest.json');
  if (!fs.existsSync(file) || !fs.existsSync(path.join(dir, 'pgdata.tar.gz')))
    throw new Error(`${dir} 不是娘家人的备份目录（缺少 manifest.json 或 pgdata.tar.gz）`);
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as BackupManifest;
  if (manifest.format !== 'niangjia-embedded-backup-1') throw new Error(`${dir} 的备份格式无法识别：${String(manifest.format)}`);
  return manifest;
}

/** Whether a data directory holds a database already (restore refuses to overwrite one unless forced). */
export function holdsDatabase(dataDir: string) {
  const pgdata = path.join(dataDir, 'pgdata');
  return fs.existsSync(pgdata) && fs.readdirSync(pgdata).length > 0;
}

/**
 * Puts a backup's key files where this installation reads them. A different key already there is
 * refused unless forced (then it is kept beside, renamed): a wrong key makes the server refuse to start.
 * Keys added by a rotation (`data.<id>.key`) go to `moreDir`, beside the data key file.
 */
export function restoreKeys(backupDir: string, targets: KeyFiles, opts: { force: boolean; stamp: string; moreDir?: string }): string[] {
  const restored: string[] = [];
  const all: Record<string, string | undefined> = { ...targets };
  const held = fs.existsSync(path.join(backupDir, 'keys')) ? fs.readdirSync(path.join(backupDir, 'keys')) : [];
  for (const f of held) if (MORE_DATA_KEY_FILE.test(f) && opts.moreDir) all[path.basename(f, '.key')] ??= path.join(opts.moreDir, f);
  for (const [name, target] of Object.entries(all)) {
    const source = path.join(backupDir, 'keys', `${name}.key`);
    if (!target || !fs.existsSync(source)) continue;
    const content = fs.readFileSync(source);
    if (fs.existsSync(target)) {
      if (fs.readFileSync(target).equals(content)) continue;
      if (!opts.force) throw new Error(`${target} 已有另一把密钥；加 --force 则原密钥改名保留为 ${target}.before-restore-${opts.stamp}`);
      fs.renameSync(target, `${target}.before-restore-${opts.stamp}`);
    }
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    fs.writeFileSync(target, content, { mode: 0o600 });
    restored.push(name);
  }
  return restored;
}

/**
 * `GET /internal/backup` on a server that owns an embedded database: `npm run backup` asks it for a
 * snapshot, since no other process may open the files. The caller proves it can read DATA_DIR by
 * the token the server wrote there (`server.control`, mode 0600) — the same access the database
 * files need — and must not come through a proxy. Counts travel in a header, the files as the body.
 */
export function registerBackupRoute(app: FastifyInstance, opts: { token: string; snapshot: () => Promise<Snapshot> }) {
  const expected = createHash('sha256').update(opts.token).digest();
  app.get('/internal/backup', { schema: { hide: true } }, async (req, reply) => {
    const auth = req.headers.authorization ?? '';
    const given = createHash('sha256')
      .update(auth.startsWith('Bearer ') ? auth.slice(7) : '')
      .digest();
    const forwarded = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined;
    if (forwarded || !timingSafeEqual(given, expected)) return reply.status(403).send({ message: '备份只能由本机的 npm run backup 发起', fields: [] });
    const s = await opts.snapshot();
    req.log.warn({ tables: Object.keys(s.counts).length, bytes: s.tarball.size }, 'embedded database backup taken');
    return reply
      .header('x-niangjia-backup', Buffer.from(JSON.stringify({ counts: s.counts, lastMigration: s.lastMigration })).toString('base64'))
      .type('application/gzip')
      .send(Buffer.from(await s.tarball.arrayBuffer()));
  });
}

/** What a running server writes into DATA_DIR for `npm run backup` to reach it. */
export interface ServerControl {
  pid: number;
  url: string;
  token: string;
}

export const controlFile = (dataDir: string) => path.join(dataDir, 'server.control');

export function writeControl(dataDir: string, control: ServerControl) {
  fs.writeFileSync(controlFile(dataDir), JSON.stringify(control), { mode: 0o600 });
}

export function readControl(dataDir: string): ServerControl | undefined {
  try {
    return JSON.parse(fs.readFileSync(controlFile(dataDir), 'utf8')) as ServerControl;
  } catch {
    return undefined;
  }
}

/** Asks the running server for a snapshot. */
export async function snapshotFromServer(control: ServerControl): Promise<Snapshot> {
  const res = await fetch(`${control.url}/internal/backup`, { headers: { authorization: `Bearer ${control.token}` } });
  if (res.status !== 200) throw new Error(`运行中的服务拒绝了备份请求（${res.status}）：${await res.text()}`);
  const meta = JSON.parse(Buffer.from(res.headers.get('x-niangjia-backup') ?? '', 'base64').toString('utf8')) as Omit<Snapshot, 'tarball'>;
  return { ...meta, tarball: await res.blob() };
}
