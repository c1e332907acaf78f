/**
 * Runs the benchmarks, each in its own process, and prints every figure beside the baseline
 * measured in the same run on the same machine, then one JSON line with them all.
 * BENCH_SUITES picks the suites: people,campaigns,start,page,portal,checkin,signup,camps,stations,retrofits,health,mutualaid,scaleout,partitions (all of them, the default).
 * Running past one process (BENCH_SUITES=scaleout; BENCH_SCALEOUT_SECONDS, default 10, BENCH_SCALEOUT_CONNECTIONS, default 50):
 *   deploy/topology.sh's primary + streaming replica + app processes behind nginx, autocannon through nginx:
 *   on-site confirm and the portal's home call with 2 app processes  vs  the same with 1 (the baseline)
 *   the same under faults: kill -9 of an app mid-run, the replica stopped, the primary restarted mid-run
 * Monthly partitions (BENCH_SUITES=partitions; BENCH_PARTITION_ROWS, default 100,000 a month, 12 months): the audit log
 *   writes into this month, one month's report, and the oldest month archived (DETACH)  vs  the same rows in one unpartitioned table (DELETE)
 * 互助保障 (BENCH_SUITES=mutualaid; BENCH_MUTUALAID_PERSONS, default 200,000, BENCH_MUTUALAID_CLAIMS, default 1,000,000): see bench/mutualaid.bench.ts.
 * 健康守护 (BENCH_SUITES=health; BENCH_HEALTH_WORKERS, default 2,000, BENCH_HEALTH_SECONDS, default 60):
 *   2,000 workers booking 500 slots (4 places each) in a minute  vs  GET /api/m/me, the same workers and pace; then no slot overbooked
 *   100,000 result lines through the import (PostgreSQL, then PGlite)  vs  raw COPY of the same lines into the same staging table
 * People registry:
 *   import .xlsx (PostgreSQL)  vs  bare exceljs streaming read of the same file
 *   import .csv  (PostgreSQL)  vs  raw COPY of the same rows into the same table
 *   import .xlsx (PGlite)      vs  bare exceljs read of that file
 *   search p95                 vs  primary-key read p95
 *   duplicate scan             vs  a full scan of the table
 * Care campaigns (10M disbursement lines over the demo province):
 *   whole-tree progress (pre-aggregated)  vs  live roll-up to the cities (covering index)
 *   on-site confirmations over HTTP       vs  a primary-key read route, same 50 clients
 * First start (BENCH_SUITES=start; BENCH_STARTS, default 3, starts of each):
 *   first start with the demo dataset     vs  a bare first start (NIANGJIA_DEMO=0), fresh data dirs
 * First page (BENCH_SUITES=page; BENCH_PAGE_ROUNDS, default 7):
 *   home page after sign-in, cold cache   vs  a static one-line page in the same browser
 * Worker portal (BENCH_SUITES=portal; BENCH_PORTAL_ROUNDS, default 5):
 *   signed-in home and 我的权益, 200 members each reading a page ~5 s between pages
 *                                          vs  the primary-key read route, the same 200 members (PostgreSQL)
 *   the same three back to back (saturation): requests a second one app process answers
 *   first load: brotli JavaScript until usable, and no antd chunk among it
 *   usable on DevTools' Fast 3G            vs  the same page unthrottled
 * Offline check-in (BENCH_SUITES=checkin):
 *   10,000 queued check-ins (+2,000 from a second phone, a replay) synced over HTTP  vs  the same rows by one plain INSERT
 * Sign-up rush (BENCH_SUITES=signup; BENCH_SIGNUP_WORKERS, default 5,000, BENCH_SIGNUP_SECONDS, default 60):
 *   a 500-place 夏令营, 5,000 workers signing up in a minute, ≤200 at once  vs  GET /api/m/me, the same workers and pace
 *   the same back to back (saturation); then: exactly 500 confirmed, nobody twice
 * Camp draw (BENCH_SUITES=camps; BENCH_CAMP_ROWS, default 100,000):
 *   摇号 of 500 places among 100,000 applications, and its re-run  vs  a plain SELECT of the same rows
 * 工会驿站 (BENCH_SUITES=stations; BENCH_STATIONS, default 200,000, BENCH_STATION_WORKERS, default 5,000,
 * BENCH_STATION_RATE, default 1,000 scans a second, BENCH_STATION_QUERIES, default 2,000):
 *   the nearest 10 open stations at random points, one at a time  vs  GET /api/stations/:id, interleaved
 *   the map's clusters of a viewport (whole China z4, a province z7, a city z11, a district z14,
 *   random) and the first, index-building request  vs  GET /api/stations/:id, interleaved
 *   visit scans at 1,000/s, every worker twice (a fifth at once)   vs  GET /api/m/me, the same schedule
 *   then: one visit per worker, station and hour, none told twice
 * 适老化改造 (BENCH_SUITES=retrofits; BENCH_RETROFIT_PLANS, default 2,000, BENCH_RETROFIT_CLIENTS, default 16,
 * BENCH_RETROFIT_STATS_ROWS, default 100,000):
 *   every plan approved at once against a programme whose budget covers half  vs  reading the same plans, same clients
 *   then: committed equals the budget to the fen, exactly half approved
 *   statistics over the settled plans  vs  a plain count(*) of the table
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const PGLITE_ROWS = Number(process.env.BENCH_PGLITE_ROWS ?? 100_000);
const SERVER = process.env.BENCH_DB_URL;
if (!SERVER) throw new Error('BENCH_DB_URL is not set: run `npm run bench`');

const SUITES = (
  process.env.BENCH_SUITES ?? 'people,campaigns,start,page,portal,checkin,signup,camps,stations,retrofits,health,mutualaid,scaleout,partitions'
).split(',');

// The JSON line a bench script prints: figures read by name, shapes differ by script.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Result = Record<string, any>;
function run(mode: string, args: Record<string, string | number>, script = 'bench/people.bench.ts', env?: Record<string, string>): Result {
  const argv = ['--import', 'tsx', script, mode, ...Object.entries(args).map(([k, v]) => `--${k}=${v}`)];
  const stdout = execFileSync(process.execPath, argv, {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: env ? { ...process.env, ...env } : process.env,
  });
  const line = stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .pop()!;
  const r = JSON.parse(line) as Result;
  process.stderr.write(`  ${mode} ${JSON.stringify(args)} → ${line}\n`);
  return r;
}

async function freshDatabase(name: string) {
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(SERVER!);
  u.pathname = `/${name}`;
  return u.toString();
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

type Row = [string, string, string, string];

async function peopleSuite(): Promise<{ rows: Row[]; json: Result }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-bench-'));
  const small = path.join(dir, 'small');
  try {
    run('gen', { rows: ROWS, dir });
    run('gen', { rows: PGLITE_ROWS, dir: small });
    // Each load into an empty database of its own (the disbursement ledger refuses TRUNCATE, and
    // every measurement should start from the same state); search and the scan use the last one.
    const crypto = run('crypto', { rows: 200_000 });
    const bare = run('bare-read', { file: path.join(dir, 'roster.xlsx') });
    const copy = run('copy', { db: await freshDatabase('niangjia_bench_copy'), file: path.join(dir, 'persons.tsv') });
    const xlsx = run('import', { db: await freshDatabase('niangjia_bench_xlsx'), file: path.join(dir, 'roster.xlsx') });
    const db = await freshDatabase('niangjia_bench');
    const csv = run('import', { db, file: path.join(dir, 'roster.csv') });
    const search = run('search', { db, rows: ROWS });
    const scan = run('dupscan', { db });
    const bareSmall = run('bare-read', { file: path.join(small, 'roster.xlsx') });
    const pglite = run('import', { db: 'pglite', file: path.join(small, 'roster.xlsx') });

    const rows: Row[] = [
      ['baseline: HMAC + AES-GCM (ID and phone), one core', `${fmt(crypto.rowsPerSecond)} rows/s`, '', ''],
      [`baseline: bare exceljs streaming read, ${fmt(ROWS)} rows × 10`, `${fmt(bare.rowsPerSecond)} rows/s`, '', ''],
      [`baseline: raw COPY into persons, ${fmt(ROWS)} rows`, `${fmt(copy.rowsPerSecond)} rows/s`, '', ''],
      [
        `.xlsx import into PostgreSQL, ${fmt(xlsx.rows)} rows`,
        `${fmt(xlsx.rowsPerSecond)} rows/s`,
        `${fmt(xlsx.rowsPerSecond / bare.rowsPerSecond, 2)} × bare read`,
        `goal ≥ 0.6; peak RSS ${fmt(xlsx.maxRssMb)} MiB (goal < 1024)`,
      ],
      [
        `.csv import into PostgreSQL, ${fmt(csv.rows)} rows`,
        `${fmt(csv.rowsPerSecond)} rows/s`,
        `${fmt(csv.rowsPerSecond / copy.rowsPerSecond, 2)} × raw COPY`,
        `goal ≥ 0.2; peak RSS ${fmt(csv.maxRssMb)} MiB`,
      ],
      [
        `.xlsx import into PGlite, ${fmt(pglite.rows)} rows`,
        `${fmt(pglite.rowsPerSecond)} rows/s`,
        `${fmt(pglite.rowsPerSecond / bareSmall.rowsPerSecond, 2)} × bare read (${fmt(bareSmall.rowsPerSecond)} rows/s)`,
        `peak RSS ${fmt(pglite.maxRssMb)} MiB`,
      ],
      [
        `search by name among ${fmt(ROWS)}`,
        `p95 ${fmt(search.name.p95, 1)} ms`,
        `${fmt(search.name.p95 / search.primaryKey.p95, 1)} × PK read p95 (${fmt(search.primaryKey.p95, 2)} ms)`,
        'goal p95 < 50 ms',
      ],
      [
        `search by pinyin initials among ${fmt(ROWS)}`,
        `p95 ${fmt(search.initials.p95, 1)} ms`,
        `${fmt(search.initials.p95 / search.primaryKey.p95, 1)} × PK read p95`,
        'goal p95 < 50 ms',
      ],
      [
        `search by phone among ${fmt(ROWS)}`,
        `p95 ${fmt(search.phone.p95, 1)} ms`,
        `${fmt(search.phone.p95 / search.primaryKey.p95, 1)} × PK read p95`,
        'goal p95 < 50 ms',
      ],
      [
        `fuzzy-duplicate scan over ${fmt(scan.scanned)} persons`,
        `${fmt(scan.seconds, 1)} s (${fmt(scan.found)} pairs)`,
        `${fmt(scan.seconds / scan.fullScanSeconds, 1)} × a full table scan (${fmt(scan.fullScanSeconds, 2)} s)`,
        'goal < 60 s',
      ],
    ];
    return {
      rows,
      json: {
        rows: ROWS,
        cryptoRowsPerSecondPerCore: Math.round(crypto.rowsPerSecond),
        bareXlsxRowsPerSecond: Math.round(bare.rowsPerSecond),
        rawCopyRowsPerSecond: Math.round(copy.rowsPerSecond),
        xlsxImportRowsPerSecond: Math.round(xlsx.rowsPerSecond),
        xlsxImportRatio: +(xlsx.rowsPerSecond / bare.rowsPerSecond).toFixed(3),
        xlsxImportPeakRssMb: xlsx.maxRssMb,
        csvImportRowsPerSecond: Math.round(csv.rowsPerSecond),
        csvImportRatio: +(csv.rowsPerSecond / copy.rowsPerSecond).toFixed(3),
        pgliteRows: pglite.rows,
        pgliteImportRatio: +(pglite.rowsPerSecond / bareSmall.rowsPerSecond).toFixed(3),
        searchP95Ms: {
          name: +search.name.p95.toFixed(1),
          initials: +search.initials.p95.toFixed(1),
          phone: +search.phone.p95.toFixed(1),
          primaryKey: +search.primaryKey.p95.toFixed(2),
        },
        dupScanSeconds: +scan.seconds.toFixed(1),
        dupScanPairs: scan.found,
      },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const CAMPAIGN_SCRIPT = 'bench/campaigns.bench.ts';

async function campaignsSuite(): Promise<{ rows: Row[]; json: Result }> {
  const db = await freshDatabase('niangjia_bench_campaigns');
  const extra: Record<string, string> = {};
  if (process.env.BENCH_CAMPAIGNS) extra.campaigns = process.env.BENCH_CAMPAIGNS;
  if (process.env.BENCH_LINES) extra.lines = process.env.BENCH_LINES;
  const setup = run('setup', { db, ...extra }, CAMPAIGN_SCRIPT);
  const roll = run('rollup', { db }, CAMPAIGN_SCRIPT);
  // The server in its own process, as in production; the 50 clients in another.
  const server = spawn(process.execPath, ['--import', 'tsx', CAMPAIGN_SCRIPT, 'serve', `--db=${db}`], { stdio: ['ignore', 'pipe', 'inherit'] });
  let load: Result;
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let buf = '';
      server.stdout.on('data', (c: Buffer) => {
        buf += c.toString();
        const m = /"port":(\d+)/.exec(buf);
        if (m) resolve(Number(m[1]));
      });
      server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
    load = run('load', { db, port }, CAMPAIGN_SCRIPT);
  } finally {
    server.kill();
  }
  const c = load.confirm;
  const pk = load.primaryKey;
  const rows: Row[] = [
    [
      `baseline: live roll-up of one campaign to the 12 cities (${fmt(roll.lines)} of ${fmt(setup.lines)} lines)`,
      `median ${fmt(roll.liveMs.median, 1)} ms`,
      '',
      'covering index, index-only scan',
    ],
    [
      `whole-tree progress of that campaign (${roll.nodes} orgs: quota, 人数, 人次, amount)`,
      `median ${fmt(roll.wholeMs.median, 1)} ms`,
      `${fmt(roll.liveMs.median / roll.wholeMs.median, 1)} × faster than live`,
      `goal < 50 ms and ≥ 5×; p95 ${fmt(roll.wholeMs.p95, 1)} ms`,
    ],
    [`baseline: GET /api/people/:id, ${load.clients} clients`, `${fmt(pk.perSecond)} req/s`, `p99 ${fmt(pk.p99, 1)} ms`, ''],
    [
      `POST /api/points/:id/confirm, ${load.clients} clients (half scan twice)`,
      `${fmt(c.perSecond)} req/s`,
      `${fmt(c.perSecond / pk.perSecond, 2)} × PK read; p99 ${fmt(c.p99, 1)} ms`,
      `goal ≥ 1,000/s, p99 < 100 ms; statuses ${JSON.stringify(c.statuses)}`,
    ],
    [
      'after the load: duplicate lines / overspent allocations',
      `${load.duplicateLines} / ${load.overspentAllocations}`,
      `${fmt(load.linesWritten)} lines, ${fmt(load.retriedSameKey)} same-key retries`,
      `counters = ledger: ${load.progressMatchesLedger && load.allocationsOffLedger === 0 && load.createdMatchesLines}`,
    ],
  ];
  return {
    rows,
    json: {
      lines: setup.lines,
      liveRollupMedianMs: +roll.liveMs.median.toFixed(1),
      wholeTreeProgressMedianMs: +roll.wholeMs.median.toFixed(1),
      wholeTreeProgressP95Ms: +roll.wholeMs.p95.toFixed(1),
      progressSpeedup: +(roll.liveMs.median / roll.wholeMs.median).toFixed(1),
      primaryKeyReadPerSecond: Math.round(pk.perSecond),
      primaryKeyReadP99Ms: +pk.p99.toFixed(1),
      confirmPerSecond: Math.round(c.perSecond),
      confirmP99Ms: +c.p99.toFixed(1),
      confirmStatuses: c.statuses,
      linesWritten: load.linesWritten,
      duplicateLines: load.duplicateLines,
      overspentAllocations: load.overspentAllocations,
      countersMatchLedger: load.progressMatchesLedger && load.allocationsOffLedger === 0 && load.createdMatchesLines,
    },
  };
}

async function startSuite(): Promise<{ rows: Row[]; json: Result }> {
  const n = Number(process.env.BENCH_STARTS ?? 3);
  const bare: number[] = [];
  const demo: number[] = [];
  // Alternated, so a busy spell of the machine weighs on both alike.
  for (let i = 0; i < n; i++) {
    bare.push(run('start', { demo: 0 }, 'bench/first-start.bench.ts').seconds);
    demo.push(run('start', { demo: 1 }, 'bench/first-start.bench.ts').seconds);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const added = median(demo) - median(bare);
  return {
    rows: [
      [
        `baseline: first start, NIANGJIA_DEMO=0, fresh data dir (${n} starts)`,
        `median ${fmt(median(bare), 1)} s`,
        `all ${bare.map((x) => fmt(x, 1)).join(' / ')} s`,
        '',
      ],
      [
        `first start with the demo dataset (${n} starts)`,
        `median ${fmt(median(demo), 1)} s`,
        `+${fmt(added, 1)} s over the bare start; all ${demo.map((x) => fmt(x, 1)).join(' / ')} s`,
        'goal: adds ≤ 15 s on a quiet machine',
      ],
    ],
    json: { bareSeconds: bare, demoSeconds: demo, demoAddsSeconds: +added.toFixed(1) },
  };
}

function pageSuite(): { rows: Row[]; json: Result } {
  const r = run('page', { rounds: Number(process.env.BENCH_PAGE_ROUNDS ?? 7) }, 'bench/first-page.bench.ts');
  return {
    rows: [
      [`baseline: static one-line page, cold cache (${r.rounds} loads)`, `median ${fmt(r.helloMs.median)} ms`, `max ${fmt(r.helloMs.max)} ms`, ''],
      [
        'home page after sign-in to its first figure, cold cache',
        `median ${fmt(r.homeMs.median)} ms`,
        `${fmt(r.homeMs.median / r.helloMs.median, 1)} × the static page; max ${fmt(r.homeMs.max)} ms`,
        `goal < 2,000 ms; ${r.scripts} scripts, ${fmt(r.scriptKiB)} KiB sent`,
      ],
    ],
    json: { helloMedianMs: r.helloMs.median, homeMedianMs: r.homeMs.median, homeMaxMs: r.homeMs.max, homeScripts: r.scripts, homeScriptKiB: r.scriptKiB },
  };
}

const PORTAL_SCRIPT = 'bench/portal.bench.ts';

async function portalSuite(): Promise<{ rows: Row[]; json: Result }> {
  // The first load in Chromium first: it also records the API calls the signed-in home page makes.
  const firstLoad = run('page', { rounds: Number(process.env.BENCH_PORTAL_ROUNDS ?? 5) }, PORTAL_SCRIPT);
  const db = await freshDatabase('niangjia_bench_portal');
  const tokens = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-bench-portal-')), 'tokens.json');
  const setup = run('setup', { db, tokens, workers: 200 }, PORTAL_SCRIPT);
  // The app's pool as README advises for a machine that runs the app and its database: as many
  // connections as cores (BENCH_PORTAL_POOL to try others).
  const pool = Number(process.env.BENCH_PORTAL_POOL ?? os.cpus().length);
  const server = spawn(process.execPath, ['--import', 'tsx', PORTAL_SCRIPT, 'serve', `--db=${db}`, `--pool=${pool}`], { stdio: ['ignore', 'pipe', 'inherit'] });
  let load: Result;
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let buf = '';
      server.stdout.on('data', (c: Buffer) => {
        buf += c.toString();
        const m = /"port":(\d+)/.exec(buf);
        if (m) resolve(Number(m[1]));
      });
      server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
    const home = (firstLoad.homeApi as string[]).filter((u) => u.startsWith('/api/')).join(',');
    load = run('load', { db, port, tokens, clients: 200, home: home || '/api/m/me' }, PORTAL_SCRIPT);
  } finally {
    server.kill();
    fs.rmSync(path.dirname(tokens), { recursive: true, force: true });
  }
  const pk = load.primaryKey;
  const kb = (b: number) => `${fmt(b / 1024, 1)} KB`;
  const sat = load.saturated;
  const members = `${load.workers} members, ~${fmt(load.thinkMs / 1000)} s a page, pool ${pool}`;
  const rows: Row[] = [
    [`baseline: GET /api/people/:id, ${members}`, `p99 ${fmt(pk.p99, 1)} ms`, `${fmt(pk.perSecond)} req/s`, ''],
    [
      `signed-in home (${load.homeApi.length} calls: ${load.homeApi.join(' ')}), ${members}`,
      `p99 ${fmt(load.home.p99, 1)} ms`,
      `${fmt(load.home.p99 / pk.p99, 1)} × PK read p99; whole page p99 ${fmt(load.home.pageP99, 1)} ms`,
      `goal p99 < 100 ms; statuses ${JSON.stringify(load.home.statuses)}`,
    ],
    load.benefits
      ? [
          `我的权益 GET /api/m/benefits, ${members} (${setup.onRunningList} on a running list)`,
          `p99 ${fmt(load.benefits.p99, 1)} ms`,
          `${fmt(load.benefits.p99 / pk.p99, 1)} × PK read p99`,
          `goal p99 < 100 ms; statuses ${JSON.stringify(load.benefits.statuses)}`,
        ]
      : ['我的权益 GET /api/m/benefits', 'missing', 'the app has no such route yet', ''],
    [
      `baseline: GET /api/people/:id, ${load.clients} clients back to back`,
      `${fmt(sat.primaryKey.perSecond)} req/s`,
      `p99 ${fmt(sat.primaryKey.p99, 1)} ms`,
      'saturation',
    ],
    [
      `signed-in home, ${load.clients} members back to back`,
      `${fmt(sat.home.perSecond)} req/s`,
      `${fmt(sat.home.perSecond / sat.primaryKey.perSecond, 2)} × PK read; ${fmt(sat.home.turns / load.seconds)} pages/s`,
      'saturation',
    ],
    ...(sat.benefits
      ? [
          [
            `我的权益, ${load.clients} members back to back`,
            `${fmt(sat.benefits.perSecond)} req/s`,
            `${fmt(sat.benefits.perSecond / sat.primaryKey.perSecond, 2)} × PK read`,
            'saturation',
          ] as Row,
        ]
      : []),
    [
      `portal first load: JavaScript until usable (${firstLoad.scripts} scripts, brotli as sent)`,
      kb(firstLoad.scriptBytes),
      firstLoad.antdLoaded.length ? `antd chunks loaded: ${firstLoad.antdLoaded.join(' ')}` : `no antd chunk (of ${firstLoad.antdChunksInBuild} in the build)`,
      'goal ≤ 200 KB, no antd',
    ],
    [
      `baseline: /m/ to its services, unthrottled (${firstLoad.rounds} loads)`,
      `median ${fmt(firstLoad.plainMs.median)} ms`,
      `max ${fmt(firstLoad.plainMs.max)} ms`,
      '',
    ],
    [
      '/m/ to its services on DevTools "Fast 3G"',
      `median ${fmt(firstLoad.fast3gMs.median)} ms`,
      `${fmt(firstLoad.fast3gMs.median / firstLoad.plainMs.median, 1)} × unthrottled; max ${fmt(firstLoad.fast3gMs.max)} ms`,
      'goal < 3,000 ms',
    ],
  ];
  return {
    rows,
    json: {
      primaryKeyReadP99Ms: +pk.p99.toFixed(1),
      homeApi: load.homeApi,
      homeP99Ms: +load.home.p99.toFixed(1),
      homePageP99Ms: +load.home.pageP99.toFixed(1),
      benefitsP99Ms: load.benefits ? +load.benefits.p99.toFixed(1) : null,
      thinkMs: load.thinkMs,
      pool,
      saturatedReqPerSecond: {
        primaryKey: Math.round(sat.primaryKey.perSecond),
        home: Math.round(sat.home.perSecond),
        benefits: sat.benefits ? Math.round(sat.benefits.perSecond) : null,
      },
      firstLoadScriptBytes: firstLoad.scriptBytes,
      firstLoadAntdChunks: firstLoad.antdLoaded,
      plainMedianMs: firstLoad.plainMs.median,
      fast3gMedianMs: firstLoad.fast3gMs.median,
    },
  };
}

async function checkinSuite(): Promise<{ rows: Row[]; json: Result }> {
  const r = run('sync', { db: await freshDatabase('niangjia_bench_checkin') }, 'bench/events-checkin.bench.ts');
  return {
    rows: [
      ['baseline: the same 10,000 check-in rows by one plain INSERT … SELECT', `${fmt(r.rawMs)} ms`, '', ''],
      [
        `offline check-ins synced over HTTP (${fmt(r.queued)} queued, ${r.batches} batches of ≤500, 4 clients)`,
        `${fmt(r.syncMs / 1000, 1)} s`,
        `${fmt(r.syncMs / Math.max(r.rawMs, 1), 0)} × the plain insert; ${fmt(r.people)} people counted once, ${fmt(r.duplicates)} duplicates, ${r.twice} counted twice`,
        'goal: 10,000 in < 30 s, zero counted twice',
      ],
    ],
    json: { checkinSyncMs: r.syncMs, checkinRawMs: r.rawMs, checkinPeople: r.people, checkinDuplicates: r.duplicates, checkinCountedTwice: r.twice },
  };
}

const SIGNUP_SCRIPT = 'bench/events-signup.bench.ts';

async function signupSuite(): Promise<{ rows: Row[]; json: Result }> {
  const db = await freshDatabase('niangjia_bench_signup');
  const tokens = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-bench-signup-')), 'tokens.json');
  const workers = Number(process.env.BENCH_SIGNUP_WORKERS ?? 5000);
  const seconds = Number(process.env.BENCH_SIGNUP_SECONDS ?? 60);
  run('setup', { db, tokens, workers, places: 500 }, SIGNUP_SCRIPT);
  // The app's pool as for the portal: as many connections as cores (BENCH_PORTAL_POOL to try others).
  const pool = Number(process.env.BENCH_PORTAL_POOL ?? os.cpus().length);
  const server = spawn(process.execPath, ['--import', 'tsx', SIGNUP_SCRIPT, 'serve', `--db=${db}`, `--pool=${pool}`], { stdio: ['ignore', 'pipe', 'inherit'] });
  let load: Result;
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let buf = '';
      server.stdout.on('data', (c: Buffer) => {
        buf += c.toString();
        const m = /"port":(\d+)/.exec(buf);
        if (m) resolve(Number(m[1]));
      });
      server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
    load = run('load', { db, port, tokens, clients: 200, seconds }, SIGNUP_SCRIPT);
  } finally {
    server.kill();
    fs.rmSync(path.dirname(tokens), { recursive: true, force: true });
  }
  const pk = load.primaryKey;
  const su = load.signup;
  const c = load.check;
  const sat = load.saturated;
  const who = `${fmt(load.workers)} workers over ${load.seconds} s, ≤${load.clients} at once, pool ${pool}`;
  const exact = (k: Result) => k.confirmed === load.places && k.taken === load.places && k.twice === 0 && k.rows === load.workers;
  const rows: Row[] = [
    [
      `baseline: GET /api/m/me, ${who}`,
      `p99 ${fmt(pk.p99, 1)} ms`,
      `p50 ${fmt(pk.p50, 1)} ms; ${fmt(pk.wallSeconds, 1)} s wall`,
      `statuses ${JSON.stringify(pk.statuses)}`,
    ],
    [
      `POST /api/m/events/:id/signup, ${fmt(load.places)}-place 夏令营, ${who}`,
      `p99 ${fmt(su.p99, 1)} ms`,
      `${fmt(su.p99 / pk.p99, 1)} × /api/m/me p99; p50 ${fmt(su.p50, 1)} ms, max ${fmt(su.max)} ms; ${fmt(su.wallSeconds, 1)} s wall`,
      `goal p99 < 200 ms, all within 60 s; statuses ${JSON.stringify(su.statuses)}`,
    ],
    [
      'after it: confirmed / persons twice',
      `${fmt(c.confirmed)} / ${fmt(c.twice)}`,
      `${fmt(c.waiting)} waiting, ${fmt(c.rows)} sign-ups of ${fmt(c.persons)} persons; taken ${fmt(c.taken)} of ${fmt(c.capacity)}; told: ${fmt(c.toldConfirmed)} confirmed; places in line told twice: ${fmt(c.positionsShownTwice)}`,
      `goal exactly ${fmt(load.places)}, none twice, no place in line told twice: ${exact(c) && c.positionsShownTwice === 0}`,
    ],
    [
      '  the same sign-ups by answer: confirmed / waiting',
      `p99 ${fmt(su.byAnswer.confirmed?.p99 ?? 0, 1)} / ${fmt(su.byAnswer.waiting?.p99 ?? 0, 1)} ms`,
      `p50 ${fmt(su.byAnswer.confirmed?.p50 ?? 0, 1)} / ${fmt(su.byAnswer.waiting?.p50 ?? 0, 1)} ms`,
      '',
    ],
    [
      '  the same sign-ups from each worker’s arrival (with the wait for a free connection)',
      `p99 ${fmt(su.fromArrival.p99, 1)} ms`,
      `p50 ${fmt(su.fromArrival.p50, 1)} ms; /api/m/me from arrival p99 ${fmt(pk.fromArrival.p99, 1)} ms`,
      `${fmt(su.late)} of ${fmt(load.workers)} found all ${load.clients} connections busy`,
    ],
    [
      `baseline: GET /api/m/me, ${fmt(load.workers)} workers back to back, ${load.clients} at once`,
      `${fmt(sat.primaryKey.perSecond)} req/s`,
      `p99 ${fmt(sat.primaryKey.p99, 1)} ms`,
      'saturation',
    ],
    [
      `sign-up, ${fmt(load.workers)} workers back to back, ${load.clients} at once (a second camp)`,
      `${fmt(sat.signup.perSecond)} req/s`,
      `${fmt(sat.signup.perSecond / sat.primaryKey.perSecond, 2)} × /api/m/me; p99 ${fmt(sat.signup.p99, 1)} ms; ${fmt(sat.signup.wallSeconds, 1)} s wall`,
      `saturation; ${fmt(sat.check.confirmed)} confirmed, ${sat.check.twice} twice: ${exact(sat.check)}`,
    ],
  ];
  return {
    rows,
    json: {
      workers: load.workers,
      places: load.places,
      clients: load.clients,
      seconds: load.seconds,
      pool,
      primaryKeyP99Ms: pk.p99,
      signupP50Ms: su.p50,
      signupP99Ms: su.p99,
      signupMaxMs: su.max,
      signupVsPrimaryKeyP99: +(su.p99 / pk.p99).toFixed(2),
      signupFromArrivalP99Ms: su.fromArrival.p99,
      signupWallSeconds: su.wallSeconds,
      signupLate: su.late,
      signupStatuses: su.statuses,
      signupByAnswer: su.byAnswer,
      confirmed: c.confirmed,
      waiting: c.waiting,
      personsTwice: c.twice,
      taken: c.taken,
      exact: exact(c),
      waitingPositionsShownTwice: c.positionsShownTwice,
      saturatedReqPerSecond: { primaryKey: sat.primaryKey.perSecond, signup: sat.signup.perSecond },
      saturatedSignupP99Ms: sat.signup.p99,
      saturatedExact: exact(sat.check),
    },
  };
}

async function campsSuite(): Promise<{ rows: Row[]; json: Result }> {
  // The script reads its database from BENCH_DB_URL: a fresh one of its own.
  const r = run('draw', {}, 'bench/events-camps.bench.ts', { BENCH_DB_URL: await freshDatabase('niangjia_bench_camps') });
  return {
    rows: [
      [`baseline: plain SELECT of the ${fmt(r.applications)} applications (number, groups)`, `${fmt(r.baselineSelectMs)} ms`, '', ''],
      [
        `夏令营摇号: ${fmt(r.places)} places among ${fmt(r.applications)} applications`,
        `${fmt(r.drawMs / 1000, 1)} s`,
        `${fmt(r.drawVsSelect, 1)} × the plain SELECT; ${fmt(r.taken)} confirmed`,
        'goal < 5 s',
      ],
      ['the draw re-run from its seed and compared', `${fmt(r.rerunMs / 1000, 1)} s`, `identical: ${r.identical}`, 'goal: identical'],
    ],
    json: {
      applications: r.applications,
      places: r.places,
      taken: r.taken,
      drawMs: r.drawMs,
      rerunMs: r.rerunMs,
      identical: r.identical,
      baselineSelectMs: r.baselineSelectMs,
      drawVsSelect: r.drawVsSelect,
    },
  };
}

const STATIONS_SCRIPT = 'bench/stations.bench.ts';
const MAP_KIND_LABELS: Record<string, string> = {
  china: 'whole China at zoom 4',
  province: 'a province at zoom 7',
  city: 'a city at zoom 11',
  district: 'a district at zoom 14',
  random: 'random viewports at zoom 4–18',
  publicRandom: 'public map, random viewports at zoom 4–18',
};

async function stationsSuite(): Promise<{ rows: Row[]; json: Result }> {
  const db = await freshDatabase('niangjia_bench_stations');
  const tokens = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-bench-stations-')), 'tokens.json');
  const stations = Number(process.env.BENCH_STATIONS ?? 200_000);
  const workers = Number(process.env.BENCH_STATION_WORKERS ?? 5000);
  const rate = Number(process.env.BENCH_STATION_RATE ?? 1000);
  const queries = Number(process.env.BENCH_STATION_QUERIES ?? 2000);
  const setup = run('setup', { db, tokens, stations, workers }, STATIONS_SCRIPT);
  // The app's pool as for the portal: as many connections as cores (BENCH_PORTAL_POOL to try others).
  const pool = Number(process.env.BENCH_PORTAL_POOL ?? os.cpus().length);
  const server = spawn(process.execPath, ['--import', 'tsx', STATIONS_SCRIPT, 'serve', `--db=${db}`, `--pool=${pool}`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let load: Result;
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let buf = '';
      server.stdout.on('data', (c: Buffer) => {
        buf += c.toString();
        const m = /"port":(\d+)/.exec(buf);
        if (m) resolve(Number(m[1]));
      });
      server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
    load = run('load', { db, port, tokens, clients: 200, rate, queries }, STATIONS_SCRIPT);
  } finally {
    server.kill();
    fs.rmSync(path.dirname(tokens), { recursive: true, force: true });
  }
  const near = load.nearest;
  const pk = load.primaryKey;
  const me = load.me;
  const v = load.visits;
  const c = load.check;
  const scans = `${fmt(load.workers)} workers × 2 scans at ${fmt(load.rate)}/s, ≤${load.clients} at once, pool ${pool}`;
  const rows: Row[] = [
    [
      `baseline: GET /api/stations/:id, a random one of ${fmt(load.stations)}, one at a time`,
      `p95 ${fmt(pk.p95, 1)} ms`,
      `p50 ${fmt(pk.p50, 1)} ms, p99 ${fmt(pk.p99, 1)} ms`,
      '',
    ],
    [
      `nearest 10 open stations (${fmt(load.open)} open of ${fmt(load.stations)}), ${fmt(near.n)} random points, ${near.chinaHour}:00 China time`,
      `p95 ${fmt(near.p95, 1)} ms`,
      `${fmt(near.p95 / pk.p95, 1)} × PK read p95; p50 ${fmt(near.p50, 1)} ms, p99 ${fmt(near.p99, 1)} ms`,
      `goal p95 < 20 ms; ${fmt(near.meanFound, 1)} found on average, fewer than 10 at ${fmt(near.fewerThanLimit)} points`,
    ],
    [
      `baseline: GET /api/stations/:id beside the map's viewports, one at a time`,
      `p95 ${fmt(load.map.primaryKey.p95, 1)} ms`,
      `p50 ${fmt(load.map.primaryKey.p50, 1)} ms, p99 ${fmt(load.map.primaryKey.p99, 1)} ms`,
      '',
    ],
    [
      `map: the first request (builds the clustering index of ${fmt(load.stations)} stations), staff / public`,
      `${fmt(load.map.firstStaffMs, 0)} ms / ${fmt(load.map.firstPublicMs, 0)} ms`,
      '',
      '',
    ],
    ...Object.entries(MAP_KIND_LABELS).map(([kind, label]): Row => {
      const f = load.map.kinds[kind];
      return [
        `map: ${label}, ${fmt(f.n)} viewports`,
        `p95 ${fmt(f.p95, 1)} ms`,
        `${fmt(f.p95 / load.map.primaryKey.p95, 1)} × PK read p95; p50 ${fmt(f.p50, 1)} ms, p99 ${fmt(f.p99, 1)} ms; ${fmt(f.meanMarkers, 0)} markers, ${fmt(f.meanKb, 1)} KB on average`,
        'goal p95 < 100 ms',
      ];
    }),
    [
      `baseline: GET /api/m/me, ${scans}`,
      `${fmt(me.perSecond)} req/s`,
      `p99 ${fmt(me.p99, 1)} ms; ${fmt(me.wallSeconds, 1)} s wall`,
      `statuses ${JSON.stringify(me.statuses)}`,
    ],
    [
      `POST /api/m/stations/visits, ${scans} (${fmt(load.atOnce)} pairs at once)`,
      `${fmt(v.perSecond)} scans/s`,
      `${fmt(v.perSecond / me.perSecond, 2)} × /api/m/me; p99 ${fmt(v.p99, 1)} ms (/api/m/me ${fmt(me.p99, 1)} ms); ${fmt(v.wallSeconds, 1)} s wall`,
      `goal ≥ 1,000/s; statuses ${JSON.stringify(v.statuses)}`,
    ],
    [
      'after it: double visits',
      `${fmt(c.doubleVisits)}`,
      `${fmt(c.rows)} rows = ${fmt(c.triples)} distinct (station, person, hour); ${fmt(c.exactlyOnce)} of ${fmt(c.pairs)} workers told recorded exactly once, ${fmt(c.lost)} lost`,
      'goal 0',
    ],
  ];
  return {
    rows,
    json: {
      stations: load.stations,
      openStations: load.open,
      setupSeconds: setup.seconds,
      nearestP50Ms: near.p50,
      nearestP95Ms: near.p95,
      nearestP99Ms: near.p99,
      nearestMeanFound: near.meanFound,
      nearestChinaHour: near.chinaHour,
      primaryKeyP95Ms: pk.p95,
      nearestVsPrimaryKeyP95: +(near.p95 / pk.p95).toFixed(2),
      mapFirstStaffMs: load.map.firstStaffMs,
      mapFirstPublicMs: load.map.firstPublicMs,
      mapPrimaryKeyP95Ms: load.map.primaryKey.p95,
      mapP95Ms: Object.fromEntries(Object.keys(MAP_KIND_LABELS).map((k) => [k, load.map.kinds[k].p95])),
      workers: load.workers,
      targetRate: load.rate,
      pool,
      meReqPerSecond: me.perSecond,
      meP99Ms: me.p99,
      visitsPerSecond: v.perSecond,
      visitsP99Ms: v.p99,
      visitsVsMe: +(v.perSecond / me.perSecond).toFixed(2),
      visitStatuses: v.statuses,
      visitRows: c.rows,
      visitTriples: c.triples,
      toldRecordedExactlyOnce: c.exactlyOnce,
      doubleVisits: c.doubleVisits,
    },
  };
}

const HEALTH_SCRIPT = 'bench/health.bench.ts';

/** 健康守护: 2,000 workers booking 500 slots over HTTP within a minute; 100,000 result lines imported vs raw COPY (PostgreSQL and PGlite). */
async function healthSuite(): Promise<{ rows: Row[]; json: Result }> {
  const db = await freshDatabase('niangjia_bench_health');
  const tokens = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-bench-health-')), 'tokens.json');
  const workers = Number(process.env.BENCH_HEALTH_WORKERS ?? 2000);
  const seconds = Number(process.env.BENCH_HEALTH_SECONDS ?? 60);
  run('setup', { db, tokens, workers, slots: 500 }, HEALTH_SCRIPT);
  const pool = Number(process.env.BENCH_PORTAL_POOL ?? os.cpus().length);
  const server = spawn(process.execPath, ['--import', 'tsx', HEALTH_SCRIPT, 'serve', `--db=${db}`, `--pool=${pool}`], { stdio: ['ignore', 'pipe', 'inherit'] });
  let load: Result;
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let buf = '';
      server.stdout.on('data', (c: Buffer) => {
        buf += c.toString();
        const m = /"port":(\d+)/.exec(buf);
        if (m) resolve(Number(m[1]));
      });
      server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
    load = run('load', { db, port, tokens, clients: 200, seconds }, HEALTH_SCRIPT);
  } finally {
    server.kill();
    fs.rmSync(path.dirname(tokens), { recursive: true, force: true });
  }
  const pgImport = run('import', { db: await freshDatabase('niangjia_bench_health_import') }, HEALTH_SCRIPT);
  const liteImport = run('import', {}, HEALTH_SCRIPT);
  const pk = load.primaryKey;
  const b = load.booking;
  const c = load.check;
  const who = `${fmt(load.workers)} workers, ${fmt(load.slots)} slots × ${load.capacity}, over ${load.seconds} s, ≤${load.clients} at once`;
  const rows: Row[] = [
    [`baseline: GET /api/m/me, ${who}`, `p99 ${fmt(pk.p99, 1)} ms`, `p50 ${fmt(pk.p50, 1)} ms`, `${fmt(pk.perSecond)} req/s`],
    [
      `POST /api/m/health/programmes/:id/bookings, ${who}`,
      `p99 ${fmt(b.p99, 1)} ms`,
      `${fmt(b.p99 / pk.p99, 2)} × /api/m/me p99; p50 ${fmt(b.p50, 1)} ms`,
      `overbooked ${c.overbooked}, counter≠rows ${c.counterMismatch}, ${fmt(c.bookings)} booked of ${fmt(c.capacity)}, twice ${c.bookings - c.persons}`,
    ],
    [
      `baseline: raw COPY of ${fmt(pgImport.rows)} result lines (PostgreSQL)`,
      `${fmt(pgImport.copyRowsPerSecond)} rows/s`,
      `${fmt(pgImport.copySeconds, 2)} s`,
      '',
    ],
    [
      `results import, ${fmt(pgImport.rows)} lines (PostgreSQL)`,
      `${fmt(pgImport.importRowsPerSecond)} rows/s`,
      `${fmt(pgImport.importVsCopy, 2)} × raw COPY (target ≥ 0.20)`,
      `${fmt(pgImport.abnormal)} abnormal, ${fmt(pgImport.followUps)} follow-ups`,
    ],
    [
      `baseline: raw COPY of ${fmt(liteImport.rows)} result lines (PGlite)`,
      `${fmt(liteImport.copyRowsPerSecond)} rows/s`,
      `${fmt(liteImport.copySeconds, 2)} s`,
      '',
    ],
    [
      `results import, ${fmt(liteImport.rows)} lines (PGlite)`,
      `${fmt(liteImport.importRowsPerSecond)} rows/s`,
      `${fmt(liteImport.importVsCopy, 2)} × raw COPY (target ≥ 0.20)`,
      `${fmt(liteImport.abnormal)} abnormal, ${fmt(liteImport.followUps)} follow-ups`,
    ],
  ];
  return {
    rows,
    json: {
      bookingP99Ms: b.p99,
      bookingVsPrimaryKeyP99: +(b.p99 / pk.p99).toFixed(2),
      bookingStatuses: b.statuses,
      overbookedSlots: c.overbooked,
      counterMismatch: c.counterMismatch,
      bookings: c.bookings,
      importVsCopyPostgres: pgImport.importVsCopy,
      importVsCopyPglite: liteImport.importVsCopy,
    },
  };
}

