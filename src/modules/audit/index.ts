export { recordAudit, verifyAuditChain, type AuditEvent } from './audit.service.ts';
export { registerAuditRoutes } from './audit.routes.ts';
