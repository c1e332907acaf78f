import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { lockDataDir } from './datadir-lock.ts';
import { snapshotPglite, type Snapshot } from './backup.ts';
import { projectRoot } from './paths.ts';
import type { Config } from './config.ts';
import { ReadReplica, routingDb } from './replica.ts';

export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Repositories take either the database or an open transaction. */
export type DbOrTx = Db | Tx;

/** Rows of a raw SQL statement, the same on PGlite and node-postgres (both answer `{ rows }`). */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** Runs one statement given as text (tools that list tables and count them), answering its rows. */
export function rawQuery(db: DbOrTx) {
  return async (text: string) => ({ rows: await queryRows<Record<string, unknown>>(db, sql.raw(text)) });
}

/**
 * A text[] column as read by `queryRows`: PGlite hands an array, node-postgres may hand its text
 * form `{a,b}` (values here are codes: no commas, quotes or braces inside).
 */
export function textArray<T extends string>(v: T[] | string): T[] {
  return Array.isArray(v)
    ? v
    : (v
        .replace(/^\{|\}$/g, '')
        .split(',')
        .filter(Boolean) as T[]);
}

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /**
   * Bulk load with COPY (text format, see copy-format.ts) — the fastest way
   * into either engine. `chunks` are whole lines.
   */
  /** COPY … FROM STDIN in text format; chunks are text or its UTF-8 bytes, cut anywhere between lines. */
  copyInto(table: string, columns: string[], chunks: AsyncIterable<string | Uint8Array>): Promise<void>;
  /** The embedded engine itself (tools that copy it out: move-to-postgres.ts). */
  pglite?: PGlite;
  /** A consistent copy of an embedded database, while it runs (backup.ts). */
  snapshot?: () => Promise<Snapshot>;
  /** A server database's pool: connections open, idle, and requests waiting for one (for `/metrics`). */
  poolStats?: () => { total: number; idle: number; waiting: number };
  /** The streaming replica that lag-tolerant reads go to (`DATABASE_READ_URL`), when one is configured. */
  replica?: ReadReplica;
  close(): Promise<void>;
}

const copyStatement = (table: string, columns: string[]) => `COPY ${table} (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`;

/** PGlite reads COPY input from a blob: lines are gathered into blobs of ~16 MB. */
function pgliteCopy(client: PGlite) {
  return async (table: string, columns: string[], chunks: AsyncIterable<string | Uint8Array>) => {
    const statement = copyStatement(table, columns).replace('FROM STDIN', "FROM '/dev/blob'");
    let parts: (string | Uint8Array)[] = [];
    let size = 0;
    const flush = async () => {
      if (!parts.length) return;
      await client.query(statement, [], { blob: new Blob(parts as ConstructorParameters<typeof Blob>[0]) });
      parts = [];
      size = 0;
    };
    for await (const chunk of chunks) {
      parts.push(chunk);
      size += chunk.length;
      if (size > 16_000_000) await flush();
    }
    await flush();
  };
}

function pgCopy(pool: pg.Pool) {
  return async (table: string, columns: string[], chunks: AsyncIterable<string | Uint8Array>) => {
    const client = await pool.connect();
    try {
      const stream = client.query(copyFrom(copyStatement(table, columns)));
      const done = finished(stream);
      for await (const chunk of chunks) {
        const data = typeof chunk === 'string' ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        if (!stream.write(data)) await once(stream, 'drain');
      }
      stream.end();
      await done;
    } finally {
      client.release();
    }
  };
}

export function pgliteDatabase(client: PGlite, release?: () => void): Database {
  return {
    db: drizzlePglite({ client }) as unknown as Db,
    kind: 'pglite',
    pglite: client,
    copyInto: pgliteCopy(client),
    snapshot: () => snapshotPglite(client),
    close: async () => {
      await client.close();
      release?.();
    },
  };
}

export const migrationsFolder = () => path.join(projectRoot(), 'migrations');