/** 互助保障: a 200,000-person union-gifted batch vs raw COPY; one city's claims list and statistics over 1,000,000 claims (sizes: BENCH_MUTUALAID_PERSONS, BENCH_MUTUALAID_CLAIMS). */
async function mutualaidSuite(): Promise<{ rows: Row[]; json: Result }> {
  const r = run('run', {}, 'bench/mutualaid.bench.ts', { BENCH_DB_URL: await freshDatabase('niangjia_bench_mutualaid') });
  const cityView = `one city's view (${fmt(r.cityClaims)} of ${fmt(r.claims)} claims)`;
  return {
    rows: [
      [`baseline: raw COPY of ${fmt(r.persons)} enrolment rows (PostgreSQL)`, `${fmt(r.copyRowsPerSecond)} rows/s`, '', ''],
      [
        `互助保障: union-gifted batch of ${fmt(r.enrolled)} (enrolByRule)`,
        `${fmt(r.enrolRowsPerSecond)} rows/s`,
        `${fmt(r.enrolVsCopy, 2)} × raw COPY (target ≥ 0.20)`,
        '',
      ],
      [`baseline: count(*) of ${cityView}`, `p95 ${fmt(r.count.p95, 1)} ms`, `p50 ${fmt(r.count.p50, 1)} ms`, ''],
      [`claims list, first page, ${cityView}`, `p95 ${fmt(r.list.p95, 1)} ms`, `p50 ${fmt(r.list.p50, 1)} ms (target p95 < 100)`, ''],
      [`claims list filtered by status, ${cityView}`, `p95 ${fmt(r.listStatus.p95, 1)} ms`, `p50 ${fmt(r.listStatus.p50, 1)} ms (target p95 < 100)`, ''],
      [`claim statistics (status, union, month), ${cityView}`, `p95 ${fmt(r.stats.p95, 1)} ms`, `p50 ${fmt(r.stats.p50, 1)} ms (target p95 < 100)`, ''],
    ],
    json: r,
  };
}

