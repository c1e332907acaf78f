/**
 * Every query of 适老化改造: programmes and plans seen by their union's subtree, the programme's
 * budget under its row lock, items, changes, photos, and the roll-up by region and by item.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { pathInScope, type Scope } from '../../server/scope.ts';
import { retrofitChanges, retrofitItems, retrofitPhotos, retrofitPlans, retrofitProgrammes } from './retrofits.schema.ts';
import type { ChangeStatus, FundSource, ItemKind, ListPlansQuery, PhotoKind, Stage } from './retrofits.contract.ts';

const accountName = (col: SQL) => sql`(select coalesce(a.display_name, a.username) from accounts a where a.id = ${col})`;

export async function orgInScope(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows<{ id: number; name: string; path: string; status: string }>(
    db,
    sql`select id, name, path, status from orgs where id = ${id} and ${pathInScope(scope, sql`path`)}`,
  );
  return row;
}

// ---- programmes ----

export interface ProgrammeRow {
  id: number;
  name: string;
  year: number;
  org_id: number;
  org_name: string;
  org_path: string;
  budget_fen: number;
  committed_fen: number;
  spent_fen: number;
  funds: { source: FundSource; amountFen: number }[];
  status: 'open' | 'closed';
  plans: number;
  by_stage: Record<string, number> | null;
}

const programmeSelect = sql`select g.id, g.name, g.year, g.org_id, o.name as org_name, g.org_path, g.budget_fen::float8 as budget_fen,
                                   g.committed_fen::float8 as committed_fen, g.spent_fen::float8 as spent_fen, g.funds, g.status,
                                   (select count(*)::int from retrofit_plans p where p.programme_id = g.id) as plans,
                                   (select json_object_agg(s.stage, s.n) from (select p.stage, count(*)::int as n from retrofit_plans p
                                     where p.programme_id = g.id group by p.stage) s) as by_stage
                              from retrofit_programmes g join orgs o on o.id = g.org_id`;

export async function listProgrammes(db: DbOrTx, scope: Scope) {
  return queryRows<ProgrammeRow>(db, sql`${programmeSelect} where ${pathInScope(scope, sql`g.org_path`)} order by g.year desc, g.id desc limit 200`);
}

export async function programmeInScope(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows<ProgrammeRow>(db, sql`${programmeSelect} where g.id = ${id} and ${pathInScope(scope, sql`g.org_path`)}`);
  return row;
}

export async function insertProgramme(db: DbOrTx, values: typeof retrofitProgrammes.$inferInsert) {
  const [row] = await db.insert(retrofitProgrammes).values(values).returning({ id: retrofitProgrammes.id });
  return row!.id;
}

/**
 * Locks the programme's row for a commitment: commitments to one programme take turns, so the
 * budget left read here is the one the update below leaves.
 */
export async function lockProgramme(db: DbOrTx, id: number) {
  const [row] = await queryRows<{ id: number; name: string; budget_fen: number; committed_fen: number; status: string }>(
    db,
    sql`select id, name, budget_fen::float8 as budget_fen, committed_fen::float8 as committed_fen, status from retrofit_programmes where id = ${id} for update`,
  );
  return row!;
}

/** The programme's budget and what is committed (a plan's page shows what is left, whoever runs the programme). */
export async function programmeBudget(db: DbOrTx, id: number) {
  const [row] = await queryRows<{ budget_fen: number; committed_fen: number; org_path: string }>(
    db,
    sql`select budget_fen::float8 as budget_fen, committed_fen::float8 as committed_fen, org_path from retrofit_programmes where id = ${id}`,
  );
  return row;
}

/** Adds `deltaFen` (negative to release) to the committed budget and `spentFen` to what was spent. */
export async function commit(db: DbOrTx, id: number, deltaFen: number, spentFen = 0) {
  await db.execute(sql`update retrofit_programmes set committed_fen = committed_fen + ${deltaFen}, spent_fen = spent_fen + ${spentFen} where id = ${id}`);
}

// ---- plans ----

export interface PlanRow {
  id: number;
  programme_id: number;
  programme_name: string;
  person_id: number;
  person_name: string;
  org_id: number;
  org_name: string;
  org_path: string;
  stage: Stage;
  budget_fen: number;
  approved_fen: number;
  actual_fen: number;
  items: number;
  items_done: number;
  contractor: string | null;
  updated_at: Date | string;
}

