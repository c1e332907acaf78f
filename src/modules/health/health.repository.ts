/** Every query of 健康守护: programmes, hospitals, packages, slots, bookings, results, follow-ups, figures. */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { scopePattern, type Scope } from '../../server/scope.ts';
import { ruleCondition } from '../people/index.ts';
import type { EligibilityRule } from '../people/eligibility.contract.ts';
import type { BookingStatus, FollowupStatus, HospitalInput, PackageInput, ProgrammeInput, ProgrammeStatus } from './health.contract.ts';

const inScope = (scope: Scope, column: SQL) => sql`${column} like ${scopePattern(scope)}`;

// ---- Programmes -----------------------------------------------------------------------------------

export interface ProgrammeRow {
  id: number;
  org_id: number;
  org_name: string;
  org_path: string;
  year: number;
  title: string;
  description: string | null;
  audience: EligibilityRule | null;
  status: ProgrammeStatus;
  created_at: Date | string;
  booked: number;
  attended: number;
  capacity: number;
}

const programmeSelect = sql`
  select g.id, g.org_id, o.name as org_name, o.path as org_path, g.year, g.title, g.description, g.audience, g.status, g.created_at,
         coalesce((select sum(s.booked) from health_slots s where s.programme_id = g.id), 0)::int as booked,
         (select count(*) from health_bookings b where b.programme_id = g.id and b.status = 'attended')::int as attended,
         coalesce((select sum(s.capacity) from health_slots s where s.programme_id = g.id), 0)::int as capacity
    from health_programmes g join orgs o on o.id = g.org_id`;

/** Programmes organised in the scope or above it (their rule reaches the scope's people). */
const visible = (scope: Scope) => sql`(o.path like ${scopePattern(scope)} or ${scope.path} like o.path || '%')`;

export async function programmeVisible(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows<ProgrammeRow>(db, sql`${programmeSelect} where g.id = ${id} and ${visible(scope)}`);
  return row;
}

export async function programmeOrganisedIn(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows<ProgrammeRow>(db, sql`${programmeSelect} where g.id = ${id} and o.path like ${scopePattern(scope)}`);
  return row;
}

export async function programmeById(db: DbOrTx, id: number) {
  const [row] = await queryRows<ProgrammeRow>(db, sql`${programmeSelect} where g.id = ${id}`);
  return row;
}

export async function listProgrammes(db: DbOrTx, scope: Scope, q: { year?: number; limit: number; offset: number }) {
  const where = [visible(scope)];
  if (q.year) where.push(sql`g.year = ${q.year}`);
  const cond = sql.join(where, sql` and `);
  const rows = await queryRows<ProgrammeRow>(db, sql`${programmeSelect} where ${cond} order by g.year desc, g.id desc limit ${q.limit} offset ${q.offset}`);
  const [n] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from health_programmes g join orgs o on o.id = g.org_id where ${cond}`);
  return { rows, total: n!.n };
}

export async function insertProgramme(db: DbOrTx, org: { id: number; path: string }, input: ProgrammeInput, createdBy: number | null) {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into health_programmes (org_id, org_path, year, title, description, audience, created_by)
        values (${org.id}, ${org.path}, ${input.year}, ${input.title}, ${input.description}, ${input.audience ? JSON.stringify(input.audience) : null}::jsonb, ${createdBy})
        returning id`,
  );
  return row!.id;
}

export async function setProgrammeStatus(db: DbOrTx, id: number, status: ProgrammeStatus) {
  await db.execute(sql`update health_programmes set status = ${status} where id = ${id}`);
}

/** Locks the programme row: bookings of one programme by staff and the import take it in turn with status changes. */
export async function lockProgramme(db: DbOrTx, id: number) {
  const [row] = await queryRows<{ status: ProgrammeStatus }>(db, sql`select status from health_programmes where id = ${id} for share`);
  return row?.status;
}

// ---- Hospitals, packages, slots -------------------------------------------------------------------

