/** Every query of 技能竞赛. A contest is reached only through its organiser's place in the scope given. */
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { orgInScope, scopePattern, type Scope } from '../../server/scope.ts';
import { events } from './events.schema.ts';
import {
  competitionAdvances,
  competitionAwards,
  competitionEntries,
  competitionEntryMembers,
  competitionJudges,
  competitionRounds,
  competitionScores,
  competitionTrades,
  competitions,
  type CompetitionRoundRow,
} from './competitions.schema.ts';
import type { ListCompetitionsQuery, Prize } from './competitions.contract.ts';

export interface CompetitionDbRow {
  id: number;
  title: string;
  description: string | null;
  hosts: string | null;
  status: string;
  org_id: number;
  org_name: string;
  org_path: string;
  created_at: Date | string;
}

const contestColumns = sql`e.id, e.title, e.description, c.hosts, e.status, e.org_id, o.name as org_name, o.path as org_path, e.created_at`;

/** The contest when its organiser lies in the scope; `lock` takes the event row for update. */
export async function findCompetitionInScope(db: DbOrTx, scope: Scope, id: number, lock = false) {
  const [row] = await queryRows<CompetitionDbRow>(
    db,
    sql`select ${contestColumns} from events e join competitions c on c.event_id = e.id join orgs o on o.id = e.org_id
         where e.id = ${id} and e.kind = 'competition' and o.path like ${scopePattern(scope)}${lock ? sql` for update of e` : sql``}`,
  );
  return row;
}

export async function listCompetitions(db: DbOrTx, scope: Scope, q: ListCompetitionsQuery) {
  return queryRows<CompetitionDbRow & { trades: number; entries: number }>(
    db,
    sql`select ${contestColumns},
               (select count(*)::int from competition_trades t where t.event_id = e.id) as trades,
               (select count(*)::int from competition_entries n where n.event_id = e.id) as entries
          from events e join competitions c on c.event_id = e.id join orgs o on o.id = e.org_id
         where e.kind = 'competition' and o.path like ${scopePattern(scope)}
         order by e.created_at desc, e.id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
}

export async function countCompetitions(db: DbOrTx, scope: Scope) {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from events e join competitions c on c.event_id = e.id join orgs o on o.id = e.org_id
         where e.kind = 'competition' and o.path like ${scopePattern(scope)}`,
  );
  return row!.n;
}

export async function insertCompetition(
  tx: DbOrTx,
  v: { orgId: number; title: string; description: string | null; hosts: string | null; createdBy: number | null },
) {
  const [event] = await tx
    .insert(events)
    .values({ orgId: v.orgId, kind: 'competition', title: v.title, description: v.description, status: 'open', workerSignup: false, createdBy: v.createdBy })
    .returning({ id: events.id });
  await tx.insert(competitions).values({ eventId: event!.id, hosts: v.hosts });
  return event!.id;
}

// ---- trades ----

export async function listTrades(db: DbOrTx, eventId: number) {
  return queryRows<{
    id: number;
    name: string;
    occupation: string | null;
    first_prizes: number;
    second_prizes: number;
    third_prizes: number;
    merit_prizes: number;
    awarded: boolean;
  }>(
    db,
    sql`select t.id, t.name, t.occupation, t.first_prizes, t.second_prizes, t.third_prizes, t.merit_prizes,
               exists (select 1 from competition_awards a where a.trade_id = t.id) as awarded
          from competition_trades t where t.event_id = ${eventId} order by t.id`,
  );
}

