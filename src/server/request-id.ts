/**
 * Request ids: each request gets one — the `X-Request-Id` that nginx (or a client) sent when it is
 * a plain token of at most 64 characters, else a random one — answers with it in `X-Request-Id`,
 * and every log line written while serving it carries it as `reqId`: Fastify's request logger does
 * so for its own lines, and the app's logger (`deps.log`, used by services and background work
 * started by the request) does through the request's async context. One id then finds a request's
 * lines across nginx's log, the app's and a job it started.
 */
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** Letters, digits and `._:-`, 1–64 characters: what nginx's `$request_id` and common tracers send, nothing a log could be forged with. */
const INCOMING_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Fastify's `genReqId`: the caller's id when it is a plain token, else a random UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const sent = req.headers['x-request-id'];
  const value = Array.isArray(sent) ? sent[0] : sent;
  return value && INCOMING_ID.test(value) ? value : randomUUID();
}

const context = new AsyncLocalStorage<{ reqId: string }>();

/**
 * The pino `mixin`: adds the id of the request being served to lines that do not carry one yet
 * (the request's own logger binds `reqId` already; a second copy would be a duplicate key).
 */
export function requestIdMixin(_merge: object, _level: number, logger?: { bindings?: () => Record<string, unknown> }): Record<string, unknown> {
  const store = context.getStore();
  if (!store) return {};
  if (logger?.bindings && 'reqId' in logger.bindings()) return {};
  return { reqId: store.reqId };
}

const resourceKey = Symbol('requestIdResource');

/** Echoes the id and runs the rest of the request in its async context. */
export function installRequestIds(app: FastifyInstance) {
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    context.run({ reqId: req.id }, () => {
      // Reading the body happens on socket events outside this context: the resource carries it over.
      (req as unknown as Record<symbol, AsyncResource>)[resourceKey] = new AsyncResource('niangjia-request');
      done();
    });
  });
  app.addHook('preValidation', (req, _reply, done) => {
    const resource = (req as unknown as Record<symbol, AsyncResource | undefined>)[resourceKey];
    if (resource) resource.runInAsyncScope(done, req.raw);
    else done();
  });
}