export interface HospitalRow {
  id: number;
  name: string;
  address: string | null;
  phone: string | null;
}
export interface PackageRow {
  id: number;
  hospital_id: number;
  group: 'outdoor' | 'women' | 'occupational' | 'general';
  name: string;
  items: string;
}
export interface SlotRow {
  id: number;
  hospital_id: number;
  day: string;
  capacity: number;
  booked: number;
}

export const hospitalsOf = (db: DbOrTx, programmeId: number) =>
  queryRows<HospitalRow>(db, sql`select id, name, address, phone from health_hospitals where programme_id = ${programmeId} order by id`);

export const packagesOf = (db: DbOrTx, programmeId: number) =>
  queryRows<PackageRow>(
    db,
    sql`select id, hospital_id, "group", name, items from health_packages where programme_id = ${programmeId} order by hospital_id, id`,
  );

export const slotsOf = (db: DbOrTx, programmeId: number, fromDay?: string) =>
  queryRows<SlotRow>(
    db,
    sql`select id, hospital_id, to_char(day, 'YYYY-MM-DD') as day, capacity, booked from health_slots
         where programme_id = ${programmeId} ${fromDay ? sql`and day >= ${fromDay}::date` : sql``} order by day, hospital_id`,
  );

export async function insertHospital(db: DbOrTx, programmeId: number, h: HospitalInput) {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into health_hospitals (programme_id, name, address, phone) values (${programmeId}, ${h.name}, ${h.address}, ${h.phone}) returning id`,
  );
  return row!.id;
}

export async function hospitalOf(db: DbOrTx, programmeId: number, hospitalId: number) {
  const [row] = await queryRows<HospitalRow>(
    db,
    sql`select id, name, address, phone from health_hospitals where programme_id = ${programmeId} and id = ${hospitalId}`,
  );
  return row;
}

export async function insertPackage(db: DbOrTx, programmeId: number, p: PackageInput) {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into health_packages (programme_id, hospital_id, "group", name, items) values (${programmeId}, ${p.hospitalId}, ${p.group}, ${p.name}, ${p.examItems}) returning id`,
  );
  return row!.id;
}

export async function packageOf(db: DbOrTx, programmeId: number, packageId: number) {
  const [row] = await queryRows<PackageRow>(
    db,
    sql`select id, hospital_id, "group", name, items from health_packages where programme_id = ${programmeId} and id = ${packageId}`,
  );
  return row;
}

/** One slot per listed day; days the hospital has already are kept as they are. Returns how many were added. */
export async function insertSlots(db: DbOrTx, programmeId: number, hospitalId: number, days: readonly string[], capacity: number) {
  if (!days.length) return 0;
  const rows = await queryRows<{ id: number }>(
    db,
    sql`insert into health_slots (programme_id, hospital_id, day, capacity)
        select ${programmeId}, ${hospitalId}, d::date, ${capacity} from unnest(${`{${days.join(',')}}`}::text[]) d
        on conflict (hospital_id, day) do nothing returning id`,
  );
  return rows.length;
}

export async function slotOf(db: DbOrTx, programmeId: number, slotId: number) {
  const [row] = await queryRows<SlotRow>(
    db,
    sql`select id, hospital_id, to_char(day, 'YYYY-MM-DD') as day, capacity, booked from health_slots where programme_id = ${programmeId} and id = ${slotId}`,
  );
  return row;
}

export async function setSlotCapacity(db: DbOrTx, slotId: number, capacity: number) {
  await db.execute(sql`update health_slots set capacity = ${capacity} where id = ${slotId}`);
}

/**
 * Takes `n` places of a slot in one statement: the row lock of the update makes concurrent
 * bookings take their turn, `booked + n <= capacity` refuses what would overbook (no row comes
 * back), and the CHECK beneath holds whatever the caller does.
 */
