/** The figures of a subtree: statistics and the task list of follow-ups and yearly reviews. */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { scopePattern, type Scope } from '../../server/scope.ts';

export async function stats(db: DbOrTx, scope: Scope, year: number) {
  const pattern = scopePattern(scope);
  const open = sql`c.status in ('active', 'noticed', 'verified', 'applied') and c.kind = 'full'`;
  const byCategory = await queryRows<{ category: string; cases: number }>(
    db,
    sql`select c.category, count(*)::int as cases from hardship_cases c join orgs o on o.id = c.org_id where o.path like ${pattern} and ${open} group by 1 order by 1`,
  );
  const byCause = await queryRows<{ cause: string; cases: number }>(
    db,
    sql`select c.main_cause as cause, count(*)::int as cases from hardship_cases c join orgs o on o.id = c.org_id where o.path like ${pattern} and ${open} group by 1 order by 2 desc`,
  );
  const byMonth = await queryRows<{ month: string; type: string; amount: string; times: number }>(
    db,
    sql`select month, type, sum(amount)::bigint as amount, sum(times)::int as times from (
          select to_char("on", 'YYYY-MM') as month, type, sum(amount_fen) as amount, count(*) as times
            from hardship_assistance where org_path like ${pattern} and status = 'paid' and extract(year from "on") = ${year} group by 1, 2
          union all
          select to_char(d."on", 'YYYY-MM'), 'warmth', sum(d.amount_fen), count(*)
            from disbursement_lines d join hardship_members m on m.person_id = d.person_id and m.open_file
            join hardship_cases c on c.id = m.case_id join orgs o on o.id = c.org_id
           where d.kind = 'issue' and o.path like ${pattern} and extract(year from d."on") = ${year}
             and not exists (select 1 from disbursement_lines r where r.reverses_line_id = d.id)
           group by 1) t
        group by 1, 2 order by 1, 2`,
  );
  const byOrg = await queryRows<{ org_id: number; org_name: string; cases: number; amount: string }>(
    db,
    sql`select ch.id as org_id, ch.name as org_name,
               (select count(*) from hardship_cases c join orgs o on o.id = c.org_id where o.path like ch.path || '%' and ${open})::int as cases,
               (select coalesce(sum(a.amount_fen), 0) from hardship_assistance a where a.org_path like ch.path || '%' and a.status = 'paid' and extract(year from a."on") = ${year})::bigint as amount
          from orgs ch where ch.parent_id = (select id from orgs where path = ${scope.path}) order by ch.path`,
  );
  return { byCategory, byCause, byMonth, byOrg };
}

/** Follow-ups due by `until`, and active files whose last assessment is a year old by then. */
export async function tasks(db: DbOrTx, scope: Scope, until: string) {
  const pattern = scopePattern(scope);
  const followups = await queryRows<{ case_id: number; case_no: string; name: string; org_name: string; due_on: string }>(
    db,
    sql`select c.id as case_id, c.case_no, p.name, o.name as org_name, f.due_on::text
          from hardship_followups f join hardship_cases c on c.id = f.case_id join persons p on p.id = c.person_id join orgs o on o.id = c.org_id
         where f.done_on is null and f.due_on <= ${until}::date and o.path like ${pattern} order by f.due_on limit 500`,
  );
  const reviews = await queryRows<{ case_id: number; case_no: string; name: string; org_name: string; assessed_on: string; due_on: string }>(
    db,
    sql`select c.id as case_id, c.case_no, p.name, o.name as org_name, c.assessed_on::text, (c.assessed_on + interval '1 year')::date::text as due_on
          from hardship_cases c join persons p on p.id = c.person_id join orgs o on o.id = c.org_id
         where c.status = 'active' and c.assessed_on + interval '1 year' <= ${until}::date and o.path like ${pattern} order by c.assessed_on limit 500`,
  );
  return { followups, reviews };
}
