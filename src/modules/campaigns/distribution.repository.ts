/** Hand-outs: the confirm function, lookups at a point, and reversing lines of the append-only ledger. */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { scopePattern, type Scope } from '../../server/scope.ts';
import { campaignBeneficiaries, disbursementLines } from './campaigns.schema.ts';

export async function confirm(
  db: DbOrTx,
  args: {
    pointId: number;
    beneficiaryId: number;
    key: string;
    accountId: number | null;
    scope: Scope;
    dutyOnly: boolean;
    day: string;
    evidence: LineEvidence;
  },
) {
  const e = args.evidence;
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
    sql`select * from campaign_confirm(${args.pointId}, ${args.beneficiaryId}, ${args.key}, ${args.accountId}, ${args.scope.path}, ${args.dutyOnly}, ${args.day}::date,
      ${e.kind}, ${e.ref}, ${e.idType ?? null}, ${e.idIndex ?? null})`,
  );
  return row!;
}

/**
 * The evidence written on the line: its kind and reference (the card's code, the masked ID number,
 * the paper sheet's number); for an ID number also its type and keyed hash, which the confirm
 * function compares with the person's.
 */
export interface LineEvidence {
  kind: 'qr' | 'id_number' | 'paper';
  ref: string;
  idType?: string;
  idIndex?: string;
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
  package_kind: 'goods' | 'cash' | 'voucher' | 'mixed';
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

export const byBeneficiaryId = (id: number): SQL => sql`b.id = ${id}`;

export const byIdIndex = (idType: string, bidx: string): SQL => sql`p.id_type = ${idType} and p.id_number_bidx = ${bidx}`;
