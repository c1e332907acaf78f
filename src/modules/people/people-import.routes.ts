import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { Invalid } from '../../server/errors.ts';
import { sendErrorSheet } from '../../server/imports.ts';
import { Ok } from '../../shared/contract.ts';
import { JobView } from '../jobs/jobs.contract.ts';
import { presentJob } from '../jobs/index.ts';
import { ImportApplyInput, ImportCheckInput, ImportIdParams, ImportUpload } from './people-import.contract.ts';
import { cancelImport, importErrors, MAX_IMPORT_BYTES, startApply, startCheck, uploadRoster, type ImportDeps } from './people-import.service.ts';

export function registerPeopleImportRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['职工档案导入'];
  const importDeps: ImportDeps = {
    db: deps.db,
    cipher: deps.cipher,
    copyInto: deps.copyInto,
    dataDir: deps.config.dataDir,
    bulkLoadMinRows: deps.config.importBulkMinRows,
  };

  r.post(
    '/api/people/imports',
    {
      schema: {
        tags,
        summary: '上传职工名册（.xlsx 或 UTF-8/GB18030 的 .csv），返回表头、样例行和建议的列对应',
        consumes: ['multipart/form-data'],
        response: { 201: ImportUpload },
      },
      onRequest: guard('person:import'),
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const file = await req.file({ limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } });
      if (!file) throw Invalid.field('file', '请选择要导入的文件');
      const upload = await uploadRoster(importDeps, actor, { filename: file.filename, stream: file.file, truncated: () => file.file.truncated });
      return reply.status(201).send(upload);
    },
  );

  r.post(
    '/api/people/imports/:id/check',
    {
      schema: { tags, summary: '按列对应检查每一行（后台任务）', params: ImportIdParams, body: ImportCheckInput, response: { 202: JobView } },
      onRequest: guard('person:import'),
    },
    async (req, reply) => reply.status(202).send(presentJob(await startCheck(importDeps, requireActor(req), { id: req.params.id, ...req.body }, req.log))),
  );

  r.post(
    '/api/people/imports/:id/apply',
    {
      schema: { tags, summary: '确认导入：全部写入或全部不写（后台任务）', params: ImportIdParams, body: ImportApplyInput, response: { 202: JobView } },
      onRequest: guard('person:import'),
    },
    async (req, reply) =>
      reply
        .status(202)
        .send(presentJob(await startApply(importDeps, requireActor(req), { id: req.params.id, confirmUpdates: req.body.confirmUpdates }, req.log))),
  );

  r.post(
    '/api/people/imports/:id/cancel',
    { schema: { tags, summary: '取消导入', params: ImportIdParams, response: { 200: Ok } }, onRequest: guard('person:import') },
    async (req) => {
      await cancelImport(importDeps, requireActor(req), req.params.id);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/people/imports/:id/errors',
    { schema: { tags, summary: '错误报告（.xlsx）：行号、列、问题及该行原始内容', params: ImportIdParams }, onRequest: guard('person:import') },
    async (req, reply) => {
      const { headers, rows } = await importErrors(deps.db, requireActor(req), req.params.id);
      return sendErrorSheet(reply, headers, rows);
    },
  );
}
