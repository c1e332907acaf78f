/**
 * Offline check-in sync, one JSON line per invocation; bench/run.ts puts it beside its baseline.
 *   sync   a bare installation on the given database, an event with 10,000 confirmed sign-ups and
 *          an entry list (once per person); two phones' queues — phone A checked in all 10,000,
 *          phone B 2,000 of the same people again — sent over HTTP in batches of 500 by 4 clients
 *          at once (the phones replay one batch, as after a lost answer); then the table is checked:
 *          one counted line per person, every second check-in a duplicate, nothing counted twice.
 *          Baseline, same run, same database: the same 10,000 rows written by one plain INSERT …
 *          SELECT into a copy of the table without its rules — what the rows cost to store at all.
 */
import http from 'node:http';
import { sql } from 'drizzle-orm';
import { openServerDatabase, queryRows } from '../src/server/db.ts';
import { FieldCipher } from '../src/server/crypto.ts';
import { readConfig } from '../src/server/config.ts';
import { bootstrap } from '../src/server/bootstrap.ts';
import { AuditKey, installAuditKey } from '../src/modules/audit/index.ts';
import { buildApp } from '../src/server/app.ts';
import { hashPassword, insertSystemAccount } from '../src/modules/auth/index.ts';
import { ticketCodeFor } from '../src/modules/events/checkin.service.ts';

