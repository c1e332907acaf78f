/** Who a campaign's rule and tiers pick from the registry, as SQL: the live count, the live list, the freeze at approval and the re-run compared with it. */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { scopePattern, type Scope } from '../../server/scope.ts';
import { likeEscape } from '../../server/text.ts';
import type { EligibilityRule } from './campaigns.contract.ts';
import type { FrozenRow } from './beneficiaries.repository.ts';
import { ruleCondition } from '../people/index.ts';

export interface EligibilitySpec {
  campaignId: number | null;
  /** The organiser's subtree: nobody outside it is eligible. */
  reach: Scope;
  rule: EligibilityRule;
  /** Tiers in order: id (null before the campaign is saved), the rule or null for "everyone left". */
  tiers: { id: number | null; index: number; rule: EligibilityRule | null }[];
  startsOn: string;
  endsOn: string;
  /** Scopes of the orgs the rules name, each inside the reach. */
  orgScopes: ReadonlyMap<number, Scope>;
}

/**
 * The computed list as a SQL subquery with columns person_id, org_id, org_path, tier (index),
 * source, excluded, reason: everyone the rule and a tier pick, plus manual additions, with manual
 * exclusions marked.
 */
export function eligibleQuery(spec: EligibilitySpec): SQL {
  const tierCase = spec.tiers.length
    ? sql`case ${sql.join(
        spec.tiers.map((t) => sql`when ${t.rule ? ruleCondition(t.rule, spec.orgScopes, spec.startsOn) : sql`true`} then ${t.index}::int`),
        sql` `,
      )} end`
    : sql`null::int`;
  const cid = spec.campaignId ?? 0;
  const lastTier = Math.max(0, spec.tiers.length - 1);
  const tierOfAdjustment = spec.tiers.length
    ? sql`coalesce((select pk.sort from campaign_packages pk where pk.id = a.package_id), ${tierCase}, ${lastTier}::int)`
    : sql`null::int`;
  return sql`(
    select e.person_id, e.org_id, e.org_path, e.tier, e.source,
           coalesce(x.kind = 'exclude', false) as excluded, x.reason as reason
    from (
      select p.id as person_id, p.org_id, o.path as org_path, ${tierCase} as tier, 'rule' as source
        from persons p join orgs o on o.id = p.org_id
       where p.status = 'active' and o.path like ${scopePattern(spec.reach)} and ${ruleCondition(spec.rule, spec.orgScopes, spec.startsOn)}
      union all
      select p.id, p.org_id, o.path, ${tierOfAdjustment}, 'manual'
        from campaign_adjustments a join persons p on p.id = a.person_id join orgs o on o.id = p.org_id
       where a.campaign_id = ${cid}::int and a.kind = 'add' and p.status = 'active'
    ) e
    left join campaign_adjustments x on x.campaign_id = ${cid}::int and x.person_id = e.person_id and x.kind = 'exclude'
    where e.tier is not null
      and (e.source = 'manual' or not exists (select 1 from campaign_adjustments a2 where a2.campaign_id = ${cid}::int and a2.person_id = e.person_id and a2.kind = 'add'))
  )`;
}

/** Other campaigns of an overlapping period that already list the person (for the repeat check). */
export function overlapQuery(campaignId: number | null, startsOn: string, endsOn: string): SQL {
  return sql`(select ob.person_id, min(oc.name) as other_name
      from campaign_beneficiaries ob join campaigns oc on oc.id = ob.campaign_id
     where oc.id <> ${campaignId ?? 0}::int and oc.status <> 'draft' and not ob.excluded
       and oc.starts_on <= ${endsOn}::date and oc.ends_on >= ${startsOn}::date
     group by ob.person_id)`;
}

export async function previewEligibility(db: DbOrTx, spec: EligibilitySpec, scope: Scope) {
  return queryRows<{ tier: number; persons: number; overlapping: number }>(
    db,
    sql`select e.tier, count(*)::int as persons, count(ov.person_id)::int as overlapping
          from ${eligibleQuery(spec)} e left join ${overlapQuery(spec.campaignId, spec.startsOn, spec.endsOn)} ov on ov.person_id = e.person_id
         where not e.excluded and e.org_path like ${scopePattern(scope)}
         group by e.tier order by e.tier`,
  );
}

export interface ComputedRow {
  person_id: string;
  org_id: number;
  org_path: string;
  tier: number;
  source: 'rule' | 'manual';
  excluded: boolean;
  reason: string | null;
  name: string;
  id_masked: string;
  occupation: string | null;
  org_name: string;
  overlap: string | null;
}