/** The journal time of the last migration the database has applied (drizzle records each), 0 when none. */
export async function lastAppliedMigration(db: DbOrTx): Promise<number> {
  const [row] = await queryRows<{ last: string | null }>(db, sql`select max(created_at)::text as last from drizzle.__drizzle_migrations`);
  return Number(row?.last ?? 0);
}

/**
 * PGlite's own start parameters minus `-F` (which turns fsync off), plus `wal_sync_method=fsync`:
 * the WASM build turns fdatasync() into a no-op, while fsync() reaches the stream's fsync hook
 * that DurableNodeFS below connects to the host's fsync. A commit then returns only after its WAL
 * record is on disk, like a PostgreSQL server with its defaults.
 */
const DURABLE_START_PARAMS = [
  '--single',
  '-O',
  '-j',
  '-c',
  'search_path=public',
  '-c',
  'exit_on_error=false',
  '-c',
  'log_checkpoints=false',
  '-c',
  'max_worker_processes=0',
  '-c',
  'max_parallel_workers=0',
  '-c',
  'max_parallel_workers_per_gather=0',
  '-c',
  'max_parallel_maintenance_workers=0',
  '-c',
  'io_method=sync',
  '-c',
  'fsync=on',
  '-c',
  'wal_sync_method=fsync',
];

interface EmscriptenStream {
  nfd?: number;
}
interface EmscriptenModule {
  NODEFS: { stream_ops: { fsync?: (s: EmscriptenStream) => number } };
}

/** NodeFS whose file streams pass fsync() through to the host file (Emscripten's NODEFS has none). */
class DurableNodeFS extends NodeFS {
  override async init(...args: Parameters<NodeFS['init']>) {
    const result = await super.init(...args);
    const preRun = result.emscriptenOpts.preRun ?? [];
    result.emscriptenOpts.preRun = [
      ...preRun,
      (mod: EmscriptenModule) => {
        mod.NODEFS.stream_ops.fsync = (stream) => {
          if (stream.nfd !== undefined) fs.fsyncSync(stream.nfd);
          return 0;
        };
      },
    ];
    return result;
  }
}

/** Opens the embedded database in `dataDir` (locked to this process), durable, migrated unless `migrate: false` (backup tools). */
export async function openEmbeddedDatabase(dataDir: string, opts: { migrate?: boolean } = {}): Promise<Database> {
  const release = lockDataDir(dataDir);
  try {
    const client = new PGlite({ fs: new DurableNodeFS(path.join(dataDir, 'pgdata')), startParams: DURABLE_START_PARAMS });
    await client.waitReady;
    const database = pgliteDatabase(client, release);
    if (opts.migrate !== false) await migratePglite(database.db as never, { migrationsFolder: migrationsFolder() });
    return database;
  } catch (err) {
    release();
    throw err;
  }
}

/**
 * Puts a backup's database files (a PGlite tarball) into an empty `dataDir/pgdata`, under the
 * directory's lock; migrations are left to the next start, as after an upgrade.
 */
export async function restoreEmbeddedDatabase(dataDir: string, tarball: Blob): Promise<void> {
  const release = lockDataDir(dataDir);
  try {
    const client = new PGlite({ fs: new DurableNodeFS(path.join(dataDir, 'pgdata')), startParams: DURABLE_START_PARAMS, loadDataDir: tarball });
    await client.waitReady;
    await client.query('checkpoint');
    await client.close();
  } finally {
    release();
  }
}

/** An in-memory PGlite, migrated: for tests and one-off tools. */
export async function openMemoryDatabase(): Promise<Database> {
  const client = new PGlite();
  await client.waitReady;
  const database = pgliteDatabase(client);
  await migratePglite(database.db as never, { migrationsFolder: migrationsFolder() });
  return database;
}

// One number for the whole project: concurrent app processes starting together migrate one at a time.
const MIGRATION_LOCK = 2_026_112_301;