const args = Object.fromEntries(process.argv.slice(3).map((a) => [a.slice(2, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
const mode = process.argv[2];
const out = (o: Record<string, unknown>) => console.log(JSON.stringify({ mode, ...o, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
const log = (s: string) => process.stderr.write(`    ${s}\n`);
const KEY = Buffer.alloc(32, 11);
const PASSWORD = 'Bench2026x';
const PEOPLE = Number(args.people ?? 10_000);
const AGAIN = Math.floor(PEOPLE / 5);
const BATCH = 500;
const CLIENTS = 4;

interface Reply {
  status: number;
  body: string;
}

async function sync(url: string) {
  const database = await openServerDatabase(url, 8);
  const { db } = database;
  const cipher = new FieldCipher(KEY);
  installAuditKey(new AuditKey(KEY));
  const config = { ...readConfig({ LOG_LEVEL: 'silent' }), demo: false, adminPassword: PASSWORD };
  await bootstrap(db, config, cipher);
  const [root] = await queryRows<{ id: number; path: string }>(db, sql`select id, path from orgs where parent_id is null`);
  await insertSystemAccount(db, {
    username: 'bench_checkin',
    displayName: '签到基准',
    orgId: root!.id,
    roles: ['union_admin'],
    passwordHash: await hashPassword(PASSWORD),
  });
  await db.execute(sql`insert into persons (id, org_id, name, name_pinyin, name_initials, sex, birth_date, id_type, id_number_enc, id_number_bidx, id_masked, id_last4, occupation, employment_form)
      overriding system value
      select g, ${root!.id}, '职工' || g, 'zhigong' || g, 'zg', 'male', date '1970-01-01' + (g % 12000), 'resident', 'bench', 'bench-' || g,
             '150102********' || lpad((g % 10000)::text, 4, '0'), lpad((g % 10000)::text, 4, '0'), 'sanitation', 'standard'
        from generate_series(1, ${PEOPLE}) g`);
  const [event] = await queryRows<{ id: number }>(
    db,
    sql`insert into events (org_id, kind, title, status) values (${root!.id}, 'lecture', '基准：万人签到', 'open') returning id`,
  );
  await db.execute(sql`insert into event_signups (event_id, person_id, org_id, org_path, status, source)
      select ${event!.id}, g, ${root!.id}, ${root!.path}, 'confirmed', 'staff' from generate_series(1, ${PEOPLE}) g`);
  const [list] = await queryRows<{ id: number }>(
    db,
    sql`insert into event_checkin_lists (event_id, name, kind, mode) values (${event!.id}, '入场', 'entry', 'once') returning id`,
  );
  const signups = await queryRows<{ id: string }>(db, sql`select id from event_signups where event_id = ${event!.id} order by id`);

  const app = await buildApp({ db, config, cipher, copyInto: database.copyInto });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS + 1 });
  const request = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    new Promise<Reply & { cookie?: string[] }>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          agent,
          headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}) },
        },
        (res) => {
          let data = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (data += c));
          res.on('end', () => resolve({ status: res.statusCode!, body: data, cookie: res.headers['set-cookie'] }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  const login = await request('POST', '/api/auth/login', {}, { username: 'bench_checkin', password: PASSWORD });
  const cookie = login.cookie!.map((c) => c.split(';')[0]).join('; ');
  const csrf = JSON.parse((await request('GET', '/api/auth/me', { cookie })).body).csrfToken as string;

  // The two phones' queues, scanned over the morning; phone B's are 2,000 people phone A also had.
  const t0 = Date.parse('2026-05-01T08:00:00+08:00');
  const item = (phone: string, i: number) => ({
    idempotencyKey: `${phone}-${i.toString(36).padStart(6, '0')}`,
    code: ticketCodeFor(cipher, Number(signups[i]!.id)),
    scannedAt: new Date(t0 + i * 1000 + (phone === 'b' ? 500 : 0)).toISOString(),
  });
  const batches: { deviceId: string; items: ReturnType<typeof item>[] }[] = [];
  for (let i = 0; i < PEOPLE; i += BATCH)
    batches.push({ deviceId: 'phone-aaaa', items: Array.from({ length: Math.min(BATCH, PEOPLE - i) }, (_, k) => item('a', i + k)) });
  for (let i = 0; i < AGAIN; i += BATCH)
    batches.push({ deviceId: 'phone-bbbb', items: Array.from({ length: Math.min(BATCH, AGAIN - i) }, (_, k) => item('b', i * 5 + k * 5)) });
  batches.push(batches[0]!); // a replay after a lost answer
  const queued = batches.reduce((s, b) => s + b.items.length, 0);

  let next = 0;
  const statuses: number[] = [];
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < batches.length) {
        const b = batches[next++]!;
        const r = await request('POST', `/api/checkin/lists/${list!.id}/sync`, { cookie, 'x-csrf-token': csrf }, b);
        statuses.push(r.status);
        if (r.status !== 200) log(`sync ${r.status}: ${r.body.slice(0, 200)}`);
      }
    }),
  );
  const syncMs = Date.now() - started;
  await app.close();

  const [check] = await queryRows<{ ok: number; people: number; duplicates: number; twice: number; attended: number }>(
    db,
    sql`select count(*) filter (where result = 'ok')::int as ok,
               count(distinct signup_id) filter (where result = 'ok')::int as people,
               count(*) filter (where result = 'duplicate')::int as duplicates,
               (select count(*)::int from (select signup_id from event_checkins where list_id = ${list!.id} and result = 'ok' group by signup_id having count(*) > 1) x) as twice,
               (select count(*)::int from event_signups where event_id = ${event!.id} and attended_at is not null) as attended
        from event_checkins where list_id = ${list!.id}`,
  );

  // Baseline: the same rows, one plain INSERT … SELECT into a copy without indexes, checks or rules.
  await db.execute(sql`create table bench_checkins_raw (like event_checkins including defaults)`);
  const b0 = Date.now();
  await db.execute(sql`insert into bench_checkins_raw (id, list_id, mode, signup_id, day, idempotency_key, device_id, scanned_at, result, code_hash)
      overriding system value
      select k.id, list_id, mode, signup_id, day, idempotency_key || '-raw', device_id, scanned_at, result, code_hash from event_checkins k where list_id = ${list!.id} and result = 'ok'`);
  const rawMs = Date.now() - b0;
  await db.execute(sql`drop table bench_checkins_raw`);
  await database.close();
  out({ queued, batches: batches.length, syncMs, rawMs, failed: statuses.filter((s) => s !== 200).length, ...check! });
}

if (mode === 'sync') await sync(args.db!);
else throw new Error(`unknown mode ${mode}`);
