/** Every query of the membership drive: routing, applications, the worker's own view, statistics. */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { scopePattern, type Scope } from '../../server/scope.ts';
import { MEMBER_UNION_TYPES } from '../orgs/orgs.contract.ts';
import { membershipApplications, type ApplicationDbRow } from './membership.schema.ts';
import type { ListApplicationsQuery } from './membership.contract.ts';

export type { ApplicationDbRow };

const memberTypes = sql.raw(MEMBER_UNION_TYPES.map((t) => `'${t}'`).join(', '));

export interface UnionHit {
  id: number;
  name: string;
  path: string;
  type: string;
  status: string;
}

export async function findOrg(db: DbOrTx, id: number) {
  const [row] = await queryRows<UnionHit>(db, sql`select id, name, path, type, status from orgs where id = ${id}`);
  return row;
}

/** An active union workers join directly (基层、联合、园区、村级) whose own credit code is the employer's. */
export async function unionByCreditCode(db: DbOrTx, code: string) {
  const [row] = await queryRows<UnionHit>(
    db,
    sql`select id, name, path, type, status from orgs where credit_code = ${code} and status = 'active' and type in (${memberTypes})`,
  );
  return row;
}

/**
 * The union the employer's workers already belong to, by the registry: the union most of the
 * people with this employer (by credit code, else by name) are in; or a union named after the
 * employer (「XX公司工会」).
 */
export async function unionOfEmployer(db: DbOrTx, employer: { name: string | null; creditCode: string | null }) {
  const match: SQL = employer.creditCode ? sql`p.employer_credit_code = ${employer.creditCode}` : sql`p.employer_name = ${employer.name}`;
  const [byPeople] = await queryRows<UnionHit>(
    db,
    sql`select o.id, o.name, o.path, o.type, o.status from persons p join orgs o on o.id = p.org_id
         where ${match} and p.status = 'active' and o.status = 'active' and o.type in (${memberTypes})
         group by o.id order by count(*) desc, o.id limit 1`,
  );
  if (byPeople || !employer.name) return byPeople;
  const [byName] = await queryRows<UnionHit>(
    db,
    sql`select id, name, path, type, status from orgs
         where status = 'active' and type in (${memberTypes}) and (name = ${employer.name} or name = ${`${employer.name}工会`} or name = ${`${employer.name}联合工会`})
         order by id limit 1`,
  );
  return byName;
}

/** The joint union (联合工会 / 新就业形态工会) nearest the top of an area's subtree. */
export async function jointUnionUnder(db: DbOrTx, areaPath: string) {
  const [row] = await queryRows<UnionHit>(
    db,
    sql`select id, name, path, type, status from orgs where type = 'joint' and status = 'active' and path like ${`${areaPath}%`} order by depth, name, id limit 1`,
  );
  return row;
}

/** Areas (federations and other unions that hold unions) under a parent, with how many joint unions each holds. */
export async function areasUnder(db: DbOrTx, parentId: number) {
  return queryRows<{ id: number; name: string; has_children: boolean; joint_count: number }>(
    db,
    sql`select o.id, o.name,
               exists (select 1 from orgs c where c.parent_id = o.id and c.status = 'active' and c.type not in (${memberTypes})) as has_children,
               (select count(*) from orgs j where j.type = 'joint' and j.status = 'active' and j.path like o.path || '%')::int as joint_count
          from orgs o where o.parent_id = ${parentId} and o.status = 'active' and o.type not in (${memberTypes})
         order by o.path`,
  );
}

export async function rootOrg(db: DbOrTx) {
  const [row] = await queryRows<{ id: number; path: string }>(db, sql`select id, path from orgs where parent_id is null`);
  return row!;
}

export async function occupationLabel(db: DbOrTx, code: string) {
  const [row] = await queryRows<{ label: string }>(db, sql`select label from occupations where code = ${code}`);
  return row?.label;
}

export async function listOccupations(db: DbOrTx) {
  return queryRows<{ code: string; label: string }>(db, sql`select code, label from occupations order by sort, code`);
}

