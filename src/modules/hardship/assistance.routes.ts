/** Assistance records and follow-ups of a case file; both answer the file's whole view. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { AssistanceInput, AssistanceParams, CaseIdParams, CaseView, FollowupInput } from './hardship.contract.ts';
import { addAssistance, completeFollowup, signOffAssistance } from './assistance.service.ts';
import { getCase } from './cases.service.ts';

export function registerAssistanceRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['困难职工帮扶'];

  r.post(
    '/api/hardship/cases/:id/assistance',
    {
      schema: { tags, summary: '录入帮扶记录（年度上限在同一事务中检查）', params: CaseIdParams, body: AssistanceInput, response: { 200: CaseView } },
      onRequest: guard('hardship:write'),
    },
    async (req) => {
      const actor = requireActor(req);
      await addAssistance(db, actor, req.params.id, req.body);
      return getCase(db, actor, req.params.id);
    },
  );
  r.post(
    '/api/hardship/cases/:id/assistance/:assistanceId/signoff',
    {
      schema: {
        tags,
        summary: '复核大额帮扶（录入人以外、有审批权限的人；复核时再查年度上限）',
        params: AssistanceParams,
        response: { 200: CaseView },
      },
      onRequest: guard('hardship:verify'),
    },
    async (req) => {
      const actor = requireActor(req);
      await signOffAssistance(db, actor, req.params.id, req.params.assistanceId);
      return getCase(db, actor, req.params.id);
    },
  );
  r.post(
    '/api/hardship/cases/:id/followups',
    {
      schema: {
        tags,
        summary: '登记回访（发现返困则重新帮扶，否则按间隔安排下次回访）',
        params: CaseIdParams,
        body: FollowupInput,
        response: { 200: CaseView },
      },
      onRequest: guard('hardship:write'),
    },
    async (req) => completeFollowup(db, requireActor(req), req.params.id, req.body),
  );
}
