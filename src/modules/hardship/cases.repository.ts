/** The queries of case files: the file itself, its household, its timeline, and the ledger's rows. */
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { pathInScope, scopePattern, type Scope } from '../../server/scope.ts';
import { likeEscape } from '../../server/text.ts';
import { orgs } from '../orgs/orgs.schema.ts';
import { accounts } from '../auth/auth.schema.ts';
import { persons } from '../people/people.schema.ts';
import { hardshipCases, hardshipEvents, hardshipMembers } from './hardship.schema.ts';
import type { ListCasesQuery } from './hardship.contract.ts';
import type { z } from '../../shared/contract.ts';

export type CaseDbRow = typeof hardshipCases.$inferSelect;

const rowColumns = {
  c: hardshipCases,
  name: persons.name,
  idMasked: persons.idMasked,
  orgName: orgs.name,
  orgPath: orgs.path,
  // Assistance paid here (not what waits for sign-off) plus 送温暖 hand-outs to the household's members (not reversed).
  assistanceFen: sql<string>`((select coalesce(sum(a.amount_fen), 0) from hardship_assistance a where a.case_id = ${hardshipCases.id} and a.status = 'paid')
    + (select coalesce(sum(d.amount_fen), 0) from hardship_members m join disbursement_lines d on d.person_id = m.person_id and d.kind = 'issue'
        where m.case_id = ${hardshipCases.id} and not exists (select 1 from disbursement_lines r where r.reverses_line_id = d.id)))`,
};

function casesQuery(db: DbOrTx) {
  return db.select(rowColumns).from(hardshipCases).innerJoin(persons, eq(persons.id, hardshipCases.personId)).innerJoin(orgs, eq(orgs.id, hardshipCases.orgId));
}
export type CaseListRow = Awaited<ReturnType<ReturnType<typeof casesQuery>['execute']>>[number];

export async function findCase(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await casesQuery(db).where(and(eq(hardshipCases.id, id), sql`${orgs.path} like ${scopePattern(scope)}`));
  return row;
}

export async function lockCase(db: DbOrTx, id: number) {
  const [row] = await db.select().from(hardshipCases).where(eq(hardshipCases.id, id)).for('update');
  return row!;
}

function filters(scope: Scope, q: Partial<z.infer<typeof ListCasesQuery>>, within: Scope | undefined, year: string): SQL {
  const conds: SQL[] = [sql`${orgs.path} like ${scopePattern(scope)}`];
  if (within) conds.push(pathInScope(within, orgs.path));
  if (q.q)
    conds.push(
      sql`(${persons.name} like ${likeEscape(q.q) + '%'} or ${persons.namePinyin} like ${likeEscape(q.q.toLowerCase()) + '%'} or ${persons.nameInitials} like ${likeEscape(q.q.toLowerCase()) + '%'} or ${hardshipCases.caseNo} = ${q.q})`,
    );
  if (q.status) conds.push(eq(hardshipCases.status, q.status));
  if (q.kind) conds.push(eq(hardshipCases.kind, q.kind));
  if (q.category) conds.push(eq(hardshipCases.category, q.category));
  if (q.cause) conds.push(sql`(${hardshipCases.mainCause} = ${q.cause} or ${q.cause} = any(${hardshipCases.secondaryCauses}))`);
  if (q.stock === 'new') conds.push(sql`extract(year from ${hardshipCases.filedOn}) = ${Number(year)}`);
  if (q.stock === 'existing') conds.push(sql`extract(year from ${hardshipCases.filedOn}) < ${Number(year)}`);
  if (q.stock === 'relapsed') conds.push(eq(hardshipCases.relapsed, true));
  if (q.migrant === '1') conds.push(eq(hardshipCases.category, 'migrant'));
  if (q.migrant === '0') conds.push(sql`${hardshipCases.category} <> 'migrant'`);
  return and(...conds)!;
}

export async function listCases(
  db: DbOrTx,
  scope: Scope,
  q: z.infer<typeof ListCasesQuery>,
  within: Scope | undefined,
  year: string,
  limit = q.pageSize,
  offset = (q.page - 1) * q.pageSize,
) {
  const where = filters(scope, q, within, year);
  const rows = await casesQuery(db).where(where).orderBy(desc(hardshipCases.filedOn), desc(hardshipCases.id)).limit(limit).offset(offset);
  const [{ n }] = (await db
    .select({ n: sql<number>`count(*)::int` })
    .from(hardshipCases)
    .innerJoin(persons, eq(persons.id, hardshipCases.personId))
    .innerJoin(orgs, eq(orgs.id, hardshipCases.orgId))
    .where(where)) as [{ n: number }];
  return { rows, total: n };
}

const filer = alias(accounts, 'filer');
const verifier = alias(accounts, 'verifier');

