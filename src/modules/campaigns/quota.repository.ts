/**
 * Quotas against lists: how many people the rules find under each allocation, how many each
 * allocation pays for itself (live or frozen), the cut of a frozen list at its quotas, and the
 * payers whose list no quota covers.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { scopePattern, type Scope } from '../../server/scope.ts';
import { eligibleQuery, type EligibilitySpec } from './eligibility.repository.ts';

export interface AllocationCount {
  /** Null on the line of everyone in the scope (whoever pays for them). */
  orgId: number | null;
  /** People in the allocation's subtree. */
  eligible: number;
  /** People the allocation pays for itself: it is their nearest allocated ancestor. */
  own: number;
  /** What the packages of those people cost. */
  ownCostFen: number;
}

/**
 * The live count per allocation inside a scope, in one statement: every eligible person is joined
 * to the allocations above them (a handful per person) and the deepest one pays.
 */
export async function eligibleByAllocation(db: DbOrTx, spec: EligibilitySpec & { campaignId: number }, scope: Scope): Promise<AllocationCount[]> {
  const pattern = scopePattern(scope);
  const rows = await queryRows<{ org_id: number | null; eligible: number; own: number; own_cost: string }>(
    db,
    sql`with e as (
          select e.person_id, e.org_path, pk.value_fen as amount
            from ${eligibleQuery(spec)} e join campaign_packages pk on pk.campaign_id = ${spec.campaignId} and pk.sort = e.tier
           where not e.excluded and e.org_path like ${pattern}),
        al as (select org_id, org_path from campaign_allocations where campaign_id = ${spec.campaignId} and org_path like ${pattern}),
        m as (select e.person_id, e.amount, al.org_id, row_number() over (partition by e.person_id order by length(al.org_path) desc) as depth
                from e join al on e.org_path like al.org_path || '%')
        select org_id, count(*)::int as eligible, (count(*) filter (where depth = 1))::int as own,
               coalesce(sum(amount) filter (where depth = 1), 0)::bigint as own_cost
          from m group by org_id
        union all
        select null, count(*)::int, 0, 0 from e`,
  );
  return rows.map((r) => ({ orgId: r.org_id, eligible: r.eligible, own: r.own, ownCostFen: Number(r.own_cost) }));
}

/** The frozen list per paying allocation inside a scope (people not excluded, and what they cost). */
export async function frozenByAllocation(db: DbOrTx, campaignId: number, scope: Scope) {
  const rows = await queryRows<{ org_id: number; own: number; own_cost: string }>(
    db,
    sql`select b.allocation_org_id as org_id, count(*)::int as own, coalesce(sum(b.amount_fen), 0)::bigint as own_cost
          from campaign_beneficiaries b
          join campaign_allocations a on a.campaign_id = b.campaign_id and a.org_id = b.allocation_org_id
         where b.campaign_id = ${campaignId} and not b.excluded and a.org_path like ${scopePattern(scope)}
         group by b.allocation_org_id`,
  );
  return rows.map((r) => ({ orgId: r.org_id, own: r.own, ownCostFen: Number(r.own_cost) }));
}

/**
 * Cuts a frozen list at its quotas: under each allocation, the people it pays for beyond its own
 * quota (quota less what it passed down) are excluded with `reason`, the last in QUOTA_CAP_ORDER
 * first — manual additions, then tier order, then an active hardship file by category, then the
 * earliest membership, then the oldest, then the registry's order. Answers how many each lost.
 */
export async function capToQuota(db: DbOrTx, campaignId: number, reason: string) {
  return queryRows<{ org_id: number; cut: number }>(
    db,
    sql`with ranked as (
          select b.id, b.allocation_org_id,
                 row_number() over (
                   partition by b.allocation_org_id
                   order by (b.source = 'manual') desc, pk.sort, h.rank, m.joined_on nulls last, p.birth_date, b.person_id) as n
            from campaign_beneficiaries b
            join campaign_packages pk on pk.id = b.package_id
            join persons p on p.id = b.person_id
            left join memberships m on m.person_id = b.person_id and m.state in ('member', 'transferring')
            left join lateral (
              select coalesce(min(case hc.category when 'deep' then 0 when 'relative' then 1 when 'accident' then 2 when 'migrant' then 3 end), 9) as rank
                from hardship_cases hc where hc.person_id = b.person_id and hc.status = 'active') h on true
           where b.campaign_id = ${campaignId} and not b.excluded),
        cut as (
          update campaign_beneficiaries b set excluded = true, reason = ${reason}
            from ranked r join campaign_allocations a on a.campaign_id = ${campaignId} and a.org_id = r.allocation_org_id
           where b.id = r.id and r.n > a.quota - a.child_quota
          returning b.allocation_org_id)
        select allocation_org_id as org_id, count(*)::int as cut from cut group by allocation_org_id`,
  );
}

/**
 * Allocations paying for someone on the list within `within` whose own list (all of it) exceeds
 * their own quota: those people hold no place, so no pick-up card is printed for them.
 */
export async function uncoveredPayers(db: DbOrTx, campaignId: number, within: Scope) {
  return queryRows<{ org_id: number; org_name: string; org_path: string; own_quota: number; listed: number }>(
    db,
    sql`select a.org_id, o.name as org_name, a.org_path, a.quota - a.child_quota as own_quota, l.listed
          from campaign_allocations a join orgs o on o.id = a.org_id
          join lateral (select count(*)::int as listed from campaign_beneficiaries b
                         where b.campaign_id = a.campaign_id and b.allocation_org_id = a.org_id and not b.excluded) l on true
         where a.campaign_id = ${campaignId} and l.listed > a.quota - a.child_quota
           and exists (select 1 from campaign_beneficiaries b where b.campaign_id = a.campaign_id and b.allocation_org_id = a.org_id
                          and not b.excluded and b.org_path like ${scopePattern(within)})
         order by a.org_path`,
  );
}
