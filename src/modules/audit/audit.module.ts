import { defineModule } from '../../server/module.ts';
import { AUDIT_PERMISSIONS } from './audit.contract.ts';
import { registerAuditRoutes } from './audit.routes.ts';
import { anchorAuditChain, auditMonthLeaving } from './audit.chain.ts';

/** 审计日志: the hash-chained, append-only log. */
export const auditModule = defineModule({
  name: 'audit',
  label: '审计日志',
  permissions: AUDIT_PERMISSIONS,
  routes: registerAuditRoutes,
  // By month of the entry's time; a month leaves for archive only with its chain checked and its ends signed.
  partitionedTables: [{ table: 'audit_log', column: 'at', beforeDetach: auditMonthLeaving }],
  schedules: [
    // A signed anchor of the chain's head, once a day: kept, logged, and downloadable by auditors.
    { name: 'audit.anchor', everyMinutes: 24 * 60, run: async ({ db, log }) => void (await anchorAuditChain(db, log)) },
  ],
});
