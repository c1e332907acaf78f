import { defineModule } from '../../server/module.ts';
import { POLICY_PERMISSIONS } from './policies.contract.ts';
import { registerPolicyRoutes } from './policies.routes.ts';

/** 政策参数: values per org and date, inherited down the tree. */
export const policiesModule = defineModule({
  name: 'policies',
  label: '政策参数',
  permissions: POLICY_PERMISSIONS,
  routes: registerPolicyRoutes,
});
