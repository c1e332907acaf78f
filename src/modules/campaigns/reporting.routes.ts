/** Routes that read a campaign back: progress, briefing, the ledger and its export, printed cards and sheets. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { contentDisposition, officeDate, sendOfficeXlsx } from '../../server/xlsx.ts';
import { chinaToday } from '../../shared/dates.ts';
import { authorize } from '../../server/actor.ts';
import { z, queryId } from '../../shared/contract.ts';
import { Briefing, CampaignIdParams, LedgerPage, ListLedgerQuery, PointIdParams, ProgressView } from './campaigns.contract.ts';
import { qrCodeFor } from './distribution.service.ts';
import { briefing, ledger, progress, signoffList } from './reporting.service.ts';
import { pickupCards } from './cards.service.ts';
import { campaignLedgerExport, type LedgerExportLine } from './ledger-export.service.ts';

const MAX_PRINT = 5_000;
const MAX_EXPORT = 500_000;

export function registerReportingRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db, cipher } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['慰问活动'];
  const point = ['慰问发放'];

  r.get(
    '/api/campaigns/:id/progress',
    {
      schema: { tags, summary: '发放进度（逐级汇总：名额、人数、人次、金额；按日；库存）', params: CampaignIdParams, response: { 200: ProgressView } },
      onRequest: guard('campaign:read'),
      config: { reads: 'replica' },
    },
    async (req) => progress(db, requireActor(req), req.params.id),
  );
  r.get(
    '/api/campaigns/:id/briefing',
    {
      schema: { tags, summary: '活动简报（数字均取自记录）', params: CampaignIdParams, response: { 200: Briefing } },
      onRequest: guard('campaign:read'),
      config: { reads: 'replica' },
    },
    async (req) => {
      const actor = requireActor(req);
      authorize(actor, 'campaign:read');
      return briefing(db, actor, req.params.id);
    },
  );
  r.get(
    '/api/campaigns/:id/ledger',
    {
      schema: { tags, summary: '发放台账', params: CampaignIdParams, querystring: ListLedgerQuery, response: { 200: LedgerPage } },
      onRequest: guard('campaign:read'),
      config: { reads: 'replica' },
    },
    async (req) => ledger(db, requireActor(req), req.params.id, req.query),
  );
  r.get(
    '/api/campaigns/:id/ledger.xlsx',
    {
      schema: {
        tags,
        summary: '导出发放台账（.xlsx，证件号和手机号脱敏；full=1 时完整显示，须有查看权限并留痕）',
        params: CampaignIdParams,
        querystring: z.object({ full: z.enum(['0', '1']).default('0') }),
      },
      onRequest: guard('campaign:export'),
      config: { reads: 'replica' },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const full = req.query.full === '1';
      const x = await campaignLedgerExport({ db, cipher }, actor, req.params.id, full, MAX_EXPORT);
      const c = x.campaign;
      return sendOfficeXlsx<LedgerExportLine>(reply, {
        fileName: `${c.name}发放台账`,
        titleLines: [
          `${x.organiser} ${c.name} 发放台账`,
          `活动期间：${officeDate(c.startsOn)}至${officeDate(c.endsOn)}`,
          `范围：${x.scopeName}及下级工会\u3000\u3000导出日期：${officeDate(chinaToday())}\u3000\u3000导出人：${actor.displayName ?? actor.username}`,
        ],
        columns: [
          { header: '序号', width: 7, type: 'int', value: (_, i) => i + 1 },
          { header: '姓名', width: 10, value: (l) => l.name },
          { header: '性别', width: 6, value: (l) => l.sex },
          { header: '身份证号', width: 21, value: (l) => l.idNumber },
          { header: '联系电话', width: 14, value: (l) => l.phone },
          { header: '所属工会', width: 26, value: (l) => l.orgName },
          { header: '发放点', width: 22, value: (l) => l.pointName },
          { header: '领取内容', width: 34, value: (l) => l.content },
          { header: '金额（元）', width: 12, type: 'fen', value: (l) => l.amountFen },
          { header: '发放日期', width: 15, type: 'date', value: (l) => l.on },
          { header: '经办人', width: 22, value: (l) => l.handler },
          { header: '方式', width: 10, value: (l) => l.method },
        ],
        rows: x.lines,
        totals: { 序号: '合计', 姓名: `${x.totals.persons} 人`, 身份证号: `${x.totals.personTimes} 人次`, '金额（元）': x.totals.amountFen },
      });
    },
  );
  r.get(
    '/api/campaigns/:id/cards.pdf',
    {
      schema: {
        tags,
        summary: '打印领取卡（A4，每页 8 张，含二维码、领取内容、领取地点和时间；orgId 按单位打印，顺序同名单）',
        params: CampaignIdParams,
        querystring: z.object({ orgId: queryId('单位').optional(), pending: z.enum(['0', '1']).default('1') }),
      },
      onRequest: guard('campaign:export'),
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { campaign, orgName, cards } = await pickupCards(db, actor, req.params.id, req.query.orgId, req.query.pending === '1', MAX_PRINT);
      // PDF rendering (and its font) loads on first use, not at start.
      const { renderPickupCards } = await import('./print.ts');
      const pdf = await renderPickupCards({
        campaignName: campaign.name,
        orgName,
        cards: cards.map((b) => ({
          name: b.name,
          idMasked: b.idMasked,
          orgName: b.orgName,
          packageName: b.content,
          place: b.place,
          time: b.time,
          code: qrCodeFor(cipher, b.beneficiaryId),
        })),
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(`${campaign.name}领取卡.pdf`).replace('export.xlsx', 'cards.pdf'))
        .send(pdf);
    },
  );
  r.get(
    '/api/points/:pointId/signoff.pdf',
    { schema: { tags: point, summary: '打印本发放点签领表（未领取人员）', params: PointIdParams }, onRequest: guard('campaign:distribute') },
    async (req, reply) => {
      const actor = requireActor(req);
      const { view, rows } = await signoffList(db, actor, req.params.pointId, MAX_PRINT);
      const { renderSignoffSheet } = await import('./print.ts');
      const pdf = await renderSignoffSheet({
        campaignName: view.campaignName,
        pointName: view.name,
        orgName: view.orgName,
        rows: rows.map((b) => ({ name: b.name, idMasked: b.id_masked, orgName: b.org_name, packageName: b.package_name, amountFen: Number(b.amount_fen) })),
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(`${view.name}签领表.pdf`).replace('export.xlsx', 'signoff.pdf'))
        .send(pdf);
    },
  );
}
