import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/orgs.schema.ts';
import { accounts } from '../auth/auth.schema.ts';
import type { JobResult } from './jobs.contract.ts';

/**
 * A background job: who started it, in which org (its scope), where it stands. App processes are
 * stateless, so this row is the only truth about a job; `updated_at` is its heartbeat.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    kind: text('kind').notNull(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    accountId: integer('account_id').references(() => accounts.id),
    status: text('status', { enum: ['running', 'waiting', 'done', 'failed', 'cancelled'] })
      .notNull()
      .default('running'),
    phase: text('phase'),
    done: bigint('done', { mode: 'number' }).notNull().default(0),
    total: bigint('total', { mode: 'number' }),
    message: text('message'),
    params: jsonb('params').notNull().default({}),
    result: jsonb('result').$type<JobResult>(),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('jobs_org_idx').on(t.orgId, t.createdAt),
    check('jobs_status_check', sql`${t.status} in ('running', 'waiting', 'done', 'failed', 'cancelled')`),
  ],
);
export type JobRow = typeof jobs.$inferSelect;

/**
 * Recurring work (yearly reviews, reminders, refreshes) shared by every app process on one
 * database: the row says when a schedule is next due and which process holds it. A process runs a
 * schedule only after claiming its lease with one UPDATE, so two processes never run it together;
 * a process that dies mid-run loses the lease when `locked_until` passes.
 */
export const jobSchedules = pgTable(
  'job_schedules',
  {
    name: text('name').primaryKey(),
    nextRunAt: timestamp('next_run_at', { withTimezone: true }).notNull().defaultNow(),
    lastStartedAt: timestamp('last_started_at', { withTimezone: true }),
    lastFinishedAt: timestamp('last_finished_at', { withTimezone: true }),
    lastStatus: text('last_status', { enum: ['done', 'failed'] }),
    lastError: text('last_error'),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lockedBy: text('locked_by'),
  },
  (t) => [check('job_schedules_last_status_check', sql`${t.lastStatus} in ('done', 'failed')`)],
);
export type JobScheduleRow = typeof jobSchedules.$inferSelect;