export async function takePlaces(db: DbOrTx, slotId: number, n: number) {
  const [row] = await queryRows<{ booked: number; capacity: number }>(
    db,
    sql`update health_slots set booked = booked + ${n} where id = ${slotId} and booked + ${n} <= capacity returning booked, capacity`,
  );
  return row;
}

// ---- People and the rule --------------------------------------------------------------------------

export interface PersonHit {
  id: number;
  name: string;
  sex: 'male' | 'female';
  org_id: number;
  org_path: string;
}

/** The active persons among `ids` who lie in `within` and match the rule on `day`. */
export async function personsMatching(
  db: DbOrTx,
  within: Scope,
  ids: readonly number[],
  rule: EligibilityRule | null,
  orgScopes: ReadonlyMap<number, Scope>,
  day: string,
) {
  if (!ids.length) return [];
  return queryRows<PersonHit>(
    db,
    sql`select p.id::int as id, p.name, p.sex, p.org_id, o.path as org_path from persons p join orgs o on o.id = p.org_id
         where p.id = any(${`{${ids.join(',')}}`}::bigint[]) and p.status = 'active' and o.path like ${scopePattern(within)}
           and ${rule ? ruleCondition(rule, orgScopes, day) : sql`true`}`,
  );
}

/** Names of persons by id (for messages about people outside the rule), only within `within`. */
export async function personNames(db: DbOrTx, within: Scope, ids: readonly number[]) {
  if (!ids.length) return [];
  return queryRows<{ id: number; name: string }>(
    db,
    sql`select p.id::int as id, p.name from persons p join orgs o on o.id = p.org_id
         where p.id = any(${`{${ids.join(',')}}`}::bigint[]) and o.path like ${scopePattern(within)}`,
  );
}

/** Up to `limit` persons the rule reaches in `within` who have no booking in the programme yet (oldest records first). */
export async function unbookedMatching(
  db: DbOrTx,
  programmeId: number,
  within: Scope,
  rule: EligibilityRule | null,
  orgScopes: ReadonlyMap<number, Scope>,
  day: string,
  limit: number,
) {
  return queryRows<PersonHit>(
    db,
    sql`select p.id::int as id, p.name, p.sex, p.org_id, o.path as org_path from persons p join orgs o on o.id = p.org_id
         where p.status = 'active' and o.path like ${scopePattern(within)} and ${rule ? ruleCondition(rule, orgScopes, day) : sql`true`}
           and not exists (select 1 from health_bookings b where b.programme_id = ${programmeId} and b.person_id = p.id)
         order by p.id limit ${limit}`,
  );
}

