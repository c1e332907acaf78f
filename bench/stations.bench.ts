/**
 * 工会驿站 at national scale: 200,000 stations across China (BENCH_STATIONS), clustered around 50
 * city centres with a gaussian spread of a few kilometres and sparse in the countryside between,
 * with the opening hours, staffed hours and amenities stations keep. One measurement per
 * invocation, printed as one JSON line; bench/run.ts puts them beside their same-run baselines.
 *   setup   a bare installation on PostgreSQL, the stations in one INSERT … SELECT over
 *           generate_series (seeded, so every run places them alike), 5,000 registry persons with
 *           a worker account and session bound to each (BENCH_STATION_WORKERS), and a staff account
 *   serve   the HTTP server on that database (killed by the orchestrator)
 *   load    1. the nearest 10 open stations (GET /api/public/stations/nearest) at random points
 *              where people are (mostly in the cities, some in the countryside), one at a time,
 *              each beside the baseline: a primary-key read of a random station
 *              (GET /api/stations/:id, signed in as staff), the same client, the same connection
 *           2. the map (GET /api/stations/map as staff of the whole tree, and the public map): the
 *              first request, which builds the clustering index, alone; then viewports of the
 *              whole country at zoom 4, a province at 7, a city at 11, a district at 14 and random
 *              ones at any zoom, one at a time, each beside the same primary-key read
 *           3. visits by the poster's code (POST /api/m/stations/visits): every worker scans their
 *              station twice — a fifth of them both at once, as a double tap, the rest apart within
 *              the run — at `rate` scans a second (default 1,000) through at most `clients`
 *              connections; the baseline is the same schedule on GET /api/m/me. Then the database
 *              is checked: one row per station, person and hour, and each worker told `recorded`
 *              exactly once per station and hour.
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
const KEY = Buffer.alloc(32, 19);
const PASSWORD = 'Bench2026stations';
const KM_PER_DEGREE = 111.32;
/** Share of stations (and of the searching workers) in the countryside rather than in a city. */
const RURAL = 0.15;
/** The countryside box: eastern and central China, where most of the population lives. */
const RURAL_BOX = { minLng: 100, maxLng: 122, minLat: 22, maxLat: 42 };
/** Share of workers whose two scans go out at once (a double tap). */
const AT_ONCE = 0.2;

/** City centres on WGS-84, with a weight (how many stations) and the spread of their stations in km. */
const CITIES: [name: string, lng: number, lat: number, weight: number][] = [
  ['北京', 116.4, 39.9, 5],
  ['上海', 121.47, 31.23, 5],
  ['广州', 113.26, 23.13, 4],
  ['深圳', 114.06, 22.54, 4],
  ['成都', 104.07, 30.57, 4],
  ['重庆', 106.55, 29.56, 4],
  ['天津', 117.2, 39.08, 3],
  ['武汉', 114.31, 30.59, 3],
  ['杭州', 120.16, 30.27, 3],
  ['西安', 108.94, 34.34, 3],
  ['南京', 118.8, 32.06, 3],
  ['苏州', 120.62, 31.3, 3],
  ['郑州', 113.63, 34.75, 3],
  ['长沙', 112.94, 28.23, 3],
  ['沈阳', 123.43, 41.8, 2],
  ['青岛', 120.38, 36.07, 2],
  ['东莞', 113.75, 23.02, 2],
  ['佛山', 113.12, 23.02, 2],
  ['济南', 117.12, 36.65, 2],
  ['合肥', 117.23, 31.82, 2],
  ['哈尔滨', 126.53, 45.8, 2],
  ['昆明', 102.83, 24.88, 2],
  ['大连', 121.61, 38.91, 2],
  ['福州', 119.3, 26.08, 2],
  ['厦门', 118.09, 24.48, 2],
  ['宁波', 121.55, 29.87, 2],
  ['无锡', 120.31, 31.49, 2],
  ['长春', 125.32, 43.82, 2],
  ['石家庄', 114.51, 38.04, 2],
  ['南宁', 108.37, 22.82, 2],
  ['南昌', 115.86, 28.68, 2],
  ['贵阳', 106.63, 26.65, 1],
  ['太原', 112.55, 37.87, 1],
  ['乌鲁木齐', 87.62, 43.83, 1],
  ['兰州', 103.83, 36.06, 1],
  ['呼和浩特', 111.75, 40.84, 1],
  ['银川', 106.23, 38.49, 1],
  ['西宁', 101.78, 36.62, 1],
  ['拉萨', 91.13, 29.65, 1],
  ['海口', 110.2, 20.04, 1],
  ['温州', 120.7, 28.0, 1],
  ['徐州', 117.28, 34.2, 1],
  ['唐山', 118.18, 39.63, 1],
  ['包头', 109.84, 40.66, 1],
  ['洛阳', 112.45, 34.62, 1],
  ['烟台', 121.45, 37.46, 1],
  ['泉州', 118.68, 24.87, 1],
  ['常州', 119.97, 31.81, 1],
  ['南通', 120.89, 31.98, 1],
  ['珠海', 113.58, 22.27, 1],
];
const SPREAD_KM: Record<number, number> = { 5: 8, 4: 6, 3: 5, 2: 4, 1: 3 };
const TOTAL_WEIGHT = CITIES.reduce((s, c) => s + c[3], 0);

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}
const summary = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: +percentile(s, 50).toFixed(2),
    p95: +percentile(s, 95).toFixed(2),
    p99: +percentile(s, 99).toFixed(2),
    max: +s[s.length - 1]!.toFixed(1),
  };
};

