import { sql } from 'drizzle-orm';
import { bigint, boolean, check, customType, date, index, integer, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});
import { orgs } from '../orgs/orgs.schema.ts';
import { accounts } from '../auth/auth.schema.ts';
import { persons } from '../people/people.schema.ts';

/**
 * 困难职工档案: one per household. Household finances, health and the bank account are sensitive:
 * the finances are kept here for the category computation but shown only with their permission;
 * the bank account is encrypted (shown masked).
 */
export const hardshipCases = pgTable(
  'hardship_cases',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    caseNo: text('case_no').notNull(),
    kind: text('kind', { enum: ['full', 'temporary'] })
      .notNull()
      .default('full'),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    status: text('status', { enum: ['applied', 'verified', 'noticed', 'active', 'exited', 'closed'] })
      .notNull()
      .default('applied'),
    category: text('category').notNull(),
    computedCategory: text('computed_category').notNull(),
    overrideReason: text('override_reason'),
    explanation: text('explanation').notNull(),
    mainCause: text('main_cause').notNull(),
    secondaryCauses: text('secondary_causes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    householdSize: integer('household_size').notNull(),
    yearlyIncomeFen: bigint('yearly_income_fen', { mode: 'number' }).notNull(),
    hardshipSpendingFen: bigint('hardship_spending_fen', { mode: 'number' }).notNull(),
    perCapitaMonthlyFen: bigint('per_capita_monthly_fen', { mode: 'number' }).notNull(),
    suddenEvent: boolean('sudden_event').notNull().default(false),
    migrantYears: integer('migrant_years'),
    housing: text('housing').notNull(),
    housingArea: numeric('housing_area', { mode: 'number' }),
    medicalInsurance: boolean('medical_insurance').notNull().default(true),
    health: text('health'),
    disability: text('disability'),
    bankName: text('bank_name'),
    bankAccountEnc: text('bank_account_enc'),
    bankAccountMasked: text('bank_account_masked'),
    assessedOn: date('assessed_on', { mode: 'string' }).notNull(),
    filedOn: date('filed_on', { mode: 'string' }).notNull(),
    relapsed: boolean('relapsed').notNull().default(false),
    filedBy: integer('filed_by').references(() => accounts.id),
    verifiedBy: integer('verified_by').references(() => accounts.id),
    noticedBy: integer('noticed_by').references(() => accounts.id),
    /** The day the public notice (公示) started; approval waits for the policy's number of days. */
    noticedOn: date('noticed_on', { mode: 'string' }),
    approvedBy: integer('approved_by').references(() => accounts.id),
    /** Where the file came from: filed by staff, or sent by the worker from the portal (职工申请, no staff filer). */
    source: text('source', { enum: ['staff', 'worker'] })
      .notNull()
      .default('staff'),
    /** The worker's own account of their hardship on a portal application (申请说明), or null. */
    statement: text('statement'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('hardship_cases_no_key').on(t.caseNo),
    index('hardship_cases_org_idx').on(t.orgId),
    check('hardship_cases_causes_check', sql`cardinality(${t.secondaryCauses}) <= 3 and not (${t.mainCause} = any(${t.secondaryCauses}))`),
    // Four eyes: whoever filed a case does not verify it.
    check('hardship_cases_four_eyes_check', sql`${t.verifiedBy} is null or ${t.filedBy} is null or ${t.verifiedBy} <> ${t.filedBy}`),
    // … nor starts its public notice, nor approves it.
    check(
      'hardship_cases_four_eyes_approval_check',
      sql`${t.filedBy} is null or ((${t.noticedBy} is null or ${t.noticedBy} <> ${t.filedBy}) and (${t.approvedBy} is null or ${t.approvedBy} <> ${t.filedBy}))`,
    ),
    check('hardship_cases_override_check', sql`${t.category} = ${t.computedCategory} or ${t.overrideReason} is not null`),
    // A worker's own application has no staff filer, so every staff member may verify it.
    check('hardship_cases_source_check', sql`${t.source} in ('staff', 'worker') and (${t.source} = 'staff' or ${t.filedBy} is null)`),
  ],
);

/**
 * 家庭成员, the applicant included (relationship 本人). A person belongs to at most one household
 * file that is not closed: the database refuses a second (一户一档).
 */
export const hardshipMembers = pgTable(
  'hardship_members',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer('case_id')
      .notNull()
      .references(() => hardshipCases.id),
    personId: bigint('person_id', { mode: 'number' }).references(() => persons.id),
    name: text('name').notNull(),
    relationship: text('relationship').notNull(),
    health: text('health'),
    monthlyIncomeFen: bigint('monthly_income_fen', { mode: 'number' }),
    schoolOrEmployer: text('school_or_employer'),
    /** false once the file is closed (销档): the person may then be filed again. */
    openFile: boolean('open_file').notNull().default(true),
  },
  (t) => [
    index('hardship_members_case_idx').on(t.caseId),
    uniqueIndex('hardship_members_one_file_key')
      .on(t.personId)
      .where(sql`${t.openFile} and ${t.personId} is not null`),
  ],
);

