/**
 * Request plumbing shared by every module's routes: who is calling (read fresh from the session
 * on each request), permission guards, CSRF for cookie-authenticated writes.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Permission } from '../shared/permissions.ts';
import { can, type Actor } from './actor.ts';
import { AppError, Forbidden, Unauthorized } from './errors.ts';

export const SESSION_COOKIE = 'niangjia_sid';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Routes a signed-in account may use before it has replaced an initial or reset password. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['/api/auth/me', '/api/auth/password', '/api/auth/logout']);

/** What the platform needs of a signed-in session; the auth module's session holds more. */
export interface RequestSession {
  actor: Actor;
  csrfToken: string;
  mustChangePassword: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    session: RequestSession | null;
  }
}

/** Reads the session behind a cookie token (the auth module provides it). */
export type SessionResolver = (token: string, ip: string) => Promise<RequestSession | undefined>;

/**
 * Reads the session of every API request, fresh from the database, and checks the CSRF token of
 * cookie-authenticated writes.
 */
export function installSessions(app: FastifyInstance, resolve: SessionResolver) {
  app.decorateRequest('session', null);
  app.addHook('onRequest', async (req) => {
    // Worker routes (`/api/m/`) read the worker's own session (worker.ts), never a staff one.
    if (!req.url.startsWith('/api/') || req.url.startsWith('/api/m/')) return;
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await resolve(token, req.ip);
    if (!session) return;
    // Signing in opens a new session whatever the old one was: no token needed (nor possible) there.
    if (!SAFE_METHODS.has(req.method) && req.url !== '/api/auth/login' && !csrfMatches(session.csrfToken, req.headers['x-csrf-token'] as string | undefined)) {
      throw new AppError(403, '页面已过期，请刷新后重试（CSRF 校验未通过）');
    }
    req.session = session;
  });
}

function csrfMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The signed-in actor, or 401. */
export function requireActor(req: FastifyRequest): Actor {
  if (!req.session) throw new Unauthorized();
  return req.session.actor;
}

/** What each guard hook checks: a permission, or null when being signed in is enough. */
const guardPermissions = new WeakMap<object, Permission | null>();

/**
 * onRequest guard for a route: signed in (401), password no longer provisional (403) and,
 * when given, holding `permission` (403). Runs before body validation, so an anonymous caller
 * learns nothing about the input rules.
 */
export function guard(permission?: Permission): onRequestHookHandler {
  const check = (req: FastifyRequest) => {
    const actor = requireActor(req);
    if (req.session!.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(req.routeOptions.url ?? '')) {
      throw new Forbidden('请先修改初始密码');
    }
    if (permission && !can(actor, permission)) throw new Forbidden();
  };
  // The checks are synchronous: a callback hook, so no promise is handed where none is awaited.
  const hook: onRequestHookHandler = (req, _reply, done) => {
    try {
      check(req);
      done();
    } catch (err) {
      done(err as Error);
    }
  };
  return remembered(permission ?? null, hook);
}

function remembered<H extends object>(permission: Permission | null, hook: H): H {
  guardPermissions.set(hook, permission);
  return hook;
}

/**
 * The permission a route's onRequest hook checks, when it is a guard: null for signed-in only,
 * undefined when the hook is not a guard. Lets a test prove every route is guarded without a
 * hand-written table.
 */
export function guardedPermission(hook: unknown): Permission | null | undefined {
  return typeof hook === 'function' ? guardPermissions.get(hook) : undefined;
}

export function sessionCookieOptions(req: FastifyRequest, secure: boolean | 'auto', maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: secure === 'auto' ? req.protocol === 'https' : secure,
    ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}),
  };
}