async function retrofitsSuite(): Promise<{ rows: Row[]; json: Result }> {
  const r = run('run', {}, 'bench/retrofits.bench.ts', { BENCH_DB_URL: await freshDatabase('niangjia_bench_retrofits') });
  const a = r.approve;
  const b = r.baseline;
  return {
    rows: [
      [`baseline: a plan's page read (getPlan), ${fmt(r.plans)} plans, ${r.clients} at once`, `${fmt(b.perSecond, 1)}/s`, `p99 ${fmt(b.p99, 1)} ms`, ''],
      [
        `适老化改造: ${fmt(r.plans)} approvals at once on one programme's row lock (budget for half)`,
        `${fmt(a.perSecond, 1)}/s`,
        `${fmt(r.approveVsRead, 2)} × the read; p99 ${fmt(a.p99, 1)} ms; ${JSON.stringify(a.outcomes)}`,
        `exact: ${r.exact}`,
      ],
      [`baseline: count(*) of ${fmt(r.statsRows)}+ plans`, `${fmt(r.countMs, 1)} ms`, '', ''],
      ['retrofit statistics (region, item, stage)', `${fmt(r.statsMs, 1)} ms`, `${fmt(r.statsVsCount, 1)} × the count`, ''],
    ],
    json: r,
  };
}

