import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/orgs.schema.ts';
import { accounts } from '../auth/auth.schema.ts';
import { persons } from '../people/people.schema.ts';
import { workerAccounts } from '../portal/portal.schema.ts';
import type { EligibilityRule } from '../people/eligibility.contract.ts';

/**
 * 活动: one engine for every kind (宣讲, 文艺演出, 技能竞赛, 读书活动, 培训, 夏令营, 疗休养, 其他). The kinds
 * with their own selection (疗休养 scoring, 夏令营 draw, competitions) keep their extra data in their
 * own tables keyed by `event_id` and confirm people into `event_signups`, so attendance, check-in,
 * feedback and certificates work the same for all.
 *
 * Capacity is the database's: `taken` counts confirmed and offered places and may never pass
 * `capacity` (a check constraint), so sign-up takes a place with one conditional UPDATE.
 */
export const events = pgTable(
  'events',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** The organising union. */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    kind: text('kind', { enum: ['lecture', 'performance', 'competition', 'reading', 'training', 'summer_camp', 'recuperation', 'other'] }).notNull(),
    title: text('title').notNull(),
    description: text('description'),
    /** Who may sign up, compiled by people's rule compiler; null: anyone in the organiser's subtree. */
    audience: jsonb('audience').$type<EligibilityRule>(),
    /** Places in all; null: no limit. */
    capacity: integer('capacity'),
    /** Places confirmed or offered now. */
    taken: integer('taken').notNull().default(0),
    /** Places in the waiting line handed out so far: the last sign-up's 候补 number (see event_signups.queue_no). */
    queued: integer('queued').notNull().default(0),
    /** Whether workers may sign themselves up in the portal (else staff sign up on their behalf). */
    workerSignup: boolean('worker_signup').notNull().default(true),
    signupOpensAt: timestamp('signup_opens_at', { withTimezone: true }),
    signupClosesAt: timestamp('signup_closes_at', { withTimezone: true }),
    /** How long a place offered from the waiting list is held before it moves on. */
    offerHours: integer('offer_hours').notNull().default(24),
    status: text('status', { enum: ['draft', 'open', 'closed', 'finished', 'cancelled'] })
      .notNull()
      .default('draft'),
    cancelReason: text('cancel_reason'),
    createdBy: integer('created_by').references(() => accounts.id),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('events_org_idx').on(t.orgId, t.createdAt),
    check('events_kind_check', sql`${t.kind} in ('lecture', 'performance', 'competition', 'reading', 'training', 'summer_camp', 'recuperation', 'other')`),
    check('events_status_check', sql`${t.status} in ('draft', 'open', 'closed', 'finished', 'cancelled')`),
    check('events_capacity_check', sql`${t.capacity} is null or ${t.capacity} >= 1`),
    check('events_taken_check', sql`${t.taken} >= 0 and (${t.capacity} is null or ${t.taken} <= ${t.capacity})`),
    check('events_offer_hours_check', sql`${t.offerHours} between 1 and 720`),
    check('events_signup_window_check', sql`${t.signupOpensAt} is null or ${t.signupClosesAt} is null or ${t.signupOpensAt} < ${t.signupClosesAt}`),
    check('events_cancel_reason_check', sql`${t.status} <> 'cancelled' or ${t.cancelReason} is not null`),
  ],
);

/**
 * 场次: when and where. A point is stored with its datum (GCJ-02 from Chinese maps, WGS-84 from GPS,
 * BD-09 from Baidu) and never compared across datums without conversion.
 */
export const eventSessions = pgTable(
  'event_sessions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    place: text('place').notNull(),
    address: text('address'),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    datum: text('datum', { enum: ['gcj02', 'wgs84', 'bd09'] }),
  },
  (t) => [
    index('event_sessions_event_idx').on(t.eventId, t.startsAt),
    index('event_sessions_starts_idx').on(t.startsAt),
    check('event_sessions_period_check', sql`${t.startsAt} < ${t.endsAt}`),
    check('event_sessions_point_check', sql`(${t.lng} is null) = (${t.lat} is null) and (${t.lng} is null) = (${t.datum} is null)`),
    check('event_sessions_china_check', sql`${t.lng} is null or (${t.lng} between 73 and 136 and ${t.lat} between 3 and 54)`),
    check('event_sessions_datum_check', sql`${t.datum} is null or ${t.datum} in ('gcj02', 'wgs84', 'bd09')`),
  ],
);

