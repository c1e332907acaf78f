/**
 * Probes for whoever runs the processes: the service manager or orchestrator asks whether the
 * process lives (`/api/health/live`: no database, so a slow database never gets a healthy process
 * killed) and the load balancer asks whether to send it requests (`/api/health/ready`: the database
 * answers, this build's migrations are applied, and the process is not shutting down). `/api/health`
 * stays what it always was, a liveness answer for older checks.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from '../shared/contract.ts';
import { lastAppliedMigration, migrationsFolder, type Db } from './db.ts';

/** Whether the process is shutting down: readiness answers 503 from the first signal on. */
export class Lifecycle {
  private drainingSince: Date | null = null;
  get draining() {
    return this.drainingSince !== null;
  }
  startDraining() {
    this.drainingSince ??= new Date();
  }
}

/** The creation time of this build's last migration (drizzle's journal), which the database must have applied. */
export function lastMigrationMillis(folder = migrationsFolder()): number {
  const journal = JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
  return Math.max(0, ...journal.entries.map((e) => e.when));
}

/** How long readiness waits for the database before it says the database does not answer. */
const READY_DB_TIMEOUT_MS = 2000;

export type Readiness = { ready: true } | { ready: false; reason: 'draining' | 'database_unavailable' | 'migrations_pending'; message: string };

/** Whether this process should be sent requests now. */
export async function readiness(db: Db, lifecycle: Lifecycle, lastMigration: number): Promise<Readiness> {
  if (lifecycle.draining) return { ready: false, reason: 'draining', message: '服务正在停止，不再接收新请求' };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), READY_DB_TIMEOUT_MS);
  });
  try {
    // drizzle records each applied migration with its journal time; a newer build's process may
    // have applied later ones, which this one does not mind.
    const applied = await Promise.race([lastAppliedMigration(db), timeout]);
    if (applied === 'timeout') return { ready: false, reason: 'database_unavailable', message: `数据库 ${READY_DB_TIMEOUT_MS / 1000} 秒内未应答` };
    if (applied < lastMigration) return { ready: false, reason: 'migrations_pending', message: '数据库尚未升级到本版本的结构' };
    return { ready: true };
  } catch {
    return { ready: false, reason: 'database_unavailable', message: '数据库无法访问' };
  } finally {
    clearTimeout(timer);
  }
}

const NotReady = z.object({
  status: z.enum(['draining', 'database_unavailable', 'migrations_pending']),
  message: z.string(),
});

export function registerHealthRoutes(app: FastifyInstance, db: Db, lifecycle: Lifecycle) {
  // A kept-alive connection would hold the closing server open after its last answer: while
  // draining, every answer closes its connection (the client opens its next one elsewhere).
  app.addHook('onSend', (_req, reply, payload, done) => {
    if (lifecycle.draining) reply.header('connection', 'close');
    done(null, payload);
  });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const lastMigration = lastMigrationMillis();
  const live = {
    logLevel: 'warn' as const,
    schema: { tags: ['系统'], summary: '存活检查（不访问数据库）', response: { 200: z.object({ status: z.literal('ok') }) } },
  };
  r.get('/api/health', { ...live, schema: { ...live.schema, summary: '健康检查（同存活检查）' } }, async () => ({ status: 'ok' as const }));
  r.get('/api/health/live', live, async () => ({ status: 'ok' as const }));
  r.get(
    '/api/health/ready',
    {
      logLevel: 'warn',
      schema: {
        tags: ['系统'],
        summary: '就绪检查：数据库可用、结构已升级、服务未在停止；否则 503',
        response: { 200: z.object({ status: z.literal('ready') }), 503: NotReady },
      },
    },
    async (_req, reply) => {
      const r = await readiness(db, lifecycle, lastMigration);
      if (r.ready) return { status: 'ready' as const };
      return reply.status(503).header('cache-control', 'no-store').send({ status: r.reason, message: r.message });
    },
  );
}
