/** The worker portal's 申请帮扶 routes: the signed-in worker's own self-test, applications and photos. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { receiveUpload } from '../../server/uploads.ts';
import { requireRegisteredWorker, workerGuard } from '../../server/worker.ts';
import { MAX_ATTACHMENT_BYTES } from './hardship.contract.ts';
import {
  HelpPhotoParams,
  HelpRequestInput,
  HelpRequestList,
  HelpRequestParams,
  HelpRequestView,
  HouseholdFigures,
  SelfTestResult,
} from './help-request.contract.ts';
import { PHOTO_TOO_LARGE, addMyPhoto, applyForHelp, myHelpRequest, myHelpRequests, readMyPhoto, selfTest } from './self-apply.service.ts';

export function registerHelpRequestRoutes(app: FastifyInstance, { db }: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['职工端'];

  r.post(
    '/api/m/hardship/self-test',
    {
      schema: { tags, summary: '困难自测：按本人所在工会的政策参数计算困难类别并说明理由', body: HouseholdFigures, response: { 200: SelfTestResult } },
      onRequest: workerGuard(),
    },
    async (req) => selfTest(db, requireRegisteredWorker(req), req.body),
  );
  r.get(
    '/api/m/hardship/applications',
    { schema: { tags, summary: '我的帮扶申请（最新在前）及办理进度', response: { 200: HelpRequestList } }, onRequest: workerGuard() },
    async (req) => ({ items: await myHelpRequests(db, requireRegisteredWorker(req)) }),
  );
  r.post(
    '/api/m/hardship/applications',
    {
      schema: { tags, summary: '申请帮扶（进入所在工会的困难职工台账，待核查）', body: HelpRequestInput, response: { 201: HelpRequestView } },
      onRequest: workerGuard(),
    },
    async (req, reply) => {
      const worker = requireRegisteredWorker(req);
      const id = await applyForHelp(db, worker, req.body);
      return reply.status(201).send(await myHelpRequest(db, worker, id));
    },
  );
  r.get(
    '/api/m/hardship/applications/:id',
    { schema: { tags, summary: '我的一份帮扶申请', params: HelpRequestParams, response: { 200: HelpRequestView } }, onRequest: workerGuard() },
    async (req) => myHelpRequest(db, requireRegisteredWorker(req), req.params.id),
  );
  r.post(
    '/api/m/hardship/applications/:id/photos',
    {
      schema: {
        tags,
        summary: '为我的帮扶申请上传照片（JPG、PNG，每张不超过 5 MB，最多 9 张；核实完成前可上传）',
        params: HelpRequestParams,
        consumes: ['multipart/form-data'],
        response: { 200: HelpRequestView },
      },
      onRequest: workerGuard(),
    },
    async (req) => {
      const worker = requireRegisteredWorker(req);
      const file = await receiveUpload(req, { maxBytes: MAX_ATTACHMENT_BYTES, missing: '请选择要上传的照片', tooLarge: PHOTO_TOO_LARGE });
      return addMyPhoto(db, worker, req.params.id, file);
    },
  );
  r.get(
    '/api/m/hardship/applications/:id/photos/:photoId',
    { schema: { tags, summary: '查看我上传的照片', params: HelpPhotoParams }, onRequest: workerGuard() },
    async (req, reply) => {
      const photo = await readMyPhoto(db, requireRegisteredWorker(req), req.params.id, req.params.photoId);
      return reply
        .header('content-type', photo.mime)
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(photo.filename)}`)
        .header('cache-control', 'private, no-store')
        .send(photo.data);
    },
  );
}
