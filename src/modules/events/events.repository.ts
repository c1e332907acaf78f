/** Every query of 活动's events, sessions, places down the tree and audiences. */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { scopePattern, type Scope } from '../../server/scope.ts';
import { likeEscape } from '../../server/text.ts';
import { ruleCondition } from '../people/index.ts';
import { events, eventSessions, type EventSessionDbRow } from './events.schema.ts';
import type { EligibilityRule, EventInput, ListEventsQuery, SessionInput } from './events.contract.ts';

export type { EventSessionDbRow };

export interface EventRow {
  id: number;
  org_id: number;
  org_name: string;
  org_path: string;
  kind: EventInput['kind'];
  title: string;
  description: string | null;
  audience: EligibilityRule | null;
  capacity: number | null;
  taken: number;
  worker_signup: boolean;
  signup_opens_at: Date | string | null;
  signup_closes_at: Date | string | null;
  offer_hours: number;
  status: 'draft' | 'open' | 'closed' | 'finished' | 'cancelled';
  cancel_reason: string | null;
  version: number;
  created_at: Date | string;
  created_by_name: string | null;
  starts_at: Date | string | null;
  ends_at: Date | string | null;
  sessions: number;
  waiting: number;
  /** Places given by a kind's own selection, never by sign-up: a 夏令营's draw, a 疗休养 batch's scored ranking. */
  selection: 'draw' | 'score' | null;
}

const eventSelect = sql`
  select e.id, e.org_id, o.name as org_name, o.path as org_path, e.kind, e.title, e.description, e.audience, e.capacity, e.taken,
         e.worker_signup, e.signup_opens_at, e.signup_closes_at, e.offer_hours, e.status, e.cancel_reason, e.version, e.created_at,
         (select coalesce(a.display_name, a.username) from accounts a where a.id = e.created_by) as created_by_name,
         s.starts_at, s.ends_at, coalesce(s.n, 0)::int as sessions,
         (select count(*)::int from event_signups w where w.event_id = e.id and w.status = 'waiting') as waiting,
         case when exists (select 1 from camps c where c.event_id = e.id) then 'draw'
              when exists (select 1 from recuperation_batches r where r.event_id = e.id) then 'score' end as selection
    from events e join orgs o on o.id = e.org_id
    left join lateral (select min(x.starts_at) as starts_at, max(x.ends_at) as ends_at, count(*)::int as n from event_sessions x where x.event_id = e.id) s on true`;

/** Events organised in the scope, or above it (their places and audiences reach the scope's people). */
const visible = (scope: Scope) => sql`(o.path like ${scopePattern(scope)} or ${scope.path} like o.path || '%')`;

/** An event the scope may read: organised in it or above it. */
export async function eventVisible(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows<EventRow>(db, sql`${eventSelect} where e.id = ${id} and ${visible(scope)}`);
  return row;
}

/** An event organised in the scope (the scope's staff may manage it). */
export async function eventOrganisedIn(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows<EventRow>(db, sql`${eventSelect} where e.id = ${id} and o.path like ${scopePattern(scope)}`);
  return row;
}

/** Locks the event row (edits and transitions run one at a time; sign-ups take places by conditional update, not by this lock). */
export async function lockEvent(db: DbOrTx, id: number) {
  await db.execute(sql`select id from events where id = ${id} for update`);
}

function listWhere(scope: Scope, within: Scope | undefined, q: ListEventsQuery): SQL {
  // Narrowed to a union: what that union sees (organised in its subtree or above it), inside the reader's own view.
  const parts: SQL[] = [visible(scope)];
  if (within) parts.push(visible(within));
  if (q.kind) parts.push(sql`e.kind = ${q.kind}`);
  if (q.status) parts.push(sql`e.status = ${q.status}`);
  if (q.q) parts.push(sql`e.title like ${`%${likeEscape(q.q)}%`}`);
  if (q.from)
    parts.push(sql`exists (select 1 from event_sessions x where x.event_id = e.id and (x.ends_at at time zone 'Asia/Shanghai')::date >= ${q.from}::date)`);
  if (q.to)
    parts.push(sql`exists (select 1 from event_sessions x where x.event_id = e.id and (x.starts_at at time zone 'Asia/Shanghai')::date <= ${q.to}::date)`);
  return sql.join(parts, sql` and `);
}

