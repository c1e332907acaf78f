/**
 * 健康守护 at its peak and its bulk load, beside same-run baselines. One measurement per invocation,
 * each printed as one JSON line; bench/run.ts (BENCH_SUITES=health) puts them side by side.
 *   setup   PostgreSQL: 2,000 registry persons, a worker session bound to each, a check-up programme
 *           made through the staff API with 500 slots (5 hospitals × 100 days, 4 places each: 2,000
 *           places) and a small warm-up programme
 *   serve   the HTTP server on that database (killed by the orchestrator)
 *   load    every worker opens the portal (GET /api/m/me, the baseline) and then books a random slot
 *           (POST /api/m/health/programmes/:id/bookings) within `seconds` (default 60) through at
 *           most `clients` connections; a worker told the slot is full tries another random one with
 *           places left (as a phone shows them); then the database is checked: no slot over its
 *           capacity, each slot's counter equal to its bookings, nobody twice
 *   import  100,000 result lines (10,000 booked people × 10 items) through the import's use case
 *           (row checks, keyed hash of the ID number, COPY to staging, set-based match, apply,
 *           follow-ups) vs a raw COPY of the same lines into the same staging table; on PostgreSQL
 *           with --db, else on PGlite in memory. The sheet's .xlsx reading is not in either figure
 *           (the route reads uploads with exceljs; see the people suite for reader speed).
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
import { openMemoryDatabase } from '../src/server/db.ts';
import { systemActor } from '../src/server/actor.ts';
import type { SheetRow } from '../src/server/imports.ts';
import { withCheckCharacter } from '../src/shared/idcard.ts';
import { idIndex } from '../src/modules/people/index.ts';
import { importResults } from '../src/modules/health/results.service.ts';
import { insertHospital, insertProgramme, insertSlots, setProgrammeStatus } from '../src/modules/health/health.repository.ts';

const args = Object.fromEntries(process.argv.slice(3).map((a) => [a.slice(2, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
const mode = process.argv[2];
const out = (o: Record<string, unknown>) => console.log(JSON.stringify({ mode, ...o, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
const log = (s: string) => process.stderr.write(`    ${s}\n`);
const KEY = Buffer.alloc(32, 13);
const PASSWORD = 'Bench2026health';
const WARM_UP = 100;

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

interface Setup {
  programme: number;
  slots: number[];
  warmUpProgramme: number;
  warmUpSlot: number;
  capacity: number;
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
        const phone = protectPhone(cipher, `1392${String(i).padStart(7, '0')}`);
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
  const workers = Number(args.workers ?? 2000);
  const slotCount = Number(args.slots ?? 500);
  const capacity = Math.ceil(workers / slotCount);
  const database = await openServerDatabase(url, 8);
  const { db } = database;
  const cipher = new FieldCipher(KEY);
  installAuditKey(new AuditKey(KEY));
  const config = { ...readConfig({ LOG_LEVEL: 'silent' }), demo: false, adminPassword: PASSWORD };
  const t0 = Date.now();
  await bootstrap(db, config, cipher);
  const [root] = await queryRows<{ id: number }>(db, sql`select id from orgs where parent_id is null`);
  await insertSystemAccount(db, {
    username: 'bench_health',
    displayName: '体检基准',
    orgId: root!.id,
    roles: ['union_admin'],
    passwordHash: await hashPassword(PASSWORD),
  });
  const persons = await queryRows<{ id: number }>(
    db,
    sql`insert into persons (org_id, name, name_pinyin, name_initials, sex, birth_date, id_type, id_number_enc, id_number_bidx, id_masked, id_last4, occupation, employment_form)
        select ${root!.id}, '职工' || g, 'zhigong' || g, 'zg', case when g % 2 = 0 then 'male' else 'female' end, date '1975-01-01' + (g * 7 % 9000),
               'resident', 'bench', 'health-bench-' || g, '150102********' || lpad((g % 10000)::text, 4, '0'), lpad((g % 10000)::text, 4, '0'), 'sanitation', 'standard'
          from generate_series(1, ${workers}) g
        returning id::int as id`,
  );
  const tokens = await bindWorkers(
    db,
    cipher,
    persons.map((p) => p.id),
  );
  log(`${persons.length} persons and workers ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const app = await buildApp({ db, config, cipher, copyInto: database.copyInto });
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bench_health', password: PASSWORD } });
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
  const from = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  /** A programme with `hospitals` partner hospitals, each with a slot a day for `days` days. */
  const open = async (title: string, hospitals: number, days: number, places: number) => {
    const g = await staff('POST', '/api/health/programmes', { orgId: root!.id, year: Number(from.slice(0, 4)), title, audience: { ageMin: 18, ageMax: 60 } });
    const to = new Date(Date.parse(from) + (days - 1) * 86_400_000).toISOString().slice(0, 10);
    for (let i = 1; i <= hospitals; i++) {
      const h = await staff('POST', `/api/health/programmes/${g.id}/hospitals`, { name: `${title}第${i}医院` });
      const hospitalId = (h.hospitals as { id: number; name: string }[]).find((x) => x.name === `${title}第${i}医院`)!.id;
      await staff('POST', `/api/health/programmes/${g.id}/slots`, { hospitalId, from, to, capacity: places, weekdays: [1, 2, 3, 4, 5, 6, 7] });
    }
    const opened = await staff('POST', `/api/health/programmes/${g.id}/status`, { status: 'open' });
    return { id: g.id as number, slots: (opened.slots as { id: number }[]).map((s) => s.id) };
  };
  // 500 slots: 5 hospitals × 100 days.
  const main = await open('职工健康体检', 5, Math.ceil(slotCount / 5), capacity);
  const warm = await open('职工健康体检（预热）', 1, 1, 200);
  await app.close();
  await db.execute(sql`vacuum analyze`);
  const s: Setup = { programme: main.id, slots: main.slots, warmUpProgramme: warm.id, warmUpSlot: warm.slots[0]!, capacity, tokens };
  fs.writeFileSync(args.tokens!, JSON.stringify(s));
  await database.close();
  out({ workers: tokens.length, slots: main.slots.length, capacity, seconds: (Date.now() - t0) / 1000 });
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
  /** Books a random slot; told it is full, tries another random one (as the phone's list would show), up to 5 times. */
  const full = new Set<number>();
  const book = (programme: number, slots: number[]) => async (w: number) => {
    let last: Reply | undefined;
    let ms = 0;
    for (let attempt = 0; attempt < 5; attempt++) {
      const open = slots.filter((x) => !full.has(x));
      const slot = (open.length ? open : slots)[Math.floor(Math.random() * (open.length || slots.length))]!;
      last = await request(
        'POST',
        `/api/m/health/programmes/${programme}/bookings`,
        { cookie: cookie(w), 'x-csrf-token': csrf[w] ?? '' },
        { slotId: slot, consent: true },
      );
      ms += last.ms;
      if (last.status !== 409 || !last.body.includes('约满')) break;
      full.add(slot);
    }
    return { ...last!, ms };
  };

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
          const answer = String(r.status);
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

  /** What the database holds afterwards: no slot over capacity, counters equal to bookings, nobody twice. */
  const verdict = async (programme: number) => {
    const database = await openServerDatabase(url, 2);
    const [row] = await queryRows<{ bookings: number; persons: number; overbooked: number; counterMismatch: number; booked: number; capacity: number }>(
      database.db,
      sql`select (select count(*)::int from health_bookings where programme_id = ${programme}) as bookings,
                 (select count(distinct person_id)::int from health_bookings where programme_id = ${programme}) as persons,
                 (select count(*)::int from health_slots where programme_id = ${programme} and booked > capacity) as overbooked,
                 (select count(*)::int from health_slots s where s.programme_id = ${programme}
                     and s.booked <> (select count(*) from health_bookings b where b.slot_id = s.id)) as "counterMismatch",
                 (select coalesce(sum(booked), 0)::int from health_slots where programme_id = ${programme}) as booked,
                 (select coalesce(sum(capacity), 0)::int from health_slots where programme_id = ${programme}) as capacity`,
    );
    await database.close();
    return row!;
  };

  // Warm-up: the first workers open the portal and book the small programme (not measured).
  const few = Array.from({ length: WARM_UP }, (_, i) => i);
  for (let i = 0; i < few.length; i += 10) await Promise.all(few.slice(i, i + 10).map(me));
  const warmBook = book(s.warmUpProgramme, [s.warmUpSlot]);
  for (let i = 0; i < few.length; i += 10) await Promise.all(few.slice(i, i + 10).map(warmBook));

  const baseline = await wave(me, true);
  const missing = csrf.filter((c) => !c).length;
  if (missing) throw new Error(`${missing} workers got no session from /api/m/me`);
  const booking = await wave(book(s.programme, s.slots), true);
  const check = await verdict(s.programme);
  agent.destroy();
  out({ workers: n, slots: s.slots.length, capacity: s.capacity, clients, seconds, primaryKey: baseline.figures, booking: booking.figures, check });
}

