/** Routes of 慰问对象: counts, the list, the re-run comparison, manual adjustments. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { Ok } from '../../shared/contract.ts';
import {
  AdjustmentInput,
  BeneficiaryPage,
  CampaignIdParams,
  EligibilityPreview,
  ListBeneficiariesQuery,
  PreviewInput,
  SnapshotDiff,
} from './campaigns.contract.ts';
import { adjust, campaignEligibility, listBeneficiaries, previewForInput, snapshotDiff } from './beneficiaries.service.ts';

export function registerBeneficiaryRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['慰问活动'];

  r.post(
    '/api/campaigns/eligibility-preview',
    {
      schema: { tags, summary: '按条件和档次试算慰问人数（保存前）', body: PreviewInput, response: { 200: EligibilityPreview } },
      onRequest: guard('campaign:read'),
    },
    async (req) => previewForInput(db, requireActor(req), req.body),
  );
  r.get(
    '/api/campaigns/:id/eligibility',
    {
      schema: { tags, summary: '慰问人数与金额（按档次）', params: CampaignIdParams, response: { 200: EligibilityPreview } },
      onRequest: guard('campaign:read'),
    },
    async (req) => campaignEligibility(db, requireActor(req), req.params.id),
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
      config: { reads: 'replica' },
    },
    async (req) => listBeneficiaries(db, requireActor(req), req.params.id, req.query),
  );
  r.get(
    '/api/campaigns/:id/snapshot-diff',
    {
      schema: { tags, summary: '按当前条件重新计算，与冻结名单比对', params: CampaignIdParams, response: { 200: SnapshotDiff } },
      onRequest: guard('campaign:read'),
    },
    async (req) => snapshotDiff(db, requireActor(req), req.params.id),
  );
  r.post(
    '/api/campaigns/:id/adjustments',
    {
      schema: { tags, summary: '手动添加或排除慰问对象（须说明原因）', params: CampaignIdParams, body: AdjustmentInput, response: { 200: Ok } },
      onRequest: guard('campaign:write'),
    },
    async (req) => {
      await adjust(db, requireActor(req), req.params.id, req.body);
      return { ok: true as const };
    },
  );
}