/** Who holds an ID number in the registry: the surviving record, its membership and the phone bound to it. */
export async function holderOfId(db: DbOrTx, idType: string, bidx: string) {
  const [row] = await queryRows<{ id: number; org_id: number; member_no: string | null; state: string | null; worker_id: number | null }>(
    db,
    sql`select p.id::int as id, p.org_id, m.member_no, m.state, w.id as worker_id
          from persons p left join memberships m on m.person_id = p.id left join worker_accounts w on w.person_id = p.id
         where p.id = (select coalesce(x.merged_into, x.id) from persons x where x.id_type = ${idType} and x.id_number_bidx = ${bidx})`,
  );
  return row;
}

export async function workerPhone(db: DbOrTx, workerId: number) {
  const [row] = await queryRows<{ phone_enc: string; phone_bidx: string; phone_masked: string; person_id: number | null }>(
    db,
    sql`select phone_enc, phone_bidx, phone_masked, person_id from worker_accounts where id = ${workerId}`,
  );
  return row;
}

/** A registered worker's membership and union. */
export async function membershipOf(db: DbOrTx, personId: number) {
  const [row] = await queryRows<{
    member_no: string;
    joined_on: string;
    state: string;
    org_id: number;
    org_name: string;
    pending_org_name: string | null;
    id_type: string;
    id_number_bidx: string;
    name: string;
  }>(
    db,
    sql`select m.member_no, m.joined_on::text as joined_on, m.state, p.org_id, o.name as org_name, po.name as pending_org_name, p.id_type, p.id_number_bidx, p.name
          from persons p join orgs o on o.id = p.org_id left join memberships m on m.person_id = p.id left join orgs po on po.id = m.pending_org_id
         where p.id = ${personId}`,
  );
  return row;
}

export async function insertApplication(db: DbOrTx, values: typeof membershipApplications.$inferInsert) {
  const [row] = await db.insert(membershipApplications).values(values).returning();
  return row!;
}

export async function updateApplication(db: DbOrTx, id: number, values: Partial<typeof membershipApplications.$inferInsert>) {
  await db.update(membershipApplications).set(values).where(eq(membershipApplications.id, id));
}

/** An application of a union in the scope, locked for its decision. */
export async function lockApplicationInScope(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await db
    .select()
    .from(membershipApplications)
    .where(and(eq(membershipApplications.id, id), sql`${membershipApplications.orgId} in (select o.id from orgs o where o.path like ${scopePattern(scope)})`))
    .for('update');
  return row;
}

