/**
 * Every query of 互助保障: plans seen from the unions they reach, enrolments set-based from the
 * registry, claims and their invoices, documents, steps and payment batches — each read through
 * the caller's scope (the claim's or enrolment's union as the tree is now).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { pathInScope, type Scope } from '../../server/scope.ts';
import { ruleCondition } from '../people/index.ts';
import {
  mutualaidBatches,
  mutualaidClaimDocuments,
  mutualaidClaimInvoices,
  mutualaidClaims,
  mutualaidClaimSteps,
  mutualaidPayments,
  mutualaidPlans,
} from './mutualaid.schema.ts';
import type { ClaimFacts, ClaimStatus, DocumentKind, EligibilityRule, PayoutFormula, PlanKind, PlanStatus } from './mutualaid.contract.ts';

const toArray = (values: readonly (string | number)[]) => `{${values.map((v) => `"${String(v).replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;

// ---- plans ----

export interface PlanRow {
  id: number;
  org_id: number;
  org_name: string;
  org_path: string;
  name: string;
  kind: PlanKind;
  term_start: string;
  term_end: string;
  contribution_fen: number | string;
  audience: EligibilityRule;
  waiting_days: number;
  exclusions: string | null;
  formula: PayoutFormula;
  required_documents: DocumentKind[];
  self_enrol: boolean;
  claim_deadline_days: number;
  status: PlanStatus;
  created_by: number | null;
}

export const planSelect = sql`select g.id, g.org_id, o.name as org_name, o.path as org_path, g.name, g.kind, g.term_start::text as term_start, g.term_end::text as term_end,
                              g.contribution_fen, g.audience, g.waiting_days, g.exclusions, g.formula, g.required_documents, g.self_enrol,
                              g.claim_deadline_days, g.status, g.created_by
                         from mutualaid_plans g join orgs o on o.id = g.org_id`;

/** A plan by id, for a claim or enrolment already found in scope (a plan of a union above reaches it). */
export async function planById(db: DbOrTx, id: number) {
  const [row] = await queryRows<PlanRow>(db, sql`${planSelect} where g.id = ${id}`);
  return row;
}

/** Plans the scope sees: those of its unions, and those of the unions above it that reach it. */
const planVisible = (scope: Scope) => sql`(${pathInScope(scope, sql`o.path`)} or ${scope.path} like o.path || '%')`;

export async function planInScope(db: DbOrTx, scope: Scope, id: number, lock = false) {
  if (lock) await queryRows(db, sql`select id from mutualaid_plans where id = ${id} for update`);
  const [row] = await queryRows<PlanRow>(db, sql`${planSelect} where g.id = ${id} and ${planVisible(scope)}`);
  return row;
}

export async function listPlans(db: DbOrTx, scope: Scope, q: { status?: string; kind?: string; page: number; pageSize: number }) {
  const where = sql.join([planVisible(scope), q.status ? sql`g.status = ${q.status}` : sql`true`, q.kind ? sql`g.kind = ${q.kind}` : sql`true`], sql` and `);
  const [rows, [count]] = await Promise.all([
    queryRows<PlanRow>(db, sql`${planSelect} where ${where} order by g.term_start desc, g.id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from mutualaid_plans g join orgs o on o.id = g.org_id where ${where}`),
  ]);
  return { rows, total: count!.n };
}

/** How many enrolled and how many claims per plan, counted within `scope` only. */
export function planCounts(db: DbOrTx, scope: Scope, planIds: number[]) {
  if (!planIds.length) return Promise.resolve([]);
  return queryRows<{ plan_id: number; enrolled: number; claims: number }>(
    db,
    sql`select g.id as plan_id,
               (select count(*)::int from mutualaid_enrolments e join orgs o on o.id = e.org_id where e.plan_id = g.id and ${pathInScope(scope, sql`o.path`)}) as enrolled,
               (select count(*)::int from mutualaid_claims c join orgs o on o.id = c.org_id where c.plan_id = g.id and ${pathInScope(scope, sql`o.path`)}) as claims
          from mutualaid_plans g where g.id = any(${toArray(planIds)}::int[])`,
  );
}

export async function insertPlan(db: DbOrTx, row: typeof mutualaidPlans.$inferInsert) {
  const [r] = await db.insert(mutualaidPlans).values(row).returning({ id: mutualaidPlans.id });
  return r!.id;
}

