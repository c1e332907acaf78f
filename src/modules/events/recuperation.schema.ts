import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { accounts } from '../auth/auth.schema.ts';
import { orgs } from '../orgs/orgs.schema.ts';
import { persons } from '../people/people.schema.ts';
import { workerAccounts } from '../portal/portal.schema.ts';
import { eventSignups, events } from './events.schema.ts';

/** One line of an applicant's score: which factor gave how many points, and why. */
export interface ScoreLine {
  factor: string;
  label: string;
  detail: string;
  points: number;
}

/**
 * 疗休养批次: the recuperation part of an `events` row of kind 'recuperation' (places are the
 * event's capacity). Stages: applying (unions nominate, workers apply) → noticed (the ranking is
 * frozen and publicly noticed until `notice_ends_on`, objections recorded) → confirmed (the top of
 * the ranking became sign-ups).
 */
export const recuperationBatches = pgTable(
  'recuperation_batches',
  {
    eventId: integer('event_id')
      .primaryKey()
      .references(() => events.id, { onDelete: 'cascade' }),
    year: smallint('year').notNull(),
    destination: text('destination').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    /** 每人补贴, in fen. */
    subsidyFen: integer('subsidy_fen').notNull(),
    stage: text('stage', { enum: ['applying', 'noticed', 'confirmed'] })
      .notNull()
      .default('applying'),
    noticeStartsOn: date('notice_starts_on', { mode: 'string' }),
    noticeEndsOn: date('notice_ends_on', { mode: 'string' }),
    noticedBy: integer('noticed_by').references(() => accounts.id),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    confirmedBy: integer('confirmed_by').references(() => accounts.id),
  },
  (t) => [
    check('recuperation_batches_stage_check', sql`${t.stage} in ('applying', 'noticed', 'confirmed')`),
    check('recuperation_batches_period_check', sql`${t.startsOn} <= ${t.endsOn}`),
    check('recuperation_batches_year_check', sql`${t.year} between 2000 and 2100`),
    check('recuperation_batches_subsidy_check', sql`${t.subsidyFen} between 0 and 10000000`),
    check(
      'recuperation_batches_notice_check',
      sql`(${t.stage} = 'applying') = (${t.noticeEndsOn} is null) and (${t.noticeStartsOn} is null) = (${t.noticeEndsOn} is null) and (${t.noticeEndsOn} is null or ${t.noticeStartsOn} <= ${t.noticeEndsOn})`,
    ),
    check('recuperation_batches_confirmed_check', sql`(${t.stage} = 'confirmed') = (${t.confirmedAt} is not null)`),
  ],
);

/**
 * 疗休养申请: one per person and batch (the database refuses a second), nominated by a union or
 * applied for by the worker. Score, its explanation and any exclusion are computed when it comes in
 * and frozen with the rank when the notice is published. `pending` until confirmation, then
 * `selected` (入选, with its sign-up) or `reserve` (候补, in rank order); `withdrawn` at any time.
 * The second form (emergency contact, health declaration) exists only for the selected.
 */
