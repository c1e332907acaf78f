import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/orgs.schema.ts';
import { accounts } from '../auth/auth.schema.ts';
import { persons } from '../people/people.schema.ts';
import type { EligibilityRule } from '../people/eligibility.contract.ts';

/** 体检项目: a year's check-up programme of a union, for the people its rule reaches in its subtree. */
export const healthProgrammes = pgTable(
  'health_programmes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    /** The organiser's path (follows the tree on a move). */
    orgPath: text('org_path').notNull(),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    audience: jsonb('audience').$type<EligibilityRule>(),
    status: text('status', { enum: ['draft', 'open', 'closed'] })
      .notNull()
      .default('draft'),
    createdBy: integer('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('health_programmes_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    check('health_programmes_status_check', sql`${t.status} in ('draft', 'open', 'closed')`),
  ],
);

/** 合作医院 of a programme. */
export const healthHospitals = pgTable(
  'health_hospitals',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => healthProgrammes.id),
    name: text('name').notNull(),
    address: text('address'),
    phone: text('phone'),
  },
  (t) => [uniqueIndex('health_hospitals_name_key').on(t.programmeId, t.name)],
);

/** 体检套餐: what a hospital examines for one group (户外劳动者, 女职工两癌筛查, 职业病检查). */
export const healthPackages = pgTable(
  'health_packages',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => healthProgrammes.id),
    hospitalId: integer('hospital_id')
      .notNull()
      .references(() => healthHospitals.id),
    group: text('group').notNull(),
    name: text('name').notNull(),
    items: text('items').notNull(),
  },
  (t) => [
    uniqueIndex('health_packages_name_key').on(t.hospitalId, t.name),
    check('health_packages_group_check', sql`${t.group} in ('outdoor', 'women', 'occupational', 'general')`),
  ],
);

/**
 * 预约时段: one hospital's places on one day. `booked` is raised by the booking's own statement
 * (`booked < capacity` in its WHERE) and the CHECK makes an overbooked slot impossible whatever
 * the code does.
 */
export const healthSlots = pgTable(
  'health_slots',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => healthProgrammes.id),
    hospitalId: integer('hospital_id')
      .notNull()
      .references(() => healthHospitals.id),
    day: date('day', { mode: 'string' }).notNull(),
    capacity: integer('capacity').notNull(),
    booked: integer('booked').notNull().default(0),
  },
  (t) => [
    uniqueIndex('health_slots_day_key').on(t.hospitalId, t.day),
    index('health_slots_programme_idx').on(t.programmeId, t.day),
    check('health_slots_booked_check', sql`${t.booked} >= 0 and ${t.booked} <= ${t.capacity}`),
  ],
);

/** 预约: one per person per programme, with the consent it was made on. */
export const healthBookings = pgTable(
  'health_bookings',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => healthProgrammes.id),
    slotId: integer('slot_id')
      .notNull()
      .references(() => healthSlots.id),
    packageId: integer('package_id').references(() => healthPackages.id),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    /** The person's union when booked (history) and its path (follows the tree). */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    status: text('status', { enum: ['booked', 'attended'] })
      .notNull()
      .default('booked'),
    source: text('source', { enum: ['worker', 'union'] }).notNull(),
    /** 同意依据: 本人在职工端同意, or the union's words on whose consent it booked. */
    consentBasis: text('consent_basis').notNull(),
    consentedAt: timestamp('consented_at', { withTimezone: true }).notNull().defaultNow(),
    attendedAt: timestamp('attended_at', { withTimezone: true }),
    workerId: integer('worker_id'),
    createdBy: integer('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('health_bookings_person_key').on(t.programmeId, t.personId),
    index('health_bookings_slot_idx').on(t.slotId),
    index('health_bookings_person_idx').on(t.personId),
    index('health_bookings_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    check('health_bookings_status_check', sql`${t.status} in ('booked', 'attended')`),
    check('health_bookings_source_check', sql`${t.source} in ('worker', 'union')`),
    check('health_bookings_attended_check', sql`(${t.status} = 'attended') = (${t.attendedAt} is not null)`),
    check('health_bookings_consent_check', sql`length(trim(${t.consentBasis})) > 0`),
  ],
);

/** 体检结果: one line of a hospital's report (an item, its value, range and flag) for a booking. */
export const healthResults = pgTable(
  'health_results',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    bookingId: integer('booking_id')
      .notNull()
      .references(() => healthBookings.id),
    programmeId: integer('programme_id').notNull(),
    item: text('item').notNull(),
    value: text('value').notNull(),
    unit: text('unit'),
    range: text('range'),
    flag: text('flag'),
    abnormal: boolean('abnormal').notNull(),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // Read by booking (the unique key leads with it); no other index, so an import's load stays cheap.
  (t) => [uniqueIndex('health_results_item_key').on(t.bookingId, t.item)],
);

/**
 * Rows of an import being checked, loaded by COPY (hand-written: UNLOGGED — a crash loses only an
 * import in progress). Keyed by the import's own id; removed when the import ends.
 */
export const healthResultStaging = pgTable(
  'health_result_staging',
  {
    importId: text('import_id').notNull(),
    rowNo: integer('row_no').notNull(),
    idBidx: text('id_bidx').notNull(),
    item: text('item').notNull(),
    value: text('value').notNull(),
    unit: text('unit'),
    range: text('range'),
    flag: text('flag'),
    abnormal: boolean('abnormal').notNull(),
  },
  (t) => [index('health_result_staging_import_idx').on(t.importId, t.idBidx)],
);

/** 异常随访: one per booking with an abnormal finding; the worker is reminded through 消息. */
export const healthFollowups = pgTable(
  'health_followups',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    bookingId: integer('booking_id')
      .notNull()
      .references(() => healthBookings.id),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => healthProgrammes.id),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    orgPath: text('org_path').notNull(),
    findings: text('findings').notNull(),
    status: text('status', { enum: ['open', 'done'] })
      .notNull()
      .default('open'),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    note: text('note'),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    doneBy: integer('done_by').references(() => accounts.id),
    doneAt: timestamp('done_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('health_followups_booking_key').on(t.bookingId),
    index('health_followups_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    check('health_followups_status_check', sql`${t.status} in ('open', 'done')`),
    check('health_followups_done_check', sql`(${t.status} = 'done') = (${t.doneAt} is not null)`),
  ],
);
