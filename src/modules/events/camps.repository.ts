/** Every query of 夏令营: camps, children, applications and the draw. Scope is in the WHERE. */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { scopePattern, type Scope } from '../../server/scope.ts';
import type { CampGroup } from './camps.contract.ts';
import { campApplications, campChildren, camps, type CampChildDbRow } from './camps.schema.ts';
import { events, eventSessions } from './events.schema.ts';

export interface CampDbView {
  id: number;
  org_id: number;
  org_name: string;
  org_path: string;
  title: string;
  description: string | null;
  status: string;
  capacity: number;
  taken: number;
  place: string;
  starts_on: string;
  ends_on: string;
  places: number;
  min_age: number;
  max_age: number;
  min_grade: number;
  max_grade: number;
  reserved_hardship: number;
  reserved_model_worker: number;
  reserved_sanitation: number;
  reserved_new_form: number;
  reserved_dual_earner: number;
  announced_value: string | null;
  seed: string | null;
  published_at: Date | string | null;
  drawn_at: Date | string | null;
  applications: number;
}

const CAMP_SELECT = sql`
  select e.id, e.org_id, o.name as org_name, o.path as org_path, e.title, e.description, e.status, e.capacity, e.taken,
         c.place, c.starts_on::text as starts_on, c.ends_on::text as ends_on, c.places, c.min_age, c.max_age, c.min_grade, c.max_grade,
         c.reserved_hardship, c.reserved_model_worker, c.reserved_sanitation, c.reserved_new_form, c.reserved_dual_earner,
         c.announced_value, c.seed, c.published_at, c.drawn_at,
         (select count(*)::int from camp_applications a where a.event_id = e.id and a.status <> 'withdrawn') as applications
    from camps c join events e on e.id = c.event_id join orgs o on o.id = e.org_id`;

/**
 * Camps a scope may see: organised inside it (it runs them), or by a union above it (its workers
 * may apply). `manage` keeps only the first.
 */
const visible = (scope: Scope, manage: boolean) =>
  manage ? sql`o.path like ${scopePattern(scope)}` : sql`(o.path like ${scopePattern(scope)} or ${scope.path} like o.path || '%')`;

export async function findCamp(db: DbOrTx, scope: Scope, id: number, opts: { manage?: boolean; lock?: boolean } = {}) {
  const rows = await queryRows<CampDbView>(
    db,
    sql`${CAMP_SELECT} where e.id = ${id} and e.kind = 'summer_camp' and ${visible(scope, !!opts.manage)}${opts.lock ? sql` for update of c` : sql``}`,
  );
  return rows[0];
}

