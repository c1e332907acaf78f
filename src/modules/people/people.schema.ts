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
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/orgs.schema.ts';
import { accounts } from '../auth/auth.schema.ts';

/**
 * Text compared byte by byte (COLLATE "C"): codes and keyed hashes, which have no language order.
 * Sorting and indexing them skips the locale's collation, several times faster on a million rows
 * (a bulk load rebuilds their indexes; the duplicate scan sorts by them). Columns compared with
 * one another must share it, so the import's staging table uses it for the same columns.
 */
export const codeText = customType<{ data: string }>({ dataType: () => 'text COLLATE "C"' });

/** 职业: a code list with Chinese labels; built-in rows come with the migration, admins add more. */
export const occupations = pgTable('occupations', {
  code: text('code').primaryKey(),
  label: text('label').notNull().unique(),
  sort: integer('sort').notNull().default(100),
  builtin: boolean('builtin').notNull().default(false),
});

/**
 * One row per natural person. The identity number and phone are stored encrypted with a keyed
 * blind index for exact lookup; `id_masked` (region and last four, as shown everywhere) and the
 * birth date derived from the number are kept in clear for display and duplicate blocking.
 */
export const persons = pgTable(
  'persons',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    name: text('name').notNull(),
    namePinyin: text('name_pinyin').notNull(),
    nameInitials: text('name_initials').notNull(),
    sex: text('sex', { enum: ['male', 'female'] }).notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    idType: codeText('id_type').notNull(),
    idNumberEnc: text('id_number_enc').notNull(),
    idNumberBidx: codeText('id_number_bidx').notNull(),
    idMasked: text('id_masked').notNull(),
    idLast4: codeText('id_last4').notNull(),
    phoneEnc: text('phone_enc'),
    phoneBidx: codeText('phone_bidx'),
    phoneMasked: text('phone_masked'),
    ethnicity: text('ethnicity'),
    address: text('address'),
    hukouType: text('hukou_type'),
    politicalStatus: text('political_status'),
    education: text('education'),
    employerName: text('employer_name'),
    employerCreditCode: text('employer_credit_code'),
    occupation: text('occupation').references(() => occupations.code),
    employmentForm: text('employment_form'),
    workStatus: text('work_status'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    notes: text('notes'),
    /** 'merged' rows stay for history and reversal; `merged_into` points at the survivor. */
    status: text('status', { enum: ['active', 'merged'] })
      .notNull()
      .default('active'),
    mergedInto: bigint('merged_into', { mode: 'number' }).references((): AnyPgColumn => persons.id),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One person per identity document, whoever enters it and however.
    uniqueIndex('persons_id_number_key').on(t.idNumberBidx, t.idType),
    index('persons_org_idx').on(t.orgId),
    index('persons_name_idx').on(t.name.op('text_pattern_ops')),
    index('persons_pinyin_idx').on(t.namePinyin.op('text_pattern_ops')),
    index('persons_initials_idx').on(t.nameInitials.op('text_pattern_ops')),
    index('persons_phone_idx').on(t.phoneBidx),
    index('persons_last4_idx').on(t.idLast4),
    check('persons_sex_check', sql`${t.sex} in ('male', 'female')`),
    check('persons_status_check', sql`${t.status} in ('active', 'merged') and (${t.status} = 'merged') = (${t.mergedInto} is not null)`),
    check('persons_id_type_check', sql`${t.idType} in ('resident', 'hmt_residence', 'foreigner_permanent')`),
  ],
);

/** 调转: every move of a person from one union to another. */
export const personTransfers = pgTable(
  'person_transfers',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    fromOrgId: integer('from_org_id')
      .notNull()
      .references(() => orgs.id),
    toOrgId: integer('to_org_id')
      .notNull()
      .references(() => orgs.id),
    reason: text('reason'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    byAccountId: integer('by_account_id').references(() => accounts.id),
  },
  (t) => [index('person_transfers_person_idx').on(t.personId)],
);

/**
 * 会籍: one membership per person ("一次入会"), held in the person's union and moving with them
 * ("动态接转"): a transfer to a union outside the sender's scope waits there for acceptance.
 */