/**
 * 名额: places allocated down the tree, like campaign quotas. The organiser's row is the root; a
 * row never hands its children more than it holds, and what its own unions' sign-ups take is
 * counted in `taken` against `places - child_places`.
 */
export const eventQuotas = pgTable(
  'event_quotas',
  {
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    parentOrgId: integer('parent_org_id').references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    places: integer('places').notNull(),
    childPlaces: integer('child_places').notNull().default(0),
    taken: integer('taken').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.orgId] }),
    index('event_quotas_path_idx').on(t.eventId, t.orgPath.op('text_pattern_ops')),
    check('event_quotas_places_check', sql`${t.places} >= 0 and ${t.childPlaces} >= 0 and ${t.taken} >= 0 and ${t.childPlaces} + ${t.taken} <= ${t.places}`),
  ],
);

/**
 * 报名: one person's place in an event. States: confirmed (has a place), waiting (in line, by
 * `id` order), offered (a freed place held until `offered_until`), then cancelled / declined /
 * expired. One live sign-up per person and event: the database refuses a second.
 */
export const eventSignups = pgTable(
  'event_signups',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    /** The person's union at sign-up, and its path then (history for statistics). */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    /** The quota row the place was taken from (null where the event has no quotas or no place yet). */
    quotaOrgId: integer('quota_org_id').references(() => orgs.id),
    status: text('status', { enum: ['confirmed', 'waiting', 'offered', 'cancelled', 'declined', 'expired'] }).notNull(),
    /**
     * The sign-up's number in the waiting line, handed out under the event row's lock (events.queued),
     * so numbers follow the order sign-ups were committed in: a position counted from them right
     * after joining is never shown to two people. Null for a sign-up that never waited.
     */
    queueNo: integer('queue_no'),
    source: text('source', { enum: ['staff', 'worker', 'selection'] }).notNull(),
    createdBy: integer('created_by').references(() => accounts.id),
    workerId: integer('worker_id').references(() => workerAccounts.id),
    offeredUntil: timestamp('offered_until', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelReason: text('cancel_reason'),
    attendedAt: timestamp('attended_at', { withTimezone: true }),
    rating: smallint('rating'),
    feedback: text('feedback'),
    ratedAt: timestamp('rated_at', { withTimezone: true }),
    /** 证书编号, given when a certificate is first printed. */
    certificateNo: text('certificate_no'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('event_signups_live_key')
      .on(t.eventId, t.personId)
      .where(sql`${t.status} in ('confirmed', 'waiting', 'offered')`),
    index('event_signups_event_idx').on(t.eventId, t.status, t.id),
    index('event_signups_queue_idx')
      .on(t.eventId, t.queueNo)
      .where(sql`${t.status} = 'waiting'`),
    index('event_signups_path_idx').on(t.eventId, t.orgPath.op('text_pattern_ops')),
    index('event_signups_person_idx').on(t.personId),
    index('event_signups_offer_idx')
      .on(t.offeredUntil)
      .where(sql`${t.status} = 'offered'`),
    uniqueIndex('event_signups_certificate_key').on(t.certificateNo),
    check('event_signups_status_check', sql`${t.status} in ('confirmed', 'waiting', 'offered', 'cancelled', 'declined', 'expired')`),
    check('event_signups_source_check', sql`${t.source} in ('staff', 'worker', 'selection')`),
    check('event_signups_queue_check', sql`${t.status} <> 'waiting' or ${t.queueNo} is not null`),
    check('event_signups_offer_check', sql`${t.status} <> 'offered' or ${t.offeredUntil} is not null`),
    check('event_signups_cancel_check', sql`(${t.status} = 'cancelled') = (${t.cancelledAt} is not null)`),
    check('event_signups_rating_check', sql`${t.rating} is null or (${t.rating} between 1 and 5 and ${t.attendedAt} is not null)`),
    check('event_signups_attended_check', sql`${t.attendedAt} is null or ${t.status} = 'confirmed'`),
  ],
);

export type EventDbRow = typeof events.$inferSelect;
export type EventSessionDbRow = typeof eventSessions.$inferSelect;
export type EventSignupDbRow = typeof eventSignups.$inferSelect;
