/** Campaigns, their funds and tiers (packages), and which campaigns a scope sees. */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { scopePattern, type Scope } from '../../server/scope.ts';
import { likeEscape } from '../../server/text.ts';
import type { z } from '../../shared/contract.ts';
import { orgs } from '../orgs/orgs.schema.ts';
import { accounts } from '../auth/auth.schema.ts';
import { campaignAdjustments, campaignFunds, campaignPackages, campaignPointStock, campaigns } from './campaigns.schema.ts';
import type { ListCampaignsQuery } from './campaigns.contract.ts';

export type CampaignRow = typeof campaigns.$inferSelect;

export type PackageRow = typeof campaignPackages.$inferSelect;

/**
 * Which campaigns an actor sees: those organised in their subtree, and those organised above them
 * (a county sees the region's campaign it takes part in, with only its own subtree's data).
 */
function campaignVisible(scope: Scope): SQL {
  return sql`exists (select 1 from ${orgs} o where o.id = ${campaigns.orgId} and (o.path like ${scopePattern(scope)} or ${scope.path} like o.path || '%'))`;
}

export async function findCampaign(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await db
    .select({ campaign: campaigns, orgName: orgs.name, orgPath: orgs.path })
    .from(campaigns)
    .innerJoin(orgs, eq(orgs.id, campaigns.orgId))
    .where(and(eq(campaigns.id, id), campaignVisible(scope)));
  return row;
}

export async function lockCampaign(db: DbOrTx, id: number) {
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, id)).for('update');
  return row;
}

