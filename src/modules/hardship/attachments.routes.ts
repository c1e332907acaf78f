/** Uploading and opening a case file's scanned proofs. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { Invalid } from '../../server/errors.ts';
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
      const file = await req.file({ limits: { fileSize: MAX_ATTACHMENT_BYTES + 1, files: 1 } });
      if (!file) throw Invalid.field('file', '请选择要上传的文件');
      let data: Buffer;
      try {
        data = await file.toBuffer();
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw Invalid.field('file', '单个文件不能超过 5 MB');
        throw err;
      }
      if (file.file.truncated) throw Invalid.field('file', '单个文件不能超过 5 MB');
      const field = file.fields.title as { value?: unknown } | undefined;
      const title = typeof field?.value === 'string' && field.value.trim() ? field.value.trim().slice(0, 60) : file.filename;
      return addAttachment(db, requireActor(req), req.params.id, { title, filename: file.filename, data });
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
