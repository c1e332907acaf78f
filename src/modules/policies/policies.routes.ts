import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { Ok } from '../../shared/contract.ts';
import { PolicyIdParams, PolicyQuery, PolicySheet, SetPolicyInput } from './policies.contract.ts';
import { getPolicySheet, setPolicy, withdrawPolicy } from './policies.service.ts';

export function registerPolicyRoutes(app: FastifyInstance, { db }: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['政策参数'];

  r.get(
    '/api/policies',
    { schema: { tags, summary: '某组织某日适用的全部政策参数', querystring: PolicyQuery, response: { 200: PolicySheet } }, onRequest: guard('policy:read') },
    async (req) => getPolicySheet(db, requireActor(req), req.query),
  );

  r.post(
    '/api/policies',
    { schema: { tags, summary: '设置本级参数值（自某日起生效）', body: SetPolicyInput, response: { 200: PolicySheet } }, onRequest: guard('policy:write') },
    async (req) => {
      const actor = requireActor(req);
      await setPolicy(db, actor, req.body);
      return getPolicySheet(db, actor, { orgId: req.body.orgId });
    },
  );

  r.delete(
    '/api/policies/:id',
    { schema: { tags, summary: '撤回尚未生效的参数值', params: PolicyIdParams, response: { 200: Ok } }, onRequest: guard('policy:write') },
    async (req) => {
      await withdrawPolicy(db, requireActor(req), req.params.id);
      return { ok: true as const };
    },
  );
}
