/** The HTTP API of 志愿服务: staff under /api/volunteers, volunteers and workers under /api/m/volunteers, the certificate check for anyone under /api/public. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { requireRegisteredWorker, workerGuard } from '../../server/worker.ts';
import { contentDisposition } from '../../server/xlsx.ts';
import {
  BackfillInput,
  CertificateInput,
  CertificateList,
  CertificateView,
  DeclineInput,
  DispatchInput,
  DoneInput,
  IdParams,
  JoinInput,
  ListOrdersQuery,
  ListRecordsQuery,
  ListVolunteersQuery,
  MyVolunteer,
  OrderInput,
  OrderList,
  OrderPage,
  OrderView,
  ProjectInput,
  ProjectList,
  ProjectStatusInput,
  ProjectView,
  RateInput,
  RecordPage,
  RecordView,
  ReviewInput,
  RevokeInput,
  ScanAnswer,
  ScanInput,
  ShiftIdParams,
  ShiftInput,
  ShiftRoster,
  SignupInput,
  StaffBackfillInput,
  StaffOrderInput,
  StatsQuery,
  TeamInput,
  TeamList,
  TeamMemberInput,
  TeamMemberParams,
  TeamView,
  VerifyAnswer,
  VerifyParams,
  VolunteerChange,
  VolunteerInput,
  VolunteerPage,
  VolunteerStats,
  VolunteerView,
} from './volunteers.contract.ts';
import * as svc from './volunteers.service.ts';
import * as orders from './orders.service.ts';
import * as certs from './certificates.service.ts';

export function registerVolunteersRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['志愿服务'];
  const wtags = ['职工端·志愿服务'];
  const read = guard('volunteers:read');
  const manage = guard('volunteers:manage');

  // ---- anyone: the certificate check ----
  r.get(
    '/api/public/volunteer-certificates/:code',
    { schema: { tags: wtags, summary: '核验志愿服务记录证明（按证明编号，姓名部分隐去）', params: VerifyParams, response: { 200: VerifyAnswer } } },
    async (req) => certs.verifyCertificate(db, req.params.code),
  );

  // ---- volunteers and workers ----
  const w = { onRequest: workerGuard() };
  r.get(
    '/api/m/volunteers/me',
    { schema: { tags: wtags, summary: '我的志愿服务：登记信息、可报名班次、服务时长、待接的单', response: { 200: MyVolunteer } }, ...w },
    async (req) => svc.myVolunteer(db, requireRegisteredWorker(req)),
  );
  r.post('/api/m/volunteers/join', { schema: { tags: wtags, summary: '登记成为志愿者', body: JoinInput, response: { 200: MyVolunteer } }, ...w }, async (req) =>
    svc.joinAsVolunteer(db, requireRegisteredWorker(req), req.body),
  );
  r.post(
    '/api/m/volunteers/shifts/:id/signup',
    { schema: { tags: wtags, summary: '报名班次（与已报名的班次时间不能重叠）', params: ShiftIdParams, response: { 200: MyVolunteer } }, ...w },
    async (req) => svc.workerSignUp(db, requireRegisteredWorker(req), req.params.id),
  );
  r.post(
    '/api/m/volunteers/shifts/:id/cancel',
    { schema: { tags: wtags, summary: '取消报名（班次开始前）', params: ShiftIdParams, response: { 200: MyVolunteer } }, ...w },
    async (req) => svc.workerCancelSignUp(db, requireRegisteredWorker(req), req.params.id),
  );
  r.post(
    '/api/m/volunteers/scan',
    { schema: { tags: wtags, summary: '扫服务现场二维码签到或签退（每项目每天最多 3 次）', body: ScanInput, response: { 200: ScanAnswer } }, ...w },
    async (req) => svc.scan(db, requireRegisteredWorker(req), req.body.code),
  );
  r.post(
    '/api/m/volunteers/backfill',
    { schema: { tags: wtags, summary: '申请补录服务时长（经工会审核后计入）', body: BackfillInput, response: { 200: RecordView } }, ...w },
    async (req) => svc.workerBackfill(db, requireRegisteredWorker(req), req.body),
  );
  r.get('/api/m/volunteers/orders', { schema: { tags: wtags, summary: '我点的服务', response: { 200: OrderList } }, ...w }, async (req) =>
    orders.myOrders(db, requireRegisteredWorker(req)),
  );
  r.post(
    '/api/m/volunteers/orders',
    { schema: { tags: wtags, summary: '群众点单：提出服务需求', body: OrderInput, response: { 200: OrderList } }, ...w },
    async (req) => orders.createWorkerOrder(db, requireRegisteredWorker(req), req.body),
  );
  r.post(
    '/api/m/volunteers/orders/:id/cancel',
    { schema: { tags: wtags, summary: '取消我点的服务（接单前）', params: IdParams, response: { 200: OrderList } }, ...w },
    async (req) => orders.cancelWorkerOrder(db, requireRegisteredWorker(req), req.params.id),
  );
  r.post(
    '/api/m/volunteers/orders/:id/rate',
    { schema: { tags: wtags, summary: '评价服务', params: IdParams, body: RateInput, response: { 200: OrderList } }, ...w },
    async (req) => orders.rateWorkerOrder(db, requireRegisteredWorker(req), req.params.id, req.body),
  );
  r.post(
    '/api/m/volunteers/orders/:id/accept',
    { schema: { tags: wtags, summary: '志愿者接单', params: IdParams, response: { 200: OrderView } }, ...w },
    async (req) => orders.acceptOrder(db, requireRegisteredWorker(req), req.params.id),
  );
  r.post(
    '/api/m/volunteers/orders/:id/done',
    { schema: { tags: wtags, summary: '服务完成（填写服务起止时间，计入服务时长）', params: IdParams, body: DoneInput, response: { 200: OrderView } }, ...w },
    async (req) => orders.finishOrder(db, requireRegisteredWorker(req), req.params.id, req.body),
  );

  // ---- staff: volunteers and teams ----
  r.get(
    '/api/volunteers',
    {
      schema: { tags, summary: '志愿者名册（按姓名、技能、服务队筛选）', querystring: ListVolunteersQuery, response: { 200: VolunteerPage } },
      onRequest: read,
    },
    async (req) => svc.listVolunteers(db, requireActor(req), req.query),
  );
  r.post(
    '/api/volunteers',
    { schema: { tags, summary: '登记志愿者（从职工档案中选人）', body: VolunteerInput, response: { 201: VolunteerView } }, onRequest: manage },
    async (req, reply) => reply.status(201).send(await svc.registerVolunteer(db, requireActor(req), req.body)),
  );
  r.get('/api/volunteers/teams', { schema: { tags, summary: '服务队', response: { 200: TeamList } }, onRequest: read }, async (req) =>
    svc.listTeams(db, requireActor(req)),
  );
  r.post(
    '/api/volunteers/teams',
    { schema: { tags, summary: '组建服务队', body: TeamInput, response: { 201: TeamView } }, onRequest: manage },
    async (req, reply) => reply.status(201).send(await svc.createTeam(db, requireActor(req), req.body)),
  );
  r.post(
    '/api/volunteers/teams/:id/members',
    { schema: { tags, summary: '加入服务队（可设为队长）', params: IdParams, body: TeamMemberInput, response: { 200: TeamView } }, onRequest: manage },
    async (req) => svc.addTeamMember(db, requireActor(req), req.params.id, req.body),
  );
  r.delete(
    '/api/volunteers/teams/:id/members/:volunteerId',
    { schema: { tags, summary: '退出服务队', params: TeamMemberParams, response: { 200: TeamView } }, onRequest: manage },
    async (req) => svc.removeTeamMember(db, requireActor(req), req.params.id, req.params.volunteerId),
  );

  // ---- staff: projects, shifts and time ----
  r.get('/api/volunteers/projects', { schema: { tags, summary: '志愿服务项目和班次', response: { 200: ProjectList } }, onRequest: read }, async (req) =>
    svc.listProjects(db, requireActor(req)),
  );
  r.post(
    '/api/volunteers/projects',
    { schema: { tags, summary: '发布服务项目', body: ProjectInput, response: { 201: ProjectView } }, onRequest: manage },
    async (req, reply) => reply.status(201).send(await svc.createProject(db, requireActor(req), req.body)),
  );
  r.get(
    '/api/volunteers/projects/:id',
    { schema: { tags, summary: '服务项目', params: IdParams, response: { 200: ProjectView } }, onRequest: read },
    async (req) => svc.getProject(db, requireActor(req), req.params.id),
  );
  r.post(
    '/api/volunteers/projects/:id/status',
    { schema: { tags, summary: '结束或重新开始项目', params: IdParams, body: ProjectStatusInput, response: { 200: ProjectView } }, onRequest: manage },
    async (req) => svc.setProjectStatus(db, requireActor(req), req.params.id, req.body.status),
  );
  r.post(
    '/api/volunteers/projects/:id/shifts',
    { schema: { tags, summary: '添加班次', params: IdParams, body: ShiftInput, response: { 200: ProjectView } }, onRequest: manage },
    async (req) => svc.addShift(db, requireActor(req), req.params.id, req.body),
  );
  r.get(
    '/api/volunteers/shifts/:id',
    { schema: { tags, summary: '班次的报名和签到情况', params: ShiftIdParams, response: { 200: ShiftRoster } }, onRequest: read },
    async (req) => svc.shiftRoster(db, requireActor(req), req.params.id),
  );
  r.post(
    '/api/volunteers/shifts/:id/signups',
    { schema: { tags, summary: '为志愿者报名班次', params: ShiftIdParams, body: SignupInput, response: { 200: ShiftRoster } }, onRequest: manage },
    async (req) => svc.staffSignUp(db, requireActor(req), req.params.id, req.body.volunteerId),
  );
  r.get(
    '/api/volunteers/shifts/:id/poster.pdf',
    { schema: { tags, summary: '打印班次签到二维码（PDF，张贴在服务现场）', params: ShiftIdParams }, onRequest: read },
    async (req, reply) => {
      const { pdf, fileName } = await svc.shiftPoster(db, requireActor(req), req.params.id, `${req.protocol}://${req.host}`);
      return reply.type('application/pdf').header('content-disposition', contentDisposition(fileName).replace('export.xlsx', 'poster.pdf')).send(pdf);
    },
  );
  r.get(
    '/api/volunteers/records',
    {
      schema: { tags, summary: '服务时长记录（可只看待审核的补录）', querystring: ListRecordsQuery, response: { 200: RecordPage } },
      onRequest: read,
      config: { reads: 'replica' },
    },
    async (req) => svc.listRecords(db, requireActor(req), req.query),
  );
  r.post(
    '/api/volunteers/records',
    { schema: { tags, summary: '补录服务时长（另一位管理员审核后计入）', body: StaffBackfillInput, response: { 201: RecordView } }, onRequest: manage },
    async (req, reply) => reply.status(201).send(await svc.staffBackfill(db, requireActor(req), req.body)),
  );
  r.post(
    '/api/volunteers/records/:id/review',
    {
      schema: { tags, summary: '审核补录的服务时长', params: IdParams, body: ReviewInput, response: { 200: RecordView } },
      onRequest: guard('volunteers:approve'),
    },
    async (req) => svc.reviewRecord(db, requireActor(req), req.params.id, req.body),
  );
  r.get(
    '/api/volunteers/stats',
    {
      schema: { tags, summary: '志愿服务统计（时长按下级工会、项目、月份汇总）', querystring: StatsQuery, response: { 200: VolunteerStats } },
      onRequest: read,
      config: { reads: 'replica' },
    },
    async (req) => svc.volunteerStats(db, requireActor(req), req.query),
  );

  // ---- staff: 三单制 ----
  r.get(
    '/api/volunteers/orders',
    { schema: { tags, summary: '点单、派单、接单（按状态筛选）', querystring: ListOrdersQuery, response: { 200: OrderPage } }, onRequest: read },
    async (req) => orders.listOrders(db, requireActor(req), req.query),
  );
  r.post(
    '/api/volunteers/orders',
    { schema: { tags, summary: '工会代点单', body: StaffOrderInput, response: { 201: OrderView } }, onRequest: manage },
    async (req, reply) => reply.status(201).send(await orders.createStaffOrder(db, requireActor(req), req.body)),
  );
  r.get('/api/volunteers/orders/:id', { schema: { tags, summary: '服务需求', params: IdParams, response: { 200: OrderView } }, onRequest: read }, async (req) =>
    orders.getOrder(db, requireActor(req), req.params.id),
  );
  r.post(
    '/api/volunteers/orders/:id/dispatch',
    { schema: { tags, summary: '派单给服务队', params: IdParams, body: DispatchInput, response: { 200: OrderView } }, onRequest: manage },
    async (req) => orders.dispatchOrder(db, requireActor(req), req.params.id, req.body.teamId),
  );
  r.post(
    '/api/volunteers/orders/:id/decline',
    { schema: { tags, summary: '不予受理（说明原因）', params: IdParams, body: DeclineInput, response: { 200: OrderView } }, onRequest: manage },
    async (req) => orders.declineOrder(db, requireActor(req), req.params.id, req.body.reason),
  );
  r.post(
    '/api/volunteers/orders/:id/rate',
    { schema: { tags, summary: '评价工会代点的服务', params: IdParams, body: RateInput, response: { 200: OrderView } }, onRequest: manage },
    async (req) => orders.staffRateOrder(db, requireActor(req), req.params.id, req.body),
  );

  // ---- staff: one volunteer, certificates ----
  r.get('/api/volunteers/:id', { schema: { tags, summary: '志愿者', params: IdParams, response: { 200: VolunteerView } }, onRequest: read }, async (req) =>
    svc.getVolunteer(db, requireActor(req), req.params.id),
  );
  r.put(
    '/api/volunteers/:id',
    {
      schema: { tags, summary: '修改志愿者的技能、可服务时间、状态', params: IdParams, body: VolunteerChange, response: { 200: VolunteerView } },
      onRequest: manage,
    },
    async (req) => svc.changeVolunteer(db, requireActor(req), req.params.id, req.body),
  );
  r.get(
    '/api/volunteers/:id/certificates',
    { schema: { tags, summary: '出具过的志愿服务记录证明', params: IdParams, response: { 200: CertificateList } }, onRequest: read },
    async (req) => certs.listCertificates(db, requireActor(req), req.params.id),
  );
  r.post(
    '/api/volunteers/:id/certificates',
    {
      schema: { tags, summary: '出具志愿服务记录证明（期间内的有效时长）', params: IdParams, body: CertificateInput, response: { 201: CertificateView } },
      onRequest: manage,
    },
    async (req, reply) => reply.status(201).send(await certs.issueCertificate(db, requireActor(req), req.params.id, req.body)),
  );
  r.post(
    '/api/volunteers/certificates/:id/revoke',
    { schema: { tags, summary: '作废证明（说明原因）', params: IdParams, body: RevokeInput, response: { 200: CertificateView } }, onRequest: manage },
    async (req) => certs.revokeCertificate(db, requireActor(req), req.params.id, req.body.reason),
  );
  r.get(
    '/api/volunteers/certificates/:id/certificate.pdf',
    { schema: { tags, summary: '打印志愿服务记录证明（PDF）', params: IdParams }, onRequest: read },
    async (req, reply) => {
      const { pdf, fileName } = await certs.certificatePdf(db, requireActor(req), req.params.id, `${req.protocol}://${req.host}`);
      return reply.type('application/pdf').header('content-disposition', contentDisposition(fileName).replace('export.xlsx', 'certificate.pdf')).send(pdf);
    },
  );
}
