/** 我的权益 (worker portal): the signed-in worker's own pick-ups and hand-outs, never anyone else's. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { requireRegisteredWorker, workerGuard } from '../../server/worker.ts';
import { MyBenefits } from './benefits.contract.ts';
import { myBenefits } from './benefits.service.ts';

export function registerBenefitsRoutes(app: FastifyInstance, { db, cipher }: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/m/benefits',
    {
      schema: { tags: ['职工端'], summary: '我的权益：待领取的慰问（领取码、地点、时间、内容）和历年领取、帮扶记录', response: { 200: MyBenefits } },
      onRequest: workerGuard(),
    },
    async (req) => myBenefits({ db, cipher }, requireRegisteredWorker(req).personId),
  );
}
