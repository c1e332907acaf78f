/** What an entry's hash covers, and the two ways it has been computed: keyed (now) and unkeyed (before the audit key). */
import type { AuditRow } from './audit.repository.ts';
import { legacyChainHash, type AuditKey } from './audit.key.ts';

/** JSON with object keys sorted, so the same content always hashes the same (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

export type HashedEntry = Pick<
  AuditRow,
  'at' | 'actorAccountId' | 'actorName' | 'actorOrgId' | 'orgId' | 'action' | 'entity' | 'entityId' | 'summary' | 'before' | 'after' | 'ip'
>;

function entryContent(e: HashedEntry): string {
  return canonicalJson({
    at: e.at.toISOString(),
    actorAccountId: e.actorAccountId,
    actorName: e.actorName,
    actorOrgId: e.actorOrgId,
    orgId: e.orgId,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    summary: e.summary,
    before: e.before,
    after: e.after,
    ip: e.ip,
  });
}

/** The entry's hash under the audit key: HMAC-SHA-256 over the previous hash and the content. */
export function entryHash(key: AuditKey, prevHash: string, e: HashedEntry): string {
  return key.chainHash(prevHash, entryContent(e));
}

/** The unkeyed SHA-256 hash that entries written before the audit key carry (and anyone can compute). */
export function legacyEntryHash(prevHash: string, e: HashedEntry): string {
  return legacyChainHash(prevHash, entryContent(e));
}
