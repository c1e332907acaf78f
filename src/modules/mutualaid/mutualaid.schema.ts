import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
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
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/orgs.schema.ts';
import { accounts } from '../auth/auth.schema.ts';
import { persons } from '../people/people.schema.ts';
import type { ClaimFacts, DocumentKind, EligibilityRule, PayoutFormula } from './mutualaid.contract.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/** 保障计划: a union's plan for one term (at most a year), its audience, waiting period and payout formula. */
export const mutualaidPlans = pgTable(
  'mutualaid_plans',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    termStart: date('term_start', { mode: 'string' }).notNull(),
    termEnd: date('term_end', { mode: 'string' }).notNull(),
    contributionFen: bigint('contribution_fen', { mode: 'number' }).notNull(),
    audience: jsonb('audience').$type<EligibilityRule>().notNull(),
    waitingDays: integer('waiting_days').notNull(),
    exclusions: text('exclusions'),
    formula: jsonb('formula').$type<PayoutFormula>().notNull(),
    requiredDocuments: text('required_documents').array().$type<DocumentKind[]>().notNull(),
    selfEnrol: boolean('self_enrol').notNull().default(false),
    claimDeadlineDays: integer('claim_deadline_days').notNull(),
    status: text('status').notNull().default('draft'),
    createdBy: integer('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('mutualaid_plans_org_idx').on(t.orgId),
    check('mutualaid_plans_term_check', sql`${t.termStart} < ${t.termEnd} and ${t.termEnd} <= ${t.termStart} + interval '1 year'`),
    check('mutualaid_plans_status_check', sql`${t.status} in ('draft', 'open', 'closed')`),
    check('mutualaid_plans_kind_check', sql`${t.kind} in ('hospital', 'accident', 'women', 'critical', 'new_form_accident')`),
    check('mutualaid_plans_money_check', sql`${t.contributionFen} >= 0 and ${t.waitingDays} >= 0`),
  ],
);

/** 参保批次: one batch of enrolments — by rule, an employer's list, a union's gift, a worker's own — and who paid. */
export const mutualaidBatches = pgTable(
  'mutualaid_batches',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    planId: integer('plan_id')
      .notNull()
      .references(() => mutualaidPlans.id),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    source: text('source').notNull(),
    payer: text('payer').notNull(),
    employer: text('employer'),
    persons: integer('persons').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    paidOn: date('paid_on', { mode: 'string' }),
    note: text('note'),
    createdBy: integer('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('mutualaid_batches_plan_idx').on(t.planId),
    check('mutualaid_batches_source_check', sql`${t.source} in ('rule', 'sheet', 'gift', 'self')`),
    check('mutualaid_batches_payer_check', sql`${t.payer} in ('employer', 'union', 'self') and (${t.source} <> 'gift' or ${t.payer} = 'union')`),
  ],
);

/**
 * 参保记录: a person covered by a plan for its period, from `cover_from` (after the waiting period)
 * to `cover_to`. Never twice in the same plan and period (the unique key). `approved_fen` is what
 * was approved on the person's claims under this enrolment; it never passes the plan's yearly cap
 * copied here (a check: the cap holds whatever the code does).
 */
export const mutualaidEnrolments = pgTable(
  'mutualaid_enrolments',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    planId: integer('plan_id')
      .notNull()
      .references(() => mutualaidPlans.id),
    period: text('period').notNull(),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    batchId: integer('batch_id')
      .notNull()
      .references(() => mutualaidBatches.id),
    /** The person's union and occupation when enrolled (history for the statistics). */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    occupation: text('occupation'),
    employer: text('employer'),
    gifted: boolean('gifted').notNull().default(false),
    contributionFen: bigint('contribution_fen', { mode: 'number' }).notNull(),
    coverFrom: date('cover_from', { mode: 'string' }).notNull(),
    coverTo: date('cover_to', { mode: 'string' }).notNull(),
    yearlyCapFen: bigint('yearly_cap_fen', { mode: 'number' }),
    approvedFen: bigint('approved_fen', { mode: 'number' }).notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('mutualaid_enrolments_once_key').on(t.planId, t.period, t.personId),
    index('mutualaid_enrolments_person_idx').on(t.personId),
    index('mutualaid_enrolments_org_idx').on(t.planId, t.orgId),
    check('mutualaid_enrolments_cover_check', sql`${t.coverFrom} <= ${t.coverTo}`),
    check('mutualaid_enrolments_cap_check', sql`${t.approvedFen} >= 0 and (${t.yearlyCapFen} is null or ${t.approvedFen} <= ${t.yearlyCapFen})`),
  ],
);

