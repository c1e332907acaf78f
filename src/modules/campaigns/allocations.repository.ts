/** Quota and budget allocations down the tree. */
import { and, asc, eq, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { scopePattern, type Scope } from '../../server/scope.ts';
import { orgs } from '../orgs/orgs.schema.ts';
import { campaignAllocations } from './campaigns.schema.ts';

export type AllocationRow = typeof campaignAllocations.$inferSelect;

/**
 * The allocations of a campaign inside a scope. Those above the scope's top org are not read: their
 * figures are the campaign's or other subtrees', never the scope's (what the top org itself received
 * is its own allocation, inside the scope).
 */
export async function findAllocations(db: DbOrTx, campaignId: number, scope: Scope) {
  return db
    .select({ a: campaignAllocations, orgName: orgs.name })
    .from(campaignAllocations)
    .innerJoin(orgs, eq(orgs.id, campaignAllocations.orgId))
    .where(and(eq(campaignAllocations.campaignId, campaignId), sql`${campaignAllocations.orgPath} like ${scopePattern(scope)}`))
    .orderBy(asc(campaignAllocations.orgPath));
}

/**
 * When the scope's top org has no allocation of its own but one above it pays for its people: that
 * top org, and what was handed out inside the scope on allocations outside it (the progress counters
 * of the scope less what its own allocations spent). Nothing of the paying allocation itself.
 */
export async function coveredFromAbove(db: DbOrTx, campaignId: number, scope: Scope) {
  const [row] = await queryRows<{ org_id: number; org_name: string; spent: string }>(
    db,
    sql`select o.id as org_id, o.name as org_name,
               (coalesce((select sum(p.amount_fen) from campaign_progress p where p.campaign_id = ${campaignId} and p.org_path like ${scopePattern(scope)}), 0)
                - coalesce((select sum(a.spent_fen) from campaign_allocations a where a.campaign_id = ${campaignId} and a.org_path like ${scopePattern(scope)}), 0))::bigint as spent
          from orgs o
         where o.path = ${scope.path}
           and not exists (select 1 from campaign_allocations a where a.campaign_id = ${campaignId} and a.org_path = ${scope.path})
           and exists (select 1 from campaign_allocations a where a.campaign_id = ${campaignId} and ${scope.path} like a.org_path || '%')`,
  );
  return row && { orgId: row.org_id, orgName: row.org_name, spentFen: Number(row.spent) };
}

export async function lockAllocation(db: DbOrTx, campaignId: number, orgId: number) {
  const [row] = await db
    .select()
    .from(campaignAllocations)
    .where(and(eq(campaignAllocations.campaignId, campaignId), eq(campaignAllocations.orgId, orgId)))
    .for('update');
  return row;
}

export async function insertAllocation(db: DbOrTx, values: typeof campaignAllocations.$inferInsert) {
  await db.insert(campaignAllocations).values(values);
}

export async function updateAllocation(db: DbOrTx, campaignId: number, orgId: number, values: Partial<typeof campaignAllocations.$inferInsert>) {
  await db
    .update(campaignAllocations)
    .set(values)
    .where(and(eq(campaignAllocations.campaignId, campaignId), eq(campaignAllocations.orgId, orgId)));
}

export async function adjustChildTotals(db: DbOrTx, campaignId: number, orgId: number, quotaDelta: number, budgetDelta: number) {
  await db
    .update(campaignAllocations)
    .set({ childQuota: sql`${campaignAllocations.childQuota} + ${quotaDelta}`, childBudgetFen: sql`${campaignAllocations.childBudgetFen} + ${budgetDelta}` })
    .where(and(eq(campaignAllocations.campaignId, campaignId), eq(campaignAllocations.orgId, orgId)));
}

export async function nearestAllocation(db: DbOrTx, campaignId: number, orgPath: string) {
  const [row] = await queryRows<{ org_id: number }>(
    db,
    sql`select org_id from campaign_allocations where campaign_id = ${campaignId} and ${orgPath} like org_path || '%' order by length(org_path) desc limit 1`,
  );
  return row?.org_id;
}

/** A new allocation takes over paying for its subtree's beneficiaries from its parent. */
export async function reassignBeneficiaries(db: DbOrTx, campaignId: number, fromOrgId: number, toOrgId: number, within: Scope) {
  await db.execute(
    sql`update campaign_beneficiaries set allocation_org_id = ${toOrgId} where campaign_id = ${campaignId} and allocation_org_id = ${fromOrgId} and org_path like ${scopePattern(within)}`,
  );
}

/** Allocations below a new one now hang from it. */
export async function reparentAllocations(db: DbOrTx, campaignId: number, fromOrgId: number, toOrgId: number, within: Scope) {
  const moved = await queryRows<{ q: number; b: string }>(
    db,
    sql`with m as (update campaign_allocations set parent_org_id = ${toOrgId}
          where campaign_id = ${campaignId} and parent_org_id = ${fromOrgId} and org_id <> ${toOrgId} and org_path like ${scopePattern(within)}
          returning quota, budget_fen)
        select coalesce(sum(quota), 0)::int as q, coalesce(sum(budget_fen), 0)::bigint as b from m`,
  );
  const q = moved[0]!.q;
  const b = Number(moved[0]!.b);
  if (q || b) {
    await adjustChildTotals(db, campaignId, fromOrgId, -q, -b);
    await adjustChildTotals(db, campaignId, toOrgId, q, b);
  }
}

/** Campaigns still to be run (draft to running) with allocations or beneficiaries in a moving subtree whose organiser is outside it. */
export async function campaignsTouchingSubtree(db: DbOrTx, subtree: Scope) {
  return queryRows<{ id: number; name: string; organiser_path: string }>(
    db,
    sql`select c.id, c.name, o.path as organiser_path from campaigns c join orgs o on o.id = c.org_id
        where c.status not in ('ended', 'archived') and o.path not like ${scopePattern(subtree)}
          and (exists (select 1 from campaign_allocations a where a.campaign_id = c.id and a.org_path like ${scopePattern(subtree)})
            or exists (select 1 from campaign_beneficiaries b where b.campaign_id = c.id and b.org_path like ${scopePattern(subtree)}))
        order by c.id
        for update of c`,
  );
}

/** Every allocation of a campaign, locked, with its org's name (a campaign has at most a few thousand). */
export async function lockAllAllocations(db: DbOrTx, campaignId: number) {
  return db
    .select({ a: campaignAllocations, orgName: orgs.name })
    .from(campaignAllocations)
    .innerJoin(orgs, eq(orgs.id, campaignAllocations.orgId))
    .where(eq(campaignAllocations.campaignId, campaignId))
    .for('update', { of: campaignAllocations });
}

/**
 * What a moving subtree holds from allocations outside it: its topmost own allocations (hanging
 * from a parent outside), and its beneficiaries paid by an allocation outside (per payer: how
 * many are still on the list, and what is left to hand them).
 */
export async function subtreeHoldings(db: DbOrTx, campaignId: number, subtree: Scope) {
  const pattern = scopePattern(subtree);
  const allocations = await queryRows<{ org_id: number; parent_org_id: number; quota: number; budget_fen: string }>(
    db,
    sql`select a.org_id, a.parent_org_id, a.quota, a.budget_fen from campaign_allocations a
        join campaign_allocations p on p.campaign_id = a.campaign_id and p.org_id = a.parent_org_id
        where a.campaign_id = ${campaignId} and a.org_path like ${pattern} and p.org_path not like ${pattern}`,
  );
  const paid = await queryRows<{ allocation_org_id: number; persons: number; remaining_fen: string }>(
    db,
    sql`select b.allocation_org_id, (count(*) filter (where not b.excluded))::int as persons,
          coalesce(sum(b.amount_fen * (b.max_count - b.received)) filter (where not b.excluded), 0)::bigint as remaining_fen
        from campaign_beneficiaries b
        join campaign_allocations a on a.campaign_id = b.campaign_id and a.org_id = b.allocation_org_id
        where b.campaign_id = ${campaignId} and b.org_path like ${pattern} and a.org_path not like ${pattern}
        group by b.allocation_org_id`,
  );
  return {
    allocations: allocations.map((r) => ({ orgId: r.org_id, parentOrgId: r.parent_org_id, quota: r.quota, budgetFen: Number(r.budget_fen) })),
    paid: paid.map((r) => ({ payerOrgId: r.allocation_org_id, persons: r.persons, remainingFen: Number(r.remaining_fen) })),
  };
}

export async function setAllocationParent(db: DbOrTx, campaignId: number, orgId: number, parentOrgId: number) {
  await db
    .update(campaignAllocations)
    .set({ parentOrgId })
    .where(and(eq(campaignAllocations.campaignId, campaignId), eq(campaignAllocations.orgId, orgId)));
}

/** Beneficiaries of a moving subtree paid by `fromOrgId` are paid by `toOrgId` from now on (lines already written keep their payer). */
export async function changePayer(db: DbOrTx, campaignId: number, subtree: Scope, fromOrgId: number, toOrgId: number) {
  await db.execute(
    sql`update campaign_beneficiaries set allocation_org_id = ${toOrgId}
        where campaign_id = ${campaignId} and allocation_org_id = ${fromOrgId} and org_path like ${scopePattern(subtree)}`,
  );
}
