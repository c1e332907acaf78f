/** 电子会员卡: the worker's own card (portal) and its verification by a staff phone. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { requireRegisteredWorker, workerGuard } from '../../server/worker.ts';
import { CardVerifyInput, CardVerifyResult, MemberCardView } from './card.contract.ts';
import { myCard, verifyCard } from './card.service.ts';

export function registerCardRoutes(app: FastifyInstance, { db, cipher }: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/m/card',
    { schema: { tags: ['职工端'], summary: '我的电子会员卡（会员码一分钟内有效）', response: { 200: MemberCardView } }, onRequest: workerGuard() },
    async (req, reply) => {
      // A fresh code on every call: never cached by the phone or a proxy.
      reply.header('cache-control', 'no-store');
      return myCard({ db, cipher }, requireRegisteredWorker(req).personId);
    },
  );

  r.post(
    '/api/people/card/verify',
    {
      schema: {
        tags: ['职工档案'],
        summary: '核验电子会员卡（扫码）：本级及下级的会员显示姓名与会员编号，其他工会的只显示所属工会与会籍状态',
        body: CardVerifyInput,
        response: { 200: CardVerifyResult },
      },
      onRequest: guard('person:read'),
    },
    async (req) => verifyCard({ db, cipher }, requireActor(req), req.body.code),
  );
}
