/**
 * Every query of 志愿服务: volunteers, teams, projects and shifts seen by their union's subtree;
 * service time by volunteer, project and day; orders; certificates; the roll-up.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { pathInScope, type Scope } from '../../server/scope.ts';
import type {
  Availability,
  ListOrdersQuery,
  ListRecordsQuery,
  ListVolunteersQuery,
  OrderStatus,
  ProjectStatus,
  RecordSource,
  RecordStatus,
  ServiceKind,
  Skill,
  VolunteerStatus,
} from './volunteers.contract.ts';

export async function orgInScope(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows<{ id: number; name: string; path: string; status: string }>(
    db,
    sql`select id, name, path, status from orgs where id = ${id} and ${pathInScope(scope, sql`path`)}`,
  );
  return row;
}

export async function personInScope(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows<{ id: number; name: string; org_id: number; path: string }>(
    db,
    sql`select p.id::int as id, p.name, p.org_id, o.path from persons p join orgs o on o.id = p.org_id
         where p.id = ${id} and p.status = 'active' and ${pathInScope(scope, sql`o.path`)}`,
  );
  return row;
}

/** The person's own record, whatever the scope (the worker's own). */
export async function personById(db: DbOrTx, id: number) {
  const [row] = await queryRows<{ id: number; name: string; org_id: number; path: string }>(
    db,
    sql`select p.id::int as id, p.name, p.org_id, o.path from persons p join orgs o on o.id = p.org_id where p.id = ${id} and p.status = 'active'`,
  );
  return row;
}

// ---- volunteers ----

export interface VolunteerRow {
  id: number;
  person_id: number;
  name: string;
  org_id: number;
  org_name: string;
  org_path: string;
  skills: Skill[] | string;
  availability: Availability[] | string;
  intro: string | null;
  status: VolunteerStatus;
  joined_on: string;
  minutes: number;
  teams: { id: number; name: string }[] | null;
}

const volunteerSelect = sql`select v.id, v.person_id::int as person_id, p.name, v.org_id, o.name as org_name, v.org_path, v.skills, v.availability, v.intro, v.status,
                                   v.joined_on::text as joined_on,
                                   (select coalesce(sum(r.minutes), 0)::int from volunteer_records r where r.volunteer_id = v.id and r.status = 'valid') as minutes,
                                   (select json_agg(json_build_object('id', t.id, 'name', t.name) order by t.name)
                                      from volunteer_team_members m join volunteer_teams t on t.id = m.team_id where m.volunteer_id = v.id) as teams
                              from volunteers v join persons p on p.id = v.person_id join orgs o on o.id = v.org_id`;

export async function volunteerInScope(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows<VolunteerRow>(db, sql`${volunteerSelect} where v.id = ${id} and ${pathInScope(scope, sql`v.org_path`)}`);
  return row;
}

export async function volunteerOfPerson(db: DbOrTx, personId: number) {
  const [row] = await queryRows<VolunteerRow>(db, sql`${volunteerSelect} where v.person_id = ${personId}`);
  return row;
}

/** Locks the volunteer's row: sign-ups, scans and back-fills of one volunteer take turns. */
export async function lockVolunteer(db: DbOrTx, id: number) {
  await queryRows(db, sql`select id from volunteers where id = ${id} for update`);
}

export async function listVolunteers(db: DbOrTx, scope: Scope, q: ListVolunteersQuery) {
  const parts: SQL[] = [pathInScope(scope, sql`v.org_path`)];
  if (q.q) parts.push(sql`(p.name like ${`%${q.q}%`} or p.name_pinyin like ${`%${q.q.toLowerCase()}%`} or p.name_initials like ${`%${q.q.toLowerCase()}%`})`);
  if (q.skill) parts.push(sql`v.skills @> ${`{${q.skill}}`}::text[]`);
  if (q.status) parts.push(sql`v.status = ${q.status}`);
  if (q.teamId) parts.push(sql`exists (select 1 from volunteer_team_members m where m.volunteer_id = v.id and m.team_id = ${q.teamId})`);
  const where = sql.join(parts, sql` and `);
  const [rows, [count]] = await Promise.all([
    queryRows<VolunteerRow>(
      db,
      sql`${volunteerSelect} where ${where} order by v.status, p.name_pinyin, v.id limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
    ),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from volunteers v join persons p on p.id = v.person_id where ${where}`),
  ]);
  return { rows, total: count!.n };
}

// ---- teams ----

export interface TeamRow {
  id: number;
  name: string;
  org_id: number;
  org_name: string;
  org_path: string;
  intro: string | null;
  minutes: number;
  members: { volunteerId: number; name: string; leader: boolean; skills: Skill[] }[] | null;
}

