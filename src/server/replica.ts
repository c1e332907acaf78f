/**
 * Reads on a PostgreSQL streaming replica (`DATABASE_READ_URL`). Statistics, exports and large
 * lists tolerate figures a few seconds old; sending them to a replica leaves the primary's cores
 * to the writes. Everything here keeps three promises:
 *
 * - Only reads ever reach the replica. The app's `Db` (see `routingDb`) sends only the read entry
 *   points (`select`, `execute` …) there, and only while a request that declared itself
 *   lag-tolerant is being served (read-routing.ts sets the async context); `insert`, `update`,
 *   `delete` and every transaction go to the primary. The replica's own drizzle instance opens its
 *   transactions on the primary too, and a statement the replica refuses as a write (a raw
 *   `execute`, a `select … for update`) is run again on the primary, where it belongs.
 * - A replica that cannot answer, or lags more than `REPLICA_MAX_LAG_SECONDS`, gets no reads:
 *   a probe every `REPLICA_PROBE_SECONDS` (never one per request) decides, and a connection that
 *   fails in between falls back at once and takes the replica out until the probe sees it back.
 * - The switch is logged once each way, and the figures are served at `/metrics`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';

type Db = PgDatabase<PgQueryResultHKT>;

export interface ReplicaLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface ReplicaOptions {
  maxLagSeconds: number;
  probeSeconds: number;
}

/** Why the replica gets reads or not, as the last probe (or a failed connection) found it. */
export type ReplicaStatus = 'starting' | 'in_use' | 'unreachable' | 'lagging' | 'not_standby';

/** What the request being served may read from the replica; no context (background work, other requests): the primary. */
export interface ReadContext {
  replica: boolean;
}
const readContext = new AsyncLocalStorage<ReadContext>();

/** Runs `fn` (the rest of a request) in a read context that read-routing.ts switches to the replica before the handler. */
export function runWithReadContext<T>(ctx: ReadContext, fn: () => T): T {
  return readContext.run(ctx, fn);
}

/**
 * Errors after which a read is run on the primary instead: the replica is gone or refusing
 * connections (no SQLSTATE, or a shutdown/start-up/too-many-connections/unknown-database state),
 * it refused a write (25006), or replay cancelled the read (40001, a recovery conflict).
 */
function fallbackReason(err: unknown): 'unreachable' | 'write' | 'conflict' | null {
  if (!(err instanceof pg.DatabaseError)) return 'unreachable';
  if (err.code === '25006') return 'write';
  if (err.code === '40001') return 'conflict';
  if (['57P01', '57P02', '57P03', '53300', '3D000', '08006', '08001', '08004'].includes(err.code ?? '')) return 'unreachable';
  return null;
}

/**
 * The replica's connections as drizzle sees them: statements run on the replica (falling back to
 * the primary, see `fallbackReason`); `connect()` — what drizzle calls to open a transaction —
 * hands a primary connection, so no transaction ever runs on the replica. It holds no connection
 * of its own.
 */
class ReplicaFirstPool extends pg.Pool {
  constructor(private readonly owner: ReadReplica) {
    super({ max: 1 });
  }
  override connect(...args: unknown[]): never {
    return (this.owner.primaryPool.connect as (...a: unknown[]) => never).apply(this.owner.primaryPool, args);
  }
  override query(...args: unknown[]): never {
    const [config, values, callback] = args;
    if (typeof callback === 'function' || typeof values === 'function') throw new Error('ReplicaFirstPool: callbacks are not supported');
    const primary = () => this.owner.primaryPool.query(config as pg.QueryConfig, values as unknown[] | undefined);
    return (async () => {
      if (!this.owner.inUse) return primary();
      try {
        return await this.owner.pool.query(config as pg.QueryConfig, values as unknown[] | undefined);
      } catch (err) {
        const reason = fallbackReason(err);
        if (!reason) throw err;
        this.owner.readFailed(reason, err, (config as pg.QueryConfig).text);
        return primary();
      }
    })() as never;
  }
  override end(): never {
    return Promise.resolve() as never;
  }
}

