/**
 * Worker sessions: opened after a phone code (or a bound WeChat openid) is verified, read fresh on
 * every worker request, ended by signing out. Only the token's hash is stored.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db, DbOrTx } from '../../server/db.ts';
import type { WorkerSession } from '../../server/worker.ts';
import * as repo from './sessions.repository.ts';
import { WORKER_SESSION_IDLE_DAYS, WORKER_SESSION_MAX_DAYS } from './portal.contract.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export async function resolveWorkerSession(db: Db, token: string, ip: string): Promise<WorkerSession | undefined> {
  const id = sha256(token);
  const s = await repo.findLiveWorkerSession(db, id, WORKER_SESSION_IDLE_DAYS);
  if (!s) return undefined;
  if (Date.now() - s.lastSeenAt.getTime() > 60_000) await repo.touchWorkerSession(db, id);
  return {
    worker: { workerId: s.workerId, personId: s.personId, phoneMasked: s.phoneMasked, sessionId: id, ip },
    csrfToken: s.csrfToken,
  };
}

/** Opens a session for a worker whose phone (or openid) was just verified; returns the cookie token and its lifetime. */
export async function openWorkerSession(db: DbOrTx, workerId: number, ctx: { ip: string; userAgent: string | undefined }) {
  const token = randomBytes(32).toString('base64url');
  const maxAgeSeconds = WORKER_SESSION_MAX_DAYS * 86_400;
  await repo.insertWorkerSession(db, {
    id: sha256(token),
    workerId,
    csrfToken: randomBytes(24).toString('base64url'),
    expiresAt: new Date(Date.now() + maxAgeSeconds * 1000),
    ip: ctx.ip,
    userAgent: ctx.userAgent?.slice(0, 300) ?? null,
  });
  await repo.markSignedIn(db, workerId);
  return { token, maxAgeSeconds };
}

export async function closeWorkerSession(db: Db, sessionId: string) {
  await repo.deleteWorkerSession(db, sessionId);
}

export async function pruneWorkerSessions(db: Db) {
  await repo.pruneWorkerSessions(db, WORKER_SESSION_IDLE_DAYS);
}

/** The worker account of a phone (by its blind index), created on its first sign-in. */
export function upsertWorkerAccount(db: DbOrTx, phone: { phoneBidx: string; phoneEnc: string; phoneMasked: string }) {
  return repo.upsertWorkerAccount(db, phone);
}

/** Binds a worker's phone to a registry person (once: a bound account keeps its person). */
export function bindWorkerToPerson(db: DbOrTx, workerId: number, personId: number) {
  return repo.bindWorkerToPerson(db, workerId, personId);
}

export function findWorkerAccount(db: DbOrTx, workerId: number) {
  return repo.findWorkerAccount(db, workerId);
}
