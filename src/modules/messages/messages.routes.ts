/** The worker's inbox (消息) under /api/m/: only the signed-in worker's own messages. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { requireWorker, workerGuard } from '../../server/worker.ts';
import { Ok, z } from '../../shared/contract.ts';
import { ListMessagesQuery, MessageIdParams, MessagesPage, UnreadCount } from './messages.contract.ts';
import { countUnreadMessages, listWorkerMessages, readAllWorkerMessages, readWorkerMessage } from './messages.service.ts';

export function registerMessageRoutes(app: FastifyInstance, { db }: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['职工端'];

  r.get(
    '/api/m/messages',
    { schema: { tags, summary: '我的消息（新的在前）', querystring: ListMessagesQuery, response: { 200: MessagesPage } }, onRequest: workerGuard() },
    async (req) => listWorkerMessages(db, requireWorker(req), req.query),
  );
  r.get('/api/m/messages/unread', { schema: { tags, summary: '未读消息数', response: { 200: UnreadCount } }, onRequest: workerGuard() }, async (req) => ({
    unread: await countUnreadMessages(db, requireWorker(req)),
  }));
  r.post(
    '/api/m/messages/:id/read',
    { schema: { tags, summary: '标记消息已读', params: MessageIdParams, response: { 200: Ok } }, onRequest: workerGuard() },
    async (req) => {
      await readWorkerMessage(db, requireWorker(req), req.params.id);
      return { ok: true as const };
    },
  );
  r.post(
    '/api/m/messages/read-all',
    { schema: { tags, summary: '全部标记为已读', response: { 200: z.object({ read: z.number().int() }) } }, onRequest: workerGuard() },
    async (req) => ({ read: await readAllWorkerMessages(db, requireWorker(req)) }),
  );
}
