/**
 * Every route of the OpenAPI document, fed hostile values in each of its fields: a NUL byte, half
 * a character (a lone surrogate), a right-to-left override, control characters, zero-width
 * characters, markup and spreadsheet formulas in text; null, "", true, "0x10", "1e3", negative
 * and huge values for numbers; year 0000 and 30 February for dates; hex, exponents and signs for
 * ids in the address. No answer is a 500; values no field may hold are refused with a 400 that
 * names the field in Chinese; and afterwards no table holds any of them.
 *
 * The walk runs on the demo data, as the system administrator and as a county's administrator, and
 * over the worker routes (/api/m/) as a worker signed in to the portal, bound to a demo person.
 * Each field gets one value of each kind, taken in turn from the lists below (so every value is
 * sent to many fields, and the order is the same on every run), which keeps the run short.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createDemoTestDatabase } from '../testing/demo-db.ts';
import { PASSWORD, TestClient } from '../testing/app.ts';
import { collectionOf, listOperations, sampleValue, type JsonSchema, type Operation } from '../testing/openapi.ts';
import { buildApp } from './app.ts';
import { queryRows } from './db.ts';
import { DEMO_PASSWORD } from './demo/load-demo.ts';
import { protectPhone } from '../modules/people/index.ts';
import { bindWorkerToPerson, openWorkerSession, upsertWorkerAccount } from '../modules/portal/index.ts';

const { database, config, cipher } = await createDemoTestDatabase();
const app = await buildApp({ db: database.db, config, cipher, copyInto: database.copyInto });
await app.ready();
afterAll(async () => {
  await app.close();
  await database.close();
});

const admin = await new TestClient(app).login('admin', PASSWORD);
/** 密云区总工会's administrator: a county account. */
const county = await new TestClient(app).login('miyun_admin', DEMO_PASSWORD);
const operations = await listOperations(app);

/** A worker signed in to the portal (as if the text-message code had been verified), bound to a demo person no demo worker holds. */
async function signedInWorker(phone: string) {
  const [person] = await queryRows<{ id: number }>(
    database.db,
    sql`select id from persons p where not exists (select 1 from worker_accounts w where w.person_id = p.id) order by id limit 1`,
  );
  const p = protectPhone(cipher, phone);
  if ('problem' in p) throw new Error(p.problem);
  const account = await upsertWorkerAccount(database.db, { phoneBidx: p.phoneBidx!, phoneEnc: p.phoneEnc!, phoneMasked: p.phoneMasked! });
  await bindWorkerToPerson(database.db, account.id, person!.id);
  const { token } = await openWorkerSession(database.db, account.id, { ip: '127.0.0.1', userAgent: 'fuzz' });
  return new TestClient(app).asWorkerSession(token);
}
const worker = await signedInWorker('13700001234');

/** Refused in every text field, body, query or path. */
const ALWAYS_REFUSED_TEXT: [string, string][] = [
  ['NUL', 'a\u0000b'],
  ['lone surrogate', '名\ud800字'],
  ['right-to-left override', '\u202Etxt.exe'],
  ['C1 control', 'a\u0085b'],
  ['bell', 'a\u0007b'],
];
/** Refused in names, allowed in notes; never a 500. */
const NAME_REFUSED_TEXT: [string, string][] = [
  ['zero-width space', '张\u200B三'],
  ['markup', '<script>alert(1)</script>'],
  ['formula', "=cmd|' /C calc'!A0"],
  ['huge', '字'.repeat(20_000)],
];
/** Never a number in a JSON body. */
const NOT_NUMBERS: [string, unknown][] = [
  ['true', true],
  ['empty string', ''],
  ['hex string', '0x10'],
  ['exponent string', '1e3'],
  ['NaN string', 'NaN'],
  ['number in a string', '12'],
];
const BAD_DATES = ['0000-01-01', '2025-02-30', '20250101', '+02025-01-01'];
/** Never a whole number in the address. */
const BAD_ADDRESS_INTS = ['0x10', '1e3', '-1', '1.5', ' 1', '99999999999', 'NaN', 'true'];

