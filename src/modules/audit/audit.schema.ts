import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import type { AuditSnapshot } from './audit.contract.ts';

/**
 * Append-only, hash-chained: each entry's hash is an HMAC under the audit key (kept outside the
 * database) of its content and the previous entry's hash, and the head row holds the last hash and
 * the count, so a changed, removed or reordered entry breaks the chain (see audit.chain verify).
 * Partitioned by month of `at` (migration 0058, src/server/partitions.ts): the key is (id, at), the
 * identity still numbers entries across partitions, and the chain is walked in id order over them.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    actorAccountId: integer('actor_account_id'),
    actorName: text('actor_name').notNull(),
    actorOrgId: integer('actor_org_id'),
    /** The org the changed record belongs to: what decides who may read the entry. */
    orgId: integer('org_id'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    summary: text('summary'),
    before: jsonb('before').$type<AuditSnapshot>(),
    after: jsonb('after').$type<AuditSnapshot>(),
    ip: text('ip'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    primaryKey({ name: 'audit_log_pkey', columns: [t.id, t.at] }),
    index('audit_log_org_idx').on(t.orgId, t.id),
    index('audit_log_entity_idx').on(t.entity, t.entityId),
    index('audit_log_at_idx').on(t.at),
  ],
);

export const auditHead = pgTable(
  'audit_head',
  {
    id: smallint('id').primaryKey().default(1),
    lastId: bigint('last_id', { mode: 'number' }).notNull().default(0),
    lastHash: text('last_hash').notNull(),
    entries: bigint('entries', { mode: 'number' }).notNull().default(0),
  },
  (t) => [check('audit_head_single_row', sql`${t.id} = 1`)],
);

/**
 * Signed anchors of the chain's head, written daily by the `audit.anchor` schedule: the entry
 * count, the last entry and its hash at a time, signed with the audit key's Ed25519 key. Copies
 * live in the app's log and in the files auditors download, so a chain rewritten or cut short after
 * an anchor disagrees with it wherever it was kept.
 */
export const auditAnchors = pgTable('audit_anchors', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  entries: bigint('entries', { mode: 'number' }).notNull(),
  lastId: bigint('last_id', { mode: 'number' }).notNull(),
  lastHash: text('last_hash').notNull(),
  /** Ed25519 over `anchorMessage` (audit.service.ts), base64. */
  signature: text('signature').notNull(),
});
