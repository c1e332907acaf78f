import { sql } from 'drizzle-orm';
import { boolean, check, customType, date, doublePrecision, index, integer, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/orgs.schema.ts';
import { accounts } from '../auth/auth.schema.ts';
import { events } from './events.schema.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({ dataType: () => 'bytea' });

/**
 * 主讲人 / 演出团队: who a federation sends out. One row per speaker or troupe, whatever it offers,
 * so one that is booked somewhere is booked for every menu item that names it (the schedule locks
 * this row while it checks).
 */
export const lecturePerformers = pgTable(
  'lecture_performers',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** The federation that sends them. */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    kind: text('kind', { enum: ['speaker', 'troupe'] }).notNull(),
    name: text('name').notNull(),
    intro: text('intro'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('lecture_performers_org_idx').on(t.orgId), check('lecture_performers_kind_check', sql`${t.kind} in ('speaker', 'troupe')`)],
);

/** 宣讲菜单: one dish of a federation's menu, offered to the unions of its subtree. */
export const lectureItems = pgTable(
  'lecture_items',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    kind: text('kind', { enum: ['lecture', 'performance'] }).notNull(),
    topic: text('topic').notNull(),
    summary: text('summary'),
    performerId: integer('performer_id')
      .notNull()
      .references(() => lecturePerformers.id),
    durationMinutes: integer('duration_minutes').notNull(),
    /** Largest audience the item suits (a hall for a troupe, a meeting room for a talk). */
    maxAudience: integer('max_audience').notNull(),
    /** 场地要求: what the host must provide (projector, stage, sound). */
    hostRequirements: text('host_requirements'),
    active: boolean('active').notNull().default(true),
    createdBy: integer('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('lecture_items_org_idx').on(t.orgId),
    check('lecture_items_kind_check', sql`${t.kind} in ('lecture', 'performance')`),
    check('lecture_items_duration_check', sql`${t.durationMinutes} between 15 and 720`),
    check('lecture_items_audience_check', sql`${t.maxAudience} between 1 and 100000`),
  ],
);

/**
 * 点单: a grassroots union's order from the menu. The performer is copied from the item when
 * ordered, so the conflict check and its lock need no join. Times are set when scheduled and held
 * through confirmed, delivered and closed; a closed order carries what happened.
 */
export const lectureOrders = pgTable(
  'lecture_orders',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    itemId: integer('item_id')
      .notNull()
      .references(() => lectureItems.id),
    performerId: integer('performer_id')
      .notNull()
      .references(() => lecturePerformers.id),
    /** The ordering union (the host). */
    hostOrgId: integer('host_org_id')
      .notNull()
      .references(() => orgs.id),
    wishedDates: date('wished_dates', { mode: 'string' }).array().notNull(),
    place: text('place').notNull(),
    address: text('address'),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    datum: text('datum', { enum: ['gcj02', 'wgs84', 'bd09'] }),
    expectedAudience: integer('expected_audience').notNull(),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    note: text('note'),
    status: text('status', { enum: ['ordered', 'scheduled', 'confirmed', 'delivered', 'closed', 'declined', 'cancelled'] })
      .notNull()
      .default('ordered'),
    startsAt: timestamp('starts_at', { withTimezone: true }),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    reason: text('reason'),
    /** The events row made when confirmed, so it shows in calendars. */
    eventId: integer('event_id').references(() => events.id),
    attendance: integer('attendance'),
    onlineViewers: integer('online_viewers'),
    rating: smallint('rating'),
    feedback: text('feedback'),
    orderedBy: integer('ordered_by').references(() => accounts.id),
    scheduledBy: integer('scheduled_by').references(() => accounts.id),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('lecture_orders_host_idx').on(t.hostOrgId, t.createdAt),
    index('lecture_orders_item_idx').on(t.itemId),
    index('lecture_orders_performer_idx').on(t.performerId, t.startsAt),
    check('lecture_orders_status_check', sql`${t.status} in ('ordered', 'scheduled', 'confirmed', 'delivered', 'closed', 'declined', 'cancelled')`),
    check('lecture_orders_wished_check', sql`cardinality(${t.wishedDates}) between 1 and 5`),
    check('lecture_orders_audience_check', sql`${t.expectedAudience} between 1 and 100000`),
    check('lecture_orders_point_check', sql`(${t.lng} is null) = (${t.lat} is null) and (${t.lng} is null) = (${t.datum} is null)`),
    check('lecture_orders_china_check', sql`${t.lng} is null or (${t.lng} between 73 and 136 and ${t.lat} between 3 and 54)`),
    check('lecture_orders_datum_check', sql`${t.datum} is null or ${t.datum} in ('gcj02', 'wgs84', 'bd09')`),
    check('lecture_orders_period_check', sql`(${t.startsAt} is null) = (${t.endsAt} is null) and (${t.startsAt} is null or ${t.startsAt} < ${t.endsAt})`),
    check('lecture_orders_timed_check', sql`${t.status} not in ('scheduled', 'confirmed', 'delivered', 'closed') or ${t.startsAt} is not null`),
    check('lecture_orders_reason_check', sql`${t.status} not in ('declined', 'cancelled') or ${t.reason} is not null`),
    check(
      'lecture_orders_closed_check',
      sql`(${t.status} = 'closed') = (${t.closedAt} is not null) and (${t.status} <> 'closed' or (${t.attendance} is not null and ${t.rating} is not null))`,
    ),
    check('lecture_orders_rating_check', sql`${t.rating} is null or ${t.rating} between 1 and 5`),
    check('lecture_orders_counts_check', sql`(${t.attendance} is null or ${t.attendance} >= 0) and (${t.onlineViewers} is null or ${t.onlineViewers} >= 0)`),
  ],
);

/** 活动照片: pictures of a delivered lecture or show, kept in the database like hardship scans. */
export const lectureOrderPhotos = pgTable(
  'lecture_order_photos',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orderId: integer('order_id')
      .notNull()
      .references(() => lectureOrders.id),
    filename: text('filename').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    data: bytea('data').notNull(),
    byAccountId: integer('by_account_id').references(() => accounts.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('lecture_order_photos_order_idx').on(t.orderId),
    check('lecture_order_photos_mime_check', sql`${t.mime} in ('image/jpeg', 'image/png', 'image/webp')`),
    check('lecture_order_photos_size_check', sql`${t.size} between 1 and 5242880`),
  ],
);

export type LecturePerformerDbRow = typeof lecturePerformers.$inferSelect;
export type LectureItemDbRow = typeof lectureItems.$inferSelect;
export type LectureOrderDbRow = typeof lectureOrders.$inferSelect;
