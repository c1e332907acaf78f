/**
 * The HTTP API of 夏令营: staff under /api/events/camps, the worker under /api/m/events/camps (API
 * only: the portal has no camp page yet), and the published draw under /api/public/camps for anyone.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { requireRegisteredWorker, workerGuard } from '../../server/worker.ts';
import { z } from '../../shared/contract.ts';
import {
  ApplicationIdParams,
  ApplicationList,
  ApplicationRow,
  ApplyInput,
  CampIdParams,
  CampInput,
  CampPage,
  CampRow,
  CampsQuery,
  ChildDetails,
  ChildIdParams,
  ChildInput,
  ChildPage,
  ChildRow,
  ChildrenQuery,
  DrawCheck,
  DrawResult,
  MyCamps,
  MyChildInput,
  PublishSeedInput,
  RevealInput,
  WithdrawInput,
} from './camps.contract.ts';
import * as camps from './camps.service.ts';

export function registerCampRoutes(app: FastifyInstance, { db, cipher }: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['活动·夏令营'];
  const wtags = ['职工端·夏令营'];

  r.get(
    '/api/events/camps',
    {
      schema: { tags, summary: '夏令营（本级及下级主办，和上级主办、本单位职工可报名的）', querystring: CampsQuery, response: { 200: CampPage } },
      onRequest: guard('events:read'),
    },
    async (req) => camps.listCamps(db, requireActor(req), req.query),
  );
  r.post(
    '/api/events/camps',
    {
      schema: { tags, summary: '新建夏令营（年龄、年级限制，名额和各优先群体预留名额）', body: CampInput, response: { 201: CampRow } },
      onRequest: guard('events:manage'),
    },
    async (req, reply) => reply.status(201).send(await camps.createCamp(db, requireActor(req), req.body)),
  );
  r.get(
    '/api/events/camps/children',
    { schema: { tags, summary: '职工子女（脱敏）', querystring: ChildrenQuery, response: { 200: ChildPage } }, onRequest: guard('events:children') },
    async (req) => camps.listChildren(db, requireActor(req), req.query),
  );
  r.post(
    '/api/events/camps/children',
    {
      schema: { tags, summary: '登记职工子女（须记录监护人的单独同意：同意人、日期、用途）', body: ChildInput, response: { 201: ChildRow } },
      onRequest: guard('events:children'),
    },
    async (req, reply) => reply.status(201).send(await camps.registerChild({ db, cipher }, requireActor(req), req.body)),
  );
  r.post(
    '/api/events/camps/children/:childId/reveal',
    {
      schema: { tags, summary: '查看职工子女完整信息（须说明原因，逐次留痕）', params: ChildIdParams, body: RevealInput, response: { 200: ChildDetails } },
      onRequest: guard('events:children'),
    },
    async (req) => camps.revealChild({ db, cipher }, requireActor(req), req.params.childId, req.body.reason),
  );
  r.get(
    '/api/events/camps/:id',
    { schema: { tags, summary: '夏令营', params: CampIdParams, response: { 200: CampRow } }, onRequest: guard('events:read') },
    async (req) => camps.getCamp(db, requireActor(req), req.params.id),
  );
  r.get(
    '/api/events/camps/:id/applications',
    {
      schema: { tags, summary: '报名名单（本级及下级职工的子女，脱敏）', params: CampIdParams, response: { 200: ApplicationList } },
      onRequest: guard('events:children'),
    },
    async (req) => camps.listApplications(db, requireActor(req), req.params.id),
  );
  r.post(
    '/api/events/camps/:id/applications',
    {
      schema: { tags, summary: '代职工为子女报名（核对年龄、年级，每户限报一名）', params: CampIdParams, body: ApplyInput, response: { 201: ApplicationRow } },
      onRequest: guard('events:children'),
    },
    async (req, reply) => reply.status(201).send(await camps.applyForChild(db, requireActor(req), req.params.id, req.body)),
  );
  r.post(
    '/api/events/camps/:id/applications/:applicationId/withdraw',
    {
      schema: {
        tags,
        summary: '退出（已录取的名额由候补依次递补）',
        params: ApplicationIdParams,
        body: WithdrawInput,
        response: { 200: z.object({ promotedNo: z.number().int().nullable() }) },
      },
      onRequest: guard('events:children'),
    },
    async (req) => camps.withdrawApplication(db, requireActor(req), req.params.id, req.params.applicationId, req.body.reason),
  );
  r.post(
    '/api/events/camps/:id/seed',
    {
      schema: { tags, summary: '公布摇号种子（摇号前公布，报名随即截止）', params: CampIdParams, body: PublishSeedInput, response: { 200: CampRow } },
      onRequest: guard('events:manage'),
    },
    async (req) => camps.publishSeed(db, requireActor(req), req.params.id, req.body.announcedValue),
  );
  r.post(
    '/api/events/camps/:id/draw',
    { schema: { tags, summary: '摇号（按已公布的种子，只能进行一次）', params: CampIdParams, response: { 200: CampRow } }, onRequest: guard('events:manage') },
    async (req) => camps.runCampDraw(db, requireActor(req), req.params.id),
  );
  r.get(
    '/api/events/camps/:id/draw',
    {
      schema: { tags, summary: '摇号顺序（申请编号、排序值、优先群体、结果）', params: CampIdParams, response: { 200: DrawResult } },
      onRequest: guard('events:read'),
    },
    async (req) => camps.getDraw(db, requireActor(req), req.params.id),
  );
  r.get(
    '/api/events/camps/:id/draw/check',
    {
      schema: { tags, summary: '复核摇号：按种子重算，与公布结果逐条比对', params: CampIdParams, response: { 200: DrawCheck } },
      onRequest: guard('events:read'),
    },
    async (req) => camps.checkDraw(db, requireActor(req), req.params.id),
  );

  // ---- public: the draw anyone can check ----
  r.get(
    '/api/public/camps/:id/draw',
    { schema: { tags: ['公开'], summary: '夏令营摇号结果公示（只有申请编号，供任何人按种子复核）', params: CampIdParams, response: { 200: DrawResult } } },
    async (req) => camps.drawOf(db, null, req.params.id),
  );

  // ---- worker ----
  const w = { onRequest: workerGuard() };
  r.get(
    '/api/m/events/camps',
    { schema: { tags: wtags, summary: '我的夏令营：可报名的营期、我登记的子女和报名结果', response: { 200: MyCamps } }, ...w },
    async (req) => camps.myCamps(db, requireRegisteredWorker(req).personId),
  );
  r.post(
    '/api/m/events/camps/children',
    { schema: { tags: wtags, summary: '登记我的子女（本人同意工会处理子女信息）', body: MyChildInput, response: { 201: ChildRow } }, ...w },
    async (req, reply) => reply.status(201).send(await camps.registerMyChild({ db, cipher }, requireRegisteredWorker(req), req.body)),
  );
  r.post(
    '/api/m/events/camps/:id/applications',
    { schema: { tags: wtags, summary: '为我的子女报名夏令营', params: CampIdParams, body: ApplyInput, response: { 201: ApplicationRow } }, ...w },
    async (req, reply) => reply.status(201).send(await camps.applyAsWorker(db, requireRegisteredWorker(req), req.params.id, req.body)),
  );
}
