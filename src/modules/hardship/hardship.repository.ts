import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { pathInScope, scopePattern, type Scope } from '../../server/scope.ts';
import { likeEscape } from '../../server/text.ts';
import { orgs } from '../orgs/orgs.schema.ts';
import { accounts } from '../auth/auth.schema.ts';
import { persons } from '../people/people.schema.ts';
import {
  hardshipAssistance,
  hardshipAttachments,
  hardshipCandidates,
  hardshipCases,
  hardshipEvents,
  hardshipFollowups,
  hardshipMembers,
} from './hardship.schema.ts';
import type { ListCasesQuery } from './hardship.contract.ts';
import type { z } from '../../shared/contract.ts';

export type CaseDbRow = typeof hardshipCases.$inferSelect;

const rowColumns = {
  c: hardshipCases,
  name: persons.name,
  idMasked: persons.idMasked,
  orgName: orgs.name,
  orgPath: orgs.path,
  // Assistance recorded here plus 送温暖 hand-outs to the household's members (not reversed).
  assistanceFen: sql<string>`((select coalesce(sum(a.amount_fen), 0) from hardship_assistance a where a.case_id = ${hardshipCases.id})
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

export async function insertAssistance(db: DbOrTx, values: typeof hardshipAssistance.$inferInsert) {
  await db.insert(hardshipAssistance).values(values);
}

export async function findAssistance(db: DbOrTx, caseId: number) {
  return db
    .select({ a: hardshipAssistance, handler: sql<string | null>`coalesce(${accounts.displayName}, ${accounts.username})` })
    .from(hardshipAssistance)
    .leftJoin(accounts, eq(accounts.id, hardshipAssistance.handledBy))
    .where(eq(hardshipAssistance.caseId, caseId))
    .orderBy(desc(hardshipAssistance.on), desc(hardshipAssistance.id));
}

/** This year's assistance of a type for the household: total and count, and whether `cause` was relieved. */
export async function yearTotals(db: DbOrTx, caseId: number, type: string, year: string, cause: string | null) {
  const [row] = await queryRows<{ total: string; times: number; same_cause: boolean }>(
    db,
    sql`select coalesce(sum(amount_fen), 0)::bigint as total, count(*)::int as times, coalesce(bool_or(cause = ${cause}), false) as same_cause
          from hardship_assistance where case_id = ${caseId} and type = ${type} and extract(year from "on") = ${Number(year)}`,
  );
  return { total: Number(row!.total), times: row!.times, sameCause: row!.same_cause };
}

export async function noticeList(db: DbOrTx, scope: Scope) {
  return casesQuery(db)
    .where(and(eq(hardshipCases.status, 'noticed'), sql`${orgs.path} like ${scopePattern(scope)}`))
    .orderBy(asc(hardshipCases.caseNo));
}

export async function stats(db: DbOrTx, scope: Scope, year: number) {
  const pattern = scopePattern(scope);
  const open = sql`c.status in ('active', 'noticed', 'verified', 'applied') and c.kind = 'full'`;
  const byCategory = await queryRows<{ category: string; cases: number }>(
    db,
    sql`select c.category, count(*)::int as cases from hardship_cases c join orgs o on o.id = c.org_id where o.path like ${pattern} and ${open} group by 1 order by 1`,
  );
  const byCause = await queryRows<{ cause: string; cases: number }>(
    db,
    sql`select c.main_cause as cause, count(*)::int as cases from hardship_cases c join orgs o on o.id = c.org_id where o.path like ${pattern} and ${open} group by 1 order by 2 desc`,
  );
  const byMonth = await queryRows<{ month: string; type: string; amount: string; times: number }>(
    db,
    sql`select month, type, sum(amount)::bigint as amount, sum(times)::int as times from (
          select to_char("on", 'YYYY-MM') as month, type, sum(amount_fen) as amount, count(*) as times
            from hardship_assistance where org_path like ${pattern} and extract(year from "on") = ${year} group by 1, 2
          union all
          select to_char(d."on", 'YYYY-MM'), 'warmth', sum(d.amount_fen), count(*)
            from disbursement_lines d join hardship_members m on m.person_id = d.person_id and m.open_file
            join hardship_cases c on c.id = m.case_id join orgs o on o.id = c.org_id
           where d.kind = 'issue' and o.path like ${pattern} and extract(year from d."on") = ${year}
             and not exists (select 1 from disbursement_lines r where r.reverses_line_id = d.id)
           group by 1) t
        group by 1, 2 order by 1, 2`,
  );
  const byOrg = await queryRows<{ org_id: number; org_name: string; cases: number; amount: string }>(
    db,
    sql`select ch.id as org_id, ch.name as org_name,
               (select count(*) from hardship_cases c join orgs o on o.id = c.org_id where o.path like ch.path || '%' and ${open})::int as cases,
               (select coalesce(sum(a.amount_fen), 0) from hardship_assistance a where a.org_path like ch.path || '%' and extract(year from a."on") = ${year})::bigint as amount
          from orgs ch where ch.parent_id = (select id from orgs where path = ${scope.path}) order by ch.path`,
  );
  return { byCategory, byCause, byMonth, byOrg };
}

export async function accountName(db: DbOrTx, id: number | null) {
  if (!id) return null;
  const [row] = await db
    .select({ name: sql<string>`coalesce(${accounts.displayName}, ${accounts.username})` })
    .from(accounts)
    .where(eq(accounts.id, id));
  return row?.name ?? null;
}

export async function scheduleFollowup(db: DbOrTx, caseId: number, dueOn: string) {
  await db.insert(hardshipFollowups).values({ caseId, dueOn });
}

export async function openFollowup(db: DbOrTx, caseId: number) {
  const [row] = await db
    .select()
    .from(hardshipFollowups)
    .where(and(eq(hardshipFollowups.caseId, caseId), sql`${hardshipFollowups.doneOn} is null`))
    .for('update');
  return row;
}

export async function finishFollowup(
  db: DbOrTx,
  id: number,
  values: { doneOn: string; result: string; hardshipReturned: boolean | null; byAccountId: number | null },
) {
  await db.update(hardshipFollowups).set(values).where(eq(hardshipFollowups.id, id));
}

export async function findFollowups(db: DbOrTx, caseId: number) {
  return db.select().from(hardshipFollowups).where(eq(hardshipFollowups.caseId, caseId)).orderBy(asc(hardshipFollowups.dueOn));
}

/** Follow-ups due by `until`, and active files whose last assessment is a year old by then. */
export async function tasks(db: DbOrTx, scope: Scope, until: string) {
  const pattern = scopePattern(scope);
  const followups = await queryRows<{ case_id: number; case_no: string; name: string; org_name: string; due_on: string }>(
    db,
    sql`select c.id as case_id, c.case_no, p.name, o.name as org_name, f.due_on::text
          from hardship_followups f join hardship_cases c on c.id = f.case_id join persons p on p.id = c.person_id join orgs o on o.id = c.org_id
         where f.done_on is null and f.due_on <= ${until}::date and o.path like ${pattern} order by f.due_on limit 500`,
  );
  const reviews = await queryRows<{ case_id: number; case_no: string; name: string; org_name: string; assessed_on: string; due_on: string }>(
    db,
    sql`select c.id as case_id, c.case_no, p.name, o.name as org_name, c.assessed_on::text, (c.assessed_on + interval '1 year')::date::text as due_on
          from hardship_cases c join persons p on p.id = c.person_id join orgs o on o.id = c.org_id
         where c.status = 'active' and c.assessed_on + interval '1 year' <= ${until}::date and o.path like ${pattern} order by c.assessed_on limit 500`,
  );
  return { followups, reviews };
}

/** Care-campaign hand-outs (not reversed) to the household's members: 送温暖 in the case's record. */
export async function warmthLines(db: DbOrTx, caseId: number) {
  return queryRows<{ id: string; amount_fen: string; on: string; campaign: string; package_name: string; handler: string | null; name: string }>(
    db,
    sql`select d.id, d.amount_fen, d."on"::text as "on", c.name as campaign, pk.name as package_name, coalesce(a.display_name, a.username) as handler, m.name
          from hardship_members m join disbursement_lines d on d.person_id = m.person_id and d.kind = 'issue'
          join campaigns c on c.id = d.campaign_id join campaign_packages pk on pk.id = d.package_id left join accounts a on a.id = d.handled_by
         where m.case_id = ${caseId} and not exists (select 1 from disbursement_lines r where r.reverses_line_id = d.id)
         order by d."on" desc`,
  );
}

/**
 * The discovery rules, set-based over the registry and the case files of a subtree. Each inserts
 * new candidates only: a person already proposed for the same evidence is skipped (unique key).
 */
export async function runDiscoveryRule(db: DbOrTx, rule: string, scope: Scope): Promise<number> {
  const pattern = scopePattern(scope);
  const noOpenFile = sql`not exists (select 1 from hardship_members m where m.person_id = p.id and m.open_file)`;
  let select: SQL;
  switch (rule) {
    case 'serious_illness':
      select = sql`select p.id, p.org_id, o.path, null::int, 'serious_illness', 'tag:大病', '职工档案标注“大病”，尚未建立困难职工档案'
                     from persons p join orgs o on o.id = p.org_id where p.status = 'active' and o.path like ${pattern} and p.tags @> '{大病}' and ${noOpenFile}`;
      break;
    case 'job_loss':
      select = sql`select p.id, p.org_id, o.path, null::int, 'job_loss', 'work_status:' || p.work_status,
                          '职工档案记录为' || case p.work_status when 'unemployed' then '失业' else '下岗' end || '，尚未建立困难职工档案'
                     from persons p join orgs o on o.id = p.org_id where p.status = 'active' and o.path like ${pattern} and p.work_status in ('unemployed', 'laid_off') and ${noOpenFile}`;
      break;
    case 'other_programme':
      select = sql`select p.id, p.org_id, o.path, null::int, 'other_programme', 'tag:困难职工', '职工档案标注“困难职工”（其他渠道认定），尚未在本系统建档'
                     from persons p join orgs o on o.id = p.org_id where p.status = 'active' and o.path like ${pattern} and p.tags @> '{困难职工}' and ${noOpenFile}`;
      break;
    case 'relapse_risk':
      // Exited households where a member's record changed after the exit and now shows illness or job loss.
      select = sql`select p.id, c.org_id, o.path, c.id, 'relapse_risk', 'exit#' || e.id || ':' || case when p.tags @> '{大病}' then '大病' else p.work_status end,
                          '已于 ' || to_char(e.at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') || ' 解困脱困，此后职工档案记录' ||
                          case when p.tags @> '{大病}' then '“大病”' when p.work_status = 'unemployed' then '失业' else '下岗' end || '，存在返贫风险'
                     from hardship_cases c join orgs o on o.id = c.org_id
                     join hardship_members m on m.case_id = c.id join persons p on p.id = m.person_id
                     join lateral (select id, at from hardship_events where case_id = c.id and action = 'exit' order by id desc limit 1) e on true
                    where c.status = 'exited' and o.path like ${pattern} and p.updated_at > e.at
                      and (p.tags @> '{大病}' or p.work_status in ('unemployed', 'laid_off'))`;
      break;
    default:
      throw new Error(`unknown rule ${rule}`);
  }
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with ins as (insert into hardship_candidates (person_id, org_id, org_path, case_id, rule, evidence, reason) ${select}
        on conflict (person_id, rule, evidence) do nothing returning 1) select count(*)::int as n from ins`,
  );
  return rows[0]!.n;
}

