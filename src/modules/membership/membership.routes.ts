/** The HTTP API of 入会: the worker's routes under /api/m/membership, the staff's under /api/membership. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { requireWorker, workerGuard } from '../../server/worker.ts';
import { contentDisposition } from '../../server/xlsx.ts';
import { z } from '../../shared/contract.ts';
import {
  ApplicationIdParams,
  ApplicationPage,
  ApplicationRow,
  ApproveResult,
  AreaNode,
  AreasQuery,
  BulkApproveInput,
  BulkApproveResult,
  DriveStats,
  EmployerInput,
  JoinApplicationInput,
  ListApplicationsQuery,
  MyMembership,
  OccupationChoice,
  OrgIdParams,
  RefuseInput,
  RouteResult,
  StatsQuery,
  TransferApplicationInput,
} from './membership.contract.ts';
import { applyToJoin, applyToTransfer, listAreas, listOccupationChoices, myMembership, previewRoute } from './apply.service.ts';
import { approveApplication, bulkApprove, getApplication, listApplications, refuseApplication, startReview } from './decide.service.ts';
import { driveStats, joinPoster } from './report.service.ts';

const Submitted = z.object({ id: z.number().int(), orgName: z.string() });

export function registerMembershipRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const wtags = ['职工端·入会'];
  const tags = ['入会'];
  const w = { onRequest: workerGuard() };

  // ---- worker ----
  r.get('/api/m/membership', { schema: { tags: wtags, summary: '我的会籍和入会、转会申请', response: { 200: MyMembership } }, ...w }, async (req) =>
    myMembership(db, requireWorker(req)),
  );
  r.get(
    '/api/m/membership/occupations',
    { schema: { tags: wtags, summary: '职业（入会第三步）', response: { 200: z.array(OccupationChoice) } }, ...w },
    async () => listOccupationChoices(db),
  );
  r.get(
    '/api/m/membership/areas',
    {
      schema: {
        tags: wtags,
        summary: '地区（单位没有工会时，选择旗县区或乡镇，由当地联合工会受理）',
        querystring: AreasQuery,
        response: { 200: z.array(AreaNode) },
      },
      ...w,
    },
    async (req) => listAreas(db, req.query.parentId),
  );
  r.post(
    '/api/m/membership/route',
    { schema: { tags: wtags, summary: '入会第二步：按工作单位确定受理工会', body: EmployerInput, response: { 200: RouteResult } }, ...w },
    async (req) => previewRoute(db, req.body),
  );
  r.post(
    '/api/m/membership/applications',
    { schema: { tags: wtags, summary: '提交入会申请', body: JoinApplicationInput, response: { 201: Submitted } }, ...w },
    async (req, reply) => reply.status(201).send(await applyToJoin(deps, requireWorker(req), req.body)),
  );
  r.post(
    '/api/m/membership/transfer',
    { schema: { tags: wtags, summary: '提交转会申请（更换工作单位）', body: TransferApplicationInput, response: { 201: Submitted } }, ...w },
    async (req, reply) => reply.status(201).send(await applyToTransfer(db, requireWorker(req), req.body)),
  );

  // ---- staff ----
  r.get(
    '/api/membership/applications',
    {
      schema: { tags, summary: '入会审批（按状态、渠道、职业、日期、工会筛选）', querystring: ListApplicationsQuery, response: { 200: ApplicationPage } },
      onRequest: guard('membership:read'),
    },
    async (req) => listApplications(db, requireActor(req), req.query),
  );
  r.post(
    '/api/membership/applications/bulk-approve',
    {
      schema: { tags, summary: '批量通过（逐条审批，逐条报告未通过的原因）', body: BulkApproveInput, response: { 200: BulkApproveResult } },
      onRequest: guard('membership:approve'),
    },
    async (req) => bulkApprove(deps, requireActor(req), req.body.applicationIds),
  );
  r.get(
    '/api/membership/applications/:id',
    { schema: { tags, summary: '入会申请', params: ApplicationIdParams, response: { 200: ApplicationRow } }, onRequest: guard('membership:read') },
    async (req) => getApplication(db, requireActor(req), req.params.id),
  );
  r.post(
    '/api/membership/applications/:id/review',
    {
      schema: { tags, summary: '开始审核（职工看到“审核中”）', params: ApplicationIdParams, response: { 200: ApplicationRow } },
      onRequest: guard('membership:approve'),
    },
    async (req) => startReview(db, requireActor(req), req.params.id),
  );
  r.post(
    '/api/membership/applications/:id/approve',
    {
      schema: { tags, summary: '通过（入会分配会员编号；转会接收会籍）', params: ApplicationIdParams, response: { 200: ApproveResult } },
      onRequest: guard('membership:approve'),
    },
    async (req) => approveApplication(deps, requireActor(req), req.params.id),
  );
  r.post(
    '/api/membership/applications/:id/refuse',
    {
      schema: { tags, summary: '不通过（说明原因，职工可见）', params: ApplicationIdParams, body: RefuseInput, response: { 200: ApplicationRow } },
      onRequest: guard('membership:approve'),
    },
    async (req) => refuseApplication(db, requireActor(req), req.params.id, req.body.reason),
  );
  r.get(
    '/api/membership/stats',
    {
      schema: { tags, summary: '入会统计（渠道、职业、日期、审批用时，逐级汇总）', querystring: StatsQuery, response: { 200: DriveStats } },
      onRequest: guard('membership:read'),
      config: { reads: 'replica' },
    },
    async (req) => driveStats(db, requireActor(req), req.query),
  );
  r.get(
    '/api/membership/orgs/:id/poster.pdf',
    { schema: { tags, summary: '打印入会二维码海报（PDF，扫码申请直接送达本工会）', params: OrgIdParams }, onRequest: guard('membership:read') },
    async (req, reply) => {
      const { pdf, fileName } = await joinPoster(db, requireActor(req), req.params.id, `${req.protocol}://${req.host}`);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(fileName).replace('export.xlsx', 'poster.pdf'))
        .send(pdf);
    },
  );
}
