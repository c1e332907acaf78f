/** 我的资料 under /api/m/ (the worker's own record) and the staff queue of correction requests. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { requireRegisteredWorker, workerGuard } from '../../server/worker.ts';
import { z } from '../../shared/contract.ts';
import { ConsentsInput, ConsentsView, WorkerProfile } from './profile.contract.ts';
import {
  CorrectionIdParams,
  CorrectionPage,
  CorrectionRequestInput,
  ListCorrectionsQuery,
  MyCorrection,
  RejectCorrectionInput,
} from './corrections.contract.ts';
import { exportMyData, getConsents, getWorkerProfile, setConsents } from './profile.service.ts';
import { acceptCorrection, listCorrections, rejectCorrection, requestCorrection } from './corrections.service.ts';
import { chinaToday } from '../../shared/dates.ts';

export function registerProfileRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['职工端'];

  r.get(
    '/api/m/profile',
    { schema: { tags, summary: '我的资料（证件号码、手机号部分隐去）', response: { 200: WorkerProfile } }, onRequest: workerGuard() },
    async (req) => getWorkerProfile(db, requireRegisteredWorker(req)),
  );
  r.post(
    '/api/m/profile/corrections',
    { schema: { tags, summary: '申请更正我的资料', body: CorrectionRequestInput, response: { 201: MyCorrection } }, onRequest: workerGuard() },
    async (req, reply) => reply.status(201).send(await requestCorrection(deps, requireRegisteredWorker(req), req.body)),
  );
  r.get('/api/m/profile/consents', { schema: { tags, summary: '我的个人信息授权', response: { 200: ConsentsView } }, onRequest: workerGuard() }, async (req) =>
    getConsents(db, requireRegisteredWorker(req)),
  );
  r.put(
    '/api/m/profile/consents',
    { schema: { tags, summary: '同意或撤回个人信息的可选用途', body: ConsentsInput, response: { 200: ConsentsView } }, onRequest: workerGuard() },
    async (req) => setConsents(db, requireRegisteredWorker(req), req.body),
  );
  r.get(
    '/api/m/profile/export',
    { schema: { tags, summary: '下载我的个人信息副本（JSON）', response: { 200: z.unknown() } }, onRequest: workerGuard() },
    async (req, reply) => {
      const document = await exportMyData(db, requireRegisteredWorker(req), deps.modules);
      const name = encodeURIComponent(`个人信息副本-${chinaToday()}.json`);
      return reply
        .header('content-disposition', `attachment; filename="personal-data.json"; filename*=UTF-8''${name}`)
        .header('cache-control', 'no-store')
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(document, null, 2));
    },
  );

  const staffTags = ['职工档案'];
  r.get(
    '/api/people/corrections',
    {
      schema: { tags: staffTags, summary: '信息更正申请（本级及下级职工提出的）', querystring: ListCorrectionsQuery, response: { 200: CorrectionPage } },
      onRequest: guard('person:read'),
    },
    async (req) => listCorrections(db, requireActor(req), req.query),
  );
  r.post(
    '/api/people/corrections/:id/accept',
    {
      schema: { tags: staffTags, summary: '采纳更正申请（修改档案）', params: CorrectionIdParams, response: { 200: MyCorrection } },
      onRequest: guard('person:write'),
    },
    async (req) => acceptCorrection(deps, requireActor(req), req.params.id),
  );
  r.post(
    '/api/people/corrections/:id/reject',
    {
      schema: { tags: staffTags, summary: '不予更正（说明原因）', params: CorrectionIdParams, body: RejectCorrectionInput, response: { 200: MyCorrection } },
      onRequest: guard('person:write'),
    },
    async (req) => rejectCorrection(db, requireActor(req), req.params.id, req.body.reason),
  );
}
