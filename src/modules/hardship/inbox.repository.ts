/** What of the hardship files waits for an account (待办): lifecycle steps and follow-ups due. */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { scopePattern, type Scope } from '../../server/scope.ts';

export interface AwaitingCaseRow {
  id: number;
  case_no: string;
  name: string;
  org_name: string;
  since: Date | string;
  total: number;
}

const list = (values: readonly string[]) =>
  values.length
    ? sql.join(
        values.map((v) => sql`${v}`),
        sql`, `,
      )
    : sql`null`;

/**
 * Files in the scope waiting for a step: full files in one of `full`, temporary ones in one of
 * `temporary`; with `notFiledBy`, not those that account filed (四眼原则). Longest waiting first,
 * since their last step.
 */
export async function casesAwaiting(
  db: DbOrTx,
  scope: Scope,
  states: { full: readonly string[]; temporary: readonly string[] },
  notFiledBy: number | null | undefined,
  limit: number,
  offset: number,
) {
  return queryRows<AwaitingCaseRow>(
    db,
    sql`select c.id, c.case_no, p.name, o.name as org_name, coalesce((select max(e.at) from hardship_events e where e.case_id = c.id), c.created_at) as since,
               count(*) over ()::int as total
          from hardship_cases c join persons p on p.id = c.person_id join orgs o on o.id = c.org_id
         where o.path like ${scopePattern(scope)}
           and ((c.kind = 'full' and c.status in (${list(states.full)})) or (c.kind = 'temporary' and c.status in (${list(states.temporary)})))
           ${notFiledBy === undefined ? sql`` : sql`and c.filed_by is distinct from ${notFiledBy}::int`}
         order by since, c.id limit ${limit} offset ${offset}`,
  );
}

export interface FollowupDueRow {
  id: number;
  case_id: number;
  case_no: string;
  name: string;
  org_name: string;
  due_on: string;
  total: number;
}

/** 回访 due by `today` on files in the scope, most overdue first. */
export async function followupsDue(db: DbOrTx, scope: Scope, today: string, limit: number, offset: number) {
  return queryRows<FollowupDueRow>(
    db,
    sql`select f.id, c.id as case_id, c.case_no, p.name, o.name as org_name, f.due_on::text as due_on, count(*) over ()::int as total
          from hardship_followups f join hardship_cases c on c.id = f.case_id join persons p on p.id = c.person_id join orgs o on o.id = c.org_id
         where f.done_on is null and f.due_on <= ${today}::date and c.status = 'exited' and o.path like ${scopePattern(scope)}
         order by f.due_on, f.id limit ${limit} offset ${offset}`,
  );
}
