/** Routes of 发放点 and on-site distribution: points, lookups, confirmations, sign-off sheets entered afterwards, reversals. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { z, Ok, queryId, searchQuery, Paging } from '../../shared/contract.ts';
import {
  BeneficiaryPage,
  BulkConfirmInput,
  BulkConfirmResult,
  CampaignIdParams,
  ConfirmInput,
  ConfirmResult,
  DutyView,
  LookupAnswer,
  LookupInput,
  PointIdParams,
  PointInput,
  PointView,
  ReverseInput,
} from './campaigns.contract.ts';
import { beneficiaryCode, bulkConfirm, confirm, lookup, reverse } from './distribution.service.ts';
import { createPoint, getPoint, listPoints, myPoints, pointPending } from './points.service.ts';
import { myDuties } from './scan-routing.service.ts';

export function registerDistributionRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db, cipher } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['慰问活动'];
  const point = ['慰问发放'];

  r.get(
    '/api/campaigns/:id/points',
    { schema: { tags, summary: '发放点', params: CampaignIdParams, response: { 200: z.array(PointView) } }, onRequest: guard('campaign:read') },
    async (req) => listPoints(db, requireActor(req), req.params.id),
  );
  r.post(
    '/api/campaigns/:id/points',
    {
      schema: { tags, summary: '设立发放点（地点、值守人员、库存）', params: CampaignIdParams, body: PointInput, response: { 201: PointView } },
      onRequest: guard('campaign:write'),
    },
    async (req, reply) => reply.status(201).send(await createPoint(db, requireActor(req), req.params.id, req.body)),
  );
  r.get(
    '/api/points/mine',
    { schema: { tags: point, summary: '我可以值守的发放点（进行中的活动）', response: { 200: z.array(PointView) } }, onRequest: guard('campaign:distribute') },
    async (req) => myPoints(db, requireActor(req)),
  );
  r.get(
    '/api/points/my-duties',
    {
      schema: { tags: point, summary: '我的值守任务（本人在值守名单中的发放点，今日可发放的在前）', response: { 200: z.array(DutyView) } },
      onRequest: guard('campaign:distribute'),
    },
    async (req) => myDuties(db, requireActor(req)),
  );
  r.get(
    '/api/points/:pointId',
    { schema: { tags: point, summary: '发放点（今日发放数、库存）', params: PointIdParams, response: { 200: PointView } }, onRequest: guard() },
    async (req) => getPoint(db, requireActor(req), req.params.pointId),
  );
  r.get(
    '/api/points/:pointId/pending',
    {
      schema: {
        tags: point,
        summary: '本发放点尚未领取的人员（录入签领表用）',
        params: PointIdParams,
        querystring: Paging.extend({ q: searchQuery('查询条件', { max: 60 }) }),
        response: { 200: BeneficiaryPage },
      },
      onRequest: guard('campaign:distribute'),
    },
    async (req) => pointPending(db, requireActor(req), req.params.pointId, req.query),
  );
  r.get(
    '/api/campaigns/:id/beneficiaries/:beneficiaryId/code',
    {
      schema: {
        tags,
        summary: '慰问对象的领取码（二维码内容）',
        params: CampaignIdParams.extend({ beneficiaryId: queryId('慰问对象') }),
        response: { 200: z.object({ code: z.string() }) },
      },
      onRequest: guard('campaign:export'),
    },
    async (req) => beneficiaryCode({ db, cipher }, requireActor(req), req.params.id, req.params.beneficiaryId),
  );
  r.post(
    '/api/points/:pointId/lookup',
    {
      schema: {
        tags: point,
        summary: '扫码或输入证件号，查看应发慰问品与核对提示；他处发放点的领取卡，答复应到哪个发放点领取',
        params: PointIdParams,
        body: LookupInput,
        response: { 200: LookupAnswer },
      },
      onRequest: guard('campaign:distribute'),
    },
    async (req) => lookup({ db, cipher }, requireActor(req), req.params.pointId, req.body.code),
  );
  r.post(
    '/api/points/:pointId/confirm',
    {
      schema: {
        tags: point,
        summary: '确认发放，附发放凭据：领取码、身份证号或纸质签领单编号（幂等：同一幂等键重试返回同一条记录）',
        params: PointIdParams,
        body: ConfirmInput,
        response: { 200: ConfirmResult },
      },
      onRequest: guard('campaign:distribute'),
    },
    async (req) => confirm({ db, cipher }, requireActor(req), req.params.pointId, req.body),
  );
  r.post(
    '/api/points/:pointId/bulk-confirm',
    {
      schema: {
        tags: point,
        summary: '录入纸质签领表（整批成功或整批不保存）',
        params: PointIdParams,
        body: BulkConfirmInput,
        response: { 200: BulkConfirmResult },
      },
      onRequest: guard('campaign:paper'),
    },
    async (req) => bulkConfirm(db, requireActor(req), req.params.pointId, req.body),
  );
  r.post(
    '/api/campaigns/:id/reverse',
    {
      schema: { tags, summary: '冲正一条发放记录（须说明原因）', params: CampaignIdParams, body: ReverseInput, response: { 200: Ok } },
      onRequest: guard('campaign:write'),
    },
    async (req) => {
      await reverse(db, requireActor(req), req.params.id, req.body);
      return { ok: true as const };
    },
  );
}