export async function listEvents(db: DbOrTx, scope: Scope, within: Scope | undefined, q: ListEventsQuery) {
  return queryRows<EventRow>(
    db,
    sql`${eventSelect} where ${listWhere(scope, within, q)} order by coalesce(s.starts_at, e.created_at) desc, e.id desc
        limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
}

export async function countEvents(db: DbOrTx, scope: Scope, within: Scope | undefined, q: ListEventsQuery) {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from events e join orgs o on o.id = e.org_id where ${listWhere(scope, within, q)}`,
  );
  return row!.n;
}

type EventColumns = Omit<EventInput, 'signupOpensAt' | 'signupClosesAt'> & { signupOpensAt: Date | null; signupClosesAt: Date | null };

export async function insertEvent(db: DbOrTx, values: EventColumns & { createdBy: number | null }) {
  const [row] = await db.insert(events).values(values).returning({ id: events.id });
  return row!.id;
}

/** Applies an edit when the version is the one the form was opened at; false when someone saved in between. */
export async function updateEvent(db: DbOrTx, id: number, version: number, values: Partial<EventColumns>) {
  const rows = await db
    .update(events)
    .set({ ...values, version: sql`${events.version} + 1`, updatedAt: new Date() })
    .where(and(eq(events.id, id), eq(events.version, version)))
    .returning({ id: events.id });
  return rows.length > 0;
}

export async function setStatus(db: DbOrTx, id: number, version: number, status: EventRow['status'], cancelReason: string | null) {
  const rows = await db
    .update(events)
    .set({ status, cancelReason, version: sql`${events.version} + 1`, updatedAt: new Date() })
    .where(and(eq(events.id, id), eq(events.version, version)))
    .returning({ id: events.id });
  return rows.length > 0;
}

/** Marks the event changed (sessions and places are part of it): an open form's version goes stale. */
export async function bumpVersion(db: DbOrTx, id: number) {
  await db.execute(sql`update events set version = version + 1, updated_at = now() where id = ${id}`);
}

// ---- Audiences ----------------------------------------------------------------------------------

/** People of `within` (the organiser's reach, narrowed to what the reader may see) the audience reaches, ages on `day`. */
export async function countAudience(db: DbOrTx, within: Scope, rule: EligibilityRule | null, orgScopes: ReadonlyMap<number, Scope>, day: string) {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from persons p join orgs o on o.id = p.org_id
         where p.status = 'active' and o.path like ${scopePattern(within)} and ${rule ? ruleCondition(rule, orgScopes, day) : sql`true`}`,
  );
  return row!.n;
}

export interface PersonHit {
  id: number;
  name: string;
  id_masked: string;
  org_id: number;
  org_path: string;
}

/** The active person if they lie in `within` (and, with a rule, match it on `day`). */
export async function personIn(db: DbOrTx, within: Scope, personId: number, rule: EligibilityRule | null, orgScopes: ReadonlyMap<number, Scope>, day: string) {
  const [row] = await queryRows<PersonHit>(
    db,
    sql`select p.id::int as id, p.name, p.id_masked, p.org_id, o.path as org_path from persons p join orgs o on o.id = p.org_id
         where p.id = ${personId} and p.status = 'active' and o.path like ${scopePattern(within)}
           and ${rule ? ruleCondition(rule, orgScopes, day) : sql`true`}`,
  );
  return row;
}

/** Orgs by id with their paths (the audience's named unions). */
export async function orgPaths(db: DbOrTx, ids: readonly number[]) {
  if (!ids.length) return [];
  return queryRows<{ id: number; path: string; name: string }>(
    db,
    sql`select id, path, name from orgs where id in (${sql.join(
      ids.map((i) => sql`${i}`),
      sql`, `,
    )})`,
  );
}

// ---- Sessions -----------------------------------------------------------------------------------

export async function sessionsOf(db: DbOrTx, eventId: number) {
  return db.select().from(eventSessions).where(eq(eventSessions.eventId, eventId)).orderBy(eventSessions.startsAt, eventSessions.id);
}

type SessionColumns = Omit<SessionInput, 'startsAt' | 'endsAt'> & { startsAt: Date; endsAt: Date };

export async function insertSession(db: DbOrTx, eventId: number, values: SessionColumns) {
  const [row] = await db
    .insert(eventSessions)
    .values({ eventId, ...values })
    .returning();
  return row!;
}

export async function updateSession(db: DbOrTx, eventId: number, id: number, values: SessionColumns) {
  const [row] = await db
    .update(eventSessions)
    .set(values)
    .where(and(eq(eventSessions.eventId, eventId), eq(eventSessions.id, id)))
    .returning();
  return row;
}

export async function deleteSession(db: DbOrTx, eventId: number, id: number) {
  const [row] = await db
    .delete(eventSessions)
    .where(and(eq(eventSessions.eventId, eventId), eq(eventSessions.id, id)))
    .returning();
  return row;
}

// ---- Places down the tree -----------------------------------------------------------------------

export interface QuotaRow {
  org_id: number;
  parent_org_id: number | null;
  org_name: string;
  org_path: string;
  places: number;
  child_places: number;
  taken: number;
}

const quotaSelect = sql`select q.org_id, q.parent_org_id, o.name as org_name, o.path as org_path, q.places, q.child_places, q.taken
                          from event_quotas q join orgs o on o.id = q.org_id`;

/** The event's rows of places in the scope, top down. */
export async function quotasIn(db: DbOrTx, eventId: number, scope: Scope) {
  return queryRows<QuotaRow>(db, sql`${quotaSelect} where q.event_id = ${eventId} and o.path like ${scopePattern(scope)} order by o.path`);
}

export async function hasQuotas(db: DbOrTx, eventId: number) {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from event_quotas where event_id = ${eventId}`);
  return row!.n > 0;
}