export async function listCamps(db: DbOrTx, scope: Scope, page: number, pageSize: number) {
  const where = sql`e.kind = 'summer_camp' and ${visible(scope, false)}`;
  const [items, total] = await Promise.all([
    queryRows<CampDbView>(db, sql`${CAMP_SELECT} where ${where} order by c.starts_on desc, e.id desc limit ${pageSize} offset ${(page - 1) * pageSize}`),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from camps c join events e on e.id = c.event_id join orgs o on o.id = e.org_id where ${where}`),
  ]);
  return { items, total: total[0]!.n };
}

/** Open camps a person's union lies under (the portal's list). */
export async function campsOpenTo(db: DbOrTx, personId: number) {
  return queryRows<CampDbView>(
    db,
    sql`${CAMP_SELECT}
        where e.kind = 'summer_camp' and e.status in ('open', 'closed', 'finished')
          and (select po.path from persons p join orgs po on po.id = p.org_id where p.id = ${personId}) like o.path || '%'
        order by c.starts_on desc limit 50`,
  );
}

export async function insertCamp(
  tx: DbOrTx,
  e: { orgId: number; title: string; description: string | null; places: number; createdBy: number | null },
  c: Omit<typeof camps.$inferInsert, 'eventId'>,
  session: { startsAt: Date; endsAt: Date; place: string },
) {
  const [row] = await tx
    .insert(events)
    .values({
      orgId: e.orgId,
      kind: 'summer_camp',
      title: e.title,
      description: e.description,
      capacity: e.places,
      status: 'open',
      workerSignup: true,
      createdBy: e.createdBy,
    })
    .returning({ id: events.id });
  await tx.insert(camps).values({ ...c, eventId: row!.id });
  await tx.insert(eventSessions).values({ eventId: row!.id, ...session });
  return row!.id;
}

/** Takes the next application number; none once the seed is published (the same row decides both). */
export async function takeNumber(tx: DbOrTx, eventId: number): Promise<number | undefined> {
  const rows = await queryRows<{ no: number }>(
    tx,
    sql`update camps set next_no = next_no + 1 where event_id = ${eventId} and published_at is null returning next_no as no`,
  );
  return rows[0]?.no;
}

export async function publishSeed(tx: DbOrTx, eventId: number, announcedValue: string, seed: string, by: number | null) {
  await tx.execute(
    sql`update camps set announced_value = ${announcedValue}, seed = ${seed}, published_at = now(), published_by = ${by} where event_id = ${eventId} and published_at is null`,
  );
  await tx.execute(sql`update events set status = 'closed', updated_at = now(), version = version + 1 where id = ${eventId} and status = 'open'`);
}

/** A camp whose draw is done, for the public verification (no scope: it holds numbers, never names). */
export async function findPublishedCamp(db: DbOrTx, id: number) {
  const rows = await queryRows<CampDbView>(db, sql`${CAMP_SELECT} where e.id = ${id} and e.kind = 'summer_camp' and c.drawn_at is not null`);
  return rows[0];
}

// ---- children ----

export interface ChildDbView extends CampChildDbRow {
  guardianName: string;
  guardianOrgId: number;
}

const CHILD_SELECT = sql`
  select ch.id::int as id, ch.guardian_person_id::int as "guardianPersonId", ch.name, ch.sex, ch.birth_date::text as "birthDate", ch.id_type as "idType",
         ch.id_number_enc as "idNumberEnc", ch.id_number_bidx as "idNumberBidx", ch.id_masked as "idMasked", ch.grade,
         ch.consent_given_by as "consentGivenBy", ch.consent_relation as "consentRelation", ch.consent_given_on::text as "consentGivenOn",
         ch.consent_purpose as "consentPurpose", ch.consent_channel as "consentChannel", ch.recorded_by as "recordedBy", ch.worker_id as "workerId",
         ch.created_at as "createdAt", p.name as "guardianName", p.org_id as "guardianOrgId"
    from camp_children ch join persons p on p.id = ch.guardian_person_id join orgs o on o.id = p.org_id`;

/** A child whose guardian's union lies in the scope. */
export async function findChild(db: DbOrTx, scope: Scope, childId: number) {
  const rows = await queryRows<ChildDbView>(db, sql`${CHILD_SELECT} where ch.id = ${childId} and o.path like ${scopePattern(scope)}`);
  return rows[0];
}

export async function childrenOf(db: DbOrTx, guardianPersonId: number) {
  return queryRows<ChildDbView>(db, sql`${CHILD_SELECT} where ch.guardian_person_id = ${guardianPersonId} order by ch.id`);
}

export async function listChildren(db: DbOrTx, scope: Scope, q: { guardianPersonId?: number; page: number; pageSize: number }) {
  const where = sql`o.path like ${scopePattern(scope)}${q.guardianPersonId ? sql` and ch.guardian_person_id = ${q.guardianPersonId}` : sql``}`;
  const [items, total] = await Promise.all([
    queryRows<ChildDbView>(db, sql`${CHILD_SELECT} where ${where} order by ch.id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`),
    queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from camp_children ch join persons p on p.id = ch.guardian_person_id join orgs o on o.id = p.org_id where ${where}`,
    ),
  ]);
  return { items, total: total[0]!.n };
}

export async function childByIdNumber(db: DbOrTx, idType: string, bidx: string) {
  const rows = await queryRows<{ id: number; guardian_person_id: number }>(
    db,
    sql`select id::int as id, guardian_person_id::int as guardian_person_id from camp_children where id_number_bidx = ${bidx} and id_type = ${idType}`,
  );
  return rows[0];
}

export async function insertChild(tx: DbOrTx, row: typeof campChildren.$inferInsert) {
  const [r] = await tx.insert(campChildren).values(row).returning({ id: campChildren.id });
  return r!.id;
}

/** A registry person in the scope (a guardian staff act for), with the union they belong to. */
export async function guardianInScope(db: DbOrTx, scope: Scope, personId: number) {
  const rows = await queryRows<{ id: number; name: string; org_id: number }>(
    db,
    sql`select p.id::int as id, p.name, p.org_id from persons p join orgs o on o.id = p.org_id where p.id = ${personId} and p.status = 'active' and o.path like ${scopePattern(scope)}`,
  );
  return rows[0];
}

export async function personName(db: DbOrTx, personId: number) {
  const rows = await queryRows<{ name: string; org_id: number; org_path: string }>(
    db,
    sql`select p.name, p.org_id, o.path as org_path from persons p join orgs o on o.id = p.org_id where p.id = ${personId}`,
  );
  return rows[0];
}

