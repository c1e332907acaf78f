/** Read models: the ledger, the pre-aggregated progress, stock, funds and the lists printed as cards and sheets. */
import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { scopePattern, type Scope } from '../../server/scope.ts';
import { likeEscape } from '../../server/text.ts';
import type { z } from '../../shared/contract.ts';
import { orgs } from '../orgs/orgs.schema.ts';
import { campaignFunds } from './campaigns.schema.ts';
import type { ListLedgerQuery } from './campaigns.contract.ts';

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
               pt.name as point_name, coalesce(a.display_name, a.username) as handler, d.evidence, d.evidence_ref,
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
  evidence: 'qr' | 'id_number' | 'paper' | null;
  evidence_ref: string | null;
  reversed: boolean;
}

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

export async function orgsByPaths(db: DbOrTx, paths: string[]) {
  if (!paths.length) return [];
  return db.select({ id: orgs.id, parent_id: orgs.parentId, name: orgs.name, path: orgs.path }).from(orgs).where(inArray(orgs.path, paths));
}

export interface LedgerExportDbRow {
  id: string;
  kind: 'issue' | 'reversal';
  person_id: string;
  amount_fen: string;
  on: string;
  reason: string | null;
  name: string;
  sex: 'male' | 'female';
  id_masked: string;
  phone_masked: string | null;
  id_number_enc: string;
  phone_enc: string | null;
  org_name: string;
  point_name: string | null;
  package_kind: string;
  value_fen: string;
  cash_fen: string;
  items: { name: string; quantity: number; unit: string }[];
  handler: string | null;
  evidence: 'qr' | 'id_number' | 'paper' | null;
  evidence_ref: string | null;
}

/** Every line of a campaign within a subtree, with what the tier handed out and who confirmed it, for the 发放台账 file. */
export async function ledgerLinesForExport(db: DbOrTx, campaignId: number, scope: Scope, limit: number) {
  return queryRows<LedgerExportDbRow>(
    db,
    sql`select d.id, d.kind, d.person_id, d.amount_fen, d."on"::text as "on", d.reason, p.name, p.sex, p.id_masked, p.phone_masked,
               p.id_number_enc, p.phone_enc, o.name as org_name, pt.name as point_name,
               pk.kind as package_kind, pk.value_fen, pk.cash_fen, pk.items,
               coalesce(a.display_name, a.username) as handler, d.evidence, d.evidence_ref
          from disbursement_lines d join persons p on p.id = d.person_id join orgs o on o.id = d.org_id
          join campaign_packages pk on pk.id = d.package_id left join campaign_points pt on pt.id = d.point_id left join accounts a on a.id = d.handled_by
         where d.campaign_id = ${campaignId} and d.org_path like ${scopePattern(scope)} order by d.id limit ${limit}`,
  );
}

/**
 * The pick-up cards of a subtree, in the order of the beneficiary list, each with what its tier hands
 * out and the point that serves the holder's union (the nearest one above it, as the scan page sends
 * people there).
 */
export async function cardsForPrint(db: DbOrTx, campaignId: number, within: Scope, pendingOnly: boolean, limit: number) {
  return queryRows<{
    id: string;
    name: string;
    id_masked: string;
    org_name: string;
    package_name: string;
    package_kind: string;
    value_fen: string;
    cash_fen: string;
    items: { name: string; quantity: number; unit: string }[];
    point_name: string | null;
    point_address: string | null;
    point_hours: string | null;
    opens_on: string | null;
    closes_on: string | null;
  }>(
    db,
    sql`select b.id, p.name, p.id_masked, o.name as org_name, pk.name as package_name, pk.kind as package_kind, pk.value_fen, pk.cash_fen, pk.items,
               pt.name as point_name, pt.address as point_address, pt.hours as point_hours, pt.opens_on::text as opens_on, pt.closes_on::text as closes_on
          from campaign_beneficiaries b join persons p on p.id = b.person_id join orgs o on o.id = b.org_id join campaign_packages pk on pk.id = b.package_id
          left join lateral (
            select x.name, x.address, x.hours, x.opens_on, x.closes_on from campaign_points x join orgs xo on xo.id = x.org_id
             where x.campaign_id = b.campaign_id and b.org_path like xo.path || '%' order by length(xo.path) desc, x.id limit 1
          ) pt on true
         where b.campaign_id = ${campaignId} and not b.excluded and b.org_path like ${scopePattern(within)} ${pendingOnly ? sql`and b.received = 0` : sql``}
         order by b.org_path, p.name_pinyin, b.id limit ${limit}`,
  );
}