export async function updatePlan(db: DbOrTx, id: number, row: Partial<typeof mutualaidPlans.$inferInsert>) {
  await db
    .update(mutualaidPlans)
    .set(row)
    .where(sql`${mutualaidPlans.id} = ${id}`);
}

export function orgPaths(db: DbOrTx, ids: number[]) {
  if (!ids.length) return Promise.resolve([]);
  return queryRows<{ id: number; path: string }>(db, sql`select id, path from orgs where id = any(${toArray(ids)}::int[])`);
}

// ---- enrolment ----

export interface EnrolTerms {
  planId: number;
  period: string;
  batchId: number;
  gifted: boolean;
  contributionFen: number;
  coverFrom: string;
  coverTo: string;
  yearlyCapFen: number | null;
}

/**
 * Enrols, set-based, every active person of `within` who matches the plan's audience and the
 * batch's own rule and is not yet enrolled in the plan and period. Returns how many.
 */
export async function enrolMatching(
  db: DbOrTx,
  within: Scope,
  audience: EligibilityRule,
  narrowing: EligibilityRule | null,
  orgScopes: ReadonlyMap<number, Scope>,
  day: string,
  t: EnrolTerms,
) {
  const [r] = await queryRows<{ n: number }>(
    db,
    sql`with ins as (
          insert into mutualaid_enrolments (plan_id, period, person_id, batch_id, org_id, occupation, employer, gifted, contribution_fen, cover_from, cover_to, yearly_cap_fen)
          select ${t.planId}, ${t.period}, p.id, ${t.batchId}, p.org_id, p.occupation, p.employer_name, ${t.gifted}, ${t.contributionFen}, ${t.coverFrom}::date, ${t.coverTo}::date, ${t.yearlyCapFen}::bigint
            from persons p join orgs o on o.id = p.org_id
           where p.status = 'active' and ${pathInScope(within, sql`o.path`)} and ${ruleCondition(audience, orgScopes, day)}
             and ${narrowing ? ruleCondition(narrowing, orgScopes, day) : sql`true`}
          on conflict (plan_id, period, person_id) do nothing returning 1)
        select count(*)::int as n from ins`,
  );
  return r!.n;
}

/** Which of `personIds` match the audience (within `within`), and which are already enrolled in the plan and period. */
export async function audienceCheck(
  db: DbOrTx,
  within: Scope,
  audience: EligibilityRule,
  orgScopes: ReadonlyMap<number, Scope>,
  day: string,
  planId: number,
  period: string,
  personIds: number[],
) {
  if (!personIds.length) return { matching: new Set<number>(), enrolled: new Set<number>() };
  const [matching, enrolled] = await Promise.all([
    queryRows<{ id: number }>(
      db,
      sql`select p.id::int as id from persons p join orgs o on o.id = p.org_id
           where p.id = any(${toArray(personIds)}::bigint[]) and ${pathInScope(within, sql`o.path`)} and ${ruleCondition(audience, orgScopes, day)}`,
    ),
    queryRows<{ id: number }>(
      db,
      sql`select person_id::int as id from mutualaid_enrolments where plan_id = ${planId} and period = ${period} and person_id = any(${toArray(personIds)}::bigint[])`,
    ),
  ]);
  return { matching: new Set(matching.map((r) => r.id)), enrolled: new Set(enrolled.map((r) => r.id)) };
}

export async function insertEnrolments(
  db: DbOrTx,
  t: EnrolTerms,
  people: { personId: number; orgId: number; occupation: string | null; employer: string | null }[],
) {
  for (let i = 0; i < people.length; i += 1000) {
    const chunk = people.slice(i, i + 1000);
    await queryRows(
      db,
      sql`insert into mutualaid_enrolments (plan_id, period, person_id, batch_id, org_id, occupation, employer, gifted, contribution_fen, cover_from, cover_to, yearly_cap_fen)
          select ${t.planId}, ${t.period}, x.person_id, ${t.batchId}, x.org_id, x.occupation, x.employer, ${t.gifted}, ${t.contributionFen}, ${t.coverFrom}::date, ${t.coverTo}::date, ${t.yearlyCapFen}::bigint
            from unnest(${toArray(chunk.map((p) => p.personId))}::bigint[], ${toArray(chunk.map((p) => p.orgId))}::int[],
                        ${toArray(chunk.map((p) => p.occupation ?? ''))}::text[], ${toArray(chunk.map((p) => p.employer ?? ''))}::text[])
                 as x(person_id, org_id, occupation, employer)`,
    );
  }
}