/** The audit log by month vs the same rows unpartitioned: see bench/partitions.bench.ts. */
async function partitionsSuite(): Promise<{ rows: Row[]; json: Result }> {
  const r = run('run', {}, 'bench/partitions.bench.ts', { BENCH_DB_URL: await freshDatabase('niangjia_bench_partitions') });
  const of = (f: { ratio: number }) => `${fmt(f.ratio, 2)} × unpartitioned`;
  return {
    rows: [
      [`baseline: the audit log's rows in one table, ${fmt(r.perMonth)} a month × ${r.months}`, `${fmt(r.load.flatMs)} ms`, 'set-based load', ''],
      ['the same rows by month (partitioned)', `${fmt(r.load.partitionedMs)} ms`, of(r.load), ''],
      ['100,000 entries into this month, 1,000 a statement', `${fmt(r.write.partitionedMs)} ms`, of(r.write), `unpartitioned ${fmt(r.write.flatMs)} ms`],
      ["one month's entries by action (median of 15)", `${fmt(r.month.partitionedMs, 1)} ms`, of(r.month), `unpartitioned ${fmt(r.month.flatMs, 1)} ms`],
      [
        `the oldest month (${fmt(r.archive.rows)} rows) archived: DETACH`,
        `${fmt(r.archive.detachMs, 1)} ms`,
        `${fmt(r.archive.ratio, 4)} × DELETE of the same month`,
        `DELETE ${fmt(r.archive.deleteMs)} ms`,
      ],
    ],
    json: r,
  };
}

