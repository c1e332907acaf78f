/** The HTTP API of 宣讲点单, under /api/events/lectures. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { megabytes, receiveUpload } from '../../server/uploads.ts';
import { z } from '../../shared/contract.ts';
import {
  CloseInput,
  IdParams,
  ItemInput,
  LectureStats,
  ListOrdersQuery,
  MAX_PHOTO_BYTES,
  MenuItemView,
  OrderInput,
  OrderPage,
  OrderView,
  PerformerInput,
  PerformerView,
  PhotoParams,
  ReasonInput,
  ScheduleCheck,
  ScheduleCheckQuery,
  ScheduleInput,
  StatsQuery,
} from './lectures.contract.ts';
import {
  addPhoto,
  cancelOrder,
  closeOrder,
  confirmOrder,
  createMenuItem,
  createPerformer,
  declineOrder,
  deliverOrder,
  getOrder,
  listMenu,
  listOrders,
  listPerformers,
  placeOrder,
  readPhoto,
} from './lectures.service.ts';
import { checkSchedule, scheduleOrder } from './lectures.schedule.ts';
import { lectureStats } from './lectures.stats.ts';

export function registerLectureRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['宣讲点单'];
  const read = { onRequest: guard('events:read') };
  const manage = { onRequest: guard('events:manage') };
  const base = '/api/events/lectures';

  r.get(
    `${base}/performers`,
    { schema: { tags, summary: '主讲人和演出团队（本级及上级、下级总工会）', response: { 200: z.array(PerformerView) } }, ...read },
    async (req) => listPerformers(db, requireActor(req)),
  );
  r.post(
    `${base}/performers`,
    { schema: { tags, summary: '新增主讲人或演出团队', body: PerformerInput, response: { 201: PerformerView } }, ...manage },
    async (req, reply) => reply.status(201).send(await createPerformer(db, requireActor(req), req.body)),
  );
  r.get(
    `${base}/menu`,
    { schema: { tags, summary: '宣讲菜单（可点的上级菜单和下级维护的菜单）', response: { 200: z.array(MenuItemView) } }, ...read },
    async (req) => listMenu(db, requireActor(req)),
  );
  r.post(
    `${base}/menu`,
    { schema: { tags, summary: '菜单新增项目（主题、主讲人或团队、时长、适合人数、场地要求）', body: ItemInput, response: { 201: MenuItemView } }, ...manage },
    async (req, reply) => reply.status(201).send(await createMenuItem(db, requireActor(req), req.body)),
  );
  r.get(
    `${base}/orders`,
    { schema: { tags, summary: '点单（本工会及下级工会的）', querystring: ListOrdersQuery, response: { 200: OrderPage } }, ...read },
    async (req) => listOrders(db, requireActor(req), req.query),
  );
  r.post(
    `${base}/orders`,
    { schema: { tags, summary: '基层工会点单（期望日期、地点、预计人数）', body: OrderInput, response: { 201: OrderView } }, ...manage },
    async (req, reply) => reply.status(201).send(await placeOrder(db, requireActor(req), req.body)),
  );
  r.get(`${base}/orders/:id`, { schema: { tags, summary: '点单详情', params: IdParams, response: { 200: OrderView } }, ...read }, async (req) =>
    getOrder(db, requireActor(req), req.params.id),
  );
  r.get(
    `${base}/orders/:id/schedule-check`,
    {
      schema: {
        tags,
        summary: '排期检查：主讲人或团队的时间冲突和路程（不保存）',
        params: IdParams,
        querystring: ScheduleCheckQuery,
        response: { 200: ScheduleCheck },
      },
      ...manage,
    },
    async (req) => checkSchedule(db, requireActor(req), req.params.id, req.query),
  );
  r.post(
    `${base}/orders/:id/schedule`,
    { schema: { tags, summary: '排期（菜单所属总工会；冲突时拒绝并说明）', params: IdParams, body: ScheduleInput, response: { 200: OrderView } }, ...manage },
    async (req) => scheduleOrder(db, requireActor(req), req.params.id, req.body),
  );
  r.post(
    `${base}/orders/:id/confirm`,
    { schema: { tags, summary: '确认排期（生成活动和场次，进入日历）', params: IdParams, response: { 200: OrderView } }, ...manage },
    async (req) => confirmOrder(db, requireActor(req), req.params.id),
  );
  r.post(`${base}/orders/:id/deliver`, { schema: { tags, summary: '登记已开展', params: IdParams, response: { 200: OrderView } }, ...manage }, async (req) =>
    deliverOrder(db, requireActor(req), req.params.id),
  );
  r.post(
    `${base}/orders/:id/close`,
    { schema: { tags, summary: '结办（到场人数、线上观看人次、承办单位评分）', params: IdParams, body: CloseInput, response: { 200: OrderView } }, ...manage },
    async (req) => closeOrder(db, requireActor(req), req.params.id, req.body),
  );
  r.post(
    `${base}/orders/:id/decline`,
    { schema: { tags, summary: '不受理（说明原因）', params: IdParams, body: ReasonInput, response: { 200: OrderView } }, ...manage },
    async (req) => declineOrder(db, requireActor(req), req.params.id, req.body.reason),
  );
  r.post(
    `${base}/orders/:id/cancel`,
    { schema: { tags, summary: '取消点单（说明原因）', params: IdParams, body: ReasonInput, response: { 200: OrderView } }, ...manage },
    async (req) => cancelOrder(db, requireActor(req), req.params.id, req.body.reason),
  );
  r.post(
    `${base}/orders/:id/photos`,
    {
      schema: {
        tags,
        summary: '上传活动照片（JPG、PNG、WebP，每张不超过 5 MB，每场最多 9 张）',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 200: OrderView },
      },
      ...manage,
    },
    async (req) => {
      const file = await receiveUpload(req, {
        maxBytes: MAX_PHOTO_BYTES,
        missing: '请选择要上传的照片',
        tooLarge: `单张照片不能超过 ${megabytes(MAX_PHOTO_BYTES)}`,
      });
      return addPhoto(db, requireActor(req), req.params.id, { filename: file.filename, data: file.data });
    },
  );
  r.get(`${base}/orders/:id/photos/:photoId`, { schema: { tags, summary: '查看活动照片', params: PhotoParams }, ...read }, async (req, reply) => {
    const p = await readPhoto(db, requireActor(req), req.params.id, req.params.photoId);
    return reply
      .header('content-type', p.mime)
      .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(p.filename)}`)
      .header('cache-control', 'private, max-age=300')
      .send(p.data);
  });
  r.get(
    `${base}/stats`,
    { schema: { tags, summary: '点单统计（主题、地区、月份，基层工会覆盖率）', querystring: StatsQuery, response: { 200: LectureStats } }, ...read },
    async (req) => lectureStats(db, requireActor(req), req.query),
  );
}
