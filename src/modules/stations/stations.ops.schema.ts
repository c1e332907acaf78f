import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  date,
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
import { accounts } from '../auth/auth.schema.ts';
import { stations } from './stations.schema.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({ dataType: () => 'bytea' });

/**
 * 站长: a station manager's account bound to a station. A manager without the permission to see
 * every station of the subtree sees and works only the stations bound to them.
 */
export const stationManagers = pgTable(
  'station_managers',
  {
    stationId: integer('station_id')
      .notNull()
      .references(() => stations.id),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    assignedBy: integer('assigned_by').references(() => accounts.id),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'station_managers_pkey', columns: [t.stationId, t.accountId] }), index('station_managers_account_idx').on(t.accountId)],
);

/** 驿站照片: kept in the database like the other uploads (app servers stay stateless); at most one cover per station. */
export const stationPhotos = pgTable(
  'station_photos',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    stationId: integer('station_id')
      .notNull()
      .references(() => stations.id),
    filename: text('filename').notNull(),
    caption: text('caption'),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    data: bytea('data').notNull(),
    isCover: boolean('is_cover').notNull().default(false),
    byAccountId: integer('by_account_id').references(() => accounts.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('station_photos_station_idx').on(t.stationId),
    uniqueIndex('station_photos_one_cover_key')
      .on(t.stationId)
      .where(sql`${t.isCover}`),
    check('station_photos_mime_check', sql`${t.mime} in ('image/jpeg', 'image/png', 'image/webp')`),
    check('station_photos_size_check', sql`${t.size} > 0 and ${t.size} <= 5242880 and ${t.size} = octet_length(${t.data})`),
  ],
);

/**
 * 巡查考核: one inspection by union staff, scored on five items of 20 points each. The stars follow
 * from the total in the database (90+ five stars, 80+ four, 70+ three, 60+ two, below one), so no
 * record can carry stars its scores do not earn.
 */
export const stationInspections = pgTable(
  'station_inspections',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    stationId: integer('station_id')
      .notNull()
      .references(() => stations.id),
    inspectedOn: date('inspected_on', { mode: 'string' }).notNull(),
    inspector: text('inspector').notNull(),
    hygiene: smallint('hygiene').notNull(),
    facilities: smallint('facilities').notNull(),
    hours: smallint('hours').notNull(),
    ledger: smallint('ledger').notNull(),
    safety: smallint('safety').notNull(),
    /** What the inspector wrote beside each item (key: the item), and overall. */
    remarks: jsonb('remarks').$type<Record<string, string>>().notNull().default({}),
    notes: text('notes'),
    total: smallint('total')
      .notNull()
      .generatedAlwaysAs(sql`hygiene + facilities + hours + ledger + safety`),
    stars: smallint('stars')
      .notNull()
      .generatedAlwaysAs(
        sql`case when hygiene + facilities + hours + ledger + safety >= 90 then 5 when hygiene + facilities + hours + ledger + safety >= 80 then 4 when hygiene + facilities + hours + ledger + safety >= 70 then 3 when hygiene + facilities + hours + ledger + safety >= 60 then 2 else 1 end`,
      ),
    byAccountId: integer('by_account_id').references(() => accounts.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('station_inspections_station_idx').on(t.stationId, t.inspectedOn),
    check(
      'station_inspections_scores_check',
      sql`${t.hygiene} between 0 and 20 and ${t.facilities} between 0 and 20 and ${t.hours} between 0 and 20 and ${t.ledger} between 0 and 20 and ${t.safety} between 0 and 20`,
    ),
  ],
);

/**
 * 爱心物资: one kind of donated goods at a station, with its balance. The balance is changed only
 * by a stock movement in the same transaction (the row is the lock), and the check keeps it from
 * ever going below zero, however many stock-outs arrive at once.
 */
export const stationGoods = pgTable(
  'station_goods',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    stationId: integer('station_id')
      .notNull()
      .references(() => stations.id),
    name: text('name').notNull(),
    unit: text('unit').notNull(),
    /** Below this balance the station is reminded to restock (0: no reminder). */
    lowStock: integer('low_stock').notNull().default(0),
    balance: integer('balance').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('station_goods_name_key').on(t.stationId, t.name),
    check('station_goods_balance_check', sql`${t.balance} >= 0`),
    check('station_goods_low_stock_check', sql`${t.lowStock} >= 0`),
  ],
);

/** 物资台账: a stock-in (who donated) or a stock-out (for what); append-only, with the balance after it. */
export const stationStockMoves = pgTable(
  'station_stock_moves',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    goodsId: integer('goods_id')
      .notNull()
      .references(() => stationGoods.id),
    stationId: integer('station_id')
      .notNull()
      .references(() => stations.id),
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    quantity: integer('quantity').notNull(),
    balanceAfter: integer('balance_after').notNull(),
    donor: text('donor'),
    purpose: text('purpose'),
    movedOn: date('moved_on', { mode: 'string' }).notNull(),
    byAccountId: integer('by_account_id').references(() => accounts.id),
    byName: text('by_name').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('station_stock_moves_goods_idx').on(t.goodsId, t.id),
    index('station_stock_moves_station_idx').on(t.stationId, t.id),
    check('station_stock_moves_quantity_check', sql`${t.quantity} > 0 and ${t.balanceAfter} >= 0`),
    check(
      'station_stock_moves_direction_check',
      sql`(${t.direction} = 'in' and ${t.donor} is not null) or (${t.direction} = 'out' and ${t.purpose} is not null)`,
    ),
  ],
);

/** 服务进驿站 ("五进"): a service held at a station — legal advice, check-ups, culture, theory, skills. */
export const stationServices = pgTable(
  'station_services',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    stationId: integer('station_id')
      .notNull()
      .references(() => stations.id),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    kind: text('kind', { enum: ['legal', 'health', 'culture', 'theory', 'skills', 'other'] }).notNull(),
    title: text('title').notNull(),
    provider: text('provider').notNull(),
    participants: integer('participants').notNull(),
    notes: text('notes'),
    byAccountId: integer('by_account_id').references(() => accounts.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('station_services_station_idx').on(t.stationId, t.heldOn),
    check('station_services_kind_check', sql`${t.kind} in ('legal', 'health', 'culture', 'theory', 'skills', 'other')`),
    check('station_services_participants_check', sql`${t.participants} between 0 and 100000`),
  ],
);
