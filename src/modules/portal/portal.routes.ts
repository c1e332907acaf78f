import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { requireWorker, WORKER_COOKIE, WORKER_COOKIE_PATH, workerGuard } from '../../server/worker.ts';
import { Ok } from '../../shared/contract.ts';
import { WorkerHome, WorkerMe } from './portal.contract.ts';
import { closeWorkerSession } from './sessions.service.ts';
import { workerPerson } from './sessions.repository.ts';
import { registerSignInRoutes } from './sign-in.routes.ts';

export function registerPortalRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['职工端'];
  registerSignInRoutes(app, deps);

  r.get('/api/m/me', { schema: { tags, summary: '当前职工（手机号登录）', response: { 200: WorkerMe } }, onRequest: workerGuard() }, async (req) => {
    const w = requireWorker(req);
    const person = w.personId === null ? undefined : await workerPerson(db, w.personId);
    return {
      worker: {
        phoneMasked: w.phoneMasked,
        registered: !!person,
        person: person ? { name: person.name, org: { id: person.orgId, name: person.orgName } } : null,
      },
      csrfToken: req.workerSession!.csrfToken,
    };
  });

  // One request for the home page however many modules add tiles: one small query each.
  const homeSources = deps.modules.flatMap((m) => (m.portalHome ? [[m.name, m.portalHome] as const] : []));
  r.get(
    '/api/m/home',
    { schema: { tags, summary: '首页：各项服务下与我有关的数目（待领取、审核中、未读消息……）', response: { 200: WorkerHome } }, onRequest: workerGuard() },
    async (req) => {
      const w = requireWorker(req);
      const counts: WorkerHome['counts'] = {};
      for (const [name, read] of homeSources) counts[name] = await read(db, w);
      return { counts };
    },
  );

  r.post('/api/m/auth/logout', { schema: { tags, summary: '职工退出登录', response: { 200: Ok } }, onRequest: workerGuard() }, async (req, reply) => {
    await closeWorkerSession(db, requireWorker(req).sessionId);
    reply.clearCookie(WORKER_COOKIE, { path: WORKER_COOKIE_PATH });
    return { ok: true as const };
  });
}
