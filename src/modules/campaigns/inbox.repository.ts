/** What of the campaigns waits for an account (待办): campaigns submitted for approval. */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { scopePattern, type Scope } from '../../server/scope.ts';

export interface AwaitingApprovalRow {
  id: number;
  name: string;
  org_name: string;
  submitter: string | null;
  submitted_at: Date | string;
  total: number;
}

/**
 * Submitted campaigns organised in the scope (the approver sits at or above the organiser), except
 * those the account wrote or submitted itself (四眼原则), oldest submission first, with the count.
 */
export async function awaitingApproval(db: DbOrTx, scope: Scope, accountId: number | null, limit: number, offset: number) {
  return queryRows<AwaitingApprovalRow>(
    db,
    sql`select c.id, c.name, o.name as org_name, coalesce(a.display_name, a.username) as submitter, c.submitted_at, count(*) over ()::int as total
          from campaigns c join orgs o on o.id = c.org_id left join accounts a on a.id = c.submitted_by
         where c.status = 'submitted' and o.path like ${scopePattern(scope)}
           and c.created_by is distinct from ${accountId}::int and c.submitted_by is distinct from ${accountId}::int
         order by c.submitted_at, c.id limit ${limit} offset ${offset}`,
  );
}
