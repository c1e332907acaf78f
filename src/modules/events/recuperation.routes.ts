/** The HTTP API of 疗休养: staff under /api/events/recuperation, workers under /api/m/events/recuperation. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { requireRegisteredWorker, workerGuard } from '../../server/worker.ts';
import { officeDate, sendOfficeXlsx } from '../../server/xlsx.ts';
import { chinaToday } from '../../shared/dates.ts';
import { z, Ok } from '../../shared/contract.ts';
import {
  ApplicationParams,
  ApplyInput,
  BatchIdParams,
  BatchView,
  ConfirmResult,
  CreateBatchInput,
  MyApplicationView,
  NominateInput,
  NoticeView,
  ObjectionInput,
  ObjectionParams,
  ObjectionView,
  OpenBatchView,
  Ranking,
  ResolveInput,
  SecondFormInput,
  WithdrawInput,
  WithdrawResult,
  WorkerApplicationParams,
} from './recuperation.contract.ts';
import * as svc from './recuperation.service.ts';

const Created = z.object({ id: z.number().int() });

export function registerRecuperationRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['活动·疗休养'];
  const base = '/api/events/recuperation/batches';
  const read = { onRequest: guard('events:read') };
  const manage = { onRequest: guard('events:manage') };

  r.get(base, { schema: { tags, summary: '疗休养批次（本级组织的和上级组织、名额到本级的）', response: { 200: z.array(BatchView) } }, ...read }, async (req) =>
    svc.listBatches(db, requireActor(req)),
  );
  r.post(
    base,
    { schema: { tags, summary: '新建疗休养批次（目的地、日期、名额、每人补贴）', body: CreateBatchInput, response: { 201: BatchView } }, ...manage },
    async (req, reply) => reply.status(201).send(await svc.createBatch(db, requireActor(req), req.body)),
  );
  r.get(`${base}/:id`, { schema: { tags, summary: '疗休养批次', params: BatchIdParams, response: { 200: BatchView } }, ...read }, async (req) =>
    svc.getBatch(db, requireActor(req), req.params.id),
  );
  r.post(
    `${base}/:id/nominations`,
    {
      schema: {
        tags,
        summary: '工会推荐职工（计算得分；超过年龄上限或重复推荐不受理）',
        params: BatchIdParams,
        body: NominateInput,
        response: { 201: Created },
      },
      ...manage,
    },
    async (req, reply) => reply.status(201).send(await svc.nominate(db, requireActor(req), req.params.id, req.body)),
  );
  r.get(
    `${base}/:id/ranking`,
    {
      schema: {
        tags,
        summary: '申请人排名与得分明细（得分高者在前；同分会龄长者在前，再同申请在先者在前，最后按申请编号）',
        params: BatchIdParams,
        response: { 200: Ranking },
      },
      ...read,
    },
    async (req) => svc.ranking(db, requireActor(req), req.params.id),
  );
  r.post(
    `${base}/:id/notice`,
    { schema: { tags, summary: '公示拟入选名单（冻结排名，按政策参数的天数接受异议）', params: BatchIdParams, response: { 200: BatchView } }, ...manage },
    async (req) => svc.publishNotice(db, requireActor(req), req.params.id),
  );
  r.get(
    `${base}/:id/notice`,
    { schema: { tags, summary: '公示名单（姓名只显示姓氏）', params: BatchIdParams, response: { 200: NoticeView } }, ...read },
    async (req) => svc.noticeOf(db, requireActor(req), req.params.id),
  );
  r.get(
    `${base}/:id/objections`,
    { schema: { tags, summary: '异议及处理结果', params: BatchIdParams, response: { 200: z.array(ObjectionView) } }, ...read },
    async (req) => svc.listObjections(db, requireActor(req), req.params.id),
  );
  r.post(
    `${base}/:id/objections`,
    { schema: { tags, summary: '登记异议（公示期内）', params: BatchIdParams, body: ObjectionInput, response: { 201: Created } }, ...manage },
    async (req, reply) => reply.status(201).send(await svc.recordObjection(db, requireActor(req), req.params.id, req.body)),
  );
  r.post(
    `${base}/:id/objections/:objectionId/resolve`,
    {
      schema: {
        tags,
        summary: '处理异议（说明理由；异议成立的移出排名）',
        params: ObjectionParams,
        body: ResolveInput,
        response: { 200: z.array(ObjectionView) },
      },
      ...manage,
    },
    async (req) => svc.resolveObjection(db, requireActor(req), req.params.id, req.params.objectionId, req.body),
  );
  r.post(
    `${base}/:id/confirm`,
    {
      schema: { tags, summary: '确认入选名单（公示期满、异议处理完毕后；按名额取排名靠前者）', params: BatchIdParams, response: { 200: ConfirmResult } },
      ...manage,
    },
    async (req) => svc.confirmSelection(db, requireActor(req), req.params.id),
  );
  r.post(
    `${base}/:id/applications/:applicationId/withdraw`,
    {
      schema: { tags, summary: '退出（入选者退出时由排名下一位候补递补）', params: ApplicationParams, body: WithdrawInput, response: { 200: WithdrawResult } },
      ...manage,
    },
    async (req) => svc.withdraw(db, requireActor(req), req.params.id, req.params.applicationId, req.body.reason),
  );
  r.post(
    `${base}/:id/applications/:applicationId/second-form`,
    {
      schema: { tags, summary: '填写行前信息（紧急联系人、健康声明；仅入选者）', params: ApplicationParams, body: SecondFormInput, response: { 200: Ok } },
      ...manage,
    },
    async (req) => svc.secondFormByStaff(deps, requireActor(req), req.params.id, req.params.applicationId, req.body),
  );
  r.get(
    `${base}/:id/ledger.xlsx`,
    { schema: { tags, summary: '导出补贴台账（.xlsx：每名入选者一行，退出者冲正，合计）', params: BatchIdParams }, ...read },
    async (req, reply) => {
      const { batch, lines } = await svc.ledger(db, requireActor(req), req.params.id);
      type Line = (typeof lines)[number];
      return sendOfficeXlsx<Line>(reply, {
        fileName: `${batch.title}补贴台账`,
        titleLines: [
          `${batch.org_name}${batch.title}补贴台账`,
          `${batch.destination}，${officeDate(batch.starts_on)}至${officeDate(batch.ends_on)}，每人补贴 ${(batch.subsidy_fen / 100).toFixed(2)} 元`,
          `导出日期：${officeDate(chinaToday())}`,
        ],
        columns: [
          { header: '序号', width: 6, type: 'int', value: (_l, i) => i + 1 },
          { header: '姓名', width: 12, value: (l) => l.name },
          { header: '证件号码', width: 22, value: (l) => l.id_masked },
          { header: '所属工会', width: 30, value: (l) => l.org_name },
          { header: '类别', width: 8, value: (l) => (l.kind === 'grant' ? '发放' : '冲正') },
          { header: '补贴金额（元）', width: 14, type: 'fen', value: (l) => l.amount_fen },
          { header: '记账日期', width: 14, type: 'date', value: (l) => (l.created_at instanceof Date ? l.created_at : new Date(l.created_at)) },
        ],
        rows: lines,
        totals: { '补贴金额（元）': lines.reduce((s, l) => s + l.amount_fen, 0) },
      });
    },
  );

  // ---- worker ----
  const wtags = ['职工端·疗休养'];
  const w = { onRequest: workerGuard() };
  r.get(
    '/api/m/events/recuperation/batches',
    { schema: { tags: wtags, summary: '可申请的疗休养批次', response: { 200: z.array(OpenBatchView) } }, ...w },
    async (req) => svc.workerBatches(db, requireRegisteredWorker(req)),
  );
  r.post(
    '/api/m/events/recuperation/batches/:id/apply',
    { schema: { tags: wtags, summary: '申请疗休养（确认健康声明）', params: BatchIdParams, body: ApplyInput, response: { 201: Created } }, ...w },
    async (req, reply) => reply.status(201).send(await svc.applyAsWorker(db, requireRegisteredWorker(req), req.params.id, req.body)),
  );
  r.get(
    '/api/m/events/recuperation/applications',
    { schema: { tags: wtags, summary: '我的疗休养申请（得分明细、名次、入选结果）', response: { 200: z.array(MyApplicationView) } }, ...w },
    async (req) => svc.workerApplications(db, requireRegisteredWorker(req)),
  );
  r.post(
    '/api/m/events/recuperation/applications/:applicationId/second-form',
    {
      schema: {
        tags: wtags,
        summary: '填写行前信息（入选后：紧急联系人、健康声明）',
        params: WorkerApplicationParams,
        body: SecondFormInput,
        response: { 200: Ok },
      },
      ...w,
    },
    async (req) => svc.secondFormByWorker(deps, requireRegisteredWorker(req), req.params.applicationId, req.body),
  );
}
