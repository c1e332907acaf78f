/** The task list, the 公示 list and the statistics of the actor's subtree. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { z, queryInt } from '../../shared/contract.ts';
import { chinaToday } from '../../shared/dates.ts';
import { HardshipStats, HardshipTasks, NoticeRow } from './hardship.contract.ts';
import { noticeList, stats, tasks } from './reporting.service.ts';
import { noticeDocument } from './notice.service.ts';
import { contentDisposition } from '../../server/xlsx.ts';

export function registerReportingRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['困难职工帮扶'];

  r.get(
    '/api/hardship/tasks',
    { schema: { tags, summary: '待办：到期和逾期的回访、年度复核', response: { 200: HardshipTasks } }, onRequest: guard('hardship:read') },
    async (req) => tasks(db, requireActor(req)),
  );
  r.get(
    '/api/hardship/notice',
    { schema: { tags, summary: '公示名单（姓名脱敏）', response: { 200: z.array(NoticeRow) } }, onRequest: guard('hardship:read') },
    async (req) => noticeList(db, requireActor(req)),
  );
  r.get(
    '/api/hardship/notice.pdf',
    { schema: { tags, summary: '打印公示名单（PDF：公示期、姓名只显示姓氏、困难类别、异议联系电话）' }, onRequest: guard('hardship:read') },
    async (req, reply) => {
      const doc = await noticeDocument(db, requireActor(req));
      const { renderNoticeSheet } = await import('./notice.pdf.ts');
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition('公示名单.pdf').replace('export.xlsx', 'notice.pdf'))
        .send(await renderNoticeSheet(doc));
    },
  );
  r.get(
    '/api/hardship/stats',
    {
      schema: {
        tags,
        summary: '困难职工统计（逐级汇总）',
        querystring: z.object({ year: queryInt('年度', { min: 2000, max: 2100 }).optional() }),
        response: { 200: HardshipStats },
      },
      onRequest: guard('hardship:read'),
      config: { reads: 'replica' },
    },
    async (req) => stats(db, requireActor(req), req.query.year ?? Number(chinaToday().slice(0, 4))),
  );
}
