import { defineModule } from '../../server/module.ts';
import { AUDIT_PERMISSIONS } from './audit.contract.ts';
import { registerAuditRoutes } from './audit.routes.ts';

/** 审计日志: the hash-chained, append-only log. */
export const auditModule = defineModule({
  name: 'audit',
  label: '审计日志',
  permissions: AUDIT_PERMISSIONS,
  routes: registerAuditRoutes,
});
