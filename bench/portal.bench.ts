/**
 * The worker portal (职工端, `/m/`), one measurement per invocation, each printed as one JSON line;
 * bench/run.ts puts them beside their same-run baselines.
 *   page    the production build served by the real app (embedded database, demo dataset) in
 *           Chromium at 390×844, a worker signed in: the JavaScript the first page loads until its
 *           services are visible (bytes as sent, brotli; whether any of it is an antd chunk), the
 *           API calls the home page makes, and the time to the services on DevTools' "Fast 3G"
 *           beside the same page unthrottled
 *   setup   the demo dataset on PostgreSQL and 200 workers bound to demo persons (those on a
 *           running campaign's list first), each with a session of their own
 *   serve   the HTTP server on that database (killed by the orchestrator)
 *   load    200 concurrent members: the signed-in home (its API calls, as `page` recorded them)
 *           and 我的权益 (GET /api/m/benefits) vs the primary-key read route under the same load
 */
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { chromium, type Browser } from 'playwright-core';
import { build, type Plugin } from 'vite';
import { openEmbeddedDatabase, openServerDatabase, queryRows, type Db } from '../src/server/db.ts';
import { FieldCipher } from '../src/server/crypto.ts';
import { readConfig } from '../src/server/config.ts';
import { bootstrap, prepareAuditKey, prepareCipher } from '../src/server/bootstrap.ts';
import { AuditKey, installAuditKey } from '../src/modules/audit/index.ts';
import { buildApp } from '../src/server/app.ts';
import { hashPassword, insertSystemAccount } from '../src/modules/auth/index.ts';
import { protectPhone } from '../src/modules/people/index.ts';
import { bindWorkerToPerson, openWorkerSession, upsertWorkerAccount } from '../src/modules/portal/index.ts';
import { WORKER_COOKIE, WORKER_COOKIE_PATH } from '../src/server/worker.ts';

