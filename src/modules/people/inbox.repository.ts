/** What of the registry waits for an account (待办): duplicate pairs to review, transfers to accept. */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { scopePattern, type Scope } from '../../server/scope.ts';

export interface OpenPairRow {
  id: number;
  a_name: string;
  b_name: string;
  org_name: string;
  level: 'likely' | 'possible';
  found_at: Date | string;
  total: number;
}

/** Open pairs whose two records are both active and in the scope (as the review list shows them), oldest first. */
export async function openPairs(db: DbOrTx, scope: Scope, limit: number, offset: number) {
  const pattern = scopePattern(scope);
  return queryRows<OpenPairRow>(
    db,
    sql`select d.id, a.name as a_name, b.name as b_name, oa.name as org_name, d.level, d.found_at, count(*) over ()::int as total
          from duplicate_candidates d
          join persons a on a.id = d.a_id join orgs oa on oa.id = a.org_id
          join persons b on b.id = d.b_id join orgs ob on ob.id = b.org_id
         where d.status = 'open' and a.status = 'active' and b.status = 'active' and oa.path like ${pattern} and ob.path like ${pattern}
         order by d.found_at, d.id limit ${limit} offset ${offset}`,
  );
}

export interface IncomingRow {
  id: number;
  name: string;
  from_name: string;
  to_name: string;
  since: Date | string;
  total: number;
}

/** Members on their way into a union of the scope (转入待接收), longest waiting first. */
export async function incomingTransfers(db: DbOrTx, scope: Scope, limit: number, offset: number) {
  return queryRows<IncomingRow>(
    db,
    sql`select p.id, p.name, f.name as from_name, t.name as to_name, m.updated_at as since, count(*) over ()::int as total
          from memberships m join persons p on p.id = m.person_id join orgs f on f.id = p.org_id join orgs t on t.id = m.pending_org_id
         where m.state = 'transferring' and t.path like ${scopePattern(scope)}
         order by m.updated_at, p.id limit ${limit} offset ${offset}`,
  );
}