export async function countAudience(db: DbOrTx, within: Scope, rule: EligibilityRule | null, orgScopes: ReadonlyMap<number, Scope>, day: string) {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from persons p join orgs o on o.id = p.org_id
         where p.status = 'active' and o.path like ${scopePattern(within)} and ${rule ? ruleCondition(rule, orgScopes, day) : sql`true`}`,
  );
  return row!.n;
}

export async function orgPaths(db: DbOrTx, ids: readonly number[]) {
  if (!ids.length) return [];
  return queryRows<{ id: number; path: string; name: string }>(db, sql`select id, path, name from orgs where id = any(${`{${ids.join(',')}}`}::int[])`);
}

/** Programmes above or at the person's union, open or holding their booking (the portal's list). */
export async function programmesForPerson(db: DbOrTx, personId: number) {
  return queryRows<ProgrammeRow>(
    db,
    sql`${programmeSelect} join persons p on p.id = ${personId} join orgs po on po.id = p.org_id
         where po.path like o.path || '%'
           and (g.status = 'open' or exists (select 1 from health_bookings b where b.programme_id = g.id and b.person_id = ${personId}))
         order by g.year desc, g.id desc`,
  );
}

/**
 * One programme as the portal's booking needs it, if it is organised at or above the person's union
 * and open or holding their booking: without the figures the staff pages add (a booking reads it on
 * every request).
 */
export async function programmeForPerson(db: DbOrTx, personId: number, id: number) {
  const [row] = await queryRows<ProgrammeRow>(
    db,
    sql`select g.id, g.org_id, o.name as org_name, o.path as org_path, g.year, g.title, g.description, g.audience, g.status, g.created_at,
               0 as booked, 0 as attended, 0 as capacity
          from health_programmes g join orgs o on o.id = g.org_id join persons p on p.id = ${personId} join orgs po on po.id = p.org_id
         where g.id = ${id} and po.path like o.path || '%'
           and (g.status = 'open' or exists (select 1 from health_bookings b where b.programme_id = g.id and b.person_id = ${personId}))`,
  );
  return row;
}

// ---- Bookings -------------------------------------------------------------------------------------

export interface NewBooking {
  programmeId: number;
  slotId: number;
  packageId: number | null;
  personId: number;
  orgId: number;
  orgPath: string;
  source: 'worker' | 'union';
  consentBasis: string;
  workerId: number | null;
  createdBy: number | null;
}

export async function insertBookings(db: DbOrTx, rows: readonly NewBooking[]) {
  if (!rows.length) return [];
  const values = rows.map(
    (r) =>
      sql`(${r.programmeId}, ${r.slotId}, ${r.packageId}, ${r.personId}, ${r.orgId}, ${r.orgPath}, ${r.source}, ${r.consentBasis}, ${r.workerId}, ${r.createdBy})`,
  );
  return queryRows<{ id: number; person_id: number }>(
    db,
    sql`insert into health_bookings (programme_id, slot_id, package_id, person_id, org_id, org_path, source, consent_basis, worker_id, created_by)
        values ${sql.join(values, sql`, `)} returning id, person_id::int as person_id`,
  );
}

/** Which of the persons already have a booking in the programme. */
export async function bookedAmong(db: DbOrTx, programmeId: number, personIds: readonly number[]) {
  if (!personIds.length) return [];
  return queryRows<{ person_id: number }>(
    db,
    sql`select person_id::int as person_id from health_bookings where programme_id = ${programmeId} and person_id = any(${`{${personIds.join(',')}}`}::bigint[])`,
  );
}

export interface BookingDbRow {
  id: number;
  programme_id: number;
  person_id: number;
  name: string;
  id_masked: string;
  occupation: string | null;
  org_id: number;
  org_name: string;
  org_path: string;
  hospital_name: string;
  hospital_address: string | null;
  day: string;
  slot_id: number;
  package_name: string | null;
  status: BookingStatus;
  source: 'worker' | 'union';
  consent_basis: string;
  has_results: boolean;
  created_at: Date | string;
}

const bookingSelect = sql`
  select b.id, b.programme_id, b.person_id::int as person_id, p.name, p.id_masked, p.occupation, b.org_id, o.name as org_name, b.org_path,
         h.name as hospital_name, h.address as hospital_address, to_char(s.day, 'YYYY-MM-DD') as day, b.slot_id, k.name as package_name,
         b.status, b.source, b.consent_basis, exists (select 1 from health_results r where r.booking_id = b.id) as has_results, b.created_at
    from health_bookings b join persons p on p.id = b.person_id join orgs o on o.id = b.org_id
    join health_slots s on s.id = b.slot_id join health_hospitals h on h.id = s.hospital_id
    left join health_packages k on k.id = b.package_id`;

export async function listBookings(
  db: DbOrTx,
  programmeId: number,
  within: Scope,
  q: { status?: BookingStatus; slotId?: number; limit: number; offset: number },
) {
  const where = [sql`b.programme_id = ${programmeId}`, inScope(within, sql`b.org_path`)];
  if (q.status) where.push(sql`b.status = ${q.status}`);
  if (q.slotId) where.push(sql`b.slot_id = ${q.slotId}`);
  const cond = sql.join(where, sql` and `);
  const rows = await queryRows<BookingDbRow>(db, sql`${bookingSelect} where ${cond} order by s.day, b.id limit ${q.limit} offset ${q.offset}`);
  const [n] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from health_bookings b where ${cond}`);
  return { rows, total: n!.n };
}