/**
 * pg's Pool.query throws away the connection after ANY failed statement — a unique violation, a
 * refused hand-out — so the next request pays for a new connection and re-plans every statement
 * (milliseconds each). An error the server reported leaves the connection healthy: keep it.
 */
class KeepingPool extends pg.Pool {
  constructor(config: pg.PoolConfig) {
    super(config);
    // A connection the server ends (a restart, a failover, an administrator's terminate) says so
    // by an 'error' event: while idle in the pool, pg drops it and the next use opens another;
    // while checked out, the statement on it fails and says so to its request. Unheard, either
    // event would end the whole process.
    this.on('error', (err) => console.warn(`database connection lost while idle: ${err.message}`));
    this.on('connect', (client) => client.on('error', () => undefined));
  }

  override query(...args: unknown[]): never {
    const [config, values, callback] = args;
    if (typeof callback === 'function' || typeof values === 'function') return (super.query as (...a: unknown[]) => never)(...args);
    return (async () => {
      const client = await this.connect();
      let release: Error | undefined;
      try {
        return await client.query(config as pg.QueryConfig, values as unknown[] | undefined);
      } catch (err) {
        if (!(err instanceof pg.DatabaseError)) release = err as Error;
        throw err;
      } finally {
        client.release(release);
      }
    })() as never;
  }
}

/** A streaming replica of the server database, for lag-tolerant reads (see replica.ts). */
export interface ReadReplicaSettings {
  url: string;
  poolSize: number;
  maxLagSeconds: number;
  probeSeconds: number;
}

/**
 * Connects to a PostgreSQL server (15+) and applies pending migrations under an advisory lock.
 * With `read`, a second pool to its streaming replica: the answer's `db` then sends the reads of
 * requests declared lag-tolerant there, and everything else to the primary.
 */
export async function openServerDatabase(url: string, poolMax = 10, read?: ReadReplicaSettings): Promise<Database> {
  const migrator = new pg.Client({ connectionString: url });
  await migrator.connect();
  try {
    await migrator.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migratePg(drizzlePg({ client: migrator }), { migrationsFolder: migrationsFolder() });
  } finally {
    await migrator.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await migrator.end();
  }
  const pool = new KeepingPool({ connectionString: url, max: poolMax });
  const primary = drizzlePg({ client: pool }) as unknown as Db;
  // A replica that does not answer within 2 s is treated as gone (reads fall back to the primary)
  // rather than holding the request.
  const replica = read
    ? new ReadReplica(new KeepingPool({ connectionString: read.url, max: read.poolSize, connectionTimeoutMillis: 2000 }), pool, {
        maxLagSeconds: read.maxLagSeconds,
        probeSeconds: read.probeSeconds,
      })
    : undefined;
  return {
    db: replica ? routingDb(primary, replica) : primary,
    kind: 'postgres',
    copyInto: pgCopy(pool),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    replica,
    close: async () => {
      await replica?.close();
      await pool.end();
    },
  };
}

/**
 * The server database of `databaseUrl` (with its replica when `databaseReadUrl` is set), else the
 * embedded one: it has no replica, and main.ts says that a `DATABASE_READ_URL` is ignored.
 */
export function openDatabase(
  config: Pick<Config, 'dataDir'> &
    Partial<Pick<Config, 'databaseUrl' | 'databasePoolSize' | 'databaseReadUrl' | 'databaseReadPoolSize' | 'replicaMaxLagSeconds' | 'replicaProbeSeconds'>>,
): Promise<Database> {
  if (!config.databaseUrl) return openEmbeddedDatabase(config.dataDir);
  const read = config.databaseReadUrl
    ? {
        url: config.databaseReadUrl,
        poolSize: config.databaseReadPoolSize ?? config.databasePoolSize ?? 10,
        maxLagSeconds: config.replicaMaxLagSeconds ?? 30,
        probeSeconds: config.replicaProbeSeconds ?? 5,
      }
    : undefined;
  return openServerDatabase(config.databaseUrl, config.databasePoolSize, read);
}
