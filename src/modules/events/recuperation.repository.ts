/** Every query of 疗休养: batches, applications and their ranking, objections, selection, the subsidy ledger. */
import { eq, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { scopePattern, type Scope } from '../../server/scope.ts';
import { eventSignups, events } from './events.schema.ts';
import {
  recuperationApplications,
  recuperationBatches,
  recuperationObjections,
  recuperationSubsidies,
  type RecuperationApplicationDbRow,
  type RecuperationBatchDbRow,
  type ScoreLine,
} from './recuperation.schema.ts';

export type { RecuperationApplicationDbRow, RecuperationBatchDbRow };

export interface BatchRow {
  id: number;
  title: string;
  org_id: number;
  org_name: string;
  org_path: string;
  year: number;
  destination: string;
  starts_on: string;
  ends_on: string;
  places: number;
  taken: number;
  subsidy_fen: number;
  stage: 'applying' | 'noticed' | 'confirmed';
  notice_starts_on: string | null;
  notice_ends_on: string | null;
  event_status: string;
  applicants: number;
  /** The organiser lies in the scope (the actor organises it or is above the organiser). */
  manages: boolean;
}

const batchSelect = (scope: Scope) => sql`
  select e.id, e.title, e.org_id, o.name as org_name, o.path as org_path, b.year::int as year, b.destination,
         b.starts_on::text as starts_on, b.ends_on::text as ends_on, e.capacity as places, e.taken, b.subsidy_fen, b.stage,
         b.notice_starts_on::text as notice_starts_on, b.notice_ends_on::text as notice_ends_on, e.status as event_status,
         (select count(*)::int from recuperation_applications a where a.event_id = e.id and a.status <> 'withdrawn') as applicants,
         (o.path like ${scopePattern(scope)}) as manages
    from recuperation_batches b join events e on e.id = b.event_id join orgs o on o.id = e.org_id`;

/**
 * Batches the scope may see: those organised in it, and those organised by a union above it (whose
 * places reach down to it, so its unions nominate into them).
 */
const visible = (scope: Scope) => sql`(o.path like ${scopePattern(scope)} or ${scope.path} like o.path || '%')`;

export async function listBatches(db: DbOrTx, scope: Scope) {
  return queryRows<BatchRow>(db, sql`${batchSelect(scope)} where ${visible(scope)} order by b.year desc, b.starts_on desc, e.id desc limit 200`);
}

export async function batchVisible(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows<BatchRow>(db, sql`${batchSelect(scope)} where e.id = ${id} and ${visible(scope)}`);
  return row;
}

/** Locks the batch's event row: every change of its stage, places or selection goes through this lock. */
export async function lockBatch(db: DbOrTx, id: number) {
  await queryRows(db, sql`select id from events where id = ${id} for update`);
}

export async function insertEvent(db: DbOrTx, values: typeof events.$inferInsert) {
  const [row] = await db.insert(events).values(values).returning({ id: events.id });
  return row!.id;
}

export async function insertBatch(db: DbOrTx, values: typeof recuperationBatches.$inferInsert) {
  await db.insert(recuperationBatches).values(values);
}

export async function updateBatch(db: DbOrTx, id: number, values: Partial<typeof recuperationBatches.$inferInsert>) {
  await db.update(recuperationBatches).set(values).where(eq(recuperationBatches.eventId, id));
}

export async function setEventStatus(db: DbOrTx, id: number, status: 'open' | 'closed') {
  await db.update(events).set({ status, updatedAt: new Date() }).where(eq(events.id, id));
}

/** Raises (or lowers) the places taken; the events check constraint refuses more than the capacity. */
export async function addTaken(db: DbOrTx, id: number, n: number) {
  await queryRows(db, sql`update events set taken = taken + ${n}, updated_at = now() where id = ${id}`);
}

export interface PersonFacts {
  id: number;
  name: string;
  org_id: number;
  org_path: string;
  birth_date: string;
  tags: string[];
  occupation: string | null;
  occupation_label: string | null;
  employment_form: string | null;
  joined_on: string | null;
  last_trip_on: string | null;
  worker_id: number | null;
}

/** The facts scoring reads of one active person in the scope, with the last trip they were selected for before `before`. */
export async function personFacts(db: DbOrTx, scope: Scope, personId: number, eventId: number) {
  const [row] = await queryRows<PersonFacts>(
    db,
    sql`select p.id::int as id, p.name, p.org_id, o.path as org_path, p.birth_date::text as birth_date, p.tags, p.occupation,
               oc.label as occupation_label, p.employment_form,
               case when m.state in ('member', 'transferring') then m.joined_on::text end as joined_on,
               (select max(b.starts_on)::text from recuperation_applications a join recuperation_batches b on b.event_id = a.event_id
                 where a.person_id = p.id and a.event_id <> ${eventId} and a.status = 'selected') as last_trip_on,
               (select w.id from worker_accounts w where w.person_id = p.id limit 1) as worker_id
          from persons p join orgs o on o.id = p.org_id left join occupations oc on oc.code = p.occupation
          left join memberships m on m.person_id = p.id
         where p.id = ${personId} and p.status = 'active' and o.path like ${scopePattern(scope)}`,
  );
  return row;
}

export async function findApplicationOf(db: DbOrTx, eventId: number, personId: number) {
  const [row] = await db
    .select({ id: recuperationApplications.id })
    .from(recuperationApplications)
    .where(sql`${recuperationApplications.eventId} = ${eventId} and ${recuperationApplications.personId} = ${personId}`);
  return row;
}

export async function insertApplication(db: DbOrTx, values: typeof recuperationApplications.$inferInsert) {
  const [row] = await db.insert(recuperationApplications).values(values).returning();
  return row!;
}

export async function updateApplication(db: DbOrTx, id: number, values: Partial<typeof recuperationApplications.$inferInsert>) {
  await db.update(recuperationApplications).set(values).where(eq(recuperationApplications.id, id));
}

export interface ApplicationRow {
  id: number;
  person_id: number;
  name: string;
  id_masked: string;
  org_name: string;
  org_path: string;
  source: 'nominated' | 'applied';
  status: 'pending' | 'selected' | 'reserve' | 'withdrawn';
  score: number;
  service_years: number;
  explanation: ScoreLine[];
  excluded_reason: string | null;
  rank: number | null;
  health_declared: boolean;
  created_at: Date | string;
  second_form_at: Date | string | null;
  emergency_name: string | null;
  emergency_phone_masked: string | null;
  signup_id: number | null;
  worker_id: number | null;
  org_id: number;
}

// Access follows the person's union as the tree is now; the application's own org_id is history.
const applicationSelect = sql`
  select a.id::int as id, a.person_id::int as person_id, p.name, p.id_masked, o.name as org_name, o.path as org_path, a.source, a.status,
         a.score, a.service_years, a.explanation, a.excluded_reason, a.rank, a.health_declared, a.created_at, a.second_form_at,
         a.emergency_name, a.emergency_phone_masked, a.signup_id::int as signup_id, a.worker_id, p.org_id
    from recuperation_applications a join persons p on p.id = a.person_id join orgs o on o.id = p.org_id`;

/** A batch's applications whose people lie in the scope, in no particular order (the service ranks them). */
export async function applicationsOf(db: DbOrTx, eventId: number, scope: Scope) {
  return queryRows<ApplicationRow>(db, sql`${applicationSelect} where a.event_id = ${eventId} and o.path like ${scopePattern(scope)} order by a.id`);
}

export async function applicationInBatch(db: DbOrTx, eventId: number, scope: Scope, id: number, lock = false) {
  const [row] = await queryRows<ApplicationRow>(
    db,
    sql`${applicationSelect} where a.event_id = ${eventId} and a.id = ${id} and o.path like ${scopePattern(scope)}${lock ? sql` for update of a` : sql``}`,
  );
  return row;
}

/** The first reserve in rank order, locked (递补). */
/** The reserves in rank order, locked: the first whose union still has a place is pulled up. */
export async function reservesInRank(db: DbOrTx, eventId: number) {
  return queryRows<ApplicationRow>(
    db,
    sql`${applicationSelect} where a.event_id = ${eventId} and a.status = 'reserve' and a.rank is not null order by a.rank for update of a`,
  );
}

/** The union row a selected sign-up's place came from (null: the batch's own places). */
export async function quotaOfSignup(db: DbOrTx, signupId: number) {
  const [row] = await queryRows<{ quota_org_id: number | null }>(db, sql`select quota_org_id from event_signups where id = ${signupId}`);
  return row?.quota_org_id ?? null;
}

/** Moves a union row's count of places taken (the row's check constraint refuses more than it holds). */
export async function addQuotaTaken(db: DbOrTx, eventId: number, orgId: number, n: number) {
  await db.execute(sql`update event_quotas set taken = taken + ${n} where event_id = ${eventId} and org_id = ${orgId}`);
}

export async function insertSignup(db: DbOrTx, values: typeof eventSignups.$inferInsert) {
  const [row] = await db.insert(eventSignups).values(values).returning({ id: eventSignups.id });
  return row!.id;
}

export async function cancelSignup(db: DbOrTx, id: number, reason: string) {
  await db
    .update(eventSignups)
    .set({ status: 'cancelled', cancelledAt: new Date(), cancelReason: reason, updatedAt: new Date() })
    .where(eq(eventSignups.id, id));
}

export async function insertSubsidy(db: DbOrTx, values: typeof recuperationSubsidies.$inferInsert) {
  await db.insert(recuperationSubsidies).values(values);
}

export interface LedgerRow {
  id: number;
  name: string;
  id_masked: string;
  org_name: string;
  kind: 'grant' | 'reversal';
  amount_fen: number;
  created_at: Date | string;
}

export async function ledgerOf(db: DbOrTx, eventId: number) {
  return queryRows<LedgerRow>(
    db,
    sql`select s.id::int as id, p.name, p.id_masked, o.name as org_name, s.kind, s.amount_fen, s.created_at
          from recuperation_subsidies s join recuperation_applications a on a.id = s.application_id
          join persons p on p.id = a.person_id join orgs o on o.id = a.org_id
         where s.event_id = ${eventId} order by s.id`,
  );
}

export async function insertObjection(db: DbOrTx, values: typeof recuperationObjections.$inferInsert) {
  const [row] = await db.insert(recuperationObjections).values(values).returning({ id: recuperationObjections.id });
  return row!.id;
}

export interface ObjectionRow {
  id: number;
  application_id: number;
  name: string;
  text: string;
  recorded_at: Date | string;
  outcome: 'upheld' | 'dismissed' | null;
  resolution: string | null;
  resolved_at: Date | string | null;
}

export async function objectionsOf(db: DbOrTx, eventId: number, lockId?: number) {
  return queryRows<ObjectionRow>(
    db,
    sql`select j.id, j.application_id::int as application_id, p.name, j.text, j.recorded_at, j.outcome, j.resolution, j.resolved_at
          from recuperation_objections j join recuperation_applications a on a.id = j.application_id join persons p on p.id = a.person_id
         where j.event_id = ${eventId} ${lockId === undefined ? sql`order by j.id` : sql`and j.id = ${lockId} for update of j`}`,
  );
}

export async function resolveObjection(db: DbOrTx, id: number, values: Partial<typeof recuperationObjections.$inferInsert>) {
  await db.update(recuperationObjections).set(values).where(eq(recuperationObjections.id, id));
}

export async function countOpenObjections(db: DbOrTx, eventId: number) {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from recuperation_objections where event_id = ${eventId} and outcome is null`);
  return row!.n;
}

// ---- worker ----------------------------------------------------------------------------------

/** Batches taking applications whose organiser is the worker's union or above it. */
export async function openBatchesFor(db: DbOrTx, personId: number) {
  return queryRows<BatchRow & { applied: boolean }>(
    db,
    sql`select e.id, e.title, o.name as org_name, b.destination, b.starts_on::text as starts_on, b.ends_on::text as ends_on, e.capacity as places,
               b.subsidy_fen, exists (select 1 from recuperation_applications a where a.event_id = e.id and a.person_id = ${personId}) as applied
          from recuperation_batches b join events e on e.id = b.event_id join orgs o on o.id = e.org_id
         where b.stage = 'applying' and e.status = 'open' and e.worker_signup
           and (select po.path from persons p join orgs po on po.id = p.org_id where p.id = ${personId}) like o.path || '%'
         order by b.starts_on, e.id`,
  );
}

/** The worker's own applications, newest first. */
export async function applicationsOfPerson(db: DbOrTx, personId: number) {
  return queryRows<ApplicationRow & { batch_id: number; title: string; destination: string; starts_on: string; ends_on: string; stage: BatchRow['stage'] }>(
    db,
    sql`select a.id::int as id, a.event_id as batch_id, e.title, b.destination, b.starts_on::text as starts_on, b.ends_on::text as ends_on, b.stage,
               a.status, a.score, a.explanation, a.excluded_reason, a.rank, a.second_form_at
          from recuperation_applications a join recuperation_batches b on b.event_id = a.event_id join events e on e.id = a.event_id
         where a.person_id = ${personId} order by a.created_at desc, a.id desc limit 50`,
  );
}

/** One of the person's applications with its batch, locked (the worker's second form). */
export async function applicationOfPerson(db: DbOrTx, personId: number, id: number) {
  const [row] = await queryRows<{ id: number; event_id: number; status: ApplicationRow['status'] }>(
    db,
    sql`select id::int as id, event_id, status from recuperation_applications where id = ${id} and person_id = ${personId} for update`,
  );
  return row;
}

/** The path of the union a person belongs to now. */
export async function personOrgPath(db: DbOrTx, personId: number) {
  const [row] = await queryRows<{ path: string }>(db, sql`select o.path from persons p join orgs o on o.id = p.org_id where p.id = ${personId}`);
  return row?.path;
}

// ---- demo ----------------------------------------------------------------------------------

/** People of a subtree young enough for a trip, model workers first (the demo batch's nominees). */
export async function demoCandidates(db: DbOrTx, scope: Scope, bornAfter: string, limit: number) {
  return queryRows<{ id: number }>(
    db,
    sql`select p.id::int as id from persons p join orgs o on o.id = p.org_id
         where o.path like ${scopePattern(scope)} and p.status = 'active' and p.birth_date > ${bornAfter}::date
         order by ('劳模' = any(p.tags)) desc, p.id limit ${limit}`,
  );
}
