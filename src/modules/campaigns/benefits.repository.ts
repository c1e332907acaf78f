/** The worker portal's reads of 慰问活动: my places on running campaigns' lists, and who still waits to collect (reminders). */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import type { PackageItem } from './campaigns.contract.ts';

/** The point that serves a beneficiary: the campaign's point whose union holds theirs, nearest first (as the printed card says). */
const servingPoint = sql`left join lateral (
    select x.name, xo.name as org_name, x.address, x.hours, x.opens_on, x.closes_on from campaign_points x join orgs xo on xo.id = x.org_id
     where x.campaign_id = b.campaign_id and b.org_path like xo.path || '%' order by length(xo.path) desc, x.id limit 1
  ) pt on true`;

export interface MyPlaceRow {
  beneficiaryId: number;
  campaignId: number;
  campaignName: string;
  startsOn: string;
  endsOn: string;
  packageName: string;
  packageKind: string;
  valueFen: number;
  cashFen: number;
  items: PackageItem[];
  received: number;
  maxCount: number;
  receivedOn: string | null;
  pointName: string | null;
  pointOrgName: string | null;
  address: string | null;
  hours: string | null;
  opensOn: string | null;
  closesOn: string | null;
}

/** The person's places on the lists of running campaigns (not excluded), newest campaign first. */
export async function findMyPlaces(db: DbOrTx, personId: number) {
  const rows = await queryRows<MyPlaceRow>(
    db,
    sql`select b.id as "beneficiaryId", c.id as "campaignId", c.name as "campaignName", c.starts_on::text as "startsOn", c.ends_on::text as "endsOn",
               pk.name as "packageName", pk.kind as "packageKind", pk.value_fen as "valueFen", pk.cash_fen as "cashFen", pk.items,
               b.received, b.max_count as "maxCount", (b.last_received_at at time zone 'Asia/Shanghai')::date::text as "receivedOn",
               pt.name as "pointName", pt.org_name as "pointOrgName", pt.address, pt.hours, pt.opens_on::text as "opensOn", pt.closes_on::text as "closesOn"
          from campaign_beneficiaries b join campaigns c on c.id = b.campaign_id join campaign_packages pk on pk.id = b.package_id
          ${servingPoint}
         where b.person_id = ${personId} and c.status = 'running' and not b.excluded
         order by c.starts_on desc, c.id desc`,
  );
  return rows.map((r) => ({ ...r, beneficiaryId: Number(r.beneficiaryId), valueFen: Number(r.valueFen), cashFen: Number(r.cashFen) }));
}

/** How many of the person's places on running campaigns' lists still wait to be collected (the home tile). */
export async function countToPickUp(db: DbOrTx, personId: number): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from campaign_beneficiaries b join campaigns c on c.id = b.campaign_id
         where b.person_id = ${personId} and c.status = 'running' and not b.excluded and b.received < b.max_count`,
  );
  return row?.n ?? 0;
}

export interface WaitingRow {
  personId: number;
  campaignId: number;
  campaignName: string;
  campaignOrgId: number;
  /** The last day to collect: the serving point's closing day, else the campaign's end. */
  lastDay: string;
  packageKind: string;
  valueFen: number;
  cashFen: number;
  items: PackageItem[];
  pointName: string | null;
  address: string | null;
  hours: string | null;
}

/**
 * People of running campaigns' lists who have not collected yet and have no notice under
 * `keyPrefix` + `campaignId:personId` (the reminder of that stage), `limit` at a time. `closingFrom`
 * keeps those whose last day lies from today (`today`) to `closingFrom` days ahead; `notClosingWithin`
 * leaves those out (they get the closing reminder instead).
 */
export async function findWaiting(db: DbOrTx, opts: { keyPrefix: string; today: string; closingWithin?: string; notClosingWithin?: string; limit: number }) {
  const lastDay = sql`coalesce(pt.closes_on, c.ends_on)`;
  const rows = await queryRows<WaitingRow>(
    db,
    sql`select b.person_id as "personId", c.id as "campaignId", c.name as "campaignName", c.org_id as "campaignOrgId", ${lastDay}::text as "lastDay",
               pk.kind as "packageKind", pk.value_fen as "valueFen", pk.cash_fen as "cashFen", pk.items, pt.name as "pointName", pt.address, pt.hours
          from campaigns c join campaign_beneficiaries b on b.campaign_id = c.id join campaign_packages pk on pk.id = b.package_id
          ${servingPoint}
         where c.status = 'running' and not b.excluded and b.received = 0 and ${lastDay} >= ${opts.today}::date
           ${opts.closingWithin ? sql`and ${lastDay} <= ${opts.closingWithin}::date` : sql``}
           ${opts.notClosingWithin ? sql`and ${lastDay} > ${opts.notClosingWithin}::date` : sql``}
           and not exists (select 1 from worker_messages m where m.dedupe_key = ${opts.keyPrefix} || c.id || ':' || b.person_id)
         order by c.id, b.id
         limit ${opts.limit}`,
  );
  return rows.map((r) => ({ ...r, personId: Number(r.personId), valueFen: Number(r.valueFen), cashFen: Number(r.cashFen) }));
}