export async function listCampaigns(db: DbOrTx, scope: Scope, q: z.infer<typeof ListCampaignsQuery>) {
  const conds: SQL[] = [campaignVisible(scope)];
  if (q.q) conds.push(sql`${campaigns.name} like ${'%' + likeEscape(q.q) + '%'}`);
  if (q.status) conds.push(eq(campaigns.status, q.status));
  if (q.kind) conds.push(eq(campaigns.kind, q.kind));
  if (q.year) conds.push(sql`extract(year from ${campaigns.startsOn}) = ${q.year}`);
  const where = and(...conds);
  const rows = await db
    .select({ campaign: campaigns, orgName: orgs.name, orgPath: orgs.path })
    .from(campaigns)
    .innerJoin(orgs, eq(orgs.id, campaigns.orgId))
    .where(where)
    .orderBy(desc(campaigns.startsOn), desc(campaigns.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [{ n }] = (await db
    .select({ n: sql<number>`count(*)::int` })
    .from(campaigns)
    .where(where)) as [{ n: number }];
  return { rows, total: n };
}

export interface CampaignFigures {
  budgetFen: number;
  spentFen: number;
  beneficiaries: number;
  persons: number;
  personTimes: number;
}

/** Budget, spending and reach of campaigns within the actor's subtree (their part of it). */
export async function campaignFigures(db: DbOrTx, ids: number[], scope: Scope): Promise<Map<number, CampaignFigures>> {
  if (!ids.length) return new Map();
  const rows = await queryRows<{ id: number; budget: string; spent: string; beneficiaries: number; persons: number; times: number }>(
    db,
    sql`select c.id,
          coalesce((select sum(a.budget_fen) from campaign_allocations a where a.campaign_id = c.id and a.org_path like ${scopePattern(scope)}
                      and not exists (select 1 from campaign_allocations pa where pa.campaign_id = a.campaign_id and pa.org_id = a.parent_org_id and pa.org_path like ${scopePattern(scope)})), 0)::bigint as budget,
          coalesce((select sum(p.amount_fen) from campaign_progress p where p.campaign_id = c.id and p.org_path like ${scopePattern(scope)}), 0)::bigint as spent,
          (select count(*) from campaign_beneficiaries b where b.campaign_id = c.id and not b.excluded and b.org_path like ${scopePattern(scope)})::int as beneficiaries,
          coalesce((select sum(p.persons) from campaign_progress p where p.campaign_id = c.id and p.org_path like ${scopePattern(scope)}), 0)::int as persons,
          coalesce((select sum(p.person_times) from campaign_progress p where p.campaign_id = c.id and p.org_path like ${scopePattern(scope)}), 0)::int as times
        from campaigns c where c.id in ${sql`(${sql.join(
          ids.map((i) => sql`${i}`),
          sql`, `,
        )})`}`,
  );
  return new Map(
    rows.map((r) => [
      r.id,
      { budgetFen: Number(r.budget), spentFen: Number(r.spent), beneficiaries: r.beneficiaries, persons: r.persons, personTimes: r.times },
    ]),
  );
}

export async function insertCampaign(db: DbOrTx, values: typeof campaigns.$inferInsert) {
  const [row] = await db.insert(campaigns).values(values).returning();
  return row!;
}

export async function updateCampaign(db: DbOrTx, id: number, values: Partial<typeof campaigns.$inferInsert>) {
  const [row] = await db
    .update(campaigns)
    .set({ ...values, updatedAt: new Date(), version: sql`${campaigns.version} + 1` })
    .where(eq(campaigns.id, id))
    .returning();
  return row!;
}

export async function findFunds(db: DbOrTx, campaignId: number) {
  return db.select().from(campaignFunds).where(eq(campaignFunds.campaignId, campaignId)).orderBy(asc(campaignFunds.id));
}

export async function replaceFunds(db: DbOrTx, campaignId: number, funds: Pick<typeof campaignFunds.$inferSelect, 'source' | 'amountFen' | 'note'>[]) {
  await db.delete(campaignFunds).where(eq(campaignFunds.campaignId, campaignId));
  if (funds.length) await db.insert(campaignFunds).values(funds.map((f) => ({ ...f, campaignId })));
}

export async function findPackages(db: DbOrTx, campaignId: number) {
  return db.select().from(campaignPackages).where(eq(campaignPackages.campaignId, campaignId)).orderBy(asc(campaignPackages.sort));
}

/** Drafts only: tiers are rewritten in order, keeping the ids of those that stay (by position). */
export async function replacePackages(db: DbOrTx, campaignId: number, packages: Omit<typeof campaignPackages.$inferInsert, 'campaignId' | 'sort'>[]) {
  const existing = await findPackages(db, campaignId);
  // Move the old ones out of the way of the (campaign, sort) key first.
  await db
    .update(campaignPackages)
    .set({ sort: sql`-1 - ${campaignPackages.sort}` })
    .where(eq(campaignPackages.campaignId, campaignId));
  for (const [i, tier] of packages.entries()) {
    // The cash part kept beside the unit value: all of a cash tier, the 慰问金 of a mixed one.
    const p = { ...tier, cashFen: tier.kind === 'cash' ? tier.valueFen : tier.kind === 'mixed' ? (tier.cashFen ?? 0) : 0 };
    const old = existing[i];
    if (old)
      await db
        .update(campaignPackages)
        .set({ ...p, sort: i })
        .where(eq(campaignPackages.id, old.id));
    else await db.insert(campaignPackages).values({ ...p, campaignId, sort: i });
  }
  const stale = existing.slice(packages.length).map((p) => p.id);
  if (stale.length) {
    await db.update(campaignAdjustments).set({ packageId: null }).where(inArray(campaignAdjustments.packageId, stale));
    await db.delete(campaignPointStock).where(inArray(campaignPointStock.packageId, stale));
    await db.delete(campaignPackages).where(inArray(campaignPackages.id, stale));
  }
}

export async function accountName(db: DbOrTx, id: number | null) {
  if (!id) return null;
  const [row] = await db
    .select({ name: sql<string>`coalesce(${accounts.displayName}, ${accounts.username})` })
    .from(accounts)
    .where(eq(accounts.id, id));
  return row?.name ?? null;
}
