/** Queries of the 劳模关爱 demo data only (first start): the people it gives honours to. */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';

/** The demo people whose records were tagged 劳模 by hand, with where they are: their city's and province's names. */
export function taggedModelWorkers(db: DbOrTx) {
  return queryRows<{ id: number; org_id: number; org_path: string; city: string | null; province: string | null; birth_date: string }>(
    db,
    sql`select p.id::int as id, p.org_id, o.path as org_path, p.birth_date::text as birth_date,
               (select c.name from orgs c where o.path like c.path || '%' and c.type = 'city' order by c.depth desc limit 1) as city,
               (select c.name from orgs c where o.path like c.path || '%' and c.type = 'provincial' order by c.depth desc limit 1) as province
          from persons p join orgs o on o.id = p.org_id
         where p.status = 'active' and '劳模' = any(p.tags)
         order by p.id`,
  );
}

/** Demo people by their ID keys (the ones this demo just registered). */
export function personsByKeys(db: DbOrTx, bidx: string[]) {
  return queryRows<{ id: number; bidx: string; org_id: number }>(
    db,
    sql`select id::int as id, id_number_bidx as bidx, org_id from persons where id_number_bidx = any(${`{${bidx.join(',')}}`}::text[])`,
  );
}

/**
 * A person with a hardship file under the union at `path` that is not 帮扶中 now (已解困脱困 first),
 * to link the demo's special hardship support to. (Files 帮扶中 are what other demos and browser
 * tests open, and an honour would add its 自动 tags to theirs.)
 */
export async function personWithExitedCase(db: DbOrTx, path: string) {
  const [row] = await queryRows<{ person_id: number; case_id: number; org_id: number }>(
    db,
    sql`select c.person_id::int as person_id, c.id as case_id, c.org_id from hardship_cases c join orgs o on o.id = c.org_id
         where c.kind = 'full' and c.status <> 'active' and o.path like ${`${path}%`}
           and not exists (select 1 from model_worker_honours h where h.person_id = c.person_id)
         order by c.status = 'exited' desc, c.id limit 1`,
  );
  return row;
}