/** A booking of a person in `within` (404 otherwise). */
export async function bookingIn(db: DbOrTx, within: Scope, id: number) {
  const [row] = await queryRows<BookingDbRow>(db, sql`${bookingSelect} where b.id = ${id} and ${inScope(within, sql`b.org_path`)}`);
  return row;
}

export async function bookingOfPerson(db: DbOrTx, personId: number, programmeId: number) {
  const [row] = await queryRows<BookingDbRow>(db, sql`${bookingSelect} where b.person_id = ${personId} and b.programme_id = ${programmeId}`);
  return row;
}

export async function bookingsOfPerson(db: DbOrTx, personId: number) {
  return queryRows<BookingDbRow & { programme_title: string }>(
    db,
    sql`select x.*, g.title as programme_title from (${bookingSelect} where b.person_id = ${personId}) x join health_programmes g on g.id = x.programme_id order by x.day desc`,
  );
}

/**
 * 取消预约: the booking goes and its place returns to the slot, in one statement; only a booking
 * not yet attended and without results (nothing refers to it). False when it was not so.
 */
export async function cancelBooking(db: DbOrTx, id: number) {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`with gone as (
          delete from health_bookings b where b.id = ${id} and b.status = 'booked'
             and not exists (select 1 from health_results r where r.booking_id = b.id)
          returning b.slot_id)
        update health_slots s set booked = s.booked - 1 from gone where s.id = gone.slot_id returning s.id`,
  );
  return rows.length === 1;
}

export async function setAttendance(db: DbOrTx, id: number, attended: boolean) {
  await db.execute(
    attended
      ? sql`update health_bookings set status = 'attended', attended_at = coalesce(attended_at, now()) where id = ${id}`
      : sql`update health_bookings set status = 'booked', attended_at = null where id = ${id}`,
  );
}

// ---- Results --------------------------------------------------------------------------------------

export interface ResultLineRow {
  item: string;
  value: string;
  unit: string | null;
  range: string | null;
  flag: string | null;
  abnormal: boolean;
}

export const resultsOf = (db: DbOrTx, bookingId: number) =>
  queryRows<ResultLineRow>(db, sql`select item, value, unit, range, flag, abnormal from health_results where booking_id = ${bookingId} order by id`);

/** A worker's own summary: counts and the names of abnormal items, never values. */
export async function resultSummary(db: DbOrTx, bookingId: number) {
  const [row] = await queryRows<{ items: number; abnormal: number; abnormal_items: string[] | null }>(
    db,
    sql`select count(*)::int as items, count(*) filter (where abnormal)::int as abnormal,
               array_agg(item order by id) filter (where abnormal) as abnormal_items
          from health_results where booking_id = ${bookingId}`,
  );
  return row!;
}

/** Statistics of the staging table after a load, so the matching joins are planned for its size. */
export async function analyzeStaging(db: DbOrTx) {
  await db.execute(sql`analyze health_result_staging`);
}

/** Removes an import's staged rows, and their dead space (PGlite has no autovacuum; the next import's COPY would wade through it). */
export async function clearStaging(db: DbOrTx, importId: string) {
  await db.execute(sql`delete from health_result_staging where import_id = ${importId}`);
  await db.execute(sql`vacuum health_result_staging`);
}

/**
 * Staged rows that name nobody booked in the programme within `within` (an ID number of no active
 * person, of someone not booked, or of a booking outside the importer's subtree), and rows that
 * repeat an earlier row's person and item.
 */
