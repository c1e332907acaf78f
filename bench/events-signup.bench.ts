/**
 * 活动报名 at its peak: a 夏令营 of 500 places opened to 5,000 workers who all sign up through the
 * portal's API within a minute. One measurement per invocation, each printed as one JSON line;
 * bench/run.ts puts them beside their same-run baselines.
 *   setup   a bare installation on PostgreSQL, 5,000 registry persons, a worker account and session
 *           bound to each, and the events a union's staff make through the staff API: the camp
 *           (500 places, an audience reaching all 5,000, one session, opened for sign-up), a small
 *           one to warm the server up, and a second camp of 500 for the back-to-back run
 *   serve   the HTTP server on that database (killed by the orchestrator)
 *   load    every worker opens the portal (GET /api/m/me, the baseline: a primary-key read of their
 *           own session and person), then signs up (POST /api/m/events/:id/signup, waitIfFull as
 *           the portal sends it); each wave arrives at random over `seconds` (default 60) through
 *           at most `clients` (default 200) connections at once. Then the same two back to back on
 *           the second camp (what one app process answers at most), and the database is checked:
 *           exactly 500 confirmed, nobody twice, the event's count of places taken equal to them.
 */
import http from 'node:http';
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { openServerDatabase, queryRows, type Db } from '../src/server/db.ts';
import { FieldCipher } from '../src/server/crypto.ts';
import { readConfig } from '../src/server/config.ts';
import { bootstrap } from '../src/server/bootstrap.ts';
import { AuditKey, installAuditKey } from '../src/modules/audit/index.ts';
import { buildApp } from '../src/server/app.ts';
import { hashPassword, insertSystemAccount } from '../src/modules/auth/index.ts';
import { protectPhone } from '../src/modules/people/index.ts';
import { bindWorkerToPerson, openWorkerSession, upsertWorkerAccount } from '../src/modules/portal/index.ts';
import { WORKER_COOKIE } from '../src/server/worker.ts';

