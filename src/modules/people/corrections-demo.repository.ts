/** Demo correction requests: a few workers across the tree asked for their address or employer to be corrected. */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';

export async function loadDemoCorrections(tx: DbOrTx): Promise<void> {
  // One worker in each city of the demo tree, so every city's staff have one to handle.
  const people = await queryRows<{ id: number; employer_name: string | null }>(
    tx,
    sql`select distinct on (split_part(o.path, '/', 3)) p.id, p.employer_name
        from persons p join orgs o on o.id = p.org_id
        where p.status = 'active' and split_part(o.path, '/', 4) <> ''
        order by split_part(o.path, '/', 3), p.id`,
  );
  for (const [i, p] of people.entries()) {
    const address = i % 2 === 0;
    await tx.execute(
      sql`insert into person_corrections (person_id, field, proposed, proposed_shown, current, note, created_at)
          values (${p.id}, ${address ? 'address' : 'employerName'},
                  ${address ? '新华大街 18 号院 3 单元' : '同城快递服务有限公司'}, ${address ? '新华大街 18 号院 3 单元' : '同城快递服务有限公司'},
                  ${address ? null : p.employer_name}, ${address ? '已搬家' : '已换工作单位'}, now() - make_interval(days => ${i + 1}))`,
    );
  }
}
