/** The HTTP API of 慰问活动: campaigns themselves here; each use case's routes in its own file, all registered by `registerCampaignRoutes`. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { z, version } from '../../shared/contract.ts';
import { CampaignIdParams, CampaignInput, CampaignPage, CampaignView, ListCampaignsQuery, TransitionInput } from './campaigns.contract.ts';
import { createCampaign, getCampaign, listCampaigns, transition, updateCampaign } from './campaigns.service.ts';
import { registerBeneficiaryRoutes } from './beneficiaries.routes.ts';
import { registerAllocationRoutes } from './allocations.routes.ts';
import { registerDistributionRoutes } from './distribution.routes.ts';
import { registerPointRoutes } from './points.routes.ts';
import { registerReportingRoutes } from './reporting.routes.ts';

/** Every route of the module (the manifest's `routes`). */
export function registerCampaignRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['慰问活动'];

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
    async (req) => listCampaigns(db, requireActor(req), req.query),
  );
  r.post(
    '/api/campaigns',
    { schema: { tags, summary: '新建慰问活动（草稿）', body: CampaignInput, response: { 201: CampaignView } }, onRequest: guard('campaign:write') },
    async (req, reply) => {
      const actor = requireActor(req);
      return reply.status(201).send(await getCampaign(db, actor, await createCampaign(db, actor, req.body)));
    },
  );
  r.get(
    '/api/campaigns/:id',
    { schema: { tags, summary: '慰问活动详情', params: CampaignIdParams, response: { 200: CampaignView } }, onRequest: guard('campaign:read') },
    async (req) => getCampaign(db, requireActor(req), req.params.id),
  );
  r.put(
    '/api/campaigns/:id',
    {
      schema: {
        tags,
        summary: '修改草稿',
        params: CampaignIdParams,
        body: CampaignInput.and(z.object({ version: version() })),
        response: { 200: CampaignView },
      },
      onRequest: guard('campaign:write'),
    },
    async (req) => {
      const actor = requireActor(req);
      await updateCampaign(db, actor, req.params.id, req.body);
      return getCampaign(db, actor, req.params.id);
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
    async (req) => transition(db, requireActor(req), req.params.id, req.body),
  );
  registerBeneficiaryRoutes(app, deps);
  registerAllocationRoutes(app, deps);
  registerDistributionRoutes(app, deps);
  registerPointRoutes(app, deps);
  registerReportingRoutes(app, deps);
}
