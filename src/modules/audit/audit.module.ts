import { defineModule } from '../../server/module.ts';
import { AUDIT_PERMISSIONS } from './audit.contract.ts';
import { registerAuditRoutes } from './audit.routes.ts';
import { anchorAuditChain } from './audit.chain.ts';

/** 审计日志: the hash-chained, append-only log. */
export const auditModule = defineModule({
  name: 'audit',
  label: '审计日志',
  permissions: AUDIT_PERMISSIONS,
  routes: registerAuditRoutes,
  schedules: [
    // A signed anchor of the chain's head, once a day: kept, logged, and downloadable by auditors.
    { name: 'audit.anchor', everyMinutes: 24 * 60, run: async ({ db, log }) => void (await anchorAuditChain(db, log)) },
  ],
});
