/**
 * Every query of 活动's sign-ups: places taken and given back by conditional updates (never a count
 * read before the write), the waiting line in the order its numbers were handed out, offers and their expiry.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { scopePattern, type Scope } from '../../server/scope.ts';
import { likeEscape } from '../../server/text.ts';
import type { ListSignupsQuery, SignupSource, SignupStatus } from './events.contract.ts';

export interface SignupDbView {
  id: number;
  event_id: number;
  person_id: number;
  name: string;
  id_masked: string;
  org_id: number;
  org_name: string;
  org_path: string;
  quota_org_id: number | null;
  status: SignupStatus;
  source: SignupSource;
  worker_id: number | null;
  offered_until: Date | string | null;
  cancelled_at: Date | string | null;
  cancel_reason: string | null;
  attended_at: Date | string | null;
  rating: number | null;
  feedback: string | null;
  certificate_no: string | null;
  created_at: Date | string;
  /** 1 = next in line; null unless waiting. */
  position: number | null;
}

const signupSelect = sql`
  select s.id::int as id, s.event_id, s.person_id::int as person_id, p.name, p.id_masked, s.org_id, o.name as org_name, s.org_path, s.quota_org_id,
         s.status, s.source, s.worker_id, s.offered_until, s.cancelled_at, s.cancel_reason, s.attended_at, s.rating, s.feedback, s.certificate_no, s.created_at,
         case when s.status = 'waiting' then (select count(*)::int from event_signups w where w.event_id = s.event_id and w.status = 'waiting' and w.queue_no <= s.queue_no) end as position
    from event_signups s join persons p on p.id = s.person_id join orgs o on o.id = s.org_id`;

function listWhere(eventId: number, scope: Scope, q: ListSignupsQuery): SQL {
  const parts: SQL[] = [sql`s.event_id = ${eventId}`, sql`s.org_path like ${scopePattern(scope)}`];
  if (q.status === 'live') parts.push(sql`s.status in ('confirmed', 'waiting', 'offered')`);
  else if (q.status) parts.push(sql`s.status = ${q.status}`);
  if (q.q) parts.push(sql`p.name like ${`%${likeEscape(q.q)}%`}`);
  return sql.join(parts, sql` and `);
}

/** The event's sign-ups of people whose union (as it was at sign-up, following moves) lies in the scope. */
export async function listSignups(db: DbOrTx, eventId: number, scope: Scope, q: ListSignupsQuery) {
  return queryRows<SignupDbView>(
    db,
    sql`${signupSelect} where ${listWhere(eventId, scope, q)}
        order by case s.status when 'confirmed' then 0 when 'offered' then 1 when 'waiting' then 2 else 3 end, s.queue_no, s.id
        limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
}

export async function countSignups(db: DbOrTx, eventId: number, scope: Scope, q: ListSignupsQuery) {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from event_signups s join persons p on p.id = s.person_id where ${listWhere(eventId, scope, q)}`,
  );
  return row!.n;
}

/** Counts by status, attendance and ratings of the event's sign-ups in the scope. */
export async function signupFigures(db: DbOrTx, eventId: number, scope: Scope) {
  const [row] = await queryRows<Record<SignupStatus, number> & { attended: number; ratings: number; average: number | string | null }>(
    db,
    sql`select count(*) filter (where status = 'confirmed')::int as confirmed, count(*) filter (where status = 'waiting')::int as waiting,
               count(*) filter (where status = 'offered')::int as offered, count(*) filter (where status = 'cancelled')::int as cancelled,
               count(*) filter (where status = 'declined')::int as declined, count(*) filter (where status = 'expired')::int as expired,
               count(attended_at)::int as attended, count(rating)::int as ratings, round(avg(rating), 2)::float8 as average
          from event_signups where event_id = ${eventId} and org_path like ${scopePattern(scope)}`,
  );
  return row!;
}

export async function signupIn(db: DbOrTx, eventId: number, scope: Scope, id: number) {
  const [row] = await queryRows<SignupDbView>(
    db,
    sql`${signupSelect} where s.id = ${id} and s.event_id = ${eventId} and s.org_path like ${scopePattern(scope)}`,
  );
  return row;
}

export async function signupById(db: DbOrTx, id: number) {
  const [row] = await queryRows<SignupDbView>(db, sql`${signupSelect} where s.id = ${id}`);
  return row;
}

