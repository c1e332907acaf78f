/** Every query of the check-in kit: lists, the offline download, the set-based sync, lines and conflicts. */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { scopePattern, type Scope } from '../../server/scope.ts';
import type { CheckinListKind, CheckinMode, CheckinResult } from './checkin.contract.ts';

export interface EventInScope {
  id: number;
  title: string;
  org_id: number;
  org_path: string;
}

/** The event, when its organiser lies in the scope. */
export async function findEventInScope(db: DbOrTx, scope: Scope, eventId: number): Promise<EventInScope | undefined> {
  const [row] = await queryRows<EventInScope>(
    db,
    sql`select e.id, e.title, e.org_id, o.path as org_path from events e join orgs o on o.id = e.org_id
        where e.id = ${eventId} and o.path like ${scopePattern(scope)}`,
  );
  return row;
}

export async function sessionBelongs(db: DbOrTx, eventId: number, sessionId: number) {
  const rows = await queryRows<{ id: number }>(db, sql`select id from event_sessions where id = ${sessionId} and event_id = ${eventId}`);
  return rows.length > 0;
}

export interface ListRow {
  id: number;
  event_id: number;
  event_title: string;
  session_id: number | null;
  name: string;
  kind: CheckinListKind;
  mode: CheckinMode;
  org_id: number;
  org_path: string;
  session_label: string | null;
}

const LIST_SELECT = sql`select l.id, l.event_id, e.title as event_title, l.session_id, l.name, l.kind, l.mode, e.org_id, o.path as org_path,
    case when s.id is null then null else to_char(s.starts_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') || ' ' || s.place end as session_label
  from event_checkin_lists l join events e on e.id = l.event_id join orgs o on o.id = e.org_id
  left join event_sessions s on s.id = l.session_id`;

/** A check-in list, when its event's organiser lies in the scope. */
export async function findListInScope(db: DbOrTx, scope: Scope, listId: number): Promise<ListRow | undefined> {
  const [row] = await queryRows<ListRow>(db, sql`${LIST_SELECT} where l.id = ${listId} and o.path like ${scopePattern(scope)}`);
  return row;
}