const teamSelect = sql`select t.id, t.name, t.org_id, o.name as org_name, t.org_path, t.intro,
                              (select coalesce(sum(r.minutes), 0)::int from volunteer_records r join volunteer_team_members m on m.volunteer_id = r.volunteer_id
                                where m.team_id = t.id and r.status = 'valid') as minutes,
                              (select json_agg(json_build_object('volunteerId', v.id, 'name', p.name, 'leader', m.leader, 'skills', v.skills) order by m.leader desc, p.name_pinyin)
                                 from volunteer_team_members m join volunteers v on v.id = m.volunteer_id join persons p on p.id = v.person_id
                                where m.team_id = t.id) as members
                         from volunteer_teams t join orgs o on o.id = t.org_id`;

export async function teamInScope(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows<TeamRow>(db, sql`${teamSelect} where t.id = ${id} and ${pathInScope(scope, sql`t.org_path`)}`);
  return row;
}

export function listTeams(db: DbOrTx, scope: Scope) {
  return queryRows<TeamRow>(db, sql`${teamSelect} where ${pathInScope(scope, sql`t.org_path`)} order by t.org_path, t.name`);
}

export async function isTeamMember(db: DbOrTx, teamId: number, volunteerId: number) {
  const rows = await queryRows(db, sql`select 1 from volunteer_team_members where team_id = ${teamId} and volunteer_id = ${volunteerId}`);
  return rows.length > 0;
}

// ---- projects and shifts ----

export interface ShiftRow {
  id: number;
  project_id: number;
  starts_at: Date | string;
  ends_at: Date | string;
  place: string | null;
  capacity: number;
  signed_up: number;
  checkin_code: string;
}

export interface ProjectRow {
  id: number;
  name: string;
  org_id: number;
  org_name: string;
  org_path: string;
  kind: ServiceKind;
  team_id: number | null;
  team_name: string | null;
  place: string;
  intro: string | null;
  status: ProjectStatus;
  minutes: number;
}

const projectSelect = sql`select j.id, j.name, j.org_id, o.name as org_name, j.org_path, j.kind, j.team_id, t.name as team_name, j.place, j.intro, j.status,
                                 (select coalesce(sum(r.minutes), 0)::int from volunteer_records r where r.project_id = j.id and r.status = 'valid') as minutes
                            from volunteer_projects j join orgs o on o.id = j.org_id left join volunteer_teams t on t.id = j.team_id`;

export async function projectInScope(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows<ProjectRow>(db, sql`${projectSelect} where j.id = ${id} and ${pathInScope(scope, sql`j.org_path`)}`);
  return row;
}

export function listProjects(db: DbOrTx, scope: Scope) {
  return queryRows<ProjectRow>(db, sql`${projectSelect} where ${pathInScope(scope, sql`j.org_path`)} order by j.status desc, j.id desc`);
}

const shiftSelect = sql`select s.id, s.project_id, s.starts_at, s.ends_at, s.place, s.capacity, s.checkin_code,
                               (select count(*)::int from volunteer_signups g where g.shift_id = s.id) as signed_up
                          from volunteer_shifts s`;

export function shiftsOf(db: DbOrTx, projectIds: number[]) {
  if (!projectIds.length) return Promise.resolve([] as ShiftRow[]);
  return queryRows<ShiftRow>(db, sql`${shiftSelect} where s.project_id in (${sql.join(projectIds, sql`, `)}) order by s.starts_at, s.id`);
}

export function shiftInScope(db: DbOrTx, scope: Scope, id: number) {
  return shiftFor(db, { id, scope });
}

/** The shift with its project, for a volunteer (a project of the volunteer's union or one above it). */
/** Which shift: by id or by the venue's code, within a scope (staff) or a volunteer's line of unions (their own union or above). */
export interface ShiftBy {
  id?: number;
  code?: string;
  scope?: Scope;
  linePath?: string;
}

