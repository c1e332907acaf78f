import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/orgs.schema.ts';
import { accounts } from '../auth/auth.schema.ts';

/**
 * 政策参数: a value an org sets for itself and everything below it, from a date on.
 * The effective value for (org, key, day) is the latest row on or before that day of the nearest
 * org on the path from the org up to the root.
 */
export const policyValues = pgTable(
  'policy_values',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    key: text('key').notNull(),
    /** A number: money in fen, a count, a ratio (see the definitions in the contract). */
    value: jsonb('value').$type<number>().notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    note: text('note'),
    createdBy: integer('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('policy_values_org_key_from_key').on(t.orgId, t.key, t.effectiveFrom), index('policy_values_key_idx').on(t.key, t.orgId)],
);