const planSelect = sql`select p.id, p.programme_id, g.name as programme_name, p.person_id::int as person_id, pe.name as person_name,
                              p.org_id, o.name as org_name, p.org_path, p.stage, p.approved_fen::float8 as approved_fen, p.actual_fen::float8 as actual_fen,
                              coalesce(i.budget, 0)::float8 as budget_fen, coalesce(i.n, 0)::int as items, coalesce(i.done, 0)::int as items_done,
                              p.contractor, p.updated_at
                         from retrofit_plans p
                         join retrofit_programmes g on g.id = p.programme_id
                         join persons pe on pe.id = p.person_id
                         join orgs o on o.id = p.org_id
                         left join lateral (select sum(budget_fen) as budget, count(*) as n, count(*) filter (where done) as done
                                              from retrofit_items where plan_id = p.id) i on true`;

export async function listPlans(db: DbOrTx, scope: Scope, q: ListPlansQuery) {
  const parts: SQL[] = [pathInScope(scope, sql`p.org_path`)];
  if (q.programmeId) parts.push(sql`p.programme_id = ${q.programmeId}`);
  if (q.stage) parts.push(sql`p.stage = ${q.stage}`);
  if (q.personId) parts.push(sql`p.person_id = ${q.personId}`);
  const where = sql.join(parts, sql` and `);
  const [rows, [count]] = await Promise.all([
    queryRows<PlanRow>(db, sql`${planSelect} where ${where} order by p.updated_at desc, p.id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from retrofit_plans p where ${where}`),
  ]);
  return { rows, total: count!.n };
}

export async function planInScope(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows<PlanRow>(db, sql`${planSelect} where p.id = ${id} and ${pathInScope(scope, sql`p.org_path`)}`);
  return row;
}

export interface PlanDetailRow {
  assessed_on: string | null;
  findings: string | null;
  lives_alone: boolean | null;
  assessed_by_name: string | null;
  planned_by: number | null;
  planned_by_name: string | null;
  approved_by_name: string | null;
  review_note: string | null;
  started_on: string | null;
  accepted_on: string | null;
  acceptance_note: string | null;
  settled_on: string | null;
  settlement_note: string | null;
  cancel_reason: string | null;
}

export async function planDetail(db: DbOrTx, id: number) {
  const [row] = await queryRows<PlanDetailRow>(
    db,
    sql`select p.assessed_on::text as assessed_on, p.findings, p.lives_alone, ${accountName(sql`p.assessed_by`)} as assessed_by_name,
               p.planned_by, ${accountName(sql`p.planned_by`)} as planned_by_name, ${accountName(sql`p.approved_by`)} as approved_by_name, p.review_note,
               p.started_on::text as started_on, p.accepted_on::text as accepted_on, p.acceptance_note,
               p.settled_on::text as settled_on, p.settlement_note, p.cancel_reason
          from retrofit_plans p where p.id = ${id}`,
  );
  return row!;
}

/** Locks the plan's row: every step on one plan takes turns. */
export async function lockPlan(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows<{
    id: number;
    programme_id: number;
    person_id: number;
    org_id: number;
    stage: Stage;
    planned_by: number | null;
    approved_fen: number;
    actual_fen: number;
  }>(
    db,
    sql`select id, programme_id, person_id::int as person_id, org_id, stage, planned_by, approved_fen::float8 as approved_fen, actual_fen::float8 as actual_fen
          from retrofit_plans where id = ${id} and ${pathInScope(scope, sql`org_path`)} for update`,
  );
  return row;
}

/** A new plan in the survey stage; undefined when the person already has an open one. */
export async function insertPlan(db: DbOrTx, values: typeof retrofitPlans.$inferInsert) {
  const [row] = await db
    .insert(retrofitPlans)
    .values(values)
    .onConflictDoNothing({ target: retrofitPlans.personId, where: sql`stage not in ('settled', 'cancelled')` })
    .returning({ id: retrofitPlans.id });
  return row?.id;
}

export async function openPlanOf(db: DbOrTx, personId: number) {
  const [row] = await queryRows<{ id: number; programme: string }>(
    db,
    sql`select p.id, g.name as programme from retrofit_plans p join retrofit_programmes g on g.id = p.programme_id
         where p.person_id = ${personId} and p.stage not in ('settled', 'cancelled')`,
  );
  return row;
}

export async function updatePlan(db: DbOrTx, id: number, values: Partial<typeof retrofitPlans.$inferInsert>) {
  await db
    .update(retrofitPlans)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(retrofitPlans.id, id));
}

// ---- items ----

export interface ItemRow {
  id: number;
  kind: ItemKind;
  name: string;
  budget_fen: number;
  actual_fen: number | null;
  done: boolean;
  note: string | null;
}

export async function itemsOf(db: DbOrTx, planId: number) {
  return queryRows<ItemRow>(
    db,
    sql`select id, kind, name, budget_fen::float8 as budget_fen, actual_fen::float8 as actual_fen, done, note from retrofit_items where plan_id = ${planId} order by id`,
  );
}