export async function insertBatch(db: DbOrTx, row: typeof mutualaidBatches.$inferInsert) {
  const [r] = await db.insert(mutualaidBatches).values(row).returning({ id: mutualaidBatches.id });
  return r!.id;
}

export async function settleBatch(db: DbOrTx, id: number) {
  const [r] = await queryRows<{ persons: number; amount_fen: string | number }>(
    db,
    sql`update mutualaid_batches b set persons = s.n, amount_fen = s.fen
          from (select count(*)::int as n, coalesce(sum(contribution_fen), 0)::bigint as fen from mutualaid_enrolments where batch_id = ${id}) s
         where b.id = ${id} returning b.persons, b.amount_fen`,
  );
  return { persons: r!.persons, amountFen: Number(r!.amount_fen) };
}

export function personsByIdIndex(db: DbOrTx, scope: Scope, bidx: string[]) {
  if (!bidx.length) return Promise.resolve([]);
  return queryRows<{ id: number; name: string; org_id: number; occupation: string | null; employer_name: string | null; bidx: string }>(
    db,
    sql`select p.id::int as id, p.name, p.org_id, p.occupation, p.employer_name, p.id_number_bidx as bidx from persons p join orgs o on o.id = p.org_id
         where p.status = 'active' and p.id_number_bidx = any(${toArray(bidx)}::text[]) and ${pathInScope(scope, sql`o.path`)}`,
  );
}

export interface BatchRow {
  id: number;
  source: 'rule' | 'sheet' | 'gift' | 'self';
  payer: 'employer' | 'union' | 'self';
  org_id: number;
  org_name: string;
  employer: string | null;
  persons: number;
  amount_fen: number | string;
  paid_on: string | null;
  created_by_name: string | null;
  created_at: Date | string;
}

export async function listBatches(db: DbOrTx, scope: Scope, planId: number, page: number, pageSize: number) {
  const where = sql`b.plan_id = ${planId} and ${pathInScope(scope, sql`o.path`)}`;
  const [rows, [count]] = await Promise.all([
    queryRows<BatchRow>(
      db,
      sql`select b.id, b.source, b.payer, b.org_id, o.name as org_name, b.employer, b.persons, b.amount_fen, b.paid_on::text as paid_on,
                 coalesce(a.display_name, a.username) as created_by_name, b.created_at
            from mutualaid_batches b join orgs o on o.id = b.org_id left join accounts a on a.id = b.created_by
           where ${where} order by b.id desc limit ${pageSize} offset ${(page - 1) * pageSize}`,
    ),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from mutualaid_batches b join orgs o on o.id = b.org_id where ${where}`),
  ]);
  return { rows, total: count!.n };
}

/** One batch in the scope, with its plan's name (for the audit line); `lock` for an update. */
export async function batchInScope(db: DbOrTx, scope: Scope, id: number, lock = false) {
  const [row] = await queryRows<BatchRow & { plan_name: string; created_day: string }>(
    db,
    sql`select b.id, b.source, b.payer, b.org_id, o.name as org_name, b.employer, b.persons, b.amount_fen, b.paid_on::text as paid_on,
               coalesce(a.display_name, a.username) as created_by_name, b.created_at, g.name as plan_name,
               (b.created_at at time zone 'Asia/Shanghai')::date::text as created_day
          from mutualaid_batches b join orgs o on o.id = b.org_id join mutualaid_plans g on g.id = b.plan_id left join accounts a on a.id = b.created_by
         where b.id = ${id} and ${pathInScope(scope, sql`o.path`)}${lock ? sql` for update of b` : sql``}`,
  );
  return row;
}

/** Records the day a batch was paid, only if it had none: answers whether it did (a second desk loses). */
export async function setBatchPaid(db: DbOrTx, id: number, paidOn: string): Promise<boolean> {
  const rows = await queryRows<{ id: number }>(db, sql`update mutualaid_batches set paid_on = ${paidOn} where id = ${id} and paid_on is null returning id`);
  return rows.length === 1;
}

export interface EnrolmentRow {
  id: number;
  plan_id: number;
  period: string;
  person_id: number;
  name: string;
  id_masked: string;
  org_id: number;
  org: string;
  org_path: string;
  occupation: string | null;
  occupation_label: string | null;
  employer: string | null;
  gifted: boolean;
  contribution_fen: number | string;
  cover_from: string;
  cover_to: string;
  approved_fen: number | string;
}

export const enrolmentSelect = sql`select e.id::int as id, e.plan_id, e.period, e.person_id::int as person_id, p.name, p.id_masked, e.org_id, o.name as org, o.path as org_path,
                                   e.occupation, oc.label as occupation_label, e.employer, e.gifted, e.contribution_fen,
                                   e.cover_from::text as cover_from, e.cover_to::text as cover_to, e.approved_fen
                              from mutualaid_enrolments e join persons p on p.id = e.person_id join orgs o on o.id = e.org_id
                              left join occupations oc on oc.code = e.occupation`;

export async function listEnrolments(db: DbOrTx, scope: Scope, planId: number, q: { q?: string; page: number; pageSize: number }) {
  const where = sql.join(
    [
      sql`e.plan_id = ${planId}`,
      pathInScope(scope, sql`o.path`),
      q.q ? sql`(p.name like ${`%${q.q}%`} or p.name_pinyin like ${`%${q.q.toLowerCase()}%`})` : sql`true`,
    ],
    sql` and `,
  );
  const [rows, [count]] = await Promise.all([
    queryRows<EnrolmentRow>(db, sql`${enrolmentSelect} where ${where} order by e.id limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`),
    queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from mutualaid_enrolments e join persons p on p.id = e.person_id join orgs o on o.id = e.org_id where ${where}`,
    ),
  ]);
  return { rows, total: count!.n };
}

