import type { DbOrTx } from '../../server/db.ts';
import { NotFound } from '../../server/errors.ts';
import type { WorkerActor } from '../../server/worker.ts';
import * as repo from './messages.repository.ts';
import type { MessagesPage, SmsState } from './messages.contract.ts';

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
  const id = await repo.insertMessage(tx, {
    personId: 'personId' in n.to ? n.to.personId : null,
    workerId: 'workerId' in n.to ? n.to.workerId : null,
    kind: n.kind,
    title: n.title,
    body: n.body,
    link: n.link ?? null,
    bySms: !!n.sms,
    dedupeKey: n.dedupeKey ?? null,
  });
  if (id === null) return null;
  if (n.sms) await repo.insertOutboxRow(tx, id);
  return id;
}

/** How many notices of a kind a person or worker has (tests and the pick-up reminder use it). */
export function countNotices(db: DbOrTx, kind: string, to: Notice['to']): Promise<number> {
  return repo.countMessages(db, kind, to);
}

// ---- The worker's inbox (消息) ---------------------------------------------------------------

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();

/** The signed-in worker's messages, newest first: those to the person their phone is bound to and those to their account. */
export async function listWorkerMessages(db: DbOrTx, worker: WorkerActor, q: { page: number; pageSize: number; unread?: '1' | '0' }): Promise<MessagesPage> {
  const who = { workerId: worker.workerId, personId: worker.personId };
  const rows = await repo.listMessages(db, who, { unreadOnly: q.unread === '1', limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      link: r.link,
      createdAt: iso(r.created_at),
      read: r.read_at !== null,
      sms: r.sms_status === null ? 'none' : r.sms_status === 'sending' ? 'pending' : (r.sms_status as SmsState),
    })),
    total: rows[0]?.total ?? (q.page > 1 ? await repo.countAll(db, who) : 0),
    page: q.page,
    pageSize: q.pageSize,
    unread: await repo.countUnread(db, who),
  };
}

export async function countUnreadMessages(db: DbOrTx, worker: WorkerActor): Promise<number> {
  return repo.countUnread(db, { workerId: worker.workerId, personId: worker.personId });
}

/**
 * Marks one of the worker's messages read (404 for anyone else's). Not an audit entry: it is the
 * inbox's own display state, like a session's last visit, and says nothing about the worker's record.
 */
export async function readWorkerMessage(db: DbOrTx, worker: WorkerActor, id: number): Promise<void> {
  if (!(await repo.markRead(db, { workerId: worker.workerId, personId: worker.personId }, id))) throw new NotFound('消息');
}

export async function readAllWorkerMessages(db: DbOrTx, worker: WorkerActor): Promise<number> {
  return repo.markAllRead(db, { workerId: worker.workerId, personId: worker.personId });
}