const args = Object.fromEntries(process.argv.slice(3).map((a) => [a.slice(2, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
const mode = process.argv[2];
const out = (o: Record<string, unknown>) => console.log(JSON.stringify({ mode, ...o, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
const log = (s: string) => process.stderr.write(`    ${s}\n`);
const KEY = Buffer.alloc(32, 13);
const PASSWORD = 'Bench2026signup';
const WARM_UP = 100;

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

interface Setup {
  camp: number;
  saturation: number;
  warmUp: number;
  places: number;
  tokens: string[];
}

/** One worker per person: an account for a phone, bound to the person, with a session of its own (8 at a time). */
async function bindWorkers(db: Db, cipher: FieldCipher, persons: number[]) {
  const tokens: string[] = new Array(persons.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < persons.length) {
        const i = next++;
        const phone = protectPhone(cipher, `1391${String(i).padStart(7, '0')}`);
        if ('problem' in phone) throw new Error(phone.problem);
        const w = await upsertWorkerAccount(db, { phoneBidx: phone.phoneBidx!, phoneEnc: phone.phoneEnc!, phoneMasked: phone.phoneMasked! });
        await bindWorkerToPerson(db, w.id, persons[i]!);
        tokens[i] = (await openWorkerSession(db, w.id, { ip: '127.0.0.1', userAgent: 'bench' })).token;
      }
    }),
  );
  return tokens;
}

async function setup(url: string) {
  const workers = Number(args.workers ?? 5000);
  const places = Number(args.places ?? 500);
  const database = await openServerDatabase(url, 8);
  const { db } = database;
  const cipher = new FieldCipher(KEY);
  installAuditKey(new AuditKey(KEY));
  const config = { ...readConfig({ LOG_LEVEL: 'silent' }), demo: false, adminPassword: PASSWORD };
  const t0 = Date.now();
  await bootstrap(db, config, cipher);
  const [root] = await queryRows<{ id: number }>(db, sql`select id from orgs where parent_id is null`);
  await insertSystemAccount(db, {
    username: 'bench_signup',
    displayName: '报名基准',
    orgId: root!.id,
    roles: ['union_admin'],
    passwordHash: await hashPassword(PASSWORD),
  });
  // The registry's persons, set-based (as the people module's bulk import leaves them): born 1975–1999.
  const persons = await queryRows<{ id: number }>(
    db,
    sql`insert into persons (org_id, name, name_pinyin, name_initials, sex, birth_date, id_type, id_number_enc, id_number_bidx, id_masked, id_last4, occupation, employment_form)
        select ${root!.id}, '职工' || g, 'zhigong' || g, 'zg', case when g % 2 = 0 then 'male' else 'female' end, date '1975-01-01' + (g * 7 % 9000),
               'resident', 'bench', 'signup-bench-' || g, '150102********' || lpad((g % 10000)::text, 4, '0'), lpad((g % 10000)::text, 4, '0'), 'sanitation', 'standard'
          from generate_series(1, ${workers}) g
        returning id::int as id`,
  );
  const tokens = await bindWorkers(
    db,
    cipher,
    persons.map((p) => p.id),
  );
  log(`${persons.length} persons and workers ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // The events, as staff make them: through the staff API, signed in, with the CSRF token.
  const app = await buildApp({ db, config, cipher, copyInto: database.copyInto });
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bench_signup', password: PASSWORD } });
  if (login.statusCode !== 200) throw new Error(`login ${login.statusCode}: ${login.body}`);
  const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = (await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).json().csrfToken as string;
  const staff = async (method: 'GET' | 'POST', path: string, payload?: unknown) => {
    const r = await app.inject({
      method,
      url: path,
      headers: { cookie, 'x-csrf-token': csrf },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    if (r.statusCode >= 300) throw new Error(`${method} ${path} ${r.statusCode}: ${r.body}`);
    return r.json();
  };
  // Workers aged 18–60 on the camp's first day: every one of the 5,000.
  const audience = { ageMin: 18, ageMax: 60 };
  const reach = (await staff('POST', '/api/events/audience-preview', { orgId: root!.id, audience })).reach as number;
  const openEvent = async (title: string, capacity: number) => {
    const created = await staff('POST', '/api/events', {
      kind: 'summer_camp',
      orgId: root!.id,
      title,
      description: '职工子女暑期夏令营，先到先得，满员后候补。',
      audience,
      capacity,
      workerSignup: true,
    });
    await staff('POST', `/api/events/${created.id}/sessions`, {
      startsAt: '2030-07-15T08:00:00+08:00',
      endsAt: '2030-07-20T17:00:00+08:00',
      place: '大青山营地',
      address: null,
    });
    const version = (await staff('GET', `/api/events/${created.id}`)).version as number;
    const opened = await staff('POST', `/api/events/${created.id}/transition`, { action: 'open', version });
    if (opened.status !== 'open' || opened.capacity !== capacity) throw new Error(`event ${created.id} not open: ${JSON.stringify(opened)}`);
    return created.id as number;
  };
  const camp = await openEvent('2030年职工子女夏令营', places);
  const warmUp = await openEvent('2030年职工子女夏令营（预热）', 20);
  const saturation = await openEvent('2030年职工子女夏令营（第二期）', places);
  await app.close();
  await db.execute(sql`vacuum analyze`);
  const s: Setup = { camp, saturation, warmUp, places, tokens };
  fs.writeFileSync(args.tokens!, JSON.stringify(s));
  await database.close();
  out({ workers: tokens.length, reach, places, camp, saturation, seconds: (Date.now() - t0) / 1000 });
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
  status: number;
  body: string;
  ms: number;
}

async function load(url: string, port: number) {
  const clients = Number(args.clients ?? 200);
  const seconds = Number(args.seconds ?? 60);
  const s = JSON.parse(fs.readFileSync(args.tokens!, 'utf8')) as Setup;
  const n = s.tokens.length;
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients + 8 });
  const request = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
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
          headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
        },
        (res) => {
          let data = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (data += c));
          res.on('end', () => resolve({ status: res.statusCode!, body: data, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  const cookie = (w: number) => `${WORKER_COOKIE}=${s.tokens[w]}`;
  const csrf: string[] = new Array(n);
  const me = async (w: number) => {
    const r = await request('GET', '/api/m/me', { cookie: cookie(w) });
    if (r.status === 200) csrf[w] = JSON.parse(r.body).csrfToken;
    return r;
  };
  const signUp = (event: number) => (w: number) =>
    request('POST', `/api/m/events/${event}/signup`, { cookie: cookie(w), 'x-csrf-token': csrf[w] ?? '' }, { waitIfFull: true });

  /**
   * Every worker once, in a random order. Paced: each arrives at a random moment within `seconds`
   * (as people do when a sign-up opens) and is sent by the first of `clients` connections free
   * then — `late` counts those that found all of them busy. Unpaced: back to back.
   */
  const wave = async (send: (w: number) => Promise<Reply>, paced: boolean) => {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const at = Array.from({ length: n }, () => (paced ? Math.random() * seconds * 1000 : 0)).sort((a, b) => a - b);
    const ms: number[] = [];
    // From the moment the worker arrived to the answer: also the wait for a free connection.
    const waited: number[] = [];
    const statuses: Record<string, number> = {};
    const bodies: string[] = [];
    // Latency by what the answer said (a sign-up: confirmed while places last, then waiting).
    const byAnswer: Record<string, number[]> = {};
    let next = 0;
    let late = 0;
    let failed = 0;
    let maxLateMs = 0;
    const t0 = performance.now();
    let last = t0;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < n) {
          const k = next++;
          const wait = t0 + at[k]! - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          else if (paced && wait < -5) {
            late++;
            maxLateMs = Math.max(maxLateMs, -wait);
          }
          const r = await send(order[k]!);
          ms.push(r.ms);
          waited.push(Math.max(r.ms, performance.now() - t0 - at[k]!));
          statuses[r.status] = (statuses[r.status] ?? 0) + 1;
          if (r.status >= 300 && failed++ < 5) log(`${r.status}: ${r.body.slice(0, 200)}`);
          bodies.push(r.body);
          const answer = (r.status === 201 && /"status":"(\w+)"/.exec(r.body)?.[1]) || String(r.status);
          (byAnswer[answer] ??= []).push(r.ms);
          last = performance.now();
        }
      }),
    );
    const wallSeconds = (last - t0) / 1000;
    ms.sort((a, b) => a - b);
    waited.sort((a, b) => a - b);
    return {
      figures: {
        requests: ms.length,
        wallSeconds: +wallSeconds.toFixed(2),
        perSecond: +(ms.length / wallSeconds).toFixed(1),
        p50: +percentile(ms, 50).toFixed(1),
        p99: +percentile(ms, 99).toFixed(1),
        max: +ms[ms.length - 1]!.toFixed(1),
        statuses,
        byAnswer: Object.fromEntries(
          Object.entries(byAnswer).map(([k, v]) => {
            v.sort((a, b) => a - b);
            return [k, { n: v.length, p50: +percentile(v, 50).toFixed(1), p99: +percentile(v, 99).toFixed(1) }];
          }),
        ),
        ...(paced
          ? { late, maxLateMs: Math.round(maxLateMs), fromArrival: { p50: +percentile(waited, 50).toFixed(1), p99: +percentile(waited, 99).toFixed(1) } }
          : {}),
      },
      bodies,
    };
  };

  /** What the workers were told, and what the database holds afterwards. */
  const verdict = async (event: number, bodies: string[]) => {
    const answers = bodies.flatMap((b) => {
      try {
        return [JSON.parse(b) as { status?: string; position?: number | null }];
      } catch {
        return [];
      }
    });
    const positions = answers.filter((a) => a.status === 'waiting').map((a) => a.position);
    const database = await openServerDatabase(url, 2);
    const [row] = await queryRows<{ confirmed: number; waiting: number; rows: number; persons: number; twice: number; taken: number; capacity: number }>(
      database.db,
      sql`select count(*) filter (where status = 'confirmed')::int as confirmed, count(*) filter (where status = 'waiting')::int as waiting,
                 count(*)::int as rows, count(distinct person_id)::int as persons,
                 (select count(*)::int from (select person_id from event_signups where event_id = ${event} group by person_id having count(*) > 1) x) as twice,
                 (select taken from events where id = ${event}) as taken, (select capacity from events where id = ${event}) as capacity
            from event_signups where event_id = ${event}`,
    );
    await database.close();
    return {
      ...row!,
      toldConfirmed: answers.filter((a) => a.status === 'confirmed').length,
      toldWaiting: positions.length,
      // A place in line shown to two workers at once (read just after each one's own commit).
      positionsShownTwice: positions.length - new Set(positions).size,
    };
  };

  // Warm-up: the first workers open the portal and sign up for a small event (not measured).
  const few = Array.from({ length: WARM_UP }, (_, i) => i);
  for (let i = 0; i < few.length; i += 10) await Promise.all(few.slice(i, i + 10).map(me));
  for (let i = 0; i < few.length; i += 10) await Promise.all(few.slice(i, i + 10).map(signUp(s.warmUp)));

  // The minute the camp opens: every worker opens the portal, then signs up.
  const baseline = await wave(me, true);
  const missing = csrf.filter((c) => !c).length;
  if (missing) throw new Error(`${missing} workers got no session from /api/m/me`);
  const signup = await wave(signUp(s.camp), true);
  const check = await verdict(s.camp, signup.bodies);
  // Back to back: what one app process answers at most (the second camp).
  const saturatedBaseline = await wave(me, false);
  const saturatedSignup = await wave(signUp(s.saturation), false);
  const saturatedCheck = await verdict(s.saturation, saturatedSignup.bodies);
  agent.destroy();
  out({
    workers: n,
    places: s.places,
    clients,
    seconds,
    primaryKey: baseline.figures,
    signup: signup.figures,
    check,
    saturated: { primaryKey: saturatedBaseline.figures, signup: saturatedSignup.figures, check: saturatedCheck },
  });
}

async function main() {
  switch (mode) {
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