/**
 * 互助金申请: a claim under an enrolment, through 受理 → 审核 → 复核 → 审批 → 支付 or 驳回. The
 * 复核 is by another account than the 审核 (a check). The approved amount never passes what the
 * formula gave (a check); the caps across claims hold on the enrolment.
 */
export const mutualaidClaims = pgTable(
  'mutualaid_claims',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    claimNo: text('claim_no').notNull().unique(),
    planId: integer('plan_id')
      .notNull()
      .references(() => mutualaidPlans.id),
    enrolmentId: bigint('enrolment_id', { mode: 'number' })
      .notNull()
      .references(() => mutualaidEnrolments.id),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    /** The person's union when the claim was filed: who sees and acts on it follows the tree through it. */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    eventDate: date('event_date', { mode: 'string' }).notNull(),
    admittedOn: date('admitted_on', { mode: 'string' }),
    dischargedOn: date('discharged_on', { mode: 'string' }),
    facts: jsonb('facts').$type<ClaimFacts>().notNull(),
    documents: text('documents').array().$type<DocumentKind[]>().notNull(),
    claimedFen: bigint('claimed_fen', { mode: 'number' }).notNull(),
    computedFen: bigint('computed_fen', { mode: 'number' }).notNull(),
    approvedFen: bigint('approved_fen', { mode: 'number' }),
    paidFen: bigint('paid_fen', { mode: 'number' }),
    explanation: text('explanation').notNull(),
    flags: jsonb('flags').$type<{ kind: 'duplicate_invoice' | 'overlapping_stay'; message: string }[]>().notNull(),
    bankName: text('bank_name'),
    bankAccountEnc: text('bank_account_enc'),
    bankAccountMasked: text('bank_account_masked'),
    status: text('status').notNull().default('received'),
    note: text('note'),
    rejectReason: text('reject_reason'),
    appealReason: text('appeal_reason'),
    paymentId: integer('payment_id').references((): AnyPgColumn => mutualaidPayments.id),
    /** Who filed it: staff at the counter (受理 by `received_by`), or the worker on the portal (职工申请, no staff account). */
    source: text('source', { enum: ['staff', 'worker'] })
      .notNull()
      .default('staff'),
    /** The worker's portal account that filed it (kept without a key: a worker account may be closed, the claim stays). */
    workerId: integer('worker_id'),
    receivedBy: integer('received_by').references(() => accounts.id),
    reviewedBy: integer('reviewed_by').references(() => accounts.id),
    recheckedBy: integer('rechecked_by').references(() => accounts.id),
    approvedBy: integer('approved_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('mutualaid_claims_org_idx').on(t.orgId, t.id),
    index('mutualaid_claims_status_idx').on(t.status, t.orgId),
    index('mutualaid_claims_person_idx').on(t.personId),
    index('mutualaid_claims_enrolment_idx').on(t.enrolmentId),
    check('mutualaid_claims_status_check', sql`${t.status} in ('received', 'reviewed', 'rechecked', 'approved', 'paid', 'rejected')`),
    // Four eyes: the 复核 is never by whoever did the 审核.
    check('mutualaid_claims_four_eyes_check', sql`${t.recheckedBy} is null or ${t.reviewedBy} is null or ${t.recheckedBy} <> ${t.reviewedBy}`),
    check('mutualaid_claims_approved_check', sql`${t.approvedFen} is null or (${t.approvedFen} >= 0 and ${t.approvedFen} <= ${t.computedFen})`),
    check(
      'mutualaid_claims_paid_check',
      sql`(${t.status} = 'paid') = (${t.paidFen} is not null) and (${t.paidFen} is null or ${t.paidFen} = ${t.approvedFen})`,
    ),
    check('mutualaid_claims_rejected_check', sql`(${t.status} = 'rejected') = (${t.rejectReason} is not null)`),
    check(
      'mutualaid_claims_source_check',
      sql`${t.source} in ('staff', 'worker') and (${t.source} = 'staff' or (${t.receivedBy} is null and ${t.workerId} is not null))`,
    ),
    check('mutualaid_claims_stay_check', sql`${t.dischargedOn} is null or ${t.admittedOn} is null or ${t.dischargedOn} >= ${t.admittedOn}`),
  ],
);