export async function insertList(
  db: DbOrTx,
  v: { eventId: number; sessionId: number | null; name: string; kind: CheckinListKind; mode: CheckinMode; createdBy: number | null },
) {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into event_checkin_lists (event_id, session_id, name, kind, mode, created_by)
        values (${v.eventId}, ${v.sessionId}, ${v.name}, ${v.kind}, ${v.mode}, ${v.createdBy}) returning id`,
  );
  return row!.id;
}

export interface ListWithCounts extends ListRow {
  checkins: number;
  people: number;
  conflicts: number;
}

export async function listsOfEvent(db: DbOrTx, eventId: number): Promise<ListWithCounts[]> {
  return queryRows<ListWithCounts>(
    db,
    sql`select x.*, coalesce(c.checkins, 0)::int as checkins, coalesce(c.people, 0)::int as people, coalesce(c.conflicts, 0)::int as conflicts
        from (${LIST_SELECT} where l.event_id = ${eventId}) x
        left join lateral (
          select count(*) filter (where k.result = 'ok') as checkins,
                 count(distinct k.signup_id) filter (where k.result = 'ok') as people,
                 count(*) filter (where k.result <> 'ok') as conflicts
          from event_checkins k where k.list_id = x.id) c on true
        order by x.id`,
  );
}

export interface OfflineSignupRow {
  id: number;
  name: string;
  org_name: string;
  days: string[];
}

/** The event's confirmed sign-ups with the days each is already checked in on the list. */
export async function confirmedSignups(db: DbOrTx, eventId: number, listId: number): Promise<OfflineSignupRow[]> {
  return queryRows<OfflineSignupRow>(
    db,
    sql`select s.id::int as id, p.name, o.name as org_name,
          coalesce((select array_agg(distinct to_char(k.day, 'YYYY-MM-DD')) from event_checkins k
                     where k.list_id = ${listId} and k.signup_id = s.id and k.result = 'ok'), '{}') as days
        from event_signups s join persons p on p.id = s.person_id join orgs o on o.id = s.org_id
        where s.event_id = ${eventId} and s.status = 'confirmed'
        order by s.id`,
  );
}

export interface SignupOfCode {
  id: number;
  status: string;
  name: string;
}

export async function signupsOfEvent(db: DbOrTx, eventId: number, ids: number[]): Promise<SignupOfCode[]> {
  if (!ids.length) return [];
  return queryRows<SignupOfCode>(
    db,
    sql`select s.id::int as id, s.status, p.name from event_signups s join persons p on p.id = s.person_id
        where s.event_id = ${eventId} and s.id = any(${`{${ids.join(',')}}`}::bigint[])`,
  );
}

export interface StoredCheckin {
  id: number;
  idempotency_key: string;
  list_id: number;
  signup_id: number | null;
  result: CheckinResult;
  reason: string | null;
  name: string | null;
}

/** Check-ins already recorded under these keys (of any list: a key is the phone's, once). */
export async function checkinsByKeys(db: DbOrTx, keys: string[]): Promise<StoredCheckin[]> {
  if (!keys.length) return [];
  return queryRows<StoredCheckin>(
    db,
    sql`select k.id::int as id, k.idempotency_key, k.list_id, k.signup_id::int as signup_id, k.result, k.reason, p.name
        from event_checkins k left join event_signups s on s.id = k.signup_id left join persons p on p.id = s.person_id
        where k.idempotency_key = any(${pgTextArray(keys)}::text[])`,
  );
}

export interface NewCheckin {
  key: string;
  signupId: number | null;
  day: string;
  scannedAt: string;
  codeHash: string;
  result: CheckinResult;
  reason: string | null;
  duplicateOf: number | null;
}

/** A text[] literal; keys, hashes and days hold only [A-Za-z0-9_-:.+T], reasons are quoted. */
function pgTextArray(values: (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;
}
const pgIntArray = (values: (number | null)[]) => `{${values.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`;

/**
 * Inserts the rows in the order given; a row the unique indexes refuse (a key sent before, a person
 * already counted where the list allows one) is skipped, and the keys that were written come back.
 */
export async function insertCheckins(
  db: DbOrTx,
  list: { id: number; mode: CheckinMode },
  v: { deviceId: string; accountId: number | null },
  rows: NewCheckin[],
): Promise<{ id: number; idempotency_key: string }[]> {
  if (!rows.length) return [];
  return queryRows(
    db,
    sql`insert into event_checkins (list_id, mode, signup_id, day, idempotency_key, device_id, account_id, scanned_at, result, reason, duplicate_of, code_hash)
        select ${list.id}, ${list.mode}, r.signup_id, r.day, r.key, ${v.deviceId}, ${v.accountId}, r.scanned_at, r.result, r.reason, r.duplicate_of, r.code_hash
        from unnest(${pgTextArray(rows.map((r) => r.key))}::text[], ${pgIntArray(rows.map((r) => r.signupId))}::bigint[],
                    ${pgTextArray(rows.map((r) => r.day))}::date[], ${pgTextArray(rows.map((r) => r.scannedAt))}::timestamptz[],
                    ${pgTextArray(rows.map((r) => r.result))}::text[], ${pgTextArray(rows.map((r) => r.reason))}::text[],
                    ${pgIntArray(rows.map((r) => r.duplicateOf))}::bigint[], ${pgTextArray(rows.map((r) => r.codeHash))}::text[])
             with ordinality as r(key, signup_id, day, scanned_at, result, reason, duplicate_of, code_hash, n)
        order by r.n
        on conflict do nothing
        returning id::int as id, idempotency_key`,
  );
}

/** The counted line each (sign-up, day) already has on the list (for `once`, the day is ignored). */
export async function countedLines(db: DbOrTx, list: { id: number; mode: CheckinMode }, pairs: { signupId: number; day: string }[]) {
  if (!pairs.length) return [];
  return queryRows<{ id: number; signup_id: number; day: string; scanned_at: Date | string }>(
    db,
    sql`select distinct on (k.signup_id, ${list.mode === 'daily' ? sql`k.day` : sql`k.list_id`}) k.id::int as id, k.signup_id::int as signup_id, to_char(k.day, 'YYYY-MM-DD') as day, k.scanned_at
        from event_checkins k
        where k.list_id = ${list.id} and k.result = 'ok' and k.signup_id = any(${pgIntArray(pairs.map((p) => p.signupId))}::bigint[])
        order by k.signup_id, ${list.mode === 'daily' ? sql`k.day` : sql`k.list_id`}, k.id`,
  );
}

/** 到场: an entry check-in marks the sign-up attended, at its earliest scan. */
export async function markAttended(db: DbOrTx, listId: number, signupIds: number[]) {
  if (!signupIds.length) return;
  await db.execute(
    sql`update event_signups s set attended_at = k.first, updated_at = now()
        from (select signup_id, min(scanned_at) as first from event_checkins
              where list_id = ${listId} and result = 'ok' and signup_id = any(${pgIntArray(signupIds)}::bigint[]) group by signup_id) k
        where s.id = k.signup_id and s.status = 'confirmed' and s.attended_at is null`,
  );
}

export async function listLines(db: DbOrTx, listId: number, limit: number, offset: number) {
  const rows = await queryRows<{
    id: number;
    name: string | null;
    org_name: string | null;
    day: string;
    scanned_at: Date | string;
    synced_at: Date | string;
    device_id: string;
    handler: string | null;
  }>(
    db,
    sql`select k.id::int as id, p.name, o.name as org_name, to_char(k.day, 'YYYY-MM-DD') as day, k.scanned_at, k.synced_at, k.device_id,
          coalesce(a.display_name, a.username) as handler
        from event_checkins k join event_signups s on s.id = k.signup_id join persons p on p.id = s.person_id join orgs o on o.id = s.org_id
        left join accounts a on a.id = k.account_id
        where k.list_id = ${listId} and k.result = 'ok'
        order by k.scanned_at, k.id limit ${limit} offset ${offset}`,
  );
  const [count] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from event_checkins where list_id = ${listId} and result = 'ok'`);
  return { rows, total: count?.n ?? 0 };
}

export interface ConflictRow {
  id: number;
  list_id: number;
  list_name: string;
  result: 'duplicate' | 'refused';
  reason: string | null;
  name: string | null;
  device_id: string;
  scanned_at: Date | string;
  synced_at: Date | string;
  handler: string | null;
  counted_device: string | null;
  counted_at: Date | string | null;
  counted_handler: string | null;
}

/** Duplicates and refusals of every list of the event, newest first. */
export async function conflictsOfEvent(db: DbOrTx, eventId: number, limit = 500): Promise<ConflictRow[]> {
  return queryRows<ConflictRow>(
    db,
    sql`select k.id::int as id, k.list_id, l.name as list_name, k.result, k.reason, p.name, k.device_id, k.scanned_at, k.synced_at,
          coalesce(a.display_name, a.username) as handler,
          d.device_id as counted_device, d.scanned_at as counted_at, coalesce(da.display_name, da.username) as counted_handler
        from event_checkins k join event_checkin_lists l on l.id = k.list_id
        left join event_signups s on s.id = k.signup_id left join persons p on p.id = s.person_id
        left join accounts a on a.id = k.account_id
        left join event_checkins d on d.id = k.duplicate_of left join accounts da on da.id = d.account_id
        where l.event_id = ${eventId} and k.result <> 'ok'
        order by k.id desc limit ${limit}`,
  );
}

// ---- A campaign point's hand-outs through the kit ------------------------------------------------

export interface StoredHandout {
  idempotency_key: string;
  point_id: number;
  beneficiary_id: number | null;
  result: CheckinResult;
  reason: string | null;
  name_masked: string | null;
}

/** Which of the keys a point's sync already used, and at which point. */
export async function handoutPointsByKeys(db: DbOrTx, keys: string[]) {
  if (!keys.length) return [];
  return queryRows<{ idempotency_key: string; point_id: number }>(
    db,
    sql`select idempotency_key, point_id from event_checkin_handouts where idempotency_key = any(${pgTextArray(keys)}::text[])`,
  );
}

export async function handoutByKey(db: DbOrTx, key: string): Promise<StoredHandout | undefined> {
  const [row] = await queryRows<StoredHandout>(
    db,
    sql`select idempotency_key, point_id, beneficiary_id::int as beneficiary_id, result, reason, name_masked
        from event_checkin_handouts where idempotency_key = ${key}`,
  );
  return row;
}

/** Records a synced hand-out once; a concurrent replay of the same key keeps the first. */
export async function insertHandout(
  db: DbOrTx,
  v: {
    pointId: number;
    beneficiaryId: number | null;
    key: string;
    deviceId: string;
    accountId: number | null;
    scannedAt: string;
    result: CheckinResult;
    reason: string | null;
    lineId: number | null;
    nameMasked: string | null;
    codeHash: string;
  },
) {
  await db.execute(
    sql`insert into event_checkin_handouts (point_id, beneficiary_id, idempotency_key, device_id, account_id, scanned_at, result, reason, line_id, name_masked, code_hash)
        values (${v.pointId}, ${v.beneficiaryId}, ${v.key}, ${v.deviceId}, ${v.accountId}, ${v.scannedAt}, ${v.result}, ${v.reason}, ${v.lineId}, ${v.nameMasked}, ${v.codeHash})
        on conflict (idempotency_key) do nothing`,
  );
}

export async function handoutConflicts(db: DbOrTx, pointId: number, limit = 500) {
  return queryRows<{
    id: number;
    result: 'duplicate' | 'refused';
    reason: string | null;
    name_masked: string | null;
    device_id: string;
    scanned_at: Date | string;
    synced_at: Date | string;
    handler: string | null;
  }>(
    db,
    sql`select h.id::int as id, h.result, h.reason, h.name_masked, h.device_id, h.scanned_at, h.synced_at, coalesce(a.display_name, a.username) as handler
        from event_checkin_handouts h left join accounts a on a.id = h.account_id
        where h.point_id = ${pointId} and h.result <> 'ok' order by h.id desc limit ${limit}`,
  );
}

/** Check-ins counted (人次) on the events' lists, for statistics. */
export async function countCheckins(db: DbOrTx) {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from event_checkins where result = 'ok'`);
  return row?.n ?? 0;
}

/** Lists of open or closed events whose organiser lies in the scope: what a phone may check in on. */
export async function usableLists(db: DbOrTx, scope: Scope): Promise<ListRow[]> {
  return queryRows<ListRow>(
    db,
    sql`${LIST_SELECT} where o.path like ${scopePattern(scope)} and e.status in ('open', 'closed') order by l.event_id desc, l.id limit 200`,
  );
}

/** The demo's event: one session, the first people of the union's subtree confirmed, its lists. */
export async function insertDemoCheckinEvent(
  db: DbOrTx,
  v: {
    orgId: number;
    orgPath: string;
    title: string;
    startsAt: string;
    endsAt: string;
    place: string;
    people: number;
    lists: { name: string; kind: CheckinListKind; mode: CheckinMode }[];
    createdBy: number | null;
  },
) {
  const [event] = await queryRows<{ id: number }>(
    db,
    sql`insert into events (org_id, kind, title, description, capacity, taken, status, created_by)
        values (${v.orgId}, 'lecture', ${v.title}, '劳动模范和大国工匠讲述岗位故事，现场扫码签到。', 100, ${v.people}, 'open', ${v.createdBy}) returning id`,
  );
  await db.execute(sql`insert into event_sessions (event_id, starts_at, ends_at, place) values (${event!.id}, ${v.startsAt}, ${v.endsAt}, ${v.place})`);
  await db.execute(
    sql`insert into event_signups (event_id, person_id, org_id, org_path, status, source, created_by)
        select ${event!.id}, p.id, p.org_id, o.path, 'confirmed', 'staff', ${v.createdBy}
        from persons p join orgs o on o.id = p.org_id where o.path like ${`${v.orgPath}%`} order by p.id limit ${v.people}`,
  );
  for (const l of v.lists) await insertList(db, { eventId: event!.id, sessionId: null, ...l, createdBy: v.createdBy });
  return event!.id;
}