export async function shiftFor(db: DbOrTx, by: ShiftBy, lock = false) {
  const parts: SQL[] = [];
  if (by.id !== undefined) parts.push(sql`s.id = ${by.id}`);
  if (by.code !== undefined) parts.push(sql`s.checkin_code = ${by.code}`);
  if (by.scope) parts.push(pathInScope(by.scope, sql`j.org_path`));
  if (by.linePath !== undefined) parts.push(sql`${by.linePath} like j.org_path || '%'`);
  if (!parts.length) throw new Error('shiftFor needs an id or a code');
  const where = sql.join(parts, sql` and `);
  const [row] = await queryRows<
    ShiftRow & { project_name: string; project_status: ProjectStatus; org_path: string; org_id: number; kind: ServiceKind; project_place: string }
  >(
    db,
    sql`select s.id, s.project_id, s.starts_at, s.ends_at, s.place, s.capacity, s.checkin_code,
               (select count(*)::int from volunteer_signups g where g.shift_id = s.id) as signed_up,
               j.name as project_name, j.status as project_status, j.org_path, j.org_id, j.kind, j.place as project_place
          from volunteer_shifts s join volunteer_projects j on j.id = s.project_id where ${where}${lock ? sql` for update of s` : sql``}`,
  );
  return row;
}

/**
 * Shifts from now on of open projects whose union is the volunteer's or above it, and the
 * volunteer's own shifts of the last 14 days (time not scanned there may be back-filled).
 */
export function upcomingShiftsFor(db: DbOrTx, volunteerOrgPath: string, volunteerId: number | null) {
  return queryRows<ShiftRow & { project_name: string; kind: ServiceKind; project_place: string; mine: boolean }>(
    db,
    sql`select s.id, s.project_id, s.starts_at, s.ends_at, s.place, s.capacity, s.checkin_code,
               (select count(*)::int from volunteer_signups g where g.shift_id = s.id) as signed_up,
               j.name as project_name, j.kind, j.place as project_place,
               exists (select 1 from volunteer_signups g where g.shift_id = s.id and g.volunteer_id = ${volunteerId ?? 0}) as mine
          from volunteer_shifts s join volunteer_projects j on j.id = s.project_id
         where ${volunteerOrgPath} like j.org_path || '%'
           and ((j.status = 'open' and s.ends_at > now())
                or (s.ends_at > now() - interval '14 days' and exists (select 1 from volunteer_signups g where g.shift_id = s.id and g.volunteer_id = ${volunteerId ?? 0})))
         order by s.starts_at, s.id limit 50`,
  );
}

/** A signed-up shift of the volunteer that overlaps [startsAt, endsAt), if any. */
export async function overlappingSignup(db: DbOrTx, volunteerId: number, startsAt: Date, endsAt: Date) {
  const [row] = await queryRows<{ project_name: string; starts_at: Date | string; ends_at: Date | string }>(
    db,
    sql`select j.name as project_name, s.starts_at, s.ends_at from volunteer_signups g join volunteer_shifts s on s.id = g.shift_id
          join volunteer_projects j on j.id = s.project_id
         where g.volunteer_id = ${volunteerId} and s.starts_at < ${endsAt.toISOString()} and s.ends_at > ${startsAt.toISOString()} limit 1`,
  );
  return row;
}

export async function hasSignup(db: DbOrTx, shiftId: number, volunteerId: number) {
  return (await queryRows(db, sql`select 1 from volunteer_signups where shift_id = ${shiftId} and volunteer_id = ${volunteerId}`)).length > 0;
}

export function shiftSignups(db: DbOrTx, shiftId: number) {
  return queryRows<{ volunteer_id: number; name: string; minutes: number; checked_in: boolean }>(
    db,
    sql`select g.volunteer_id, p.name,
               (select coalesce(sum(r.minutes), 0)::int from volunteer_records r where r.shift_id = g.shift_id and r.volunteer_id = g.volunteer_id and r.status = 'valid') as minutes,
               exists (select 1 from volunteer_records r where r.shift_id = g.shift_id and r.volunteer_id = g.volunteer_id and r.status = 'open') as checked_in
          from volunteer_signups g join volunteers v on v.id = g.volunteer_id join persons p on p.id = v.person_id
         where g.shift_id = ${shiftId} order by g.id`,
  );
}

// ---- service time ----

export interface RecordRow {
  id: number;
  volunteer_id: number;
  volunteer_name: string;
  project_id: number | null;
  project_name: string | null;
  order_id: number | null;
  order_title: string | null;
  shift_id: number | null;
  org_path: string;
  day: string;
  pair_no: number | null;
  started_at: Date | string;
  ended_at: Date | string | null;
  minutes: number | null;
  source: RecordSource;
  status: RecordStatus;
  reason: string | null;
  review_note: string | null;
  created_by: number | null;
}

const recordSelect = sql`select r.id::int as id, r.volunteer_id, p.name as volunteer_name, r.project_id, j.name as project_name, r.order_id, d.title as order_title, r.shift_id,
                                r.org_path, r.day::text as day, r.pair_no, r.started_at, r.ended_at, r.minutes, r.source, r.status, r.reason, r.review_note, r.created_by
                           from volunteer_records r join volunteers v on v.id = r.volunteer_id join persons p on p.id = v.person_id
                           left join volunteer_projects j on j.id = r.project_id left join volunteer_orders d on d.id = r.order_id`;

