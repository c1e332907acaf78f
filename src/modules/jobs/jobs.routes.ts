import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { JobIdParams, JobView } from './jobs.contract.ts';
import { getJob, presentJob } from './jobs.service.ts';

export function registerJobRoutes(app: FastifyInstance, { db }: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/jobs/:id',
    { schema: { tags: ['后台任务'], summary: '后台任务的进度与结果', params: JobIdParams, response: { 200: JobView } }, onRequest: guard() },
    async (req) => presentJob(await getJob(db, requireActor(req), req.params.id)),
  );
}
