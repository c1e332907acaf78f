import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { requireActor, guard } from '../../server/http.ts';
import { chinaToday } from '../../shared/dates.ts';
import { AuditAnchorFile, AuditEntryView, AuditIdParams, AuditPage, AuditVerifyInput, AuditVerifyResult, ListAuditQuery } from './audit.contract.ts';
import { findAuditEntries, getAnchorFile, getAuditEntry, verifyAuditChainAs } from './audit.service.ts';
import type { AuditRow } from './audit.repository.ts';

type EntryRow = Pick<
  AuditRow,
  'id' | 'at' | 'actorAccountId' | 'actorName' | 'orgId' | 'action' | 'entity' | 'entityId' | 'summary' | 'before' | 'after' | 'ip' | 'hash'
> & { orgName: string | null };

const present = (r: EntryRow) => ({ ...r, at: r.at.toISOString() });

export function registerAuditRoutes(app: FastifyInstance, { db }: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['审计日志'];

  r.get(
    '/api/audit',
    {
      schema: { tags, summary: '审计日志列表', querystring: ListAuditQuery, response: { 200: AuditPage } },
      onRequest: guard('audit:read'),
      config: { reads: 'replica' },
    },
    async (req) => {
      const { items, total } = await findAuditEntries(db, requireActor(req), req.query);
      return { items: items.map(present), total, page: req.query.page, pageSize: req.query.pageSize };
    },
  );

  r.get(
    '/api/audit/:id',
    { schema: { tags, summary: '一条审计日志', params: AuditIdParams, response: { 200: AuditEntryView } }, onRequest: guard('audit:read') },
    async (req) => present(await getAuditEntry(db, requireActor(req), req.params.id)),
  );

  r.post(
    '/api/audit/verify',
    {
      schema: { tags, summary: '校验日志哈希链（可附上此前下载的签名锚点）', body: AuditVerifyInput.nullish(), response: { 200: AuditVerifyResult } },
      onRequest: guard('audit:read'),
    },
    async (req) => verifyAuditChainAs(db, requireActor(req), req.body?.anchors),
  );

  r.get(
    '/api/audit/anchors',
    { schema: { tags, summary: '下载日志链头的签名锚点', response: { 200: AuditAnchorFile } }, onRequest: guard('audit:read') },
    async (req, reply) => {
      const file = await getAnchorFile(db, requireActor(req));
      const name = encodeURIComponent(`审计日志签名锚点-${chinaToday()}.json`);
      return reply.header('content-disposition', `attachment; filename="audit-anchors.json"; filename*=UTF-8''${name}`).send(file);
    },
  );
}