export async function listCandidates(db: DbOrTx, scope: Scope, q: { status: string; rule?: string }, limit: number, offset: number) {
  const where = and(
    sql`${hardshipCandidates.orgPath} like ${scopePattern(scope)}`,
    eq(hardshipCandidates.status, q.status as 'open'),
    q.rule ? eq(hardshipCandidates.rule, q.rule) : undefined,
  );
  const rows = await db
    .select({ k: hardshipCandidates, name: persons.name, idMasked: persons.idMasked, orgName: orgs.name, caseNo: hardshipCases.caseNo })
    .from(hardshipCandidates)
    .innerJoin(persons, eq(persons.id, hardshipCandidates.personId))
    .innerJoin(orgs, eq(orgs.id, hardshipCandidates.orgId))
    .leftJoin(hardshipCases, eq(hardshipCases.id, hardshipCandidates.caseId))
    .where(where)
    .orderBy(desc(hardshipCandidates.foundAt), desc(hardshipCandidates.id))
    .limit(limit)
    .offset(offset);
  const [{ n }] = (await db
    .select({ n: sql<number>`count(*)::int` })
    .from(hardshipCandidates)
    .where(where)) as [{ n: number }];
  return { rows, total: n };
}

export async function lockCandidate(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await db
    .select()
    .from(hardshipCandidates)
    .where(and(eq(hardshipCandidates.id, id), sql`${hardshipCandidates.orgPath} like ${scopePattern(scope)}`))
    .for('update');
  return row;
}

