import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, foreignKey, index, integer, jsonb, pgTable, smallint, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/orgs.schema.ts';
import { accounts } from '../auth/auth.schema.ts';
import { persons } from '../people/people.schema.ts';
import { hardshipCases } from '../hardship/hardship.schema.ts';

const LEVELS_SQL = sql.raw(`('national_model', 'national_advanced', 'national_mayday', 'ministerial', 'provincial', 'city')`);

/**
 * 劳模荣誉: an honour a person holds. Never deleted: a wrong or withdrawn one is revoked with a
 * reason (撤销). The person's 劳模 tags follow from these rows (a trigger, migrations: modelworker_tags).
 */
export const modelWorkerHonours = pgTable(
  'model_worker_honours',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    level: text('level').notNull(),
    year: smallint('year').notNull(),
    awardingBody: text('awarding_body').notNull(),
    certificateNo: text('certificate_no'),
    /** 享受劳模待遇: only such honours count for allowances. */
    withBenefits: boolean('with_benefits').notNull().default(true),
    note: text('note'),
    revokedOn: date('revoked_on', { mode: 'string' }),
    revokeReason: text('revoke_reason'),
    createdBy: integer('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A certificate number is unique within its level, whoever holds it.
    uniqueIndex('model_worker_honours_certificate_key')
      .on(t.level, t.certificateNo)
      .where(sql`${t.certificateNo} is not null`),
    // One honour of a level a year per person: what makes a repeated import change nothing.
    uniqueIndex('model_worker_honours_person_level_year_key').on(t.personId, t.level, t.year),
    check('model_worker_honours_level_check', sql`${t.level} in ${LEVELS_SQL}`),
    check('model_worker_honours_year_check', sql`${t.year} between 1950 and 2100`),
    check('model_worker_honours_revoked_check', sql`(${t.revokedOn} is null) = (${t.revokeReason} is null)`),
  ],
);

/** 状态: 在职, 退休, 去世 over time; a change adds a row, history stays. At most one death. */
export const modelWorkerStatuses = pgTable(
  'model_worker_statuses',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    status: text('status').notNull(),
    since: date('since', { mode: 'string' }).notNull(),
    note: text('note'),
    createdBy: integer('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('model_worker_statuses_person_idx').on(t.personId, t.since),
    uniqueIndex('model_worker_statuses_one_death_key')
      .on(t.personId)
      .where(sql`${t.status} = 'deceased'`),
    check('model_worker_statuses_status_check', sql`${t.status} in ('working', 'retired', 'deceased')`),
  ],
);