/** An enrolment in the scope; `lock` takes its row (the caps are checked under it). */
export async function enrolmentInScope(db: DbOrTx, scope: Scope, id: number, lock = false) {
  const [row] = await queryRows<EnrolmentRow>(
    db,
    sql`${enrolmentSelect} where e.id = ${id} and ${pathInScope(scope, sql`o.path`)}${lock ? sql` for update of e` : sql``}`,
  );
  return row;
}

/** What the person was approved before, in this enrolment's plans of the same kind (the lifetime cap). */
export async function approvedLifetime(db: DbOrTx, personId: number, kind: PlanKind) {
  const [r] = await queryRows<{ fen: string | number }>(
    db,
    sql`select coalesce(sum(e.approved_fen), 0)::bigint as fen from mutualaid_enrolments e join mutualaid_plans g on g.id = e.plan_id
         where e.person_id = ${personId} and g.kind = ${kind}`,
  );
  return Number(r!.fen);
}

export async function addApproved(db: DbOrTx, enrolmentId: number, fen: number) {
  await queryRows(db, sql`update mutualaid_enrolments set approved_fen = approved_fen + ${fen} where id = ${enrolmentId}`);
}

/** Counts of enrolled people under `within`: by occupation, and by each child union of `within`'s top (rolled up). */
export async function enrolmentStats(db: DbOrTx, within: Scope, planId: number | null) {
  const plan = planId ? sql`and e.plan_id = ${planId}` : sql``;
  const [[total], byOccupation, byUnion] = await Promise.all([
    queryRows<{ n: number; gifted: number }>(
      db,
      sql`select count(*)::int as n, count(*) filter (where e.gifted)::int as gifted from mutualaid_enrolments e join orgs o on o.id = e.org_id
           where ${pathInScope(within, sql`o.path`)} ${plan}`,
    ),
    queryRows<{ occupation: string | null; label: string | null; persons: number }>(
      db,
      sql`select e.occupation, oc.label, count(*)::int as persons
            from mutualaid_enrolments e join orgs o on o.id = e.org_id left join occupations oc on oc.code = e.occupation
           where ${pathInScope(within, sql`o.path`)} ${plan}
           group by e.occupation, oc.label, oc.sort order by count(*) desc, oc.sort`,
    ),
    queryRows<{ id: number; name: string; persons: number }>(
      db,
      sql`select c.id, c.name, count(e.id)::int as persons
            from orgs c left join orgs o on o.path like c.path || '%'
            left join mutualaid_enrolments e on e.org_id = o.id ${plan}
           where c.parent_id = (select id from orgs where path = ${within.path})
           group by c.id, c.name order by count(e.id) desc, c.id`,
    ),
  ]);
  return { total: total!.n, gifted: total!.gifted, byOccupation, byUnion };
}

// ---- claims ----