interface Setup {
  stations: number;
  open: number;
  minId: number;
  maxId: number;
  tokens: string[];
  persons: number[];
  /** Each worker's station: id and the code on its poster. */
  targets: { id: number; code: string }[];
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

/** The stations, set-based: a city (by weight) or the countryside each, a point, hours, amenities, a status. */
async function insertStations(db: Db, n: number, orgId: number, orgPath: string) {
  let lo = 0;
  const cities = sql.join(
    CITIES.map(([name, lng, lat, weight]) => {
      const hi = lo + weight / TOTAL_WEIGHT;
      const row = sql`(${name}::text, ${lng}::float8, ${lat}::float8, ${SPREAD_KM[weight]!}::float8, ${lo}::float8, ${hi}::float8)`;
      lo = hi;
      return row;
    }),
    sql`, `,
  );
  const b = RURAL_BOX;
  await db.transaction(async (tx) => {
    await tx.execute(sql`select setseed(0.2026)`);
    await tx.execute(sql`
      with cities(name, lng, lat, sigma, lo, hi) as (values ${cities}),
      draws as materialized (
        select g, random() as kind, random() as pick, 1 - random() as u1, random() as u2, random() as hours, random() as staffed,
               random() as typ, random() as st, floor(random() * 4096)::int | 5 as bits
          from generate_series(1, ${n}) g),
      placed as (
        select d.*, coalesce(c.name, '乡镇') as city,
               case when c.name is null then ${b.minLng} + ${b.maxLng - b.minLng} * d.u1
                    else c.lng + c.sigma * sqrt(-2 * ln(d.u1)) * cos(2 * pi() * d.u2) / (${KM_PER_DEGREE} * cos(radians(c.lat))) end as x,
               case when c.name is null then ${b.minLat} + ${b.maxLat - b.minLat} * d.u2
                    else c.lat + c.sigma * sqrt(-2 * ln(d.u1)) * sin(2 * pi() * d.u2) / ${KM_PER_DEGREE} end as y
          from draws d left join cities c on d.kind >= ${RURAL} and d.pick >= c.lo and d.pick < c.hi)
      insert into stations (type, name, org_id, org_path, address, lng, lat, datum, source, wgs_lng, wgs_lat,
                            opening_hours, staffed_hours, amenities, phone, status, status_reason, visit_code)
      select (array['union', 'warm', 'outdoor', 'love'])[1 + floor(p.typ * 4)::int],
             p.city || '第' || p.g || '号驿站', ${orgId}, ${orgPath}, p.city || '建设路' || (p.g % 999 + 1) || '号',
             p.x, p.y, 'wgs84', 'gps', p.x, p.y,
             case when p.hours < 0.30 then '24/7'
                  when p.hours < 0.55 then 'Mo-Su 06:00-22:00'
                  when p.hours < 0.70 then 'Mo-Fr 08:00-20:00'
                  when p.hours < 0.80 then 'Mo-Fr 08:00-20:00; Sa,Su 09:00-17:00'
                  when p.hours < 0.90 then 'Mo-Su 07:00-21:00'
                  else 'Mo-Sa 08:30-18:30' end,
             case when p.hours < 0.30 and p.staffed < 0.6 then 'Mo-Su 08:00-20:00'
                  when p.hours >= 0.30 and p.hours < 0.55 and p.staffed < 0.3 then 'Mo-Fr 09:00-18:00' end,
             array(select a from unnest(array['seats','microwave','water','climate','fridge','firstaid','charging','toilet','books','wifi','umbrella','repair'])
                     with ordinality as t(a, k) where p.bits & (1 << (k::int - 1)) <> 0 order by k),
             case when p.g % 2 = 0 then '0' || (10 + p.g % 90) || '-6' || lpad((p.g % 10000000)::text, 7, '0') end,
             case when p.st < 0.96 then 'open' when p.st < 0.99 then 'paused' else 'closed' end,
             case when p.st < 0.96 then null when p.st < 0.99 then '装修' else '场地收回' end,
             md5(p.g::text) || 'x'
        from placed p`);
  });
}

async function setup(url: string) {
  const workers = Number(args.workers ?? 5000);
  const n = Number(args.stations ?? 200_000);
  const database = await openServerDatabase(url, 8);
  const { db } = database;
  const cipher = new FieldCipher(KEY);
  installAuditKey(new AuditKey(KEY));
  const config = { ...readConfig({ LOG_LEVEL: 'silent' }), demo: false, adminPassword: PASSWORD };
  const t0 = Date.now();
  await bootstrap(db, config, cipher);
  const [root] = await queryRows<{ id: number; path: string }>(db, sql`select id, path from orgs where parent_id is null`);
  await insertSystemAccount(db, {
    username: 'bench_stations',
    displayName: '驿站基准',
    orgId: root!.id,
    roles: ['union_admin'],
    passwordHash: await hashPassword(PASSWORD),
  });
  await insertStations(db, n, root!.id, root!.path);
  const stationsSeconds = (Date.now() - t0) / 1000;
  log(`${n} stations ${stationsSeconds.toFixed(1)} s`);

  const persons = await queryRows<{ id: number }>(
    db,
    sql`insert into persons (org_id, name, name_pinyin, name_initials, sex, birth_date, id_type, id_number_enc, id_number_bidx, id_masked, id_last4, occupation, employment_form)
        select ${root!.id}, '骑手' || g, 'qishou' || g, 'qs', case when g % 2 = 0 then 'male' else 'female' end, date '1975-01-01' + (g * 7 % 9000),
               'resident', 'bench', 'stations-bench-' || g, '150102********' || lpad((g % 10000)::text, 4, '0'), lpad((g % 10000)::text, 4, '0'),
               case when g % 3 = 0 then 'sanitation' else 'courier' end, 'new_form'
          from generate_series(1, ${workers}) g
        returning id::int as id`,
  );
  const tokens = await bindWorkers(
    db,
    cipher,
    persons.map((p) => p.id),
  );
  log(`${persons.length} persons and workers ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  // Each worker's station: 1,000 open ones spread over the list, five workers to a station.
  const open = await queryRows<{ id: number; code: string }>(
    db,
    sql`select id, visit_code as code from stations where status = 'open' and id % ${Math.max(1, Math.floor(n / 1000))} = 0 order by id limit 1000`,
  );
  const [range] = await queryRows<{ min: number; max: number; open: number }>(
    db,
    sql`select min(id)::int as min, max(id)::int as max, count(*) filter (where status = 'open')::int as open from stations`,
  );
  await db.execute(sql`vacuum analyze`);
  const s: Setup = {
    stations: n,
    open: range!.open,
    minId: range!.min,
    maxId: range!.max,
    tokens,
    persons: persons.map((p) => p.id),
    targets: persons.map((_, i) => open[i % open.length]!),
  };
  fs.writeFileSync(args.tokens!, JSON.stringify(s));
  await database.close();
  out({ stations: n, open: range!.open, workers: tokens.length, stationsSeconds, seconds: (Date.now() - t0) / 1000 });
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
  cookie?: string[];
}

/** A point where a worker may ask: near a city centre (as the stations are) or in the countryside. */
function randomPoint(): [number, number] {
  if (Math.random() < RURAL) {
    const b = RURAL_BOX;
    return [b.minLng + (b.maxLng - b.minLng) * Math.random(), b.minLat + (b.maxLat - b.minLat) * Math.random()];
  }
  let r = Math.random() * TOTAL_WEIGHT;
  const city = CITIES.find((c) => (r -= c[3]) < 0) ?? CITIES[0]!;
  const [, lng, lat, weight] = city;
  const rho = SPREAD_KM[weight]! * Math.sqrt(-2 * Math.log(1 - Math.random()));
  const theta = 2 * Math.PI * Math.random();
  return [lng + (rho * Math.cos(theta)) / (KM_PER_DEGREE * Math.cos((lat * Math.PI) / 180)), lat + (rho * Math.sin(theta)) / KM_PER_DEGREE];
}

async function load(url: string, port: number) {
  const clients = Number(args.clients ?? 200);
  const rate = Number(args.rate ?? 1000);
  const queries = Number(args.queries ?? 2000);
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
          res.on('end', () =>
            resolve({ status: res.statusCode!, body: data, ms: Number(process.hrtime.bigint() - t0) / 1e6, cookie: res.headers['set-cookie'] }),
          );
        },
      );
      req.on('error', reject);
      req.end(payload);
    });

  // ---- 1. the nearest search beside a primary-key read, one at a time ----
  const login = await request('POST', '/api/auth/login', {}, { username: 'bench_stations', password: PASSWORD });
  if (login.status !== 200) throw new Error(`login ${login.status}: ${login.body}`);
  const staff = { cookie: login.cookie!.map((c) => c.split(';')[0]).join('; ') };
  const nearest = async () => {
    const [lng, lat] = randomPoint();
    const r = await request('GET', `/api/public/stations/nearest?lng=${lng.toFixed(6)}&lat=${lat.toFixed(6)}&datum=wgs84&limit=10`, {});
    if (r.status !== 200) throw new Error(`nearest ${r.status}: ${r.body.slice(0, 300)}`);
    return { ms: r.ms, found: (JSON.parse(r.body) as { stations: unknown[] }).stations.length };
  };
  const byId = async () => {
    const id = s.minId + Math.floor(Math.random() * (s.maxId - s.minId + 1));
    const r = await request('GET', `/api/stations/${id}`, staff);
    if (r.status !== 200) throw new Error(`station ${id} ${r.status}: ${r.body.slice(0, 300)}`);
    return r.ms;
  };
  // Warm-up (not measured): the parsers of the hours, the JIT, the database's cache.
  for (let i = 0; i < 300; i++) {
    await nearest();
    await byId();
  }
  const near: number[] = [];
  const pk: number[] = [];
  const found: number[] = [];
  for (let i = 0; i < queries; i++) {
    const a = await nearest();
    near.push(a.ms);
    found.push(a.found);
    pk.push(await byId());
  }
  const chinaHour = new Date(Date.now() + 8 * 3600_000).getUTCHours();
  const nearestFigures = {
    ...summary(near),
    meanFound: +(found.reduce((x, y) => x + y, 0) / found.length).toFixed(1),
    fewerThanLimit: found.filter((f) => f < 10).length,
    chinaHour,
  };
  log(`nearest p95 ${nearestFigures.p95} ms, by id p95 ${summary(pk).p95} ms`);

  // ---- 2. the map: clusters of a viewport at several zooms, each beside a primary-key read ----
  const mapFigures = await mapViewports(request, staff, byId);
  log(
    `map first ${mapFigures.firstStaffMs} ms, ${Object.entries(mapFigures.kinds)
      .map(([k, f]) => `${k} p95 ${f.p95} ms`)
      .join(', ')}`,
  );

  // ---- 3. visits at `rate` a second, every worker twice ----
  interface Shot {
    at: number;
    w: number;
  }
  const seconds = (2 * n) / rate;
  const shots: Shot[] = [];
  for (let w = 0; w < n; w++) {
    const first = Math.random() * seconds * 1000;
    shots.push({ at: first, w }, { at: Math.random() < AT_ONCE ? first : Math.random() * seconds * 1000, w });
  }
  shots.sort((a, b) => a.at - b.at);
  const atOnce = shots.filter((x, i) => i > 0 && x.w === shots[i - 1]!.w && x.at === shots[i - 1]!.at).length;

  /** Sends every shot at its moment through the first of `clients` connections free then; `late` counts those that found all busy. */
  const paced = async (send: (s: Shot) => Promise<Reply>) => {
    const ms: number[] = [];
    const waited: number[] = [];
    const statuses: Record<string, number> = {};
    const replies: Reply[] = new Array(shots.length);
    let next = 0;
    let late = 0;
    let failed = 0;
    const t0 = performance.now();
    let last = t0;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < shots.length) {
          const k = next++;
          const shot = shots[k]!;
          const wait = t0 + shot.at - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          else if (wait < -5) late++;
          const r = await send(shot);
          replies[k] = r;
          ms.push(r.ms);
          waited.push(Math.max(r.ms, performance.now() - t0 - shot.at));
          statuses[r.status] = (statuses[r.status] ?? 0) + 1;
          if (r.status >= 300 && failed++ < 5) log(`${r.status}: ${r.body.slice(0, 200)}`);
          last = performance.now();
        }
      }),
    );
    const wallSeconds = (last - t0) / 1000;
    const lat = summary(ms);
    waited.sort((a, b) => a - b);
    return {
      figures: {
        requests: ms.length,
        wallSeconds: +wallSeconds.toFixed(2),
        perSecond: +(ms.length / wallSeconds).toFixed(1),
        p50: lat.p50,
        p99: lat.p99,
        max: lat.max,
        statuses,
        late,
        fromArrivalP99: +percentile(waited, 99).toFixed(1),
      },
      replies,
    };
  };

  const csrf: string[] = new Array(n);
  const cookie = (w: number) => `${WORKER_COOKIE}=${s.tokens[w]}`;
  const me = async (w: number) => {
    const r = await request('GET', '/api/m/me', { cookie: cookie(w) });
    if (r.status === 200) csrf[w] = JSON.parse(r.body).csrfToken;
    return r;
  };
  const visit = (w: number) => request('POST', '/api/m/stations/visits', { cookie: cookie(w), 'x-csrf-token': csrf[w] ?? '' }, { code: s.targets[w]!.code });

  // Warm-up: the first workers open the portal (not measured; they scan in the run like the rest).
  for (let i = 0; i < 100; i += 10) await Promise.all(Array.from({ length: 10 }, (_, k) => me(i + k)));
  const baseline = await paced((x) => me(x.w));
  const missing = csrf.filter((c) => !c).length;
  if (missing) throw new Error(`${missing} workers got no session from /api/m/me`);
  const scans = await paced((x) => visit(x.w));

  // What each worker was told, beside what the database holds.
  const told = new Map<string, number>();
  scans.replies.forEach((r, k) => {
    const w = shots[k]!.w;
    const key = `${s.targets[w]!.id}:${s.persons[w]}`;
    if (!told.has(key)) told.set(key, 0);
    if (r.status === 200 && (JSON.parse(r.body) as { recorded: boolean }).recorded) told.set(key, told.get(key)! + 1);
  });
  const database = await openServerDatabase(url, 2);
  const [totals] = await queryRows<{ rows: number; triples: number }>(
    database.db,
    sql`select count(*)::int as rows, (select count(*)::int from (select distinct station_id, person_id, hour from station_visits) x) as triples from station_visits`,
  );
  const pairs = await queryRows<{ station_id: number; person_id: number; rows: number; hours: number }>(
    database.db,
    sql`select station_id, person_id::int as person_id, count(*)::int as rows, count(distinct hour)::int as hours from station_visits group by 1, 2`,
  );
  await database.close();
  const stored = new Map(pairs.map((p) => [`${p.station_id}:${p.person_id}`, p]));
  let toldTwice = 0;
  let exactlyOnce = 0;
  let lost = 0;
  let crossedHour = 0;
  for (const [key, t] of told) {
    const p = stored.get(key);
    const hours = p?.hours ?? 0;
    if (hours === 0) lost++;
    if (hours > 1) crossedHour++;
    if (t > hours) toldTwice += t - hours;
    if (t === 1 && p?.rows === 1) exactlyOnce++;
  }
  const check = {
    rows: totals!.rows,
    triples: totals!.triples,
    pairs: told.size,
    exactlyOnce,
    toldTwice,
    lost,
    crossedHour,
    doubleVisits: totals!.rows - totals!.triples + toldTwice,
  };
  agent.destroy();
  out({
    stations: s.stations,
    open: s.open,
    workers: n,
    rate,
    clients,
    seconds,
    atOnce,
    nearest: nearestFigures,
    primaryKey: summary(pk),
    map: mapFigures,
    me: baseline.figures,
    visits: scans.figures,
    check,
  });
}

/** A 1440 × 900 screen's viewport centred on a point at a zoom (web mercator: 256 px tiles), as `w,s,e,n`. */
function viewport(lng: number, lat: number, zoom: number) {
  const dLng = (1440 * 360) / (256 * 2 ** zoom);
  const dLat = Math.min(80, ((dLng * 900) / 1440) * Math.cos((lat * Math.PI) / 180));
  const w = Math.max(-180, lng - dLng / 2);
  const e = Math.min(180, lng + dLng / 2);
  return `${w.toFixed(5)},${Math.max(-85, lat - dLat / 2).toFixed(5)},${e.toFixed(5)},${Math.min(85, lat + dLat / 2).toFixed(5)}`;
}

/** The viewports the map is measured on: the whole country, a province, a city, a district, and anywhere at any zoom. */
const MAP_KINDS: Record<string, () => { bbox: string; zoom: number }> = {
  china: () => ({ bbox: '73,3,136,54', zoom: 4 }),
  province: () => {
    const [lng, lat] = randomPoint();
    return { bbox: viewport(lng, lat, 7), zoom: 7 };
  },
  city: () => {
    const [lng, lat] = randomPoint();
    return { bbox: viewport(lng, lat, 11), zoom: 11 };
  },
  district: () => {
    const [lng, lat] = randomPoint();
    return { bbox: viewport(lng, lat, 14), zoom: 14 };
  },
  random: () => {
    const [lng, lat] = randomPoint();
    const zoom = 4 + Math.floor(Math.random() * 15);
    return { bbox: viewport(lng, lat, zoom), zoom };
  },
};

/**
 * The first map request of each kind builds the index (staff over the whole tree, then anyone's
 * open stations): timed alone. Then `mapQueries` viewports of each kind, staff's, each followed by a
 * primary-key read on the same connection; and random viewports on the public map.
 */
async function mapViewports(
  request: (method: string, path: string, headers: Record<string, string>) => Promise<Reply>,
  staff: Record<string, string>,
  byId: () => Promise<number>,
) {
  const queries = Number(args.mapQueries ?? 300);
  const ask = async (base: string, headers: Record<string, string>, v: { bbox: string; zoom: number }) => {
    const r = await request('GET', `${base}?bbox=${v.bbox}&zoom=${v.zoom}`, headers);
    if (r.status !== 200) throw new Error(`map ${r.status}: ${r.body.slice(0, 300)}`);
    const a = JSON.parse(r.body) as { clusters: unknown[]; stations: unknown[] };
    return { ms: r.ms, markers: a.clusters.length + a.stations.length, bytes: r.body.length };
  };
  const firstStaff = await ask('/api/stations/map', staff, MAP_KINDS.china!());
  const firstPublic = await ask('/api/public/stations/map', {}, MAP_KINDS.china!());
  // Warm-up (not measured).
  for (let i = 0; i < 50; i++) for (const kind of Object.values(MAP_KINDS)) await ask('/api/stations/map', staff, kind());
  const kinds: Record<string, ReturnType<typeof summary> & { meanMarkers: number; meanKb: number }> = {};
  const pk: number[] = [];
  const measure = async (base: string, headers: Record<string, string>, make: () => { bbox: string; zoom: number }) => {
    const ms: number[] = [];
    let markers = 0;
    let bytes = 0;
    for (let i = 0; i < queries; i++) {
      const a = await ask(base, headers, make());
      ms.push(a.ms);
      markers += a.markers;
      bytes += a.bytes;
      pk.push(await byId());
    }
    return { ...summary(ms), meanMarkers: +(markers / queries).toFixed(1), meanKb: +(bytes / queries / 1024).toFixed(1) };
  };
  for (const [name, make] of Object.entries(MAP_KINDS)) kinds[name] = await measure('/api/stations/map', staff, make);
  kinds.publicRandom = await measure('/api/public/stations/map', {}, MAP_KINDS.random!);
  return { firstStaffMs: +firstStaff.ms.toFixed(1), firstPublicMs: +firstPublic.ms.toFixed(1), kinds, primaryKey: summary(pk) };
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