export async function listComputed(
  db: DbOrTx,
  spec: EligibilitySpec,
  scope: Scope,
  filter: { q?: string; within?: Scope; excludedOnly?: boolean; includedOnly?: boolean },
  limit: number,
  offset: number,
) {
  const conds: SQL[] = [sql`e.org_path like ${scopePattern(scope)}`];
  if (filter.within) conds.push(sql`e.org_path like ${scopePattern(filter.within)}`);
  if (filter.q)
    conds.push(
      sql`(p.name like ${likeEscape(filter.q) + '%'} or p.name_pinyin like ${likeEscape(filter.q.toLowerCase()) + '%'} or p.name_initials like ${likeEscape(filter.q.toLowerCase()) + '%'})`,
    );
  if (filter.excludedOnly) conds.push(sql`e.excluded`);
  if (filter.includedOnly) conds.push(sql`not e.excluded`);
  const where = sql.join(conds, sql` and `);
  const rows = await queryRows<ComputedRow>(
    db,
    sql`select e.*, p.name, p.id_masked, oc.label as occupation, o.name as org_name, ov.other_name as overlap
          from ${eligibleQuery(spec)} e join persons p on p.id = e.person_id join orgs o on o.id = e.org_id
          left join occupations oc on oc.code = p.occupation
          left join ${overlapQuery(spec.campaignId, spec.startsOn, spec.endsOn)} ov on ov.person_id = e.person_id
         where ${where} order by e.org_path, p.name_pinyin, p.id limit ${limit} offset ${offset}`,
  );
  const [{ n }] = (await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from ${eligibleQuery(spec)} e join persons p on p.id = e.person_id where ${where}`,
  )) as [{ n: number }];
  return { rows, total: n! };
}

/**
 * Freezes the list at approval: one row per computed person, with the tier's package and amount,
 * the allocation that pays (nearest allocated ancestor) and the repeat check applied.
 */
export async function freezeBeneficiaries(
  db: DbOrTx,
  spec: EligibilitySpec & { campaignId: number },
  maxCount: number,
  overlapPolicy: 'off' | 'warn' | 'refuse',
) {
  const overlap =
    overlapPolicy === 'off'
      ? sql`(select null::bigint as person_id, null::text as other_name where false)`
      : overlapQuery(spec.campaignId, spec.startsOn, spec.endsOn);
  const refuse = overlapPolicy === 'refuse';
  const result = await queryRows<{ n: number }>(
    db,
    sql`with ins as (
          insert into campaign_beneficiaries (campaign_id, person_id, org_id, org_path, allocation_org_id, package_id, amount_fen, source, excluded, reason, overlap, max_count)
          select ${spec.campaignId}, e.person_id, e.org_id, e.org_path,
                 (select a.org_id from campaign_allocations a where a.campaign_id = ${spec.campaignId} and e.org_path like a.org_path || '%' order by length(a.org_path) desc limit 1),
                 pk.id, pk.value_fen, e.source,
                 e.excluded or (${refuse}::boolean and ov.person_id is not null),
                 coalesce(e.reason, case when ${refuse}::boolean and ov.person_id is not null then '本期已在「' || ov.other_name || '」中慰问，不重复慰问' end),
                 ov.other_name, ${maxCount}::int
            from ${eligibleQuery(spec)} e
            join campaign_packages pk on pk.campaign_id = ${spec.campaignId} and pk.sort = e.tier
            left join ${overlap} ov on ov.person_id = e.person_id
          returning 1)
        select count(*)::int as n from ins`,
  );
  return result[0]!.n;
}

/** Re-run of the rule against the frozen list: who would now be in, who would now be out. */
export async function snapshotDiff(db: DbOrTx, spec: EligibilitySpec & { campaignId: number }, scope: Scope, limit: number) {
  const pattern = scopePattern(scope);
  const added = await queryRows<ComputedRow>(
    db,
    sql`select e.*, p.name, p.id_masked, null as occupation, o.name as org_name, null as overlap
          from ${eligibleQuery(spec)} e join persons p on p.id = e.person_id join orgs o on o.id = e.org_id
         where not e.excluded and e.org_path like ${pattern}
           and not exists (select 1 from campaign_beneficiaries b where b.campaign_id = ${spec.campaignId} and b.person_id = e.person_id)
         order by e.org_path, p.name_pinyin limit ${limit}`,
  );
  const removed = await queryRows<FrozenRow>(
    db,
    sql`select b.id, b.person_id, b.org_id, b.package_id, b.amount_fen, b.source, b.excluded, b.reason, b.overlap, b.received, b.last_received_at,
               p.name, p.id_masked, null as occupation, o.name as org_name, pk.name as package_name
          from campaign_beneficiaries b join persons p on p.id = b.person_id join orgs o on o.id = b.org_id join campaign_packages pk on pk.id = b.package_id
         where b.campaign_id = ${spec.campaignId} and not b.excluded and b.org_path like ${pattern}
           and not exists (select 1 from ${eligibleQuery(spec)} e where e.person_id = b.person_id and not e.excluded)
         order by b.org_path, p.name_pinyin limit ${limit}`,
  );
  const [{ a, r }] = (await queryRows<{ a: number; r: number }>(
    db,
    sql`select (select count(*) from ${eligibleQuery(spec)} e where not e.excluded and e.org_path like ${pattern}
                 and not exists (select 1 from campaign_beneficiaries b where b.campaign_id = ${spec.campaignId} and b.person_id = e.person_id))::int as a,
               (select count(*) from campaign_beneficiaries b where b.campaign_id = ${spec.campaignId} and not b.excluded and b.org_path like ${pattern}
                 and not exists (select 1 from ${eligibleQuery(spec)} e where e.person_id = b.person_id and not e.excluded))::int as r`,
  )) as [{ a: number; r: number }];
  return { added, removed, addedTotal: a!, removedTotal: r! };
}
