/** The queries of assistance records, follow-ups, and the care-campaign hand-outs a household received. */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { accounts } from '../auth/auth.schema.ts';
import { hardshipAssistance, hardshipFollowups } from './hardship.schema.ts';

export async function insertAssistance(db: DbOrTx, values: typeof hardshipAssistance.$inferInsert) {
  const [row] = await db.insert(hardshipAssistance).values(values).returning({ id: hardshipAssistance.id });
  return row!.id;
}

export async function findAssistance(db: DbOrTx, caseId: number) {
  return db
    .select({
      a: hardshipAssistance,
      handler: sql<string | null>`coalesce(${accounts.displayName}, ${accounts.username})`,
      signedOffBy: sql<string | null>`(select coalesce(s.display_name, s.username) from accounts s where s.id = ${hardshipAssistance.signedOffBy})`,
    })
    .from(hardshipAssistance)
    .leftJoin(accounts, eq(accounts.id, hardshipAssistance.handledBy))
    .where(eq(hardshipAssistance.caseId, caseId))
    .orderBy(desc(hardshipAssistance.on), desc(hardshipAssistance.id));
}

/** One assistance record of a case, locked (its case's row is locked first by the caller). */
export async function lockAssistance(db: DbOrTx, caseId: number, id: number) {
  const [row] = await db
    .select()
    .from(hardshipAssistance)
    .where(and(eq(hardshipAssistance.id, id), eq(hardshipAssistance.caseId, caseId)))
    .for('update');
  return row;
}

export async function signOff(db: DbOrTx, id: number, accountId: number | null) {
  await db.update(hardshipAssistance).set({ status: 'paid', signedOffBy: accountId, signedOffAt: new Date() }).where(eq(hardshipAssistance.id, id));
}

/** This year's paid assistance of a type for the household (not what waits for sign-off): total and count, and whether `cause` was relieved. */
export async function yearTotals(db: DbOrTx, caseId: number, type: string, year: string, cause: string | null) {
  const [row] = await queryRows<{ total: string; times: number; same_cause: boolean }>(
    db,
    sql`select coalesce(sum(amount_fen), 0)::bigint as total, count(*)::int as times, coalesce(bool_or(cause = ${cause}), false) as same_cause
          from hardship_assistance where case_id = ${caseId} and type = ${type} and status = 'paid' and extract(year from "on") = ${Number(year)}`,
  );
  return { total: Number(row!.total), times: row!.times, sameCause: row!.same_cause };
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
