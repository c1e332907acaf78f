export { recordAudit, recordAudits, type AuditEvent } from './audit.service.ts';
export { verifyAuditChain, sealLegacyChain, anchorAuditChain, type SealOutcome, type VerifyOptions } from './audit.chain.ts';
export { AuditKey, installAuditKey, AUDIT_PUBLIC_KEY_SETTING } from './audit.key.ts';
