/**
 * Every query of the allowance runs (津贴发放): who is owed an allowance of a period in a union's
 * subtree, runs seen through the subtree of the union that runs them, their lines (the ledger),
 * and each person's ledger.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { pathInScope, type Scope } from '../../server/scope.ts';
import { modelWorkerAllowanceLines, modelWorkerAllowanceRuns } from './modelworkers.schema.ts';
import type { AllowanceKind, HonourLevel, ListRunsQuery, RunStatus } from './modelworkers.contract.ts';

export interface OwedRow {
  id: number;
  name: string;
  org_id: number;
  org_path: string;
  /** The honours that carry benefits and were in force on the period's first day. */
  honours: { id: number; level: HonourLevel; year: number }[];
  /** Recorded as 去世 before the period began. */
  dead: boolean;
  /** Already listed for this allowance and period (in a run waiting or paid). */
  listed: boolean;
}

/**
 * The people of `reach` with an honour that carries benefits and was in force on `start` (awarded
 * in the period's year or before, not revoked before it began), whether they had died before it,
 * and whether some run already lists them for the allowance and period.
 */
export function owed(db: DbOrTx, reach: Scope, kind: AllowanceKind, period: string, start: string) {
  return queryRows<OwedRow>(
    db,
    sql`select p.id::int as id, p.name, p.org_id, o.path as org_path,
               json_agg(json_build_object('id', h.id, 'level', h.level, 'year', h.year) order by h.id) as honours,
               exists (select 1 from model_worker_statuses s where s.person_id = p.id and s.status = 'deceased' and s.since < ${start}::date) as dead,
               exists (select 1 from model_worker_allowance_lines l where l.person_id = p.id and l.kind = ${kind} and l.period = ${period}) as listed
          from persons p join orgs o on o.id = p.org_id join model_worker_honours h on h.person_id = p.id
         where p.status = 'active' and ${pathInScope(reach, sql`o.path`)} and h.with_benefits and h.year <= ${Number(start.slice(0, 4))}
           and (h.revoked_on is null or h.revoked_on >= ${start}::date)
         group by p.id, p.name, p.org_id, o.path
         order by p.id`,
  );
}

export async function insertRun(db: DbOrTx, row: typeof modelWorkerAllowanceRuns.$inferInsert) {
  const [r] = await db.insert(modelWorkerAllowanceRuns).values(row).returning({ id: modelWorkerAllowanceRuns.id });
  return r!.id;
}

export async function insertLines(db: DbOrTx, rows: (typeof modelWorkerAllowanceLines.$inferInsert)[]) {
  for (let i = 0; i < rows.length; i += 500) await db.insert(modelWorkerAllowanceLines).values(rows.slice(i, i + 500));
}

export interface RunRow {
  id: number;
  org_id: number;
  org_name: string;
  org_path: string;
  kind: AllowanceKind;
  period: string;
  status: RunStatus;
  persons: number;
  amount_fen: number | string;
  excluded: { deceased: number; noStandard: number; elsewhere: number };
  removed: number;
  created_by: number | null;
  created_by_name: string | null;
  created_at: Date | string;
  confirmed_by_name: string | null;
  confirmed_at: Date | string | null;
  paid_on: string | null;
  cancel_reason: string | null;
}

const runSelect = sql`select r.id, r.org_id, o.name as org_name, o.path as org_path, r.kind, r.period, r.status,
                             (select count(*)::int from model_worker_allowance_lines l where l.run_id = r.id) as persons,
                             (select coalesce(sum(l.amount_fen), 0)::bigint from model_worker_allowance_lines l where l.run_id = r.id) as amount_fen,
                             r.excluded, r.removed, r.created_by, coalesce(c.display_name, c.username) as created_by_name, r.created_at,
                             coalesce(f.display_name, f.username) as confirmed_by_name, r.confirmed_at, r.paid_on::text as paid_on, r.cancel_reason
                        from model_worker_allowance_runs r join orgs o on o.id = r.org_id
                        left join accounts c on c.id = r.created_by left join accounts f on f.id = r.confirmed_by`;

/** A run of a union in the scope; `lock` takes its row for the rest of the transaction. */
export async function runInScope(db: DbOrTx, scope: Scope, id: number, lock = false) {
  if (lock) await queryRows(db, sql`select id from model_worker_allowance_runs where id = ${id} for update`);
  const [row] = await queryRows<RunRow>(db, sql`${runSelect} where r.id = ${id} and ${pathInScope(scope, sql`o.path`)}`);
  return row;
}

export async function listRuns(db: DbOrTx, scope: Scope, q: ListRunsQuery) {
  const where = sql.join(
    [pathInScope(scope, sql`o.path`), q.status ? sql`r.status = ${q.status}` : sql`true`, q.kind ? sql`r.kind = ${q.kind}` : sql`true`],
    sql` and `,
  );
  const [rows, [count]] = await Promise.all([
    queryRows<RunRow>(db, sql`${runSelect} where ${where} order by r.period desc, r.id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from model_worker_allowance_runs r join orgs o on o.id = r.org_id where ${where}`),
  ]);
  return { rows, total: count!.n };
}