export async function stagingProblems(db: DbOrTx, importId: string, programmeId: number, within: Scope, limit: number) {
  return queryRows<{ row_no: number; problem: 'not_booked' | 'repeated' }>(
    db,
    sql`select row_no, problem from (
          select s.row_no, 'not_booked' as problem from health_result_staging s
           where s.import_id = ${importId}
             and not exists (select 1 from persons p join health_bookings b on b.person_id = p.id and b.programme_id = ${programmeId}
                              where p.id_number_bidx = s.id_bidx and p.status = 'active' and b.org_path like ${scopePattern(within)})
          union all
          select row_no, 'repeated' from (
            select s.row_no, row_number() over (partition by s.id_bidx, s.item order by s.row_no) as k
              from health_result_staging s where s.import_id = ${importId}) d where d.k > 1
        ) x order by row_no limit ${limit}`,
  );
}

/** Writes the staged lines (a line the hospital sends again replaces the earlier one) and marks the bookings attended. */
export async function applyStaging(db: DbOrTx, importId: string, programmeId: number) {
  const [written] = await queryRows<{ n: number; abnormal: number }>(
    db,
    sql`with ins as (
          insert into health_results (booking_id, programme_id, item, value, unit, range, flag, abnormal)
          select b.id, ${programmeId}, s.item, s.value, s.unit, s.range, s.flag, s.abnormal
            from health_result_staging s join persons p on p.id_number_bidx = s.id_bidx and p.status = 'active'
            join health_bookings b on b.person_id = p.id and b.programme_id = ${programmeId}
           where s.import_id = ${importId}
          on conflict (booking_id, item) do update set value = excluded.value, unit = excluded.unit, range = excluded.range,
             flag = excluded.flag, abnormal = excluded.abnormal, imported_at = now()
          returning booking_id, abnormal),
        attended as (
          update health_bookings set status = 'attended', attended_at = now()
           where id in (select distinct booking_id from ins) and status = 'booked' returning id)
        select count(*)::int as n, count(*) filter (where abnormal)::int as abnormal from ins`,
  );
  return written!;
}

/** Opens a follow-up for every booking of the import with an abnormal line and none yet; returns them for the reminders. */
export async function openFollowups(db: DbOrTx, importId: string, programmeId: number, dueOn: string) {
  return queryRows<{ id: number; person_id: number; findings: string }>(
    db,
    sql`insert into health_followups (booking_id, programme_id, person_id, org_path, findings, due_on)
        select b.id, b.programme_id, b.person_id, b.org_path,
               (select string_agg(r.item, '、' order by r.id) from health_results r where r.booking_id = b.id and r.abnormal), ${dueOn}::date
          from health_bookings b
         where b.programme_id = ${programmeId}
           and b.person_id in (select p.id from health_result_staging s join persons p on p.id_number_bidx = s.id_bidx and p.status = 'active'
                                where s.import_id = ${importId} and s.abnormal)
           and exists (select 1 from health_results r where r.booking_id = b.id and r.abnormal)
        on conflict (booking_id) do nothing
        returning id, person_id::int as person_id, findings`,
  );
}

// ---- Follow-ups -----------------------------------------------------------------------------------

export interface FollowupDbRow {
  id: number;
  booking_id: number;
  programme_id: number;
  programme_title: string;
  person_id: number;
  name: string;
  org_name: string;
  org_path: string;
  findings: string;
  status: FollowupStatus;
  due_on: string;
  note: string | null;
  reminded_at: Date | string | null;
  created_at: Date | string;
}

const followupSelect = sql`
  select f.id, f.booking_id, f.programme_id, g.title as programme_title, f.person_id::int as person_id, p.name, o.name as org_name, f.org_path,
         f.findings, f.status, to_char(f.due_on, 'YYYY-MM-DD') as due_on, f.note, f.reminded_at, f.created_at
    from health_followups f join persons p on p.id = f.person_id join health_programmes g on g.id = f.programme_id
    join health_bookings b on b.id = f.booking_id join orgs o on o.id = b.org_id`;

