/**
 * 夏令营摇号 at scale: one camp of 500 places (100 reserved over the priority groups) and 100,000
 * applications (BENCH_CAMP_ROWS), the seed published, then
 *   draw      the use case itself (runCampDraw: every key, the order, reserved places, the general
 *             draw, 500 confirmed sign-ups and every application's rank written in one transaction)
 *   rerun     the check anyone can make: the stored draw read back and run again from the seed,
 *             compared line by line (must be identical)
 *   baseline  a plain SELECT of the same 100,000 rows (number and groups)
 * On PostgreSQL when BENCH_DB_URL is set (`npm run bench` sets it), else on the embedded database.
 * Prints one JSON line.
 */
import { sql } from 'drizzle-orm';
import { openMemoryDatabase, openServerDatabase, queryRows } from '../src/server/db.ts';
import { systemActor } from '../src/server/actor.ts';
import { AuditKey, installAuditKey } from '../src/modules/audit/index.ts';
import { findRoot, insertRootOrg } from '../src/modules/orgs/index.ts';
import { insertSystemAccount } from '../src/modules/auth/index.ts';
import { checkDraw, createCamp, publishSeed, runCampDraw } from '../src/modules/events/camps.service.ts';

const ROWS = Number(process.env.BENCH_CAMP_ROWS ?? 100_000);
const KEY = Buffer.alloc(32, 17);
const url = process.env.BENCH_DB_URL;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

const database = url ? await openServerDatabase(url, 4) : await openMemoryDatabase();
const db = database.db;
installAuditKey(new AuditKey(KEY));
// The tree's root and one staff account (children's consent is recorded by a named account); not
// the app's start-up, which would load every module.
const root =
  (await findRoot(db)) ??
  (await db.transaction((tx) => insertRootOrg(tx, (r) => systemActor(r), { name: '中华全国总工会', type: 'national', divisionCode: null })));
await insertSystemAccount(db, { username: `camp_bench_${Date.now()}`, displayName: '基准', orgId: root.id, roles: ['union_admin'], passwordHash: 'x' });
const actor = systemActor(root);
const startsOn = '2030-07-15';
const camp = await createCamp(db, actor, {
  orgId: root.id,
  title: `摇号基准营 ${Date.now()}`,
  description: null,
  place: '基准营地',
  startsOn,
  endsOn: '2030-07-20',
  places: 500,
  minAge: 6,
  maxAge: 14,
  minGrade: 0,
  maxGrade: 9,
  reserved: { hardship: 20, model_worker: 20, sanitation: 20, new_form: 20, dual_earner: 20 },
});

// The applicants, set-based: a guardian each (every 50th a 劳模, every 30th a sanitation worker,
// every 40th of the new employment form), a child each, an application each (every 7th dual-earner).
const t0 = process.hrtime.bigint();
const base = (await queryRows<{ n: number }>(db, sql`select coalesce(max(id), 0)::int as n from persons`))[0]!.n;
await db.execute(sql`
  insert into persons (org_id, name, name_pinyin, name_initials, sex, birth_date, id_type, id_number_enc, id_number_bidx, id_masked, id_last4, tags, occupation, employment_form)
  select ${root.id}, '基准职工', 'jizhunzhigong', 'jzzg', 'male', date '1985-01-01', 'resident', 'v1.x', 'camp-bench-' || ${camp.id} || '-' || g, '150102********0000', lpad((g % 10000)::text, 4, '0'),
         case when g % 50 = 0 then array['劳模'] else '{}'::text[] end,
         case when g % 30 = 0 then 'sanitation' end,
         case when g % 40 = 0 then 'new_form' end
    from generate_series(1, ${ROWS}) g`);
await db.execute(sql`
  insert into camp_children (guardian_person_id, name, sex, birth_date, id_type, id_number_enc, id_number_bidx, id_masked, grade,
                             consent_given_by, consent_relation, consent_given_on, consent_purpose, consent_channel, recorded_by)
  select p.id, '基准子女', 'female', date '2020-03-01', 'resident', 'v1.x', p.id_number_bidx, '150102********0000', 4, '基准职工', 'father', date '2030-01-01', '基准', 'staff',
         (select id from accounts order by id limit 1)
    from persons p where p.id > ${base} and p.id_number_bidx like ${`camp-bench-${camp.id}-%`}`);
await db.execute(sql`
  insert into camp_applications (event_id, no, child_id, guardian_person_id, dual_earner, groups, age, grade, source)
  select ${camp.id}, row_number() over (order by ch.id), ch.id, ch.guardian_person_id, ch.id % 7 = 0,
         array_remove(array[case when '劳模' = any(p.tags) then 'model_worker' end, case when p.occupation = 'sanitation' then 'sanitation' end,
                             case when p.employment_form = 'new_form' then 'new_form' end, case when ch.id % 7 = 0 then 'dual_earner' end], null),
         10, 4, 'staff'
    from camp_children ch join persons p on p.id = ch.guardian_person_id where p.id > ${base} and p.id_number_bidx like ${`camp-bench-${camp.id}-%`}`);
await db.execute(sql`update camps set next_no = ${ROWS} where event_id = ${camp.id}`);
const setupMs = ms(t0);
await publishSeed(db, actor, camp.id, `基准：2030年7月1日 体彩排列五开奖号码 ${Date.now() % 100000}`);

const t1 = process.hrtime.bigint();
const drawn = await runCampDraw(db, actor, camp.id);
const drawMs = ms(t1);

const t2 = process.hrtime.bigint();
const check = await checkDraw(db, actor, camp.id);
const rerunMs = ms(t2);

const t3 = process.hrtime.bigint();
const rows = await queryRows<{ no: number; groups: string[] }>(db, sql`select no, groups from camp_applications where event_id = ${camp.id}`);
const baselineMs = ms(t3);

console.log(
  JSON.stringify({
    mode: 'camp-draw',
    database: url ? 'postgresql' : 'pglite',
    applications: rows.length,
    places: drawn.places,
    taken: drawn.taken,
    setupMs: Math.round(setupMs),
    drawMs: Math.round(drawMs),
    rerunMs: Math.round(rerunMs),
    identical: check.identical,
    baselineSelectMs: Math.round(baselineMs),
    drawVsSelect: Number((drawMs / baselineMs).toFixed(1)),
  }),
);
await database.close();
