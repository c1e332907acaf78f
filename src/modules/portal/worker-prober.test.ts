/**
 * The worker prober: two registered workers, 甲 (A) and 乙 (B), in two unions of two counties, each
 * with records of their own — membership, a running campaign that lists them with a hand-out, a
 * hardship file, messages, and whatever B writes through the portal's own write routes. Then every
 * /api/m/ route of the OpenAPI document is walked, with nothing listed by hand per route:
 *
 * - a route with path ids, called by A with B's ids, answers 404 and changes nothing; called by a
 *   staff session, 401 — never 200, never 403 with data;
 * - a read with id-like query parameters, called by A with B's ids, answers 404 or shows nothing of B;
 * - a read without ids answers A with A's records only: none of B's ids (where B's own answer of
 *   the same route has them) and none of B's name, phone or text.
 *
 * B's ids come from B's own answers: a path parameter `{id}` of `/api/m/x/{id}` takes the `id`s of
 * `GET /api/m/x`, and any parameter takes the fields of the same name in B's answers. A route
 * whose parameter gets no id that way fails the first test with what to do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { fillPath, listOperations, sampleValue, type JsonSchema, type Operation, type Parameter } from '../../testing/openapi.ts';
import { queryRows } from '../../server/db.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { addDays, chinaToday } from '../../shared/dates.ts';
import { notify } from '../messages/index.ts';
import { setPolicy } from '../policies/index.ts';
import { systemActor } from '../../server/actor.ts';
import { campaignPeriod } from '../../testing/dates.ts';

/** Routes that hold no worker's records, with the reason. */
const NOT_WORKER_RECORDS: Record<string, string> = {
  'POST /api/m/auth/logout': 'ends the caller’s own session',
};

/** Reads that answer everyone the same reference data (their ids are nobody's records), with the reason. */
const SHARED_READS: Record<string, string> = {
  'GET /api/m/membership/areas': 'the townships and counties a worker without an employer’s union picks from',
  'GET /api/m/membership/occupations': 'the shared occupation list',
};

/** Sign-in routes: before any session, so nobody's records (their throttles are the sign-in suite's). */
const isSignIn = (op: Operation) => op.path.startsWith('/api/m/auth/');

/**
 * Where B's ids of a collection come from when B's answers do not list them under the parameter's
 * name (the collection, as `collectionOf` names it → B's entries, each naming every path parameter).
 */
