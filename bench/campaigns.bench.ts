/**
 * Measurements for care campaigns, one per invocation, each printed as one JSON line; bench/run.ts
 * puts them beside their same-run baselines.
 *   setup    demo province, 500,000 workers, 20 campaigns × 500,000 disbursement lines (10M),
 *            and a running campaign with distribution points for the live load
 *   rollup   live roll-up of one campaign to the 12 city federations (covering index) vs the
 *            whole tree's progress from the pre-aggregated counters
 *   serve    the HTTP server on the bench database (killed by the orchestrator)
 *   load     50 concurrent clients: on-site confirmations (half scan codes twice) vs a plain
 *            primary-key read route; then the ledger is checked for duplicates and overspending
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { openServerDatabase, queryRows } from '../src/server/db.ts';
import { FieldCipher } from '../src/server/crypto.ts';
import { readConfig } from '../src/server/config.ts';
import { bootstrap } from '../src/server/bootstrap.ts';
import { AuditKey, installAuditKey } from '../src/modules/audit/index.ts';
import { buildApp } from '../src/server/app.ts';
import { systemActor } from '../src/server/actor.ts';
import { findRoot } from '../src/modules/orgs/index.ts';
import { hashPassword, insertSystemAccount } from '../src/modules/auth/index.ts';
import { progress } from '../src/modules/campaigns/reporting.service.ts';
import { qrCodeFor } from '../src/modules/campaigns/distribution.service.ts';
import { addDays, chinaToday } from '../src/shared/dates.ts';

const args = Object.fromEntries(process.argv.slice(3).map((a) => a.replace(/^--/, '').split('=')) as [string, string][]);
const mode = process.argv[2];
const out = (o: Record<string, unknown>) => console.log(JSON.stringify({ mode, ...o, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
const KEY = Buffer.alloc(32, 9);
const PASSWORD = 'Bench2026x';
const CAMPAIGNS = Number(args.campaigns ?? 20);
const PER_CAMPAIGN = Number(args.lines ?? 500_000);
const LIVE_BENEFICIARIES = 200_000;
const POINTS = 25;
const log = (s: string) => process.stderr.write(`    ${s}\n`);
/**
 * The live campaign's period runs around today in China: the confirm function refuses a hand-out
 * outside it, and the load's hand-outs are dated today. The ended campaigns' lines stay in January 2026.
 */
const LIVE_PERIOD = { startsOn: addDays(chinaToday(), -30), endsOn: addDays(chinaToday(), 30) };

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

