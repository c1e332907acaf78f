import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { scopePattern, type Scope } from '../../server/scope.ts';
import type { PackageItem } from './campaigns.contract.ts';

export interface HandOutRow {
  lineId: number;
  kind: 'issue' | 'reversal';
  on: string;
  amountFen: number;
  campaignId: number;
  campaignName: string;
  packageName: string;
  packageKind: string;
  items: PackageItem[];
  pointName: string | null;
  orgName: string;
  reason: string | null;
  reversed: boolean;
}

/**
 * Every ledger line of a person's hand-outs (reversals too), oldest first, as far as the scope may
 * see: the line's own union path, as the ledger itself is scoped.
 */
export async function findHandOutsOf(db: DbOrTx, scope: Scope, personId: number) {
  const rows = await queryRows<HandOutRow>(
    db,
    sql`select l.id as "lineId", l.kind, l.on::text as "on", l.amount_fen as "amountFen", c.id as "campaignId", c.name as "campaignName",
               pk.name as "packageName", pk.kind as "packageKind", pk.items, pt.name as "pointName", o.name as "orgName", l.reason,
               exists (select 1 from disbursement_lines r where r.reverses_line_id = l.id) as reversed
          from disbursement_lines l
          join campaigns c on c.id = l.campaign_id
          join campaign_packages pk on pk.id = l.package_id
          join orgs o on o.id = l.org_id
          left join campaign_points pt on pt.id = l.point_id
         where l.person_id = ${personId} and l.org_path like ${scopePattern(scope)}
         order by l.on, l.id`,
  );
  return rows.map((r) => ({ ...r, lineId: Number(r.lineId), amountFen: Number(r.amountFen) }));
}
