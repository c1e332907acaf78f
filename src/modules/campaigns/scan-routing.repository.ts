/** Where people and phones should go: an account's duties, and the points serving a card's holder. */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { scopePattern, type Scope } from '../../server/scope.ts';

export interface DutyRow {
  point_id: number;
  point_name: string;
  address: string | null;
  hours: string | null;
  opens_on: string | null;
  closes_on: string | null;
  campaign_id: number;
  campaign_name: string;
  status: 'approved' | 'running';
  starts_on: string;
  ends_on: string;
}

/** Points inside `scope` that list the account on duty, in campaigns approved or running. */
export async function dutiesOf(db: DbOrTx, accountId: number, scope: Scope) {
  return queryRows<DutyRow>(
    db,
    sql`select pt.id as point_id, pt.name as point_name, pt.address, pt.hours, pt.opens_on::text as opens_on, pt.closes_on::text as closes_on, c.id as campaign_id, c.name as campaign_name,
               c.status, c.starts_on::text as starts_on, c.ends_on::text as ends_on
          from campaign_points pt join orgs o on o.id = pt.org_id join campaigns c on c.id = pt.campaign_id
         where ${accountId} = any(pt.duty_account_ids) and o.path like ${scopePattern(scope)} and c.status in ('approved', 'running')
         order by c.status desc, pt.opens_on nulls first, pt.id`,
  );
}

/**
 * The points of a campaign whose union's subtree holds the beneficiary's union, nearest first:
 * where the holder of a card may pick up. Only the points' public facts (name, union, address,
 * hours, opening days) are read; none of the beneficiary's. Null when the card is not of this campaign.
 */
export async function pointsServingBeneficiary(db: DbOrTx, campaignId: number, beneficiaryId: number) {
  const [holder] = await queryRows<{ id: string }>(
    db,
    sql`select b.id from campaign_beneficiaries b where b.id = ${beneficiaryId} and b.campaign_id = ${campaignId}`,
  );
  if (!holder) return null;
  return queryRows<{
    id: number;
    name: string;
    org_name: string;
    address: string | null;
    hours: string | null;
    opens_on: string | null;
    closes_on: string | null;
  }>(
    db,
    sql`select pt.id, pt.name, o.name as org_name, pt.address, pt.hours, pt.opens_on::text as opens_on, pt.closes_on::text as closes_on
          from campaign_beneficiaries b join campaign_points pt on pt.campaign_id = b.campaign_id join orgs o on o.id = pt.org_id
         where b.id = ${beneficiaryId} and b.org_path like o.path || '%'
         order by length(o.path) desc, pt.id limit 5`,
  );
}