interface Field {
  /** Dotted path, as the 400's `fields` name it: `funds.0.amountFen`. */
  path: string;
  schema: JsonSchema;
}

/** Properties of an object schema, `allOf` parts merged (an intersection's properties and required lists). */
function objectParts(schema: JsonSchema): { properties: Record<string, JsonSchema>; required: string[] } {
  const parts = [schema, ...(schema.allOf ?? [])];
  return {
    properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})) as Record<string, JsonSchema>,
    required: parts.flatMap((p) => p.required ?? []),
  };
}

/** The leaf fields of a body: plain properties, nested objects and the first element of arrays of objects. */
function leafFields(schema: JsonSchema, prefix = ''): Field[] {
  const { properties } = objectParts(schema);
  return Object.entries(properties).flatMap(([name, s]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    if (s.anyOf || s.oneOf) return [];
    if (s.type === 'object' || s.allOf) return s.properties || s.allOf ? leafFields(s, path) : [];
    if (s.type === 'array' && s.items) return s.items.type === 'object' ? leafFields(s.items, `${path}.0`) : [{ path: `${path}.0`, schema: s.items }];
    return [{ path, schema: s }];
  });
}

/** A minimal body (required fields only) with the value at `path` set, making arrays and objects on the way. */
function bodyWith(schema: JsonSchema, path: string, value: unknown): unknown {
  const merged = objectParts(schema);
  const body = sampleValue({ type: 'object', properties: merged.properties, required: merged.required }) as Record<string, unknown>;
  const keys = path.split('.');
  let at: Record<string, unknown> | unknown[] = body;
  let s: JsonSchema | undefined = schema;
  for (const [i, key] of keys.entries()) {
    const last = i === keys.length - 1;
    if (Array.isArray(at)) {
      const items: JsonSchema = s?.items ?? {};
      if (last) at[Number(key)] = value;
      else {
        const element = (at[Number(key)] ?? sampleValue(items)) as Record<string, unknown>;
        at[Number(key)] = element;
        at = element;
      }
      s = items;
      continue;
    }
    const prop: JsonSchema | undefined = s ? objectParts(s).properties[key] : undefined;
    if (last) at[key] = value;
    else {
      const next = at[key] ?? (prop ? sampleValue(prop) : {});
      const child = prop?.type === 'array' && Array.isArray(next) && next.length === 0 ? [] : next;
      at[key] = child;
      at = child as Record<string, unknown> | unknown[];
    }
    s = prop;
  }
  return body;
}

const kindOf = (s: JsonSchema): 'id-like number' | 'number' | 'date' | 'text' | 'enum' | 'other' => {
  if (s.enum) return 'enum';
  if (s.type === 'integer' || s.type === 'number') return s.type === 'integer' ? 'id-like number' : 'number';
  if (s.type === 'string' && s.format === 'date') return 'date';
  if (s.type === 'string' && !s.format && !s.pattern) return 'text';
  return 'other';
};

interface Probe {
  what: string;
  method: Operation['method'];
  url: string;
  body?: unknown;
  /** The field the answer must name when it is a 400 that has to be. */
  field?: string;
  mustRefuse: boolean;
}

/** A real id for every collection a path parameter picks from, so that guards and lookups run on real rows. */
const realIds = new Map<string, string>();
async function realIdOf(client: TestClient, collection: string): Promise<string> {
  const known = realIds.get(collection);
  if (known) return known;
  let id = '1';
  if (!collection.includes('{')) {
    const res = await client.get(collection);
    if (res.statusCode === 200) {
      const body = res.json() as { items?: { id?: unknown }[] } | { id?: unknown }[];
      const first = Array.isArray(body) ? body[0] : body.items?.[0];
      if (first && (typeof first.id === 'number' || typeof first.id === 'string')) id = String(first.id);
    }
  }
  realIds.set(collection, id);
  return id;
}