export async function recordById(db: DbOrTx, id: number, scope?: Scope, lock = false) {
  const [row] = await queryRows<RecordRow>(
    db,
    sql`${recordSelect} where r.id = ${id}${scope ? sql` and ${pathInScope(scope, sql`r.org_path`)}` : sql``}${lock ? sql` for update of r` : sql``}`,
  );
  return row;
}

export async function listRecords(db: DbOrTx, scope: Scope, q: ListRecordsQuery) {
  const parts: SQL[] = [pathInScope(scope, sql`r.org_path`)];
  if (q.status) parts.push(sql`r.status = ${q.status}`);
  if (q.volunteerId) parts.push(sql`r.volunteer_id = ${q.volunteerId}`);
  if (q.projectId) parts.push(sql`r.project_id = ${q.projectId}`);
  const where = sql.join(parts, sql` and `);
  const [rows, [count]] = await Promise.all([
    queryRows<RecordRow>(db, sql`${recordSelect} where ${where} order by r.started_at desc, r.id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from volunteer_records r where ${where}`),
  ]);
  return { rows, total: count!.n };
}

export function recordsOfVolunteer(db: DbOrTx, volunteerId: number, limit = 30) {
  return queryRows<RecordRow>(db, sql`${recordSelect} where r.volunteer_id = ${volunteerId} order by r.started_at desc, r.id desc limit ${limit}`);
}

export async function openRecord(db: DbOrTx, volunteerId: number) {
  const [row] = await queryRows<RecordRow>(db, sql`${recordSelect} where r.volunteer_id = ${volunteerId} and r.status = 'open'`);
  return row;
}

/** Pairs of a project a volunteer used on a day (open, pending and valid ones; refused back-fills give theirs back). */
export async function pairsUsed(db: DbOrTx, volunteerId: number, projectId: number, day: string) {
  return queryRows<{ pair_no: number }>(
    db,
    sql`select pair_no from volunteer_records where volunteer_id = ${volunteerId} and project_id = ${projectId} and day = ${day} and pair_no is not null order by pair_no`,
  );
}

/** A piece of the volunteer's time that overlaps [from, to) and still counts or may count. */
export async function overlappingRecord(db: DbOrTx, volunteerId: number, from: Date, to: Date, exceptId = 0) {
  const [row] = await queryRows<{ id: number; started_at: Date | string; ended_at: Date | string | null; status: RecordStatus }>(
    db,
    sql`select id::int as id, started_at, ended_at, status from volunteer_records
         where volunteer_id = ${volunteerId} and id <> ${exceptId} and status <> 'rejected'
           and started_at < ${to.toISOString()} and coalesce(ended_at, now()) > ${from.toISOString()} limit 1`,
  );
  return row;
}