export const recuperationApplications = pgTable(
  'recuperation_applications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    /** The person's union when they applied (history; access follows the person's union today). */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    source: text('source', { enum: ['nominated', 'applied'] }).notNull(),
    createdBy: integer('created_by').references(() => accounts.id),
    workerId: integer('worker_id').references(() => workerAccounts.id),
    /** 健康声明: the applicant declares their health fits the trip (else excluded). */
    healthDeclared: boolean('health_declared').notNull(),
    score: integer('score').notNull().default(0),
    /** Whole years of union membership when scored (the first tie-break). */
    serviceYears: integer('service_years').notNull().default(0),
    explanation: jsonb('explanation').$type<ScoreLine[]>().notNull(),
    excludedReason: text('excluded_reason'),
    /** Place in the ranking frozen at the notice (null while applying, and for the excluded). */
    rank: integer('rank'),
    status: text('status', { enum: ['pending', 'selected', 'reserve', 'withdrawn'] })
      .notNull()
      .default('pending'),
    signupId: bigint('signup_id', { mode: 'number' }).references(() => eventSignups.id),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawReason: text('withdraw_reason'),
    emergencyName: text('emergency_name'),
    emergencyPhoneEnc: text('emergency_phone_enc'),
    emergencyPhoneMasked: text('emergency_phone_masked'),
    tripHealthDeclared: boolean('trip_health_declared'),
    secondFormAt: timestamp('second_form_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('recuperation_applications_person_key').on(t.eventId, t.personId),
    index('recuperation_applications_person_idx').on(t.personId),
    index('recuperation_applications_rank_idx').on(t.eventId, t.rank),
    check('recuperation_applications_source_check', sql`${t.source} in ('nominated', 'applied')`),
    check('recuperation_applications_status_check', sql`${t.status} in ('pending', 'selected', 'reserve', 'withdrawn')`),
    check('recuperation_applications_selected_check', sql`(${t.status} = 'selected') = (${t.signupId} is not null) or ${t.status} = 'withdrawn'`),
    check('recuperation_applications_excluded_check', sql`${t.excludedReason} is null or (${t.status} <> 'selected' and ${t.rank} is null)`),
    check('recuperation_applications_withdrawn_check', sql`(${t.status} = 'withdrawn') = (${t.withdrawnAt} is not null)`),
    check(
      'recuperation_applications_second_form_check',
      sql`${t.secondFormAt} is null or (${t.status} in ('selected', 'withdrawn') and ${t.emergencyPhoneEnc} is not null and ${t.tripHealthDeclared})`,
    ),
  ],
);

/** 异议: raised against an applicant during the notice, resolved by staff with a reason; an upheld objection excludes the applicant. */
export const recuperationObjections = pgTable(
  'recuperation_objections',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    applicationId: bigint('application_id', { mode: 'number' })
      .notNull()
      .references(() => recuperationApplications.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    recordedBy: integer('recorded_by').references(() => accounts.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    outcome: text('outcome', { enum: ['upheld', 'dismissed'] }),
    resolution: text('resolution'),
    resolvedBy: integer('resolved_by').references(() => accounts.id),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    index('recuperation_objections_event_idx').on(t.eventId, t.id),
    check('recuperation_objections_outcome_check', sql`${t.outcome} is null or ${t.outcome} in ('upheld', 'dismissed')`),
    check(
      'recuperation_objections_resolved_check',
      sql`(${t.outcome} is null) = (${t.resolvedAt} is null) and (${t.outcome} is null) = (${t.resolution} is null)`,
    ),
  ],
);

/**
 * 补贴台账: append-only lines per confirmed person; a withdrawal after confirmation adds a reversing
 * line (negative amount) and the person pulled up gets a line of their own.
 */
export const recuperationSubsidies = pgTable(
  'recuperation_subsidies',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    applicationId: bigint('application_id', { mode: 'number' })
      .notNull()
      .references(() => recuperationApplications.id),
    kind: text('kind', { enum: ['grant', 'reversal'] }).notNull(),
    amountFen: integer('amount_fen').notNull(),
    createdBy: integer('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('recuperation_subsidies_line_key').on(t.applicationId, t.kind),
    index('recuperation_subsidies_event_idx').on(t.eventId, t.id),
    check('recuperation_subsidies_kind_check', sql`${t.kind} in ('grant', 'reversal')`),
    check('recuperation_subsidies_sign_check', sql`(${t.kind} = 'grant' and ${t.amountFen} >= 0) or (${t.kind} = 'reversal' and ${t.amountFen} <= 0)`),
  ],
);

export type RecuperationBatchDbRow = typeof recuperationBatches.$inferSelect;
export type RecuperationApplicationDbRow = typeof recuperationApplications.$inferSelect;