/** 100,000 result lines through the import's use case vs a raw COPY of the same lines into its staging table. */
async function importBench() {
  const people = Number(args.people ?? 10_000);
  const items = Number(args.items ?? 10);
  const database = args.db ? await openServerDatabase(args.db, 4) : await openMemoryDatabase();
  const { db } = database;
  const cipher = new FieldCipher(KEY);
  installAuditKey(new AuditKey(KEY));
  const config = { ...readConfig({ LOG_LEVEL: 'silent' }), demo: false, adminPassword: PASSWORD };
  await bootstrap(db, config, cipher);
  const [root] = await queryRows<{ id: number; path: string }>(db, sql`select id, path from orgs where parent_id is null`);
  // Real ID numbers (their keyed hash is what the import matches on), inserted set-based.
  const ids = Array.from({ length: people }, (_, i) =>
    withCheckCharacter(
      `1501021980${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (Math.floor(i / 12) % 28)).padStart(2, '0')}${String(Math.floor(i / 336)).padStart(3, '0')}`,
    ),
  );
  const bidx = ids.map((n) => idIndex(cipher, n));
  for (let i = 0; i < people; i += 5000) {
    const part = bidx.slice(i, i + 5000);
    await db.execute(sql`insert into persons (org_id, name, name_pinyin, name_initials, sex, birth_date, id_type, id_number_enc, id_number_bidx, id_masked, id_last4)
        select ${root!.id}, '职工', 'zhigong', 'zg', 'male', date '1980-01-01', 'resident', 'bench', b, '150102********0000', '0000'
          from unnest(${`{${part.join(',')}}`}::text[]) b`);
  }
  const actor = systemActor(root!);
  const g = await db.transaction(async (tx) => {
    const id = await insertProgramme(tx, root!, { orgId: root!.id, year: 2030, title: '导入基准', description: null, audience: null }, null);
    await setProgrammeStatus(tx, id, 'open');
    const h = await insertHospital(tx, id, { name: '基准医院', address: null, phone: null });
    await insertSlots(tx, id, h, ['2030-06-01'], people);
    return id;
  });
  await db.execute(sql`insert into health_bookings (programme_id, slot_id, person_id, org_id, org_path, source, consent_basis)
      select ${g}, (select id from health_slots where programme_id = ${g}), p.id, p.org_id, ${root!.path}, 'union', '基准' from persons p`);
  await db.execute(sql`update health_slots set booked = ${people} where programme_id = ${g}`);
  const ITEMS = ['血压', '空腹血糖', '总胆固醇', '甘油三酯', '谷丙转氨酶', '肌酐', '尿酸', '血红蛋白', '白细胞', '心电图', '胸片', '乳腺彩超'];
  const rows: SheetRow[] = [{ rowNo: 1, cells: ['身份证号', '姓名', '检查项目', '结果', '单位', '参考范围', '异常标志'] }];
  for (let p = 0; p < people; p++) {
    for (let k = 0; k < items; k++) {
      // About one line in twenty outside its range, as in a working population's reports.
      const v = (p * 7 + k * 3) % 20 === 0 ? '7.2' : (4 + ((p * 7 + k * 3) % 20) / 10).toFixed(1);
      rows.push({ rowNo: rows.length + 1, cells: [ids[p]!, '职工', ITEMS[k % ITEMS.length]!, v, 'mmol/L', '3.9-6.1', ''] });
    }
  }
  // Baseline: the same lines, already encoded, COPY'd into the staging table.
  const lines = rows
    .slice(1)
    .map((r, i) => `copy-baseline\t${r.rowNo}\t${bidx[Math.floor(i / items)]}\t${r.cells[2]}\t${r.cells[3]}\tmmol/L\t3.9-6.1\t\\N\tf\n`);
  async function* chunks() {
    for (let i = 0; i < lines.length; i += 10_000) yield lines.slice(i, i + 10_000).join('');
  }
  let t = performance.now();
  await database.copyInto('health_result_staging', ['import_id', 'row_no', 'id_bidx', 'item', 'value', 'unit', 'range', 'flag', 'abnormal'], chunks());
  const copySeconds = (performance.now() - t) / 1000;
  await db.execute(sql`delete from health_result_staging`);
  await db.execute(sql`vacuum health_result_staging`);
  t = performance.now();
  const result = await importResults({ db, cipher, copyInto: database.copyInto }, actor, g, rows, { apply: true });
  const importSeconds = (performance.now() - t) / 1000;
  if (!result.applied) throw new Error(`import refused: ${JSON.stringify(result.errors.slice(0, 3))}`);
  const [written] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from health_results where programme_id = ${g}`);
  await database.close();
  out({
    engine: database.kind,
    rows: rows.length - 1,
    copySeconds: +copySeconds.toFixed(3),
    importSeconds: +importSeconds.toFixed(3),
    copyRowsPerSecond: Math.round((rows.length - 1) / copySeconds),
    importRowsPerSecond: Math.round((rows.length - 1) / importSeconds),
    importVsCopy: +(copySeconds / importSeconds).toFixed(3),
    abnormal: result.abnormal,
    followUps: result.followUps,
    written: written!.n,
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
    case 'import':
      return importBench();
    default:
      throw new Error(`unknown mode ${mode}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
