import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { ORG_STATUSES, ORG_TYPES } from './orgs.contract.ts';

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export const orgs = pgTable(
  'orgs',
  {
    // By default, not always: the id is drawn first so that the path can be written with the row.
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    parentId: integer('parent_id').references((): AnyPgColumn => orgs.id),
    /** Materialized path of ids, '/1/5/23/': a subtree is `path LIKE '/1/5/%'`. */
    path: text('path').notNull(),
    depth: integer('depth').notNull(),
    name: text('name').notNull(),
    shortName: text('short_name'),
    type: text('type', { enum: ORG_TYPES }).notNull(),
    divisionCode: text('division_code'),
    creditCode: text('credit_code'),
    address: text('address'),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    foundedOn: date('founded_on', { mode: 'string' }),
    status: text('status', { enum: ORG_STATUSES }).notNull().default('active'),
    /** Full pinyin and initials of the name, lower case, for search ("nmg" finds 内蒙古…). */
    namePinyin: text('name_pinyin').notNull(),
    nameInitials: text('name_initials').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('orgs_path_key').on(t.path.op('text_pattern_ops')),
    index('orgs_parent_idx').on(t.parentId),
    uniqueIndex('orgs_sibling_name_key').on(sql`coalesce(${t.parentId}, 0)`, t.name),
    uniqueIndex('orgs_single_root_key')
      .on(sql`(${t.parentId} is null)`)
      .where(sql`${t.parentId} is null`),
    uniqueIndex('orgs_credit_code_key').on(t.creditCode),
    check('orgs_type_check', sql`${t.type} in (${inList(ORG_TYPES)})`),
    check('orgs_status_check', sql`${t.status} in (${inList(ORG_STATUSES)})`),
    check('orgs_path_check', sql`${t.path} ~ '^(/[0-9]+)+/$'`),
    check('orgs_division_code_check', sql`${t.divisionCode} ~ '^[0-9]{6}$'`),
    check('orgs_federation_division_check', sql`${t.type} not in ('provincial', 'city', 'county') or ${t.divisionCode} is not null`),
    check('orgs_root_check', sql`(${t.parentId} is null) = (${t.depth} = 0)`),
  ],
);

export type OrgRow = typeof orgs.$inferSelect;
