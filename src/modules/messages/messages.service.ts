import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../server/db.ts';
import { queryRows } from '../../server/db.ts';
import { smsOutbox, workerMessages } from './messages.schema.ts';

export interface Notice {
  /** To a registry person, or (before they are in the registry) to a worker account. */
  to: { personId: number } | { workerId: number };
  kind: string;
  title: string;
  body: string;
  link?: string | null;
  /** Also by text message: for the notices that matter (a decision, a hand-out waiting). */
  sms?: boolean;
  /** The same key makes the notice once only. */
  dedupeKey?: string;
}

/**
 * Tells a worker something, in the same transaction as the change it reports: the portal inbox gets
 * it, and the text-message outbox too when `sms` is set. Returns the message id, or null when a
 * notice with the same `dedupeKey` was already made.
 */
export async function notify(tx: DbOrTx, n: Notice): Promise<number | null> {
  const [row] = await tx
    .insert(workerMessages)
    .values({
      personId: 'personId' in n.to ? n.to.personId : null,
      workerId: 'workerId' in n.to ? n.to.workerId : null,
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: n.link ?? null,
      bySms: !!n.sms,
      dedupeKey: n.dedupeKey ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: workerMessages.id });
  if (!row) return null;
  if (n.sms) await tx.insert(smsOutbox).values({ messageId: row.id });
  return row.id;
}

/** How many notices of a kind a person or worker has (tests and the pick-up reminder use it). */
export async function countNotices(db: DbOrTx, kind: string, to: Notice['to']): Promise<number> {
  const where = 'personId' in to ? sql`person_id = ${to.personId}` : sql`worker_id = ${to.workerId}`;
  const [r] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from worker_messages where kind = ${kind} and ${where}`);
  return r?.n ?? 0;
}