/** Locks one sign-up row for a change of its status. */
export async function lockSignup(db: DbOrTx, id: number) {
  const [row] = await queryRows<{ id: number; status: SignupStatus; event_id: number }>(
    db,
    sql`select id::int as id, status, event_id from event_signups where id = ${id} for update`,
  );
  return row;
}

/** The person's sign-up of the event that holds or waits for a place. */
export async function liveSignupOf(db: DbOrTx, eventId: number, personId: number) {
  const [row] = await queryRows<{ id: number; status: SignupStatus }>(
    db,
    sql`select id::int as id, status from event_signups where event_id = ${eventId} and person_id = ${personId} and status in ('confirmed', 'waiting', 'offered')`,
  );
  return row;
}

/**
 * Takes one place with conditional updates: the quota row's (where the event has rows) and the
 * event's. Concurrent sign-ups queue on the rows' locks and each re-reads the row it updates, so
 * the last place goes to exactly one of them; the check constraints stand behind it.
 */
export async function takePlace(db: DbOrTx, eventId: number, quotaOrgId: number | null): Promise<boolean> {
  if (quotaOrgId !== null) {
    const q = await queryRows<{ org_id: number }>(
      db,
      sql`update event_quotas set taken = taken + 1 where event_id = ${eventId} and org_id = ${quotaOrgId} and taken + child_places < places returning org_id`,
    );
    if (!q.length) return false;
  }
  const e = await queryRows<{ id: number }>(
    db,
    sql`update events set taken = taken + 1 where id = ${eventId} and (capacity is null or taken < capacity) returning id`,
  );
  if (e.length) return true;
  // The rows hold no more than the capacity, so this only happens while the capacity is being lowered: give the row's place back.
  if (quotaOrgId !== null) await db.execute(sql`update event_quotas set taken = taken - 1 where event_id = ${eventId} and org_id = ${quotaOrgId}`);
  return false;
}

/**
 * The next number in the event's waiting line. Taken under the event row's lock, held to commit,
 * so the numbers follow the order sign-ups commit in: whoever joins after me sees me in line.
 */
export async function joinLine(db: DbOrTx, eventId: number): Promise<number> {
  const [row] = await queryRows<{ queued: number }>(db, sql`update events set queued = queued + 1 where id = ${eventId} returning queued`);
  return row!.queued;
}

/** Gives a place back to the event and its quota row. */
export async function releasePlace(db: DbOrTx, eventId: number, quotaOrgId: number | null) {
  await db.execute(sql`update events set taken = taken - 1 where id = ${eventId}`);
  if (quotaOrgId !== null) await db.execute(sql`update event_quotas set taken = taken - 1 where event_id = ${eventId} and org_id = ${quotaOrgId}`);
}

