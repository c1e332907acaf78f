import { sql } from 'drizzle-orm';
import { bigint, check, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** Where a rotation stands in each table of encrypted columns: the last key done, and rows rewritten. */
export type RotationProgress = Record<string, { after: (string | number)[] | null; rewritten: number; done: boolean }>;

/**
 * Rotations of the data key's encryption subkey (src/server/key-rotation.ts). The newest row's
 * `to_key_id` is the key every app process writes with; while a rotation runs, rows may still be
 * under `from_key_id`, so both are needed to start. `progress` is written in the same transaction
 * as each batch it records, so a rotation cut off resumes exactly where it stood.
 */
export const dataKeyRotations = pgTable(
  'data_key_rotations',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    fromKeyId: text('from_key_id').notNull(),
    toKeyId: text('to_key_id').notNull(),
    status: text('status', { enum: ['running', 'done'] })
      .notNull()
      .default('running'),
    progress: jsonb('progress').$type<RotationProgress>().notNull().default({}),
    rewritten: bigint('rewritten', { mode: 'number' }).notNull().default(0),
    startedBy: text('started_by').notNull(),
    /** When `to_key_id` became current: processes switch within seconds of it. */
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    // One rotation at a time: two would leave rows under three keys.
    uniqueIndex('data_key_rotations_one_running')
      .on(t.status)
      .where(sql`${t.status} = 'running'`),
    check('data_key_rotations_status_check', sql`${t.status} in ('running', 'done') and (${t.status} = 'done') = (${t.finishedAt} is not null)`),
  ],
);
