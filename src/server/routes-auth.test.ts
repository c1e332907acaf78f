/**
 * Every route of the API, taken from the OpenAPI document rather than listed by hand: signed out
 * it answers 401, and signed in without the route's permission it answers 403. The permission is
 * read from the route's own guard (see `guardedPermission` in http.ts), so a route is covered the
 * day it is added; a route that is neither guarded with a permission nor exempted below, with the
 * reason, fails the suite.
 */
import diagnostics from 'node:diagnostics_channel';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_ACCOUNTS, type TestClient } from '../testing/app.ts';
import type { Permission } from '../modules/auth/auth.contract.ts';
import { guardedPermission } from './http.ts';
import { isWorkerGuard } from './worker.ts';

/** Routes anyone may call, signed in or not. */
const PUBLIC: Record<string, string> = {
  'GET /api/health': 'liveness probe for the load balancer and the service manager',
  'GET /api/health/live': 'liveness probe: the process answers, without touching the database',
  'GET /api/health/ready': 'readiness probe: whether to send this process requests (database, migrations, not shutting down); says no data',
  'GET /api/system/info': 'the sign-in page shows whether this is a demo installation before anyone signs in',
  'POST /api/auth/login': 'signing in',
  'GET /api/openapi.json': 'the description of the API (not part of itself): route names and input rules, no data',
  'GET /api/public/stations/nearest': 'where the open stations are: what a station map or a sign at the roadside shows anyone (no visits, no managers)',
  'GET /api/public/stations/map': 'the open stations on a map, as the nearest search shows them to anyone (no visits, no managers)',
  'GET /api/public/stations/map/settings': 'how the map is drawn: the tile provider, its datum and 审图号 (no data)',
  'GET /api/public/volunteer-certificates/{code}': 'anyone holding a volunteer service certificate checks its code (the name masked, as on the paper)',
  'GET /api/public/camps/{id}/draw': 'a summer camp’s published draw (application numbers, keys, groups; no names) that anyone may re-run from the seed',
  'GET /api/m/auth/sign-in/info': 'the worker sign-in page: code length, whether this is a demo (and its printed phones), whether WeChat sign-in is on',
  'POST /api/m/auth/sign-in/code': 'a worker asks for a sign-in code before having a session (limited per phone, address and overall)',
  'POST /api/m/auth/sign-in/verify': 'a worker signs in with the code',
  'GET /api/m/auth/sign-in/wechat': 'inside WeChat: sends the browser to WeChat to authorize the silent sign-in',
  'GET /api/m/auth/sign-in/wechat/callback': 'WeChat sends the browser back here with the code; the state cookie ties it to this browser',
};

/** Routes any signed-in account may call: the use case decides from the caller or from the record. */
const SIGNED_IN_ONLY: Record<string, string> = {
  'POST /api/auth/logout': 'ends the caller’s own session',
  'GET /api/auth/me': 'the caller’s own account, permissions and CSRF token',
  'POST /api/auth/password': 'changes the caller’s own password',
  'POST /api/auth/sessions/revoke-all': 'ends the caller’s own sessions',
  'GET /api/jobs/{id}': 'a background job is shown to whoever may see what it works on; the use case keeps it in scope',
  'GET /api/occupations': 'the shared occupation list every person form needs; the people counts in it are scoped',
  'POST /api/campaigns/{id}/transition': 'the permission depends on the action (approve: campaign:approve, the others: campaign:write); the use case checks it',
  'GET /api/points/{pointId}': 'volunteers on duty and staff both open a point; the use case checks duty or scope',
  'GET /api/inbox': 'what waits for the caller: each module’s source answers only under its own permission, and an account without any gets no group',
  'GET /api/inbox/items': 'one group of what waits for the caller; a kind whose permission the caller lacks is not found',
  'GET /api/events/{id}/checkin-lists':
    'staff (events:read) and the volunteers at the door (events:checkin) both read an event’s check-in lists; the use case checks either',
  'GET /api/events/{id}/checkin-conflicts':
    'an event’s check-in conflicts, for staff (events:read) or the volunteers who synced them (events:checkin); the use case checks either',
  'GET /api/events/{id}/signups/{signupId}/ticket':
    'a sign-up’s check-in code, for staff (events:read) or the volunteers at the door (events:checkin); the use case checks either',
  'GET /api/checkin/lists/{listId}/lines':
    'a check-in list’s lines, for staff (events:read) or the volunteers at the door (events:checkin); the use case checks either',
  'GET /api/checkin/points/{pointId}/conflicts':
    'offline hand-outs refused or repeated at a pick-up point, for its volunteers on duty or staff in scope; the use case checks either',
};

/** Held by every role (a station manager holds only org:read), so no account can be refused it. */
const HELD_BY_EVERY_ACCOUNT: readonly Permission[] = ['org:read'];

interface Route {
  key: string;
  /** A permission, null when being signed in is enough, undefined when the route has no guard. */
  permission: Permission | null | undefined;
  /** A worker route (职工端): guarded by the worker's own session, which a staff session does not give. */
  worker: boolean;
}