/** One process's view of the replica: its pool, its measured lag, and whether reads go there now. */
export class ReadReplica {
  /** Drizzle over the replica, with transactions and refused statements on the primary. */
  readonly db: Db;
  status: ReplicaStatus = 'starting';
  /** Seconds of commits on the primary not yet visible on the replica; null when unknown. */
  lagSeconds: number | null = null;
  /** Bytes of WAL the primary has written and the replica has not replayed; null when unknown. */
  lagBytes: number | null = null;
  private lastCaughtUp: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  private probing: Promise<void> | undefined;
  private log: ReplicaLog | undefined;
  /** Statements the replica refused as writes (each logged once): a route that declared `reads: 'replica'` and writes outside a transaction. */
  readonly refusedWrites = new Set<string>();

  constructor(
    readonly pool: pg.Pool,
    readonly primaryPool: pg.Pool,
    private readonly opts: ReplicaOptions,
  ) {
    // An idle connection the replica drops (a restart, a failover) is reported here; unheard, the
    // pool's 'error' event would end the process.
    pool.on('error', (err) => this.readFailed('unreachable', err));
    this.db = drizzle({ client: new ReplicaFirstPool(this) }) as unknown as Db;
  }

  get inUse() {
    return this.status === 'in_use';
  }

  /** Starts the periodic probe (the first one at once: its promise), logging to the app's logger. */
  start(log: ReplicaLog): Promise<void> {
    this.log = log;
    if (this.timer) return Promise.resolve();
    const probe = () => this.probe().catch((err: unknown) => this.log?.warn({ err: describe(err) }, '备库探测失败'));
    this.timer = setInterval(() => {
      probe().catch(() => undefined);
    }, this.opts.probeSeconds * 1000);
    this.timer.unref();
    return probe();
  }

  /**
   * Measures the lag: the primary's WAL position, then the replica's replay position against it.
   * Equal (or ahead): lag 0. Behind: the age of the last transaction the replica replayed, but no
   * more than the time since a probe last found it caught up — on a quiet primary the last replayed
   * transaction may be hours old while the replica misses only a few bytes written a moment ago.
   */
  probe(): Promise<void> {
    this.probing ??= this.measure().finally(() => (this.probing = undefined));
    return this.probing;
  }

  private async measure() {
    // The replica is compared with what the primary held at this instant (before either answered).
    const asked = Date.now();
    let primaryLsn: string;
    try {
      const { rows } = await this.primaryPool.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
      primaryLsn = rows[0]!.lsn;
    } catch {
      // Without the primary the lag cannot be told, and nothing works anyway: keep the last decision.
      return;
    }
    try {
      const { rows } = await withTimeout(
        this.pool.query<{ standby: boolean; behind: number | null; replayed_ago: number | null }>(
          `select pg_is_in_recovery() as standby,
                  greatest(pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn()), 0)::float8 as behind,
                  extract(epoch from clock_timestamp() - pg_last_xact_replay_timestamp())::float8 as replayed_ago`,
          [primaryLsn],
        ),
        PROBE_TIMEOUT_MS,
      );
      const r = rows[0]!;
      if (!r.standby || r.behind === null) {
        this.lagSeconds = this.lagBytes = null;
        return this.setStatus('not_standby', { message: 'DATABASE_READ_URL 指向的不是流复制备库（pg_is_in_recovery() 为假），读请求仍由主库承担' });
      }
      this.lagBytes = r.behind;
      if (r.behind === 0) {
        this.lastCaughtUp = asked;
        this.lagSeconds = 0;
      } else {
        const sinceCaughtUp = this.lastCaughtUp === null ? Infinity : (Date.now() - this.lastCaughtUp) / 1000;
        this.lagSeconds = Math.max(0, Math.min(r.replayed_ago ?? Infinity, sinceCaughtUp));
      }
      // Taken out for its lag, it comes back at half the limit, so a lag hovering at the limit does
      // not switch (and log) on every probe.
      const limit = this.status === 'lagging' ? this.opts.maxLagSeconds / 2 : this.opts.maxLagSeconds;
      if (this.lagSeconds > limit) {
        const lag = Number.isFinite(this.lagSeconds) ? this.lagSeconds : null;
        if (lag === null) this.lagSeconds = null;
        return this.setStatus('lagging', { lagSeconds: lag, lagBytes: r.behind, maxLagSeconds: this.opts.maxLagSeconds });
      }
      this.setStatus('in_use', { lagSeconds: this.lagSeconds, lagBytes: r.behind });
    } catch (err) {
      this.lagSeconds = this.lagBytes = null;
      this.setStatus('unreachable', { err: describe(err) });
    }
  }

