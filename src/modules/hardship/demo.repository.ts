/** Queries only the demo dataset uses. */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';

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

/** Demo data: a file's public notice started `days` ago (approved files were noticed before). */
export async function backdateNotice(db: DbOrTx, caseId: number, days: number) {
  await db.execute(sql`update hardship_cases set noticed_on = noticed_on - ${days}::int where id = ${caseId} and noticed_on is not null`);
}