export interface ClaimRow {
  id: number;
  claim_no: string;
  plan_id: number;
  plan_name: string;
  plan_kind: PlanKind;
  enrolment_id: number;
  person_id: number;
  name: string;
  id_masked: string;
  org_id: number;
  org_name: string;
  org_path: string;
  event_date: string;
  admitted_on: string | null;
  discharged_on: string | null;
  facts: ClaimFacts;
  documents: DocumentKind[];
  claimed_fen: number | string;
  computed_fen: number | string;
  approved_fen: number | string | null;
  paid_fen: number | string | null;
  explanation: string;
  flags: { kind: 'duplicate_invoice' | 'overlapping_stay'; message: string }[];
  bank_name: string | null;
  bank_account_enc: string | null;
  bank_account_masked: string | null;
  status: ClaimStatus;
  source: 'staff' | 'worker';
  note: string | null;
  reject_reason: string | null;
  appeal_reason: string | null;
  payment_id: number | null;
  received_by: number | null;
  reviewed_by: number | null;
  rechecked_by: number | null;
  created_at: Date | string;
}

export const claimSelect = sql`select c.id::int as id, c.claim_no, c.plan_id, g.name as plan_name, g.kind as plan_kind, c.enrolment_id::int as enrolment_id,
                               c.person_id::int as person_id, p.name, p.id_masked, c.org_id, o.name as org_name, o.path as org_path,
                               c.event_date::text as event_date, c.admitted_on::text as admitted_on, c.discharged_on::text as discharged_on,
                               c.facts, c.documents, c.claimed_fen, c.computed_fen, c.approved_fen, c.paid_fen, c.explanation, c.flags,
                               c.bank_name, c.bank_account_enc, c.bank_account_masked, c.status, c.source, c.note, c.reject_reason, c.appeal_reason, c.payment_id,
                               c.received_by, c.reviewed_by, c.rechecked_by, c.created_at
                          from mutualaid_claims c join persons p on p.id = c.person_id join orgs o on o.id = c.org_id join mutualaid_plans g on g.id = c.plan_id`;

export async function claimInScope(db: DbOrTx, scope: Scope, id: number, lock = false) {
  if (lock) await queryRows(db, sql`select id from mutualaid_claims where id = ${id} for update`);
  const [row] = await queryRows<ClaimRow>(db, sql`${claimSelect} where c.id = ${id} and ${pathInScope(scope, sql`o.path`)}`);
  return row;
}

