/**
 * Running past one process (BENCH_SUITES=scaleout): deploy/topology.sh's topology on this machine —
 * a PostgreSQL primary (fsync on) and its streaming replica, app processes behind nginx — loaded
 * through nginx with autocannon, BENCH_SCALEOUT_CONNECTIONS (default 50) connections for
 * BENCH_SCALEOUT_SECONDS (default 10) a run:
 *   confirm  POST /api/points/:id/confirm, a new hand-out (new beneficiary, new idempotency key) each request
 *   home     GET /api/m/me, the first call of the portal's home page, as 200 signed-in workers
 * each with 1 app process (the baseline, measured first and last: their mean, and their ratio as
 * the drift), then 2 side by side, then with 2 and a fault:
 *   kill     one app process killed with SIGKILL a third into the run (started again after it)
 *   replica  the replica stopped for the whole run (reads fall back to the primary)
 *   primary  the primary restarted (pg_ctl restart -m fast) a third into the run
 * Prints one JSON line: the baseline's 2xx answers a second, every other run as a ratio to it, the
 * answers that were not 2xx (a POST whose process died is answered 502 and not retried by nginx:
 * the client sends it again with its key), and the ledger checked afterwards for duplicates.
 * BENCH_SCALEOUT_PEOPLE (default 80,000) beneficiaries; a confirm run uses one per request.
 */
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { Browser, primaryRows, seedOnSiteCampaign, startTopology, type Topology } from '../src/testing/topology.ts';

