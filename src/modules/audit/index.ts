export { recordAudit, verifyAuditChain, type AuditEvent } from './audit.service.ts';
