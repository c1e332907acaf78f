/**
 * 互助保障 at the size the articles speak of, beside same-run baselines (BENCH_SUITES=mutualaid).
 *   enrol   BENCH_MUTUALAID_PERSONS (default 200,000) new-employment-form workers over 4 cities × 3
 *           counties; a raw COPY of as many enrolment rows into a copy of the enrolments table (the
 *           baseline), then the union-gifted batch through the use case (enrolByRule: the plan's
 *           audience compiled to SQL, one set-based insert, the unique key skipping nobody) — rows/s
 *           and the ratio (target ≥ 0.20 × COPY)
 *   claims  BENCH_MUTUALAID_CLAIMS (default 1,000,000) claims over those enrolments, then one city's
 *           view as its staff read it: the claims list (first page, and filtered by status) and the
 *           statistics (by status, union and month) through the use cases — p50/p95 over 30 runs,
 *           beside a count(*) of the city's claims (target p95 < 100 ms)
 * PostgreSQL with BENCH_DB_URL, else PGlite in memory (then use smaller sizes).
 */
import { sql } from 'drizzle-orm';
import { openMemoryDatabase, openServerDatabase, queryRows } from '../src/server/db.ts';
import { systemActor, type Actor } from '../src/server/actor.ts';
import { AuditKey, installAuditKey } from '../src/modules/audit/index.ts';
import { findRoot, insertChildOrg, insertRootOrg } from '../src/modules/orgs/index.ts';
import type { OrgRow } from '../src/modules/orgs/orgs.schema.ts';
import { insertPlan } from '../src/modules/mutualaid/mutualaid.repository.ts';
import { enrolByRule } from '../src/modules/mutualaid/enrolment.service.ts';
import { claimStats, listClaims } from '../src/modules/mutualaid/claims.service.ts';
import { EligibilityRule, PayoutFormula } from '../src/modules/mutualaid/mutualaid.contract.ts';

const PERSONS = Number(process.env.BENCH_MUTUALAID_PERSONS ?? 200_000);
const CLAIMS = Number(process.env.BENCH_MUTUALAID_CLAIMS ?? 1_000_000);
const RUNS = 30;
const KEY = Buffer.alloc(32, 23);
const url = process.env.BENCH_DB_URL;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
const log = (s: string) => process.stderr.write(`    ${s}\n`);

const database = url ? await openServerDatabase(url, 8) : await openMemoryDatabase();
const db = database.db;
installAuditKey(new AuditKey(KEY));
const root =
  (await findRoot(db)) ??
  (await db.transaction((tx) => insertRootOrg(tx, (r) => systemActor(r), { name: '中华全国总工会', type: 'national', divisionCode: null })));
const actor = systemActor(root);
const stamp = Date.now();
const org = (parent: OrgRow, name: string, type: 'provincial' | 'city' | 'county', divisionCode: string) =>
  db.transaction((tx) =>
    insertChildOrg(tx, actor, {
      parentId: parent.id,
      name: `${name}${stamp}`,
      shortName: null,
      type,
      divisionCode,
      creditCode: null,
      address: null,
      contactName: null,
      contactPhone: null,
      foundedOn: null,
    }),
  );
// 宁夏's five cities' first four, three counties each (GB/T 2260).
const TREE: [string, string[]][] = [
  ['640100', ['640104', '640105', '640106']],
  ['640200', ['640202', '640205', '640221']],
  ['640300', ['640302', '640303', '640323']],
  ['640400', ['640402', '640422', '640423']],
];
const province = await org(root, '基准自治区总工会', 'provincial', '640000');
const cities: OrgRow[] = [];
const counties: OrgRow[] = [];
for (const [c, ks] of TREE) {
  const city = await org(province, `基准市${c}总工会`, 'city', c);
  cities.push(city);
  for (const k of ks) counties.push(await org(city, `基准区${k}总工会`, 'county', k));
}

// The registry: new-employment-form workers in the articles' mix (riders, couriers, truck and ride-hailing drivers, others).
log(`registry: ${PERSONS} persons`);
const countyIds = `{${counties.map((c) => c.id).join(',')}}`;
await db.execute(sql`
  insert into persons (org_id, name, name_pinyin, name_initials, sex, birth_date, id_type, id_number_enc, id_number_bidx, id_masked, id_last4, occupation, employment_form)
  select (${countyIds}::int[])[1 + g % ${counties.length}], '基准职工', 'jizhunzhigong', 'jzzg', 'male', date '1990-01-01', 'resident', 'v1.x',
         ${`mutualaid-${stamp}-`} || g, '150102********0000', lpad((g % 10000)::text, 4, '0'),
         (array['delivery_rider','courier','truck_driver','truck_driver','ride_hailing_driver', null])[1 + g % 6], 'new_form'
    from generate_series(1, ${PERSONS}) g`);
await db.execute(sql`analyze persons`);