export async function listClaims(
  db: DbOrTx,
  scope: Scope,
  q: { status?: string; planId?: number; q?: string; flagged?: string; page: number; pageSize: number },
) {
  const where = sql.join(
    [
      pathInScope(scope, sql`o.path`),
      q.status ? sql`c.status = ${q.status}` : sql`true`,
      q.planId ? sql`c.plan_id = ${q.planId}` : sql`true`,
      q.flagged ? sql`jsonb_array_length(c.flags) > 0` : sql`true`,
      q.q ? sql`(p.name like ${`%${q.q}%`} or c.claim_no = ${q.q})` : sql`true`,
    ],
    sql` and `,
  );
  const [rows, [count]] = await Promise.all([
    queryRows<ClaimRow>(db, sql`${claimSelect} where ${where} order by c.id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`),
    queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from mutualaid_claims c join orgs o on o.id = c.org_id ${q.q ? sql`join persons p on p.id = c.person_id` : sql``} where ${where}`,
    ),
  ]);
  return { rows, total: count!.n };
}

export async function insertClaim(db: DbOrTx, row: typeof mutualaidClaims.$inferInsert) {
  const [r] = await db.insert(mutualaidClaims).values(row).returning({ id: mutualaidClaims.id });
  return r!.id;
}

export async function nextClaimNo(db: DbOrTx, year: string) {
  const [r] = await queryRows<{ n: number }>(db, sql`select count(*)::int + 1 as n from mutualaid_claims where claim_no like ${`HZ${year}%`}`);
  return `HZ${year}${String(r!.n).padStart(7, '0')}`;
}

export async function updateClaim(db: DbOrTx, id: number, set: Partial<typeof mutualaidClaims.$inferInsert>) {
  await db
    .update(mutualaidClaims)
    .set(set)
    .where(sql`${mutualaidClaims.id} = ${id}`);
}

export async function insertStep(db: DbOrTx, row: typeof mutualaidClaimSteps.$inferInsert) {
  await db.insert(mutualaidClaimSteps).values(row);
}

export function stepsOf(db: DbOrTx, claimId: number) {
  return queryRows<{ action: string; by: string | null; at: Date | string; note: string | null }>(
    db,
    sql`select s.action, coalesce(a.display_name, a.username) as by, s.at, s.note from mutualaid_claim_steps s left join accounts a on a.id = s.by
         where s.claim_id = ${claimId} order by s.id`,
  );
}

/** Invoice numbers already live on another claim, with that claim's number. */
export function liveInvoices(db: DbOrTx, numbers: string[]) {
  if (!numbers.length) return Promise.resolve([]);
  return queryRows<{ invoice_no: string; claim_no: string }>(
    db,
    sql`select i.invoice_no, c.claim_no from mutualaid_claim_invoices i join mutualaid_claims c on c.id = i.claim_id
         where i.live and i.invoice_no = any(${toArray(numbers)}::text[])`,
  );
}

/** Invoice numbers refused claims used before (a repeat is flagged, not refused). */
export function releasedInvoices(db: DbOrTx, numbers: string[]) {
  if (!numbers.length) return Promise.resolve([]);
  return queryRows<{ invoice_no: string; claim_no: string }>(
    db,
    sql`select i.invoice_no, c.claim_no from mutualaid_claim_invoices i join mutualaid_claims c on c.id = i.claim_id
         where not i.live and i.invoice_no = any(${toArray(numbers)}::text[])`,
  );
}

export async function insertInvoices(db: DbOrTx, claimId: number, numbers: string[]) {
  if (numbers.length) await db.insert(mutualaidClaimInvoices).values(numbers.map((invoiceNo) => ({ claimId, invoiceNo })));
}

export async function reliveInvoices(db: DbOrTx, claimId: number) {
  await queryRows(db, sql`update mutualaid_claim_invoices set live = true where claim_id = ${claimId}`);
}

export function invoicesOf(db: DbOrTx, claimId: number) {
  return queryRows<{ invoice_no: string }>(db, sql`select invoice_no from mutualaid_claim_invoices where claim_id = ${claimId} order by id`);
}

export async function releaseInvoices(db: DbOrTx, claimId: number) {
  await queryRows(db, sql`update mutualaid_claim_invoices set live = false where claim_id = ${claimId}`);
}

/** The person's other claims (not refused) whose hospital stay overlaps [from, to]. */
export function overlappingStays(db: DbOrTx, personId: number, from: string, to: string) {
  return queryRows<{ claim_no: string; admitted_on: string; discharged_on: string }>(
    db,
    sql`select claim_no, admitted_on::text as admitted_on, discharged_on::text as discharged_on from mutualaid_claims
         where person_id = ${personId} and status <> 'rejected' and admitted_on is not null and discharged_on is not null
           and admitted_on <= ${to}::date and discharged_on >= ${from}::date`,
  );
}

export async function insertDocument(db: DbOrTx, row: typeof mutualaidClaimDocuments.$inferInsert) {
  const [r] = await db.insert(mutualaidClaimDocuments).values(row).returning({ id: mutualaidClaimDocuments.id });
  return r!.id;
}

export function documentCounts(db: DbOrTx, claimId: number) {
  return queryRows<{ kind: DocumentKind; n: number }>(
    db,
    sql`select kind, count(*)::int as n from mutualaid_claim_documents where claim_id = ${claimId} group by kind`,
  );
}

export async function documentOf(db: DbOrTx, claimId: number, docId: number) {
  const [r] = await queryRows<{ id: number; kind: DocumentKind; file_name: string; mime: string; content: Buffer | Uint8Array }>(
    db,
    sql`select id, kind, file_name, mime, content from mutualaid_claim_documents where id = ${docId} and claim_id = ${claimId}`,
  );
  return r;
}

/**
 * Claimed, approved and paid under `within`, read from the roll-up the claims table keeps by union,
 * plan, status and month (`mutualaid_claim_rollup`, migration 0056) — a few hundred rows for a
 * city, whatever its number of claims — then rolled up here: by status, by month, and by each child
 * union of `within`'s top (its subtree's groups summed by path).
 */
export async function claimStats(db: DbOrTx, within: Scope, planId: number | null, year: number | null) {
  type M = { claims: number; claimed_fen: number; approved_fen: number; paid_fen: number };
  const [groups, children] = await Promise.all([
    queryRows<{
      org_id: number;
      status: ClaimStatus;
      month: string;
      claims: number;
      claimed_fen: string | number;
      approved_fen: string | number;
      paid_fen: string | number;
    }>(
      db,
      sql`select r.org_id, r.status, to_char(r.month, 'YYYY-MM') as month, sum(r.claims)::int as claims,
                 sum(r.claimed_fen)::bigint as claimed_fen, sum(r.approved_fen)::bigint as approved_fen, sum(r.paid_fen)::bigint as paid_fen
            from mutualaid_claim_rollup r
           where r.org_id in (select o.id from orgs o where ${pathInScope(within, sql`o.path`)})
             and r.claims > 0
             ${planId ? sql`and r.plan_id = ${planId}` : sql``}
             ${year ? sql`and r.month >= ${`${year}-01-01`}::date and r.month < ${`${year + 1}-01-01`}::date` : sql``}
           group by 1, 2, 3`,
    ),
    queryRows<{ id: number; name: string; path: string }>(
      db,
      sql`select id, name, path from orgs where parent_id = (select id from orgs where path = ${within.path}) order by id`,
    ),
  ]);
  const paths = new Map((await orgPathsOf(db, [...new Set(groups.map((g) => g.org_id))])).map((o) => [o.id, o.path]));
  const add = (m: Map<string, M>, key: string, g: (typeof groups)[number]) => {
    const a = m.get(key) ?? { claims: 0, claimed_fen: 0, approved_fen: 0, paid_fen: 0 };
    a.claims += g.claims;
    a.claimed_fen += Number(g.claimed_fen);
    a.approved_fen += Number(g.approved_fen);
    a.paid_fen += Number(g.paid_fen);
    m.set(key, a);
  };
  const status = new Map<string, M>();
  const month = new Map<string, M>();
  const union = new Map<string, M>();
  for (const g of groups) {
    add(status, g.status, g);
    add(month, g.month, g);
    const path = paths.get(g.org_id) ?? '';
    const child = children.find((k) => path.startsWith(k.path));
    if (child) add(union, String(child.id), g);
  }
  return {
    byStatus: [...status].map(([s, m]) => ({ status: s as ClaimStatus, ...m })),
    byUnion: children
      .filter((k) => union.has(String(k.id)))
      .map((k) => ({ id: k.id, name: k.name, ...union.get(String(k.id))! }))
      .sort((a, b) => b.claims - a.claims || a.id - b.id),
    byMonth: [...month].sort(([a], [b]) => a.localeCompare(b)).map(([m, v]) => ({ month: m, ...v })),
  };
}

function orgPathsOf(db: DbOrTx, ids: number[]) {
  if (!ids.length) return Promise.resolve([]);
  return queryRows<{ id: number; path: string }>(db, sql`select id, path from orgs where id = any(${toArray(ids)}::int[])`);
}

// ---- payments ----

/** Approved claims of `within` not yet in a batch: they go into batch `paymentId`. */
export async function takeApproved(db: DbOrTx, within: Scope, paymentId: number) {
  const [r] = await queryRows<{ n: number; fen: string | number }>(
    db,
    sql`with t as (update mutualaid_claims c set payment_id = ${paymentId} from orgs o
                    where o.id = c.org_id and c.status = 'approved' and c.payment_id is null and c.approved_fen > 0 and ${pathInScope(within, sql`o.path`)}
                    returning c.approved_fen)
        select count(*)::int as n, coalesce(sum(approved_fen), 0)::bigint as fen from t`,
  );
  return { claims: r!.n, amountFen: Number(r!.fen) };
}

export async function insertPayment(db: DbOrTx, row: typeof mutualaidPayments.$inferInsert) {
  const [r] = await db.insert(mutualaidPayments).values(row).returning({ id: mutualaidPayments.id });
  return r!.id;
}

export async function updatePayment(db: DbOrTx, id: number, set: Partial<typeof mutualaidPayments.$inferInsert>) {
  await db
    .update(mutualaidPayments)
    .set(set)
    .where(sql`${mutualaidPayments.id} = ${id}`);
}

export interface PaymentRow {
  id: number;
  org_id: number;
  org_name: string;
  status: 'exported' | 'settled';
  claims: number;
  amount_fen: number | string;
  paid: number;
  failed: number;
  created_by_name: string | null;
  created_at: Date | string;
}
const paymentSelect = sql`select b.id, b.org_id, o.name as org_name, b.status, b.claims, b.amount_fen, b.paid, b.failed,
                                 coalesce(a.display_name, a.username) as created_by_name, b.created_at
                            from mutualaid_payments b join orgs o on o.id = b.org_id left join accounts a on a.id = b.created_by`;

export async function paymentInScope(db: DbOrTx, scope: Scope, id: number, lock = false) {
  if (lock) await queryRows(db, sql`select id from mutualaid_payments where id = ${id} for update`);
  const [row] = await queryRows<PaymentRow>(db, sql`${paymentSelect} where b.id = ${id} and ${pathInScope(scope, sql`o.path`)}`);
  return row;
}

export async function listPayments(db: DbOrTx, scope: Scope, page: number, pageSize: number) {
  const where = pathInScope(scope, sql`o.path`);
  const [rows, [count]] = await Promise.all([
    queryRows<PaymentRow>(db, sql`${paymentSelect} where ${where} order by b.id desc limit ${pageSize} offset ${(page - 1) * pageSize}`),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from mutualaid_payments b join orgs o on o.id = b.org_id where ${where}`),
  ]);
  return { rows, total: count!.n };
}

