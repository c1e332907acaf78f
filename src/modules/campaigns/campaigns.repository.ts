import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { scopePattern, type Scope } from '../../server/scope.ts';
import { likeEscape } from '../../server/text.ts';
import { orgs } from '../orgs/orgs.schema.ts';
import { accounts } from '../auth/auth.schema.ts';
import {
  campaignAdjustments,
  campaignAllocations,
  campaignBeneficiaries,
  campaignFunds,
  campaignPackages,
  campaignPointStock,
  campaignPoints,
  campaigns,
  disbursementLines,
} from './campaigns.schema.ts';
import type { EligibilityRule, ListCampaignsQuery, ListLedgerQuery } from './campaigns.contract.ts';
import type { z } from '../../shared/contract.ts';

export type CampaignRow = typeof campaigns.$inferSelect;
export type PackageRow = typeof campaignPackages.$inferSelect;
export type AllocationRow = typeof campaignAllocations.$inferSelect;
export type PointRow = typeof campaignPoints.$inferSelect;

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

export async function replaceFunds(db: DbOrTx, campaignId: number, funds: { source: string; amountFen: number; note: string | null }[]) {
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
  for (const [i, p] of packages.entries()) {
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

// ---- Eligibility ------------------------------------------------------------------------------

/** SQL condition on `p` (persons) joined with `o` (orgs) for a rule, ages taken on `day`. */
export function ruleCondition(rule: EligibilityRule, orgScopes: ReadonlyMap<number, Scope>, day: string): SQL {
  const parts: SQL[] = [];
  if (rule.occupations.length) parts.push(sql`p.occupation = any(${toArray(rule.occupations)}::text[])`);
  if (rule.employmentForms.length) parts.push(sql`p.employment_form = any(${toArray(rule.employmentForms)}::text[])`);
  if (rule.tagsAny.length) parts.push(sql`p.tags && ${toArray(rule.tagsAny)}::text[]`);
  if (rule.orgIds.length) {
    // An org of the rule outside the campaign's reach has no scope here and matches nobody.
    const scopes = rule.orgIds.map((id) => orgScopes.get(id)).filter((s): s is Scope => !!s);
    parts.push(
      scopes.length
        ? sql`(${sql.join(
            scopes.map((s) => sql`o.path like ${scopePattern(s)}`),
            sql` or `,
          )})`
        : sql`false`,
    );
  }
  if (rule.membership !== 'any') {
    const member = sql`exists (select 1 from memberships m where m.person_id = p.id and m.state in ('member', 'transferring'))`;
    parts.push(rule.membership === 'member' ? member : sql`not ${member}`);
  }
  if (rule.sex) parts.push(sql`p.sex = ${rule.sex}`);
  if (rule.ageMin !== null) parts.push(sql`p.birth_date <= (${day}::date - make_interval(years => ${rule.ageMin}))::date`);
  if (rule.ageMax !== null) parts.push(sql`p.birth_date > (${day}::date - make_interval(years => ${rule.ageMax + 1}))::date`);
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

/** A JS array as one PostgreSQL array literal parameter (works the same on PGlite and node-postgres). */
function toArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

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

export async function deleteBeneficiaries(db: DbOrTx, campaignId: number) {
  await db.delete(campaignBeneficiaries).where(eq(campaignBeneficiaries.campaignId, campaignId));
}

export async function listFrozen(
  db: DbOrTx,
  campaignId: number,
  scope: Scope,
  filter: { q?: string; within?: Scope; state: 'all' | 'pending' | 'received' | 'excluded' },
  limit: number,
  offset: number,
) {
  const conds: SQL[] = [sql`b.campaign_id = ${campaignId}`, sql`b.org_path like ${scopePattern(scope)}`];
  if (filter.within) conds.push(sql`b.org_path like ${scopePattern(filter.within)}`);
  if (filter.q)
    conds.push(
      sql`(p.name like ${likeEscape(filter.q) + '%'} or p.name_pinyin like ${likeEscape(filter.q.toLowerCase()) + '%'} or p.name_initials like ${likeEscape(filter.q.toLowerCase()) + '%'})`,
    );
  if (filter.state === 'pending') conds.push(sql`not b.excluded and b.received = 0`);
  if (filter.state === 'received') conds.push(sql`b.received > 0`);
  if (filter.state === 'excluded') conds.push(sql`b.excluded`);
  const where = sql.join(conds, sql` and `);
  const rows = await queryRows<FrozenRow>(
    db,
    sql`select b.id, b.person_id, b.org_id, b.package_id, b.amount_fen, b.source, b.excluded, b.reason, b.overlap, b.received, b.last_received_at,
               p.name, p.id_masked, oc.label as occupation, o.name as org_name, pk.name as package_name
          from campaign_beneficiaries b join persons p on p.id = b.person_id join orgs o on o.id = b.org_id
          join campaign_packages pk on pk.id = b.package_id left join occupations oc on oc.code = p.occupation
         where ${where} order by b.org_path, p.name_pinyin, b.id limit ${limit} offset ${offset}`,
  );
  const [{ n }] = (await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from campaign_beneficiaries b join persons p on p.id = b.person_id where ${where}`,
  )) as [{ n: number }];
  return { rows, total: n! };
}
export interface FrozenRow {
  id: string;
  person_id: string;
  org_id: number;
  package_id: number;
  amount_fen: string;
  source: 'rule' | 'manual';
  excluded: boolean;
  reason: string | null;
  overlap: string | null;
  received: number;
  last_received_at: Date | string | null;
  name: string;
  id_masked: string;
  occupation: string | null;
  org_name: string;
  package_name: string;
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

export async function findAdjustment(db: DbOrTx, campaignId: number, personId: number) {
  const [row] = await db
    .select()
    .from(campaignAdjustments)
    .where(and(eq(campaignAdjustments.campaignId, campaignId), eq(campaignAdjustments.personId, personId)));
  return row;
}

export async function upsertAdjustment(db: DbOrTx, values: typeof campaignAdjustments.$inferInsert) {
  await db
    .insert(campaignAdjustments)
    .values(values)
    .onConflictDoUpdate({
      target: [campaignAdjustments.campaignId, campaignAdjustments.personId],
      set: { kind: values.kind, packageId: values.packageId ?? null, reason: values.reason, byAccountId: values.byAccountId ?? null, at: new Date() },
    });
}

export async function findBeneficiaryByPerson(db: DbOrTx, campaignId: number, personId: number) {
  const [row] = await db
    .select()
    .from(campaignBeneficiaries)
    .where(and(eq(campaignBeneficiaries.campaignId, campaignId), eq(campaignBeneficiaries.personId, personId)))
    .for('update');
  return row;
}

export async function insertBeneficiary(db: DbOrTx, values: typeof campaignBeneficiaries.$inferInsert) {
  await db.insert(campaignBeneficiaries).values(values);
}

export async function excludeBeneficiary(db: DbOrTx, id: number, reason: string) {
  await db.update(campaignBeneficiaries).set({ excluded: true, reason }).where(eq(campaignBeneficiaries.id, id));
}

export async function nearestAllocation(db: DbOrTx, campaignId: number, orgPath: string) {
  const [row] = await queryRows<{ org_id: number }>(
    db,
    sql`select org_id from campaign_allocations where campaign_id = ${campaignId} and ${orgPath} like org_path || '%' order by length(org_path) desc limit 1`,
  );
  return row?.org_id;
}

// ---- Allocations ------------------------------------------------------------------------------

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

/** A new allocation takes over paying for its subtree's beneficiaries from its parent. */
export async function reassignBeneficiaries(db: DbOrTx, campaignId: number, fromOrgId: number, toOrgId: number, within: Scope) {
  await db.execute(
    sql`update campaign_beneficiaries set allocation_org_id = ${toOrgId} where campaign_id = ${campaignId} and allocation_org_id = ${fromOrgId} and org_path like ${scopePattern(within)}`,
  );
}

export async function beneficiaryCountsByPath(db: DbOrTx, campaignId: number) {
  return queryRows<{ org_path: string; n: number }>(
    db,
    sql`select org_path, count(*)::int as n from campaign_beneficiaries where campaign_id = ${campaignId} and not excluded group by org_path`,
  );
}

// ---- Points -----------------------------------------------------------------------------------

export async function insertPoint(db: DbOrTx, values: typeof campaignPoints.$inferInsert) {
  const [row] = await db.insert(campaignPoints).values(values).returning();
  return row!;
}

export async function insertStock(db: DbOrTx, rows: (typeof campaignPointStock.$inferInsert)[]) {
  if (rows.length) await db.insert(campaignPointStock).values(rows);
}

export async function findPoint(db: DbOrTx, scope: Scope, pointId: number) {
  const [row] = await db
    .select({ point: campaignPoints, orgName: orgs.name, orgPath: orgs.path, campaignName: campaigns.name, campaignStatus: campaigns.status })
    .from(campaignPoints)
    .innerJoin(orgs, eq(orgs.id, campaignPoints.orgId))
    .innerJoin(campaigns, eq(campaigns.id, campaignPoints.campaignId))
    .where(and(eq(campaignPoints.id, pointId), sql`${orgs.path} like ${scopePattern(scope)}`));
  return row;
}

export async function listPoints(db: DbOrTx, where: SQL) {
  return db
    .select({ point: campaignPoints, orgName: orgs.name, orgPath: orgs.path, campaignName: campaigns.name, campaignStatus: campaigns.status })
    .from(campaignPoints)
    .innerJoin(orgs, eq(orgs.id, campaignPoints.orgId))
    .innerJoin(campaigns, eq(campaigns.id, campaignPoints.campaignId))
    .where(where)
    .orderBy(asc(campaignPoints.id));
}

export function pointsOfCampaign(campaignId: number, scope: Scope): SQL {
  return sql`${campaignPoints.campaignId} = ${campaignId} and ${orgs.path} like ${scopePattern(scope)}`;
}

/** Points of running campaigns the account is on duty at, or (for staff) inside their subtree. */
export function pointsForAccount(accountId: number, scope: Scope, dutyOnly: boolean): SQL {
  const duty = sql`${accountId} = any(${campaignPoints.dutyAccountIds})`;
  const scoped = sql`${orgs.path} like ${scopePattern(scope)}`;
  return sql`${campaigns.status} = 'running' and ${scoped} and ${dutyOnly ? duty : sql`true`}`;
}

export async function pointDetails(db: DbOrTx, pointIds: number[], today: string) {
  if (!pointIds.length) return { stock: [], duty: [], issued: [] };
  const ids = sql.join(
    pointIds.map((i) => sql`${i}`),
    sql`, `,
  );
  const stock = await queryRows<{ point_id: number; package_id: number; package_name: string; quantity: number; issued: number }>(
    db,
    sql`select s.point_id, s.package_id, pk.name as package_name, s.quantity, s.issued from campaign_point_stock s join campaign_packages pk on pk.id = s.package_id where s.point_id in (${ids}) order by pk.sort`,
  );
  const duty = await queryRows<{ point_id: number; account_id: number; name: string }>(
    db,
    sql`select p.id as point_id, a.id as account_id, coalesce(a.display_name, a.username) as name from campaign_points p join accounts a on a.id = any(p.duty_account_ids) where p.id in (${ids}) order by a.id`,
  );
  const issued = await queryRows<{ point_id: number; total: number; today: number }>(
    db,
    sql`select point_id, (count(*) filter (where kind = 'issue') - count(*) filter (where kind = 'reversal'))::int as total,
               (count(*) filter (where kind = 'issue' and "on" = ${today}) - count(*) filter (where kind = 'reversal' and "on" = ${today}))::int as today
          from disbursement_lines where point_id in (${ids}) group by point_id`,
  );
  return { stock, duty, issued };
}

export async function accountsInScope(db: DbOrTx, ids: number[], scope: Scope) {
  if (!ids.length) return [];
  return db
    .select({ id: accounts.id })
    .from(accounts)
    .innerJoin(orgs, eq(orgs.id, accounts.orgId))
    .where(and(inArray(accounts.id, ids), sql`${orgs.path} like ${scopePattern(scope)}`));
}

// ---- Distribution -----------------------------------------------------------------------------

export async function confirm(
  db: DbOrTx,
  args: { pointId: number; beneficiaryId: number; key: string; accountId: number | null; scope: Scope; dutyOnly: boolean; day: string },
) {
  const [row] = await queryRows<{
    line_id: string;
    created: boolean;
    at: Date | string;
    person_name: string;
    package_name: string;
    amount_fen: string;
    already_point: string | null;
    already_handler: string | null;
  }>(
    db,
    sql`select * from campaign_confirm(${args.pointId}, ${args.beneficiaryId}, ${args.key}, ${args.accountId}, ${args.scope.path}, ${args.dutyOnly}, ${args.day}::date)`,
  );
  return row!;
}

/** A beneficiary by id within the point's subtree (for lookups by QR code). */
export async function findBeneficiaryForPoint(db: DbOrTx, campaignId: number, point: Scope, where: SQL) {
  const [row] = await queryRows<LookupRow>(
    db,
    sql`select b.id, b.person_id, b.excluded, b.reason, b.overlap, b.received, b.max_count, b.amount_fen,
               p.name, p.id_masked, p.sex, p.birth_date, p.employer_name, o.name as org_name,
               pk.name as package_name, pk.kind as package_kind, pk.items
          from campaign_beneficiaries b join persons p on p.id = b.person_id join orgs o on o.id = b.org_id join campaign_packages pk on pk.id = b.package_id
         where b.campaign_id = ${campaignId} and b.org_path like ${scopePattern(point)} and ${where} limit 1`,
  );
  return row;
}
export interface LookupRow {
  id: string;
  person_id: string;
  excluded: boolean;
  reason: string | null;
  overlap: string | null;
  received: number;
  max_count: number;
  amount_fen: string;
  name: string;
  id_masked: string;
  sex: 'male' | 'female';
  birth_date: string;
  employer_name: string | null;
  org_name: string;
  package_name: string;
  package_kind: 'goods' | 'cash' | 'voucher';
  items: { name: string; quantity: number; unit: string }[];
}

export async function lastIssue(db: DbOrTx, beneficiaryId: number) {
  const [row] = await queryRows<{ id: string; at: Date | string; point_name: string | null; handler: string | null; name: string }>(
    db,
    sql`select d.id, d.at, pt.name as point_name, coalesce(a.display_name, a.username) as handler, p.name
          from disbursement_lines d left join campaign_points pt on pt.id = d.point_id left join accounts a on a.id = d.handled_by join persons p on p.id = d.person_id
         where d.beneficiary_id = ${beneficiaryId} and d.kind = 'issue' and not exists (select 1 from disbursement_lines r where r.reverses_line_id = d.id)
         order by d.id desc limit 1`,
  );
  return row;
}

export async function findLineInCampaign(db: DbOrTx, campaignId: number, lineId: number, scope: Scope) {
  const [row] = await db
    .select()
    .from(disbursementLines)
    .where(and(eq(disbursementLines.id, lineId), eq(disbursementLines.campaignId, campaignId), sql`${disbursementLines.orgPath} like ${scopePattern(scope)}`));
  return row;
}

export async function isReversed(db: DbOrTx, lineId: number) {
  const [row] = await db.select({ id: disbursementLines.id }).from(disbursementLines).where(eq(disbursementLines.reversesLineId, lineId));
  return !!row;
}

/** Writes the reversing line and undoes the line's effects on counts, budget, stock and progress. */
export async function reverseLine(
  db: DbOrTx,
  line: typeof disbursementLines.$inferSelect,
  args: { reason: string; accountId: number | null; day: string; key: string },
) {
  const [b] = await db.select().from(campaignBeneficiaries).where(eq(campaignBeneficiaries.id, line.beneficiaryId)).for('update');
  const [rev] = await db
    .insert(disbursementLines)
    .values({
      campaignId: line.campaignId,
      beneficiaryId: line.beneficiaryId,
      personId: line.personId,
      orgId: line.orgId,
      orgPath: line.orgPath,
      pointId: line.pointId,
      packageId: line.packageId,
      allocationOrgId: line.allocationOrgId,
      kind: 'reversal',
      reversesLineId: line.id,
      amountFen: -line.amountFen,
      on: args.day,
      reason: args.reason,
      idempotencyKey: args.key,
      handledBy: args.accountId,
    })
    .returning();
  await db
    .update(campaignBeneficiaries)
    .set({ received: sql`${campaignBeneficiaries.received} - 1` })
    .where(eq(campaignBeneficiaries.id, line.beneficiaryId));
  await db.execute(
    sql`update campaign_allocations set spent_fen = spent_fen - ${line.amountFen} where campaign_id = ${line.campaignId} and org_id = ${line.allocationOrgId}`,
  );
  if (line.pointId)
    await db.execute(sql`update campaign_point_stock set issued = issued - 1 where point_id = ${line.pointId} and package_id = ${line.packageId}`);
  const lostPerson = b!.received === 1 ? 1 : 0;
  await db.execute(sql`insert into campaign_progress as g (campaign_id, org_id, day, org_path, persons, person_times, amount_fen)
      values (${line.campaignId}, ${line.orgId}, ${args.day}, ${line.orgPath}, ${-lostPerson}, -1, ${-line.amountFen})
      on conflict (campaign_id, org_id, day) do update set persons = g.persons + excluded.persons, person_times = g.person_times - 1, amount_fen = g.amount_fen + excluded.amount_fen`);
  return rev!;
}

export async function listLedger(
  db: DbOrTx,
  campaignId: number,
  scope: Scope,
  q: Pick<z.infer<typeof ListLedgerQuery>, 'q' | 'pointId'> & { within?: Scope },
  limit: number,
  offset: number,
) {
  const conds: SQL[] = [sql`d.campaign_id = ${campaignId}`, sql`d.org_path like ${scopePattern(scope)}`];
  if (q.within) conds.push(sql`d.org_path like ${scopePattern(q.within)}`);
  if (q.pointId) conds.push(sql`d.point_id = ${q.pointId}`);
  if (q.q)
    conds.push(
      sql`(p.name like ${likeEscape(q.q) + '%'} or p.name_pinyin like ${likeEscape(q.q.toLowerCase()) + '%'} or p.name_initials like ${likeEscape(q.q.toLowerCase()) + '%'})`,
    );
  const where = sql.join(conds, sql` and `);
  const rows = await queryRows<LedgerDbRow>(
    db,
    sql`select d.id, d.kind, d.amount_fen, d."on", d.at, d.reason, p.name, p.id_masked, o.name as org_name, pk.name as package_name,
               pt.name as point_name, coalesce(a.display_name, a.username) as handler,
               exists (select 1 from disbursement_lines r where r.reverses_line_id = d.id) as reversed
          from disbursement_lines d join persons p on p.id = d.person_id join orgs o on o.id = d.org_id
          join campaign_packages pk on pk.id = d.package_id left join campaign_points pt on pt.id = d.point_id left join accounts a on a.id = d.handled_by
         where ${where} order by d.id limit ${limit} offset ${offset}`,
  );
  const [{ n }] = (await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from disbursement_lines d join persons p on p.id = d.person_id where ${where}`,
  )) as [{ n: number }];
  return { rows, total: n! };
}
export interface LedgerDbRow {
  id: string;
  kind: 'issue' | 'reversal';
  amount_fen: string;
  on: string;
  at: Date | string;
  reason: string | null;
  name: string;
  id_masked: string;
  org_name: string;
  package_name: string;
  point_name: string | null;
  handler: string | null;
  reversed: boolean;
}

// ---- Progress ---------------------------------------------------------------------------------

/** The pre-aggregated counters of a campaign within a subtree, summed over days per org. */
export async function progressByOrg(db: DbOrTx, campaignId: number, scope: Scope) {
  return queryRows<{ org_id: number; org_path: string; persons: number; person_times: number; amount_fen: string }>(
    db,
    sql`select org_id, min(org_path) as org_path, sum(persons)::int as persons, sum(person_times)::int as person_times, sum(amount_fen)::bigint as amount_fen
          from campaign_progress where campaign_id = ${campaignId} and org_path like ${scopePattern(scope)} group by org_id`,
  );
}

export async function progressByDay(db: DbOrTx, campaignId: number, scope: Scope) {
  return queryRows<{ day: string; persons: number; person_times: number; amount_fen: string }>(
    db,
    sql`select day::text as day, sum(persons)::int as persons, sum(person_times)::int as person_times, sum(amount_fen)::bigint as amount_fen
          from campaign_progress where campaign_id = ${campaignId} and org_path like ${scopePattern(scope)} group by day order by day`,
  );
}

/** The orgs of a subtree down to `maxDepth` levels below its root (the rows of a progress tree). */
export async function orgsOfSubtree(db: DbOrTx, within: Scope, maxDepth: number) {
  return queryRows<{ id: number; parent_id: number | null; name: string; path: string; depth: number }>(
    db,
    sql`select id, parent_id, name, path, depth from (
          select id, parent_id, name, path, array_length(string_to_array(trim(both '/' from path), '/'), 1) - ${within.path.split('/').filter(Boolean).length} as depth
            from orgs where path like ${scopePattern(within)}) t
         where depth <= ${maxDepth} order by path`,
  );
}

export async function stockOfCampaign(db: DbOrTx, campaignId: number, scope: Scope) {
  return queryRows<{ point_id: number; point_name: string; package_name: string; quantity: number; issued: number }>(
    db,
    sql`select pt.id as point_id, pt.name as point_name, pk.name as package_name, s.quantity, s.issued
          from campaign_point_stock s join campaign_points pt on pt.id = s.point_id join orgs o on o.id = pt.org_id join campaign_packages pk on pk.id = s.package_id
         where pt.campaign_id = ${campaignId} and o.path like ${scopePattern(scope)} order by pt.id, pk.sort`,
  );
}

export async function fundsBySource(db: DbOrTx, campaignId: number) {
  return db
    .select({ source: campaignFunds.source, amountFen: sql<string>`sum(${campaignFunds.amountFen})` })
    .from(campaignFunds)
    .where(eq(campaignFunds.campaignId, campaignId))
    .groupBy(campaignFunds.source);
}

export async function countOrgsReached(db: DbOrTx, campaignId: number, scope: Scope) {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(distinct org_id)::int as n from campaign_progress where campaign_id = ${campaignId} and org_path like ${scopePattern(scope)} and person_times > 0`,
  );
  return row!.n;
}

export async function accountName(db: DbOrTx, id: number | null) {
  if (!id) return null;
  const [row] = await db
    .select({ name: sql<string>`coalesce(${accounts.displayName}, ${accounts.username})` })
    .from(accounts)
    .where(eq(accounts.id, id));
  return row?.name ?? null;
}

/** Every beneficiary of a point's subtree who has not received yet (for cards and sign-off sheets). */
export async function beneficiariesForPrint(db: DbOrTx, campaignId: number, within: Scope, pendingOnly: boolean, limit: number) {
  return queryRows<{ id: string; name: string; id_masked: string; org_name: string; org_path: string; package_name: string; amount_fen: string }>(
    db,
    sql`select b.id, p.name, p.id_masked, o.name as org_name, b.org_path, pk.name as package_name, b.amount_fen
          from campaign_beneficiaries b join persons p on p.id = b.person_id join orgs o on o.id = b.org_id join campaign_packages pk on pk.id = b.package_id
         where b.campaign_id = ${campaignId} and not b.excluded and b.org_path like ${scopePattern(within)} ${pendingOnly ? sql`and b.received = 0` : sql``}
         order by b.org_path, p.name_pinyin, b.id limit ${limit}`,
  );
}

export async function findBeneficiaryInScope(db: DbOrTx, campaignId: number, id: number, scope: Scope) {
  const [row] = await db
    .select()
    .from(campaignBeneficiaries)
    .where(
      and(
        eq(campaignBeneficiaries.id, id),
        eq(campaignBeneficiaries.campaignId, campaignId),
        sql`${campaignBeneficiaries.orgPath} like ${scopePattern(scope)}`,
      ),
    );
  return row;
}

/** Recounts each org's list (after freezing it). */
export async function refreshListCounts(db: DbOrTx, campaignId: number) {
  await db.execute(sql`delete from campaign_list_counts where campaign_id = ${campaignId}`);
  await db.execute(sql`insert into campaign_list_counts (campaign_id, org_id, org_path, beneficiaries)
      select ${campaignId}, org_id, min(org_path), count(*)::int from campaign_beneficiaries where campaign_id = ${campaignId} and not excluded group by org_id`);
}

/** One person more (+1) or fewer (-1) on an org's list. */
export async function bumpListCount(db: DbOrTx, campaignId: number, orgId: number, orgPath: string, delta: 1 | -1) {
  await db.execute(sql`insert into campaign_list_counts as c (campaign_id, org_id, org_path, beneficiaries) values (${campaignId}, ${orgId}, ${orgPath}, ${delta})
      on conflict (campaign_id, org_id) do update set beneficiaries = c.beneficiaries + ${delta}`);
}

export async function listCountsByOrg(db: DbOrTx, campaignId: number, scope: Scope) {
  return queryRows<{ org_id: number; org_path: string; beneficiaries: number }>(
    db,
    sql`select org_id, org_path, beneficiaries from campaign_list_counts where campaign_id = ${campaignId} and org_path like ${scopePattern(scope)}`,
  );
}

export async function frozenByTier(db: DbOrTx, campaignId: number, scope: Scope) {
  return queryRows<{ tier: number; persons: number; overlapping: number }>(
    db,
    sql`select pk.sort as tier, count(*)::int as persons, count(b.overlap)::int as overlapping
          from campaign_beneficiaries b join campaign_packages pk on pk.id = b.package_id
         where b.campaign_id = ${campaignId} and not b.excluded and b.org_path like ${scopePattern(scope)} group by pk.sort`,
  );
}

export async function restoreBeneficiary(db: DbOrTx, id: number, packageId: number, amountFen: number, reason: string) {
  await db.update(campaignBeneficiaries).set({ excluded: false, packageId, amountFen, reason, source: 'manual' }).where(eq(campaignBeneficiaries.id, id));
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

export const byBeneficiaryId = (id: number): SQL => sql`b.id = ${id}`;
export const byIdIndex = (idType: string, bidx: string): SQL => sql`p.id_type = ${idType} and p.id_number_bidx = ${bidx}`;

export async function orgsByPaths(db: DbOrTx, paths: string[]) {
  if (!paths.length) return [];
  return db.select({ id: orgs.id, parent_id: orgs.parentId, name: orgs.name, path: orgs.path }).from(orgs).where(inArray(orgs.path, paths));
}
