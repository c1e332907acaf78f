/** The queries of proactive discovery: the rules over the registry, and the leads they leave. */
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { scopePattern, type Scope } from '../../server/scope.ts';
import { orgs } from '../orgs/orgs.schema.ts';
import { persons } from '../people/people.schema.ts';
import { hardshipCandidates, hardshipCases } from './hardship.schema.ts';

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

/** One lead (see `proposeCandidate`); nothing when the same evidence already proposed the person. */
export async function insertCandidate(db: DbOrTx, lead: { personId: number; orgId: number; orgPath: string; rule: string; evidence: string; reason: string }) {
  const rows = await db.insert(hardshipCandidates).values(lead).onConflictDoNothing().returning({ id: hardshipCandidates.id });
  return rows.length > 0;
}
