/** Routes of 下达: the allocation tree and changes to it. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { z } from '../../shared/contract.ts';
import { AllocationInput, AllocationNode, CampaignIdParams } from './campaigns.contract.ts';
import { listAllocations, setAllocation } from './allocations.service.ts';

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
}
