/** The HTTP API of 报名: the staff's under /api/events/:id/signups, the worker's under /api/m/events. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { requireRegisteredWorker, workerGuard } from '../../server/worker.ts';
import { contentDisposition } from '../../server/xlsx.ts';
import { z } from '../../shared/contract.ts';
import {
  AttendanceInput,
  CancelSignupInput,
  EventIdParams,
  ListSignupsQuery,
  MySignup,
  MySignupParams,
  RatingInput,
  SignupInput,
  SignupPage,
  SignupParams,
  SignupRow,
  WorkerEvent,
  WorkerSignupInput,
} from './events.contract.ts';
import {
  answerOffer,
  listSignups,
  markAttendance,
  mySignups,
  rateEvent,
  staffCancel,
  staffSignUp,
  workerCancel,
  workerEvent,
  workerEvents,
  workerSignUp,
} from './signups.service.ts';
import { staffCertificate, workerCertificate } from './certificates.service.ts';

export function sendPdf(reply: FastifyReply, { pdf, fileName }: { pdf: Buffer; fileName: string }) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', contentDisposition(fileName).replace('export.xlsx', 'certificate.pdf'))
    .send(pdf);
}

export function registerSignupRoutes(app: FastifyInstance, { db }: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['活动·报名'];

  r.get(
    '/api/events/:id/signups',
    {
      schema: {
        tags,
        summary: '报名名单（本级及下级的报名，按状态、工会、姓名筛选）',
        params: EventIdParams,
        querystring: ListSignupsQuery,
        response: { 200: SignupPage },
      },
      onRequest: guard('events:read'),
    },
    async (req) => listSignups(db, requireActor(req), req.params.id, req.query),
  );
  r.post(
    '/api/events/:id/signups',
    {
      schema: { tags, summary: '代职工报名（满员时进入候补，除非选择不候补）', params: EventIdParams, body: SignupInput, response: { 201: SignupRow } },
      onRequest: guard('events:manage'),
    },
    async (req, reply) => reply.status(201).send(await staffSignUp(db, requireActor(req), req.params.id, req.body)),
  );
  r.post(
    '/api/events/:id/signups/:signupId/cancel',
    {
      schema: { tags, summary: '取消报名（空出的名额递补给候补第一位）', params: SignupParams, body: CancelSignupInput, response: { 200: SignupRow } },
      onRequest: guard('events:manage'),
    },
    async (req) => staffCancel(db, requireActor(req), req.params.id, req.params.signupId, req.body.reason),
  );
  r.post(
    '/api/events/:id/signups/:signupId/attendance',
    {
      schema: { tags, summary: '登记到场或撤销', params: SignupParams, body: AttendanceInput, response: { 200: SignupRow } },
      onRequest: guard('events:manage'),
    },
    async (req) => markAttendance(db, requireActor(req), req.params.id, req.params.signupId, req.body.attended),
  );
  r.get(
    '/api/events/:id/signups/:signupId/certificate.pdf',
    { schema: { tags, summary: '参加证明（PDF，首次打印时编号）', params: SignupParams }, onRequest: guard('events:read') },
    async (req, reply) => sendPdf(reply, await staffCertificate(db, requireActor(req), req.params.id, req.params.signupId)),
  );

  // ---- worker ----
  const wtags = ['职工端·活动'];
  const w = { onRequest: workerGuard() };
  r.get('/api/m/events', { schema: { tags: wtags, summary: '可报名的活动和我报名的活动', response: { 200: z.array(WorkerEvent) } }, ...w }, async (req) =>
    workerEvents(db, requireRegisteredWorker(req)),
  );
  r.get(
    '/api/m/events/signups',
    { schema: { tags: wtags, summary: '我的报名（候补位次、递补待确认、到场、评价、证明）', response: { 200: z.array(MySignup) } }, ...w },
    async (req) => mySignups(db, requireRegisteredWorker(req)),
  );
  r.get('/api/m/events/:id', { schema: { tags: wtags, summary: '活动详情', params: EventIdParams, response: { 200: WorkerEvent } }, ...w }, async (req) =>
    workerEvent(db, requireRegisteredWorker(req), req.params.id),
  );
  r.post(
    '/api/m/events/:id/signup',
    { schema: { tags: wtags, summary: '我要报名（满员时进入候补）', params: EventIdParams, body: WorkerSignupInput, response: { 201: MySignup } }, ...w },
    async (req, reply) => reply.status(201).send(await workerSignUp(db, requireRegisteredWorker(req), req.params.id, req.body)),
  );
  r.post(
    '/api/m/events/signups/:id/cancel',
    { schema: { tags: wtags, summary: '取消报名', params: MySignupParams, response: { 200: MySignup } }, ...w },
    async (req) => workerCancel(db, requireRegisteredWorker(req), req.params.id),
  );
  r.post(
    '/api/m/events/signups/:id/accept',
    { schema: { tags: wtags, summary: '确认递补名额', params: MySignupParams, response: { 200: MySignup } }, ...w },
    async (req) => answerOffer(db, requireRegisteredWorker(req), req.params.id, true),
  );
  r.post(
    '/api/m/events/signups/:id/decline',
    { schema: { tags: wtags, summary: '放弃递补名额', params: MySignupParams, response: { 200: MySignup } }, ...w },
    async (req) => answerOffer(db, requireRegisteredWorker(req), req.params.id, false),
  );
  r.post(
    '/api/m/events/signups/:id/rating',
    { schema: { tags: wtags, summary: '评价活动（参加后，1–5 分）', params: MySignupParams, body: RatingInput, response: { 200: MySignup } }, ...w },
    async (req) => rateEvent(db, requireRegisteredWorker(req), req.params.id, req.body),
  );
  r.get(
    '/api/m/events/signups/:id/certificate.pdf',
    { schema: { tags: wtags, summary: '我的参加证明（PDF）', params: MySignupParams }, ...w },
    async (req, reply) => sendPdf(reply, await workerCertificate(db, requireRegisteredWorker(req), req.params.id)),
  );
}
