import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { requireActor, guard } from '../../server/http.ts';
import { AuditEntryView, AuditIdParams, AuditPage, AuditVerifyResult, ListAuditQuery } from './audit.contract.ts';
import { findAuditEntries, getAuditEntry, verifyAuditChainAs } from './audit.service.ts';
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
    { schema: { tags, summary: '审计日志列表', querystring: ListAuditQuery, response: { 200: AuditPage } }, onRequest: guard('audit:read') },
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
    { schema: { tags, summary: '校验日志哈希链', response: { 200: AuditVerifyResult } }, onRequest: guard('audit:read') },
    async (req) => {
      return verifyAuditChainAs(db, requireActor(req));
    },
  );
}