/** Runs waiting for confirmation in the scope that `accountId` did not make (four eyes), oldest first. */
export function runsToConfirm(db: DbOrTx, scope: Scope, accountId: number | null, limit: number, offset: number) {
  return queryRows<RunRow & { total: number }>(
    db,
    sql`select t.*, count(*) over ()::int as total from (${runSelect}
          where r.status = 'draft' and r.created_by is distinct from ${accountId} and ${pathInScope(scope, sql`o.path`)}) t
        order by t.created_at, t.id limit ${limit} offset ${offset}`,
  );
}

export interface LineRow {
  id: number;
  person_id: number;
  name: string;
  id_masked: string;
  org: string;
  level: HonourLevel;
  honour_year: number;
  amount_fen: number | string;
}

const lineSelect = sql`select l.id::int as id, l.person_id::int as person_id, p.name, p.id_masked, o.name as org, l.level, h.year as honour_year, l.amount_fen
                         from model_worker_allowance_lines l join persons p on p.id = l.person_id join orgs o on o.id = l.org_id
                         join model_worker_honours h on h.id = l.honour_id`;

export async function linesOfRun(db: DbOrTx, runId: number, q: { q?: string; page: number; pageSize: number }) {
  const where = q.q ? sql`l.run_id = ${runId} and p.name like ${`%${q.q}%`}` : sql`l.run_id = ${runId}`;
  const [rows, [count], byLevel] = await Promise.all([
    queryRows<LineRow>(db, sql`${lineSelect} where ${where} order by o.name, p.name_pinyin, l.id limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from model_worker_allowance_lines l join persons p on p.id = l.person_id where ${where}`),
    queryRows<{ level: HonourLevel; persons: number; amount_fen: number | string }>(
      db,
      sql`select level, count(*)::int as persons, sum(amount_fen)::bigint as amount_fen from model_worker_allowance_lines where run_id = ${runId} group by level`,
    ),
  ]);
  return { rows, total: count!.n, byLevel };
}

/** Every line of a run, for its payment file (by union, then name). */
export function allLinesOfRun(db: DbOrTx, runId: number) {
  return queryRows<LineRow>(db, sql`${lineSelect} where l.run_id = ${runId} order by o.name, p.name_pinyin, l.id`);
}

/**
 * Takes off a draft's lines of people who are no longer owed the allowance: recorded as dead
 * before the period began, or whose honour was revoked before it (or no longer carries benefits).
 * Answers how many.
 */
export async function dropLinesNoLongerOwed(db: DbOrTx, runId: number, start: string) {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`delete from model_worker_allowance_lines l using model_worker_honours h
         where l.run_id = ${runId} and h.id = l.honour_id
           and (exists (select 1 from model_worker_statuses s where s.person_id = l.person_id and s.status = 'deceased' and s.since < ${start}::date)
                or h.revoked_on < ${start}::date or not h.with_benefits)
        returning l.id`,
  );
  return rows.length;
}

export async function markPaid(db: DbOrTx, runId: number, by: number | null, removed: number, paidOn: string) {
  await queryRows(
    db,
    sql`update model_worker_allowance_runs set status = 'paid', confirmed_by = ${by}, confirmed_at = now(), paid_on = ${paidOn}::date, removed = ${removed}
         where id = ${runId}`,
  );
}

export async function cancelRun(db: DbOrTx, runId: number, by: number | null, reason: string) {
  await queryRows(db, sql`delete from model_worker_allowance_lines where run_id = ${runId}`);
  await queryRows(
    db,
    sql`update model_worker_allowance_runs set status = 'cancelled', cancelled_by = ${by}, cancelled_at = now(), cancel_reason = ${reason} where id = ${runId}`,
  );
}

export interface PersonLineRow {
  id: number;
  run_id: number;
  kind: AllowanceKind;
  period: string;
  level: HonourLevel;
  amount_fen: number | string;
  state: 'draft' | 'paid';
  paid_on: string | null;
  org: string;
}

/** A person's allowance ledger: lines of runs waiting or paid, newest period first. */
export function linesOfPerson(db: DbOrTx, personId: number) {
  return queryRows<PersonLineRow>(
    db,
    sql`select l.id::int as id, l.run_id, l.kind, l.period, l.level, l.amount_fen, r.status as state, r.paid_on::text as paid_on, o.name as org
          from model_worker_allowance_lines l join model_worker_allowance_runs r on r.id = l.run_id join orgs o on o.id = r.org_id
         where l.person_id = ${personId} and r.status in ('draft', 'paid')
         order by l.period desc, l.kind, l.id desc`,
  );
}
