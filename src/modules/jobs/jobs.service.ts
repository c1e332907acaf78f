import type { Db, DbOrTx } from '../../server/db.ts';
import type { Actor } from '../../server/actor.ts';
import { NotFound } from '../../server/errors.ts';
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
  const job = await repo.findJobInScope(db, actor, id);
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
