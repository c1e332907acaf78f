import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { accounts } from '../auth/auth.schema.ts';
import { campaignPoints } from '../campaigns/campaigns.schema.ts';
import { eventSessions, eventSignups, events } from './events.schema.ts';

/**
 * 签到清单: an event has several (入场, 用餐, 纪念品), each with its rule — once, once a day or
 * unlimited. The rule is copied onto every check-in (through a foreign key on `(id, mode)`), so the
 * database itself refuses a second counted check-in where the rule allows one.
 */
export const eventCheckinLists = pgTable(
  'event_checkin_lists',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    sessionId: integer('session_id').references(() => eventSessions.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['entry', 'meal', 'souvenir', 'other'] }).notNull(),
    mode: text('mode', { enum: ['once', 'daily', 'unlimited'] }).notNull(),
    createdBy: integer('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('event_checkin_lists_name_key').on(t.eventId, t.name),
    unique('event_checkin_lists_mode_key').on(t.id, t.mode),
    check('event_checkin_lists_kind_check', sql`${t.kind} in ('entry', 'meal', 'souvenir', 'other')`),
    check('event_checkin_lists_mode_check', sql`${t.mode} in ('once', 'daily', 'unlimited')`),
  ],
);

/**
 * 签到记录: every confirmation a phone sent, once (its idempotency key is unique): the counted ones
 * (`ok`), a second check-in of someone already counted (`duplicate`, pointing at the line that
 * counted: a conflict staff see), and codes the server refused (`refused`, with the reason).
 * `day` is the China date of the scan; `scanned_at` is the phone's clock, `synced_at` the server's.
 * Partitioned by month of `synced_at` (migration 0058): the key is (id, synced_at). The rules that
 * span months (a key sent once, a person counted once or once a day) are the unique indexes of
 * `event_checkin_keys`, which a trigger fills before each row: a row they refuse is skipped, as
 * `insert … on conflict do nothing` skips it.
 */
export const eventCheckins = pgTable(
  'event_checkins',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    listId: integer('list_id').notNull(),
    mode: text('mode', { enum: ['once', 'daily', 'unlimited'] }).notNull(),
    signupId: bigint('signup_id', { mode: 'number' }).references(() => eventSignups.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    deviceId: text('device_id').notNull(),
    accountId: integer('account_id').references(() => accounts.id),
    scannedAt: timestamp('scanned_at', { withTimezone: true }).notNull(),
    syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().defaultNow(),
    result: text('result', { enum: ['ok', 'duplicate', 'refused'] }).notNull(),
    reason: text('reason'),
    duplicateOf: bigint('duplicate_of', { mode: 'number' }).references((): AnyPgColumn => eventCheckinKeys.checkinId),
    /** SHA-256 of the scanned code, for a refused line (the code itself is not kept). */
    codeHash: text('code_hash').notNull(),
  },
  (t) => [
    foreignKey({ name: 'event_checkins_list_fk', columns: [t.listId, t.mode], foreignColumns: [eventCheckinLists.id, eventCheckinLists.mode] }).onDelete(
      'cascade',
    ),
    primaryKey({ name: 'event_checkins_pkey', columns: [t.id, t.syncedAt] }),
    index('event_checkins_key_idx').on(t.idempotencyKey),
    index('event_checkins_list_idx').on(t.listId, t.result, t.id),
    index('event_checkins_signup_idx').on(t.signupId),
    check('event_checkins_mode_check', sql`${t.mode} in ('once', 'daily', 'unlimited')`),
    check('event_checkins_result_check', sql`${t.result} in ('ok', 'duplicate', 'refused')`),
    check('event_checkins_ok_check', sql`${t.result} <> 'ok' or (${t.signupId} is not null and ${t.reason} is null)`),
    check('event_checkins_reason_check', sql`${t.result} = 'ok' or ${t.reason} is not null`),
    check('event_checkins_duplicate_check', sql`(${t.result} = 'duplicate') = (${t.duplicateOf} is not null)`),
  ],
);

/**
 * The check-ins' keys across all months, one row per check-in, written by the trigger
 * `event_checkins_keys` before the row: a key is used once, and where the list counts a person
 * once (or once a day), one counted line. The indexes keep the names they had on `event_checkins`.
 */
export const eventCheckinKeys = pgTable(
  'event_checkin_keys',
  {
    checkinId: bigint('checkin_id', { mode: 'number' }).primaryKey(),
    syncedAt: timestamp('synced_at', { withTimezone: true }).notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    listId: integer('list_id').notNull(),
    mode: text('mode', { enum: ['once', 'daily', 'unlimited'] }).notNull(),
    signupId: bigint('signup_id', { mode: 'number' }),
    day: date('day', { mode: 'string' }).notNull(),
    counted: boolean('counted').notNull(),
  },
  (t) => [
    // Deferred: the trigger writes the key before its check-in row exists; removing the check-in (its list or sign-up removed) removes the key.
    foreignKey({
      name: 'event_checkin_keys_checkin_fk',
      columns: [t.checkinId, t.syncedAt],
      foreignColumns: [eventCheckins.id, eventCheckins.syncedAt] as [AnyPgColumn, AnyPgColumn],
    }).onDelete('cascade'),
    uniqueIndex('event_checkins_key').on(t.idempotencyKey),
    uniqueIndex('event_checkins_once_key')
      .on(t.listId, t.signupId)
      .where(sql`${t.counted} and ${t.mode} = 'once'`),
    uniqueIndex('event_checkins_daily_key')
      .on(t.listId, t.signupId, t.day)
      .where(sql`${t.counted} and ${t.mode} = 'daily'`),
  ],
);

/**
 * Hand-outs a phone confirmed offline at a campaign's pick-up point, as the sync answered them:
 * each went through the campaign's own confirmation (its quota, stock, budget and one-gift rule;
 * the ledger line is the campaign's). Kept by idempotency key so a replay answers the same, and so
 * a refusal — a gift already handed out elsewhere, stock gone — stays in front of staff as a conflict.
 */
export const eventCheckinHandouts = pgTable(
  'event_checkin_handouts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    pointId: integer('point_id')
      .notNull()
      .references(() => campaignPoints.id, { onDelete: 'cascade' }),
    beneficiaryId: bigint('beneficiary_id', { mode: 'number' }),
    idempotencyKey: text('idempotency_key').notNull(),
    deviceId: text('device_id').notNull(),
    accountId: integer('account_id').references(() => accounts.id),
    scannedAt: timestamp('scanned_at', { withTimezone: true }).notNull(),
    syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().defaultNow(),
    result: text('result', { enum: ['ok', 'duplicate', 'refused'] }).notNull(),
    reason: text('reason'),
    /** The campaign's ledger line, for a counted hand-out. */
    lineId: bigint('line_id', { mode: 'number' }),
    nameMasked: text('name_masked'),
    codeHash: text('code_hash').notNull(),
  },
  (t) => [
    uniqueIndex('event_checkin_handouts_key').on(t.idempotencyKey),
    index('event_checkin_handouts_point_idx').on(t.pointId, t.result, t.id),
    check('event_checkin_handouts_result_check', sql`${t.result} in ('ok', 'duplicate', 'refused')`),
    check('event_checkin_handouts_ok_check', sql`(${t.result} = 'ok') = (${t.lineId} is not null)`),
    check('event_checkin_handouts_reason_check', sql`${t.result} = 'ok' or ${t.reason} is not null`),
  ],
);

export type EventCheckinListRow = typeof eventCheckinLists.$inferSelect;