export async function findTrade(db: DbOrTx, eventId: number, tradeId: number, lock = false) {
  const q = db
    .select()
    .from(competitionTrades)
    .where(and(eq(competitionTrades.eventId, eventId), eq(competitionTrades.id, tradeId)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function insertTrade(tx: DbOrTx, v: typeof competitionTrades.$inferInsert) {
  const [row] = await tx.insert(competitionTrades).values(v).returning();
  return row!;
}

export async function occupationExists(db: DbOrTx, code: string) {
  const [row] = await queryRows<{ code: string }>(db, sql`select code from occupations where code = ${code}`);
  return !!row;
}

// ---- rounds ----

export async function listRounds(db: DbOrTx, eventId: number) {
  return db.select().from(competitionRounds).where(eq(competitionRounds.eventId, eventId)).orderBy(competitionRounds.seq);
}

/** The round of the contest; `lock` 'share' while scoring (closing waits), 'update' to close it. */
export async function findRound(db: DbOrTx, eventId: number, roundId: number, lock?: 'share' | 'update'): Promise<CompetitionRoundRow | undefined> {
  const q = db
    .select()
    .from(competitionRounds)
    .where(and(eq(competitionRounds.eventId, eventId), eq(competitionRounds.id, roundId)));
  const [row] = lock ? await q.for(lock) : await q;
  return row;
}

export async function insertRound(tx: DbOrTx, v: { eventId: number; name: string; advance: number | null }) {
  const [row] = await tx
    .insert(competitionRounds)
    .values({
      eventId: v.eventId,
      name: v.name,
      advance: v.advance,
      seq: sql`(select coalesce(max(seq), 0) + 1 from competition_rounds where event_id = ${v.eventId})`,
    })
    .returning();
  return row!;
}

export async function closeRound(tx: DbOrTx, roundId: number) {
  await tx.update(competitionRounds).set({ status: 'closed', closedAt: new Date() }).where(eq(competitionRounds.id, roundId));
}

export async function insertAdvances(tx: DbOrTx, roundId: number, entryIds: number[]) {
  if (entryIds.length) await tx.insert(competitionAdvances).values(entryIds.map((entryId) => ({ roundId, entryId })));
}

// ---- judges ----

export async function listJudges(db: DbOrTx, eventId: number) {
  return queryRows<{ id: number; round_id: number; trade_id: number; name: string; account_id: number | null }>(
    db,
    sql`select j.id, j.round_id, j.trade_id, j.name, j.account_id from competition_judges j
          join competition_rounds r on r.id = j.round_id where r.event_id = ${eventId} order by r.seq, j.trade_id, j.id`,
  );
}

export async function findJudge(db: DbOrTx, eventId: number, judgeId: number) {
  const [row] = await queryRows<{ id: number; round_id: number; trade_id: number; name: string }>(
    db,
    sql`select j.id, j.round_id, j.trade_id, j.name from competition_judges j join competition_rounds r on r.id = j.round_id
         where j.id = ${judgeId} and r.event_id = ${eventId}`,
  );
  return row;
}

export async function insertJudge(tx: DbOrTx, v: typeof competitionJudges.$inferInsert) {
  const [row] = await tx.insert(competitionJudges).values(v).returning();
  return row!;
}

/** An active account of the scope (a judge who signs in), with its name. */
export async function accountInScope(db: DbOrTx, scope: Scope, accountId: number) {
  const [row] = await queryRows<{ id: number; display_name: string }>(
    db,
    sql`select a.id, a.display_name from accounts a where a.id = ${accountId} and a.status = 'active' and ${orgInScope(scope, sql`a.org_id`)}`,
  );
  return row;
}

// ---- entries ----

export interface EntryDbRow {
  id: number;
  trade_id: number;
  kind: 'individual' | 'team';
  team_name: string | null;
  members: { personId: number; name: string; orgName: string }[];
  prize: Prize | null;
  rank: number | null;
  honoured: boolean | null;
  disqualified_at: Date | string | null;
  disqualify_reason: string | null;
}

const entryColumns = sql`n.id, n.trade_id, n.kind, n.team_name,
  (select coalesce(json_agg(json_build_object('personId', m.person_id, 'name', p.name, 'orgName', o.name) order by m.id), '[]'::json)
     from competition_entry_members m join persons p on p.id = m.person_id join orgs o on o.id = p.org_id where m.entry_id = n.id) as members,
  a.prize, a.rank, a.honoured, n.disqualified_at, n.disqualify_reason`;

export async function listEntries(db: DbOrTx, eventId: number) {
  return queryRows<EntryDbRow>(
    db,
    sql`select ${entryColumns} from competition_entries n left join competition_awards a on a.entry_id = n.id
         where n.event_id = ${eventId} order by n.trade_id, n.id`,
  );
}

/**
 * The entries of a round and trade: every entry of the trade in the first round, the ones that
 * advanced into it in a later one.
 */
export async function entriesOfRound(db: DbOrTx, round: CompetitionRoundRow, tradeId: number) {
  const inRound = round.seq === 1 ? sql`true` : sql`exists (select 1 from competition_advances v where v.round_id = ${round.id} and v.entry_id = n.id)`;
  return queryRows<EntryDbRow>(
    db,
    sql`select ${entryColumns} from competition_entries n left join competition_awards a on a.entry_id = n.id
         where n.event_id = ${round.eventId} and n.trade_id = ${tradeId} and ${inRound} order by n.id`,
  );
}

export async function findEntry(db: DbOrTx, eventId: number, entryId: number) {
  const [row] = await queryRows<EntryDbRow>(
    db,
    sql`select ${entryColumns} from competition_entries n left join competition_awards a on a.entry_id = n.id
         where n.event_id = ${eventId} and n.id = ${entryId}`,
  );
  return row;
}

export async function entryInRound(db: DbOrTx, round: CompetitionRoundRow, entryId: number) {
  if (round.seq === 1) return true;
  const [row] = await db
    .select()
    .from(competitionAdvances)
    .where(and(eq(competitionAdvances.roundId, round.id), eq(competitionAdvances.entryId, entryId)));
  return !!row;
}

/** A person already entered in the trade, with the entry's name (for the message). */
export async function entryOfPersonInTrade(db: DbOrTx, tradeId: number, personId: number) {
  const [row] = await queryRows<{ entry_id: number; label: string }>(
    db,
    sql`select n.id as entry_id, coalesce(n.team_name, p.name) as label from competition_entry_members m
          join competition_entries n on n.id = m.entry_id join persons p on p.id = m.person_id
         where m.trade_id = ${tradeId} and m.person_id = ${personId}`,
  );
  return row;
}

export async function insertEntry(
  tx: DbOrTx,
  v: { eventId: number; tradeId: number; kind: 'individual' | 'team'; teamName: string | null; createdBy: number | null; personIds: number[] },
) {
  const [entry] = await tx
    .insert(competitionEntries)
    .values({ eventId: v.eventId, tradeId: v.tradeId, kind: v.kind, teamName: v.teamName, createdBy: v.createdBy })
    .returning({ id: competitionEntries.id });
  await tx.insert(competitionEntryMembers).values(v.personIds.map((personId) => ({ entryId: entry!.id, tradeId: v.tradeId, personId })));
  return entry!.id;
}

// ---- scores ----

export async function scoresOfRound(db: DbOrTx, roundId: number, tradeId: number) {
  return db
    .select({ judgeId: competitionScores.judgeId, entryId: competitionScores.entryId, tenths: competitionScores.tenths })
    .from(competitionScores)
    .where(and(eq(competitionScores.roundId, roundId), eq(competitionScores.tradeId, tradeId)));
}

export async function findScore(db: DbOrTx, judgeId: number, entryId: number) {
  const [row] = await db
    .select()
    .from(competitionScores)
    .where(and(eq(competitionScores.judgeId, judgeId), eq(competitionScores.entryId, entryId)));
  return row;
}

export async function insertScore(tx: DbOrTx, v: typeof competitionScores.$inferInsert) {
  const [row] = await tx.insert(competitionScores).values(v).returning({ id: competitionScores.id });
  return row!.id;
}

// ---- awards ----

export async function insertAwards(tx: DbOrTx, rows: (typeof competitionAwards.$inferInsert)[]) {
  if (rows.length) await tx.insert(competitionAwards).values(rows);
}

/** Takes back the trade's prizes; the entries that had one, with whether it honoured them and who they were. */
export async function deleteAwards(tx: DbOrTx, tradeId: number) {
  return queryRows<{ entry_id: number; prize: Prize; rank: number; honoured: boolean; person_ids: number[] }>(
    tx,
    sql`delete from competition_awards a where a.trade_id = ${tradeId}
        returning a.entry_id, a.prize, a.rank, a.honoured,
                  (select coalesce(array_agg(m.person_id::int order by m.id), '{}') from competition_entry_members m where m.entry_id = a.entry_id) as person_ids`,
  );
}

/** Of the people, those another award still honours (another trade or contest): they keep the tag. */
export async function stillHonoured(db: DbOrTx, personIds: readonly number[]) {
  if (!personIds.length) return new Set<number>();
  const rows = await queryRows<{ person_id: number }>(
    db,
    sql`select distinct m.person_id::int as person_id from competition_entry_members m join competition_awards a on a.entry_id = m.entry_id
         where a.honoured and m.person_id in (${sql.join(
           personIds.map((p) => sql`${p}`),
           sql`, `,
         )})`,
  );
  return new Set(rows.map((r) => r.person_id));
}

export async function disqualifyEntry(tx: DbOrTx, entryId: number, reason: string, by: number | null) {
  await tx.execute(
    sql`update competition_entries set disqualified_at = now(), disqualify_reason = ${reason}, disqualified_by = ${by} where id = ${entryId} and disqualified_at is null`,
  );
}

/** The first people of a subtree (the demo contest's entrants). */
export async function peopleOfSubtree(db: DbOrTx, scope: Scope, limit: number) {
  return queryRows<{ id: number; name: string }>(
    db,
    sql`select p.id, p.name from persons p where p.status = 'active' and ${orgInScope(scope, sql`p.org_id`)} order by p.id limit ${limit}`,
  );
}
