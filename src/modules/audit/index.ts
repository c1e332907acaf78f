export { recordAudit, recordAudits, type AuditEvent } from './audit.service.ts';
export { verifyAuditChain, sealLegacyChain, anchorAuditChain, type SealOutcome, type VerifyOptions } from './audit.chain.ts';
export { AuditKey, installAuditKey } from './audit.key.ts';