/** The case's timeline: every step with who, when and why. */
export const hardshipEvents = pgTable(
  'hardship_events',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer('case_id')
      .notNull()
      .references(() => hardshipCases.id),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    reason: text('reason'),
    byAccountId: integer('by_account_id').references(() => accounts.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('hardship_events_case_idx').on(t.caseId)],
);

/** 帮扶记录. Caps are checked against the year's sum under the case's row lock. */
export const hardshipAssistance = pgTable(
  'hardship_assistance',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer('case_id')
      .notNull()
      .references(() => hardshipCases.id),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    type: text('type').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    on: date('on', { mode: 'string' }).notNull(),
    fundSource: text('fund_source').notNull(),
    cause: text('cause'),
    note: text('note'),
    handledBy: integer('handled_by').references(() => accounts.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * 待复核 ('pending') for an amount above the policy's threshold until a second account signs it
     * off; only 'paid' records are paid out and count towards caps and totals.
     */
    status: text('status', { enum: ['pending', 'paid'] })
      .notNull()
      .default('paid'),
    signedOffBy: integer('signed_off_by').references(() => accounts.id),
    signedOffAt: timestamp('signed_off_at', { withTimezone: true }),
  },
  (t) => [
    index('hardship_assistance_case_idx').on(t.caseId, t.type, t.on),
    index('hardship_assistance_path_idx').on(t.orgPath.op('text_pattern_ops')),
    check('hardship_assistance_amount_check', sql`${t.amountFen} > 0`),
    check('hardship_assistance_status_check', sql`${t.status} in ('pending', 'paid') and (${t.status} = 'paid' or ${t.signedOffBy} is null)`),
    // Four eyes on large amounts: whoever recorded it never signs it off.
    check('hardship_assistance_signoff_check', sql`${t.signedOffBy} is null or ${t.handledBy} is null or ${t.signedOffBy} <> ${t.handledBy}`),
  ],
);

/** 回访: scheduled after 解困脱困 at the policy's interval; each one done schedules the next. */
export const hardshipFollowups = pgTable(
  'hardship_followups',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer('case_id')
      .notNull()
      .references(() => hardshipCases.id),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    doneOn: date('done_on', { mode: 'string' }),
    result: text('result'),
    hardshipReturned: boolean('hardship_returned'),
    byAccountId: integer('by_account_id').references(() => accounts.id),
  },
  (t) => [
    index('hardship_followups_due_idx')
      .on(t.dueOn)
      .where(sql`${t.doneOn} is null`),
    // One open follow-up per case at a time.
    uniqueIndex('hardship_followups_open_key')
      .on(t.caseId)
      .where(sql`${t.doneOn} is null`),
  ],
);

/**
 * 数据比对主动发现: a person a rule proposes, with the evidence. The same rule never proposes the
 * same person again for the same evidence (unique key), whether it was accepted or dismissed.
 * `case_id` set: a relapse-risk flag (返贫风险) on an exited case.
 */
export const hardshipCandidates = pgTable(
  'hardship_candidates',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    caseId: integer('case_id').references(() => hardshipCases.id),
    rule: text('rule').notNull(),
    evidence: text('evidence').notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['open', 'accepted', 'dismissed'] })
      .notNull()
      .default('open'),
    decisionReason: text('decision_reason'),
    decidedBy: integer('decided_by').references(() => accounts.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    foundAt: timestamp('found_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('hardship_candidates_evidence_key').on(t.personId, t.rule, t.evidence),
    index('hardship_candidates_open_idx')
      .on(t.orgPath.op('text_pattern_ops'))
      .where(sql`${t.status} = 'open'`),
  ],
);

/** 证明材料: scans kept in the database (app servers stay stateless), served only within scope. */
export const hardshipAttachments = pgTable(
  'hardship_attachments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer('case_id')
      .notNull()
      .references(() => hardshipCases.id),
    title: text('title').notNull(),
    filename: text('filename').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    data: bytea('data').notNull(),
    byAccountId: integer('by_account_id').references(() => accounts.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('hardship_attachments_case_idx').on(t.caseId),
    check('hardship_attachments_mime_check', sql`${t.mime} in ('application/pdf', 'image/jpeg', 'image/png')`),
  ],
);