/** How many of these ids name applications of unions in the scope. */
export async function countInScope(db: DbOrTx, scope: Scope, ids: number[]) {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from membership_applications a join orgs o on o.id = a.org_id
         where a.id in (${sql.join(
           ids.map((i) => sql`${i}`),
           sql`, `,
         )}) and o.path like ${scopePattern(scope)}`,
  );
  return row!.n;
}

// Identity columns are bigint: read as int, so PostgreSQL's driver hands numbers, not strings, as PGlite does.
const rowSelect = sql`select a.id::int as id, a.kind, a.status, a.channel, a.via, a.name, a.id_masked, a.phone_masked, a.employer_name, a.employer_credit_code,
                             a.occupation, oc.label as occupation_label, a.org_id, o.name as org_name, fo.name as from_org_name, a.member_no, a.reason,
                             a.created_at, a.reviewed_at, a.decided_at, coalesce(ac.display_name, ac.username) as decided_by, a.worker_id, a.person_id::int as person_id
                        from membership_applications a join orgs o on o.id = a.org_id left join orgs fo on fo.id = a.from_org_id
                        left join occupations oc on oc.code = a.occupation left join accounts ac on ac.id = a.decided_by`;

export interface ApplicationListRow {
  id: number;
  kind: 'join' | 'transfer';
  status: 'submitted' | 'reviewing' | 'approved' | 'refused';
  channel: 'poster' | 'portal' | 'staff';
  via: 'poster' | 'employer' | 'joint';
  name: string;
  id_masked: string | null;
  phone_masked: string | null;
  employer_name: string | null;
  employer_credit_code: string | null;
  occupation: string | null;
  occupation_label: string | null;
  org_id: number;
  org_name: string;
  from_org_name: string | null;
  member_no: string | null;
  reason: string | null;
  created_at: Date | string;
  reviewed_at: Date | string | null;
  decided_at: Date | string | null;
  decided_by: string | null;
  worker_id: number | null;
  person_id: number | null;
  total?: number;
}

/** The queue: applications to unions of `within` (already inside the actor's scope), newest first, filtered. */
export async function listApplications(db: DbOrTx, within: Scope, q: ListApplicationsQuery) {
  const where: SQL[] = [sql`o.path like ${scopePattern(within)}`];
  if (q.status === 'open') where.push(sql`a.status in ('submitted', 'reviewing')`);
  else if (q.status) where.push(sql`a.status = ${q.status}`);
  if (q.kind) where.push(sql`a.kind = ${q.kind}`);
  if (q.channel) where.push(sql`a.channel = ${q.channel}`);
  if (q.occupation) where.push(sql`a.occupation = ${q.occupation}`);
  if (q.from) where.push(sql`a.created_at >= (${q.from}::date::timestamp at time zone 'Asia/Shanghai')`);
  if (q.to) where.push(sql`a.created_at < ((${q.to}::date + 1)::timestamp at time zone 'Asia/Shanghai')`);
  return queryRows<ApplicationListRow>(
    db,
    sql`${rowSelect}
         where ${sql.join(where, sql` and `)}
         order by (a.status in ('submitted', 'reviewing')) desc, a.created_at desc, a.id desc
         limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
}

export async function countApplications(db: DbOrTx, within: Scope, q: ListApplicationsQuery) {
  const where: SQL[] = [sql`o.path like ${scopePattern(within)}`];
  if (q.status === 'open') where.push(sql`a.status in ('submitted', 'reviewing')`);
  else if (q.status) where.push(sql`a.status = ${q.status}`);
  if (q.kind) where.push(sql`a.kind = ${q.kind}`);
  if (q.channel) where.push(sql`a.channel = ${q.channel}`);
  if (q.occupation) where.push(sql`a.occupation = ${q.occupation}`);
  if (q.from) where.push(sql`a.created_at >= (${q.from}::date::timestamp at time zone 'Asia/Shanghai')`);
  if (q.to) where.push(sql`a.created_at < ((${q.to}::date + 1)::timestamp at time zone 'Asia/Shanghai')`);
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from membership_applications a join orgs o on o.id = a.org_id where ${sql.join(where, sql` and `)}`,
  );
  return row!.n;
}

export async function applicationInScope(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows<ApplicationListRow>(db, sql`${rowSelect} where a.id = ${id} and o.path like ${scopePattern(scope)}`);
  return row;
}

/** The worker's own applications: by their worker account, or as the registry person their phone is bound to. */
export async function applicationsOfWorker(db: DbOrTx, workerId: number, personId: number | null) {
  return queryRows<ApplicationListRow>(
    db,
    sql`${rowSelect} where a.worker_id = ${workerId} ${personId === null ? sql`` : sql`or a.person_id = ${personId}`} order by a.created_at desc, a.id desc limit 20`,
  );
}

/** How many of the worker's applications (by account, or by the person their phone is bound to) wait for a decision. */
export async function countOpenOfWorker(db: DbOrTx, workerId: number, personId: number | null): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from membership_applications a
         where (a.worker_id = ${workerId} ${personId === null ? sql`` : sql`or a.person_id = ${personId}`}) and a.status in ('submitted', 'reviewing')`,
  );
  return row?.n ?? 0;
}

/** Open applications waiting in the scope, oldest first (the inbox). */
export async function openInScope(db: DbOrTx, scope: Scope, limit: number, offset: number) {
  return queryRows<{ id: number; name: string; kind: string; org_name: string; created_at: Date | string; total: number }>(
    db,
    sql`select a.id::int as id, a.name, a.kind, o.name as org_name, a.created_at, count(*) over ()::int as total
          from membership_applications a join orgs o on o.id = a.org_id
         where a.status in ('submitted', 'reviewing') and o.path like ${scopePattern(scope)}
         order by a.created_at, a.id limit ${limit} offset ${offset}`,
  );
}

