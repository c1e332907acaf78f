import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { orgInScope, type Scope } from '../../server/scope.ts';
import { likeEscape } from '../../server/text.ts';
import { orgs } from '../orgs/orgs.schema.ts';
import { memberships, membershipEvents, occupations, persons, personTransfers, type PersonDbRow } from './people.schema.ts';
import type { ListPeopleQuery } from './people.contract.ts';

export type { PersonDbRow };
const pendingOrg = alias(orgs, 'pending_org');

/** A person with the names the views need: org, occupation label, membership. */
const detailColumns = {
  person: persons,
  orgName: orgs.name,
  occupationLabel: occupations.label,
  memberNo: memberships.memberNo,
  joinedOn: memberships.joinedOn,
  membershipState: memberships.state,
  pendingOrgId: memberships.pendingOrgId,
  pendingOrgName: pendingOrg.name,
};

function detailQuery(db: DbOrTx) {
  return db
    .select(detailColumns)
    .from(persons)
    .innerJoin(orgs, eq(orgs.id, persons.orgId))
    .leftJoin(occupations, eq(occupations.code, persons.occupation))
    .leftJoin(memberships, eq(memberships.personId, persons.id))
    .leftJoin(pendingOrg, eq(pendingOrg.id, memberships.pendingOrgId));
}
export type PersonDetailRow = Awaited<ReturnType<ReturnType<typeof detailQuery>['execute']>>[number];

/** An active person of the actor's subtree. */
export async function findPersonInScope(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await detailQuery(db).where(and(eq(persons.id, id), eq(persons.status, 'active'), orgInScope(scope, persons.orgId)));
  return row;
}

/** Same, locked for update (for writes that check `version`). */
export async function lockPersonInScope(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await db
    .select()
    .from(persons)
    .where(and(eq(persons.id, id), eq(persons.status, 'active'), orgInScope(scope, persons.orgId)))
    .for('update');
  return row;
}

/** Whoever holds this ID number, in scope or not (for the "already registered" message only). */
export async function findByIdIndex(db: DbOrTx, idType: string, bidx: string) {
  const [row] = await db
    .select({ id: persons.id, orgId: persons.orgId, status: persons.status, mergedInto: persons.mergedInto })
    .from(persons)
    .where(and(eq(persons.idType, idType), eq(persons.idNumberBidx, bidx)));
  return row;
}

export interface SearchKeys {
  idBidx?: string;
  phoneBidx?: string;
  last4?: string;
  latin?: string;
  name?: string;
}

const MAX_COUNT = 10_000;

function searchConditions(scope: Scope, q: ListPeopleQuery, keys: SearchKeys, within: Scope | undefined, today: string): SQL | undefined {
  const conds: (SQL | undefined)[] = [eq(persons.status, 'active'), orgInScope(scope, persons.orgId)];
  if (within) conds.push(orgInScope(within, persons.orgId));
  if (keys.idBidx) conds.push(eq(persons.idNumberBidx, keys.idBidx));
  if (keys.phoneBidx) conds.push(eq(persons.phoneBidx, keys.phoneBidx));
  if (keys.last4) conds.push(eq(persons.idLast4, keys.last4));
  if (keys.latin) {
    const prefix = `${keys.latin}%`;
    conds.push(sql`(${persons.namePinyin} like ${prefix} or ${persons.nameInitials} like ${prefix})`);
  }
  if (keys.name) conds.push(sql`${persons.name} like ${likeEscape(keys.name) + '%'}`);
  if (q.occupation) conds.push(eq(persons.occupation, q.occupation));
  if (q.employmentForm) conds.push(eq(persons.employmentForm, q.employmentForm));
  if (q.workStatus) conds.push(eq(persons.workStatus, q.workStatus));
  if (q.sex) conds.push(eq(persons.sex, q.sex));
  if (q.tag) conds.push(sql`${q.tag} = any(${persons.tags})`);
  if (q.employer) conds.push(sql`${persons.employerName} ilike ${'%' + likeEscape(q.employer) + '%'}`);
  if (q.membership === 'none') conds.push(sql`not exists (select 1 from ${memberships} m where m.person_id = ${persons.id})`);
  else if (q.membership) conds.push(sql`exists (select 1 from ${memberships} m where m.person_id = ${persons.id} and m.state = ${q.membership})`);
  // Age bounds become birth-date bounds, so the birth_date index can serve them.
  if (q.ageFrom !== undefined) conds.push(sql`${persons.birthDate} <= (${today}::date - make_interval(years => ${q.ageFrom}))`);
  if (q.ageTo !== undefined) conds.push(sql`${persons.birthDate} > (${today}::date - make_interval(years => ${q.ageTo + 1}))`);
  return and(...conds);
}

