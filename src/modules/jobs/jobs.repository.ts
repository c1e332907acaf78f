import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../server/db.ts';
import type { Actor } from '../../server/actor.ts';
import { orgInScope } from '../../server/scope.ts';
import { jobs, type JobRow } from './jobs.schema.ts';

export async function insertJob(db: DbOrTx, values: typeof jobs.$inferInsert) {
  const [row] = await db.insert(jobs).values(values).returning();
  return row!;
}

export async function updateJob(db: DbOrTx, id: string, values: Partial<typeof jobs.$inferInsert>) {
  const [row] = await db
    .update(jobs)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(jobs.id, id))
    .returning();
  return row;
}

/** Moves a job from one status to another only if it is still in the first (no double apply). */
export async function transitionJob(db: DbOrTx, id: string, from: JobRow['status'], values: Partial<typeof jobs.$inferInsert>) {
  const [row] = await db
    .update(jobs)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(jobs.id, id), eq(jobs.status, from)))
    .returning();
  return row;
}

export async function findJobInScope(db: DbOrTx, actor: Actor, id: string) {
  const [row] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.id, id), orgInScope(actor, jobs.orgId)));
  return row;
}

export async function findJob(db: DbOrTx, id: string) {
  const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
  return row;
}

/** Jobs left waiting for a person's decision longer than `hours` (an import nobody confirmed). */
export async function expireWaitingJobs(db: DbOrTx, hours: number) {
  const rows = await db
    .update(jobs)
    .set({ status: 'cancelled', message: '超过一天未确认，已自动取消', updatedAt: sql`now()` })
    .where(and(eq(jobs.status, 'waiting'), sql`${jobs.updatedAt} < now() - make_interval(hours => ${hours})`))
    .returning({ id: jobs.id });
  return rows.length;
}

export async function findActiveJobIds(db: DbOrTx) {
  const rows = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(sql`${jobs.status} in ('running', 'waiting')`);
  return new Set(rows.map((r) => r.id));
}

/** Jobs whose process stopped without finishing them (no heartbeat for `minutes`). */
export async function failAbandonedJobs(db: DbOrTx, minutes: number) {
  const rows = await db
    .update(jobs)
    .set({ status: 'failed', error: '服务重启或中断，任务未完成，请重新操作', updatedAt: sql`now()` })
    .where(and(eq(jobs.status, 'running'), sql`${jobs.updatedAt} < now() - make_interval(mins => ${minutes})`))
    .returning({ id: jobs.id });
  return rows.length;
}