async function setup(url: string) {
  const database = await openServerDatabase(url, 4);
  const { db } = database;
  const cipher = new FieldCipher(KEY);
  installAuditKey(new AuditKey(KEY));
  const t0 = Date.now();
  await bootstrap(db, { ...readConfig({ LOG_LEVEL: 'silent' }), demo: true, adminPassword: PASSWORD }, cipher);
  const root = (await findRoot(db))!;
  const [nmg] = await queryRows<{ id: number; path: string }>(db, sql`select id, path from orgs where name = '内蒙古自治区总工会'`);
  const staff = await insertSystemAccount(db, {
    username: 'bench_staff',
    displayName: '基准测试',
    orgId: nmg!.id,
    roles: ['union_admin'],
    passwordHash: await hashPassword(PASSWORD),
  });
  log(`demo tree ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // Bulk facts are written set-based; foreign keys are checked once afterwards instead of per row.
  await db.execute(sql`set session_replication_role = replica`);
  const leaves = sql`(select array_agg(id order by id) as ids, array_agg(path order by id) as paths, count(*)::int as n
      from orgs where path like ${nmg!.path + '%'} and array_length(string_to_array(trim(both '/' from path), '/'), 1) >= 4
       and split_part(path, '/', 4)::int in (select id from orgs where parent_id = ${nmg!.id} and type = 'city'))`;
  const people = PER_CAMPAIGN + LIVE_BENEFICIARIES;
  let t = Date.now();
  await db.execute(sql`insert into persons (id, org_id, name, name_pinyin, name_initials, sex, birth_date, id_type, id_number_enc, id_number_bidx, id_masked, id_last4, occupation, employment_form)
      overriding system value
      select g, l.ids[1 + g % l.n], '职工' || g, 'zhigong' || g, 'zg', case when g % 2 = 0 then 'male' else 'female' end, date '1970-01-01' + (g % 12000),
             'resident', 'bench', 'bench-' || g, '150102********' || lpad((g % 10000)::text, 4, '0'), lpad((g % 10000)::text, 4, '0'), 'sanitation', 'standard'
        from generate_series(1000001, ${1_000_000 + people}) g, ${leaves} l`);
  log(`${people} persons ${((Date.now() - t) / 1000).toFixed(1)} s`);

  // 20 campaigns of the region, each reaching the same 500,000 workers, one line each over 30 days.
  t = Date.now();
  for (let c = 1; c <= CAMPAIGNS + 1; c++) {
    const live = c === CAMPAIGNS + 1;
    const [row] = await queryRows<{ id: number }>(
      db,
      sql`insert into campaigns (org_id, name, theme, kind, starts_on, ends_on, mode, status, rule, created_by, approved_by, frozen_at)
          values (${nmg!.id}, ${live ? '基准：现场发放' : `基准慰问活动${c}`}, '城市因你而美 工会关爱随行', 'concentrated', ${live ? LIVE_PERIOD.startsOn : '2026-01-01'}, ${live ? LIVE_PERIOD.endsOn : '2026-01-30'}, 'cascade', ${live ? 'running' : 'ended'}, '{}'::jsonb, null, ${staff.id}, now()) returning id`,
    );
    const id = row!.id;
    await db.execute(sql`insert into campaign_packages (campaign_id, name, kind, value_fen, sort) values (${id}, '慰问金', 'cash', 20000, 0)`);
    const [pk] = await queryRows<{ id: number }>(db, sql`select id from campaign_packages where campaign_id = ${id}`);
    const from = live ? 1_000_001 + PER_CAMPAIGN : 1_000_001;
    const count = live ? LIVE_BENEFICIARIES : PER_CAMPAIGN;
    await db.execute(sql`insert into campaign_beneficiaries (campaign_id, person_id, org_id, org_path, allocation_org_id, package_id, amount_fen, source, received, lines_written, max_count)
        select ${id}, p.id, p.org_id, o.path, split_part(o.path, '/', 5)::int, ${pk!.id}, 20000, 'rule', ${live ? 0 : 1}, ${live ? 0 : 1}, 1
          from persons p join orgs o on o.id = p.org_id where p.id between ${from} and ${from + count - 1}`);
    if (!live) {
      // Entered from signed paper sheets, 30 signatures to a sheet.
      await db.execute(sql`insert into disbursement_lines (campaign_id, beneficiary_id, person_id, org_id, org_path, package_id, allocation_org_id, kind, seq, amount_fen, "on", idempotency_key, at, evidence, evidence_ref)
          select b.campaign_id, b.id, b.person_id, b.org_id, b.org_path, b.package_id, b.allocation_org_id, 'issue', 1, b.amount_fen,
                 date '2026-01-01' + (b.id % 30)::int, 'bench:' || b.id, timestamptz '2026-01-01 09:00+08' + ((b.id % 30) || ' days')::interval,
                 'paper', 'bench-' || (b.id / 30)
            from campaign_beneficiaries b where b.campaign_id = ${id}`);
      await db.execute(sql`insert into campaign_progress (campaign_id, org_id, day, org_path, persons, person_times, amount_fen)
          select campaign_id, org_id, "on", min(org_path), count(*), count(*), sum(amount_fen) from disbursement_lines where campaign_id = ${id} group by campaign_id, org_id, "on"`);
    }
    await db.execute(sql`insert into campaign_list_counts (campaign_id, org_id, org_path, beneficiaries)
        select campaign_id, org_id, min(org_path), count(*) from campaign_beneficiaries where campaign_id = ${id} group by campaign_id, org_id`);
    // Allocations down the tree: the region to its 12 cities, each city to its counties, each
    // county its list's worth (in the live campaign one county gets only 200 packages' worth).
    await db.execute(sql`insert into campaign_allocations (campaign_id, org_id, parent_org_id, org_path, quota, budget_fen, spent_fen)
        select ${id}, o.id, o.parent_id, o.path, c.n, c.n::bigint * 20000, ${live ? sql`0` : sql`c.n::bigint * 20000`}
          from orgs o join (select allocation_org_id, count(*)::int as n from campaign_beneficiaries where campaign_id = ${id} group by 1) c on c.allocation_org_id = o.id`);
    if (live) {
      await db.execute(
        sql`update campaign_allocations set budget_fen = 200 * 20000 where campaign_id = ${id} and org_id = (select org_id from campaign_allocations where campaign_id = ${id} order by quota desc limit 1)`,
      );
    }
    await db.execute(sql`insert into campaign_allocations (campaign_id, org_id, parent_org_id, org_path, quota, budget_fen, child_quota, child_budget_fen)
        select ${id}, o.id, ${nmg!.id}, o.path, sum(a.quota), sum(a.budget_fen), sum(a.quota), sum(a.budget_fen)
          from campaign_allocations a join orgs o on o.id = a.parent_org_id where a.campaign_id = ${id} group by o.id, o.path`);
    await db.execute(sql`insert into campaign_allocations (campaign_id, org_id, parent_org_id, org_path, quota, budget_fen, child_quota, child_budget_fen)
        select ${id}, ${nmg!.id}, null, ${nmg!.path}, sum(quota), sum(budget_fen), sum(quota), sum(budget_fen) from campaign_allocations where campaign_id = ${id} and parent_org_id = ${nmg!.id}`);
    if (c % 5 === 0) log(`campaign ${c}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  await db.execute(sql`set session_replication_role = origin`);
  const [live] = await queryRows<{ id: number }>(db, sql`select id from campaigns where name = '基准：现场发放'`);
  // Distribution points: one per county with the most workers on the list, staff of the region on duty.
  await db.execute(sql`insert into campaign_points (campaign_id, org_id, name, duty_account_ids)
      select ${live!.id}, o.id, o.name || '发放点', array[${staff.id}]::int[]
        from orgs o join (select split_part(org_path, '/', 5)::int as county, count(*) as n from campaign_beneficiaries where campaign_id = ${live!.id} group by 1) c on c.county = o.id
       order by c.n desc limit ${POINTS}`);
  await db.execute(sql`insert into campaign_point_stock (point_id, package_id, quantity)
      select p.id, pk.id, 100000 from campaign_points p join campaign_packages pk on pk.campaign_id = p.campaign_id where p.campaign_id = ${live!.id}`);
  t = Date.now();
  await db.execute(sql`vacuum analyze`);
  log(`vacuum analyze ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const [n] = await queryRows<{ lines: string; campaigns: number }>(
    db,
    sql`select count(*)::bigint as lines, count(distinct campaign_id)::int as campaigns from disbursement_lines`,
  );
  await database.close();
  out({ lines: Number(n!.lines), campaigns: n!.campaigns, seconds: (Date.now() - t0) / 1000, root: root.id });
}

/** The best live query: one campaign's lines by city through the covering index (index-only scan). */
async function rollup(url: string) {
  const database = await openServerDatabase(url, 2);
  const { db } = database;
  const [c] = await queryRows<{ id: number }>(db, sql`select id from campaigns where name = '基准慰问活动1'`);
  const [nmg] = await queryRows<{ id: number; path: string }>(db, sql`select id, path from orgs where name = '内蒙古自治区总工会'`);
  const live = () =>
    queryRows(
      db,
      sql`select split_part(org_path, '/', 4) as city, count(distinct beneficiary_id) filter (where kind = 'issue') as persons,
                 sum(case when kind = 'issue' then 1 else -1 end) as person_times, sum(amount_fen) as amount
            from disbursement_lines where campaign_id = ${c!.id} and org_path like ${nmg!.path + '%'} group by 1`,
    );
  const [plan] = await queryRows<{ 'QUERY PLAN': string }>(
    db,
    sql`explain select org_path, amount_fen from disbursement_lines where campaign_id = ${c!.id} and org_path like ${nmg!.path + '%'}`,
  );
  const actor = { ...systemActor({ id: nmg!.id, path: nmg!.path }), orgId: nmg!.id };
  const whole = () => progress(db, actor, c!.id);
  const check = await whole();
  const liveRows = (await live()) as { persons: string; amount: string }[];
  const liveTotal = liveRows.reduce((s, r) => s + Number(r.amount), 0);
  if (liveTotal !== check.total.amountFen) throw new Error(`pre-aggregated ${check.total.amountFen} ≠ live ${liveTotal}`);
  const time = async (f: () => Promise<unknown>, n: number) => {
    for (let i = 0; i < 3; i++) await f();
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = process.hrtime.bigint();
      await f();
      ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    ms.sort((a, b) => a - b);
    return { median: percentile(ms, 50), p95: percentile(ms, 95) };
  };
  const liveMs = await time(live, 15);
  const wholeMs = await time(whole, 50);
  await database.close();
  out({ liveMs, wholeMs, nodes: check.nodes.length, cities: liveRows.length, lines: check.total.personTimes, plan: plan!['QUERY PLAN'] });
}

async function serve(url: string) {
  const database = await openServerDatabase(url, Number(args.pool ?? 16));
  const cipher = new FieldCipher(KEY);
  installAuditKey(new AuditKey(KEY));
  const config = { ...readConfig({ LOG_LEVEL: 'silent' }), demo: false };
  const app = await buildApp({ db: database.db, config, cipher, copyInto: database.copyInto });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address() as { port: number };
  console.log(JSON.stringify({ mode, port: address.port }));
  const stop = () =>
    void app
      .close()
      .then(() => database.close())
      .finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

interface Reply {
  status: number;
  body: string;
  ms: number;
}

async function load(url: string, port: number) {
  // The server's key (serve uses the same), to make the pick-up codes the phones scan.
  const cipher = new FieldCipher(KEY);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const request = (method: string, path: string, session: { cookie: string; csrf: string } | null, body?: unknown) =>
    new Promise<Reply>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const t0 = process.hrtime.bigint();
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          agent,
          headers: {
            ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
            ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}),
          },
        },
        (res) => {
          let data = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (data += c));
          res.on('end', () => resolve({ status: res.statusCode!, body: data, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
        },
      );
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  const sessions: { cookie: string; csrf: string }[] = [];
  for (let i = 0; i < 5; i++) {
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const payload = JSON.stringify({ username: 'bench_staff', password: PASSWORD });
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/auth/login',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        resolve,
      );
      req.on('error', reject);
      req.end(payload);
    });
    res.resume();
    const cookie = res.headers['set-cookie']!.map((c) => c.split(';')[0]).join('; ');
    const me = await request('GET', '/api/auth/me', { cookie, csrf: '' });
    sessions.push({ cookie, csrf: JSON.parse(me.body).csrfToken });
  }

  const database = await openServerDatabase(url, 2);
  const { db } = database;
  const [live] = await queryRows<{ id: number }>(db, sql`select id from campaigns where name = '基准：现场发放'`);
  const points = await queryRows<{ id: number; path: string }>(
    db,
    sql`select p.id, o.path from campaign_points p join orgs o on o.id = p.org_id where p.campaign_id = ${live!.id} order by p.id`,
  );
  const queues: number[][] = [];
  for (const p of points) {
    const rows = await queryRows<{ id: string }>(
      db,
      sql`select id from campaign_beneficiaries where campaign_id = ${live!.id} and org_path like ${p.path + '%'} order by random()`,
    );
    queues.push(rows.map((r) => Number(r.id)));
  }
  const [person] = await queryRows<{ id: string }>(db, sql`select id from persons order by id desc limit 1`);
  const CLIENTS = Number(args.clients ?? 50);
  const SECONDS = Number(args.seconds ?? 15);

  // Baseline: a plain primary-key read through the same stack (session, scope, JSON).
  const run = async (fn: (client: number) => Promise<Reply | null>) => {
    const latencies: number[] = [];
    const statuses: Record<string, number> = {};
    const byStatus: Record<string, number[]> = {};
    const end = Date.now() + SECONDS * 1000;
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        while (Date.now() < end) {
          const r = await fn(client);
          if (!r) break;
          latencies.push(r.ms);
          statuses[r.status] = (statuses[r.status] ?? 0) + 1;
          (byStatus[r.status] ??= []).push(r.ms);
        }
      }),
    );
    const seconds = (Date.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    const p50ByStatus = Object.fromEntries(
      Object.entries(byStatus).map(([k, v]) => [
        k,
        +percentile(
          v.sort((a, b) => a - b),
          50,
        ).toFixed(1),
      ]),
    );
    return {
      requests: latencies.length,
      perSecond: latencies.length / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      statuses,
      p50ByStatus,
    };
  };
  const pk = await run((client) => request('GET', args.pk ?? `/api/people/${person!.id}`, sessions[client % sessions.length]!));

  // Confirmations: clients k and k+25 work the same point and the same queue of codes, so every
  // code is scanned twice at about the same moment; one in ten requests is also retried with its key.
  const cursors = new Array(POINTS).fill(0);
  const taken: number[][] = points.map(() => []);
  let created = 0;
  let retried = 0;
  const conf = await run(async (client) => {
    const lane = client % POINTS;
    const second = client >= POINTS;
    const queue = queues[lane]!;
    let bid: number | undefined;
    if (!second) {
      bid = queue[cursors[lane]++];
      if (bid === undefined) return null;
      taken[lane]!.push(bid);
    } else {
      bid = taken[lane]!.shift() ?? queue[cursors[lane]++];
      if (bid === undefined) return null;
    }
    const key = randomUUID().replace(/-/g, '');
    const session = sessions[client % sessions.length]!;
    // Each phone scanned the person's pick-up card: the code goes with the confirmation as its evidence.
    const body = { beneficiaryId: bid, evidence: { kind: 'qr', code: qrCodeFor(cipher, bid) }, idempotencyKey: key };
    const r = await request('POST', `/api/points/${points[lane]!.id}/confirm`, session, body);
    if (r.status === 200 && JSON.parse(r.body).created) created++;
    if (!second && r.status === 200 && bid % 10 === 0) {
      const again = await request('POST', `/api/points/${points[lane]!.id}/confirm`, session, body);
      if (again.status !== 200 || JSON.parse(again.body).created) throw new Error(`retry with the same key wrote again: ${again.status} ${again.body}`);
      retried++;
    }
    if (r.status >= 500) throw new Error(`confirm failed: ${r.status} ${r.body}`);
    return r;
  });

  // After the load: the ledger, the counters and the budgets must agree exactly.
  const [dup] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from (select beneficiary_id from disbursement_lines where campaign_id = ${live!.id} and kind = 'issue' group by beneficiary_id having count(*) > 1) d`,
  );
  const [lines] = await queryRows<{ n: number; amount: string }>(
    db,
    sql`select count(*)::int as n, coalesce(sum(amount_fen), 0)::bigint as amount from disbursement_lines where campaign_id = ${live!.id}`,
  );
  const [over] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from campaign_allocations where campaign_id = ${live!.id} and spent_fen + child_budget_fen > budget_fen`,
  );
  const [drift] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from campaign_allocations a where a.campaign_id = ${live!.id}
          and a.spent_fen <> coalesce((select sum(amount_fen) from disbursement_lines d where d.campaign_id = a.campaign_id and d.allocation_org_id = a.org_id), 0)`,
  );
  const [prog] = await queryRows<{ times: string; amount: string }>(
    db,
    sql`select coalesce(sum(person_times), 0)::bigint as times, coalesce(sum(amount_fen), 0)::bigint as amount from campaign_progress where campaign_id = ${live!.id}`,
  );
  await database.close();
  agent.destroy();
  out({
    clients: CLIENTS,
    seconds: SECONDS,
    primaryKey: pk,
    confirm: conf,
    created,
    retriedSameKey: retried,
    linesWritten: lines!.n,
    duplicateLines: dup!.n,
    overspentAllocations: over!.n,
    allocationsOffLedger: drift!.n,
    progressMatchesLedger: Number(prog!.times) === lines!.n && Number(prog!.amount) === Number(lines!.amount),
    createdMatchesLines: created === lines!.n,
  });
}

async function main() {
  switch (mode) {
    case 'setup':
      return setup(args.db!);
    case 'rollup':
      return rollup(args.db!);
    case 'serve':
      return serve(args.db!);
    case 'load':
      return load(args.db!, Number(args.port));
    default:
      throw new Error(`unknown mode ${mode}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
