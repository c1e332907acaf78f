/**
 * 适老化改造 under load: a programme whose budget covers half of the plans waiting for approval, and
 * every plan approved at once by `clients` (default 16) concurrent approvers, so commitments queue
 * on the programme's row lock and the second half is refused for want of budget. Then
 *   approve   the use case (lock the programme, check committed + new ≤ budget, commit, audit)
 *   baseline  reading the same plans (getPlan: the plan page's one read), same clients
 *   check     committed equals the budget to the fen, exactly half approved, nothing over
 *   stats     the statistics (by region, item and stage) over `BENCH_RETROFIT_STATS_ROWS` (default
 *             100,000) settled plans  vs  a plain count(*) of the same table
 * On PostgreSQL when BENCH_DB_URL is set (`npm run bench` sets it), else on the embedded database.
 * Prints one JSON line.
 */
import { sql } from 'drizzle-orm';
import { openMemoryDatabase, openServerDatabase, queryRows } from '../src/server/db.ts';
import { systemActor, type Actor } from '../src/server/actor.ts';
import { AuditKey, installAuditKey } from '../src/modules/audit/index.ts';
import { findRoot, insertRootOrg } from '../src/modules/orgs/index.ts';
import { insertSystemAccount } from '../src/modules/auth/index.ts';
import { createProgramme, getPlan, review, stats } from '../src/modules/retrofits/retrofits.service.ts';

const PLANS = Number(process.env.BENCH_RETROFIT_PLANS ?? 2_000);
const STATS_ROWS = Number(process.env.BENCH_RETROFIT_STATS_ROWS ?? 100_000);
const CLIENTS = Number(process.env.BENCH_RETROFIT_CLIENTS ?? 16);
const ITEM_FEN = 1_000_00;
const KEY = Buffer.alloc(32, 19);
const url = process.env.BENCH_DB_URL;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;

const database = url ? await openServerDatabase(url, CLIENTS + 2) : await openMemoryDatabase();
const db = database.db;
installAuditKey(new AuditKey(KEY));
const root =
  (await findRoot(db)) ??
  (await db.transaction((tx) => insertRootOrg(tx, (r) => systemActor(r), { name: '中华全国总工会', type: 'national', divisionCode: null })));
const stamp = Date.now();
const account = async (name: string) =>
  (await insertSystemAccount(db, { username: `${name}_${stamp}`, displayName: name, orgId: root.id, roles: ['union_admin'], passwordHash: 'x' })).id;
const planner: Actor = { ...systemActor(root), accountId: await account('retrofit_planner') };
const approver: Actor = { ...systemActor(root), accountId: await account('retrofit_approver') };

/** `n` model workers and a plan each in `programmeId`, with one item of 1,000 元, set-based. */
async function plans(programmeId: number, n: number, stage: 'review' | 'settled', tag: string) {
  await db.execute(sql`
    insert into persons (org_id, name, name_pinyin, name_initials, sex, birth_date, id_type, id_number_enc, id_number_bidx, id_masked, id_last4, tags)
    select ${root.id}, '基准劳模', 'jizhunlaomo', 'jzlm', 'male', date '1945-01-01', 'resident', 'v1.x', ${`retrofit-${tag}-${stamp}-`} || g,
           '150102********0000', lpad((g % 10000)::text, 4, '0'), array['劳模']
      from generate_series(1, ${n}) g`);
  const rows = await queryRows<{ id: number }>(
    db,
    sql`insert into retrofit_plans (programme_id, person_id, org_id, org_path, stage, planned_by, approved_fen, actual_fen)
        select ${programmeId}, p.id, ${root.id}, ${root.path}, ${stage}, ${planner.accountId},
               ${stage === 'settled' ? ITEM_FEN : 0}, ${stage === 'settled' ? ITEM_FEN - 50_00 : 0}
          from persons p where p.id_number_bidx like ${`retrofit-${tag}-${stamp}-%`}
        returning id`,
  );
  await db.execute(sql`
    insert into retrofit_items (plan_id, kind, name, budget_fen, actual_fen, done)
    select p.id, (array['handrail','antislip','bathroom','lighting','alarm','entrance'])[1 + p.id % 6], '基准改造项', ${ITEM_FEN},
           ${stage === 'settled' ? ITEM_FEN - 50_00 : null}, ${stage === 'settled'}
      from retrofit_plans p where p.programme_id = ${programmeId}`);
  return rows.map((r) => r.id);
}

