import { defineModule } from '../../server/module.ts';
import { ORG_PERMISSIONS } from './orgs.contract.ts';
import { registerOrgRoutes } from './orgs.routes.ts';
import { refreshNameKeys } from './orgs.service.ts';

/** 组织架构: the union tree. */
export const orgsModule = defineModule({
  name: 'orgs',
  label: '组织架构',
  permissions: ORG_PERMISSIONS,
  routes: registerOrgRoutes,
  // After an upgrade that reads names differently (place names), search keys follow.
  start: async ({ db }) => {
    await refreshNameKeys(db);
  },
  metrics: [{ key: 'orgs.unions', label: '工会组织数', unit: '个', description: '本级及下级在用的工会组织（含各级总工会）' }],
});