/** Takes values from the lists in turn, the same on every run. */
function rotation() {
  let n = 0;
  return <T>(list: readonly T[]): T => list[n++ % list.length]!;
}

async function probesOf(client: TestClient, op: Operation, next: <T>(list: readonly T[]) => T): Promise<Probe[]> {
  const fills = new Map<string, string>();
  for (const p of op.pathParams) {
    const collection = collectionOf(op.path, p.name);
    fills.set(
      p.name,
      p.schema?.type === 'integer' ? await realIdOf(client, collection) : p.name === 'code' ? 'courier' : '00000000-0000-4000-8000-000000000001',
    );
  }
  /** The path with real values, or with `override` (already encoded) in one parameter. */
  const url = (override?: [string, string]) =>
    op.path.replace(/\{(\w+)\}/g, (_, name: string) => (override && name === override[0] ? override[1] : encodeURIComponent(fills.get(name) ?? '1')));
  const probes: Probe[] = [];

  // The address: path parameters, then query parameters.
  for (const p of op.pathParams) {
    const values = p.schema?.type === 'integer' ? [next(BAD_ADDRESS_INTS), next(BAD_ADDRESS_INTS)].map((v) => encodeURIComponent(v)) : ['%00', '%E2%80%AE1'];
    for (const v of values) probes.push({ what: `path ${p.name}=${v}`, method: op.method, url: url([p.name, v]), field: p.name, mustRefuse: true });
  }
  const base = url();
  for (const p of op.queryParams) {
    const s = p.schema ?? {};
    const values: [string, boolean][] =
      s.type === 'integer'
        ? [next(BAD_ADDRESS_INTS), next(BAD_ADDRESS_INTS)].map((v) => [encodeURIComponent(v), true])
        : s.format === 'date'
          ? [[encodeURIComponent(next(BAD_DATES)), true]]
          : [
              // A lone surrogate cannot be written in an address: its UTF-8 bytes are read as U+FFFD.
              next<[string, boolean]>([
                ['%00', true],
                ['%E2%80%AE1', true],
                ['%C2%85', true],
                ['%ED%A0%80', false],
              ]),
              [encodeURIComponent(next(NAME_REFUSED_TEXT)[1].slice(0, 5000)), false],
            ];
    for (const [v, mustRefuse] of values) {
      probes.push({
        what: `query ${p.name}=${decodeURIComponent(v.replace(/%ED%A0%80/, '?')).slice(0, 30)}`,
        method: op.method,
        url: `${base}?${p.name}=${v}`,
        field: p.name,
        mustRefuse,
      });
    }
  }

  // The JSON body: every leaf field.
  if (op.body) {
    for (const f of leafFields(op.body)) {
      const kind = kindOf(f.schema);
      const send = (what: string, value: unknown, mustRefuse: boolean) =>
        probes.push({ what: `body ${f.path} ${what}`, method: op.method, url: base, body: bodyWith(op.body!, f.path, value), field: f.path, mustRefuse });
      if (kind === 'text' || kind === 'enum') {
        send(...next(ALWAYS_REFUSED_TEXT), true);
        send(...next(NAME_REFUSED_TEXT), kind === 'enum');
      } else if (kind === 'date') {
        const v = next(BAD_DATES);
        send(v, v, true);
      } else if (kind === 'number' || kind === 'id-like number') {
        send(...next(NOT_NUMBERS), true);
        const outOfRange: [string, unknown][] = [];
        if (!f.schema.nullable) outOfRange.push(['null', null]);
        if (f.schema.minimum !== undefined && f.schema.minimum >= 0) outOfRange.push(['-1', -1]);
        if (f.schema.maximum !== undefined) outOfRange.push(['1e20', 1e20]);
        if (kind === 'id-like number') outOfRange.push(['1.5', 1.5]);
        if (outOfRange.length > 0) send(...next(outOfRange), true);
      }
    }
  }
  return probes;
}

const chinese = /[\u4e00-\u9fff]/;