const today = new Date().toISOString().slice(0, 10);
const planId = await insertPlan(db, {
  orgId: province.id,
  name: '基准新就业形态意外保障',
  kind: 'new_form_accident',
  termStart: today,
  termEnd: `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`,
  contributionFen: 20_00,
  audience: EligibilityRule.parse({ employmentForms: ['new_form'] }),
  waitingDays: 0,
  exclusions: null,
  formula: PayoutFormula.parse({ parts: [{ type: 'per_day', perDayFen: 50_00, fromDay: 1 }], yearlyCapFen: 100_000_00 }),
  requiredDocuments: [],
  claimDeadlineDays: 730,
  status: 'open',
});

// Baseline: a raw COPY of as many enrolment rows into a copy of the table (its indexes and checks).
await db.execute(sql.raw(`drop table if exists bench_enrol_copy; create unlogged table bench_enrol_copy (like mutualaid_enrolments including all)`));
async function* lines() {
  const chunk: string[] = [];
  for (let i = 1; i <= PERSONS; i++) {
    chunk.push(`${planId}\t2026\t${i}\t1\t${counties[i % counties.length]!.id}\tcourier\t\\N\tt\t2000\t${today}\t${today}\t10000000\n`);
    if (chunk.length === 10_000) yield chunk.splice(0).join('');
  }
  if (chunk.length) yield chunk.join('');
}
let t0 = process.hrtime.bigint();
await database.copyInto(
  'bench_enrol_copy',
  ['plan_id', 'period', 'person_id', 'batch_id', 'org_id', 'occupation', 'employer', 'gifted', 'contribution_fen', 'cover_from', 'cover_to', 'yearly_cap_fen'],
  lines(),
);
const copyMs = ms(t0);
await db.execute(sql.raw('drop table bench_enrol_copy'));

// The union-gifted batch through the use case.
t0 = process.hrtime.bigint();
const batch = await enrolByRule(db, actor, planId, { orgId: province.id, rule: null, gifted: true, paidOn: today, note: null });
const enrolMs = ms(t0);
log(`enrolled ${batch.persons} in ${Math.round(enrolMs)} ms; COPY ${PERSONS} in ${Math.round(copyMs)} ms`);

// 1,000,000 claims over the enrolments, set-based, in every state.
log(`claims: ${CLAIMS}`);
const [range] = await queryRows<{ lo: number; n: number }>(
  db,
  sql`select min(id)::int as lo, count(*)::int as n from mutualaid_enrolments where plan_id = ${planId}`,
);
await db.execute(sql`
  insert into mutualaid_claims (claim_no, plan_id, enrolment_id, person_id, org_id, event_date, facts, documents, claimed_fen, computed_fen, approved_fen, paid_fen,
                                explanation, flags, status, reject_reason)
  select 'B' || ${stamp}::text || '-' || g, ${planId}, e.id, e.person_id, e.org_id, ${today}::date - (g % 300), '{"hospitalDays":5,"outOfPocketFen":null,"disabilityGrade":null,"diagnosed":false}',
         '{}', 25000, 25000,
         case when g % 6 in (3, 4) then 25000 end, case when g % 6 = 4 then 25000 end,
         '按计划计算应给付 250.00元。', '[]',
         (array['received','reviewed','rechecked','approved','paid','rejected'])[1 + g % 6], case when g % 6 = 5 then '基准驳回' end
    from generate_series(1, ${CLAIMS}) g join mutualaid_enrolments e on e.id = ${range!.lo} + (g % ${range!.n})`);
await db.execute(sql`analyze mutualaid_claims`);

const city = cities[0]!;
const cityActor: Actor = { ...actor, orgId: city.id, orgPath: city.path };
async function timed(fn: () => Promise<unknown>) {
  await fn();
  const lat: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    await fn();
    lat.push(ms(t));
  }
  lat.sort((a, b) => a - b);
  return { p50: +percentile(lat, 50).toFixed(1), p95: +percentile(lat, 95).toFixed(1) };
}
const [cityCount] = await queryRows<{ n: number }>(
  db,
  sql`select count(*)::int as n from mutualaid_claims c join orgs o on o.id = c.org_id where o.path like ${`${city.path}%`}`,
);
const count = await timed(() =>
  queryRows(db, sql`select count(*)::int as n from mutualaid_claims c join orgs o on o.id = c.org_id where o.path like ${`${city.path}%`}`),
);
const list = await timed(() => listClaims(db, cityActor, { page: 1, pageSize: 20 }));
const listStatus = await timed(() => listClaims(db, cityActor, { page: 1, pageSize: 20, status: 'approved' }));
const stats = await timed(() => claimStats(db, cityActor, {}));

console.log(
  JSON.stringify({
    mode: 'run',
    persons: PERSONS,
    enrolled: batch.persons,
    copyRowsPerSecond: Math.round((PERSONS / copyMs) * 1000),
    enrolRowsPerSecond: Math.round((batch.persons / enrolMs) * 1000),
    enrolVsCopy: +(copyMs / enrolMs).toFixed(2),
    claims: CLAIMS,
    cityClaims: cityCount!.n,
    count,
    list,
    listStatus,
    stats,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
await database.close();
