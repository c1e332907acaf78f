/** Queries only the demo dataset uses. */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { hardshipAssistance, hardshipCases, hardshipEvents, hardshipFollowups, hardshipMembers } from './hardship.schema.ts';

/** Demo data: workers to file for (those tagged 困难职工 first, then every ninth), with their union's path. */
export async function demoApplicants(db: DbOrTx, limit: number) {
  return queryRows<{ id: number; org_id: number; path: string; name: string }>(
    db,
    sql`select p.id::int, p.org_id, o.path, p.name from persons p join orgs o on o.id = p.org_id
         where p.status = 'active' and (p.tags @> '{困难职工}' or p.id % 9 = 0)
         order by (p.tags @> '{困难职工}') desc, p.id limit ${limit}`,
  );
}

/** Demo data: a file filed through the use cases today is dated `days` earlier up to its notice (so the notice has run its course). */
export async function backdateFiling(db: DbOrTx, caseId: number, days: number) {
  await db.execute(
    sql`update hardship_cases set filed_on = filed_on - ${days}::int, assessed_on = assessed_on - ${days}::int, noticed_on = noticed_on - ${days}::int where id = ${caseId}`,
  );
  await db.execute(
    sql`update hardship_events set at = at - make_interval(days => ${days}::int) where case_id = ${caseId} and action in ('file', 'verify', 'notice')`,
  );
}

/** Demo data: case numbers, one statement for many files. */
export async function nextCaseNos(db: DbOrTx, n: number) {
  const rows = await queryRows<{ n: string }>(db, sql`select nextval('hardship_case_no_seq')::text as n from generate_series(1, ${n}::int)`);
  return rows.map((r) => Number(r.n));
}

export type DemoFile = typeof hardshipCases.$inferInsert & {
  members: Omit<typeof hardshipMembers.$inferInsert, 'caseId'>[];
  events: Omit<typeof hardshipEvents.$inferInsert, 'caseId'>[];
  assistance: Omit<typeof hardshipAssistance.$inferInsert, 'caseId'>[];
  followups: Omit<typeof hardshipFollowups.$inferInsert, 'caseId'>[];
};

/** Demo data: files written as a set (a few statements for hundreds of files); answers their ids by case number. */
export async function insertFiles(db: DbOrTx, files: DemoFile[]) {
  if (!files.length) return new Map<string, number>();
  const rows = await db
    .insert(hardshipCases)
    .values(files.map(({ members: _m, events: _e, assistance: _a, followups: _f, ...c }) => c))
    .returning({ id: hardshipCases.id, caseNo: hardshipCases.caseNo });
  const ids = new Map(rows.map((r) => [r.caseNo, r.id]));
  const of = <T>(pick: (f: DemoFile) => T[]) => files.flatMap((f) => pick(f).map((x) => ({ ...x, caseId: ids.get(f.caseNo)! })));
  const members = of((f) => f.members);
  const events = of((f) => f.events);
  const assistance = of((f) => f.assistance);
  const followups = of((f) => f.followups);
  if (members.length) await db.insert(hardshipMembers).values(members);
  if (events.length) await db.insert(hardshipEvents).values(events);
  if (assistance.length) await db.insert(hardshipAssistance).values(assistance);
  if (followups.length) await db.insert(hardshipFollowups).values(followups);
  return ids;
}
