import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createDemoTestDatabase } from '../../testing/demo-db.ts';
import { TestClient } from '../../testing/app.ts';
import { buildApp } from '../../server/app.ts';
import { queryRows, type Database } from '../../server/db.ts';
import { DEMO_PASSWORD } from '../../server/demo/load-demo.ts';

let database: Database;
let app: Awaited<ReturnType<typeof buildApp>>;
beforeAll(async () => {
  const demo = await createDemoTestDatabase();
  database = demo.database;
  app = await buildApp({ db: database.db, config: demo.config, cipher: demo.cipher, copyInto: database.copyInto });
  await app.ready();
}, 600_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const login = (username: string) => new TestClient(app).login(username, DEMO_PASSWORD);

describe('demo model workers', () => {
  it('are spread over the region, and the 劳模 tag is exactly on the living holders of an honour', async () => {
    const [counts] = await queryRows<{ provinces: number; holders: number; tagged_without: number; holders_untagged: number }>(
      database.db,
      sql`select (select count(distinct substr(p.id_masked, 1, 2)) from persons p where exists (select 1 from model_worker_honours h where h.person_id = p.id))::int as provinces,
                 (select count(distinct person_id) from model_worker_honours)::int as holders,
                 (select count(*) from persons p where '劳模' = any(p.tags)
                     and not exists (select 1 from model_worker_honours h where h.person_id = p.id and h.revoked_on is null))::int as tagged_without,
                 (select count(*) from persons p where not ('劳模' = any(p.tags))
                     and exists (select 1 from model_worker_honours h where h.person_id = p.id and h.revoked_on is null)
                     and not exists (select 1 from model_worker_statuses s where s.person_id = p.id and s.status = 'deceased'))::int as holders_untagged`,
    );
    expect(counts).toMatchObject({ provinces: 3, tagged_without: 0, holders_untagged: 0 });
    expect(counts!.holders).toBeGreaterThan(30);
  });

  it('gives 新城区 a priority list with every kind of reason, and leaves the dead off it', async () => {
    const cadre = await login('xinchengqu_cadre');
    const list = (await cadre.get('/api/modelworkers/priority?due=0&pageSize=200')).json();
    const codes = new Set(list.items.flatMap((r: { reasons: { code: string }[] }) => r.reasons.map((x) => x.code)));
    expect([...codes].sort()).toEqual(['aged', 'ill', 'hospital', 'incapacitated', 'living_alone'].sort());
    expect(list.items.map((r: { name: string }) => r.name)).not.toContain('张福海');
    expect(list.items.some((r: { due: boolean }) => r.due)).toBe(true);
    const support = await queryRows(database.db, sql`select 1 from model_worker_care_records where kind = 'hardship_support' and hardship_case_id is not null`);
    expect(support.length).toBe(1);
  });

  it('has paid allowance runs and this month’s waiting for 内蒙古 to confirm', async () => {
    const runs = await queryRows<{ status: string; n: number }>(
      database.db,
      sql`select status, count(*)::int as n from model_worker_allowance_runs group by status`,
    );
    expect(Object.fromEntries(runs.map((r) => [r.status, r.n]))).toMatchObject({ paid: 4, draft: 1 });
    const nmg = await login('nmg_admin');
    const inbox = (await nmg.get('/api/inbox')).json() as { groups: { kind: string; total: number }[] };
    expect(inbox.groups.find((g) => g.kind === 'modelworkers.confirm')?.total).toBe(1);
    const hhht = await login('hhht_admin');
    expect(((await hhht.get('/api/inbox')).json() as typeof inbox).groups.find((g) => g.kind === 'modelworkers.confirm')?.total ?? 0).toBe(0);
  });
});
