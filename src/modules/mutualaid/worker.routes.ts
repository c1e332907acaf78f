/** The worker portal's 互助保障 routes (/api/m/mutualaid): the signed-in worker's own plans to join, cover, claims and appeals. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from '../../shared/contract.ts';
import type { AppDeps } from '../../server/module.ts';
import { Invalid } from '../../server/errors.ts';
import { megabytes, receiveUploads } from '../../server/uploads.ts';
import { requireRegisteredWorker, workerGuard } from '../../server/worker.ts';
import { ClaimIdParams, EnrolmentIdParams, PlanIdParams } from './mutualaid.contract.ts';
import { certificateDisposition } from './certificate.pdf.ts';
import {
  AppealInput,
  MAX_CLAIM_PHOTOS,
  MAX_CLAIM_PHOTO_BYTES,
  MyClaim,
  MyCover,
  MyEnrolment,
  WorkerClaimInput,
  WorkerEnrolInput,
  WorkerPlan,
} from './worker.contract.ts';
import { appealMyClaim, fileClaim, myCertificate, myCover, workerEnrol, workerPlans } from './worker.service.ts';

/** The claim's fields, sent as JSON in the form's `claim` field before the photos: checked by the same contract as a JSON body. */
function claimOf(raw: string | undefined) {
  if (!raw) throw Invalid.field('claim', '请填写申请内容');
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw Invalid.field('claim', '申请内容不是有效的 JSON');
  }
  const parsed = WorkerClaimInput.safeParse(value);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
    throw new Invalid(fields[0]?.message ?? '提交的内容有误', fields);
  }
  return parsed.data;
}

export function registerMutualaidWorkerRoutes(app: FastifyInstance, { db, cipher }: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['职工端·互助保障'];
  const w = { onRequest: workerGuard() };

  r.get(
    '/api/m/mutualaid/plans',
    { schema: { tags, summary: '可参加的互助保障计划（含我是否已参保、保障期、缴费、等待期和给付说明）', response: { 200: z.array(WorkerPlan) } }, ...w },
    async (req) => workerPlans(db, requireRegisteredWorker(req)),
  );
  r.post(
    '/api/m/mutualaid/plans/:id/enrol',
    {
      schema: {
        tags,
        summary: '自行参保（须同意保障内容和责任免除；每人每个计划每期一次，缴费记为待收）',
        params: PlanIdParams,
        body: WorkerEnrolInput,
        response: { 201: MyEnrolment },
      },
      ...w,
    },
    async (req, reply) => reply.status(201).send(await workerEnrol(db, requireRegisteredWorker(req), req.params.id)),
  );
  r.get(
    '/api/m/mutualaid/cover/:id/certificate.pdf',
    { schema: { tags, summary: '下载我的保障凭证（PDF）', params: EnrolmentIdParams }, ...w },
    async (req, reply) => {
      const { pdf, fileName } = await myCertificate(db, requireRegisteredWorker(req), req.params.id);
      return reply.type('application/pdf').header('content-disposition', certificateDisposition(fileName)).send(pdf);
    },
  );
  r.get('/api/m/mutualaid/cover', { schema: { tags, summary: '我的保障（保障凭证）和我的互助金申请', response: { 200: MyCover } }, ...w }, async (req) =>
    myCover(db, requireRegisteredWorker(req)),
  );
  r.post(
    '/api/m/mutualaid/claims',
    {
      schema: {
        tags,
        summary: `提交互助金申请：表单字段 claim（JSON）在前，随后是材料照片，字段名为材料类型（JPG、PNG，每张不超过 ${megabytes(MAX_CLAIM_PHOTO_BYTES)}，最多 ${MAX_CLAIM_PHOTOS} 张）`,
        consumes: ['multipart/form-data'],
        response: { 201: MyClaim },
      },
      ...w,
    },
    async (req, reply) => {
      const worker = requireRegisteredWorker(req);
      const form = await receiveUploads(req, {
        maxBytes: MAX_CLAIM_PHOTO_BYTES,
        maxFiles: MAX_CLAIM_PHOTOS,
        tooLarge: `每张照片不能超过 ${megabytes(MAX_CLAIM_PHOTO_BYTES)}`,
        tooMany: `每份申请最多上传 ${MAX_CLAIM_PHOTOS} 张照片`,
      });
      return reply.status(201).send(await fileClaim({ db, cipher }, worker, claimOf(form.fields.claim), form.files));
    },
  );
  r.post(
    '/api/m/mutualaid/claims/:id/appeal',
    {
      schema: { tags, summary: '对被驳回的申请提出申诉（须说明理由），重新受理', params: ClaimIdParams, body: AppealInput, response: { 200: MyClaim } },
      ...w,
    },
    async (req) => appealMyClaim(db, requireRegisteredWorker(req), req.params.id, req.body.reason),
  );
}