export async function insertRecord(
  db: DbOrTx,
  r: {
    volunteerId: number;
    projectId: number | null;
    shiftId: number | null;
    orderId: number | null;
    orgPath: string;
    day: string;
    pairNo: number | null;
    startedAt: Date;
    endedAt: Date | null;
    source: RecordSource;
    status: RecordStatus;
    reason?: string | null;
    createdBy: number | null;
  },
) {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into volunteer_records (volunteer_id, project_id, shift_id, order_id, org_path, day, pair_no, started_at, ended_at, source, status, reason, created_by)
        values (${r.volunteerId}, ${r.projectId}, ${r.shiftId}, ${r.orderId}, ${r.orgPath}, ${r.day}, ${r.pairNo}, ${r.startedAt.toISOString()},
                ${r.endedAt ? r.endedAt.toISOString() : null}, ${r.source}, ${r.status}, ${r.reason ?? null}, ${r.createdBy}) returning id::int as id`,
  );
  return row!.id;
}

export async function closeRecord(db: DbOrTx, id: number, endedAt: Date, status: RecordStatus, reason: string | null = null) {
  await queryRows(
    db,
    sql`update volunteer_records set ended_at = ${endedAt.toISOString()}, status = ${status}, reason = coalesce(${reason}, reason) where id = ${id}`,
  );
}

export async function reviewRecord(db: DbOrTx, id: number, approve: boolean, accountId: number | null, note: string | null) {
  await queryRows(
    db,
    sql`update volunteer_records set status = ${approve ? 'valid' : 'rejected'}, pair_no = case when ${approve} then pair_no else null end,
               reviewed_by = ${accountId}, reviewed_at = now(), review_note = ${note} where id = ${id}`,
  );
}

export async function minutesOn(db: DbOrTx, volunteerId: number, projectId: number, day: string) {
  const [row] = await queryRows<{ m: number }>(
    db,
    sql`select coalesce(sum(minutes), 0)::int as m from volunteer_records where volunteer_id = ${volunteerId} and project_id = ${projectId} and day = ${day} and status = 'valid'`,
  );
  return row!.m;
}

// ---- orders ----

export interface OrderRow {
  id: number;
  org_id: number;
  org_name: string;
  org_path: string;
  kind: ServiceKind;
  title: string;
  detail: string | null;
  place: string;
  wanted_on: string;
  person_id: number | null;
  person_name: string | null;
  ordered_by: number | null;
  status: OrderStatus;
  team_id: number | null;
  team_name: string | null;
  volunteer_id: number | null;
  volunteer_name: string | null;
  started_at: Date | string | null;
  ended_at: Date | string | null;
  note: string | null;
  rating: number | null;
  comment: string | null;
  decline_reason: string | null;
  created_at: Date | string;
}

const orderSelect = sql`select d.id, d.org_id, o.name as org_name, d.org_path, d.kind, d.title, d.detail, d.place, d.wanted_on::text as wanted_on,
                               d.person_id::int as person_id, wp.name as person_name, d.ordered_by, d.status, d.team_id, t.name as team_name, d.volunteer_id, vp.name as volunteer_name,
                               d.started_at, d.ended_at, d.note, d.rating, d.comment, d.decline_reason, d.created_at
                          from volunteer_orders d join orgs o on o.id = d.org_id left join persons wp on wp.id = d.person_id
                          left join volunteer_teams t on t.id = d.team_id left join volunteers v on v.id = d.volunteer_id left join persons vp on vp.id = v.person_id`;

/** An order by id: within a scope (staff), or one the person ordered (a worker); any (a volunteer's task, checked by the caller). */
export async function orderById(db: DbOrTx, id: number, by: { scope?: Scope; personId?: number } = {}, lock = false) {
  const where = by.scope ? pathInScope(by.scope, sql`d.org_path`) : by.personId !== undefined ? sql`d.person_id = ${by.personId}` : sql`true`;
  const [row] = await queryRows<OrderRow>(db, sql`${orderSelect} where d.id = ${id} and ${where}${lock ? sql` for update of d` : sql``}`);
  return row;
}

export async function listOrders(db: DbOrTx, scope: Scope, q: ListOrdersQuery) {
  const parts: SQL[] = [pathInScope(scope, sql`d.org_path`)];
  if (q.status) parts.push(sql`d.status = ${q.status}`);
  const where = sql.join(parts, sql` and `);
  const [rows, [count]] = await Promise.all([
    queryRows<OrderRow>(db, sql`${orderSelect} where ${where} order by d.id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from volunteer_orders d where ${where}`),
  ]);
  return { rows, total: count!.n };
}

export function ordersOfPerson(db: DbOrTx, personId: number) {
  return queryRows<OrderRow>(db, sql`${orderSelect} where d.person_id = ${personId} order by d.id desc limit 50`);
}

/** Orders dispatched to the volunteer's teams and not yet taken, and those the volunteer took and has not finished. */
export function tasksOf(db: DbOrTx, volunteerId: number) {
  return queryRows<OrderRow>(
    db,
    sql`${orderSelect} where (d.status = 'dispatched' and d.team_id in (select team_id from volunteer_team_members where volunteer_id = ${volunteerId}))
                          or (d.volunteer_id = ${volunteerId} and d.status in ('accepted', 'done', 'rated'))
         order by case d.status when 'dispatched' then 0 when 'accepted' then 1 else 2 end, d.id desc limit 50`,
  );
}

async function setOrder(db: DbOrTx, id: number, set: SQL) {
  await queryRows(db, sql`update volunteer_orders set ${set} where id = ${id}`);
}

// ---- certificates ----

export interface CertificateRow {
  id: number;
  code: string;
  volunteer_id: number;
  volunteer_name: string;
  org_id: number;
  org_name: string;
  period_from: string;
  period_to: string;
  minutes: number;
  records: number;
  issued_at: Date | string;
  revoked_at: Date | string | null;
  revoke_reason: string | null;
}

const certificateSelect = sql`select c.id, c.code, c.volunteer_id, p.name as volunteer_name, c.org_id, o.name as org_name, c.period_from::text as period_from,
                                     c.period_to::text as period_to, c.minutes, c.records, c.issued_at, c.revoked_at, c.revoke_reason
                                from volunteer_certificates c join volunteers v on v.id = c.volunteer_id join persons p on p.id = v.person_id join orgs o on o.id = c.org_id`;

async function certificateWhere(db: DbOrTx, where: SQL) {
  const [row] = await queryRows<CertificateRow>(db, sql`${certificateSelect} where ${where}`);
  return row;
}

export function certificatesOf(db: DbOrTx, volunteerId: number) {
  return queryRows<CertificateRow>(db, sql`${certificateSelect} where c.volunteer_id = ${volunteerId} order by c.id desc`);
}

/** Valid time of a volunteer in a period (China days), for a certificate. */
export async function validTime(db: DbOrTx, volunteerId: number, from: string, to: string) {
  const [row] = await queryRows<{ minutes: number; records: number }>(
    db,
    sql`select coalesce(sum(minutes), 0)::int as minutes, count(*)::int as records from volunteer_records
         where volunteer_id = ${volunteerId} and status = 'valid' and day between ${from} and ${to}`,
  );
  return row!;
}

/** The lines a certificate lists: each project or order with its time, in the period. */
export function certificateLines(db: DbOrTx, volunteerId: number, from: string, to: string) {
  return queryRows<{ what: string; org_name: string; first_day: string; last_day: string; minutes: number; times: number }>(
    db,
    sql`select coalesce(j.name, d.title) as what, o.name as org_name, min(r.day)::text as first_day, max(r.day)::text as last_day,
               sum(r.minutes)::int as minutes, count(*)::int as times
          from volunteer_records r left join volunteer_projects j on j.id = r.project_id left join volunteer_orders d on d.id = r.order_id
          join orgs o on o.id = coalesce(j.org_id, d.org_id)
         where r.volunteer_id = ${volunteerId} and r.status = 'valid' and r.day between ${from} and ${to}
         group by coalesce(j.name, d.title), o.name order by min(r.day)`,
  );
}

// ---- roll-up ----

export async function stats(db: DbOrTx, top: Scope, from: string, to: string) {
  const inTop = (col: SQL) => pathInScope(top, col);
  const [[people], [time], [orders], byOrg, byProject, byMonth] = await Promise.all([
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from volunteers v where v.status = 'active' and ${inTop(sql`v.org_path`)}`),
    queryRows<{ minutes: number; serving: number }>(
      db,
      sql`select coalesce(sum(r.minutes), 0)::int as minutes, count(distinct r.volunteer_id)::int as serving from volunteer_records r
           where r.status = 'valid' and r.day between ${from} and ${to} and ${inTop(sql`r.org_path`)}`,
    ),
    queryRows<{ total: number; done: number; rating: number | null }>(
      db,
      sql`select count(*)::int as total, count(*) filter (where d.status in ('done', 'rated'))::int as done, round(avg(d.rating), 2)::float8 as rating
            from volunteer_orders d where d.created_at >= (${from}::date::timestamp at time zone 'Asia/Shanghai') and d.created_at < ((${to}::date + 1)::timestamp at time zone 'Asia/Shanghai') and ${inTop(sql`d.org_path`)}`,
    ),
    queryRows<{ id: number; name: string; minutes: number; volunteers: number }>(
      db,
      sql`select o.id, o.name, coalesce(sum(r.minutes), 0)::int as minutes, count(distinct r.volunteer_id)::int as volunteers
            from orgs o left join volunteer_records r on r.org_path like o.path || '%' and r.status = 'valid' and r.day between ${from} and ${to}
           where o.parent_id = (select id from orgs where path = ${top.path}) and o.status = 'active'
           group by o.id, o.name order by minutes desc, o.name`,
    ),
    queryRows<{ id: number; name: string; minutes: number }>(
      db,
      sql`select j.id, j.name, sum(r.minutes)::int as minutes from volunteer_records r join volunteer_projects j on j.id = r.project_id
           where r.status = 'valid' and r.day between ${from} and ${to} and ${inTop(sql`r.org_path`)}
           group by j.id, j.name order by minutes desc limit 20`,
    ),
    queryRows<{ month: string; minutes: number }>(
      db,
      sql`select to_char(r.day, 'YYYY-MM') as month, sum(r.minutes)::int as minutes from volunteer_records r
           where r.status = 'valid' and r.day between ${from} and ${to} and ${inTop(sql`r.org_path`)} group by 1 order by 1`,
    ),
  ]);
  return { volunteers: people!.n, ...time!, orders: orders!, byOrg, byProject, byMonth };
}