/**
 * The priority groups a guardian belongs to today, from the records that say so: a hardship file
 * 帮扶中, the tag 劳模, the occupation 环卫工人, the employment form 新就业形态.
 */
export async function groupsOfGuardian(db: DbOrTx, personId: number): Promise<CampGroup[]> {
  const [r] = await queryRows<{ hardship: boolean; model_worker: boolean; sanitation: boolean; new_form: boolean }>(
    db,
    sql`select exists (select 1 from hardship_cases h where h.person_id = p.id and h.status = 'active') as hardship,
               '劳模' = any(p.tags) as model_worker,
               coalesce(p.occupation = 'sanitation', false) as sanitation,
               coalesce(p.employment_form = 'new_form', false) as new_form
          from persons p where p.id = ${personId}`,
  );
  if (!r) return [];
  return (['hardship', 'model_worker', 'sanitation', 'new_form'] as const).filter((g) => r[g]);
}

// ---- applications ----

export async function insertApplication(tx: DbOrTx, row: typeof campApplications.$inferInsert) {
  const [r] = await tx.insert(campApplications).values(row).returning({ id: campApplications.id });
  return r!.id;
}

export interface ApplicationDbView {
  id: number;
  event_id: number;
  no: number;
  child_id: number;
  child_name: string;
  grade: number;
  age: number;
  guardian_person_id: number;
  guardian_name: string;
  groups: CampGroup[];
  status: 'applied' | 'selected' | 'waiting' | 'withdrawn';
  won_via: string | null;
  draw_rank: number | null;
  draw_outcome: string | null;
  waiting_no: number | null;
  signup_id: number | null;
  source: 'staff' | 'worker';
  created_at: Date | string;
  camp_title: string;
}

const APPLICATION_SELECT = sql`
  select a.id::int as id, a.event_id, a.no, a.child_id::int as child_id, ch.name as child_name, a.grade, a.age, a.guardian_person_id::int as guardian_person_id, p.name as guardian_name,
         a.groups, a.status, a.won_via, a.draw_rank, a.draw_outcome, a.waiting_no, a.signup_id::int as signup_id, a.source, a.created_at, e.title as camp_title
    from camp_applications a
    join camp_children ch on ch.id = a.child_id
    join persons p on p.id = a.guardian_person_id
    join orgs o on o.id = p.org_id
    join events e on e.id = a.event_id`;

/** Applications of a camp whose guardian's union lies in the scope, in number order. */
export async function listApplications(db: DbOrTx, scope: Scope, eventId: number) {
  return queryRows<ApplicationDbView>(db, sql`${APPLICATION_SELECT} where a.event_id = ${eventId} and o.path like ${scopePattern(scope)} order by a.no`);
}

export async function applicationsOfGuardian(db: DbOrTx, personId: number) {
  return queryRows<ApplicationDbView>(db, sql`${APPLICATION_SELECT} where a.guardian_person_id = ${personId} order by a.id desc limit 50`);
}

export async function findApplication(db: DbOrTx, scope: Scope, eventId: number, applicationId: number, lock = false) {
  const rows = await queryRows<ApplicationDbView>(
    db,
    sql`${APPLICATION_SELECT} where a.id = ${applicationId} and a.event_id = ${eventId} and o.path like ${scopePattern(scope)}${lock ? sql` for update of a` : sql``}`,
  );
  return rows[0];
}

/** Every application that takes part in a draw (all not withdrawn), for the draw itself. */
export async function drawEntries(db: DbOrTx, eventId: number) {
  return queryRows<{ no: number; groups: CampGroup[] }>(
    db,
    sql`select no, groups from camp_applications where event_id = ${eventId} and status <> 'withdrawn'`,
  );
}

/** The draw as it was stored: every application that took part, with its rank and outcome. */
export async function storedDraw(db: DbOrTx, eventId: number) {
  return queryRows<{ no: number; groups: CampGroup[]; draw_rank: number; draw_outcome: string }>(
    db,
    sql`select no, groups, draw_rank, draw_outcome from camp_applications where event_id = ${eventId} and draw_rank is not null order by draw_rank`,
  );
}

/**
 * Writes a draw in one statement: a confirmed sign-up (source 'selection') for each winner's
 * guardian in the guardian's union, and every application's rank, outcome and status.
 */