export const memberships = pgTable(
  'memberships',
  {
    personId: bigint('person_id', { mode: 'number' })
      .primaryKey()
      .references(() => persons.id),
    memberNo: text('member_no').notNull(),
    joinedOn: date('joined_on', { mode: 'string' }).notNull(),
    state: text('state', { enum: ['member', 'transferring', 'withdrawn', 'expelled'] })
      .notNull()
      .default('member'),
    /** While 转出中: the union the member is moving to, which accepts or refuses. */
    pendingOrgId: integer('pending_org_id').references(() => orgs.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('memberships_member_no_key').on(t.memberNo),
    index('memberships_pending_idx').on(t.pendingOrgId),
    check('memberships_state_check', sql`${t.state} in ('member', 'transferring', 'withdrawn', 'expelled')`),
    check('memberships_pending_check', sql`(${t.state} = 'transferring') = (${t.pendingOrgId} is not null)`),
  ],
);

export const membershipEvents = pgTable(
  'membership_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    action: text('action').notNull(),
    fromOrgId: integer('from_org_id').references(() => orgs.id),
    toOrgId: integer('to_org_id').references(() => orgs.id),
    reason: text('reason'),
    on: date('on', { mode: 'string' }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    byAccountId: integer('by_account_id').references(() => accounts.id),
  },
  (t) => [index('membership_events_person_idx').on(t.personId)],
);

/** 疑似重复: pairs found by the set-based scan, a_id < b_id, reviewed by staff. */
export const duplicateCandidates = pgTable(
  'duplicate_candidates',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    aId: bigint('a_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    bId: bigint('b_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    score: numeric('score', { precision: 4, scale: 3, mode: 'number' }).notNull(),
    level: text('level', { enum: ['likely', 'possible'] }).notNull(),
    reasons: text('reasons').array().notNull(),
    status: text('status', { enum: ['open', 'merged', 'dismissed'] })
      .notNull()
      .default('open'),
    foundAt: timestamp('found_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: integer('decided_by').references(() => accounts.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
  },
  (t) => [
    uniqueIndex('duplicate_candidates_pair_key').on(t.aId, t.bId),
    index('duplicate_candidates_open_idx').on(t.status, t.level),
    check('duplicate_candidates_order_check', sql`${t.aId} < ${t.bId}`),
  ],
);

/**
 * 自动标签: a tag that follows from a record of another module (困难职工 from a hardship file that is
 * 帮扶中). The tag is in `persons.tags` as well, so every eligibility rule, filter and export sees it
 * at once; this row says it is derived, from which module and why (the page shows it as 自动). The
 * source module's trigger adds and removes it in the transaction that changes its record, and a
 * trigger on `persons` puts it back when an edit leaves it out (see migrations: derived_tags).
 */
export const personDerivedTags = pgTable(
  'person_derived_tags',
  {
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    tag: text('tag').notNull(),
    /** The module whose record it follows from (`hardship`). */
    source: text('source').notNull(),
    /** Why, in Chinese, naming the record (困难职工档案 KN2026… 帮扶中). */
    reason: text('reason').notNull(),
    since: timestamp('since', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'person_derived_tags_pkey', columns: [t.personId, t.tag, t.source] })],
);

/** A record's columns a merge changes, as they were before it (plain values: no dates among them). */
export type PersonBeforeMerge = Partial<PersonDbRow> & { version: number };
/**
 * The ids of the rows a merge moved, by `table.column` of each person reference, with the moved
 * membership and the surviving record's version after the merge (an undo needs it unchanged).
 */
export type MergeMoves = Record<string, (number | string)[]> & { membership?: number[]; survivorVersionAfter?: number[] };

/** A merge with everything needed to undo it: both records before, and every reference moved. */
export const personMerges = pgTable('person_merges', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  survivorId: bigint('survivor_id', { mode: 'number' })
    .notNull()
    .references(() => persons.id),
  mergedId: bigint('merged_id', { mode: 'number' })
    .notNull()
    .references(() => persons.id),
  survivorBefore: jsonb('survivor_before').$type<PersonBeforeMerge>().notNull(),
  mergedBefore: jsonb('merged_before').$type<PersonBeforeMerge>().notNull(),
  movedReferences: jsonb('moved_references').$type<MergeMoves>().notNull(),
  reason: text('reason'),
  mergedBy: integer('merged_by').references(() => accounts.id),
  mergedAt: timestamp('merged_at', { withTimezone: true }).notNull().defaultNow(),
  revertedBy: integer('reverted_by').references(() => accounts.id),
  revertedAt: timestamp('reverted_at', { withTimezone: true }),
});