const SECONDS = Number(process.env.BENCH_SCALEOUT_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_SCALEOUT_CONNECTIONS ?? 50);
const PEOPLE = Number(process.env.BENCH_SCALEOUT_PEOPLE ?? 80_000);
const WORKERS = 200;
const log = (s: string) => process.stderr.write(`    ${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Figures {
  perSecond: number;
  p99: number;
  ok: number;
  notOk: number;
  errors: number;
}

const t: Topology = await startTopology({ apps: 1, env: { PG_FSYNC: 'on', LOG_LEVEL: 'error' } });
try {
  const t0 = Date.now();
  const c = await seedOnSiteCampaign(t, PEOPLE, { bulk: true, workers: WORKERS });
  log(`topology up, ${PEOPLE} beneficiaries and ${WORKERS} portal sessions seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const volunteer = await new Browser(t.url).login('xcq_volunteer');
  const staffCookie = [...volunteer.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  let nextBeneficiary = 0;
  let confirm2xx = 0;

  const load = async (kind: 'confirm' | 'home', seconds = SECONDS, during?: () => Promise<void>): Promise<Figures> => {
    let worker = 0;
    const request: autocannon.Request =
      kind === 'confirm'
        ? {
            method: 'POST',
            path: `/api/points/${c.pointId}/confirm`,
            headers: { cookie: staffCookie, 'x-csrf-token': volunteer.csrf!, 'content-type': 'application/json' },
            setupRequest: (req) => {
              const b = c.beneficiaries[nextBeneficiary++ % c.beneficiaries.length]!;
              return {
                ...req,
                body: JSON.stringify({ beneficiaryId: b.id, evidence: { kind: 'qr', code: b.code }, idempotencyKey: `scaleout-${b.id}-${nextBeneficiary}` }),
              };
            },
          }
        : {
            method: 'GET',
            path: '/api/m/me',
            setupRequest: (req) => ({ ...req, headers: { ...req.headers, cookie: `niangjia_wsid=${c.workerTokens[worker++ % c.workerTokens.length]}` } }),
          };
    const running = autocannon({ url: t.url, connections: CONNECTIONS, duration: seconds, requests: [request] });
    const fault = during ? sleep((seconds * 1000) / 3).then(during) : Promise.resolve();
    const [r] = await Promise.all([running, fault]);
    if (kind === 'confirm') confirm2xx += r['2xx'];
    // Answered with 2xx a second: a fault's quick 502s and 503s must not count as throughput.
    return { perSecond: r['2xx'] / r.duration, p99: r.latency.p99, ok: r['2xx'], notOk: r.non2xx, errors: r.errors + r.timeouts };
  };
  /** Both apps ready again through nginx (a killed one started again by `up`). */
  const restore = async () => {
    await t.scale(2);
    for (let i = 0; i < 100; i++) {
      const ready = await Promise.all(
        [1, 2].map((n) =>
          fetch(`http://127.0.0.1:${t.appPort(n)}/api/health/ready`).then(
            (r) => r.ok,
            () => false,
          ),
        ),
      );
      if (ready.every(Boolean)) return;
      await sleep(200);
    }
    throw new Error('the app processes did not get ready again');
  };

  await load('home', 2); // warm-up
  await load('confirm', 2);
  const first = { confirm: await load('confirm'), home: await load('home') };
  const say = (what: string, f: { confirm: Figures; home: Figures }) =>
    log(`${what}: confirm ${Math.round(f.confirm.perSecond)}/s, home ${Math.round(f.home.perSecond)}/s`);
  say('1 app', first);
  await t.scale(2);
  await load('home', 2);
  const two = { confirm: await load('confirm'), home: await load('home') };
  say('2 apps', two);

  const kill = async () => {
    process.kill(t.appPid(2), 'SIGKILL');
  };
  const killedConfirm = await load('confirm', SECONDS, kill);
  await restore();
  const killed = { confirm: killedConfirm, home: await load('home', SECONDS, kill) };
  await restore();
  say('kill -9', killed);

  await t.script('pg', 'replica', 'stop', '-m', 'fast');
  const noReplica = { confirm: await load('confirm'), home: await load('home') };
  await t.script('pg', 'replica', 'start');
  say('replica stopped', noReplica);

  const restartPrimary = async () => {
    await t.script('pg', 'primary', 'restart', '-m', 'fast');
  };
  const primary = { confirm: await load('confirm', SECONDS, restartPrimary) };
  await restore();
  const primaryHome = await load('home', SECONDS, restartPrimary);
  await restore();
  say('primary restarted', { confirm: primary.confirm, home: primaryHome });

  // The baseline once more at the end: on a machine shared with other work the load beside changes
  // within a run; the baseline is the mean of both, and their ratio says how much it changed.
  await t.scale(1);
  const last = { confirm: await load('confirm'), home: await load('home') };
  say('1 app again', last);
  const mean = (a: Figures, b: Figures): Figures => ({
    perSecond: (a.perSecond + b.perSecond) / 2,
    p99: Math.max(a.p99, b.p99),
    ok: a.ok + b.ok,
    notOk: a.notOk + b.notOk,
    errors: a.errors + b.errors,
  });
  const one = { confirm: mean(first.confirm, last.confirm), home: mean(first.home, last.home) };

  const [ledger] = await primaryRows<{ lines: number; duplicates: number }>(
    t,
    sql`select count(*)::int as lines, (count(*) - count(distinct beneficiary_id))::int as duplicates from disbursement_lines where campaign_id = ${c.campaignId}`,
  );
  const ratio = (a: number, b: number) => +(a / b).toFixed(3);
  const run = (f: { confirm: Figures; home: Figures }) => ({
    confirm: ratio(f.confirm.perSecond, one.confirm.perSecond),
    home: ratio(f.home.perSecond, one.home.perSecond),
  });
  const notOk = (f: Figures) => f.notOk + f.errors;
  console.log(
    JSON.stringify({
      mode: 'run',
      seconds: SECONDS,
      connections: CONNECTIONS,
      baseline: {
        confirmPerSecond: Math.round(one.confirm.perSecond),
        confirmP99Ms: one.confirm.p99,
        homePerSecond: Math.round(one.home.perSecond),
        homeP99Ms: one.home.p99,
        /** The last 1-process run over the first: far from 1, the machine's other load changed during the run. */
        drift: { confirm: ratio(last.confirm.perSecond, first.confirm.perSecond), home: ratio(last.home.perSecond, first.home.perSecond) },
      },
      twoApps: { ...run(two), confirmP99Ms: two.confirm.p99, homeP99Ms: two.home.p99 },
      kill: run(killed),
      replicaStopped: run(noReplica),
      primaryRestarted: { confirm: ratio(primary.confirm.perSecond, one.confirm.perSecond), home: ratio(primaryHome.perSecond, one.home.perSecond) },
      notOk: {
        oneApp: notOk(one.confirm) + notOk(one.home),
        twoApps: notOk(two.confirm) + notOk(two.home),
        killConfirm: notOk(killed.confirm),
        killHome: notOk(killed.home),
        replicaStopped: notOk(noReplica.confirm) + notOk(noReplica.home),
        primaryConfirm: notOk(primary.confirm),
        primaryHome: notOk(primaryHome),
      },
      confirmed2xx: confirm2xx,
      linesWritten: ledger!.lines,
      duplicateLines: ledger!.duplicates,
      beneficiariesUsed: nextBeneficiary,
      beneficiaries: PEOPLE,
    }),
  );
} finally {
  await t.down();
}
