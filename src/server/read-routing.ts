/**
 * Which requests read from the streaming replica: a route declares it once, in its options —
 *
 *     r.get('/api/people/stats', { schema, onRequest: guard('people:read'), config: { reads: 'replica' } }, handler)
 *
 * — and its handler stays as it is (it reads through `deps.db`, which replica.ts routes by the
 * request's async context). Declare it on statistics, dashboards, exports and large lists: reads
 * whose figures may be `REPLICA_MAX_LAG_SECONDS` old. Only GET routes may declare it; any other
 * method is refused when the route is registered, so a test run without a replica catches it too.
 *
 * A declared request still reads from the primary when
 * - the replica is down or lags too much (replica.ts decides, by its probe), or
 * - this browser wrote something in the last `REPLICA_STICKY_SECONDS` (read-your-writes): every
 *   successful non-GET API answer sets a cookie with the instant until which its reads stay on the
 *   primary. Several app processes serve one browser behind nginx, so the instant travels with the
 *   browser instead of living in one process's memory, and no shared store is asked on each read.
 *   It is not signed: its only power is to keep its own bearer's reads on the primary, which a
 *   client can have anyway by writing something, and a forged or stale value harms nobody else.
 *   The instant is compared with this process's clock; app servers' clocks agree within a second
 *   under NTP, far less than the window.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { runWithReadContext, type ReadContext, type ReadReplica } from './replica.ts';
import { sessionCookieOptions } from './http.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `'replica'`: this GET route's reads tolerate a little lag and may go to the streaming replica (read-routing.ts). */
    reads?: 'replica';
  }
}

export const PRIMARY_UNTIL_COOKIE = 'niangjia_primary_until';

const READ_METHODS = new Set(['GET', 'HEAD']);
/** Every route that declared lag-tolerant reads, as `GET /api/people/stats` (for the tests that walk them). */
export const replicaRoutes = new Set<string>();
const contexts = new WeakMap<FastifyRequest, ReadContext>();

/** Whether this browser wrote recently enough that its reads must see its own writes. */
function stickyToPrimary(req: FastifyRequest): boolean {
  const until = Number(req.cookies[PRIMARY_UNTIL_COOKIE]);
  return Number.isFinite(until) && until > Date.now();
}

/**
 * Checks every route's declaration and, with a replica, routes the declared ones' reads. Installed
 * before the request-id hook: that hook carries the async context over body parsing, and must
 * carry this one along.
 */
export function installReadRouting(app: FastifyInstance, opts: { replica?: ReadReplica; stickySeconds: number; cookieSecure: boolean | 'auto' }) {
  app.addHook('onRoute', (route) => {
    const reads = route.config?.reads;
    if (reads === undefined) return;
    const methods = [route.method].flat();
    if (reads !== 'replica' || methods.some((m) => !READ_METHODS.has(m))) {
      throw new Error(`路由 ${methods.join(',')} ${route.url} 不能声明 reads: '${String(reads)}'：只有只读的 GET 路由可以声明 reads: 'replica'`);
    }
    if (methods.includes('GET')) replicaRoutes.add(`GET ${route.url}`);
  });
  const { replica, stickySeconds, cookieSecure } = opts;
  if (!replica) return;

  app.addHook('onRequest', (req, _reply, done) => {
    const ctx: ReadContext = { replica: false };
    contexts.set(req, ctx);
    runWithReadContext(ctx, done);
  });
  // After the session is read and the guards have run (on the primary: a session signed out a
  // moment ago must not live on in the replica), just before the handler.
  app.addHook('preHandler', (req, _reply, done) => {
    const ctx = contexts.get(req);
    if (ctx && req.routeOptions.config.reads === 'replica' && READ_METHODS.has(req.method) && !stickyToPrimary(req)) ctx.replica = true;
    done();
  });
  app.addHook('onSend', (req, reply, payload, done) => {
    if (stickySeconds > 0 && !READ_METHODS.has(req.method) && req.method !== 'OPTIONS' && reply.statusCode < 400 && req.url.startsWith('/api/')) {
      reply.setCookie(PRIMARY_UNTIL_COOKIE, String(Date.now() + stickySeconds * 1000), sessionCookieOptions(req, cookieSecure, stickySeconds));
    }
    done(null, payload);
  });
  // Work the request leaves running after its answer reads from the primary.
  app.addHook('onResponse', (req, _reply, done) => {
    const ctx = contexts.get(req);
    if (ctx) ctx.replica = false;
    done();
  });
}