  /** A read on the replica failed and ran on the primary: a lost replica is taken out until the next good probe. */
  readFailed(reason: 'unreachable' | 'write' | 'conflict', err: unknown, statement?: string) {
    if (reason === 'unreachable') {
      this.lagSeconds = this.lagBytes = null;
      this.setStatus('unreachable', { err: describe(err) });
    } else if (reason === 'write' && statement && !this.refusedWrites.has(statement)) {
      // A route declared lag-tolerant writes with a raw statement: it ran on the primary, but the
      // declaration is wrong. Said once per statement.
      this.refusedWrites.add(statement);
      this.log?.warn({ statement: statement.slice(0, 200) }, '备库拒绝了一条写语句，已改在主库执行：该路由不应声明 reads: replica');
    }
  }

  private setStatus(status: Exclude<ReplicaStatus, 'starting'>, details: object) {
    const was = this.status;
    this.status = status;
    if (status === was) return;
    if (status === 'in_use') this.log?.info({ replica: status, ...details }, '只读备库可用：统计、导出和大列表的读请求改由备库承担');
    else if (was === 'in_use' || was === 'starting') {
      const why =
        status === 'lagging'
          ? `备库延迟超过 REPLICA_MAX_LAG_SECONDS（${this.opts.maxLagSeconds} 秒）`
          : status === 'not_standby'
            ? 'DATABASE_READ_URL 不是备库'
            : '备库无法访问';
      this.log?.warn({ replica: status, ...details }, `${why}：读请求改由主库承担，备库恢复后自动切回`);
    }
  }

  poolStats() {
    return { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount };
  }

  async close() {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.probing?.catch(() => undefined);
    await this.pool.end();
  }
}

/** A probe that waits longer than this finds the replica unreachable (a black-holed host never answers). */
const PROBE_TIMEOUT_MS = 2000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`备库 ${ms / 1000} 秒内未应答`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function describe(err: unknown) {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Read entry points of drizzle's database object: these may go to the replica. Anything else —
 * `insert`, `update`, `delete`, `transaction`, `with` (whose builder also writes) — stays on the
 * primary, whatever the request declared.
 */
const READ_ENTRY_POINTS = new Set<PropertyKey>(['select', 'selectDistinct', 'selectDistinctOn', '$count', 'execute']);

/**
 * The app's `Db`: the primary, except that a read entry point called while a lag-tolerant request
 * is served (and the replica is in use) runs on the replica. Outside a request — start-up, the
 * scheduler, background jobs — there is no read context, so everything is the primary's.
 */
export function routingDb(primary: Db, replica: ReadReplica): Db {
  return new Proxy(primary, {
    get(target, prop) {
      const onReplica = READ_ENTRY_POINTS.has(prop) && replica.inUse && readContext.getStore()?.replica === true;
      const chosen = onReplica ? replica.db : target;
      const value: unknown = Reflect.get(chosen, prop, chosen);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(chosen) : value;
    },
  });
}
