import { and, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../server/db.ts';
import { orgInScope, type Scope } from '../../server/scope.ts';
import { jobSchedules, jobs, type JobRow } from './jobs.schema.ts';

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

/** Marks a job that has not ended as failed, with the message people read; an ended job keeps its state. */
export async function failJob(db: DbOrTx, id: string, error: string) {
  const [row] = await db
    .update(jobs)
    .set({ status: 'failed', phase: '失败', error, message: error, updatedAt: sql`now()` })
    .where(and(eq(jobs.id, id), inArray(jobs.status, ['running', 'waiting'])))
    .returning();
  return row;
}

export async function findJobInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.id, id), orgInScope(scope, jobs.orgId)));
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

// ---- Schedules --------------------------------------------------------------------------------

/** A schedule seen for the first time is due at once; known ones keep their times. */
export async function registerSchedules(db: DbOrTx, names: string[]) {
  if (!names.length) return;
  await db
    .insert(jobSchedules)
    .values(names.map((name) => ({ name })))
    .onConflictDoNothing();
}

const leaseEnd = (leaseMs: number) => sql`now() + make_interval(secs => ${leaseMs / 1000}::float8)`;

const due = () => and(lte(jobSchedules.nextRunAt, sql`now()`), or(isNull(jobSchedules.lockedUntil), lt(jobSchedules.lockedUntil, sql`now()`)));

/**
 * Takes the lease of one due schedule among `names` for `owner`, or none. The row is locked by the
 * subquery (rows other processes are claiming are skipped) and the conditions are checked again on
 * the row as it is when the UPDATE writes it, so two processes never both take one due time.
 */
export async function claimDueSchedule(db: DbOrTx, names: string[], owner: string, leaseMs: number) {
  if (!names.length) return undefined;
  const candidate = db
    .select({ name: jobSchedules.name })
    .from(jobSchedules)
    .where(and(inArray(jobSchedules.name, names), due()))
    .orderBy(jobSchedules.nextRunAt)
    .limit(1)
    .for('update', { skipLocked: true });
  const [row] = await db
    .update(jobSchedules)
    .set({ lockedUntil: leaseEnd(leaseMs), lockedBy: owner, lastStartedAt: sql`now()` })
    .where(and(eq(jobSchedules.name, sql`(${candidate})`), due()))
    .returning({ name: jobSchedules.name, nextRunAt: jobSchedules.nextRunAt });
  return row;
}

/** Extends a lease still held by `owner` (a long run); false when it was lost. */
export async function extendScheduleLease(db: DbOrTx, name: string, owner: string, leaseMs: number) {
  const rows = await db
    .update(jobSchedules)
    .set({ lockedUntil: leaseEnd(leaseMs) })
    .where(and(eq(jobSchedules.name, name), eq(jobSchedules.lockedBy, owner)))
    .returning({ name: jobSchedules.name });
  return rows.length > 0;
}

/**
 * Records how a run ended and frees the lease. The next run is the first due time after now on
 * the schedule's own grid (due + n × interval): a run that overran, or a database that was down
 * for days, leads to one catch-up run, not one per missed time.
 */
export async function finishScheduleRun(db: DbOrTx, name: string, owner: string, everySeconds: number, error: string | null) {
  const every = sql`${everySeconds}::float8`;
  const rows = await db
    .update(jobSchedules)
    .set({
      nextRunAt: sql`${jobSchedules.nextRunAt} + make_interval(secs => ${every} * (floor(extract(epoch from now() - ${jobSchedules.nextRunAt})::float8 / ${every}) + 1))`,
      lockedUntil: null,
      lockedBy: null,
      lastFinishedAt: sql`now()`,
      lastStatus: error === null ? 'done' : 'failed',
      lastError: error,
    })
    .where(and(eq(jobSchedules.name, name), eq(jobSchedules.lockedBy, owner)))
    .returning({ name: jobSchedules.name });
  return rows.length > 0;
}

/** Jobs under way by kind and state: running, or waiting for a person (an import checked, to be applied). */
export async function countActiveJobs(db: DbOrTx) {
  return db
    .select({ kind: jobs.kind, status: jobs.status, count: sql<number>`count(*)::int` })
    .from(jobs)
    .where(inArray(jobs.status, ['running', 'waiting']))
    .groupBy(jobs.kind, jobs.status);
}

/** Jobs that failed within the last `minutes`, by kind. */
export async function countRecentFailures(db: DbOrTx, minutes: number) {
  return db
    .select({ kind: jobs.kind, count: sql<number>`count(*)::int` })
    .from(jobs)
    .where(and(eq(jobs.status, 'failed'), sql`${jobs.updatedAt} > now() - make_interval(mins => ${minutes})`))
    .groupBy(jobs.kind);
}

/** Each schedule: whether its last run failed, and how long it is overdue (0 when not due yet). */
export async function scheduleStates(db: DbOrTx) {
  return db
    .select({
      name: jobSchedules.name,
      failed: sql<boolean>`${jobSchedules.lastStatus} = 'failed'`,
      overdueSeconds: sql<number>`case when ${jobSchedules.lockedUntil} > now() then 0 else greatest(0, extract(epoch from now() - ${jobSchedules.nextRunAt})) end::float8`,
    })
    .from(jobSchedules);
}
