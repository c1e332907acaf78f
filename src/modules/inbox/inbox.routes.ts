/** The HTTP API of 待办: the summary for the menu and home page, and one group paged. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { InboxItemsPage, InboxItemsQuery, InboxSummary } from './inbox.contract.ts';
import { inboxItems, inboxSummary, sourcesOf } from './inbox.service.ts';

export function registerInboxRoutes(app: FastifyInstance, { db, modules }: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['待办'];
  const sources = sourcesOf(modules);
  r.get(
    '/api/inbox',
    { schema: { tags, summary: '待办：本账号可以处理的事项，按类型计数并列出最早的几项', response: { 200: InboxSummary } }, onRequest: guard() },
    async (req) => inboxSummary(db, requireActor(req), sources),
  );
  r.get(
    '/api/inbox/items',
    { schema: { tags, summary: '某一类待办，分页', querystring: InboxItemsQuery, response: { 200: InboxItemsPage } }, onRequest: guard() },
    async (req) => inboxItems(db, requireActor(req), sources, req.query),
  );
}
