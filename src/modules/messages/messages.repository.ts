import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { smsOutbox, workerMessages } from './messages.schema.ts';

/** The messages a worker may read: addressed to the person their phone is bound to, or to their account. */
export interface Recipient {
  workerId: number;
  personId: number | null;
}

function mine(r: Recipient): SQL {
  return r.personId === null ? sql`m.worker_id = ${r.workerId}` : sql`(m.person_id = ${r.personId} or m.worker_id = ${r.workerId})`;
}

export interface MessageRow {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: Date | string;
  read_at: Date | string | null;
  sms_status: string | null;
  total: number;
}

export async function listMessages(db: DbOrTx, r: Recipient, opts: { unreadOnly: boolean; limit: number; offset: number }) {
  return queryRows<MessageRow>(
    db,
    sql`select m.id, m.kind, m.title, m.body, m.link, m.created_at, m.read_at, o.status as sms_status, count(*) over ()::int as total
        from worker_messages m left join sms_outbox o on o.message_id = m.id
        where ${mine(r)} ${opts.unreadOnly ? sql`and m.read_at is null` : sql``}
        order by m.created_at desc, m.id desc limit ${opts.limit} offset ${opts.offset}`,
  );
}

export async function countAll(db: DbOrTx, r: Recipient): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from worker_messages m where ${mine(r)}`);
  return row?.n ?? 0;
}

export async function countUnread(db: DbOrTx, r: Recipient): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from worker_messages m where ${mine(r)} and m.read_at is null`);
  return row?.n ?? 0;
}

/** Marks one of the worker's messages read; false when it is not theirs (or does not exist). */
export async function markRead(db: DbOrTx, r: Recipient, id: number): Promise<boolean> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`update worker_messages m set read_at = coalesce(m.read_at, now()) where m.id = ${id} and ${mine(r)} returning m.id`,
  );
  return rows.length > 0;
}

export async function markAllRead(db: DbOrTx, r: Recipient): Promise<number> {
  const rows = await queryRows<{ id: number }>(db, sql`update worker_messages m set read_at = now() where ${mine(r)} and m.read_at is null returning m.id`);
  return rows.length;
}

// ---- The text-message outbox -----------------------------------------------------------------

export interface ClaimedText {
  id: number;
  message_id: number;
  /** The claim's fencing token: the attempt number this claim made. A stale sender's result no longer matches it. */
  attempts: number;
}

/**
 * Claims up to `limit` due text messages for this sender: pending ones whose time has come, and ones
 * another sender claimed but did not finish within its lease (it died between claim and result).
 * One statement: the rows are locked (SKIP LOCKED: another sender takes other rows, never waits for
 * these) and marked `sending` with a new lease, so no other sender can claim them until the lease ends.
 */
export async function claimDue(db: DbOrTx, opts: { limit: number; leaseMs: number; maxAttempts: number }): Promise<ClaimedText[]> {
  return queryRows<ClaimedText>(
    db,
    sql`update sms_outbox o set status = 'sending', attempts = o.attempts + 1,
          next_attempt_at = now() + make_interval(secs => ${opts.leaseMs / 1000})
        where o.id in (
          select id from sms_outbox
          where status in ('pending', 'sending') and next_attempt_at <= now() and attempts < ${opts.maxAttempts}
          order by next_attempt_at, id limit ${opts.limit}
          for update skip locked)
        returning o.id, o.message_id, o.attempts`,
  );
}

/** Claims whose lease ran out on their last allowed attempt: given up as failed (the sender died each time). */
export async function failAbandoned(db: DbOrTx, maxAttempts: number): Promise<number> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`update sms_outbox set status = 'failed', last_error = coalesce(last_error, '发送中断次数过多')
        where status = 'sending' and next_attempt_at <= now() and attempts >= ${maxAttempts} returning id`,
  );
  return rows.length;
}

export interface TextToSend {
  title: string;
  phone_enc: string | null;
  /** The person withdrew their consent to text messages other than sign-in codes. */
  withdrawn: boolean;
}

/**
 * What to send for a message: its title, and the phone — the one the worker signs in with (verified
 * by a code) when the person has a portal account, else the registry's — and whether the person
 * withdrew their consent to text notices.
 */
export async function findTextToSend(db: DbOrTx, messageId: number): Promise<TextToSend | undefined> {
  const [row] = await queryRows<TextToSend>(
    db,
    sql`select m.title, coalesce(wa.phone_enc, p.phone_enc) as phone_enc,
          exists (select 1 from person_consents c
                  where c.person_id = coalesce(m.person_id, wa.person_id) and c.purpose = 'sms_notices' and not c.granted) as withdrawn
        from worker_messages m
        left join worker_accounts wa on wa.id = m.worker_id or (m.person_id is not null and wa.person_id = m.person_id)
        left join persons p on p.id = coalesce(m.person_id, wa.person_id)
        where m.id = ${messageId}
        limit 1`,
  );
  return row;
}

type Outcome =
  { status: 'sent'; providerId: string | null } | { status: 'pending'; error: string; retryInMs: number } | { status: 'failed' | 'skipped'; error: string };

/** Records how a claimed message went, only while the claim is still this sender's (same attempt, still sending). */
export async function finish(db: DbOrTx, claim: ClaimedText, outcome: Outcome): Promise<boolean> {
  const set =
    outcome.status === 'sent'
      ? sql`status = 'sent', sent_at = now(), provider_id = ${outcome.providerId}, last_error = null`
      : outcome.status === 'pending'
        ? sql`status = 'pending', last_error = ${outcome.error}, next_attempt_at = now() + make_interval(secs => ${outcome.retryInMs / 1000})`
        : sql`status = ${outcome.status}, last_error = ${outcome.error}`;
  const rows = await queryRows<{ id: number }>(
    db,
    sql`update sms_outbox set ${set} where id = ${claim.id} and status = 'sending' and attempts = ${claim.attempts} returning id`,
  );
  return rows.length > 0;
}

/** A message for the portal inbox; null when one with the same dedupe key exists. */
export async function insertMessage(tx: DbOrTx, row: typeof workerMessages.$inferInsert): Promise<number | null> {
  const [inserted] = await tx.insert(workerMessages).values(row).onConflictDoNothing().returning({ id: workerMessages.id });
  return inserted?.id ?? null;
}

export async function insertOutboxRow(tx: DbOrTx, messageId: number) {
  await tx.insert(smsOutbox).values({ messageId });
}

export async function countMessages(db: DbOrTx, kind: string, to: { personId: number } | { workerId: number }): Promise<number> {
  const where = 'personId' in to ? sql`person_id = ${to.personId}` : sql`worker_id = ${to.workerId}`;
  const [r] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from worker_messages where kind = ${kind} and ${where}`);
  return r?.n ?? 0;
}
