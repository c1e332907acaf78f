/** Quota and budget allocations down the tree. */
import { and, asc, eq, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { scopePattern, type Scope } from '../../server/scope.ts';
import { orgs } from '../orgs/orgs.schema.ts';
import { campaignAllocations } from './campaigns.schema.ts';

export type AllocationRow = typeof campaignAllocations.$inferSelect;

export async function findAllocations(db: DbOrTx, campaignId: number) {
  return db
    .select({ a: campaignAllocations, orgName: orgs.name })
    .from(campaignAllocations)
    .innerJoin(orgs, eq(orgs.id, campaignAllocations.orgId))
    .where(eq(campaignAllocations.campaignId, campaignId))
    .orderBy(asc(campaignAllocations.orgPath));
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
