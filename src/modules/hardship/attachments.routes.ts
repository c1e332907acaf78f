/** Uploading and opening a case file's scanned proofs. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { fieldText, megabytes, receiveUpload } from '../../server/uploads.ts';
import { AttachmentParams, CaseIdParams, CaseView, MAX_ATTACHMENT_BYTES } from './hardship.contract.ts';
import { addAttachment, readAttachment } from './attachments.service.ts';

export function registerAttachmentRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['困难职工帮扶'];

  r.post(
    '/api/hardship/cases/:id/attachments',
    {
      schema: {
        tags,
        summary: '上传证明材料（PDF、JPG、PNG，每个不超过 5 MB；字段 title 为材料名称，须放在 file 之前）',
        params: CaseIdParams,
        consumes: ['multipart/form-data'],
        response: { 200: CaseView },
      },
      onRequest: guard('hardship:write'),
    },
    async (req) => {
      const file = await receiveUpload(req, {
        maxBytes: MAX_ATTACHMENT_BYTES,
        missing: '请选择要上传的文件',
        tooLarge: `单个文件不能超过 ${megabytes(MAX_ATTACHMENT_BYTES)}`,
      });
      const title = fieldText(file, 'title').slice(0, 60) || file.filename;
      return addAttachment(db, requireActor(req), req.params.id, { title, filename: file.filename, data: file.data });
    },
  );
  r.get(
    '/api/hardship/cases/:id/attachments/:attachmentId',
    { schema: { tags, summary: '查看证明材料（须有敏感信息权限，留痕）', params: AttachmentParams }, onRequest: guard('hardship:sensitive') },
    async (req, reply) => {
      const a = await readAttachment(db, requireActor(req), req.params.id, req.params.attachmentId);
      return reply
        .header('content-type', a.mime)
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
        .header('cache-control', 'private, no-store')
        .send(a.data);
    },
  );
}