export async function decideCandidate(
  db: DbOrTx,
  id: number,
  values: { status: 'accepted' | 'dismissed'; decisionReason: string | null; decidedBy: number | null },
) {
  await db
    .update(hardshipCandidates)
    .set({ ...values, decidedAt: new Date() })
    .where(eq(hardshipCandidates.id, id));
}

/** Demo data: workers to file for (those tagged 困难职工 first, then every ninth), with their union's path. */
export async function demoApplicants(db: DbOrTx, limit: number) {
  return queryRows<{ id: number; org_id: number; path: string; name: string }>(
    db,
    sql`select p.id::int, p.org_id, o.path, p.name from persons p join orgs o on o.id = p.org_id
         where p.status = 'active' and (p.tags @> '{困难职工}' or p.id % 9 = 0)
         order by (p.tags @> '{困难职工}') desc, p.id limit ${limit}`,
  );
}

/** Demo data: follow-ups that fell due a while ago (the exit happened months before the demo). */
export async function backdateFollowups(db: DbOrTx, caseIds: number[], days: number) {
  if (!caseIds.length) return;
  await db.execute(
    sql`update hardship_followups set due_on = current_date - ${days}::int where done_on is null and case_id in (${sql.join(
      caseIds.map((c) => sql`${c}`),
      sql`, `,
    )})`,
  );
}

export async function insertAttachment(db: DbOrTx, values: typeof hardshipAttachments.$inferInsert) {
  const [row] = await db.insert(hardshipAttachments).values(values).returning({ id: hardshipAttachments.id });
  return row!.id;
}

export async function listAttachments(db: DbOrTx, caseId: number) {
  return db
    .select({
      id: hardshipAttachments.id,
      title: hardshipAttachments.title,
      filename: hardshipAttachments.filename,
      mime: hardshipAttachments.mime,
      size: hardshipAttachments.size,
      at: hardshipAttachments.at,
      by: sql<string | null>`coalesce(${accounts.displayName}, ${accounts.username})`,
    })
    .from(hardshipAttachments)
    .leftJoin(accounts, eq(accounts.id, hardshipAttachments.byAccountId))
    .where(eq(hardshipAttachments.caseId, caseId))
    .orderBy(asc(hardshipAttachments.id));
}

export async function findAttachment(db: DbOrTx, caseId: number, id: number) {
  const [row] = await db
    .select()
    .from(hardshipAttachments)
    .where(and(eq(hardshipAttachments.caseId, caseId), eq(hardshipAttachments.id, id)));
  return row;
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
