/** Routes of the check-in kit: lists of an event, the offline download, the sync of a phone's queue, lines and conflicts. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { z } from '../../shared/contract.ts';
import { EventIdParams, MySignupParams, SignupParams } from './events.contract.ts';
import { requireRegisteredWorker, workerGuard } from '../../server/worker.ts';
import {
  CheckinConflict,
  CheckinLinePage,
  CheckinLinesQuery,
  CheckinListInput,
  CheckinListParams,
  CheckinListView,
  CheckinPointParams,
  OfflineList,
  SyncInput,
  SyncResult,
  UsableCheckinList,
} from './checkin.contract.ts';
import {
  createCheckinList,
  downloadList,
  downloadPoint,
  listCheckinLists,
  listConflicts,
  listLines,
  listPointConflicts,
  myTicket,
  signupTicket,
  syncList,
  syncPoint,
  usableCheckinLists,
} from './checkin.service.ts';
import { CHECKIN_SW_PATH, CHECKIN_SW_SOURCE } from './checkin.sw.ts';

export function registerCheckinRoutes(app: FastifyInstance, { db, cipher }: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['活动签到'];

  r.get(
    '/api/events/:id/checkin-lists',
    {
      schema: {
        tags,
        summary: '活动的签到清单（入场、用餐、纪念品），含已签到人次、人数和冲突数',
        params: EventIdParams,
        response: { 200: z.array(CheckinListView) },
      },
      onRequest: guard(),
    },
    async (req) => listCheckinLists(db, requireActor(req), req.params.id),
  );
  r.post(
    '/api/events/:id/checkin-lists',
    {
      schema: {
        tags,
        summary: '新建签到清单（仅一次、每天一次或不限次数）',
        params: EventIdParams,
        body: CheckinListInput,
        response: { 201: CheckinListView },
      },
      onRequest: guard('events:manage'),
    },
    async (req, reply) => reply.status(201).send(await createCheckinList(db, requireActor(req), req.params.id, req.body)),
  );
  r.get(
    '/api/events/:id/checkin-conflicts',
    {
      schema: { tags, summary: '签到冲突：重复签到（多台手机离线扫同一人）与未通过的签到', params: EventIdParams, response: { 200: z.array(CheckinConflict) } },
      onRequest: guard(),
    },
    async (req) => listConflicts(db, requireActor(req), req.params.id),
  );
  r.get(
    '/api/events/:id/signups/:signupId/ticket',
    {
      schema: { tags, summary: '报名的签到码（二维码内容）', params: SignupParams, response: { 200: z.object({ code: z.string() }) } },
      onRequest: guard(),
    },
    async (req) => signupTicket({ db, cipher }, requireActor(req), req.params.id, req.params.signupId),
  );
  r.get(
    '/api/m/events/signups/:id/ticket',
    {
      schema: {
        tags: ['职工端·活动'],
        summary: '我的签到码（名额已确认、活动未结束时）：到场出示给工作人员扫码',
        params: MySignupParams,
        response: { 200: z.object({ code: z.string(), qr: z.string() }) },
      },
      onRequest: workerGuard(),
    },
    async (req) => myTicket({ db, cipher }, requireRegisteredWorker(req), req.params.id),
  );
  r.get(
    '/api/checkin/lists',
    {
      schema: { tags, summary: '可在手机上签到的清单（本级及下级主办、报名中或已截止的活动）', response: { 200: z.array(UsableCheckinList) } },
      onRequest: guard('events:checkin'),
    },
    async (req) => usableCheckinLists(db, requireActor(req)),
  );
  r.get(
    '/api/checkin/lists/:listId/download',
    {
      schema: { tags, summary: '下载签到清单供离线使用（签到码只给哈希，姓名脱敏）', params: CheckinListParams, response: { 200: OfflineList } },
      onRequest: guard('events:checkin'),
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return downloadList({ db, cipher }, requireActor(req), req.params.listId);
    },
  );
  r.post(
    '/api/checkin/lists/:listId/sync',
    {
      schema: {
        tags,
        summary: '同步离线签到（幂等：同一幂等键重发返回同一结果；重复签到记为冲突）',
        params: CheckinListParams,
        body: SyncInput,
        response: { 200: SyncResult },
      },
      onRequest: guard('events:checkin'),
    },
    async (req) => syncList({ db, cipher }, requireActor(req), req.params.listId, req.body),
  );
  r.get(
    '/api/checkin/lists/:listId/lines',
    {
      schema: {
        tags,
        summary: '签到清单的签到记录（每人次一行）',
        params: CheckinListParams,
        querystring: CheckinLinesQuery,
        response: { 200: CheckinLinePage },
      },
      onRequest: guard(),
    },
    async (req) => listLines(db, requireActor(req), req.params.listId, req.query),
  );
  r.get(
    '/api/checkin/points/:pointId/download',
    {
      schema: { tags, summary: '下载发放点的待领名单供离线使用（领取码只给哈希，姓名脱敏）', params: CheckinPointParams, response: { 200: OfflineList } },
      onRequest: guard('campaign:distribute'),
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return downloadPoint({ db, cipher }, requireActor(req), req.params.pointId);
    },
  );
  r.post(
    '/api/checkin/points/:pointId/sync',
    {
      schema: {
        tags,
        summary: '同步离线发放：逐条按慰问活动的规则确认（配额、库存、每人一份），幂等',
        params: CheckinPointParams,
        body: SyncInput,
        response: { 200: SyncResult },
      },
      onRequest: guard('campaign:distribute'),
    },
    async (req) => syncPoint({ db, cipher }, requireActor(req), req.params.pointId, req.body),
  );
  r.get(
    '/api/checkin/points/:pointId/conflicts',
    {
      schema: { tags, summary: '发放点离线发放中未通过或重复的记录', params: CheckinPointParams, response: { 200: z.array(CheckinConflict) } },
      onRequest: guard(),
    },
    async (req) => listPointConflicts(db, requireActor(req), req.params.pointId),
  );

  // The phone page's service worker: served from the root so that its scope can be /checkin/ (a
  // script under /assets/ could only control /assets/). Public, like the page shell it caches.
  r.get(CHECKIN_SW_PATH, { schema: { hide: true } }, async (_req, reply) =>
    reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(CHECKIN_SW_SOURCE),
  );
}
