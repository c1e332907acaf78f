import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/orgs.schema.ts';
import { accounts } from '../auth/auth.schema.ts';
import { persons } from '../people/people.schema.ts';
import type { EligibilityRule } from '../people/eligibility.contract.ts';
import type { FundSource, PackageItem } from './campaigns.contract.ts';

/** 慰问活动. `rule` is the eligibility rule (see EligibilityRule in the contract). */
export const campaigns = pgTable(
  'campaigns',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    name: text('name').notNull(),
    theme: text('theme'),
    kind: text('kind').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    mode: text('mode', { enum: ['single', 'cascade'] }).notNull(),
    status: text('status', { enum: ['draft', 'submitted', 'approved', 'running', 'ended', 'archived'] })
      .notNull()
      .default('draft'),
    maxPerPerson: integer('max_per_person').notNull().default(1),
    overlapPolicy: text('overlap_policy', { enum: ['off', 'warn', 'refuse'] })
      .notNull()
      .default('warn'),
    description: text('description'),
    rule: jsonb('rule').$type<EligibilityRule>().notNull(),
    /**
     * What the freeze does where a union's list exceeds its quota: 'cap' cuts it at the quota in the
     * stated priority order (the rest excluded as 超出配额), 'raise' raises the quota to the list
     * within the parent's free budget; null until the organiser chooses (approval then refuses).
     */
    quotaRule: text('quota_rule', { enum: ['cap', 'raise'] }),
    createdBy: integer('created_by').references(() => accounts.id),
    /** Who sent the draft for approval (待审批) and when; the approver must be someone else. */
    submittedBy: integer('submitted_by').references(() => accounts.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    /** Why the approver sent it back to draft (退回), shown to the author until it is submitted again. */
    returnReason: text('return_reason'),
    approvedBy: integer('approved_by').references(() => accounts.id),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    frozenAt: timestamp('frozen_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('campaigns_org_idx').on(t.orgId),
    check('campaigns_period_check', sql`${t.startsOn} <= ${t.endsOn}`),
    check('campaigns_max_check', sql`${t.maxPerPerson} between 1 and 12`),
    check('campaigns_quota_rule_check', sql`${t.quotaRule} is null or ${t.quotaRule} in ('cap', 'raise')`),
    check('campaigns_status_check', sql`${t.status} in ('draft', 'submitted', 'approved', 'running', 'ended', 'archived')`),
    // Four eyes: the author never approves their own campaign.
    check('campaigns_four_eyes_check', sql`${t.approvedBy} is null or ${t.createdBy} is null or ${t.approvedBy} <> ${t.createdBy}`),
    // ... nor the one who submitted it for approval.
    check('campaigns_four_eyes_submit_check', sql`${t.approvedBy} is null or ${t.submittedBy} is null or ${t.approvedBy} <> ${t.submittedBy}`),
  ],
);

export const campaignFunds = pgTable(
  'campaign_funds',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    source: text('source').$type<FundSource>().notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    note: text('note'),
  },
  (t) => [index('campaign_funds_campaign_idx').on(t.campaignId), check('campaign_funds_amount_check', sql`${t.amountFen} > 0`)],
);

/** 慰问档次: a package for the people its rule picks; tiers are tried in `sort` order. */
export const campaignPackages = pgTable(
  'campaign_packages',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['goods', 'cash', 'voucher', 'mixed'] }).notNull(),
    /** Unit value: what one hand-out costs the budget (the cash part and the items together). */
    valueFen: bigint('value_fen', { mode: 'number' }).notNull(),
    /** The cash handed out with it: all of it for a cash tier, the 慰问金 of a mixed tier, none for goods. */
    cashFen: bigint('cash_fen', { mode: 'number' }).notNull().default(0),
    items: jsonb('items')
      .$type<PackageItem[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Null: everyone not picked by an earlier tier. */
    rule: jsonb('rule').$type<EligibilityRule>(),
    sort: integer('sort').notNull(),
  },
  (t) => [
    uniqueIndex('campaign_packages_sort_key').on(t.campaignId, t.sort),
    check('campaign_packages_value_check', sql`${t.valueFen} > 0`),
    check('campaign_packages_cash_check', sql`${t.cashFen} >= 0 and ${t.cashFen} <= ${t.valueFen}`),
  ],
);

/** Manual additions and exclusions with their reason, kept apart from the computed list. */
export const campaignAdjustments = pgTable(
  'campaign_adjustments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    kind: text('kind', { enum: ['add', 'exclude'] }).notNull(),
    packageId: integer('package_id').references(() => campaignPackages.id),
    reason: text('reason').notNull(),
    byAccountId: integer('by_account_id').references(() => accounts.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('campaign_adjustments_person_key').on(t.campaignId, t.personId)],
);

/**
 * 名额与预算: what an org received for this campaign. The organiser's row is the root; each row's
 * children never take more than it has (`child_*` columns), and what its own points spend is
 * checked against `budget - child_budget` in the same statement that spends it.
 */
