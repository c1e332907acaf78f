import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { DEMO_SETTING, SystemInfo, type DemoAccount } from './system.contract.ts';
import { getSetting } from './system.service.ts';

export function registerSystemRoutes(app: FastifyInstance, { db }: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/system/info', { schema: { tags: ['系统'], summary: '系统信息（登录页使用，无需登录）', response: { 200: SystemInfo } } }, async () => {
    const demo = await getSetting<{ accounts: DemoAccount[] }>(db, DEMO_SETTING);
    return { name: '娘家人', version: '0.1.0', demo: Boolean(demo), demoAccounts: demo?.accounts ?? [] };
  });
}