export async function replaceItems(db: DbOrTx, planId: number, items: (typeof retrofitItems.$inferInsert)[]) {
  await db.execute(sql`delete from retrofit_items where plan_id = ${planId}`);
  if (items.length) await db.insert(retrofitItems).values(items);
}

export async function updateItem(db: DbOrTx, planId: number, itemId: number, done: boolean, actualFen: number | null) {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`update retrofit_items set done = ${done}, actual_fen = ${actualFen} where id = ${itemId} and plan_id = ${planId} returning id`,
  );
  return rows.length > 0;
}

/** Sets the plan's actual cost to the sum of its items' and returns it (the plan's cost check holds it to the approved amount). */
export async function sumActual(db: DbOrTx, planId: number) {
  const [row] = await queryRows<{ actual: number }>(
    db,
    sql`update retrofit_plans set actual_fen = (select coalesce(sum(actual_fen), 0) from retrofit_items where plan_id = ${planId}), updated_at = now()
         where id = ${planId} returning actual_fen::float8 as actual`,
  );
  return row!.actual;
}

// ---- changes ----

export interface ChangeRow {
  id: number;
  amount_fen: number;
  reason: string;
  status: ChangeStatus;
  requested_by: number | null;
  requested_by_name: string | null;
  reviewed_by_name: string | null;
  at: Date | string;
}

export async function changesOf(db: DbOrTx, planId: number) {
  return queryRows<ChangeRow>(
    db,
    sql`select c.id, c.amount_fen::float8 as amount_fen, c.reason, c.status, c.requested_by, ${accountName(sql`c.requested_by`)} as requested_by_name,
               ${accountName(sql`c.reviewed_by`)} as reviewed_by_name, c.at
          from retrofit_changes c where c.plan_id = ${planId} order by c.id`,
  );
}

export async function insertChange(db: DbOrTx, values: typeof retrofitChanges.$inferInsert) {
  const [row] = await db.insert(retrofitChanges).values(values).returning({ id: retrofitChanges.id });
  return row!.id;
}

export async function lockChange(db: DbOrTx, planId: number, changeId: number) {
  const [row] = await queryRows<{ id: number; amount_fen: number; status: ChangeStatus; requested_by: number | null; reason: string }>(
    db,
    sql`select id, amount_fen::float8 as amount_fen, status, requested_by, reason from retrofit_changes where id = ${changeId} and plan_id = ${planId} for update`,
  );
  return row;
}

export async function reviewChange(db: DbOrTx, changeId: number, status: ChangeStatus, reviewedBy: number | null) {
  await db.execute(sql`update retrofit_changes set status = ${status}, reviewed_by = ${reviewedBy} where id = ${changeId}`);
}

// ---- photos ----

export interface PhotoRow {
  id: number;
  kind: PhotoKind;
  filename: string;
  mime: string;
  size: number;
  at: Date | string;
}

export async function photosOf(db: DbOrTx, planId: number) {
  return queryRows<PhotoRow>(db, sql`select id, kind, filename, mime, size, at from retrofit_photos where plan_id = ${planId} order by id`);
}