export const campaignAllocations = pgTable(
  'campaign_allocations',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    parentOrgId: integer('parent_org_id').references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    quota: integer('quota').notNull().default(0),
    budgetFen: bigint('budget_fen', { mode: 'number' }).notNull().default(0),
    childQuota: integer('child_quota').notNull().default(0),
    childBudgetFen: bigint('child_budget_fen', { mode: 'number' }).notNull().default(0),
    spentFen: bigint('spent_fen', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.orgId] }),
    check('campaign_allocations_budget_check', sql`${t.childBudgetFen} + ${t.spentFen} <= ${t.budgetFen} and ${t.spentFen} >= 0`),
    check('campaign_allocations_quota_check', sql`${t.childQuota} <= ${t.quota}`),
  ],
);

/**
 * 慰问对象: the frozen list. Rows are written at approval (and by later manual changes, each with a
 * reason); changes to people afterwards do not move them. `received` counts the net hand-outs.
 */
export const campaignBeneficiaries = pgTable(
  'campaign_beneficiaries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    /** The org path as it was when the list was frozen (reports stay stable if the tree moves). */
    orgPath: text('org_path').notNull(),
    /** The allocation (an org) whose budget pays this person's package. */
    allocationOrgId: integer('allocation_org_id').notNull(),
    packageId: integer('package_id')
      .notNull()
      .references(() => campaignPackages.id),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    source: text('source', { enum: ['rule', 'manual'] }).notNull(),
    excluded: boolean('excluded').notNull().default(false),
    reason: text('reason'),
    overlap: text('overlap'),
    maxCount: integer('max_count').notNull().default(1),
    received: integer('received').notNull().default(0),
    /** Every hand-out line ever written for this person (reversed ones too): numbers the next. */
    linesWritten: integer('lines_written').notNull().default(0),
    lastReceivedAt: timestamp('last_received_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('campaign_beneficiaries_person_key').on(t.campaignId, t.personId),
    index('campaign_beneficiaries_path_idx').on(t.campaignId, t.orgPath.op('text_pattern_ops')),
    index('campaign_beneficiaries_person_idx').on(t.personId),
    check('campaign_beneficiaries_received_check', sql`${t.received} >= 0 and ${t.received} <= ${t.maxCount} and (${t.received} = 0 or not ${t.excluded})`),
  ],
);