/** `--name=value`, split at the first `=` (the home page's calls carry query strings). */
const args = Object.fromEntries(process.argv.slice(3).map((a) => [a.slice(2, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
const mode = process.argv[2];
const out = (o: Record<string, unknown>) => console.log(JSON.stringify({ mode, ...o, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
const log = (s: string) => process.stderr.write(`    ${s}\n`);
const KEY = Buffer.alloc(32, 11);
const PASSWORD = 'Bench2026portal';
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/**
 * DevTools' "Fast 3G" preset (front_end/core/sdk/NetworkManager.ts, as Lighthouse's mobile
 * throttling): 150 ms RTT × 3.75, 1.6 Mbps × 0.9 down, 750 kbps × 0.9 up, in bytes per second.
 */
const FAST_3G = { offline: false, latency: 150 * 3.75, downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9, uploadThroughput: ((750 * 1000) / 8) * 0.9 };

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Workers bound to demo persons: those on a running campaign's list first, then any; a person the
 * demo's own workers already hold is passed over (one worker per person).
 */
async function bindWorkers(db: Db, cipher: FieldCipher, n: number) {
  const persons = await queryRows<{ id: number }>(
    db,
    sql`select p.id from persons p
         left join campaign_beneficiaries b on b.person_id = p.id and b.campaign_id in (select id from campaigns where status = 'running')
        where not exists (select 1 from worker_accounts w where w.person_id = p.id)
        group by p.id order by count(b.id) desc, p.id limit ${n}`,
  );
  const tokens: string[] = [];
  for (const [i, p] of persons.entries()) {
    const phone = protectPhone(cipher, `1390${String(i).padStart(7, '0')}`);
    if ('problem' in phone) throw new Error(phone.problem);
    const w = await upsertWorkerAccount(db, { phoneBidx: phone.phoneBidx!, phoneEnc: phone.phoneEnc!, phoneMasked: phone.phoneMasked! });
    await bindWorkerToPerson(db, w.id, Number(p.id));
    tokens.push((await openWorkerSession(db, w.id, { ip: '127.0.0.1', userAgent: 'bench' })).token);
  }
  return tokens;
}

/** Builds the web app into `dir`, answering which chunks hold antd (the staff app's library). */
async function buildWeb(dir: string): Promise<Set<string>> {
  const antd = new Set<string>();
  const record: Plugin = {
    name: 'bench-antd-chunks',
    generateBundle(_o, bundle) {
      for (const c of Object.values(bundle)) {
        if (c.type === 'chunk' && c.moduleIds.some((id) => /[\\/]node_modules[\\/](antd|@ant-design[\\/][^\\/]+)[\\/]/.test(id))) antd.add(c.fileName);
      }
    },
  };
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn', plugins: [record], build: { outDir: dir, emptyOutDir: true } });
  return antd;
}

async function page() {
  const rounds = Number(args.rounds ?? 5);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-bench-portal-'));
  const webDir = path.join(work, 'web');
  const antdChunks = await buildWeb(webDir);
  const config = { ...readConfig({ DATA_DIR: path.join(work, 'data'), NIANGJIA_DEMO: '1', LOG_LEVEL: 'warn' }), adminPassword: PASSWORD, webDir };
  const database = await openEmbeddedDatabase(config.dataDir);
  const cipher = await prepareCipher(database.db, config, {});
  await prepareAuditKey(database.db, config, {});
  await bootstrap(database.db, config, cipher, {});
  const [token] = await bindWorkers(database.db, cipher, 1);
  const app = await buildApp({ db: database.db, config, cipher, copyInto: database.copyInto });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const baseURL = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser: Browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  /** One cold load of /m/ until the home page's services are visible. */
  const load = async (throttled: boolean) => {
    const context = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 390, height: 844 }, isMobile: true });
    context.setDefaultTimeout(60_000);
    // When the first service tile is in the page, on the page's clock: the frame after it was added.
    await context.addInitScript(() => {
      const w = window as unknown as { __njTiles?: number };
      const seen = () => {
        if (w.__njTiles === undefined && document.querySelector('.adm-grid-item button')) {
          requestAnimationFrame(() => (w.__njTiles ??= performance.now()));
          return true;
        }
        return false;
      };
      new MutationObserver((_m, o) => seen() && o.disconnect()).observe(document, { childList: true, subtree: true });
    });
    await context.addCookies([{ name: WORKER_COOKIE, value: token!, domain: '127.0.0.1', path: WORKER_COOKIE_PATH }]);
    try {
      const p = await context.newPage();
      if (throttled) {
        const cdp = await context.newCDPSession(p);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', FAST_3G);
      }
      const scripts: { url: string; response: Promise<number> }[] = [];
      const api = new Set<string>();
      let usable = false;
      let inFlight = 0;
      let lastActivity = performance.now();
      let navStart = 0;
      p.on('request', () => {
        inFlight++;
        lastActivity = performance.now();
      });
      p.on('requestfailed', () => {
        inFlight--;
        lastActivity = performance.now();
      });
      p.on('requestfinished', (r) => {
        // --waterfall=1: each throttled request's start and end (ms from the navigation), to see what waits on what.
        if (throttled && args.waterfall) {
          const t = r.timing();
          log(
            `${(t.startTime - navStart).toFixed(0).padStart(6)} ${(t.startTime + t.responseEnd - navStart).toFixed(0).padStart(6)}  ${new URL(r.url()).pathname}`,
          );
        }
        inFlight--;
        lastActivity = performance.now();
        const u = new URL(r.url());
        // The home page's data calls, also those answered after its services are on the screen.
        if (u.pathname.startsWith('/api/') && r.method() === 'GET') api.add(u.pathname + u.search);
        if (!usable && r.resourceType() === 'script') scripts.push({ url: r.url(), response: r.sizes().then((s) => s.responseBodySize) });
      });
      const started = performance.now();
      navStart = Date.now();
      await p.goto('/m/', { waitUntil: 'commit' });
      // Usable: the services the union offers are on the screen (the tiles of 我的服务).
      await p.locator('.adm-grid-item button').first().waitFor({ state: 'visible' });
      // The page's own clock (from the start of the navigation, when the tiles were first painted)
      // where it has it: Playwright's polling for visibility adds its own delay on a busy machine.
      const painted = await p.evaluate(() => (window as unknown as { __njTiles?: number }).__njTiles);
      const ms = painted ?? performance.now() - started;
      usable = true;
      // The calls the page makes once its services show: until nothing has been asked or answered
      // for 1.5 s. (Playwright's 'networkidle' can fire while the scripts still run, before the
      // first call is made, on a busy machine.)
      const quietBy = performance.now() + 60_000;
      while ((inFlight > 0 || performance.now() - lastActivity < 1500) && performance.now() < quietBy) await p.waitForTimeout(100);
      const sizes = await Promise.all(scripts.map(async (s) => ({ file: new URL(s.url).pathname.slice(1), bytes: await s.response })));
      return { ms, sizes, api: [...api] };
    } finally {
      await context.close();
    }
  };
  try {
    await load(false);
    const plain: number[] = [];
    const slow: number[] = [];
    let first = await load(false);
    for (let i = 0; i < rounds; i++) {
      first = await load(false);
      plain.push(first.ms);
      slow.push((await load(true)).ms);
    }
    const scriptBytes = first.sizes.reduce((s, x) => s + x.bytes, 0);
    out({
      rounds,
      plainMs: { median: +median(plain).toFixed(0), max: +Math.max(...plain).toFixed(0) },
      fast3gMs: { median: +median(slow).toFixed(0), max: +Math.max(...slow).toFixed(0) },
      scripts: first.sizes.length,
      scriptBytes,
      scriptFiles: first.sizes,
      antdLoaded: first.sizes.filter((s) => antdChunks.has(s.file)).map((s) => s.file),
      antdChunksInBuild: antdChunks.size,
      homeApi: first.api,
    });
  } finally {
    await browser.close();
    await app.close();
    await database.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function setup(url: string) {
  const database = await openServerDatabase(url, 4);
  const { db } = database;
  const cipher = new FieldCipher(KEY);
  installAuditKey(new AuditKey(KEY));
  const t0 = Date.now();
  await bootstrap(db, { ...readConfig({ LOG_LEVEL: 'silent' }), demo: true, adminPassword: PASSWORD }, cipher);
  log(`demo dataset ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const [org] = await queryRows<{ id: number }>(db, sql`select id from orgs where parent_id is null`);
  await insertSystemAccount(db, {
    username: 'bench_staff',
    displayName: '基准测试',
    orgId: org!.id,
    roles: ['union_admin'],
    passwordHash: await hashPassword(PASSWORD),
  });
  const tokens = await bindWorkers(db, cipher, Number(args.workers ?? 200));
  await db.execute(sql`vacuum analyze`);
  const [onList] = await queryRows<{ n: number }>(
    db,
    sql`select count(distinct w.person_id)::int as n from worker_accounts w join campaign_beneficiaries b on b.person_id = w.person_id
         join campaigns c on c.id = b.campaign_id and c.status = 'running'`,
  );
  fs.writeFileSync(args.tokens!, JSON.stringify(tokens));
  await database.close();
  out({ workers: tokens.length, onRunningList: onList!.n, seconds: (Date.now() - t0) / 1000 });
}

async function serve(url: string) {
  const database = await openServerDatabase(url, Number(args.pool ?? 16));
  installAuditKey(new AuditKey(KEY));
  const config = { ...readConfig({ LOG_LEVEL: 'silent' }), demo: false };
  const app = await buildApp({ db: database.db, config, cipher: new FieldCipher(KEY), copyInto: database.copyInto });
  await app.listen({ port: 0, host: '127.0.0.1' });
  console.log(JSON.stringify({ mode, port: (app.server.address() as { port: number }).port }));
  const stop = () =>
    void app
      .close()
      .then(() => database.close())
      .finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

interface Reply {
  path: string;
  status: number;
  body: string;
  ms: number;
}

async function load(url: string, port: number) {
  const clients = Number(args.clients ?? 200);
  const seconds = Number(args.seconds ?? 20);
  const tokens = JSON.parse(fs.readFileSync(args.tokens!, 'utf8')) as string[];
  const homeApi = (args.home ?? '/api/m/me').split(',').filter(Boolean);
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients + 8 });
  const request = (method: string, p: string, cookie: string, body?: unknown) =>
    new Promise<Reply>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const t0 = process.hrtime.bigint();
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method,
          path: p,
          agent,
          headers: { cookie, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
        },
        (res) => {
          let data = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (data += c));
          res.on('end', () => resolve({ path: p.split('?')[0]!, status: res.statusCode!, body: data, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
        },
      );
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  const database = await openServerDatabase(url, 2);
  const [person] = await queryRows<{ id: string }>(database.db, sql`select id from persons order by id desc limit 1`);
  await database.close();
  // The baseline's staff session (its cookie is in the sign-in's header).
  const staffCookie = await new Promise<string>((resolve, reject) => {
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
      (res) => {
        res.resume();
        resolve(res.headers['set-cookie']!.map((c) => c.split(';')[0]).join('; '));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
  const workerCookie = (client: number) => `${WORKER_COOKIE}=${tokens[client % tokens.length]}`;

  /**
   * `clients` loops for `seconds`; each turn's latency (a page's calls in parallel: until the last
   * answers). With `thinkMs`, each member reads the page for a random 0.5–1.5 × thinkMs before the
   * next (as a person on a phone does, and as load tools model users); without it, back to back,
   * which measures how much the server can answer (its saturation), not what a member waits.
   */
  const run = async (turn: (client: number) => Promise<Reply[]>, thinkMs = 0) => {
    const pages: number[] = [];
    const calls: number[] = [];
    const statuses: Record<string, number> = {};
    const byPath: Record<string, number[]> = {};
    const end = Date.now() + seconds * 1000;
    const t0 = Date.now();
    const think = () => new Promise((r) => setTimeout(r, thinkMs * (0.5 + Math.random())));
    await Promise.all(
      Array.from({ length: clients }, async (_, client) => {
        // Members arrive spread over one think time, not all in the same millisecond.
        if (thinkMs) await new Promise((r) => setTimeout(r, Math.random() * thinkMs));
        while (Date.now() < end) {
          const started = process.hrtime.bigint();
          const replies = await turn(client);
          pages.push(Number(process.hrtime.bigint() - started) / 1e6);
          for (const r of replies) {
            calls.push(r.ms);
            (byPath[r.path] ??= []).push(r.ms);
            statuses[r.status] = (statuses[r.status] ?? 0) + 1;
          }
          if (thinkMs) await think();
        }
      }),
    );
    const elapsed = (Date.now() - t0) / 1000;
    pages.sort((a, b) => a - b);
    calls.sort((a, b) => a - b);
    return {
      turns: pages.length,
      perSecond: calls.length / elapsed,
      p50: percentile(calls, 50),
      p99: percentile(calls, 99),
      pageP99: percentile(pages, 99),
      // Each call's own p99, to find the slow one among a page's calls.
      p99ByPath: Object.fromEntries(
        Object.entries(byPath).map(([k, v]) => [
          k,
          +percentile(
            v.sort((a, b) => a - b),
            99,
          ).toFixed(1),
        ]),
      ),
      statuses,
    };
  };
  const pkTurn = async () => [await request('GET', `/api/people/${person!.id}`, staffCookie)];
  const homeTurn = (client: number) => Promise.all(homeApi.map((p) => request('GET', p, workerCookie(client))));
  const benefitsTurn = async (client: number) => [await request('GET', '/api/m/benefits', workerCookie(client))];
  // 我的权益, when the app has it (the OpenAPI document lists its routes).
  const documented = (await request('GET', '/api/openapi.json', staffCookie)).body.includes('"/api/m/benefits"');
  // 200 members using the portal at once, each reading a page for about `think` ms between pages.
  const thinkMs = Number(args.think ?? 5000);
  const primaryKey = await run(pkTurn, thinkMs);
  const home = await run(homeTurn, thinkMs);
  const benefits = documented ? await run(benefitsTurn, thinkMs) : null;
  // The same clients back to back: what the one process answers at most, per route.
  const saturated = {
    primaryKey: await run(pkTurn),
    home: await run(homeTurn),
    benefits: documented ? await run(benefitsTurn) : null,
  };
  agent.destroy();
  out({ clients, seconds, thinkMs, workers: tokens.length, homeApi, primaryKey, home, benefits, saturated });
}

async function main() {
  switch (mode) {
    case 'page':
      return page();
    case 'setup':
      return setup(args.db!);
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
