import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { contentDisposition, sendXlsx } from '../../server/xlsx.ts';
import { authorize } from '../../server/actor.ts';
import { z, Ok, id, Paging } from '../../shared/contract.ts';
import { yuan } from '../../shared/numbers.ts';
import {
  AdjustmentInput,
  AllocationInput,
  AllocationNode,
  BeneficiaryPage,
  Briefing,
  BulkConfirmInput,
  BulkConfirmResult,
  CampaignIdParams,
  CampaignInput,
  CampaignPage,
  CampaignView,
  ConfirmInput,
  ConfirmResult,
  EligibilityPreview,
  LedgerPage,
  ListBeneficiariesQuery,
  ListCampaignsQuery,
  ListLedgerQuery,
  LookupInput,
  LookupResult,
  PointIdParams,
  PointInput,
  PointView,
  PreviewInput,
  ProgressView,
  ReverseInput,
  SnapshotDiff,
  TransitionInput,
} from './campaigns.contract.ts';
import * as svc from './campaigns.service.ts';

const MAX_PRINT = 5_000;
const MAX_EXPORT = 500_000;

export function registerCampaignRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db, cipher } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['慰问活动'];
  const point = ['慰问发放'];

  r.get(
    '/api/campaigns',
    {
      schema: {
        tags,
        summary: '慰问活动列表（本级、下级主办的，以及上级主办、本单位参与的）',
        querystring: ListCampaignsQuery,
        response: { 200: CampaignPage },
      },
      onRequest: guard('campaign:read'),
    },
    async (req) => svc.listCampaigns(db, requireActor(req), req.query),
  );
  r.post(
    '/api/campaigns',
    { schema: { tags, summary: '新建慰问活动（草稿）', body: CampaignInput, response: { 201: CampaignView } }, onRequest: guard('campaign:write') },
    async (req, reply) => {
      const actor = requireActor(req);
      return reply.status(201).send(await svc.getCampaign(db, actor, await svc.createCampaign(db, actor, req.body)));
    },
  );
  r.post(
    '/api/campaigns/eligibility-preview',
    {
      schema: { tags, summary: '按条件和档次试算慰问人数（保存前）', body: PreviewInput, response: { 200: EligibilityPreview } },
      onRequest: guard('campaign:read'),
    },
    async (req) => svc.previewForInput(db, requireActor(req), req.body),
  );
  r.get(
    '/api/campaigns/:id',
    { schema: { tags, summary: '慰问活动详情', params: CampaignIdParams, response: { 200: CampaignView } }, onRequest: guard('campaign:read') },
    async (req) => svc.getCampaign(db, requireActor(req), req.params.id),
  );
  r.put(
    '/api/campaigns/:id',
    {
      schema: {
        tags,
        summary: '修改草稿',
        params: CampaignIdParams,
        body: CampaignInput.and(z.object({ version: z.number().int() })),
        response: { 200: CampaignView },
      },
      onRequest: guard('campaign:write'),
    },
    async (req) => {
      const actor = requireActor(req);
      await svc.updateCampaign(db, actor, req.params.id, req.body);
      return svc.getCampaign(db, actor, req.params.id);
    },
  );
  r.post(
    '/api/campaigns/:id/transition',
    {
      schema: {
        tags,
        summary: '审批（冻结名单）、开始、结束、归档或退回草稿',
        params: CampaignIdParams,
        body: TransitionInput,
        response: { 200: CampaignView },
      },
      onRequest: guard(),
    },
    async (req) => svc.transition(db, requireActor(req), req.params.id, req.body),
  );
  r.get(
    '/api/campaigns/:id/eligibility',
    {
      schema: { tags, summary: '慰问人数与金额（按档次）', params: CampaignIdParams, response: { 200: EligibilityPreview } },
      onRequest: guard('campaign:read'),
    },
    async (req) => svc.campaignEligibility(db, requireActor(req), req.params.id),
  );
  r.get(
    '/api/campaigns/:id/beneficiaries',
    {
      schema: {
        tags,
        summary: '慰问名单（草稿按条件实时计算，审批后为冻结名单）',
        params: CampaignIdParams,
        querystring: ListBeneficiariesQuery,
        response: { 200: BeneficiaryPage },
      },
      onRequest: guard('campaign:read'),
    },
    async (req) => svc.listBeneficiaries(db, requireActor(req), req.params.id, req.query),
  );
  r.get(
    '/api/campaigns/:id/beneficiaries/:beneficiaryId/code',
    {
      schema: {
        tags,
        summary: '慰问对象的领取码（二维码内容）',
        params: CampaignIdParams.extend({ beneficiaryId: id('慰问对象') }),
        response: { 200: z.object({ code: z.string() }) },
      },
      onRequest: guard('campaign:export'),
    },
    async (req) => svc.beneficiaryCode({ db, cipher }, requireActor(req), req.params.id, req.params.beneficiaryId),
  );
  r.get(
    '/api/campaigns/:id/snapshot-diff',
    {
      schema: { tags, summary: '按当前条件重新计算，与冻结名单比对', params: CampaignIdParams, response: { 200: SnapshotDiff } },
      onRequest: guard('campaign:read'),
    },
    async (req) => svc.snapshotDiff(db, requireActor(req), req.params.id),
  );
  r.post(
    '/api/campaigns/:id/adjustments',
    {
      schema: { tags, summary: '手动添加或排除慰问对象（须说明原因）', params: CampaignIdParams, body: AdjustmentInput, response: { 200: Ok } },
      onRequest: guard('campaign:write'),
    },
    async (req) => {
      await svc.adjust(db, requireActor(req), req.params.id, req.body);
      return { ok: true as const };
    },
  );
  r.get(
    '/api/campaigns/:id/allocations',
    { schema: { tags, summary: '名额与预算分配树', params: CampaignIdParams, response: { 200: z.array(AllocationNode) } }, onRequest: guard('campaign:read') },
    async (req) => svc.listAllocations(db, requireActor(req), req.params.id),
  );
  r.put(
    '/api/campaigns/:id/allocations',
    {
      schema: {
        tags,
        summary: '向下级单位下达（或调整）名额和预算',
        params: CampaignIdParams,
        body: AllocationInput,
        response: { 200: z.array(AllocationNode) },
      },
      onRequest: guard('campaign:write'),
    },
    async (req) => svc.setAllocation(db, requireActor(req), req.params.id, req.body),
  );
  r.get(
    '/api/campaigns/:id/points',
    { schema: { tags, summary: '发放点', params: CampaignIdParams, response: { 200: z.array(PointView) } }, onRequest: guard('campaign:read') },
    async (req) => svc.listPoints(db, requireActor(req), req.params.id),
  );
  r.post(
    '/api/campaigns/:id/points',
    {
      schema: { tags, summary: '设立发放点（地点、值守人员、库存）', params: CampaignIdParams, body: PointInput, response: { 201: PointView } },
      onRequest: guard('campaign:write'),
    },
    async (req, reply) => reply.status(201).send(await svc.createPoint(db, requireActor(req), req.params.id, req.body)),
  );
  r.post(
    '/api/campaigns/:id/reverse',
    {
      schema: { tags, summary: '冲正一条发放记录（须说明原因）', params: CampaignIdParams, body: ReverseInput, response: { 200: Ok } },
      onRequest: guard('campaign:write'),
    },
    async (req) => {
      await svc.reverse(db, requireActor(req), req.params.id, req.body);
      return { ok: true as const };
    },
  );
  r.get(
    '/api/campaigns/:id/ledger',
    {
      schema: { tags, summary: '发放台账', params: CampaignIdParams, querystring: ListLedgerQuery, response: { 200: LedgerPage } },
      onRequest: guard('campaign:read'),
    },
    async (req) => svc.ledger(db, requireActor(req), req.params.id, req.query),
  );
  r.get(
    '/api/campaigns/:id/ledger.xlsx',
    { schema: { tags, summary: '导出发放台账（.xlsx，证件号脱敏）', params: CampaignIdParams }, onRequest: guard('campaign:export') },
    async (req, reply) => {
      const { campaign, rows } = await svc.ledgerForExport(db, requireActor(req), req.params.id, MAX_EXPORT);
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
        querystring: z.object({ orgId: id('单位').optional(), pending: z.enum(['0', '1']).default('1') }),
      },
      onRequest: guard('campaign:export'),
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { campaign, orgName, rows } = await svc.printList(db, actor, req.params.id, req.query.orgId, req.query.pending === '1', MAX_PRINT);
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
          code: svc.qrCodeFor(cipher, Number(b.id)),
        })),
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(`${campaign.name}领取卡.pdf`).replace('export.xlsx', 'cards.pdf'))
        .send(pdf);
    },
  );

  r.get(
    '/api/points/mine',
    { schema: { tags: point, summary: '我可以值守的发放点（进行中的活动）', response: { 200: z.array(PointView) } }, onRequest: guard('campaign:distribute') },
    async (req) => svc.myPoints(db, requireActor(req)),
  );
  r.get(
    '/api/points/:pointId',
    { schema: { tags: point, summary: '发放点（今日发放数、库存）', params: PointIdParams, response: { 200: PointView } }, onRequest: guard() },
    async (req) => svc.getPoint(db, requireActor(req), req.params.pointId),
  );
  r.get(
    '/api/points/:pointId/pending',
    {
      schema: {
        tags: point,
        summary: '本发放点尚未领取的人员（录入签领表用）',
        params: PointIdParams,
        querystring: Paging.extend({ q: z.string().trim().max(60).optional() }),
        response: { 200: BeneficiaryPage },
      },
      onRequest: guard('campaign:distribute'),
    },
    async (req) => svc.pointPending(db, requireActor(req), req.params.pointId, req.query),
  );
  r.post(
    '/api/points/:pointId/lookup',
    {
      schema: { tags: point, summary: '扫码或输入证件号，查看应发慰问品与核对提示', params: PointIdParams, body: LookupInput, response: { 200: LookupResult } },
      onRequest: guard('campaign:distribute'),
    },
    async (req) => svc.lookup({ db, cipher }, requireActor(req), req.params.pointId, req.body.code),
  );
  r.post(
    '/api/points/:pointId/confirm',
    {
      schema: {
        tags: point,
        summary: '确认发放（幂等：同一幂等键重试返回同一条记录）',
        params: PointIdParams,
        body: ConfirmInput,
        response: { 200: ConfirmResult },
      },
      onRequest: guard('campaign:distribute'),
    },
    async (req) => svc.confirm(db, requireActor(req), req.params.pointId, req.body),
  );
  r.post(
    '/api/points/:pointId/bulk-confirm',
    {
      schema: {
        tags: point,
        summary: '录入纸质签领表（整批成功或整批不保存）',
        params: PointIdParams,
        body: BulkConfirmInput,
        response: { 200: BulkConfirmResult },
      },
      onRequest: guard('campaign:distribute'),
    },
    async (req) => svc.bulkConfirm(db, requireActor(req), req.params.pointId, req.body),
  );
  r.get(
    '/api/points/:pointId/signoff.pdf',
    { schema: { tags: point, summary: '打印本发放点签领表（未领取人员）', params: PointIdParams }, onRequest: guard('campaign:distribute') },
    async (req, reply) => {
      const actor = requireActor(req);
      const { view, rows } = await svc.signoffList(db, actor, req.params.pointId, MAX_PRINT);
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

  r.get(
    '/api/campaigns/:id/progress',
    {
      schema: { tags, summary: '发放进度（逐级汇总：名额、人数、人次、金额；按日；库存）', params: CampaignIdParams, response: { 200: ProgressView } },
      onRequest: guard('campaign:read'),
    },
    async (req) => svc.progress(db, requireActor(req), req.params.id),
  );
  r.get(
    '/api/campaigns/:id/briefing',
    { schema: { tags, summary: '活动简报（数字均取自记录）', params: CampaignIdParams, response: { 200: Briefing } }, onRequest: guard('campaign:read') },
    async (req) => {
      const actor = requireActor(req);
      authorize(actor, 'campaign:read');
      return svc.briefing(db, actor, req.params.id);
    },
  );
}