export async function listFollowups(db: DbOrTx, scope: Scope, q: { status?: FollowupStatus; programmeId?: number; limit: number; offset: number }) {
  const where = [inScope(scope, sql`f.org_path`)];
  if (q.status) where.push(sql`f.status = ${q.status}`);
  if (q.programmeId) where.push(sql`f.programme_id = ${q.programmeId}`);
  const cond = sql.join(where, sql` and `);
  const rows = await queryRows<FollowupDbRow>(
    db,
    sql`${followupSelect} where ${cond} order by f.status desc, f.due_on, f.id limit ${q.limit} offset ${q.offset}`,
  );
  const [n] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from health_followups f where ${cond}`);
  return { rows, total: n!.n };
}

export async function followupIn(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows<FollowupDbRow>(db, sql`${followupSelect} where f.id = ${id} and ${inScope(scope, sql`f.org_path`)}`);
  return row;
}

export async function followupOfBooking(db: DbOrTx, bookingId: number) {
  const [row] = await queryRows<{ status: FollowupStatus; due_on: string }>(
    db,
    sql`select status, to_char(due_on, 'YYYY-MM-DD') as due_on from health_followups where booking_id = ${bookingId}`,
  );
  return row;
}

export async function closeFollowup(db: DbOrTx, id: number, note: string, by: number | null) {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`update health_followups set status = 'done', note = ${note}, done_by = ${by}, done_at = now() where id = ${id} and status = 'open' returning id`,
  );
  return rows.length > 0;
}

export async function markReminded(db: DbOrTx, id: number) {
  await db.execute(sql`update health_followups set reminded_at = now() where id = ${id}`);
}

/**
 * Open follow-ups to tell the worker about: those never told (just opened by an import), and those
 * past due not reminded in the last week.
 */
export async function dueFollowups(db: DbOrTx, today: string, limit: number) {
  return queryRows<{ id: number; person_id: number; findings: string; programme_title: string; first: boolean }>(
    db,
    sql`select f.id, f.person_id::int as person_id, f.findings, g.title as programme_title, f.reminded_at is null as first
          from health_followups f join health_programmes g on g.id = f.programme_id
         where f.status = 'open'
           and (f.reminded_at is null or (f.due_on <= ${today}::date and f.reminded_at < now() - interval '7 days'))
         order by f.id limit ${limit}`,
  );
}

/** The inbox: open follow-ups in the scope, the longest waiting first. */
export async function openFollowupsInbox(db: DbOrTx, scope: Scope, limit: number, offset: number) {
  return queryRows<{ id: number; name: string; programme: string; since: Date | string; total: number }>(
    db,
    sql`select f.id, p.name, g.title as programme, f.created_at as since, count(*) over ()::int as total
          from health_followups f join persons p on p.id = f.person_id join health_programmes g on g.id = f.programme_id
         where f.status = 'open' and ${inScope(scope, sql`f.org_path`)}
         order by f.due_on, f.id limit ${limit} offset ${offset}`,
  );
}

// ---- Figures --------------------------------------------------------------------------------------

export interface FigureRow {
  key: string | null;
  label: string | null;
  audience: number;
  booked: number;
  done: number;
  abnormal: number;
  followed_up: number;
}

/**
 * Counts of the programme in `within`, grouped by occupation or by the child union of `within`
 * the person belongs to (`childDepth`: the number of path segments of a child): the audience from
 * the rule, the rest from the bookings. Counts only — no names, no values.
 */
export async function figures(
  db: DbOrTx,
  programmeId: number,
  within: Scope,
  rule: EligibilityRule | null,
  orgScopes: ReadonlyMap<number, Scope>,
  day: string,
  by: 'total' | 'occupation' | 'org',
) {
  const key =
    by === 'total'
      ? sql`'total'`
      : by === 'occupation'
        ? sql`coalesce(p.occupation, '')`
        : sql`(select c.id::text from orgs c where c.parent_id = (select id from orgs where path = ${within.path}) and o.path like c.path || '%')`;
  const label =
    by === 'total'
      ? sql`'合计'`
      : by === 'occupation'
        ? sql`coalesce((select oc.label from occupations oc where oc.code = p.occupation), '未填职业')`
        : sql`coalesce((select c.name from orgs c where c.parent_id = (select id from orgs where path = ${within.path}) and o.path like c.path || '%'), '本级')`;
  return queryRows<FigureRow>(
    db,
    sql`with people as (
          select p.id, ${key} as key, ${label} as label, true as in_audience
            from persons p join orgs o on o.id = p.org_id
           where p.status = 'active' and o.path like ${scopePattern(within)} and ${rule ? ruleCondition(rule, orgScopes, day) : sql`true`}
          union
          select p.id, ${key}, ${label}, false
            from health_bookings b join persons p on p.id = b.person_id join orgs o on o.id = p.org_id
           where b.programme_id = ${programmeId} and b.org_path like ${scopePattern(within)}
        ), one as (
          select id, key, label, bool_or(in_audience) as in_audience from people group by id, key, label
        )
        select x.key, x.label,
               count(*) filter (where x.in_audience)::int as audience,
               count(b.id)::int as booked,
               count(b.id) filter (where b.status = 'attended' or exists (select 1 from health_results r where r.booking_id = b.id))::int as done,
               count(b.id) filter (where exists (select 1 from health_results r where r.booking_id = b.id and r.abnormal))::int as abnormal,
               count(f.id) filter (where f.status = 'done')::int as followed_up
          from one x left join health_bookings b on b.programme_id = ${programmeId} and b.person_id = x.id
          left join health_followups f on f.booking_id = b.id
         group by x.key, x.label order by audience desc, x.label`,
  );
}

/** The worker's portal tile: an upcoming booking, an open follow-up. */
export async function homeCounts(db: DbOrTx, personId: number) {
  const [row] = await queryRows<{ booked: number; follow_ups: number }>(
    db,
    sql`select (select count(*) from health_bookings b join health_slots s on s.id = b.slot_id where b.person_id = ${personId} and b.status = 'booked' and s.day >= current_date)::int as booked,
               (select count(*) from health_followups f where f.person_id = ${personId} and f.status = 'open')::int as follow_ups`,
  );
  return { booked: row!.booked, followUps: row!.follow_ups };
}

// ---- Demo -----------------------------------------------------------------------------------------

/** The first `n` active people under a union (the demo books them). */
export const demoPeopleUnder = (db: DbOrTx, path: string, n: number) =>
  queryRows<PersonHit>(
    db,
    sql`select p.id::int as id, p.name, p.sex, p.org_id, o.path as org_path from persons p join orgs o on o.id = p.org_id
         where p.status = 'active' and o.path like ${`${path}%`} order by p.id limit ${n}`,
  );

export async function insertDemoResult(
  db: DbOrTx,
  bookingId: number,
  programmeId: number,
  lines: readonly { item: string; value: string; unit: string; range: string; flag: string; abnormal: boolean }[],
) {
  for (const l of lines) {
    await db.execute(
      sql`insert into health_results (booking_id, programme_id, item, value, unit, range, flag, abnormal)
          values (${bookingId}, ${programmeId}, ${l.item}, ${l.value}, ${l.unit || null}, ${l.range || null}, ${l.flag || null}, ${l.abnormal})`,
    );
  }
}

export async function insertDemoFollowup(
  db: DbOrTx,
  f: { bookingId: number; programmeId: number; personId: number; orgPath: string; findings: string; dueOn: string; done: boolean },
) {
  await db.execute(
    sql`insert into health_followups (booking_id, programme_id, person_id, org_path, findings, due_on, status, note, done_at)
        values (${f.bookingId}, ${f.programmeId}, ${f.personId}, ${f.orgPath}, ${f.findings}, ${f.dueOn}::date,
                ${f.done ? 'done' : 'open'}, ${f.done ? '已电话随访，本人已到医院复查' : null}, ${f.done ? sql`now()` : null})`,
  );
}

export async function takeDemoPlaces(db: DbOrTx, slotId: number, n: number) {
  await db.execute(sql`update health_slots set booked = booked + ${n} where id = ${slotId}`);
}
