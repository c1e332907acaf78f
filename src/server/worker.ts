/**
 * The worker side (职工端, `/m/`): a worker signs in with their phone, not with a staff account, and
 * reaches only their own records. Worker sessions are separate from staff sessions: their own
 * cookie, sent only to `/api/m/` (the staff session is not read there, and the worker session
 * nowhere else), their own CSRF token, and no permissions — a worker route reads everything from
 * the worker, never from an id it is handed without checking it is the worker's.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { AppError, Unauthorized } from './errors.ts';

export const WORKER_COOKIE = 'niangjia_wsid';
/** The cookie goes only to worker routes. */
export const WORKER_API = '/api/m/';
export const WORKER_COOKIE_PATH = '/api/m';

/** The signed-in worker, read fresh from the database on each request. */
export interface WorkerActor {
  workerId: number;
  /** The registry person the phone is bound to, or null while the worker is not in the registry (they may still join). */
  personId: number | null;
  /** The masked phone the worker signed in with (`138****5678`). */
  phoneMasked: string;
  sessionId: string;
  ip: string | null;
}

export interface WorkerSession {
  worker: WorkerActor;
  csrfToken: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    workerSession: WorkerSession | null;
  }
}

/** Reads the worker session behind a cookie token (the portal module provides it). */
export type WorkerSessionResolver = (token: string, ip: string) => Promise<WorkerSession | undefined>;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Is this a worker route (the staff session is not read for it)? */
export function isWorkerUrl(url: string): boolean {
  return url.startsWith(WORKER_API);
}

/** Signing in (asking for a code, verifying it, WeChat's silent sign-in) opens a new session whatever the old one was: no token there. */
export const WORKER_SIGN_IN_PREFIX = '/api/m/auth/sign-in/';

/** Reads the worker session of every worker route and checks the CSRF token of its writes. */
export function installWorkerSessions(app: FastifyInstance, resolve: WorkerSessionResolver) {
  app.decorateRequest('workerSession', null);
  app.addHook('onRequest', async (req) => {
    if (!isWorkerUrl(req.url)) return;
    const token = req.cookies[WORKER_COOKIE];
    if (!token) return;
    const session = await resolve(token, req.ip);
    if (!session) return;
    if (
      !SAFE_METHODS.has(req.method) &&
      !req.url.startsWith(WORKER_SIGN_IN_PREFIX) &&
      !csrfMatches(session.csrfToken, req.headers['x-csrf-token'] as string | undefined)
    ) {
      throw new AppError(403, '页面已过期，请刷新后重试（CSRF 校验未通过）');
    }
    req.workerSession = session;
  });
}

function csrfMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The signed-in worker, or 401. */
export function requireWorker(req: FastifyRequest): WorkerActor {
  if (!req.workerSession) throw new Unauthorized('请先用手机号登录');
  return req.workerSession.worker;
}

/** The signed-in worker who is in the registry (bound to a person), or 409 telling them to join or bind first. */
export function requireRegisteredWorker(req: FastifyRequest): WorkerActor & { personId: number } {
  const w = requireWorker(req);
  if (w.personId === null) throw new AppError(409, '您的手机号尚未关联职工档案：请先核验身份或申请入会');
  return w as WorkerActor & { personId: number };
}

const workerGuards = new WeakSet<object>();

/** onRequest guard of a worker route: a signed-in worker (401 otherwise, and a staff session does not count). */
export function workerGuard(): onRequestHookHandler {
  const hook: onRequestHookHandler = (req, _reply, done) => {
    try {
      requireWorker(req);
      done();
    } catch (err) {
      done(err as Error);
    }
  };
  workerGuards.add(hook);
  return hook;
}

/** Whether a route's onRequest hook is the worker guard (the route tests read it, as they read staff guards). */
export function isWorkerGuard(hook: unknown): boolean {
  return typeof hook === 'function' && workerGuards.has(hook);
}

export function workerCookieOptions(req: FastifyRequest, secure: boolean | 'auto', maxAgeSeconds: number) {
  return {
    path: WORKER_COOKIE_PATH,
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: secure === 'auto' ? req.protocol === 'https' : secure,
    maxAge: maxAgeSeconds,
  };
}