/** The topology of deploy/topology.sh (its own PostgreSQL pair, nginx), loaded through nginx: see bench/scaleout.bench.ts. */
function scaleoutSuite(): { rows: Row[]; json: Result } {
  const r = run('run', {}, 'bench/scaleout.bench.ts');
  const b = r.baseline;
  const ratios = (name: string, f: { confirm: number; home: number }, note = '') =>
    [name, `confirm ${fmt(f.confirm, 2)} ×, home ${fmt(f.home, 2)} ×`, 'of 1 process', note] as Row;
  return {
    rows: [
      [
        `baseline: 1 app process behind nginx, ${r.connections} connections, ${r.seconds} s`,
        `confirm ${fmt(b.confirmPerSecond)}/s, home ${fmt(b.homePerSecond)}/s`,
        `p99 ${fmt(b.confirmP99Ms)} / ${fmt(b.homeP99Ms)} ms`,
        `measured first and last; last/first ${fmt(b.drift.confirm, 2)} / ${fmt(b.drift.home, 2)} (far from 1: other load changed)`,
      ],
      ratios('2 app processes side by side', r.twoApps, `p99 ${fmt(r.twoApps.confirmP99Ms)} / ${fmt(r.twoApps.homeP99Ms)} ms`),
      ratios('2 processes, one killed (SIGKILL) a third into the run', r.kill, `not 2xx: ${r.notOk.killConfirm} / ${r.notOk.killHome}`),
      ratios('2 processes, the replica stopped', r.replicaStopped, `not 2xx: ${r.notOk.replicaStopped}`),
      ratios('2 processes, the primary restarted a third into the run', r.primaryRestarted, `not 2xx: ${r.notOk.primaryConfirm} / ${r.notOk.primaryHome}`),
      [
        'after the runs: ledger lines / confirms answered 2xx / duplicates',
        `${fmt(r.linesWritten)} / ${fmt(r.confirmed2xx)} / ${r.duplicateLines}`,
        'lines beyond the 2xx: answers lost with a process or the primary',
        '',
      ],
    ],
    json: r,
  };
}

