import { bigint, date, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Months of a partitioned table detached for archive (src/server/partitions.ts): what the month
 * held when it left, so the table's remaining months still add up. For the audit log it also keeps
 * the chain's ends at the cut — the first entry's previous hash and the last entry's hash — signed
 * with the audit key, so the chain is checked from the cut on, and the archived month against it.
 */
export const partitionArchives = pgTable(
  'partition_archives',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tableName: text('table_name').notNull(),
    /** The detached table, left in the database until the operator has dumped and dropped it. */
    partitionName: text('partition_name').notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    rows: bigint('rows', { mode: 'number' }).notNull(),
    firstId: bigint('first_id', { mode: 'number' }),
    lastId: bigint('last_id', { mode: 'number' }),
    firstPrevHash: text('first_prev_hash'),
    lastHash: text('last_hash'),
    /** Ed25519 over the record's fields (audit log months only), by the audit key. */
    signature: text('signature'),
    detachedBy: text('detached_by').notNull(),
    detachedAt: timestamp('detached_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('partition_archives_month_key').on(t.tableName, t.month)],
);
