/** Proactive discovery: the background run and its leads. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { Ok } from '../../shared/contract.ts';
import { presentJob } from '../jobs/index.ts';
import { JobView } from '../jobs/jobs.contract.ts';
import { CandidateIdParams, CandidatePage, DismissInput, ListCandidatesQuery } from './hardship.contract.ts';
import { decideCandidate, listCandidates, startDiscovery } from './discovery.service.ts';

export function registerDiscoveryRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['困难职工帮扶'];

  r.post(
    '/api/hardship/discovery/run',
    { schema: { tags, summary: '数据比对主动发现（后台任务，返回任务）', response: { 202: JobView } }, onRequest: guard('hardship:write') },
    async (req, reply) => reply.status(202).send(presentJob(await startDiscovery(db, requireActor(req), req.log))),
  );
  r.get(
    '/api/hardship/discovery',
    {
      schema: { tags, summary: '主动发现线索（待处理、已采纳、不予采纳）', querystring: ListCandidatesQuery, response: { 200: CandidatePage } },
      onRequest: guard('hardship:read'),
    },
    async (req) => listCandidates(db, requireActor(req), req.query),
  );
  r.post(
    '/api/hardship/discovery/:id/accept',
    { schema: { tags, summary: '采纳线索（随后建档申请或复核）', params: CandidateIdParams, response: { 200: Ok } }, onRequest: guard('hardship:write') },
    async (req) => {
      await decideCandidate(db, requireActor(req), req.params.id, { accept: true });
      return { ok: true as const };
    },
  );
  r.post(
    '/api/hardship/discovery/:id/dismiss',
    {
      schema: { tags, summary: '不予采纳（须说明理由；同一证据不再提出）', params: CandidateIdParams, body: DismissInput, response: { 200: Ok } },
      onRequest: guard('hardship:write'),
    },
    async (req) => {
      await decideCandidate(db, requireActor(req), req.params.id, { accept: false, reason: req.body.reason });
      return { ok: true as const };
    },
  );
}
