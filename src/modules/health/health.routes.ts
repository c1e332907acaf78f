/** The HTTP API of 健康守护: staff under /api/health, the worker's under /api/m/health. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { requireRegisteredWorker, workerGuard } from '../../server/worker.ts';
import { receiveSheet, sendImportTemplate } from '../../server/imports.ts';
import { z } from '../../shared/contract.ts';
import {
  AttendanceInput,
  CancelBookingInput,
  BookingPage,
  BookingResults,
  BookingRow,
  BulkBookingInput,
  BulkBookingResult,
  FollowupDoneInput,
  FollowupPage,
  FollowupRow,
  HospitalInput,
  IdParams,
  ListBookingsQuery,
  ListFollowupsQuery,
  ListProgrammesQuery,
  MyBooking,
  PackageInput,
  ProgrammeInput,
  ProgrammePage,
  ProgrammeStats,
  ProgrammeStatusInput,
  ProgrammeView,
  RESULT_IMPORT_COLUMNS,
  ResultImportQuery,
  ResultImportResult,
  SlotCapacityInput,
  SlotGenerateInput,
  SlotParams,
  StatsQuery,
  WorkerBookingInput,
  WorkerProgramme,
} from './health.contract.ts';
import * as svc from './health.service.ts';
import * as bookings from './bookings.service.ts';
import * as results from './results.service.ts';

export function registerHealthRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['健康守护'];
  const read = guard('health:read');
  const manage = guard('health:manage');
  const sensitive = guard('health:results');

  // ---- programmes ----
  r.get(
    '/api/health/programmes',
    { schema: { tags, summary: '体检项目（本级及上级组织的）', querystring: ListProgrammesQuery, response: { 200: ProgrammePage } }, onRequest: read },
    async (req) => svc.listProgrammes(db, requireActor(req), req.query),
  );
  r.post(
    '/api/health/programmes',
    { schema: { tags, summary: '新建体检项目（草稿，含体检对象条件）', body: ProgrammeInput, response: { 201: ProgrammeView } }, onRequest: manage },
    async (req, reply) => reply.status(201).send(await svc.createProgramme(db, requireActor(req), req.body)),
  );
  r.get(
    '/api/health/programmes/:id',
    { schema: { tags, summary: '体检项目详情：对象条件、覆盖人数、医院、套餐和时段', params: IdParams, response: { 200: ProgrammeView } }, onRequest: read },
    async (req) => svc.getProgramme(db, requireActor(req), req.params.id),
  );
  r.post(
    '/api/health/programmes/:id/status',
    { schema: { tags, summary: '开放预约或结束', params: IdParams, body: ProgrammeStatusInput, response: { 200: ProgrammeView } }, onRequest: manage },
    async (req) => svc.setProgrammeStatus(db, requireActor(req), req.params.id, req.body.status),
  );
  r.post(
    '/api/health/programmes/:id/hospitals',
    { schema: { tags, summary: '添加合作医院', params: IdParams, body: HospitalInput, response: { 200: ProgrammeView } }, onRequest: manage },
    async (req) => svc.addHospital(db, requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/health/programmes/:id/packages',
    {
      schema: {
        tags,
        summary: '添加体检套餐（按人群：户外劳动者、女职工两癌筛查、职业病检查）',
        params: IdParams,
        body: PackageInput,
        response: { 200: ProgrammeView },
      },
      onRequest: manage,
    },
    async (req) => svc.addPackage(db, requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/health/programmes/:id/slots',
    {
      schema: {
        tags,
        summary: '按日期生成预约时段（每天一个，已有的日期不变）',
        params: IdParams,
        body: SlotGenerateInput,
        response: { 200: z.object({ added: z.number().int(), programme: ProgrammeView }) },
      },
      onRequest: manage,
    },
    async (req) => svc.generateSlots(db, requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/health/programmes/:id/slots/:slotId/capacity',
    {
      schema: { tags, summary: '调整时段名额（不少于已预约人数）', params: SlotParams, body: SlotCapacityInput, response: { 200: ProgrammeView } },
      onRequest: manage,
    },
    async (req) => svc.setSlotCapacity(db, requireActor(req), req.params.id, req.params.slotId, req.body.capacity),
  );

  // ---- bookings ----
  r.get(
    '/api/health/programmes/:id/bookings',
    {
      schema: { tags, summary: '预约名单（本单位范围内，不含体检结果）', params: IdParams, querystring: ListBookingsQuery, response: { 200: BookingPage } },
      onRequest: read,
    },
    async (req) => bookings.listBookings(db, requireActor(req), req.params.id, req.query),
  );
  r.post(
    '/api/health/programmes/:id/bookings',
    {
      schema: {
        tags,
        summary: '工会代为预约（名单或按对象条件，注明同意依据；全部成功或全部不预约）',
        params: IdParams,
        body: BulkBookingInput,
        response: { 200: BulkBookingResult },
      },
      onRequest: manage,
    },
    async (req) => bookings.bulkBook(db, requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/health/bookings/:id/attendance',
    { schema: { tags, summary: '登记到检或撤销', params: IdParams, body: AttendanceInput, response: { 200: BookingRow } }, onRequest: manage },
    async (req) => bookings.markAttendance(db, requireActor(req), req.params.id, req.body.attended),
  );
  r.post(
    '/api/health/bookings/:id/cancel',
    {
      schema: { tags, summary: '取消预约（未到检的预约，名额退回时段）', params: IdParams, body: CancelBookingInput, response: { 200: ProgrammeView } },
      onRequest: manage,
    },
    async (req) => {
      const actor = requireActor(req);
      return svc.getProgramme(db, actor, await bookings.cancelBooking(db, actor, req.params.id, req.body.reason));
    },
  );

  // ---- results (sensitive: own permission, every read audited) ----
  r.get(
    '/api/health/bookings/:id/results',
    { schema: { tags, summary: '查看一人的体检结果（敏感个人信息，逐次留痕）', params: IdParams, response: { 200: BookingResults } }, onRequest: sensitive },
    async (req) => results.bookingResults(db, requireActor(req), req.params.id),
  );
  r.post(
    '/api/health/programmes/:id/results/import',
    {
      schema: {
        tags,
        summary: '导入医院的体检结果（.xlsx）：mode=check 只检查，mode=apply 全部无误时一次写入，异常项目生成随访',
        params: IdParams,
        querystring: ResultImportQuery,
        consumes: ['multipart/form-data'],
        response: { 200: ResultImportResult },
      },
      onRequest: sensitive,
    },
    async (req) => {
      // The programme is found (or 404) before the file is read.
      await results.importTarget(db, requireActor(req), req.params.id);
      const { rows } = await receiveSheet(req);
      return results.importResults(deps, requireActor(req), req.params.id, rows, { apply: req.query.mode === 'apply' });
    },
  );
  r.get('/api/health/results/template.xlsx', { schema: { tags, summary: '体检结果导入模板' }, onRequest: sensitive }, async (_req, reply) =>
    sendImportTemplate(reply, '体检结果导入模板', RESULT_IMPORT_COLUMNS, [
      ['150102198503120011', '王建国', '空腹血糖', '7.2', 'mmol/L', '3.9-6.1', '↑'],
      ['150102198503120011', '王建国', '血压', '128/82', 'mmHg', '', '正常'],
    ]),
  );
  r.get(
    '/api/health/followups',
    {
      schema: { tags, summary: '异常随访任务（敏感个人信息，逐次留痕）', querystring: ListFollowupsQuery, response: { 200: FollowupPage } },
      onRequest: sensitive,
    },
    async (req) => results.listFollowups(db, requireActor(req), req.query),
  );
  r.post(
    '/api/health/followups/:id/done',
    { schema: { tags, summary: '完成随访', params: IdParams, body: FollowupDoneInput, response: { 200: FollowupRow } }, onRequest: sensitive },
    async (req) => results.closeFollowup(db, requireActor(req), req.params.id, req.body.note),
  );
  r.post(
    '/api/health/followups/:id/remind',
    { schema: { tags, summary: '提醒职工复查（职工端消息和短信）', params: IdParams, response: { 200: FollowupRow } }, onRequest: sensitive },
    async (req) => results.remindFollowup(db, requireActor(req), req.params.id),
  );
  r.get(
    '/api/health/programmes/:id/stats',
    {
      schema: { tags, summary: '覆盖率和异常率（按职业、按下级工会；只有人数）', params: IdParams, querystring: StatsQuery, response: { 200: ProgrammeStats } },
      onRequest: read,
      config: { reads: 'replica' },
    },
    async (req) => results.programmeStats(db, requireActor(req), req.params.id, req.query),
  );

  // ---- worker ----
  const wtags = ['职工端·健康守护'];
  const w = { onRequest: workerGuard() };
  r.get(
    '/api/m/health/programmes',
    { schema: { tags: wtags, summary: '可预约的体检和我的预约', response: { 200: z.array(WorkerProgramme) } }, ...w },
    async (req) => bookings.workerProgrammes(db, requireRegisteredWorker(req)),
  );
  r.get(
    '/api/m/health/programmes/:id',
    { schema: { tags: wtags, summary: '体检项目：医院、套餐和可预约日期', params: IdParams, response: { 200: WorkerProgramme } }, ...w },
    async (req) => bookings.workerProgramme(db, requireRegisteredWorker(req), req.params.id),
  );
  r.post(
    '/api/m/health/programmes/:id/bookings',
    { schema: { tags: wtags, summary: '预约体检（须同意健康信息处理告知）', params: IdParams, body: WorkerBookingInput, response: { 201: MyBooking } }, ...w },
    async (req, reply) => reply.status(201).send(await bookings.workerBook(db, requireRegisteredWorker(req), req.params.id, req.body)),
  );
  r.post(
    '/api/m/health/bookings/:id/cancel',
    { schema: { tags: wtags, summary: '取消我的预约（可另约日期）', params: IdParams, response: { 200: WorkerProgramme } }, ...w },
    async (req) => bookings.workerCancel(db, requireRegisteredWorker(req), req.params.id),
  );
  r.get(
    '/api/m/health/bookings',
    { schema: { tags: wtags, summary: '我的体检：预约、结果摘要和随访', response: { 200: z.array(MyBooking) } }, ...w },
    async (req) => bookings.myBookings(db, requireRegisteredWorker(req)),
  );
}
