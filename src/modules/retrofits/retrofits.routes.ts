/** The HTTP API of 适老化改造: programmes, plans through their stages, photos and the signature, statistics. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { fieldText, megabytes, receiveUpload } from '../../server/uploads.ts';
import {
  AcceptInput,
  AssessmentInput,
  BuildInput,
  CancelInput,
  ChangeInput,
  ChangeParams,
  IdParams,
  ItemParams,
  ItemsInput,
  ListPlansQuery,
  MAX_PHOTO_BYTES,
  PhotoParams,
  PlanInput,
  PlanPage,
  PlanView,
  ProgrammeInput,
  ProgrammeList,
  ProgrammeView,
  ProgressInput,
  ReviewInput,
  SettleInput,
  StatsQuery,
  StatsView,
} from './retrofits.contract.ts';
import * as svc from './retrofits.service.ts';

export function registerRetrofitsRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['适老化改造'];
  const view = guard('retrofits:view');
  const manage = guard('retrofits:manage');
  const approve = guard('retrofits:approve');

  // ---- programmes ----
  r.get(
    '/api/retrofits/programmes',
    { schema: { tags, summary: '适老化改造项目（含预算使用）', response: { 200: ProgrammeList } }, onRequest: view },
    async (req) => svc.listProgrammes(db, requireActor(req)),
  );
  r.post(
    '/api/retrofits/programmes',
    { schema: { tags, summary: '新建改造项目（年度、实施工会、预算和资金来源）', body: ProgrammeInput, response: { 201: ProgrammeView } }, onRequest: manage },
    async (req, reply) => reply.status(201).send(await svc.createProgramme(db, requireActor(req), req.body)),
  );
  r.get(
    '/api/retrofits/programmes/:id',
    { schema: { tags, summary: '改造项目详情', params: IdParams, response: { 200: ProgrammeView } }, onRequest: view },
    async (req) => svc.getProgramme(db, requireActor(req), req.params.id),
  );

  // ---- plans ----
  r.get(
    '/api/retrofits/plans',
    { schema: { tags, summary: '改造方案（按项目、阶段、职工筛选）', querystring: ListPlansQuery, response: { 200: PlanPage } }, onRequest: view },
    async (req) => svc.listPlans(db, requireActor(req), req.query),
  );
  r.post(
    '/api/retrofits/plans',
    {
      schema: { tags, summary: '为一位劳模建改造方案（一户一策，每人同时只有一个未结算的方案）', body: PlanInput, response: { 201: PlanView } },
      onRequest: manage,
    },
    async (req, reply) => reply.status(201).send(await svc.createPlan(db, requireActor(req), req.body)),
  );
  r.get(
    '/api/retrofits/plans/:id',
    { schema: { tags, summary: '改造方案详情', params: IdParams, response: { 200: PlanView } }, onRequest: view },
    async (req) => svc.getPlan(db, requireActor(req), req.params.id),
  );
  r.put(
    '/api/retrofits/plans/:id/assessment',
    { schema: { tags, summary: '登记入户评估', params: IdParams, body: AssessmentInput, response: { 200: PlanView } }, onRequest: manage },
    async (req) => svc.assess(db, requireActor(req), req.params.id, req.body),
  );
  r.put(
    '/api/retrofits/plans/:id/items',
    { schema: { tags, summary: '设计改造项清单（每项预算）', params: IdParams, body: ItemsInput, response: { 200: PlanView } }, onRequest: manage },
    async (req) => svc.setItems(db, requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/retrofits/plans/:id/submit',
    { schema: { tags, summary: '提交方案审批', params: IdParams, response: { 200: PlanView } }, onRequest: manage },
    async (req) => svc.submit(db, requireActor(req), req.params.id),
  );
  r.post(
    '/api/retrofits/plans/:id/review',
    {
      schema: { tags, summary: '审批方案（设计人以外的人；批准即占用项目预算）', params: IdParams, body: ReviewInput, response: { 200: PlanView } },
      onRequest: approve,
    },
    async (req) => svc.review(db, requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/retrofits/plans/:id/build',
    { schema: { tags, summary: '开工（施工单位、开工日期）', params: IdParams, body: BuildInput, response: { 200: PlanView } }, onRequest: manage },
    async (req) => svc.startBuild(db, requireActor(req), req.params.id, req.body),
  );
  r.put(
    '/api/retrofits/plans/:id/items/:itemId',
    {
      schema: { tags, summary: '登记改造项进度和实际费用（合计不超过已批准的预算）', params: ItemParams, body: ProgressInput, response: { 200: PlanView } },
      onRequest: manage,
    },
    async (req) => svc.recordProgress(db, requireActor(req), req.params.id, req.params.itemId, req.body),
  );
  r.post(
    '/api/retrofits/plans/:id/changes',
    { schema: { tags, summary: '申请费用变更（追加预算）', params: IdParams, body: ChangeInput, response: { 200: PlanView } }, onRequest: manage },
    async (req) => svc.requestChange(db, requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/retrofits/plans/:id/changes/:changeId/review',
    {
      schema: { tags, summary: '审批费用变更（申请人以外的人；批准即占用项目预算）', params: ChangeParams, body: ReviewInput, response: { 200: PlanView } },
      onRequest: approve,
    },
    async (req) => svc.reviewChange(db, requireActor(req), req.params.id, req.params.changeId, req.body),
  );
  r.post(
    '/api/retrofits/plans/:id/accept',
    {
      schema: { tags, summary: '验收（全部完工、实际费用已登记、受益人已签字）', params: IdParams, body: AcceptInput, response: { 200: PlanView } },
      onRequest: manage,
    },
    async (req) => svc.accept(db, requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/retrofits/plans/:id/settle',
    { schema: { tags, summary: '审计结算（按实际费用，释放结余预算）', params: IdParams, body: SettleInput, response: { 200: PlanView } }, onRequest: approve },
    async (req) => svc.settle(db, requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/retrofits/plans/:id/cancel',
    { schema: { tags, summary: '取消方案（释放已占用的预算）', params: IdParams, body: CancelInput, response: { 200: PlanView } }, onRequest: manage },
    async (req) => svc.cancel(db, requireActor(req), req.params.id, req.body),
  );

  // ---- photos and the signature ----
  r.post(
    '/api/retrofits/plans/:id/photos',
    {
      schema: {
        tags,
        summary: `上传照片或受益人签字（JPG、PNG，每张不超过 ${megabytes(MAX_PHOTO_BYTES)}；字段 kind 为 assessment、progress、acceptance 或 signature，须放在 file 之前）`,
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 200: PlanView },
      },
      onRequest: manage,
    },
    async (req) => {
      const file = await receiveUpload(req, {
        maxBytes: MAX_PHOTO_BYTES,
        missing: '请选择要上传的照片',
        tooLarge: `照片不能超过 ${megabytes(MAX_PHOTO_BYTES)}，请压缩后再上传`,
      });
      return svc.addPhoto(db, requireActor(req), req.params.id, { kind: fieldText(file, 'kind'), filename: file.filename, data: file.data });
    },
  );
  r.get(
    '/api/retrofits/plans/:id/photos/:photoId',
    { schema: { tags, summary: '查看照片或签字', params: PhotoParams }, onRequest: view },
    async (req, reply) => {
      const p = await svc.readPhoto(db, requireActor(req), req.params.id, req.params.photoId);
      return reply
        .header('content-type', p.mime)
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(p.filename)}`)
        .header('cache-control', 'private, max-age=3600')
        .header('x-content-type-options', 'nosniff')
        .send(p.data);
    },
  );

  // ---- statistics ----
  r.get(
    '/api/retrofits/stats',
    {
      schema: { tags, summary: '改造统计：按地区（下级工会汇总）、按改造项、按阶段', querystring: StatsQuery, response: { 200: StatsView } },
      onRequest: view,
      config: { reads: 'replica' },
    },
    async (req) => svc.stats(db, requireActor(req), req.query),
  );
}