// ---- statistics ----------------------------------------------------------------------------

/** Applications made in [from, to] (days in China) to unions of the subtree. */
const period = (from: string, to: string) =>
  sql`a.created_at >= (${from}::date::timestamp at time zone 'Asia/Shanghai') and a.created_at < ((${to}::date + 1)::timestamp at time zone 'Asia/Shanghai')`;
const hours = sql`extract(epoch from (a.decided_at - a.created_at)) / 3600.0`;

export async function driveTotals(db: DbOrTx, within: Scope, from: string, to: string) {
  const [row] = await queryRows<{ applications: number; approved: number; refused: number; open: number; median: number | string | null }>(
    db,
    sql`select count(*)::int as applications,
               count(*) filter (where a.status = 'approved')::int as approved,
               count(*) filter (where a.status = 'refused')::int as refused,
               count(*) filter (where a.status in ('submitted', 'reviewing'))::int as open,
               percentile_cont(0.5) within group (order by ${hours}) filter (where a.status = 'approved') as median
          from membership_applications a join orgs o on o.id = a.org_id
         where a.kind = 'join' and o.path like ${scopePattern(within)} and ${period(from, to)}`,
  );
  return row!;
}

export async function driveBy(db: DbOrTx, within: Scope, from: string, to: string, by: 'channel' | 'occupation' | 'day') {
  const key =
    by === 'channel' ? sql`a.channel` : by === 'occupation' ? sql`a.occupation` : sql`to_char(a.created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`;
  return queryRows<{ key: string | null; label: string | null; applications: number; approved: number }>(
    db,
    sql`select ${key} as key, ${by === 'occupation' ? sql`max(oc.label)` : sql`null`} as label,
               count(*)::int as applications, count(*) filter (where a.status = 'approved')::int as approved
          from membership_applications a join orgs o on o.id = a.org_id left join occupations oc on oc.code = a.occupation
         where a.kind = 'join' and o.path like ${scopePattern(within)} and ${period(from, to)}
         group by 1 order by ${by === 'day' ? sql`1` : sql`3 desc, 1`}`,
  );
}

/** Each union directly under the viewed one, its subtree rolled up. */
export async function driveByChild(db: DbOrTx, within: Scope, from: string, to: string) {
  return queryRows<{ org_id: number; org_name: string; applications: number; approved: number; median: number | string | null }>(
    db,
    sql`select ch.id as org_id, ch.name as org_name, count(a.id)::int as applications,
               count(a.id) filter (where a.status = 'approved')::int as approved,
               percentile_cont(0.5) within group (order by ${hours}) filter (where a.status = 'approved') as median
          from orgs ch
          left join orgs o on o.path like ch.path || '%'
          left join membership_applications a on a.org_id = o.id and a.kind = 'join' and ${period(from, to)}
         where ch.parent_id = (select id from orgs where path = ${within.path})
         group by ch.id, ch.name, ch.path order by ch.path`,
  );
}

/** Joins staff entered directly in the registry (not from an application), in the period: the staff channel. */
export async function staffJoins(db: DbOrTx, within: Scope, from: string, to: string) {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from membership_events e join persons p on p.id = e.person_id join orgs o on o.id = e.to_org_id
         where e.action = 'join' and e.by_account_id is not null and o.path like ${scopePattern(within)} and e."on" between ${from}::date and ${to}::date
           and not exists (select 1 from membership_applications a where a.person_id = e.person_id and a.kind = 'join' and a.status = 'approved')`,
  );
  return row!.n;
}

// ---- demo ----------------------------------------------------------------------------------

export async function insertDemoApplications(db: DbOrTx, rows: (typeof membershipApplications.$inferInsert)[]) {
  if (rows.length) await db.insert(membershipApplications).values(rows);
}
