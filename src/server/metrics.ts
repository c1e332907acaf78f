/**
 * `/metrics` in Prometheus's text format (prom-client). Three kinds of figures:
 * - this process's own: Node's (CPU, memory, event-loop lag, prefixed `niangjia_`) and business
 *   counters that modules increment where the thing happens (`processCounter`: hand-outs
 *   confirmed, sign-ins) — per process, so Prometheus sums them over the processes (`sum(rate(…))`);
 * - this app's requests: a duration histogram by method, route pattern (never the raw URL, whose ids
 *   would make a series per record) and status class, and the PostgreSQL pool's connections;
 * - the database's state, read at each scrape from the modules' tables (each manifest's `gauges`,
 *   e.g. background jobs by kind and state) — the same figure from every process, so take `max`.
 *
 * Who may read it: a caller on this machine that did not come through a proxy (Prometheus's agent
 * beside the app), or one that presents `METRICS_TOKEN` as a bearer token. Anyone else is refused,
 * nginx included: a request it forwards carries `X-Forwarded-For`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from './db.ts';
import type { ModuleManifest } from './module.ts';
import type { ReadReplica } from './replica.ts';

export type { DatabaseGauge } from './module.ts';

/** The process-wide registry: Node's figures and the modules' business counters. */
const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry, prefix: 'niangjia_' });

/**
 * A counter of something that happens in this process (a hand-out confirmed, a sign-in), made once
 * per process and incremented by the use case that does it. Names follow Prometheus's rules:
 * `niangjia_<what>_total`.
 */
export function processCounter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
  const existing = processRegistry.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter({ name, help, labelNames, registers: [processRegistry] });
}

/** The PostgreSQL pool's connections, for a server database (the embedded one has no pool). */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export interface AppMetrics {
  registry: Registry;
  /** The whole exposition: the process's figures, then the app's. */
  render(): Promise<string>;
  contentType: string;
}

/** Durations from a primary-key read (a few ms) to a province-wide export's first byte. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The route a request matched as a pattern: `/api/campaigns/:id`; the web app's files and pages are one series. */
export function routeLabel(req: FastifyRequest): string {
  const pattern = req.routeOptions.url;
  if (pattern?.startsWith('/api/') || pattern?.startsWith('/internal/') || pattern === '/metrics') return pattern;
  if (!pattern && req.url.startsWith('/api/')) return 'unmatched';
  return 'web';
}

/** The app's registry, and the hook that times every request. */
export function installMetrics(
  app: FastifyInstance,
  opts: { db: Db; modules: readonly ModuleManifest[]; poolStats?: () => PoolStats; replica?: ReadReplica },
): AppMetrics {
  const registry = new Registry();
  const duration = new Histogram({
    name: 'niangjia_http_request_duration_seconds',
    help: 'HTTP requests: time from arrival to the last byte of the answer, by method, route pattern and status class',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  app.addHook('onResponse', (req, reply, done) => {
    duration.observe({ method: req.method, route: routeLabel(req), status: `${Math.floor(reply.statusCode / 100)}xx` }, reply.elapsedTime / 1000);
    done();
  });

  const { poolStats, replica } = opts;
  if (poolStats) {
    new Gauge({
      name: 'niangjia_db_pool_connections',
      help: 'Connections of this process to PostgreSQL, by pool (the primary, and the replica of DATABASE_READ_URL): total open, idle, and requests waiting for one',
      labelNames: ['pool', 'state'] as const,
      registers: [registry],
      collect() {
        const pools: [string, PoolStats][] = [['primary', poolStats()]];
        if (replica) pools.push(['replica', replica.poolStats()]);
        for (const [pool, s] of pools) {
          this.set({ pool, state: 'total' }, s.total);
          this.set({ pool, state: 'idle' }, s.idle);
          this.set({ pool, state: 'waiting' }, s.waiting);
        }
      },
    });
  }
  if (replica) {
    // As this process's last probe measured them (every REPLICA_PROBE_SECONDS): a scrape asks no database.
    new Gauge({
      name: 'niangjia_db_replica_in_use',
      help: 'Whether this process sends lag-tolerant reads to the replica now (1), or to the primary because the replica is unreachable or lags too much (0)',
      registers: [registry],
      collect() {
        this.set(replica.inUse ? 1 : 0);
      },
    });
    const lag = (name: string, help: string, value: () => number | null) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          // Unknown (replica unreachable): NaN, rather than a number that looks measured (an
          // alert on `> 30` stays quiet then; `niangjia_db_replica_in_use` is the one that tells).
          this.set(value() ?? NaN);
        },
      });
    lag(
      'niangjia_db_replica_lag_seconds',
      'How old the replica is: 0 when it has replayed all the primary wrote, else the age of the commits it has not shown yet',
      () => replica.lagSeconds,
    );
    lag('niangjia_db_replica_lag_bytes', 'WAL the primary has written and the replica has not replayed yet, in bytes', () => replica.lagBytes);
  }

  for (const g of opts.modules.flatMap((m) => m.gauges ?? [])) {
    new Gauge({
      name: g.name,
      help: g.help,
      labelNames: g.labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        for (const { labels, value } of await g.read(opts.db)) this.set(labels, value);
      },
    });
  }

  return {
    registry,
    contentType: registry.contentType,
    render: async () => `${await processRegistry.metrics()}\n${await registry.metrics()}`,
  };
}

function isLoopback(address: string | undefined) {
  return !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Whether the caller may read the figures: on this machine and not forwarded by a proxy, or with
 * the token. The token is compared through fixed-length digests, in constant time.
 */
export function mayReadMetrics(req: FastifyRequest, token: string | null): boolean {
  const auth = req.headers.authorization;
  if (token && auth?.startsWith('Bearer ')) return timingSafeEqual(digest(auth.slice(7).trim()), digest(token));
  const forwarded = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined || req.headers['x-real-ip'] !== undefined;
  return !forwarded && isLoopback(req.socket.remoteAddress);
}

export function registerMetricsRoute(app: FastifyInstance, metrics: AppMetrics, token: string | null) {
  app.get('/metrics', { schema: { hide: true }, logLevel: 'warn' }, async (req, reply) => {
    if (!mayReadMetrics(req, token)) {
      return reply.status(403).send({ message: '监控指标只允许本机或持有 METRICS_TOKEN 的采集端读取', fields: [] });
    }
    const body = await metrics.render();
    return reply.header('cache-control', 'no-store').type(metrics.contentType).send(body);
  });
}
