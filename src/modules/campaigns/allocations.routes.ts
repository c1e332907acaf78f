/** Routes of 下达: the allocation tree and changes to it, and the quotas checked against the list (配额核对). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { z } from '../../shared/contract.ts';
import { AllocationInput, AllocationNode, CampaignIdParams, QuotaCheck, QuotaRuleInput } from './campaigns.contract.ts';
import { listAllocations, setAllocation } from './allocations.service.ts';
import { quotaCheck, setQuotaRule } from './quota.service.ts';

export function registerAllocationRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['慰问活动'];

  r.get(
    '/api/campaigns/:id/allocations',
    { schema: { tags, summary: '名额与预算分配树', params: CampaignIdParams, response: { 200: z.array(AllocationNode) } }, onRequest: guard('campaign:read') },
    async (req) => listAllocations(db, requireActor(req), req.params.id),
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
    async (req) => setAllocation(db, requireActor(req), req.params.id, req.body),
  );
  r.get(
    '/api/campaigns/:id/quota-check',
    {
      schema: {
        tags,
        summary: '配额核对：各单位名单人数与名额（审批前按条件实时计算，审批后为冻结名单）',
        params: CampaignIdParams,
        response: { 200: QuotaCheck },
      },
      onRequest: guard('campaign:read'),
    },
    async (req) => quotaCheck(db, requireActor(req), req.params.id),
  );
  r.put(
    '/api/campaigns/:id/quota-rule',
    {
      schema: {
        tags,
        summary: '选择名单超出配额时的处理方式（按配额截取名单，或调增配额）',
        params: CampaignIdParams,
        body: QuotaRuleInput,
        response: { 200: QuotaCheck },
      },
      onRequest: guard('campaign:write'),
    },
    async (req) => setQuotaRule(db, requireActor(req), req.params.id, req.body),
  );
}