/** Runs `fn` over `ids` through `CLIENTS` concurrent callers; latencies and outcomes. */
async function concurrently(ids: number[], fn: (id: number) => Promise<unknown>) {
  let next = 0;
  const lat: number[] = [];
  const outcomes: Record<string, number> = {};
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        const t = process.hrtime.bigint();
        const outcome = await fn(id).then(
          () => 'ok',
          (err: { status?: number }) => String(err.status ?? 'error'),
        );
        lat.push(ms(t));
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      }
    }),
  );
  const wall = ms(t0);
  lat.sort((a, b) => a - b);
  return {
    n: ids.length,
    wallMs: Math.round(wall),
    perSecond: +((ids.length / wall) * 1000).toFixed(1),
    p50: +percentile(lat, 50).toFixed(1),
    p99: +percentile(lat, 99).toFixed(1),
    outcomes,
  };
}

const budget = Math.floor(PLANS / 2) * ITEM_FEN;
const programme = await createProgramme(db, planner, { name: `基准改造项目${stamp}`, year: 2030, orgId: root.id, budgetFen: budget, funds: [] });
const ids = await plans(programme.id, PLANS, 'review', 'load');
await db.execute(sql`analyze`);

const baseline = await concurrently(ids, (id) => getPlan(db, approver, id));
const approve = await concurrently(ids, (id) => review(db, approver, id, { approve: true, note: null }));
const [check] = await queryRows<{ committed: number; budget: number; approved: number; over: number }>(
  db,
  sql`select g.committed_fen::float8 as committed, g.budget_fen::float8 as budget,
             (select count(*)::int from retrofit_plans p where p.programme_id = g.id and p.stage = 'approved') as approved,
             (select count(*)::int from retrofit_plans p where p.programme_id = g.id and p.stage = 'review' and p.approved_fen > 0) as over
        from retrofit_programmes g where g.id = ${programme.id}`,
);

// Statistics over many settled plans.
const big = await createProgramme(db, planner, { name: `基准统计项目${stamp}`, year: 2030, orgId: root.id, budgetFen: STATS_ROWS * ITEM_FEN, funds: [] });
await plans(big.id, STATS_ROWS, 'settled', 'stats');
await db.execute(sql`analyze`);
const timeIt = async (fn: () => Promise<unknown>, rounds = 5) => {
  const runs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = process.hrtime.bigint();
    await fn();
    runs.push(ms(t));
  }
  runs.sort((a, b) => a - b);
  return +percentile(runs, 50).toFixed(1);
};
const countMs = await timeIt(() => queryRows(db, sql`select count(*) from retrofit_plans`));
const statsMs = await timeIt(() => stats(db, approver, {}));
await database.close();

console.log(
  JSON.stringify({
    plans: PLANS,
    clients: CLIENTS,
    engine: url ? 'postgres' : 'pglite',
    baseline,
    approve,
    approveVsRead: +(approve.perSecond / baseline.perSecond).toFixed(2),
    exact: check!.committed === check!.budget && check!.approved === Math.floor(PLANS / 2) && check!.over === 0,
    committedFen: check!.committed,
    budgetFen: check!.budget,
    approved: check!.approved,
    statsRows: STATS_ROWS,
    countMs,
    statsMs,
    statsVsCount: +(statsMs / Math.max(countMs, 0.1)).toFixed(1),
  }),
);
