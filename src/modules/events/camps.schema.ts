import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, pgTable, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { accounts } from '../auth/auth.schema.ts';
import { persons } from '../people/people.schema.ts';
import { workerAccounts } from '../portal/portal.schema.ts';
import { events, eventSignups } from './events.schema.ts';

/**
 * 职工子女: a worker's child, linked to the guardian in the registry. A child's data is sensitive
 * personal information (PIPL art. 28): the ID number is kept like the registry keeps one (encrypted,
 * a keyed blind index, masked), and the guardian's separate consent is recorded with the child —
 * who gave it, on which day, for what — before anything is stored. One record per child.
 */
export const campChildren = pgTable(
  'camp_children',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    guardianPersonId: bigint('guardian_person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    name: text('name').notNull(),
    sex: text('sex', { enum: ['male', 'female'] }).notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    idType: text('id_type', { enum: ['resident', 'hmt_residence', 'foreigner_permanent'] }).notNull(),
    idNumberEnc: text('id_number_enc').notNull(),
    idNumberBidx: text('id_number_bidx').notNull(),
    idMasked: text('id_masked').notNull(),
    /** 0 学前班, 1–6 小学, 7–9 初中, 10–12 高中. */
    grade: smallint('grade').notNull(),
    consentGivenBy: text('consent_given_by').notNull(),
    consentRelation: text('consent_relation', { enum: ['father', 'mother', 'guardian'] }).notNull(),
    consentGivenOn: date('consent_given_on', { mode: 'string' }).notNull(),
    consentPurpose: text('consent_purpose').notNull(),
    /** Written consent recorded by staff, or given by the worker in the portal. */
    consentChannel: text('consent_channel', { enum: ['staff', 'worker'] }).notNull(),
    recordedBy: integer('recorded_by').references(() => accounts.id),
    workerId: integer('worker_id').references(() => workerAccounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('camp_children_id_number_key').on(t.idNumberBidx, t.idType),
    index('camp_children_guardian_idx').on(t.guardianPersonId),
    check('camp_children_sex_check', sql`${t.sex} in ('male', 'female')`),
    check('camp_children_id_type_check', sql`${t.idType} in ('resident', 'hmt_residence', 'foreigner_permanent')`),
    check('camp_children_grade_check', sql`${t.grade} between 0 and 12`),
    check('camp_children_relation_check', sql`${t.consentRelation} in ('father', 'mother', 'guardian')`),
    check(
      'camp_children_consent_check',
      sql`length(${t.consentGivenBy}) > 0 and length(${t.consentPurpose}) > 0 and ${t.consentChannel} in ('staff', 'worker')
          and (${t.consentChannel} <> 'staff' or ${t.recordedBy} is not null) and (${t.consentChannel} <> 'worker' or ${t.workerId} is not null)`,
    ),
  ],
);

/**
 * 夏令营: an `events` row of kind 'summer_camp' plus its selection rules — age on the first day and
 * grade limits, places, places reserved per priority group (never more than the places), the seed
 * published before the draw and the draw's time. `next_no` numbers the applications; publishing the
 * seed and taking a number both update this row, so no application gets in after the seed is out.
 */
export const camps = pgTable(
  'camps',
  {
    eventId: integer('event_id')
      .primaryKey()
      .references(() => events.id, { onDelete: 'cascade' }),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    place: text('place').notNull(),
    places: integer('places').notNull(),
    minAge: smallint('min_age').notNull(),
    maxAge: smallint('max_age').notNull(),
    minGrade: smallint('min_grade').notNull(),
    maxGrade: smallint('max_grade').notNull(),
    reservedHardship: integer('reserved_hardship').notNull().default(0),
    reservedModelWorker: integer('reserved_model_worker').notNull().default(0),
    reservedSanitation: integer('reserved_sanitation').notNull().default(0),
    reservedNewForm: integer('reserved_new_form').notNull().default(0),
    reservedDualEarner: integer('reserved_dual_earner').notNull().default(0),
    nextNo: integer('next_no').notNull().default(0),
    /** The public value the seed comes from (a lottery's numbers on a stated day …). */
    announcedValue: text('announced_value'),
    /** hex(SHA-256(announced_value)). */
    seed: text('seed'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: integer('published_by').references(() => accounts.id),
    drawnAt: timestamp('drawn_at', { withTimezone: true }),
    drawnBy: integer('drawn_by').references(() => accounts.id),
  },
  (t) => [
    check('camps_period_check', sql`${t.startsOn} <= ${t.endsOn}`),
    check('camps_places_check', sql`${t.places} >= 1`),
    check('camps_age_check', sql`${t.minAge} between 3 and 18 and ${t.maxAge} between 3 and 18 and ${t.minAge} <= ${t.maxAge}`),
    check('camps_grade_check', sql`${t.minGrade} between 0 and 12 and ${t.maxGrade} between 0 and 12 and ${t.minGrade} <= ${t.maxGrade}`),
    check(
      'camps_reserved_check',
      sql`${t.reservedHardship} >= 0 and ${t.reservedModelWorker} >= 0 and ${t.reservedSanitation} >= 0 and ${t.reservedNewForm} >= 0 and ${t.reservedDualEarner} >= 0
          and ${t.reservedHardship} + ${t.reservedModelWorker} + ${t.reservedSanitation} + ${t.reservedNewForm} + ${t.reservedDualEarner} <= ${t.places}`,
    ),
    check(
      'camps_seed_check',
      sql`(${t.seed} is null) = (${t.publishedAt} is null) and (${t.seed} is null) = (${t.announcedValue} is null) and (${t.seed} is null or ${t.seed} ~ '^[0-9a-f]{64}$')`,
    ),
    check('camps_drawn_check', sql`${t.drawnAt} is null or (${t.publishedAt} is not null and ${t.drawnAt} >= ${t.publishedAt})`),
  ],
);

/**
 * 夏令营申请: one child in one camp. Its number (`no`, per camp) is what the draw hashes. The draw's
 * result (`draw_rank`, `draw_outcome`) is written once and never changed, so anyone can compare it
 * with a fresh run; what happened after (withdrawals, moves up from the waiting list) is in
 * `status`, `won_via`, `waiting_no`. A selected application holds a confirmed sign-up of its guardian.
 * One child once per camp, one child per guardian per camp (每户限报一名): unique indexes.
 */
export const campApplications = pgTable(
  'camp_applications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => camps.eventId, { onDelete: 'cascade' }),
    no: integer('no').notNull(),
    childId: bigint('child_id', { mode: 'number' })
      .notNull()
      .references(() => campChildren.id),
    guardianPersonId: bigint('guardian_person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    dualEarner: boolean('dual_earner').notNull().default(false),
    /** The priority groups the application belonged to when made (published with the draw). */
    groups: text('groups')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Age on the camp's first day, and grade, when applying. */
    age: smallint('age').notNull(),
    grade: smallint('grade').notNull(),
    status: text('status', { enum: ['applied', 'selected', 'waiting', 'withdrawn'] })
      .notNull()
      .default('applied'),
    drawRank: integer('draw_rank'),
    drawOutcome: text('draw_outcome'),
    wonVia: text('won_via'),
    waitingNo: integer('waiting_no'),
    signupId: bigint('signup_id', { mode: 'number' }).references(() => eventSignups.id),
    source: text('source', { enum: ['staff', 'worker'] }).notNull(),
    createdBy: integer('created_by').references(() => accounts.id),
    workerId: integer('worker_id').references(() => workerAccounts.id),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawReason: text('withdraw_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('camp_applications_no_key').on(t.eventId, t.no),
    uniqueIndex('camp_applications_child_key')
      .on(t.eventId, t.childId)
      .where(sql`${t.status} <> 'withdrawn'`),
    uniqueIndex('camp_applications_guardian_key')
      .on(t.eventId, t.guardianPersonId)
      .where(sql`${t.status} <> 'withdrawn'`),
    uniqueIndex('camp_applications_rank_key').on(t.eventId, t.drawRank),
    index('camp_applications_child_idx').on(t.childId),
    index('camp_applications_guardian_idx').on(t.guardianPersonId),
    check('camp_applications_no_check', sql`${t.no} >= 1`),
    check('camp_applications_status_check', sql`${t.status} in ('applied', 'selected', 'waiting', 'withdrawn')`),
    check('camp_applications_source_check', sql`${t.source} in ('staff', 'worker')`),
    check('camp_applications_groups_check', sql`${t.groups} <@ array['hardship', 'model_worker', 'sanitation', 'new_form', 'dual_earner']::text[]`),
    check('camp_applications_drawn_check', sql`(${t.drawRank} is null) = (${t.drawOutcome} is null)`),
    check(
      'camp_applications_outcome_check',
      sql`${t.drawOutcome} is null or ${t.drawOutcome} in ('hardship', 'model_worker', 'sanitation', 'new_form', 'dual_earner', 'draw', 'waiting')`,
    ),
    check('camp_applications_selected_check', sql`${t.status} <> 'selected' or (${t.signupId} is not null and ${t.wonVia} is not null)`),
    check('camp_applications_waiting_check', sql`${t.status} <> 'waiting' or ${t.waitingNo} is not null`),
    check('camp_applications_withdrawn_check', sql`(${t.status} = 'withdrawn') = (${t.withdrawnAt} is not null)`),
  ],
);

export type CampChildDbRow = typeof campChildren.$inferSelect;
export type CampDbRow = typeof camps.$inferSelect;
export type CampApplicationDbRow = typeof campApplications.$inferSelect;