/** 关爱档案: what the priority list reads besides the registry (living alone, disability, illness). One per person. */
export const modelWorkerProfiles = pgTable(
  'model_worker_profiles',
  {
    personId: bigint('person_id', { mode: 'number' })
      .primaryKey()
      .references(() => persons.id),
    livingAlone: boolean('living_alone').notNull().default(false),
    disability: text('disability').notNull().default('none'),
    illness: text('illness'),
    note: text('note'),
    updatedBy: integer('updated_by').references(() => accounts.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('model_worker_profiles_disability_check', sql`${t.disability} in ('none', 'disabled', 'semi_incapacitated', 'incapacitated')`)],
);

/**
 * 关爱记录: a visit, a check-up, a recuperation stay, special hardship support (linked to the
 * hardship ledger's file by id; its money stays in that ledger). `org_id` is the union that gave it.
 */
export const modelWorkerCareRecords = pgTable(
  'model_worker_care_records',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    kind: text('kind').notNull(),
    on: date('on', { mode: 'string' }).notNull(),
    place: text('place'),
    visitors: text('visitors'),
    detail: text('detail'),
    amountFen: bigint('amount_fen', { mode: 'number' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    hardshipCaseId: integer('hardship_case_id').references(() => hardshipCases.id),
    createdBy: integer('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('model_worker_care_records_person_idx').on(t.personId, t.on),
    check(
      'model_worker_care_records_kind_check',
      sql`${t.kind} in ('festival_visit', 'birthday', 'home_visit', 'hospital_visit', 'checkup', 'recuperation', 'hardship_support')`,
    ),
    check('model_worker_care_records_case_check', sql`(${t.kind} = 'hardship_support') = (${t.hardshipCaseId} is not null)`),
    check('model_worker_care_records_amount_check', sql`${t.amountFen} is null or (${t.amountFen} >= 0 and ${t.kind} <> 'hardship_support')`),
  ],
);

/**
 * 发放批次: one union's allowance of one kind for one period. Made by one account (待确认, its list
 * frozen in its lines), confirmed by another (已发放: the lines become the ledger), or cancelled
 * (作废: its lines go, they were never paid). One open run per union, kind and period.
 */
export const modelWorkerAllowanceRuns = pgTable(
  'model_worker_allowance_runs',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    kind: text('kind').notNull(),
    /** 2026-03 (monthly) or 2026 (yearly). */
    period: text('period').notNull(),
    status: text('status').notNull().default('draft'),
    /** Counts left out when the run was made, by reason (see the contract's RunView). */
    excluded: jsonb('excluded').$type<{ deceased: number; noStandard: number; elsewhere: number }>().notNull(),
    /** Lines taken off at confirmation (died or lost the honour since the run was made). */
    removed: integer('removed').notNull().default(0),
    createdBy: integer('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    confirmedBy: integer('confirmed_by').references(() => accounts.id),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    paidOn: date('paid_on', { mode: 'string' }),
    cancelledBy: integer('cancelled_by').references(() => accounts.id),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelReason: text('cancel_reason'),
  },
  (t) => [
    uniqueIndex('model_worker_allowance_runs_one_draft_key')
      .on(t.orgId, t.kind, t.period)
      .where(sql`${t.status} = 'draft'`),
    // The lines' (run, kind, period) point here: a line's kind and period are always its run's.
    unique('model_worker_allowance_runs_period_key').on(t.id, t.kind, t.period),
    index('model_worker_allowance_runs_org_idx').on(t.orgId, t.period),
    check('model_worker_allowance_runs_status_check', sql`${t.status} in ('draft', 'paid', 'cancelled')`),
    check(
      'model_worker_allowance_runs_period_check',
      sql`(${t.kind} = 'honorary' and ${t.period} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$') or (${t.kind} = 'living' and ${t.period} ~ '^[0-9]{4}$')`,
    ),
    // Four eyes: whoever made the run does not confirm it.
    check('model_worker_allowance_runs_four_eyes_check', sql`${t.confirmedBy} is null or ${t.createdBy} is null or ${t.confirmedBy} <> ${t.createdBy}`),
    check('model_worker_allowance_runs_paid_check', sql`(${t.status} = 'paid') = (${t.confirmedAt} is not null and ${t.paidOn} is not null)`),
    check('model_worker_allowance_runs_cancelled_check', sql`(${t.status} = 'cancelled') = (${t.cancelledAt} is not null and ${t.cancelReason} is not null)`),
  ],
);

/**
 * 津贴台账: one person's allowance of a kind for a period, in a run. Nobody is paid twice for the
 * same allowance and period, whichever union's run lists them (the unique key). Lines of a paid run
 * are never changed or removed (a trigger; a merge may only move them to the surviving record).
 */
export const modelWorkerAllowanceLines = pgTable(
  'model_worker_allowance_lines',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    runId: integer('run_id').notNull(),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    kind: text('kind').notNull(),
    period: text('period').notNull(),
    /** The honour it is paid for (the highest-paid of the person's), and its level as it was. */
    honourId: integer('honour_id')
      .notNull()
      .references(() => modelWorkerHonours.id),
    level: text('level').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    /** The person's union when the run was made (history: where the money went). */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('model_worker_allowance_lines_once_key').on(t.personId, t.kind, t.period),
    index('model_worker_allowance_lines_run_idx').on(t.runId),
    foreignKey({
      name: 'model_worker_allowance_lines_run_fk',
      columns: [t.runId, t.kind, t.period],
      foreignColumns: [modelWorkerAllowanceRuns.id, modelWorkerAllowanceRuns.kind, modelWorkerAllowanceRuns.period],
    }),
    check('model_worker_allowance_lines_amount_check', sql`${t.amountFen} > 0`),
    check('model_worker_allowance_lines_level_check', sql`${t.level} in ${LEVELS_SQL}`),
  ],
);