/** Every API route as Fastify registers it, with the permission its guard checks. */
const routes: Route[] = [];
const collect = (message: unknown) => {
  const { fastify } = message as { fastify: FastifyInstance };
  fastify.addHook('onRoute', (r: RouteOptions) => {
    if (!r.url?.startsWith('/api/')) return;
    const hooks = [r.onRequest ?? []].flat();
    const guards = hooks.map(guardedPermission);
    const permission = guards.find((p) => p) ?? (guards.includes(null) ? null : undefined);
    const worker = hooks.some(isWorkerGuard);
    for (const method of [r.method].flat()) {
      if (method === 'HEAD') continue;
      routes.push({ key: `${method} ${r.url.replace(/:(\w+)/g, '{$1}')}`, permission, worker });
    }
  });
};
diagnostics.subscribe('fastify.initialization', collect);
const t = await createTestApp();
diagnostics.unsubscribe('fastify.initialization', collect);
afterAll(() => t.close());

interface Parameter {
  name: string;
  in: string;
  schema?: { type?: string; format?: string };
}
const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
  paths: Record<string, Record<string, { parameters?: Parameter[] }>>;
};
const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({
    key: `${method.toUpperCase()} ${path}`,
    method: method.toUpperCase(),
    url: sampleUrl(path, op.parameters),
  })),
);
const byKey = new Map(routes.map((r) => [r.key, r]));

/** The path with each parameter filled with a value of its type; the guard runs before the value is checked. */
function sampleUrl(path: string, parameters: Parameter[] = []) {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const schema = parameters.find((p) => p.in === 'path' && p.name === name)?.schema;
    if (schema?.type === 'integer' || schema?.type === 'number') return '1';
    if (schema?.format === 'uuid') return '00000000-0000-4000-8000-000000000001';
    return name === 'code' ? 'courier' : 'x1';
  });
}

/** Each test account, signed in, with the permissions its roles give. */
const accounts = await Promise.all(
  Object.keys(TEST_ACCOUNTS).map(async (username) => {
    const client = await t.as(username);
    const permissions = new Set<string>((await client.get('/api/auth/me')).json().permissions);
    return { username, client, permissions };
  }),
);
/** A test account whose roles lack `permission`, if any has. */
const lacking = (permission: Permission): { username: string; client: TestClient } | undefined => accounts.find((a) => !a.permissions.has(permission));

describe('every API route refuses callers who are signed out or lack its permission', () => {
  it('knows how each route is guarded: by a permission, or by an exemption with its reason', () => {
    expect(operations.length).toBeGreaterThan(30);
    // The document describes the routes Fastify serves (only the document itself is hidden from it).
    expect(operations.filter((o) => !byKey.has(o.key))).toEqual([]);
    expect(routes.filter((r) => !operations.some((o) => o.key === r.key)).map((r) => r.key)).toEqual(['GET /api/openapi.json']);

    expect(routes.filter((r) => r.permission === undefined && !r.worker && !(r.key in PUBLIC)).map((r) => r.key)).toEqual([]);
    // Worker routes live under /api/m/ (where the worker's cookie goes) and staff routes outside it.
    expect(routes.filter((r) => r.worker !== r.key.includes(' /api/m/') && !(r.key in PUBLIC)).map((r) => r.key)).toEqual([]);
    expect(routes.filter((r) => r.permission === null && !(r.key in SIGNED_IN_ONLY)).map((r) => r.key)).toEqual([]);
    // An exemption names a route that exists and is guarded as it says.
    expect(Object.keys(PUBLIC).filter((k) => !byKey.has(k) || byKey.get(k)!.permission !== undefined)).toEqual([]);
    expect(Object.keys(SIGNED_IN_ONLY).filter((k) => !byKey.has(k) || byKey.get(k)!.permission !== null)).toEqual([]);
  });

  it('has, for every permission a route needs, a test account without it — except those every role holds', () => {
    const needed = [...new Set(routes.map((r) => r.permission).filter((p): p is Permission => !!p))];
    expect(needed.filter((p) => !lacking(p)).sort()).toEqual([...HELD_BY_EVERY_ACCOUNT].sort());
  });

  for (const op of operations) {
    if (op.key in PUBLIC) {
      it(`${op.key} is public (${PUBLIC[op.key]})`, async () => {
        expect((await t.anonymous().request({ method: op.method as 'GET', url: op.url })).statusCode).not.toBe(401);
      });
      continue;
    }
    if (byKey.get(op.key)?.worker) {
      it(`${op.key}: 401 signed out, and 401 to a staff session (worker routes take only a worker's own session)`, async () => {
        for (const client of [t.anonymous(), accounts[0]!.client]) {
          const res = await client.request({ method: op.method as 'GET', url: op.url });
          expect(res.statusCode, res.body).toBe(401);
          expect(res.json().message).toBe('请先用手机号登录');
        }
      });
      continue;
    }
    const permission = byKey.get(op.key)?.permission;
    const needs = permission ? `without ${permission}` : `(${SIGNED_IN_ONLY[op.key] ?? 'not guarded'})`;
    it(`${op.key}: 401 signed out, 403 signed in ${needs}`, async () => {
      const anonymous = await t.anonymous().request({ method: op.method as 'GET', url: op.url });
      expect(anonymous.statusCode, anonymous.body).toBe(401);
      expect(anonymous.json().message).toBe('请先登录');
      if (!permission || HELD_BY_EVERY_ACCOUNT.includes(permission)) return;
      const account = lacking(permission)!;
      const res = await account.client.request({ method: op.method as 'GET', url: op.url });
      expect(res.statusCode, `${account.username}: ${res.body}`).toBe(403);
      expect(res.json().message).toBe('没有权限执行此操作');
    });
  }
});