export async function writeDraw(
  tx: DbOrTx,
  eventId: number,
  lines: { no: number; rank: number; outcome: string; waitingNo: number | null }[],
  by: number | null,
): Promise<number> {
  // One parameter, not one per value: a draw may hold a hundred thousand lines.
  const json = JSON.stringify(lines.map((l) => ({ no: l.no, rank: l.rank, outcome: l.outcome, waiting_no: l.waitingNo })));
  const [r] = await queryRows<{ winners: number }>(
    tx,
    sql`with w as (
          select * from jsonb_to_recordset(${json}::jsonb) as w(no int, rank int, outcome text, waiting_no int)
        ), s as (
          insert into event_signups (event_id, person_id, org_id, org_path, status, source, created_by)
          select a.event_id, a.guardian_person_id, p.org_id, o.path, 'confirmed', 'selection', ${by}
            from camp_applications a join w on w.no = a.no join persons p on p.id = a.guardian_person_id join orgs o on o.id = p.org_id
           where a.event_id = ${eventId} and w.outcome <> 'waiting'
          returning id, person_id
        ), m as (
          select w.*, a.id as application_id, s.id as signup_id
            from w join camp_applications a on a.event_id = ${eventId} and a.no = w.no left join s on s.person_id = a.guardian_person_id
        ), u as (
          update camp_applications a
             set draw_rank = m.rank, draw_outcome = m.outcome, waiting_no = m.waiting_no,
                 status = case when m.outcome = 'waiting' then 'waiting' else 'selected' end,
                 won_via = nullif(m.outcome, 'waiting'), signup_id = m.signup_id
            from m where a.id = m.application_id
          returning 1
        )
        select (select count(*)::int from s) as winners, (select count(*) from u) as updated`,
  );
  await tx.execute(sql`update camps set drawn_at = now(), drawn_by = ${by} where event_id = ${eventId}`);
  await tx.execute(sql`update events set taken = taken + ${r!.winners}, updated_at = now() where id = ${eventId}`);
  return r!.winners;
}

/** Withdraws an application; a place it held is given back (its sign-up cancelled, `taken` lowered). */
export async function withdraw(tx: DbOrTx, app: ApplicationDbView, reason: string) {
  await tx.execute(
    sql`update camp_applications set status = 'withdrawn', withdrawn_at = now(), withdraw_reason = ${reason}, waiting_no = null where id = ${app.id}`,
  );
  if (app.status === 'selected' && app.signup_id) {
    await tx.execute(
      sql`update event_signups set status = 'cancelled', cancelled_at = now(), cancel_reason = ${reason}, updated_at = now() where id = ${app.signup_id}`,
    );
    await tx.execute(sql`update events set taken = taken - 1, updated_at = now() where id = ${app.event_id}`);
  }
}

/**
 * Moves the first in line up into a freed place: the first waiting application of `group` when
 * the place was reserved for it, else the first waiting one. Returns its number, or undefined.
 */
export async function promoteNext(tx: DbOrTx, eventId: number, group: CampGroup | null, by: number | null): Promise<number | undefined> {
  const [next] = await queryRows<{ id: number; no: number; guardian_person_id: number }>(
    tx,
    sql`select id::int as id, no, guardian_person_id::int as guardian_person_id from camp_applications
         where event_id = ${eventId} and status = 'waiting' ${group ? sql`and ${group} = any(groups)` : sql``}
         order by waiting_no limit 1 for update`,
  );
  if (!next) return group ? promoteNext(tx, eventId, null, by) : undefined;
  const [s] = await queryRows<{ id: number }>(
    tx,
    sql`insert into event_signups (event_id, person_id, org_id, org_path, status, source, created_by)
        select ${eventId}, p.id, p.org_id, o.path, 'confirmed', 'selection', ${by} from persons p join orgs o on o.id = p.org_id where p.id = ${next.guardian_person_id}
        returning id`,
  );
  await tx.execute(sql`update camp_applications set status = 'selected', won_via = 'waitlist', waiting_no = null, signup_id = ${s!.id} where id = ${next.id}`);
  await tx.execute(sql`update events set taken = taken + 1, updated_at = now() where id = ${eventId}`);
  return next.no;
}

/** Demo guardians: active registry people of a subtree born 1980–1992 (parents of school-age children). */
export async function demoGuardians(tx: DbOrTx, orgPath: string, n: number) {
  return queryRows<{ id: number; name: string }>(
    tx,
    sql`select p.id, p.name from persons p join orgs o on o.id = p.org_id
         where o.path like ${orgPath + '%'} and p.status = 'active' and p.birth_date between '1980-01-01' and '1992-12-31'
         order by p.id limit ${n}`,
  );
}