// ---- writes ----

const textArrayOf = (a: readonly string[]) => `{${a.join(',')}}`;

/** A person becomes a volunteer; undefined when they already are one. */
export async function insertVolunteer(
  db: DbOrTx,
  v: {
    personId: number;
    orgId: number;
    orgPath: string;
    skills: readonly string[];
    availability: readonly string[];
    intro: string | null;
    joinedOn: string;
    createdBy: number | null;
  },
) {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into volunteers (person_id, org_id, org_path, skills, availability, intro, joined_on, created_by)
        values (${v.personId}, ${v.orgId}, ${v.orgPath}, ${textArrayOf(v.skills)}::text[], ${textArrayOf(v.availability)}::text[], ${v.intro}, ${v.joinedOn}, ${v.createdBy})
        on conflict (person_id) do nothing returning id`,
  );
  return row?.id;
}

export async function updateVolunteer(
  db: DbOrTx,
  id: number,
  v: { skills: readonly string[]; availability: readonly string[]; intro: string | null; status: VolunteerStatus },
) {
  await queryRows(
    db,
    sql`update volunteers set skills = ${textArrayOf(v.skills)}::text[], availability = ${textArrayOf(v.availability)}::text[], intro = ${v.intro}, status = ${v.status}
         where id = ${id}`,
  );
}

export async function insertTeam(db: DbOrTx, t: { name: string; orgId: number; orgPath: string; intro: string | null }) {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into volunteer_teams (name, org_id, org_path, intro) values (${t.name}, ${t.orgId}, ${t.orgPath}, ${t.intro}) returning id`,
  );
  return row!.id;
}