const COLLECTIONS: Record<string, (ctx: Ctx) => Promise<Record<string, string | number>[]>> = {
  // A check-up programme of 乙's county that 乙 booked through the portal.
  '/api/m/health/programmes': async ({ t, b }) => {
    const sh = await t.as('sh_admin');
    const g = (
      await sh.post('/api/health/programmes', { orgId: t.seed.saihan.id, year: Number(chinaToday().slice(0, 4)), title: '赛罕区职工体检', audience: null })
    ).json();
    const hospital = (await sh.post(`/api/health/programmes/${g.id}/hospitals`, { name: '赛罕区医院' })).json().hospitals[0].id;
    const day = addDays(chinaToday(), 2);
    await sh.post(`/api/health/programmes/${g.id}/slots`, { hospitalId: hospital, from: day, to: day, capacity: 5, weekdays: [1, 2, 3, 4, 5, 6, 7] });
    const opened = (await sh.post(`/api/health/programmes/${g.id}/status`, { status: 'open' })).json();
    const booked = await b.post(`/api/m/health/programmes/${g.id}/bookings`, { slotId: opened.slots[0].id, consent: true });
    expect(booked.statusCode, booked.body).toBe(201);
    return [{ id: g.id as number }];
  },
  // An event of 乙's county, open to 乙's union, 乙 signed up (and attended, so a certificate and a rating exist).
  '/api/m/events': async ({ t, b }) => {
    const sh = await t.as('sh_admin');
    const e = (await sh.post('/api/events', { kind: 'reading', orgId: t.seed.saihan.id, title: '赛罕区读书会', capacity: 10 })).json();
    const s = (
      await sh.post(`/api/events/${e.id}/sessions`, { startsAt: '2026-11-20T09:00:00+08:00', endsAt: '2026-11-20T11:00:00+08:00', place: '赛罕区会议室' })
    ).json();
    await sh.post(`/api/events/${e.id}/transition`, { action: 'open', version: s.version });
    const mine = (await b.post(`/api/m/events/${e.id}/signup`, {})).json();
    await sh.post(`/api/events/${e.id}/signups/${mine.id}/attendance`, { attended: true });
    return [{ id: e.id as number }];
  },
  // A 疗休养 batch of 乙's county that 乙 applied to.
  '/api/m/events/recuperation/applications': async ({ t, b }) => {
    const sh = await t.as('sh_admin');
    const year = new Date().getFullYear() + 1;
    const batch = await sh.post('/api/events/recuperation/batches', {
      orgId: t.seed.saihan.id,
      title: '赛罕区职工疗休养',
      year,
      destination: '阿尔山',
      startsOn: `${year}-06-01`,
      endsOn: `${year}-06-05`,
      places: 2,
      subsidyFen: 150_000,
    });
    expect(batch.statusCode, batch.body).toBe(201);
    const applied = await b.post(`/api/m/events/recuperation/batches/${batch.json().id}/apply`, { healthDeclared: true });
    expect(applied.statusCode, applied.body).toBeLessThan(300);
    const mine = (await b.get('/api/m/events/recuperation/applications')).json() as { id: number }[];
    return mine.map((m) => ({ applicationId: m.id }));
  },
  // A 互助保障 plan of 乙's county that 乙 joined on the portal.
  '/api/m/mutualaid/plans': async ({ t, b }) => [{ id: (await mutualaidOfB(t, b)).planId }],
  // A claim 乙 filed on the portal with a photo, refused by 乙's union (so an appeal is open to 乙).
  '/api/m/mutualaid/claims': async ({ t, b }) => {
    const { enrolmentId } = await mutualaidOfB(t, b);
    const boundary = 'prober-claim';
    const claim = { enrolmentId, eventDate: chinaToday(), facts: { outOfPocketFen: 500_00 }, claimedFen: 400_00, note: B_TEXT };
    const filed = await b.request({
      method: 'POST',
      url: '/api/m/mutualaid/claims',
      payload: Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="claim"\r\n\r\n${JSON.stringify(claim)}\r\n`),
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="id_card"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`),
        PNG,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const id = filed.json().id as number;
    const refused = await (await t.as('sh_admin')).post(`/api/mutualaid/claims/${id}/reject`, { reason: '材料不全' });
    expect(refused.statusCode, refused.body).toBe(200);
    return [{ id }];
  },
};

/** A plan of 乙's county open to self-enrolment, with 乙 enrolled through the portal. */
async function mutualaidOfB(t: TestApp, b: TestClient) {
  const sh = await t.as('sh_admin');
  const year = Number(chinaToday().slice(0, 4));
  const plan = await sh.post('/api/mutualaid/plans', {
    name: '赛罕区职工意外互助',
    kind: 'accident',
    orgId: t.seed.saihan.id,
    termStart: `${year}-01-01`,
    termEnd: `${year + 1}-01-01`,
    contributionFen: 10_00,
    audience: {},
    waitingDays: 0,
    formula: { parts: [{ type: 'share', deductibleFen: 100_00, ratio: 0.8 }] },
    requiredDocuments: ['id_card'],
    selfEnrol: true,
  });
  expect(plan.statusCode, plan.body).toBe(201);
  const planId = plan.json().id as number;
  expect((await sh.post(`/api/mutualaid/plans/${planId}/status`, { status: 'open' })).statusCode).toBe(200);
  const enrolled = await b.post(`/api/m/mutualaid/plans/${planId}/enrol`, { agree: true });
  expect(enrolled.statusCode, enrolled.body).toBe(201);
  return { planId, enrolmentId: enrolled.json().id as number };
}

/** Values for body fields whose rules the document cannot state, so a write gets as far as finding its record. */
const FIELD_HINTS: Record<string, unknown> = {
  // A stretch of time ends after it starts (a volunteer's service, a back-fill).
  startedAt: '2026-11-20T09:00:00+08:00',
  endedAt: '2026-11-20T10:00:00+08:00',
};

/** Tables a refused request may still write: session and sign-in bookkeeping. */
const BOOKKEEPING = /session|throttle|attempt|login/;

interface Ctx {
  t: TestApp;
  a: TestClient;
  b: TestClient;
  bPersonId: number;
}

let t: TestApp;
let a: TestClient;
let b: TestClient;
let staff: TestClient;
let operations: Operation[];
const A = { name: '甲秀英', phone: '13900000001', personId: 0 };
const B = { name: '乙桂兰', phone: '13900000002', personId: 0 };
/** Text B writes into every free-text field of the portal's writes: must never reach A. */
const B_TEXT = '乙方私记';
/** B's answers: URL → parsed JSON. */
const bAnswers = new Map<string, unknown>();
/** B's entries per path parameter's collection. */
const bEntries = new Map<string, Record<string, string | number>[]>();
const bWrites: string[] = [];

let seq = 0;
async function registeredPerson(admin: TestClient, name: string, phone: string, orgId: number) {
  seq += 1;
  const res = await admin.post('/api/people', {
    name,
    idNumber: withCheckCharacter(`15010219800303${String(seq).padStart(3, '0')}`),
    phone,
    orgId,
    occupation: 'sanitation',
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as number;
  const joined = await admin.post(`/api/people/${id}/membership`, { joinedOn: addDays(chinaToday(), -400) });
  expect(joined.statusCode, joined.body).toBe(200);
  return id;
}

/** A running campaign of `orgId`'s union (organised by `organiser`, approved by `approver`) listing its sanitation workers, with a point. */
async function runningCampaign(organiser: TestClient, approver: TestClient, orgId: number, name: string) {
  const created = await organiser.post('/api/campaigns', {
    name,
    kind: 'summer_cool',
    orgId,
    ...campaignPeriod(),
    mode: 'cascade',
    rule: { occupations: ['sanitation'] },
    funds: [{ source: 'own_budget', amountFen: 1_000_000 }],
    packages: [{ name: '清凉慰问金', kind: 'cash', valueFen: 100_00 }],
  });
  expect(created.statusCode, created.body).toBeLessThan(300);
  const id = created.json().id as number;
  expect((await organiser.put(`/api/campaigns/${id}/allocations`, { orgId, quota: 100, budgetFen: 1_000_000 })).statusCode).toBeLessThan(300);
  let v = (await organiser.get(`/api/campaigns/${id}`)).json().version;
  v = (await organiser.post(`/api/campaigns/${id}/transition`, { action: 'submit', version: v })).json().version;
  v = (await approver.post(`/api/campaigns/${id}/transition`, { action: 'approve', version: v })).json().version;
  const started = await organiser.post(`/api/campaigns/${id}/transition`, { action: 'start', version: v });
  expect(started.statusCode, started.body).toBe(200);
  const point = await organiser.post(`/api/campaigns/${id}/points`, { name: `${name}发放点`, orgId, address: '新华大街1号' });
  expect(point.statusCode, point.body).toBeLessThan(300);
  return { id, pointId: point.json().id as number };
}

/** Hands the listed person's package out at the point (as the organiser on duty). */
async function handOut(organiser: TestClient, campaignId: number, pointId: number, personId: number) {
  const [row] = await queryRows<{ id: number }>(t.db, sql`select id from campaign_beneficiaries where campaign_id = ${campaignId} and person_id = ${personId}`);
  expect(row, 'the campaign lists the worker').toBeDefined();
  const res = await organiser.post(`/api/points/${pointId}/confirm`, {
    beneficiaryId: Number(row!.id),
    evidence: { kind: 'paper', sheetRef: `QL-${row!.id}` },
    idempotencyKey: `prober-${row!.id}`,
  });
  expect(res.statusCode, res.body).toBe(200);
}

/** A hardship file for the person, filed by the union's cadre as a file waiting for verification. */
async function hardshipFile(cadre: TestClient, personId: number) {
  const res = await cadre.post('/api/hardship/cases', {
    personId,
    members: [{ name: '王小明', relationship: '子', schoolOrEmployer: '呼和浩特市第二中学' }],
    yearlyIncomeFen: 612_00 * 12 * 2,
    hardshipSpendingFen: 0,
    housing: 'rented',
    mainCause: 'serious_illness',
    secondaryCauses: [],
    bankAccount: '6228480012345678901',
    bankName: '中国农业银行',
    assessedOn: addDays(chinaToday(), -10),
  });
  expect(res.statusCode, res.body).toBe(201);
}

const idKey = (k: string) => k === 'id' || /Id$/.test(k);

/** Every value at an id-like key, by where it sits (`items[].id`), so ids of different tables are not compared. */
function idsByPointer(value: unknown, at = '', out = new Map<string, Set<string>>()) {
  if (Array.isArray(value)) value.forEach((v) => idsByPointer(v, `${at}[]`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const here = at ? `${at}.${k}` : k;
      if (idKey(k) && (typeof v === 'number' || typeof v === 'string')) {
        if (!out.has(here)) out.set(here, new Set());
        out.get(here)!.add(String(v));
      } else idsByPointer(v, here, out);
    }
  }
  return out;
}

/** Every value of a field named `name` anywhere in the answer. */
function valuesNamed(value: unknown, name: string, out: (string | number)[] = []) {
  if (Array.isArray(value)) value.forEach((v) => valuesNamed(v, name, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === name && (typeof v === 'number' || typeof v === 'string')) out.push(v);
      else valuesNamed(v, name, out);
    }
  }
  return out;
}

/** The entries of a list answer (`[…]` or `{ items: […] }`), or the answer itself. */
function entriesOf(body: unknown): Record<string, unknown>[] {
  if (Array.isArray(body)) return body as Record<string, unknown>[];
  if (body && typeof body === 'object') {
    const items = (body as { items?: unknown }).items;
    if (Array.isArray(items)) return items as Record<string, unknown>[];
    return [body as Record<string, unknown>];
  }
  return [];
}

const json = (res: { statusCode: number; headers: Record<string, unknown>; body: string }) =>
  res.statusCode === 200 && String(res.headers['content-type'] ?? '').includes('json') ? (JSON.parse(res.body) as unknown) : undefined;

/** A body a write accepts: the schema's required fields, B's text in free-text fields, hints by name. */
function bodyFor(schema: JsonSchema | undefined) {
  if (!schema) return undefined;
  return sampleValue(schema, (name, prop) => {
    if (name in FIELD_HINTS) return FIELD_HINTS[name];
    if (prop.type === 'string' && !prop.format && !prop.pattern && !prop.enum && !/idNumber|phone|code|On$|date|key$/i.test(name)) {
      const max = prop.maxLength ?? 20;
      return max >= B_TEXT.length ? B_TEXT : undefined;
    }
    return undefined;
  });
}

/** A photo of one pixel: uploads get past their file-type check to the record they name. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

function send(client: TestClient, op: Operation, url: string, body: unknown) {
  if (op.method === 'GET') return client.get(url);
  if (body === undefined && op.method === 'POST') {
    // Uploads (photos) are not described in the document: a tiny file, so the route gets as far as its checks.
    const boundary = 'prober-body';
    return client.request({
      method: op.method,
      url,
      payload: Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`),
        PNG,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
  }
  return client.request({ method: op.method, url, payload: body as object | undefined });
}

/** Per table: rows and a hash of their contents, to see that a refused write changed nothing. */
async function fingerprint() {
  const tables = await queryRows<{ t: string }>(
    t.db,
    sql`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const out: Record<string, string> = {};
  for (const { t: table } of tables) {
    if (BOOKKEEPING.test(table)) continue;
    const [r] = await queryRows<{ n: number; h: string }>(
      t.db,
      sql.raw(`select count(*)::int as n, coalesce(sum(hashtext(x::text)::bigint), 0)::text as h from "${table}" x`),
    );
    out[table] = `${r!.n}:${r!.h}`;
  }
  return out;
}

const withPathIds = () => operations.filter((o) => o.pathParams.length && !(o.key in NOT_WORKER_RECORDS) && !isSignIn(o));
const lastParam = (op: Operation) => op.pathParams.at(-1)!;
const collectionFor = (op: Operation) => op.path.slice(0, op.path.indexOf(`/{${lastParam(op).name}}`));

/** B's entries for a route's path parameters: by the collection's own list, by field name in B's answers, or by COLLECTIONS. */
async function collect(op: Operation): Promise<Record<string, string | number>[]> {
  const collection = collectionFor(op);
  if (bEntries.has(collection)) return bEntries.get(collection)!;
  let entries: Record<string, string | number>[] = [];
  if (collection in COLLECTIONS) entries = await COLLECTIONS[collection]!({ t, a, b, bPersonId: B.personId });
  else {
    const last = lastParam(op);
    const parents = op.pathParams.slice(0, -1);
    // The parent's entries first (`/api/m/x/{id}/y/{yId}`: B's x ids), then the list under each.
    const parentOp = parents.length ? operations.find((o) => o.method === 'GET' && o.path === collection.slice(0, collection.lastIndexOf('/'))) : undefined;
    const parentEntries = parents.length
      ? parentOp
        ? await collect({ ...parentOp, pathParams: parents } as Operation).catch(() => [])
        : await collect({ ...op, path: collection, pathParams: parents } as Operation).catch(() => [])
      : [{}];
    for (const parent of parentEntries) {
      const listUrl = fillPath({ path: collection, pathParams: parents }, (p) => parent[p.name]!);
      const listed = bAnswers.get(listUrl) ?? json(await b.get(listUrl));
      if (listed !== undefined) bAnswers.set(listUrl, listed);
      let found = entriesOf(listed);
      if (parents.length && !found.length) {
        // No list of its own: the entries under the parent's detail (`photos` of `GET /api/m/x/{id}`).
        const detailUrl = listUrl.slice(0, listUrl.lastIndexOf('/'));
        const detail = bAnswers.get(detailUrl) ?? json(await b.get(detailUrl));
        if (detail !== undefined) bAnswers.set(detailUrl, detail);
        const under = (detail as Record<string, unknown> | undefined)?.[collection.slice(collection.lastIndexOf('/') + 1)];
        found = Array.isArray(under) ? (under as Record<string, unknown>[]) : [];
      }
      const own = found
        .map((e) => e[last.name] ?? (last.name === 'id' ? undefined : e.id))
        .filter((v): v is string | number => typeof v === 'number' || typeof v === 'string');
      entries.push(...own.map((v) => ({ ...parent, [last.name]: v })));
    }
    if (!entries.length && !parents.length) {
      // Any field of the parameter's name in what B reads (a pick-up code, a beneficiary id on 我的权益).
      const named = new Set<string | number>();
      for (const body of bAnswers.values()) for (const v of valuesNamed(body, last.name)) named.add(v);
      entries = [...named].map((v) => ({ [last.name]: v }));
    }
  }
  bEntries.set(collection, entries);
  return entries;
}

beforeAll(async () => {
  t = await createTestApp();
  const actor = systemActor(t.seed.root);
  const policy = (orgId: number, key: string, value: number) =>
    setPolicy(t.db, actor, { orgId, key: key as never, value, effectiveFrom: '2025-01-01', note: null });
  await policy(t.seed.root.id, 'relative_hardship_multiplier', 2);
  await policy(t.seed.root.id, 'accident_cost_share', 0.8);
  await policy(t.seed.root.id, 'migrant_min_years', 1);
  await policy(t.seed.nmg.id, 'dibao_monthly', 760_00);
  await policy(t.seed.root.id, 'followup_interval_months', 6);
  const admin = await t.as('admin');
  A.personId = await registeredPerson(admin, A.name, A.phone, t.seed.xinChengSanitation.id);
  B.personId = await registeredPerson(admin, B.name, B.phone, t.seed.saihanJoint.id);
  const [xcq, sh, hhht] = [await t.as('xcq_admin'), await t.as('sh_admin'), await t.as('hhht_admin')];
  const ca = await runningCampaign(xcq, hhht, t.seed.xinCheng.id, '新城区夏送清凉');
  const cb = await runningCampaign(sh, hhht, t.seed.saihan.id, '赛罕区夏送清凉');
  await handOut(xcq, ca.id, ca.pointId, A.personId);
  await handOut(sh, cb.id, cb.pointId, B.personId);
  await hardshipFile(await t.as('xcq_cadre'), A.personId);
  await hardshipFile(sh, B.personId);
  for (const [who, n] of [
    [A, 1],
    [B, 2],
  ] as const) {
    await t.db.transaction((tx) =>
      notify(tx, {
        to: { personId: who.personId },
        kind: 'prober',
        title: `${who.name}的通知`,
        body: `${who.name}，您有一份慰问品待领取`,
        dedupeKey: `prober-${n}`,
      }),
    );
  }
  a = await t.asWorker(A.phone, A.personId);
  b = await t.asWorker(B.phone, B.personId);
  staff = await t.as('xcq_admin');
  operations = (await listOperations(t.app)).filter((o) => o.path.startsWith('/api/m/'));

  // B writes through the portal's own write routes without ids (an application, a correction request …).
  for (const op of operations.filter((o) => o.method !== 'GET' && !o.pathParams.length && !isSignIn(o) && !(o.key in NOT_WORKER_RECORDS))) {
    const res = await send(b, op, op.path, bodyFor(op.body));
    bWrites.push(`${op.key} → ${res.statusCode}`);
  }
  // What B reads without ids, then B's ids of every collection a path parameter picks from.
  for (const op of operations.filter((o) => o.method === 'GET' && !o.pathParams.length && !isSignIn(o))) {
    const body = json(await b.get(op.path));
    if (body !== undefined) bAnswers.set(op.path, body);
  }
  for (const op of withPathIds()) await collect(op);
  // B adds to B's own records (a photo to B's application …), then B's ids are collected again.
  for (const op of withPathIds().filter((o) => o.method === 'POST')) {
    const entry = bEntries.get(collectionFor(op))?.[0];
    if (!entry) continue;
    const res = await send(
      b,
      op,
      fillPath(op, (p) => entry[p.name] ?? entry.id!),
      bodyFor(op.body),
    );
    bWrites.push(`${op.key} → ${res.statusCode}`);
  }
  bEntries.clear();
  bAnswers.clear();
  for (const op of operations.filter((o) => o.method === 'GET' && !o.pathParams.length && !isSignIn(o))) {
    const body = json(await b.get(op.path));
    if (body !== undefined) bAnswers.set(op.path, body);
  }
  for (const op of withPathIds()) await collect(op);
}, 300_000);
afterAll(async () => {
  await t?.close();
});

/** B's markers: name, masked phone, the text B wrote. */
const bMarkers = () => [B.name, `${B.phone.slice(0, 3)}****${B.phone.slice(-4)}`, B_TEXT];

describe('worker prober: worker 甲 walks every /api/m/ route with worker 乙’s ids', () => {
  it('knows every worker route: each with path ids has 乙’s ids to try, or is listed with its reason', () => {
    expect(operations.map((o) => o.key)).toContain('GET /api/m/me');
    expect(
      Object.keys({ ...NOT_WORKER_RECORDS, ...SHARED_READS }).filter((k) => !operations.some((o) => o.key === k)),
      'exemptions name routes that exist',
    ).toEqual([]);
    const missing = withPathIds()
      .filter((op) => !bEntries.get(collectionFor(op))?.length)
      .map((op) => `${op.key} (collection ${collectionFor(op)})`);
    expect(
      missing,
      `a worker route picks a record by its path, and worker 乙 has none to try: give 乙 such a record in the set-up (B's writes: ${bWrites.join('; ')}), ` +
        'list it in a GET of its collection, or add the collection to COLLECTIONS (or the route to NOT_WORKER_RECORDS with the reason)',
    ).toEqual([]);
  });

  it('answers 404 to 甲 on every route with a path id, given 乙’s ids — and writes change nothing', async () => {
    const failures: string[] = [];
    for (const op of withPathIds()) {
      for (const entry of bEntries.get(collectionFor(op)) ?? []) {
        const url = fillPath(op, (p: Parameter) => entry[p.name] ?? entry.id!);
        const before = op.method === 'GET' ? undefined : await fingerprint();
        const res = await send(a, op, url, bodyFor(op.body));
        if (res.statusCode !== 404) failures.push(`${op.key} ${url} → ${res.statusCode} ${res.body.slice(0, 160)}`);
        else if (bMarkers().some((m) => res.body.includes(m))) failures.push(`${op.key} ${url} → 404 naming 乙: ${res.body.slice(0, 160)}`);
        if (before) {
          const after = await fingerprint();
          const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
          if (changed.length) failures.push(`${op.key} ${url} changed ${changed.join(', ')}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 401 to a staff session on every worker route, given 乙’s ids', async () => {
    const failures: string[] = [];
    for (const op of operations.filter((o) => !isSignIn(o))) {
      const entries = op.pathParams.length ? (bEntries.get(collectionFor(op)) ?? []).slice(0, 1) : [{}];
      for (const entry of entries) {
        const url = fillPath(op, (p) => entry[p.name] ?? entry.id!);
        const res = await send(staff, op, url, bodyFor(op.body));
        if (res.statusCode !== 401) failures.push(`${op.key} ${url} → ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('shows 甲 nothing of 乙 on reads with id-like query parameters given 乙’s ids', async () => {
    const failures: string[] = [];
    for (const op of operations.filter((o) => o.method === 'GET' && !o.pathParams.length && !isSignIn(o))) {
      for (const q of op.queryParams.filter((p) => idKey(p.name))) {
        const values = new Set<string | number>();
        for (const body of bAnswers.values()) for (const v of valuesNamed(body, q.name)) values.add(v);
        for (const entries of bEntries.values()) for (const e of entries) if (e[q.name] !== undefined) values.add(e[q.name]!);
        for (const v of values) {
          const url = `${op.path}?${q.name}=${encodeURIComponent(String(v))}`;
          const res = await a.get(url);
          if (res.statusCode >= 500 || res.statusCode === 403) failures.push(`${url} → ${res.statusCode}`);
          if (res.statusCode !== 200) continue;
          const named = bMarkers().filter((m) => res.body.includes(m));
          const theirs = idsByPointer(json(await b.get(url)));
          const mine = idsByPointer(json(res));
          const shared = [...mine].flatMap(([at, ids]) => [...ids].filter((id) => theirs.get(at)?.has(id)).map((id) => `${at}=${id}`));
          if (named.length || shared.length) failures.push(`${url} shows 乙’s ${[...named, ...shared].join(', ')}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 甲’s reads without ids with 甲’s records only: none of 乙’s ids, name, phone or text', async () => {
    const failures: string[] = [];
    let aSeesOwn = 0;
    for (const op of operations.filter((o) => o.method === 'GET' && !o.pathParams.length && !isSignIn(o) && !(o.key in SHARED_READS))) {
      const res = await a.get(op.path);
      if (res.statusCode >= 500) failures.push(`${op.key} → ${res.statusCode}`);
      if (res.statusCode !== 200) continue;
      if (res.body.includes(A.name)) aSeesOwn += 1;
      const named = bMarkers().filter((m) => res.body.includes(m));
      const theirs = idsByPointer(bAnswers.get(op.path));
      const mine = idsByPointer(json(res));
      const shared = [...mine].flatMap(([at, ids]) => [...ids].filter((id) => theirs.get(at)?.has(id)).map((id) => `${at}=${id}`));
      if (named.length || shared.length) failures.push(`${op.key} shows 乙’s ${[...named, ...shared].join(', ')}`);
    }
    expect(aSeesOwn, '甲’s own answers name 甲 (the reads are not empty)').toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });

  it('counts on the home page what each worker’s own lists hold, one request for every tile', async () => {
    for (const w of [a, b]) {
      const home = (await w.get('/api/m/home')).json().counts as Record<string, Record<string, number>>;
      const benefits = (await w.get('/api/m/benefits')).json() as { pickups: { received: boolean }[] };
      const membership = (await w.get('/api/m/membership')).json() as { applications: { status: string }[] };
      const help = (await w.get('/api/m/hardship/applications')).json() as { items: { stage: string }[] };
      const signups = (await w.get('/api/m/events/signups')).json() as { status: string; eventStatus: string }[];
      const unread = (await w.get('/api/m/messages/unread')).json().unread as number;
      const checkups = (await w.get('/api/m/health/bookings')).json() as { status: string; day: string; followUp: { status: string } | null }[];
      const cover = (await w.get('/api/m/mutualaid/cover')).json() as { claims: { status: string }[] };
      expect(home).toEqual({
        campaigns: { toPickUp: benefits.pickups.filter((p) => !p.received).length },
        membership: { inReview: membership.applications.filter((x) => x.status === 'submitted' || x.status === 'reviewing').length },
        hardship: { inReview: help.items.filter((x) => ['pending', 'verified', 'noticed'].includes(x.stage)).length },
        events: {
          offered: signups.filter((x) => x.status === 'offered').length,
          live: signups.filter((x) => ['confirmed', 'waiting'].includes(x.status) && !['finished', 'cancelled'].includes(x.eventStatus)).length,
        },
        messages: { unread },
        health: {
          booked: checkups.filter((x) => x.status === 'booked' && x.day >= chinaToday()).length,
          followUps: checkups.filter((x) => x.followUp?.status === 'open').length,
        },
        mutualaid: { inProgress: cover.claims.filter((x) => ['received', 'reviewed', 'rechecked', 'approved'].includes(x.status)).length },
      });
    }
    // 乙 signed up and applied through the portal's writes: the counts are not all nothing.
    const bHome = (await b.get('/api/m/home')).json().counts as Record<string, Record<string, number>>;
    expect(bHome.hardship!.inReview).toBeGreaterThan(0);
    expect(bHome.events!.live).toBeGreaterThan(0);
  });

  it('left 乙’s session working (nothing above signed 乙 or 甲 out)', async () => {
    expect((await a.get('/api/m/me')).json().worker.person.name).toBe(A.name);
    expect((await b.get('/api/m/me')).json().worker.person.name).toBe(B.name);
  });
});