/**
 * 发票: an invoice number claimed. A number is live on one claim at a time (the partial unique
 * key); a refused claim releases its invoices.
 */
export const mutualaidClaimInvoices = pgTable(
  'mutualaid_claim_invoices',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    claimId: bigint('claim_id', { mode: 'number' })
      .notNull()
      .references(() => mutualaidClaims.id),
    invoiceNo: text('invoice_no').notNull(),
    live: boolean('live').notNull().default(true),
  },
  (t) => [
    uniqueIndex('mutualaid_claim_invoices_live_key')
      .on(t.invoiceNo)
      .where(sql`${t.live}`),
    index('mutualaid_claim_invoices_claim_idx').on(t.claimId),
  ],
);

/** 申请材料: scans of a claim's documents (sensitive: read with `mutualaid:sensitive`, audited). */
export const mutualaidClaimDocuments = pgTable(
  'mutualaid_claim_documents',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    claimId: bigint('claim_id', { mode: 'number' })
      .notNull()
      .references(() => mutualaidClaims.id),
    kind: text('kind').notNull(),
    fileName: text('file_name').notNull(),
    mime: text('mime').notNull(),
    content: bytea('content').notNull(),
    uploadedBy: integer('uploaded_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('mutualaid_claim_documents_claim_idx').on(t.claimId)],
);

/** 办理记录: each step of a claim, with its opinion or reason. Append-only. */
export const mutualaidClaimSteps = pgTable(
  'mutualaid_claim_steps',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    claimId: bigint('claim_id', { mode: 'number' })
      .notNull()
      .references(() => mutualaidClaims.id),
    action: text('action').notNull(),
    note: text('note'),
    by: integer('by').references(() => accounts.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('mutualaid_claim_steps_claim_idx').on(t.claimId)],
);

/** 支付批次: approved claims sent to the bank in one file; the results read back settle each claim. */
export const mutualaidPayments = pgTable(
  'mutualaid_payments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    status: text('status').notNull().default('exported'),
    claims: integer('claims').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    paid: integer('paid').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    createdBy: integer('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('mutualaid_payments_status_check', sql`${t.status} in ('exported', 'settled')`), index('mutualaid_payments_org_idx').on(t.orgId)],
);

/**
 * 申请汇总: claims counted and summed by union, plan, status and month of the event, kept by a
 * trigger on `mutualaid_claims` in the same transaction as every change to a claim (migration
 * 0056), so a city's statistics read a few hundred rows instead of scanning its claims.
 */
export const mutualaidClaimRollup = pgTable(
  'mutualaid_claim_rollup',
  {
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    planId: integer('plan_id')
      .notNull()
      .references(() => mutualaidPlans.id),
    status: text('status').notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    claims: integer('claims').notNull(),
    claimedFen: bigint('claimed_fen', { mode: 'number' }).notNull(),
    approvedFen: bigint('approved_fen', { mode: 'number' }).notNull(),
    paidFen: bigint('paid_fen', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.planId, t.status, t.month] })],
);