export async function photoCount(db: DbOrTx, planId: number, kind?: PhotoKind) {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from retrofit_photos where plan_id = ${planId} ${kind ? sql`and kind = ${kind}` : sql``}`,
  );
  return row!.n;
}

export async function insertPhoto(db: DbOrTx, values: typeof retrofitPhotos.$inferInsert) {
  const [row] = await db.insert(retrofitPhotos).values(values).returning({ id: retrofitPhotos.id });
  return row!.id;
}

export async function photoData(db: DbOrTx, planId: number, photoId: number) {
  const [row] = await queryRows<{ filename: string; mime: string; data: Buffer | Uint8Array; kind: PhotoKind }>(
    db,
    sql`select filename, mime, data, kind from retrofit_photos where id = ${photoId} and plan_id = ${planId}`,
  );
  return row;
}

// ---- statistics ----

/** Per union directly under `top` (and `top` itself for its own plans): plans, households done, money. */
export async function statsByRegion(db: DbOrTx, scope: Scope, top: { id: number; path: string }, programmeId: number | undefined) {
  const prog = programmeId ? sql`and p.programme_id = ${programmeId}` : sql``;
  return queryRows<{ org_id: number; org_name: string; plans: number; done: number; approved_fen: number; spent_fen: number }>(
    db,
    sql`with units as (
          select o.id, o.name, o.path, 0 as own from orgs o where o.parent_id = ${top.id}
          union all select o.id, o.name, o.path, 1 from orgs o where o.id = ${top.id})
        select u.id as org_id, u.name as org_name,
               count(p.id)::int as plans,
               (count(p.id) filter (where p.stage in ('accepted', 'settled')))::int as done,
               coalesce(sum(p.approved_fen) filter (where p.stage <> 'cancelled'), 0)::float8 as approved_fen,
               coalesce(sum(p.actual_fen) filter (where p.stage = 'settled'), 0)::float8 as spent_fen
          from units u
          left join retrofit_plans p on ${pathInScope(scope, sql`p.org_path`)} ${prog}
               and (case when u.own = 1 then p.org_id = u.id else p.org_path like u.path || '%' end)
         group by u.id, u.name, u.own
         order by u.own desc, count(p.id) desc, u.name`,
  );
}

export async function statsByItem(db: DbOrTx, scope: Scope, programmeId: number | undefined) {
  const prog = programmeId ? sql`and p.programme_id = ${programmeId}` : sql``;
  return queryRows<{ kind: ItemKind; count: number; budget_fen: number; actual_fen: number }>(
    db,
    sql`select i.kind, count(*)::int as count, coalesce(sum(i.budget_fen), 0)::float8 as budget_fen, coalesce(sum(i.actual_fen), 0)::float8 as actual_fen
          from retrofit_items i join retrofit_plans p on p.id = i.plan_id
         where ${pathInScope(scope, sql`p.org_path`)} and p.stage <> 'cancelled' ${prog}
         group by i.kind order by count(*) desc`,
  );
}

export async function statsByStage(db: DbOrTx, scope: Scope, programmeId: number | undefined) {
  const prog = programmeId ? sql`and p.programme_id = ${programmeId}` : sql``;
  return queryRows<{ stage: Stage; count: number; persons: number; spent_fen: number }>(
    db,
    sql`select p.stage, count(*)::int as count, count(distinct p.person_id)::int as persons,
               coalesce(sum(p.actual_fen) filter (where p.stage = 'settled'), 0)::float8 as spent_fen
          from retrofit_plans p where ${pathInScope(scope, sql`p.org_path`)} ${prog} group by p.stage`,
  );
}

// ---- person record and demo ----

export async function plansOfPerson(db: DbOrTx, scope: Scope, personId: number) {
  return queryRows<PlanRow>(db, sql`${planSelect} where p.person_id = ${personId} and ${pathInScope(scope, sql`p.org_path`)} order by p.id`);
}

/** Demo: people tagged as model workers under `path`, oldest first. */
export async function modelWorkersUnder(db: DbOrTx, path: string, tag: string, limit: number) {
  return queryRows<{ id: number; name: string; org_id: number; path: string }>(
    db,
    sql`select p.id::int as id, p.name, p.org_id, o.path from persons p join orgs o on o.id = p.org_id
         where o.path like ${`${path}%`} and p.status = 'active' and ${tag} = any(p.tags)
         order by p.id limit ${limit}`,
  );
}

/** Demo: people under `path` without the tag (to be given it by the people module). */
export async function peopleUnder(db: DbOrTx, path: string, limit: number) {
  return queryRows<{ id: number }>(
    db,
    sql`select p.id::int as id from persons p join orgs o on o.id = p.org_id where o.path like ${`${path}%`} and p.status = 'active' order by p.id limit ${limit}`,
  );
}

// ---- inbox ----

/** Plans waiting for approval that this account did not plan (the four-eyes rule keeps those from it). */
export async function plansToApprove(db: DbOrTx, scope: Scope, accountId: number | null, limit: number, offset: number) {
  return queryRows<{ id: number; name: string; programme: string; since: Date | string; total: number }>(
    db,
    sql`select p.id, pe.name, g.name as programme, p.updated_at as since, count(*) over ()::int as total
          from retrofit_plans p join persons pe on pe.id = p.person_id join retrofit_programmes g on g.id = p.programme_id
         where p.stage = 'review' and ${pathInScope(scope, sql`p.org_path`)} and (p.planned_by is null or p.planned_by is distinct from ${accountId})
         order by p.updated_at, p.id limit ${limit} offset ${offset}`,
  );
}

/** Cost changes waiting for approval that this account did not ask for. */
export async function changesToApprove(db: DbOrTx, scope: Scope, accountId: number | null, limit: number, offset: number) {
  return queryRows<{ id: number; plan_id: number; name: string; amount_fen: number; since: Date | string; total: number }>(
    db,
    sql`select c.id, c.plan_id, pe.name, c.amount_fen::float8 as amount_fen, c.at as since, count(*) over ()::int as total
          from retrofit_changes c join retrofit_plans p on p.id = c.plan_id join persons pe on pe.id = p.person_id
         where c.status = 'pending' and p.stage = 'building' and ${pathInScope(scope, sql`p.org_path`)}
           and (c.requested_by is null or c.requested_by is distinct from ${accountId})
         order by c.at, c.id limit ${limit} offset ${offset}`,
  );
}