export function claimsOfPayment(db: DbOrTx, paymentId: number) {
  return queryRows<ClaimRow>(db, sql`${claimSelect} where c.payment_id = ${paymentId} order by c.id`);
}

// ---- The inbox and the person's record ----------------------------------------------------------

/** The step a claim waits for: 审核, 复核 (not by its reviewer), 审批, or a payment batch. */
export type ClaimWait = 'review' | 'recheck' | 'approve' | 'pay';

/** Claims in the scope waiting for `wait`, the oldest first, with how many wait in all. */
export async function claimsWaiting(db: DbOrTx, scope: Scope, wait: ClaimWait, accountId: number | null, limit: number, offset: number) {
  const condition = {
    review: sql`c.status = 'received'`,
    recheck: sql`c.status = 'reviewed' and c.reviewed_by is distinct from ${accountId}`,
    approve: sql`c.status = 'rechecked'`,
    pay: sql`c.status = 'approved' and c.payment_id is null`,
  }[wait];
  return queryRows<{
    id: number;
    claim_no: string;
    name: string;
    plan_name: string;
    org_name: string;
    claimed_fen: string | number;
    since: Date | string;
    total: number;
  }>(
    db,
    sql`select c.id::int as id, c.claim_no, p.name, g.name as plan_name, o.name as org_name, coalesce(c.approved_fen, c.claimed_fen) as claimed_fen,
               c.created_at as since, count(*) over ()::int as total
          from mutualaid_claims c join persons p on p.id = c.person_id join orgs o on o.id = c.org_id join mutualaid_plans g on g.id = c.plan_id
         where ${condition} and ${pathInScope(scope, sql`o.path`)}
         order by c.created_at, c.id limit ${limit} offset ${offset}`,
  );
}