export async function insertSignup(
  db: DbOrTx,
  v: {
    eventId: number;
    personId: number;
    orgId: number;
    orgPath: string;
    quotaOrgId: number | null;
    status: 'confirmed' | 'waiting';
    /** The waiting line's number (joinLine), for a sign-up that waits. */
    queueNo: number | null;
    source: SignupSource;
    createdBy: number | null;
    workerId: number | null;
  },
) {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into event_signups (event_id, person_id, org_id, org_path, quota_org_id, status, queue_no, source, created_by, worker_id)
        values (${v.eventId}, ${v.personId}, ${v.orgId}, ${v.orgPath}, ${v.quotaOrgId}, ${v.status}, ${v.queueNo}, ${v.source}, ${v.createdBy}, ${v.workerId})
        returning id::int as id`,
  );
  return row!.id;
}

/** The first people waiting (by their number in line), locked, to offer a freed place to. */
export async function waitingInLine(db: DbOrTx, eventId: number, limit: number) {
  return queryRows<{ id: number; person_id: number; org_path: string }>(
    db,
    sql`select id::int as id, person_id::int as person_id, org_path from event_signups
         where event_id = ${eventId} and status = 'waiting' order by queue_no limit ${limit} for update`,
  );
}

/** Who still holds or waits for a place (confirmed, waiting, offered): those a cancellation must tell. */
export async function liveSignups(db: DbOrTx, eventId: number) {
  return queryRows<{ id: number; person_id: number; status: SignupStatus }>(
    db,
    sql`select id::int as id, person_id::int as person_id, status from event_signups
         where event_id = ${eventId} and status in ('confirmed', 'waiting', 'offered') order by id`,
  );
}

export async function markOffered(db: DbOrTx, id: number, quotaOrgId: number | null, offerHours: number) {
  const [row] = await queryRows<{ offered_until: Date | string }>(
    db,
    sql`update event_signups set status = 'offered', quota_org_id = ${quotaOrgId}, offered_until = now() + make_interval(hours => ${offerHours}), updated_at = now()
         where id = ${id} returning offered_until`,
  );
  return row!.offered_until;
}

export async function setSignupStatus(db: DbOrTx, id: number, status: 'confirmed' | 'cancelled' | 'declined' | 'expired', reason: string | null = null) {
  await db.execute(
    sql`update event_signups set status = ${status}, updated_at = now(),
          offered_until = case when ${status} = 'confirmed' then null else offered_until end,
          quota_org_id = case when ${status} = 'confirmed' then quota_org_id else null end,
          cancelled_at = case when ${status} = 'cancelled' then now() else null end,
          cancel_reason = case when ${status} = 'cancelled' then ${reason} else cancel_reason end
        where id = ${id}`,
  );
}

export async function setAttended(db: DbOrTx, id: number, attended: boolean) {
  await db.execute(sql`update event_signups set attended_at = ${attended ? sql`now()` : sql`null`}, updated_at = now() where id = ${id}`);
}

export async function setRating(db: DbOrTx, id: number, rating: number, feedback: string | null) {
  await db.execute(sql`update event_signups set rating = ${rating}, feedback = ${feedback}, rated_at = now(), updated_at = now() where id = ${id}`);
}

/** Gives the sign-up its certificate number once; answers the number it holds. */
export async function giveCertificateNo(db: DbOrTx, id: number, no: string) {
  const [row] = await queryRows<{ certificate_no: string; given: boolean }>(
    db,
    sql`update event_signups set certificate_no = coalesce(certificate_no, ${no}) where id = ${id}
        returning certificate_no, certificate_no = ${no} as given`,
  );
  return row!;
}

/** Offers whose time ran out, one claimed at a time (others' claims skipped), locked for the caller's transaction. */
export async function claimExpiredOffer(db: DbOrTx) {
  const [row] = await queryRows<{ id: number; event_id: number }>(
    db,
    sql`select id::int as id, event_id from event_signups where status = 'offered' and offered_until <= now()
         order by offered_until, id limit 1 for update skip locked`,
  );
  return row;
}

// ---- The worker's own -----------------------------------------------------------------------------

export interface MySignupRow extends SignupDbView {
  event_title: string;
  kind: string;
  event_status: string;
  event_org_name: string;
  starts_at: Date | string | null;
  waiting_total: number;
}

const mySelect = sql`
  select x.*, e.title as event_title, e.kind, e.status as event_status, eo.name as event_org_name,
         (select min(ss.starts_at) from event_sessions ss where ss.event_id = e.id) as starts_at,
         (select count(*)::int from event_signups w where w.event_id = e.id and w.status = 'waiting') as waiting_total
    from (${signupSelect}) x join events e on e.id = x.event_id join orgs eo on eo.id = e.org_id`;

/** The person's sign-ups, newest first. */
export async function signupsOfPerson(db: DbOrTx, personId: number) {
  return queryRows<MySignupRow>(db, sql`${mySelect} where x.person_id = ${personId} order by x.id desc limit 200`);
}

/** The person's freed places waiting for an answer, and sign-ups (confirmed or waiting) of events not yet over (the home tile). */
export async function countLiveOfPerson(db: DbOrTx, personId: number): Promise<{ offered: number; live: number }> {
  const [row] = await queryRows<{ offered: number; live: number }>(
    db,
    sql`select count(*) filter (where s.status = 'offered')::int as offered,
               count(*) filter (where s.status in ('confirmed', 'waiting') and e.status not in ('finished', 'cancelled'))::int as live
          from event_signups s join events e on e.id = s.event_id
         where s.person_id = ${personId} and s.status in ('offered', 'confirmed', 'waiting')`,
  );
  return { offered: row?.offered ?? 0, live: row?.live ?? 0 };
}

/** One of the person's sign-ups (another person's is not found). */
export async function signupOfPerson(db: DbOrTx, personId: number, id: number) {
  const [row] = await queryRows<MySignupRow>(db, sql`${mySelect} where x.id = ${id} and x.person_id = ${personId}`);
  return row;
}

/** The person's latest sign-up of an event. */
export async function latestSignupOf(db: DbOrTx, personId: number, eventId: number) {
  const [row] = await queryRows<MySignupRow>(db, sql`${mySelect} where x.event_id = ${eventId} and x.person_id = ${personId} order by x.id desc limit 1`);
  return row;
}
