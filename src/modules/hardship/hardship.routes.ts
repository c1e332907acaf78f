/** The HTTP API of 困难职工帮扶: case files here; each use case's routes in its own file, all registered by `registerHardshipRoutes`. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { z, text, version } from '../../shared/contract.ts';
import { CaseIdParams, CaseInput, CasePage, CaseView, ListCasesQuery, TransitionInput } from './hardship.contract.ts';
import { fileCase, getCase, listCases, reveal, updateCase } from './cases.service.ts';
import { transition } from './lifecycle.service.ts';
import { registerAssistanceRoutes } from './assistance.routes.ts';
import { registerAttachmentRoutes } from './attachments.routes.ts';
import { registerLedgerRoutes } from './ledger.routes.ts';
import { registerDiscoveryRoutes } from './discovery.routes.ts';
import { registerReportingRoutes } from './reporting.routes.ts';
import { registerHelpRequestRoutes } from './help-request.routes.ts';

/** Every route of the module (the manifest's `routes`). */
export function registerHardshipRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db, cipher } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['困难职工帮扶'];

  r.get(
    '/api/hardship/cases',
    {
      schema: {
        tags,
        summary: '困难职工台账（增量/存量/返困，城镇困难职工/困难农民工，类别，原因，单位）',
        querystring: ListCasesQuery,
        response: { 200: CasePage },
      },
      onRequest: guard('hardship:read'),
      config: { reads: 'replica' },
    },
    async (req) => listCases(db, requireActor(req), req.query),
  );
  r.post(
    '/api/hardship/cases',
    { schema: { tags, summary: '建档申请（类别按家庭收支和政策参数计算）', body: CaseInput, response: { 201: CaseView } }, onRequest: guard('hardship:write') },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await fileCase({ db, cipher }, actor, req.body);
      return reply.status(201).send(await getCase(db, actor, id));
    },
  );
  r.get(
    '/api/hardship/cases/:id',
    {
      schema: { tags, summary: '困难职工档案（时间线、帮扶记录；家庭收支另行查看）', params: CaseIdParams, response: { 200: CaseView } },
      onRequest: guard('hardship:read'),
    },
    async (req) => getCase(db, requireActor(req), req.params.id),
  );
  r.put(
    '/api/hardship/cases/:id',
    {
      schema: {
        tags,
        summary: '修改档案或年度复核（重新认定类别）',
        params: CaseIdParams,
        body: CaseInput.and(z.object({ version: version() })),
        response: { 200: CaseView },
      },
      onRequest: guard('hardship:write'),
    },
    async (req) => {
      const actor = requireActor(req);
      await updateCase({ db, cipher }, actor, req.params.id, req.body);
      return getCase(db, actor, req.params.id);
    },
  );
  r.post(
    '/api/hardship/cases/:id/reveal',
    {
      schema: {
        tags,
        summary: '查看家庭收支、健康和银行账号（须说明原因，留痕）',
        params: CaseIdParams,
        body: z.object({ reason: text('查看原因', { max: 100 }) }),
        response: { 200: CaseView.shape.finances.unwrap() },
      },
      onRequest: guard('hardship:sensitive'),
    },
    async (req) => reveal({ db, cipher }, requireActor(req), req.params.id, req.body.reason),
  );
  r.post(
    '/api/hardship/cases/:id/transition',
    {
      schema: { tags, summary: '核查、公示、审批建档、解困脱困、返困、销档', params: CaseIdParams, body: TransitionInput, response: { 200: CaseView } },
      onRequest: guard('hardship:read'),
    },
    async (req) => {
      const actor = requireActor(req);
      await transition(db, actor, req.params.id, req.body);
      return getCase(db, actor, req.params.id);
    },
  );

  registerAssistanceRoutes(app, deps);
  registerAttachmentRoutes(app, deps);
  registerLedgerRoutes(app, deps);
  registerDiscoveryRoutes(app, deps);
  registerReportingRoutes(app, deps);
  registerHelpRequestRoutes(app, deps);
}