export async function upsertMember(db: DbOrTx, teamId: number, volunteerId: number, leader: boolean) {
  await queryRows(
    db,
    sql`insert into volunteer_team_members (team_id, volunteer_id, leader) values (${teamId}, ${volunteerId}, ${leader})
        on conflict (team_id, volunteer_id) do update set leader = excluded.leader`,
  );
}

export async function deleteMember(db: DbOrTx, teamId: number, volunteerId: number) {
  await queryRows(db, sql`delete from volunteer_team_members where team_id = ${teamId} and volunteer_id = ${volunteerId}`);
}

export async function insertProject(
  db: DbOrTx,
  p: { name: string; orgId: number; orgPath: string; kind: ServiceKind; teamId: number | null; place: string; intro: string | null; createdBy: number | null },
) {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into volunteer_projects (name, org_id, org_path, kind, team_id, place, intro, created_by)
        values (${p.name}, ${p.orgId}, ${p.orgPath}, ${p.kind}, ${p.teamId}, ${p.place}, ${p.intro}, ${p.createdBy}) returning id`,
  );
  return row!.id;
}

export async function setProjectStatus(db: DbOrTx, id: number, status: ProjectStatus) {
  await queryRows(db, sql`update volunteer_projects set status = ${status} where id = ${id}`);
}

export async function insertShift(
  db: DbOrTx,
  s: { projectId: number; startsAt: string; endsAt: string; place: string | null; capacity: number; checkinCode: string },
) {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into volunteer_shifts (project_id, starts_at, ends_at, place, capacity, checkin_code)
        values (${s.projectId}, ${s.startsAt}, ${s.endsAt}, ${s.place}, ${s.capacity}, ${s.checkinCode}) returning id`,
  );
  return row!.id;
}

export async function insertSignup(db: DbOrTx, shiftId: number, volunteerId: number) {
  await queryRows(db, sql`insert into volunteer_signups (shift_id, volunteer_id) values (${shiftId}, ${volunteerId})`);
}

export async function deleteSignup(db: DbOrTx, shiftId: number, volunteerId: number) {
  await queryRows(db, sql`delete from volunteer_signups where shift_id = ${shiftId} and volunteer_id = ${volunteerId}`);
}