/** The 台账 columns (DESIGN §6) that are not household finances: identity, work, household, sign-off. */
export async function ledgerRows(db: DbOrTx, scope: Scope, q: Partial<z.infer<typeof ListCasesQuery>>, within: Scope | undefined, year: string, limit: number) {
  return db
    .select({
      ...rowColumns,
      sex: persons.sex,
      ethnicity: persons.ethnicity,
      birthDate: persons.birthDate,
      politicalStatus: persons.politicalStatus,
      workStatus: persons.workStatus,
      employerName: persons.employerName,
      hukouType: persons.hukouType,
      filerName: filer.displayName,
      verifierName: verifier.displayName,
    })
    .from(hardshipCases)
    .innerJoin(persons, eq(persons.id, hardshipCases.personId))
    .innerJoin(orgs, eq(orgs.id, hardshipCases.orgId))
    .leftJoin(filer, eq(filer.id, hardshipCases.filedBy))
    .leftJoin(verifier, eq(verifier.id, hardshipCases.verifiedBy))
    .where(filters(scope, q, within, year))
    .orderBy(asc(orgs.path), asc(hardshipCases.caseNo))
    .limit(limit);
}

export async function nextCaseNo(db: DbOrTx, year: string) {
  const [row] = await queryRows<{ n: string }>(db, sql`select nextval('hardship_case_no_seq') as n`);
  return `KN${year}${String(row!.n).padStart(6, '0')}`;
}

export async function insertCase(db: DbOrTx, values: typeof hardshipCases.$inferInsert) {
  const [row] = await db.insert(hardshipCases).values(values).returning();
  return row!;
}

export async function updateCase(db: DbOrTx, id: number, values: Partial<typeof hardshipCases.$inferInsert>) {
  const [row] = await db
    .update(hardshipCases)
    .set({ ...values, updatedAt: new Date(), version: sql`${hardshipCases.version} + 1` })
    .where(eq(hardshipCases.id, id))
    .returning();
  return row!;
}

export async function replaceMembers(db: DbOrTx, caseId: number, members: (typeof hardshipMembers.$inferInsert)[]) {
  await db.delete(hardshipMembers).where(eq(hardshipMembers.caseId, caseId));
  if (members.length) await db.insert(hardshipMembers).values(members);
}

export async function closeMembers(db: DbOrTx, caseId: number) {
  await db.update(hardshipMembers).set({ openFile: false }).where(eq(hardshipMembers.caseId, caseId));
}

export async function findMembers(db: DbOrTx, caseId: number) {
  return db.select().from(hardshipMembers).where(eq(hardshipMembers.caseId, caseId)).orderBy(asc(hardshipMembers.id));
}

/** The open file a person already belongs to (for the "one file per household" message). */
export async function openFileOf(db: DbOrTx, personIds: number[]) {
  if (!personIds.length) return undefined;
  const [row] = await queryRows<{ case_no: string; name: string }>(
    db,
    sql`select c.case_no, m.name from hardship_members m join hardship_cases c on c.id = m.case_id
         where m.open_file and m.person_id in (${sql.join(
           personIds.map((p) => sql`${p}`),
           sql`, `,
         )}) limit 1`,
  );
  return row;
}

export async function insertEvent(db: DbOrTx, values: typeof hardshipEvents.$inferInsert) {
  await db.insert(hardshipEvents).values(values);
}

export async function findEvents(db: DbOrTx, caseId: number) {
  return db
    .select({ e: hardshipEvents, by: sql<string | null>`coalesce(${accounts.displayName}, ${accounts.username})` })
    .from(hardshipEvents)
    .leftJoin(accounts, eq(accounts.id, hardshipEvents.byAccountId))
    .where(eq(hardshipEvents.caseId, caseId))
    .orderBy(asc(hardshipEvents.id));
}

export async function noticeList(db: DbOrTx, scope: Scope) {
  return casesQuery(db)
    .where(and(eq(hardshipCases.status, 'noticed'), sql`${orgs.path} like ${scopePattern(scope)}`))
    .orderBy(asc(hardshipCases.caseNo));
}

export async function accountName(db: DbOrTx, id: number | null) {
  if (!id) return null;
  const [row] = await db
    .select({ name: sql<string>`coalesce(${accounts.displayName}, ${accounts.username})` })
    .from(accounts)
    .where(eq(accounts.id, id));
  return row?.name ?? null;
}

/** Active persons of a subtree by their ID number's blind index, with any open file they are in. */
export async function personsByIdIndex(db: DbOrTx, scope: Scope, bidx: string[]) {
  if (!bidx.length) return [];
  return queryRows<{ id: number; org_id: number; path: string; name: string; bidx: string; open_case: string | null }>(
    db,
    sql`select p.id::int, p.org_id, o.path, p.name, p.id_number_bidx as bidx,
               (select c.case_no from hardship_members m join hardship_cases c on c.id = m.case_id where m.person_id = p.id and m.open_file limit 1) as open_case
          from persons p join orgs o on o.id = p.org_id
         where p.status = 'active' and o.path like ${scopePattern(scope)} and p.id_number_bidx = any(${`{${bidx.join(',')}}`}::text[])`,
  );
}