export async function quotaOf(db: DbOrTx, eventId: number, orgId: number) {
  const [row] = await queryRows<QuotaRow>(db, sql`${quotaSelect} where q.event_id = ${eventId} and q.org_id = ${orgId}`);
  return row;
}

/** The row whose places cover a union at `path`: the deepest row at or above it (null when the event has none). */
export async function coveringQuota(db: DbOrTx, eventId: number, path: string, strictlyAbove = false) {
  const [row] = await queryRows<QuotaRow>(
    db,
    sql`${quotaSelect} where q.event_id = ${eventId} and ${path} like o.path || '%' ${strictlyAbove ? sql`and o.path <> ${path}` : sql``}
        order by length(o.path) desc limit 1`,
  );
  return row;
}

/** Whether a row lies below the union at `path`. */
export async function quotaBelow(db: DbOrTx, eventId: number, path: string) {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from event_quotas q join orgs o on o.id = q.org_id where q.event_id = ${eventId} and o.path like ${`${path}%`} and o.path <> ${path}`,
  );
  return row!.n > 0;
}

export async function insertQuota(db: DbOrTx, row: { eventId: number; orgId: number; parentOrgId: number | null; orgPath: string; places: number }) {
  await db.execute(
    sql`insert into event_quotas (event_id, org_id, parent_org_id, org_path, places) values (${row.eventId}, ${row.orgId}, ${row.parentOrgId}, ${row.orgPath}, ${row.places})`,
  );
}

/** Sets a row's places (the check constraint refuses fewer than it passed down and took). */
export async function setQuotaPlaces(db: DbOrTx, eventId: number, orgId: number, places: number) {
  await db.execute(sql`update event_quotas set places = ${places} where event_id = ${eventId} and org_id = ${orgId}`);
}

/** Moves `delta` places into (or, negative, back out of) a row's passed-down count (the check constraint refuses more than it holds). */
export async function addChildPlaces(db: DbOrTx, eventId: number, orgId: number, delta: number) {
  await db.execute(sql`update event_quotas set child_places = child_places + ${delta} where event_id = ${eventId} and org_id = ${orgId}`);
}

/**
 * The rows of places a moving subtree holds at its top (their parent row lies outside it), in
 * events still to be held (draft, open, closed) organised outside it (an event organised inside
 * moves whole), with the organiser's path: what a move carries.
 * Read before the subtree's paths are rewritten.
 */
export async function quotaTopsMoving(db: DbOrTx, fromPath: string) {
  return queryRows<{
    event_id: number;
    title: string;
    organiser_path: string;
    org_id: number;
    org_name: string;
    parent_org_id: number | null;
    places: number;
  }>(
    db,
    sql`select q.event_id, e.title, eo.path as organiser_path, q.org_id, o.name as org_name, q.parent_org_id, q.places
          from event_quotas q join orgs o on o.id = q.org_id join events e on e.id = q.event_id join orgs eo on eo.id = e.org_id
          left join orgs po on po.id = q.parent_org_id
         where o.path like ${`${likeEscape(fromPath)}%`} and e.status in ('draft', 'open', 'closed')
           and eo.path not like ${`${likeEscape(fromPath)}%`} and po.path not like ${`${likeEscape(fromPath)}%`}
         order by q.event_id, o.path`,
  );
}

/** Hangs a row of places from another row. */
export async function setQuotaParent(db: DbOrTx, eventId: number, orgId: number, parentOrgId: number) {
  await db.execute(sql`update event_quotas set parent_org_id = ${parentOrgId} where event_id = ${eventId} and org_id = ${orgId}`);
}

/** Free places of a row (places − passed down − taken) and of the event, read under the rows' locks. */
export async function freeOf(db: DbOrTx, eventId: number, orgId: number) {
  const [row] = await queryRows<{ free: number }>(
    db,
    sql`select places - child_places - taken as free from event_quotas where event_id = ${eventId} and org_id = ${orgId} for update`,
  );
  return row?.free ?? 0;
}

/** An event by id, unscoped: for system work (expiring offers) on a row already found. */
export async function eventById(db: DbOrTx, id: number) {
  const [row] = await queryRows<EventRow>(db, sql`${eventSelect} where e.id = ${id}`);
  return row;
}

/** The person's union lies in the event's organiser's subtree: the event can reach them. */
const reachesPerson = (personId: number) =>
  sql`exists (select 1 from persons p join orgs po on po.id = p.org_id where p.id = ${personId} and p.status = 'active' and po.path like o.path || '%')`;

/** An event whose organiser's subtree holds the person's union. */
export async function eventForPerson(db: DbOrTx, personId: number, id: number) {
  const [row] = await queryRows<EventRow>(db, sql`${eventSelect} where e.id = ${id} and ${reachesPerson(personId)}`);
  return row;
}

/** Open events that reach the person, and those they signed up for, soonest first. */
export async function eventsForPerson(db: DbOrTx, personId: number) {
  return queryRows<EventRow>(
    db,
    sql`${eventSelect} where ${reachesPerson(personId)}
          and (e.status = 'open' or (e.status <> 'draft' and exists (select 1 from event_signups x where x.event_id = e.id and x.person_id = ${personId})))
        order by s.starts_at nulls last, e.id limit 100`,
  );
}

export interface CalendarRow {
  session_id: number;
  event_id: number;
  title: string;
  kind: EventInput['kind'];
  status: string;
  org_name: string;
  description: string | null;
  starts_at: Date | string;
  ends_at: Date | string;
  place: string;
  address: string | null;
  lat: number | null;
  lng: number | null;
  datum: string | null;
}

/** Sessions of the events organised in the scope that are open, closed or finished (drafts and cancelled ones are not on a calendar). */
export async function calendarSessions(db: DbOrTx, scope: Scope, limit = 2000) {
  return queryRows<CalendarRow>(
    db,
    sql`select x.id as session_id, e.id as event_id, e.title, e.kind, e.status, o.name as org_name, e.description,
               x.starts_at, x.ends_at, x.place, x.address, x.lat, x.lng, x.datum
          from event_sessions x join events e on e.id = x.event_id join orgs o on o.id = e.org_id
         where o.path like ${scopePattern(scope)} and e.status in ('open', 'closed', 'finished')
         order by x.starts_at desc limit ${limit}`,
  );
}

/** The first active people of a subtree (the demo signs them up). */
export async function firstPeopleIn(db: DbOrTx, scope: Scope, limit: number) {
  return queryRows<{ id: number }>(
    db,
    sql`select p.id::int as id from persons p join orgs o on o.id = p.org_id where p.status = 'active' and o.path like ${scopePattern(scope)} order by p.id limit ${limit}`,
  );
}
