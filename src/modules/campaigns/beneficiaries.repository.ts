/** The frozen beneficiary list, manual adjustments, and the per-org list counters. */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { scopePattern, type Scope } from '../../server/scope.ts';
import { likeEscape } from '../../server/text.ts';
import { campaignAdjustments, campaignBeneficiaries } from './campaigns.schema.ts';

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

export async function frozenByTier(db: DbOrTx, campaignId: number, scope: Scope) {
  return queryRows<{ tier: number; persons: number; overlapping: number }>(
    db,
    sql`select pk.sort as tier, count(*)::int as persons, count(b.overlap)::int as overlapping
          from campaign_beneficiaries b join campaign_packages pk on pk.id = b.package_id
         where b.campaign_id = ${campaignId} and not b.excluded and b.org_path like ${scopePattern(scope)} group by pk.sort`,
  );
}

export async function deleteBeneficiaries(db: DbOrTx, campaignId: number) {
  await db.delete(campaignBeneficiaries).where(eq(campaignBeneficiaries.campaignId, campaignId));
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

export async function restoreBeneficiary(db: DbOrTx, id: number, packageId: number, amountFen: number, reason: string) {
  await db.update(campaignBeneficiaries).set({ excluded: false, packageId, amountFen, reason, source: 'manual' }).where(eq(campaignBeneficiaries.id, id));
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
