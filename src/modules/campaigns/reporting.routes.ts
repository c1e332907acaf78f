/** Routes that read a campaign back: progress, briefing, the ledger and its export, printed cards and sheets. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { contentDisposition, sendXlsx } from '../../server/xlsx.ts';
import { authorize } from '../../server/actor.ts';
import { z, queryId } from '../../shared/contract.ts';
import { yuan } from '../../shared/numbers.ts';
import { Briefing, CampaignIdParams, EVIDENCE_LABELS, LedgerPage, ListLedgerQuery, PointIdParams, ProgressView } from './campaigns.contract.ts';
import { qrCodeFor } from './distribution.service.ts';
import { briefing, ledger, ledgerForExport, printList, progress, signoffList } from './reporting.service.ts';

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
    },
    async (req) => progress(db, requireActor(req), req.params.id),
  );
  r.get(
    '/api/campaigns/:id/briefing',
    { schema: { tags, summary: '活动简报（数字均取自记录）', params: CampaignIdParams, response: { 200: Briefing } }, onRequest: guard('campaign:read') },
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
    },
    async (req) => ledger(db, requireActor(req), req.params.id, req.query),
  );
  r.get(
    '/api/campaigns/:id/ledger.xlsx',
    { schema: { tags, summary: '导出发放台账（.xlsx，证件号脱敏）', params: CampaignIdParams }, onRequest: guard('campaign:export') },
    async (req, reply) => {
      const { campaign, rows } = await ledgerForExport(db, requireActor(req), req.params.id, MAX_EXPORT);
      let n = 0;
      return sendXlsx(
        reply,
        `${campaign.campaign.name}发放台账`,
        [
          { header: '序号', width: 7, value: () => ++n },
          { header: '姓名', width: 10, value: (l: (typeof rows)[number]) => l.name },
          { header: '身份证号', width: 22, value: (l) => l.idMasked },
          { header: '单位', width: 26, value: (l) => l.orgName },
          { header: '慰问品', width: 18, value: (l) => (l.kind === 'reversal' ? `${l.packageName}（冲正：${l.reason ?? ''}）` : l.packageName) },
          { header: '金额', width: 12, value: (l) => Number(yuan(l.amountFen).replace(/,/g, '')) },
          { header: '领取日期', width: 12, value: (l) => l.on },
          { header: '经办人', width: 10, value: (l) => l.handler },
          { header: '发放凭据', width: 14, value: (l) => (l.evidence ? EVIDENCE_LABELS[l.evidence] : '') },
          { header: '凭据编号', width: 24, value: (l) => l.evidenceRef ?? '' },
          { header: '签字', width: 10, value: () => '' },
        ],
        rows,
      );
    },
  );
  r.get(
    '/api/campaigns/:id/cards.pdf',
    {
      schema: {
        tags,
        summary: '打印领取卡（A4，每页 8 张，含二维码）',
        params: CampaignIdParams,
        querystring: z.object({ orgId: queryId('单位').optional(), pending: z.enum(['0', '1']).default('1') }),
      },
      onRequest: guard('campaign:export'),
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { campaign, orgName, rows } = await printList(db, actor, req.params.id, req.query.orgId, req.query.pending === '1', MAX_PRINT);
      // PDF rendering (and its font) loads on first use, not at start.
      const { renderPickupCards } = await import('./print.ts');
      const pdf = await renderPickupCards({
        campaignName: campaign.name,
        orgName,
        cards: rows.map((b) => ({
          name: b.name,
          idMasked: b.id_masked,
          orgName: b.org_name,
          packageName: b.package_name,
          code: qrCodeFor(cipher, Number(b.id)),
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
