import { sql } from 'drizzle-orm';
import { bigint, boolean, check, customType, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/orgs.schema.ts';
import { accounts } from '../auth/auth.schema.ts';
import { persons } from '../people/people.schema.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({ dataType: () => 'bytea' });

const STAGES_SQL = sql.raw(`('survey','design','review','approved','building','accepted','settled','cancelled')`);

/**
 * 适老化改造项目: a union's programme of a year, with its budget. `committed_fen` is what approved
 * plans hold (their approved budget until settled, then their actual cost); it never exceeds the
 * budget (a check beneath the service's row-locked test), `spent_fen` is what settled plans cost.
 */
export const retrofitProgrammes = pgTable(
  'retrofit_programmes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    year: integer('year').notNull(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    /** The running union's path (follows the tree on a move). */
    orgPath: text('org_path').notNull(),
    budgetFen: bigint('budget_fen', { mode: 'number' }).notNull(),
    committedFen: bigint('committed_fen', { mode: 'number' }).notNull().default(0),
    spentFen: bigint('spent_fen', { mode: 'number' }).notNull().default(0),
    /** [{ source, amountFen }] by fund source. */
    funds: jsonb('funds')
      .notNull()
      .default(sql`'[]'::jsonb`),
    status: text('status', { enum: ['open', 'closed'] })
      .notNull()
      .default('open'),
    createdBy: integer('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('retrofit_programmes_name_key').on(t.orgId, t.year, t.name),
    index('retrofit_programmes_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    check('retrofit_programmes_budget_check', sql`${t.budgetFen} > 0 and ${t.committedFen} >= 0 and ${t.committedFen} <= ${t.budgetFen}`),
    check('retrofit_programmes_spent_check', sql`${t.spentFen} >= 0 and ${t.spentFen} <= ${t.committedFen}`),
    check('retrofit_programmes_status_check', sql`${t.status} in ('open', 'closed')`),
  ],
);

/**
 * 改造方案 (一户一策): one household's retrofit, for a model worker, through its stages. One open
 * plan per person (a partial unique index); the approver is never the planner, nor the settler
 * the planner (四眼原则); the actual cost never exceeds what was approved (a check).
 */
export const retrofitPlans = pgTable(
  'retrofit_plans',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => retrofitProgrammes.id),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    /** The person's union when the plan was opened (history), and its path (place: follows the tree). */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    stage: text('stage').notNull().default('survey'),
    assessedOn: date('assessed_on', { mode: 'string' }),
    findings: text('findings'),
    livesAlone: boolean('lives_alone'),
    assessedBy: integer('assessed_by').references(() => accounts.id),
    plannedBy: integer('planned_by').references(() => accounts.id),
    approvedBy: integer('approved_by').references(() => accounts.id),
    reviewNote: text('review_note'),
    /** Committed on the programme: the items' budgets at approval plus approved changes. */
    approvedFen: bigint('approved_fen', { mode: 'number' }).notNull().default(0),
    /** The actual costs recorded so far (sum of the items'). */
    actualFen: bigint('actual_fen', { mode: 'number' }).notNull().default(0),
    contractor: text('contractor'),
    startedOn: date('started_on', { mode: 'string' }),
    acceptedOn: date('accepted_on', { mode: 'string' }),
    acceptanceNote: text('acceptance_note'),
    acceptedBy: integer('accepted_by').references(() => accounts.id),
    settledOn: date('settled_on', { mode: 'string' }),
    settlementNote: text('settlement_note'),
    settledBy: integer('settled_by').references(() => accounts.id),
    cancelReason: text('cancel_reason'),
    createdBy: integer('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('retrofit_plans_programme_idx').on(t.programmeId, t.stage),
    index('retrofit_plans_person_idx').on(t.personId),
    index('retrofit_plans_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    uniqueIndex('retrofit_plans_open_key')
      .on(t.personId)
      .where(sql`${t.stage} not in ('settled', 'cancelled')`),
    check('retrofit_plans_stage_check', sql`${t.stage} in ${STAGES_SQL}`),
    check('retrofit_plans_four_eyes_check', sql`${t.approvedBy} is null or ${t.plannedBy} is null or ${t.approvedBy} <> ${t.plannedBy}`),
    check('retrofit_plans_cost_check', sql`${t.actualFen} >= 0 and ${t.approvedFen} >= 0 and ${t.actualFen} <= ${t.approvedFen}`),
  ],
);

/** 改造项: one item of a plan, from the catalogue or named by staff, with its budget, progress and actual cost. */
export const retrofitItems = pgTable(
  'retrofit_items',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    planId: integer('plan_id')
      .notNull()
      .references(() => retrofitPlans.id),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    budgetFen: bigint('budget_fen', { mode: 'number' }).notNull(),
    actualFen: bigint('actual_fen', { mode: 'number' }),
    done: boolean('done').notNull().default(false),
    note: text('note'),
  },
  (t) => [
    index('retrofit_items_plan_idx').on(t.planId),
    check('retrofit_items_kind_check', sql`${t.kind} in ('handrail','antislip','bathroom','lighting','alarm','entrance','bed','kitchen','other')`),
    check('retrofit_items_money_check', sql`${t.budgetFen} > 0 and (${t.actualFen} is null or ${t.actualFen} >= 0)`),
  ],
);

/** 费用变更: more money for a plan under construction, approved by someone other than who asked. */
export const retrofitChanges = pgTable(
  'retrofit_changes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    planId: integer('plan_id')
      .notNull()
      .references(() => retrofitPlans.id),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['pending', 'approved', 'rejected'] })
      .notNull()
      .default('pending'),
    requestedBy: integer('requested_by').references(() => accounts.id),
    reviewedBy: integer('reviewed_by').references(() => accounts.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('retrofit_changes_plan_idx').on(t.planId),
    check('retrofit_changes_amount_check', sql`${t.amountFen} > 0`),
    check('retrofit_changes_status_check', sql`${t.status} in ('pending', 'approved', 'rejected')`),
    check('retrofit_changes_four_eyes_check', sql`${t.reviewedBy} is null or ${t.requestedBy} is null or ${t.reviewedBy} <> ${t.requestedBy}`),
  ],
);

/** Photos of a plan (assessment, progress, acceptance) and the recipient's signature, in the database like the other uploads. */
export const retrofitPhotos = pgTable(
  'retrofit_photos',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    planId: integer('plan_id')
      .notNull()
      .references(() => retrofitPlans.id),
    kind: text('kind').notNull(),
    filename: text('filename').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    data: bytea('data').notNull(),
    byAccountId: integer('by_account_id').references(() => accounts.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('retrofit_photos_plan_idx').on(t.planId),
    check('retrofit_photos_kind_check', sql`${t.kind} in ('assessment', 'progress', 'acceptance', 'signature')`),
    check('retrofit_photos_mime_check', sql`${t.mime} in ('image/jpeg', 'image/png')`),
  ],
);