export async function insertOrder(
  db: DbOrTx,
  o: {
    orgId: number;
    orgPath: string;
    kind: ServiceKind;
    title: string;
    detail: string | null;
    place: string;
    wantedOn: string;
    personId: number | null;
    orderedBy: number | null;
  },
) {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into volunteer_orders (org_id, org_path, kind, title, detail, place, wanted_on, person_id, ordered_by)
        values (${o.orgId}, ${o.orgPath}, ${o.kind}, ${o.title}, ${o.detail}, ${o.place}, ${o.wantedOn}, ${o.personId}, ${o.orderedBy})
        returning id`,
  );
  return row!.id;
}

/** The steps of an order, each one state change (the database's flow check holds the rest). */
export const orderSteps = {
  dispatch: (db: DbOrTx, id: number, teamId: number, by: number | null) =>
    setOrder(db, id, sql`status = 'dispatched', team_id = ${teamId}, dispatched_by = ${by}, dispatched_at = now()`),
  decline: (db: DbOrTx, id: number, reason: string) => setOrder(db, id, sql`status = 'declined', team_id = null, decline_reason = ${reason}`),
  cancel: (db: DbOrTx, id: number) => setOrder(db, id, sql`status = 'cancelled', team_id = null`),
  accept: (db: DbOrTx, id: number, volunteerId: number) => setOrder(db, id, sql`status = 'accepted', volunteer_id = ${volunteerId}, accepted_at = now()`),
  finish: (db: DbOrTx, id: number, from: Date, to: Date, note: string | null) =>
    setOrder(db, id, sql`status = 'done', started_at = ${from.toISOString()}, ended_at = ${to.toISOString()}, note = ${note}`),
  rate: (db: DbOrTx, id: number, rating: number, comment: string | null) =>
    setOrder(db, id, sql`status = 'rated', rating = ${rating}, comment = ${comment}, rated_at = now()`),
};

export async function insertCertificate(
  db: DbOrTx,
  c: { code: string; volunteerId: number; orgId: number; orgPath: string; from: string; to: string; minutes: number; records: number; issuedBy: number | null },
) {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into volunteer_certificates (code, volunteer_id, org_id, org_path, period_from, period_to, minutes, records, issued_by)
        values (${c.code}, ${c.volunteerId}, ${c.orgId}, ${c.orgPath}, ${c.from}, ${c.to}, ${c.minutes}, ${c.records}, ${c.issuedBy}) returning id`,
  );
  return row!.id;
}

export async function revokeCertificate(db: DbOrTx, id: number, reason: string) {
  await queryRows(db, sql`update volunteer_certificates set revoked_at = now(), revoke_reason = ${reason} where id = ${id}`);
}

/** A certificate by id (within the volunteers of `scope` when given) or by its code. */
export function certificateBy(db: DbOrTx, by: { id: number; scope?: Scope } | { code: string }) {
  if ('code' in by) return certificateWhere(db, sql`c.code = ${by.code}`);
  const within = by.scope ? sql` and exists (select 1 from volunteers v2 where v2.id = c.volunteer_id and ${pathInScope(by.scope, sql`v2.org_path`)})` : sql``;
  return certificateWhere(db, sql`c.id = ${by.id}${within}`);
}

export async function idMaskedOf(db: DbOrTx, volunteerId: number) {
  const [row] = await queryRows<{ id_masked: string }>(
    db,
    sql`select p.id_masked from volunteers v join persons p on p.id = v.person_id where v.id = ${volunteerId}`,
  );
  return row!.id_masked;
}

// ---- the inbox ----

/** Back-fills waiting for approval in the scope, not entered by `accountId` (who may not review them). */
export function pendingRecords(db: DbOrTx, scope: Scope, accountId: number | null, limit: number, offset: number) {
  return queryRows<{ id: number; name: string; project: string | null; since: Date | string; total: number }>(
    db,
    sql`select r.id::int as id, p.name, j.name as project, r.created_at as since, count(*) over ()::int as total
          from volunteer_records r join volunteers v on v.id = r.volunteer_id join persons p on p.id = v.person_id
          left join volunteer_projects j on j.id = r.project_id
         where r.status = 'pending' and ${pathInScope(scope, sql`r.org_path`)} and r.created_by is distinct from ${accountId}
         order by r.created_at, r.id limit ${limit} offset ${offset}`,
  );
}

export function ordersToDispatch(db: DbOrTx, scope: Scope, limit: number, offset: number) {
  return queryRows<{ id: number; title: string; org: string; since: Date | string; total: number }>(
    db,
    sql`select d.id, d.title, o.name as org, d.created_at as since, count(*) over ()::int as total
          from volunteer_orders d join orgs o on o.id = d.org_id
         where d.status = 'ordered' and ${pathInScope(scope, sql`d.org_path`)}
         order by d.created_at, d.id limit ${limit} offset ${offset}`,
  );
}

/** The first active people of a union's subtree (the demo's volunteers). */
export function peopleUnder(db: DbOrTx, path: string, limit: number) {
  return queryRows<{ id: number; org_id: number; path: string }>(
    db,
    sql`select p.id::int as id, p.org_id, o.path from persons p join orgs o on o.id = p.org_id
         where p.status = 'active' and o.path like ${`${path}%`} order by p.id limit ${limit}`,
  );
}