async function walk(client: TestClient, who: string, ops = operations) {
  const problems: string[] = [];
  const next = rotation();
  let sent = 0;
  for (const op of ops) {
    for (const probe of await probesOf(client, op, next)) {
      sent += 1;
      const res = await client.request({
        method: probe.method,
        url: probe.url,
        ...(probe.body !== undefined ? { payload: JSON.stringify(probe.body), headers: { 'content-type': 'application/json' } } : {}),
      });
      const at = `${who} ${op.key} ${probe.what}`;
      if (res.statusCode >= 500) {
        problems.push(`${at}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        continue;
      }
      if (!probe.mustRefuse) continue;
      // The guard answers before the input is read; an account without the permission is refused anyway.
      if (res.statusCode === 401 || res.statusCode === 403) continue;
      if (res.statusCode !== 400) {
        problems.push(`${at}: ${res.statusCode} instead of 400`);
        continue;
      }
      const body = res.json() as { message: string; fields: { field: string; message: string }[] };
      const named = body.fields.find((f) => f.field === probe.field || f.field.startsWith(`${probe.field}.`));
      if (!named) problems.push(`${at}: 400 without the field (${JSON.stringify(body.fields).slice(0, 200)})`);
      else if (!chinese.test(named.message)) problems.push(`${at}: message not in Chinese: ${named.message}`);
    }
  }
  return { problems, sent };
}

describe('hostile input on every route', () => {
  it('as the system administrator: never a 500, and every value no field may hold refused with a Chinese 400 naming the field', async () => {
    expect(operations.length).toBeGreaterThan(80);
    const { problems, sent } = await walk(admin, 'admin');
    expect(sent).toBeGreaterThan(500);
    expect(problems).toEqual([]);
  }, 120_000);

  it('as a county administrator: the same', async () => {
    const { problems } = await walk(county, 'miyun_admin');
    expect(problems).toEqual([]);
  }, 120_000);

  it('as a worker on every worker route (/api/m/): the same, and the worker is still signed in afterwards', async () => {
    // Signing out is not walked: it takes no input, and it would end the walk's session.
    const workerRoutes = operations.filter((o) => o.path.startsWith('/api/m/') && o.key !== 'POST /api/m/auth/logout');
    expect(workerRoutes.length).toBeGreaterThan(0);
    const { problems } = await walk(worker, 'worker', workerRoutes);
    expect(problems).toEqual([]);
    expect((await worker.get('/api/m/me')).statusCode).toBe(200);
  }, 120_000);

  it('left nothing hostile in any table: no control, direction or lone-surrogate characters anywhere, no markup, zero-width or formula in names', async () => {
    const columns = await queryRows<{ table_name: string; column_name: string; data_type: string }>(
      database.db,
      sql`select table_name, column_name, data_type from information_schema.columns
           where table_schema = 'public' and data_type in ('text', 'character varying', 'jsonb')`,
    );
    const found: string[] = [];
    for (const c of columns) {
      const col = sql.raw(`"${c.column_name}"`);
      const table = sql.raw(`"${c.table_name}"`);
      const value = c.data_type === 'jsonb' ? sql`${col}::text` : col;
      // U+FFFD is what a lone surrogate becomes when it is stored anyway.
      const [bad] = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from ${table} where ${value} ~ ${'[\\u0001-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069\\ufffd]'}`,
      );
      if (bad!.n > 0) found.push(`${c.table_name}.${c.column_name}: ${bad!.n} rows with control, direction or replacement characters`);
      const isName =
        c.data_type !== 'jsonb' &&
        (c.column_name === 'name' || c.column_name === 'label' || (c.column_name.endsWith('_name') && c.column_name !== 'file_name'));
      if (!isName) continue;
      const [named] = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from ${table} where ${col} ~ ${'[<>\\u200b-\\u200f\\u2060\\ufeff]|^[=+@-]'}`,
      );
      if (named!.n > 0) found.push(`${c.table_name}.${c.column_name}: ${named!.n} names with markup, zero-width characters or a formula`);
    }
    expect(columns.length).toBeGreaterThan(50);
    expect(found).toEqual([]);
  });
});
