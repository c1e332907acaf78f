import { sql } from 'drizzle-orm';
import { bigint, check, doublePrecision, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/orgs.schema.ts';
import { accounts } from '../auth/auth.schema.ts';
import { persons } from '../people/people.schema.ts';

/**
 * 驿站: one station, hosted by a union. Its point is kept as it was taken (lng, lat, datum, source)
 * and once more on WGS-84 (wgs_lng, wgs_lat), which every distance and the nearest search use; the
 * two are written together by the service, never one without the other.
 */
export const stations = pgTable(
  'stations',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    type: text('type', { enum: ['union', 'warm', 'outdoor', 'love'] }).notNull(),
    name: text('name').notNull(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    /** The host union's path (follows the tree on a move): scoped lists and the roll-up read it. */
    orgPath: text('org_path').notNull(),
    address: text('address').notNull(),
    lng: doublePrecision('lng').notNull(),
    lat: doublePrecision('lat').notNull(),
    datum: text('datum', { enum: ['gcj02', 'wgs84', 'bd09'] }).notNull(),
    source: text('source', { enum: ['amap', 'tencent', 'wechat', 'baidu', 'gps', 'tianditu'] }).notNull(),
    wgsLng: doublePrecision('wgs_lng').notNull(),
    wgsLat: doublePrecision('wgs_lat').notNull(),
    /** OpenStreetMap opening_hours: when the doors open at all. */
    openingHours: text('opening_hours').notNull(),
    /** OpenStreetMap opening_hours: when someone is on duty (null: whenever open). */
    staffedHours: text('staffed_hours'),
    amenities: text('amenities')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    phone: text('phone'),
    intro: text('intro'),
    status: text('status', { enum: ['open', 'paused', 'closed'] })
      .notNull()
      .default('open'),
    statusReason: text('status_reason'),
    /** The secret in the poster's QR code: a scan proves the worker stood at this station's poster. */
    visitCode: text('visit_code').notNull(),
    createdBy: integer('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('stations_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    /** The nearest search reads a latitude band, then a longitude range within it. */
    index('stations_open_point_idx')
      .on(t.wgsLat, t.wgsLng)
      .where(sql`${t.status} = 'open'`),
    uniqueIndex('stations_visit_code_key').on(t.visitCode),
    check('stations_type_check', sql`${t.type} in ('union', 'warm', 'outdoor', 'love')`),
    check('stations_status_check', sql`${t.status} in ('open', 'paused', 'closed')`),
    check('stations_datum_check', sql`${t.datum} in ('gcj02', 'wgs84', 'bd09')`),
    check(
      'stations_source_datum_check',
      sql`(${t.source} in ('amap', 'tencent', 'wechat') and ${t.datum} = 'gcj02') or (${t.source} = 'baidu' and ${t.datum} = 'bd09') or (${t.source} in ('gps', 'tianditu') and ${t.datum} = 'wgs84')`,
    ),
    check(
      'stations_china_check',
      sql`${t.lng} between 73 and 136 and ${t.lat} between 3 and 54 and ${t.wgsLng} between 72 and 137 and ${t.wgsLat} between 2 and 55`,
    ),
    check(
      'stations_amenities_check',
      sql`${t.amenities} <@ array['seats','microwave','water','climate','fridge','firstaid','charging','toilet','books','wifi','umbrella','repair']::text[]`,
    ),
  ],
);

/**
 * 到站: a worker's visit, recorded by scanning the station's poster. Once per worker per station per
 * hour (China time) — the unique key holds it, so two scans at once still count one visit.
 * The worker's occupation and the station's union path are copied at the visit for the roll-up.
 * Partitioned by month of `hour` (migration 0058): the key is (id, hour), and the once-an-hour key
 * holds the partition key, so it stays one index over all months.
 */
export const stationVisits = pgTable(
  'station_visits',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    stationId: integer('station_id')
      .notNull()
      .references(() => stations.id),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    orgPath: text('org_path').notNull(),
    occupation: text('occupation'),
    visitedAt: timestamp('visited_at', { withTimezone: true }).notNull().defaultNow(),
    /** The visit's hour, China time, as the start of that hour. */
    hour: timestamp('hour', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'station_visits_pkey', columns: [t.id, t.hour] }),
    uniqueIndex('station_visits_once_per_hour_key').on(t.stationId, t.personId, t.hour),
    index('station_visits_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops'), t.visitedAt),
    index('station_visits_station_idx').on(t.stationId, t.visitedAt),
    index('station_visits_person_idx').on(t.personId),
  ],
);