async function main() {
  process.stderr.write(`machine: ${os.cpus().length} cores, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB, node ${process.version}\n`);
  const results: Record<string, { rows: Row[]; json: Result }> = {};
  if (SUITES.includes('people')) results.people = await peopleSuite();
  if (SUITES.includes('campaigns')) results.campaigns = await campaignsSuite();
  if (SUITES.includes('start')) results.start = await startSuite();
  if (SUITES.includes('page')) results.page = pageSuite();
  if (SUITES.includes('portal')) results.portal = await portalSuite();
  if (SUITES.includes('checkin')) results.checkin = await checkinSuite();
  if (SUITES.includes('signup')) results.signup = await signupSuite();
  if (SUITES.includes('camps')) results.camps = await campsSuite();
  if (SUITES.includes('stations')) results.stations = await stationsSuite();
  if (SUITES.includes('retrofits')) results.retrofits = await retrofitsSuite();
  if (SUITES.includes('health')) results.health = await healthSuite();
  if (SUITES.includes('mutualaid')) results.mutualaid = await mutualaidSuite();
  if (SUITES.includes('scaleout')) results.scaleout = scaleoutSuite();
  if (SUITES.includes('partitions')) results.partitions = await partitionsSuite();
  const rows = Object.values(results).flatMap((r) => r.rows);
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log('');
  for (const r of rows) console.log(`${r[0].padEnd(w[0]!)}  ${r[1].padStart(w[1]!)}  ${r[2].padEnd(w[2]!)}  ${r[3]}`);
  console.log(
    JSON.stringify({
      bench: 'niangjia',
      date: new Date().toISOString(),
      cores: os.cpus().length,
      ...Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v.json])),
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