/**
 * Which roster imports created or updated a person. An import is audited once (one chained entry
 * with its file name and counts, entity id = the job); this narrow log ties each person to it, so
 * the person's history shows who imported them from which file, without a million audit entries.
 * A bulk load, which gives its people a block of ids of their own, is one row for the whole block:
 * `person_id` to `last_person_id`.
 * No foreign key: persons are never deleted (a merged record stays, with its own history).
 */
export const personImports = pgTable(
  'person_imports',
  {
    personId: bigint('person_id', { mode: 'number' }).notNull(),
    jobId: uuid('job_id').notNull(),
    action: text('action', { enum: ['create', 'update'] }).notNull(),
    lastPersonId: bigint('last_person_id', { mode: 'number' }),
  },
  (t) => [
    primaryKey({ name: 'person_imports_pkey', columns: [t.personId, t.jobId] }),
    check('person_imports_action_check', sql`${t.action} in ('create', 'update')`),
    index('person_imports_blocks_idx')
      .on(t.personId, t.lastPersonId)
      .where(sql`${t.lastPersonId} is not null`),
  ],
);

export type PersonDbRow = typeof persons.$inferSelect;

/**
 * 信息更正申请: a worker asks, from the portal, that a field of their record be corrected; staff of
 * the person's union (as the tree is now) accept it, which edits the record through the ordinary
 * edit, or refuse it with a reason. A proposed phone is kept encrypted (staff see it masked until
 * they accept). One open request per person and field.
 */
export const personCorrections = pgTable(
  'person_corrections',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    field: text('field').notNull(),
    /** The proposed value: plain, or for the phone its ciphertext. */
    proposed: text('proposed').notNull(),
    /** The proposed value as staff see it before accepting (the phone masked). */
    proposedShown: text('proposed_shown').notNull(),
    /** The value the record had when the worker asked (masked for the phone), for the reviewer. */
    current: text('current'),
    note: text('note'),
    status: text('status', { enum: ['open', 'accepted', 'rejected'] })
      .notNull()
      .default('open'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: integer('decided_by').references(() => accounts.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    reason: text('reason'),
  },
  (t) => [
    uniqueIndex('person_corrections_open_key')
      .on(t.personId, t.field)
      .where(sql`${t.status} = 'open'`),
    index('person_corrections_status_idx').on(t.status, t.createdAt),
    check('person_corrections_status_check', sql`${t.status} in ('open', 'accepted', 'rejected')`),
    check(
      'person_corrections_field_check',
      sql`${t.field} in ('name', 'phone', 'address', 'ethnicity', 'hukouType', 'politicalStatus', 'education', 'employerName', 'employerCreditCode', 'occupation', 'employmentForm', 'workStatus')`,
    ),
    check('person_corrections_decided_check', sql`(${t.status} = 'open') = (${t.decidedAt} is null)`),
    check('person_corrections_reason_check', sql`${t.status} <> 'rejected' or coalesce(btrim(${t.reason}), '') <> ''`),
  ],
);

/**
 * 个人信息授权: the worker's consent to optional uses of their data (PIPL art. 15: consent may be
 * withdrawn as easily as given). No row means the consent given when they started to use the
 * portal stands; a withdrawal is a row with `granted = false`. Sign-in codes are not an optional use.
 */
export const personConsents = pgTable(
  'person_consents',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    /** `sms_notices` (text messages other than sign-in codes), `surveys`. */
    purpose: text('purpose').notNull(),
    granted: boolean('granted').notNull(),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('person_consents_person_purpose_key').on(t.personId, t.purpose),
    check('person_consents_purpose_check', sql`${t.purpose} in ('sms_notices', 'surveys')`),
  ],
);