export const campaignPoints = pgTable(
  'campaign_points',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    name: text('name').notNull(),
    address: text('address'),
    /** Opening hours as staff write them (e.g. 每天 9:00–17:00). */
    hours: text('hours'),
    /** Hand-outs here happen from `opensOn` to `closesOn` (both inclusive), within the campaign's period. */
    opensOn: date('opens_on', { mode: 'string' }),
    closesOn: date('closes_on', { mode: 'string' }),
    dutyAccountIds: integer('duty_account_ids')
      .array()
      .notNull()
      .default(sql`'{}'::int[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('campaign_points_campaign_idx').on(t.campaignId),
    uniqueIndex('campaign_points_name_key').on(t.campaignId, t.name),
    check('campaign_points_dates_check', sql`${t.opensOn} is null or ${t.closesOn} is null or ${t.opensOn} <= ${t.closesOn}`),
  ],
);

/** Stock of a package at a point; `issued` counts net hand-outs there and never passes `quantity`. */
export const campaignPointStock = pgTable(
  'campaign_point_stock',
  {
    pointId: integer('point_id')
      .notNull()
      .references(() => campaignPoints.id, { onDelete: 'cascade' }),
    packageId: integer('package_id')
      .notNull()
      .references(() => campaignPackages.id, { onDelete: 'cascade' }),
    quantity: integer('quantity').notNull(),
    issued: integer('issued').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.pointId, t.packageId] }), check('campaign_point_stock_check', sql`${t.issued} >= 0 and ${t.issued} <= ${t.quantity}`)],
);

/**
 * 库存调拨: stock of a package moved from one point of a campaign to another, after setup. Each move
 * takes from the source's `quantity` (never below what it has issued) and adds to the target's, in
 * one transaction with this record and its audit entry.
 */
export const campaignStockMoves = pgTable(
  'campaign_stock_moves',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    fromPointId: integer('from_point_id')
      .notNull()
      .references(() => campaignPoints.id, { onDelete: 'cascade' }),
    toPointId: integer('to_point_id')
      .notNull()
      .references(() => campaignPoints.id, { onDelete: 'cascade' }),
    packageId: integer('package_id')
      .notNull()
      .references(() => campaignPackages.id, { onDelete: 'cascade' }),
    quantity: integer('quantity').notNull(),
    reason: text('reason'),
    byAccountId: integer('by_account_id').references(() => accounts.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('campaign_stock_moves_campaign_idx').on(t.campaignId),
    check('campaign_stock_moves_check', sql`${t.quantity} > 0 and ${t.fromPointId} <> ${t.toPointId}`),
  ],
);

/**
 * 发放台账: append-only (a trigger refuses UPDATE and DELETE). A mistake is corrected by a
 * 'reversal' line pointing at the line it cancels. `seq` numbers a person's hand-outs within the
 * campaign, so the database itself refuses a second line for the same hand-out.
 * Partitioned by month of `at` (migration 0058): the key is (id, at). A unique index of a
 * partitioned table must hold the partition key, so the keys that span months (the idempotency
 * key, the hand-out's `seq`, the reversed line) are kept in `disbursement_line_keys`, written by
 * a trigger in the same statement as the line.
 */
export const disbursementLines = pgTable(
  'disbursement_lines',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    beneficiaryId: bigint('beneficiary_id', { mode: 'number' })
      .notNull()
      .references(() => campaignBeneficiaries.id),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    orgId: integer('org_id').notNull(),
    orgPath: text('org_path').notNull(),
    pointId: integer('point_id').references(() => campaignPoints.id),
    packageId: integer('package_id').notNull(),
    /** The allocation whose budget paid (or, for a reversal, got back) the amount. */
    allocationOrgId: integer('allocation_org_id').notNull(),
    kind: text('kind', { enum: ['issue', 'reversal'] }).notNull(),
    seq: integer('seq'),
    reversesLineId: bigint('reverses_line_id', { mode: 'number' }),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    on: date('on', { mode: 'string' }).notNull(),
    reason: text('reason'),
    idempotencyKey: text('idempotency_key').notNull(),
    handledBy: integer('handled_by').references(() => accounts.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** What proved the hand-out (扫码, 核验身份证号, 纸质签领单); none on a reversal. */
    evidence: text('evidence', { enum: ['qr', 'id_number', 'paper'] }),
    /** The card's code as scanned, the typed ID number masked (never in clear), or the paper sheet's number. */
    evidenceRef: text('evidence_ref'),
  },
  (t) => [
    primaryKey({ name: 'disbursement_lines_pkey', columns: [t.id, t.at] }),
    index('disbursement_lines_idempotency_idx').on(t.idempotencyKey),
    index('disbursement_lines_reverses_idx').on(t.reversesLineId),
    // The covering index for live roll-ups by subtree (campaign_id, org_path) INCLUDE (...) is in a custom migration.
    index('disbursement_lines_point_idx').on(t.pointId),
    index('disbursement_lines_person_idx').on(t.personId),
    check(
      'disbursement_lines_kind_check',
      sql`(${t.kind} = 'issue' and ${t.seq} is not null and ${t.reversesLineId} is null and ${t.amountFen} >= 0)
      or (${t.kind} = 'reversal' and ${t.seq} is null and ${t.reversesLineId} is not null and ${t.amountFen} <= 0 and ${t.reason} is not null)`,
    ),
    // Every hand-out carries its evidence (lines written before evidence was recorded are left as
    // they are: the migration adds this NOT VALID, the ledger being append-only).
    check(
      'disbursement_lines_evidence_check',
      sql`(${t.kind} = 'reversal' and ${t.evidence} is null and ${t.evidenceRef} is null)
      or (${t.kind} = 'issue' and ${t.evidence} in ('qr', 'id_number', 'paper') and ${t.evidenceRef} is not null)`,
    ),
  ],
);

/**
 * The ledger's keys across all its months, one row per line (trigger `disbursement_lines_keys`):
 * the unique indexes keep the names they had on the ledger, so a refusal reads the same.
 */
export const disbursementLineKeys = pgTable(
  'disbursement_line_keys',
  {
    lineId: bigint('line_id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    beneficiaryId: bigint('beneficiary_id', { mode: 'number' }).notNull(),
    seq: integer('seq'),
    reversesLineId: bigint('reverses_line_id', { mode: 'number' }),
  },
  (t) => [
    uniqueIndex('disbursement_lines_idempotency_key').on(t.idempotencyKey),
    uniqueIndex('disbursement_lines_seq_key').on(t.beneficiaryId, t.seq),
    uniqueIndex('disbursement_lines_reverses_key').on(t.reversesLineId),
  ],
);

/**
 * Pre-aggregated progress, kept exact by the transaction of every hand-out: one row per campaign,
 * org of the beneficiary (with its path as it was) and day. The whole tree's progress sums these.
 */
export const campaignProgress = pgTable(
  'campaign_progress',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    orgId: integer('org_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    orgPath: text('org_path').notNull(),
    persons: integer('persons').notNull().default(0),
    personTimes: integer('person_times').notNull().default(0),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.orgId, t.day] })],
);

/** How many beneficiaries each org's list holds (kept with the list), for progress without scanning it. */
export const campaignListCounts = pgTable(
  'campaign_list_counts',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    orgId: integer('org_id').notNull(),
    orgPath: text('org_path').notNull(),
    beneficiaries: integer('beneficiaries').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.orgId] })],
);
