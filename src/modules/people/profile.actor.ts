/**
 * A worker as the audit log names them. A worker has no staff account and no permissions; their
 * writes (a correction request, a withdrawn consent, a download of their data) are recorded under
 * `职工 138****5678`, in the union their record belongs to.
 */
import type { Actor } from '../../server/actor.ts';
import type { WorkerActor } from '../../server/worker.ts';

export function workerAuditActor(w: WorkerActor, org: { id: number; path: string }): Actor {
  return {
    accountId: null,
    username: `职工 ${w.phoneMasked}`,
    orgId: org.id,
    orgPath: org.path,
    roles: [],
    permissions: new Set(),
    sessionId: null,
    ip: w.ip,
  };
}
