/** The HTTP API of 活动's engine: events, sessions, places down the tree and calendar feeds (sign-ups in signups.routes.ts). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { z } from '../../shared/contract.ts';
import {
  AudiencePreview,
  AudiencePreviewInput,
  CalendarParams,
  EventIdParams,
  EventInput,
  EventPage,
  EventTransitionInput,
  EventUpdateInput,
  EventView,
  ListEventsQuery,
  QuotaInput,
  QuotaNode,
  SessionInput,
  SessionParams,
} from './events.contract.ts';
import {
  addSession,
  createEvent,
  getEvent,
  listEvents,
  listQuotas,
  previewAudience,
  removeSession,
  setQuota,
  transitionEvent,
  updateEvent,
  updateSession,
} from './events.service.ts';
import { unionCalendar } from './calendar.service.ts';
import { registerSignupRoutes } from './signups.routes.ts';

export function registerEventEngineRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['活动'];
  const read = { onRequest: guard('events:read') };
  const manage = { onRequest: guard('events:manage') };

  r.get(
    '/api/events',
    { schema: { tags, summary: '活动列表（本级及下级主办、上级主办面向本级的活动）', querystring: ListEventsQuery, response: { 200: EventPage } }, ...read },
    async (req) => listEvents(db, requireActor(req), req.query),
  );
  r.post('/api/events', { schema: { tags, summary: '新建活动（草稿）', body: EventInput, response: { 201: EventView } }, ...manage }, async (req, reply) =>
    reply.status(201).send(await createEvent(db, requireActor(req), req.body)),
  );
  r.post(
    '/api/events/audience-preview',
    { schema: { tags, summary: '报名条件覆盖人数（保存前实时计算）', body: AudiencePreviewInput, response: { 200: AudiencePreview } }, ...manage },
    async (req) => previewAudience(db, requireActor(req), req.body),
  );
  r.get(
    '/api/events/calendar/:orgId.ics',
    { schema: { tags, summary: '活动日历（iCalendar，本单位及下级主办的活动场次；需登录）', params: CalendarParams }, ...read },
    async (req, reply) => {
      const { ics, fileName } = await unionCalendar(db, requireActor(req), req.params.orgId);
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="calendar.ics"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
        .send(ics);
    },
  );
  r.get(
    '/api/events/:id',
    { schema: { tags, summary: '活动详情（场次、名额、报名统计、节假日提醒）', params: EventIdParams, response: { 200: EventView } }, ...read },
    async (req) => getEvent(db, requireActor(req), req.params.id),
  );
  r.put(
    '/api/events/:id',
    { schema: { tags, summary: '修改活动（版本号校验）', params: EventIdParams, body: EventUpdateInput, response: { 200: EventView } }, ...manage },
    async (req) => updateEvent(db, requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/events/:id/transition',
    {
      schema: {
        tags,
        summary: '开放报名、截止报名、结束活动、取消活动（须说明原因）',
        params: EventIdParams,
        body: EventTransitionInput,
        response: { 200: EventView },
      },
      ...manage,
    },
    async (req) => transitionEvent(db, requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/events/:id/sessions',
    { schema: { tags, summary: '添加场次', params: EventIdParams, body: SessionInput, response: { 201: EventView } }, ...manage },
    async (req, reply) => reply.status(201).send(await addSession(db, requireActor(req), req.params.id, req.body)),
  );
  r.put(
    '/api/events/:id/sessions/:sessionId',
    { schema: { tags, summary: '修改场次', params: SessionParams, body: SessionInput, response: { 200: EventView } }, ...manage },
    async (req) => updateSession(db, requireActor(req), req.params.id, req.params.sessionId, req.body),
  );
  r.delete(
    '/api/events/:id/sessions/:sessionId',
    { schema: { tags, summary: '删除场次', params: SessionParams, response: { 200: EventView } }, ...manage },
    async (req) => removeSession(db, requireActor(req), req.params.id, req.params.sessionId),
  );
  r.get(
    '/api/events/:id/quotas',
    { schema: { tags, summary: '名额分配（本级及下级）', params: EventIdParams, response: { 200: z.array(QuotaNode) } }, ...read },
    async (req) => listQuotas(db, requireActor(req), req.params.id),
  );
  r.put(
    '/api/events/:id/quotas',
    { schema: { tags, summary: '向下级单位下达名额', params: EventIdParams, body: QuotaInput, response: { 200: z.array(QuotaNode) } }, ...manage },
    async (req) => setQuota(db, requireActor(req), req.params.id, req.body),
  );

  registerSignupRoutes(app, deps);
}