/** A person's enrolments and claims within the scope, the newest first. */
export async function coverOfPerson(db: DbOrTx, scope: Scope, personId: number) {
  const [enrolments, claims] = await Promise.all([
    queryRows<{
      id: number;
      plan_id: number;
      period: string;
      plan_name: string;
      org_name: string;
      gifted: boolean;
      cover_from: string;
      cover_to: string;
      approved_fen: string | number;
    }>(
      db,
      sql`select e.id::int as id, e.plan_id, e.period, g.name as plan_name, o.name as org_name, e.gifted,
                 e.cover_from::text as cover_from, e.cover_to::text as cover_to, e.approved_fen
            from mutualaid_enrolments e join mutualaid_plans g on g.id = e.plan_id join orgs o on o.id = e.org_id
           where e.person_id = ${personId} and ${pathInScope(scope, sql`o.path`)}
           order by e.cover_to desc, e.id desc`,
    ),
    queryRows<{
      id: number;
      claim_no: string;
      plan_name: string;
      org_name: string;
      event_date: string;
      status: ClaimStatus;
      claimed_fen: string | number;
      approved_fen: string | number | null;
      paid_fen: string | number | null;
    }>(
      db,
      sql`select c.id::int as id, c.claim_no, g.name as plan_name, o.name as org_name, c.event_date::text as event_date, c.status,
                 c.claimed_fen, c.approved_fen, c.paid_fen
            from mutualaid_claims c join mutualaid_plans g on g.id = c.plan_id join orgs o on o.id = c.org_id
           where c.person_id = ${personId} and ${pathInScope(scope, sql`o.path`)}
           order by c.event_date desc, c.id desc`,
    ),
  ]);
  return { enrolments, claims };
}