// Names sort as people read them: by pinyin (丁 before 万 because ding < wan), then by character.
const sortColumns = { name: persons.namePinyin, birthDate: persons.birthDate, createdAt: persons.createdAt, updatedAt: persons.updatedAt };

/** A page of people; the total is exact up to 10,000 and reported as an estimate beyond. */
export async function searchPeople(db: DbOrTx, scope: Scope, q: ListPeopleQuery, keys: SearchKeys, within: Scope | undefined, today: string) {
  const where = searchConditions(scope, q, keys, within, today);
  const order = q.order === 'desc' ? desc(sortColumns[q.sort]) : asc(sortColumns[q.sort]);
  const [items, [count]] = await Promise.all([
    detailQuery(db)
      .where(where)
      .orderBy(order, asc(persons.name), asc(persons.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(
      db
        .select({ one: sql`1` })
        .from(persons)
        .where(where)
        .limit(MAX_COUNT + 1)
        .as('capped'),
    ),
  ]);
  return { items, total: Math.min(count!.n, MAX_COUNT), totalIsEstimate: count!.n > MAX_COUNT };
}

export async function findForExport(db: DbOrTx, scope: Scope, q: ListPeopleQuery, keys: SearchKeys, within: Scope | undefined, today: string, limit: number) {
  return detailQuery(db)
    .where(searchConditions(scope, q, keys, within, today))
    .orderBy(asc(persons.orgId), asc(persons.namePinyin), asc(persons.id))
    .limit(limit);
}

export async function insertPerson(db: DbOrTx, values: typeof persons.$inferInsert) {
  const [row] = await db.insert(persons).values(values).returning();
  return row!;
}

/** Updates when `version` still matches (optimistic concurrency); undefined when someone was faster. */
export async function updatePersonVersioned(db: DbOrTx, id: number, version: number, values: Partial<typeof persons.$inferInsert>) {
  const [row] = await db
    .update(persons)
    .set({ ...values, version: sql`${persons.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(persons.id, id), eq(persons.version, version)))
    .returning();
  return row;
}

export async function updatePerson(db: DbOrTx, id: number, values: Partial<typeof persons.$inferInsert>) {
  const [row] = await db
    .update(persons)
    .set({ ...values, version: sql`${persons.version} + 1`, updatedAt: sql`now()` })
    .where(eq(persons.id, id))
    .returning();
  return row!;
}

export async function insertTransfer(db: DbOrTx, values: typeof personTransfers.$inferInsert) {
  await db.insert(personTransfers).values(values);
}

/**
 * The person's history, newest first: audit entries about them, and the audit entry of each
 * roster import that created or updated them (one entry per import, tied by person_imports, a
 * line of its own or the block of ids of a bulk load).
 */
export async function findHistory(db: DbOrTx, personId: number) {
  const rows = await queryRows<{ at: Date | string; action: string; summary: string | null; actorName: string }>(
    db,
    sql`select h.at, h.action, h.summary, coalesce(acc.display_name, h.actor_name) as "actorName"
        from (
          select a.id, a.at, a.action, a.summary, a.actor_account_id, a.actor_name
            from audit_log a where a.entity = 'person' and a.entity_id = ${String(personId)}
          union all
          select a.id, a.at, a.action, a.summary, a.actor_account_id, a.actor_name
            from person_imports pi
            join audit_log a on a.entity = 'person' and a.action = 'import' and a.entity_id = pi.job_id::text
            where pi.person_id = ${personId}
              or (pi.last_person_id is not null and pi.person_id <= ${personId} and pi.last_person_id >= ${personId})
        ) h
        left join accounts acc on acc.id = h.actor_account_id
        order by h.id desc
        limit 200`,
  );
  return rows.map((r) => ({ ...r, at: r.at instanceof Date ? r.at : new Date(r.at) }));
}

// ---- occupations ----------------------------------------------------------------------------

export type OccupationRow = typeof occupations.$inferSelect;

export async function listOccupations(db: DbOrTx) {
  return db.select().from(occupations).orderBy(asc(occupations.sort), asc(occupations.code));
}

export async function findOccupation(db: DbOrTx, code: string) {
  const [row] = await db.select().from(occupations).where(eq(occupations.code, code));
  return row;
}

export async function insertOccupation(db: DbOrTx, code: string, label: string) {
  const [row] = await db.insert(occupations).values({ code, label, sort: 500, builtin: false }).returning();
  return row!;
}

export async function lockOccupation(db: DbOrTx, code: string) {
  const [row] = await db.select().from(occupations).where(eq(occupations.code, code)).for('update');
  return row;
}

export async function updateOccupation(db: DbOrTx, code: string, values: { label?: string; sort?: number }) {
  const [row] = await db.update(occupations).set(values).where(eq(occupations.code, code)).returning();
  return row!;
}

/** How many active people of the actor's subtree hold each occupation (or just `code`), in one grouped scan. */
export async function countPeopleByOccupation(db: DbOrTx, scope: Scope, code?: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ code: persons.occupation, n: sql<number>`count(*)::int` })
    .from(persons)
    .where(and(eq(persons.status, 'active'), code ? eq(persons.occupation, code) : sql`${persons.occupation} is not null`, orgInScope(scope, persons.orgId)))
    .groupBy(persons.occupation);
  return new Map(rows.map((r) => [r.code!, r.n]));
}

// ---- memberships ----------------------------------------------------------------------------

export async function findMembership(db: DbOrTx, personId: number) {
  const [row] = await db.select().from(memberships).where(eq(memberships.personId, personId)).for('update');
  return row;
}

export async function insertMembership(db: DbOrTx, values: typeof memberships.$inferInsert) {
  await db.insert(memberships).values(values);
}

export async function updateMembership(db: DbOrTx, personId: number, values: Partial<typeof memberships.$inferInsert>) {
  await db
    .update(memberships)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(memberships.personId, personId));
}

export async function insertMembershipEvent(db: DbOrTx, values: typeof membershipEvents.$inferInsert) {
  await db.insert(membershipEvents).values(values);
}

export async function nextMemberSequence(db: DbOrTx): Promise<number> {
  const [row] = await db.execute(sql`select nextval('member_no_seq')::int as n`).then((r) => (r as unknown as { rows: { n: number }[] }).rows);
  return row!.n;
}

/** Members on their way into the actor's subtree (转入待接收). */
export async function findIncomingTransfers(db: DbOrTx, scope: Scope) {
  return detailQuery(db)
    .where(and(eq(memberships.state, 'transferring'), orgInScope(scope, memberships.pendingOrgId)))
    .orderBy(asc(memberships.updatedAt))
    .limit(500);
}

/** A person on their way into the actor's subtree, for accepting or refusing the transfer. */
export async function findIncomingPerson(db: DbOrTx, scope: Scope, personId: number) {
  const [row] = await detailQuery(db).where(and(eq(persons.id, personId), eq(memberships.state, 'transferring'), orgInScope(scope, memberships.pendingOrgId)));
  return row;
}

export async function countPeople(db: DbOrTx, scope: Scope) {
  const [row] = await db
    .select({
      total: sql<number>`count(*)::int`,
      members: sql<number>`(count(*) filter (where exists (select 1 from ${memberships} m where m.person_id = ${persons.id} and m.state in ('member', 'transferring'))))::int`,
    })
    .from(persons)
    .where(and(eq(persons.status, 'active'), orgInScope(scope, persons.orgId)));
  return row!;
}

/** An active person of the actor's subtree, with the path of their union (for other modules' lists). */
export async function findPersonWithPath(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await db
    .select({ id: persons.id, name: persons.name, orgId: persons.orgId, orgPath: orgs.path, tags: persons.tags })
    .from(persons)
    .innerJoin(orgs, eq(orgs.id, persons.orgId))
    .where(and(eq(persons.id, id), eq(persons.status, 'active'), orgInScope(scope, persons.orgId)));
  return row;
}

// ---- search keys of names ------------------------------------------------------------------

/** The distinct first one and two characters of people's names (where a surname is read). */
export async function nameHeads(db: DbOrTx): Promise<string[]> {
  const rows = await queryRows<{ head: string }>(db, sql`select distinct left(name, 1) as head from persons union select distinct left(name, 2) from persons`);
  return rows.map((r) => r.head);
}

/** People whose name begins with one of `heads`, with their stored search keys. */
export async function peopleNamedFrom(db: DbOrTx, heads: string[]) {
  const list = sql`${`{${heads.map((h) => `"${h.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`}::text[]`;
  return queryRows<{ id: number; name: string; full: string; initials: string }>(
    db,
    sql`select id::int, name, name_pinyin as full, name_initials as initials from persons where left(name, 1) = any(${list}) or left(name, 2) = any(${list})`,
  );
}

/** Stores search keys computed again (a derived field: no version bump, no audit). */
export async function setNameKeys(db: DbOrTx, rows: { id: number; full: string; initials: string }[]) {
  for (let i = 0; i < rows.length; i += 1000) {
    const batch = rows.slice(i, i + 1000).map((r) => ({ id: r.id, pinyin: r.full, initials: r.initials }));
    await db.execute(sql`
      update persons p set name_pinyin = v.pinyin, name_initials = v.initials
      from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as v(id bigint, pinyin text, initials text)
      where p.id = v.id`);
  }
}
