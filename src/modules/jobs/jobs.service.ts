import type { FastifyBaseLogger } from 'fastify';
import type { Db, DbOrTx } from '../../server/db.ts';
import type { JobContext } from '../../server/module.ts';
import type { Actor } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import { AppError, NotFound } from '../../server/errors.ts';
import * as repo from './jobs.repository.ts';
import type { JobRow } from './jobs.schema.ts';
import type { JobView } from './jobs.contract.ts';

export function presentJob(j: JobRow): JobView {
  return {
    id: j.id,
    kind: j.kind,
    status: j.status,
    phase: j.phase,
    done: j.done,
    total: j.total,
    message: j.message,
    result: j.result ?? null,
    error: j.error,
    createdAt: j.createdAt.toISOString(),
    updatedAt: j.updatedAt.toISOString(),
  };
}

export async function startJob(db: DbOrTx, actor: Actor, kind: string, params: Record<string, unknown>) {
  return repo.insertJob(db, { kind, orgId: actor.orgId, accountId: actor.accountId, params, phase: '准备' });
}

/** A job of the actor's subtree, or 404. */
export async function getJob(db: Db, actor: Actor, id: string) {
  const job = await repo.findJobInScope(db, scopeOf(actor), id);
  if (!job) throw new NotFound('任务');
  return job;
}

/**
 * Progress reporting for a running job, written at most every `everyMs` so a million-row job does
 * not spend its time updating its own row; the write doubles as the heartbeat.
 */
export function progressReporter(db: Db, id: string, everyMs = 1000) {
  let last = 0;
  return async (p: { done: number; total?: number | null; phase?: string; message?: string }, force = false) => {
    const now = Date.now();
    if (!force && now - last < everyMs) return;
    last = now;
    await repo.updateJob(db, id, {
      done: p.done,
      ...(p.total !== undefined ? { total: p.total } : {}),
      ...(p.phase ? { phase: p.phase } : {}),
      ...(p.message ? { message: p.message } : {}),
    });
  };
}

export const updateJob = repo.updateJob;
export const transitionJob = repo.transitionJob;
export const findJob = repo.findJob;
export const failAbandonedJobs = repo.failAbandonedJobs;
export const expireWaitingJobs = repo.expireWaitingJobs;
export const findActiveJobIds = repo.findActiveJobIds;

// ---- Running background work ------------------------------------------------------------------

/** What background work needs: the database, and the logger (pino: a request's or the app's). */
export type { JobContext } from '../../server/module.ts';

/** What people read when background work failed for a reason they cannot fix themselves. */
export const JOB_FAILED_MESSAGE = '后台任务出错，请稍后重试';

export interface RunJobOptions {
  /** The message for people when the error is not an AppError (an AppError's own message is shown). */
  failMessage?: string;
  /**
   * Records the failure in place of marking the job failed: for work that follows a job already
   * done (an import stands even when the duplicate scan after it did not run).
   */
  recordFailure?: (message: string) => Promise<unknown>;
  /** Clean-up once the failure is recorded (staged rows, files). */
  cleanUp?: () => Promise<unknown>;
}

/** The message for people: an AppError says what to do; anything else is told in general terms. */
export function failureMessage(err: unknown, fallback = JOB_FAILED_MESSAGE) {
  return err instanceof AppError ? err.message : fallback;
}

/** Runs `work`, resolving with its error instead of rejecting (a throw before its first await included). */
export async function attempt(work: () => Promise<unknown>): Promise<{ err: unknown } | undefined> {
  try {
    await work();
    return undefined;
  } catch (err) {
    return { err };
  }
}

/** An AppError is an outcome for people (an empty sheet); anything else is a fault for operators. */
export function logFailure(log: FastifyBaseLogger, err: unknown, fields: Record<string, unknown>, what: string) {
  if (err instanceof AppError) log.info({ err, ...fields }, `${what}: ${err.message}`);
  else log.error({ err, ...fields }, what);
}

const inFlight = new Set<Promise<void>>();

/**
 * Runs the work of a job in the background. It never rejects — a rejected promise nobody awaits
 * ends the Node process, and with it every request in flight. On failure the job is marked failed
 * with a message for people, the error itself goes to the log only, then `cleanUp` runs.
 */
export function runJob(ctx: JobContext, jobId: string, work: () => Promise<unknown>, opts: RunJobOptions = {}): void {
  const { db, log } = ctx;
  const task = (async () => {
    const failure = await attempt(work);
    if (!failure) return;
    logFailure(log, failure.err, { jobId }, 'background job failed');
    const message = failureMessage(failure.err, opts.failMessage);
    const recorded = await attempt(() => (opts.recordFailure ? opts.recordFailure(message) : repo.failJob(db, jobId, message)));
    if (recorded) log.error({ err: recorded.err, jobId }, 'could not record the failure of a background job');
    const cleaned = opts.cleanUp && (await attempt(opts.cleanUp));
    if (cleaned) log.error({ err: cleaned.err, jobId }, 'clean-up after a failed background job failed');
  })();
  inFlight.add(task);
  const settled = () => inFlight.delete(task);
  task.then(settled, settled);
}

/** Resolves once the background jobs this process started have ended (shutdown, tests). */
export async function jobsSettled() {
  while (inFlight.size) await Promise.all(inFlight);
}
