import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { persons } from '../people/people.schema.ts';
import { workerAccounts } from '../portal/portal.schema.ts';

/**
 * 消息: what the union tells a worker (an application's status changed, a hand-out is waiting),
 * for the portal's inbox. Addressed to a registry person (shown to the worker whose phone is bound
 * to them, whenever they sign in) or, before the worker is in the registry, to the worker account
 * (a join application).
 */
export const workerMessages = pgTable(
  'worker_messages',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    personId: integer('person_id').references(() => persons.id),
    workerId: integer('worker_id').references(() => workerAccounts.id, { onDelete: 'cascade' }),
    /** What it is about: `membership.approved`, `hardship.refused`, `campaigns.pickup` … */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** The portal page it opens (`/benefits`), or null. */
    link: text('link'),
    /** Also sent by text message (through the outbox below). */
    bySms: boolean('by_sms').notNull().default(false),
    /** A key that makes the same notice once only (`campaigns.pickup:12:345`): a re-run adds nothing. */
    dedupeKey: text('dedupe_key').unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    index('worker_messages_person_idx').on(t.personId, t.createdAt),
    index('worker_messages_worker_idx').on(t.workerId, t.createdAt),
    check('worker_messages_to_check', sql`(${t.personId} is null) <> (${t.workerId} is null)`),
  ],
);

/**
 * The transactional outbox of text messages: written in the same transaction as the change it
 * reports, sent afterwards by a background run (outbox.service.ts) that claims rows with SKIP LOCKED.
 * While a row is `sending`, `next_attempt_at` is the end of its claim's lease. `skipped` is a
 * message the worker withdrew their consent to text messages for (it stays in the inbox).
 */
export const smsOutbox = pgTable(
  'sms_outbox',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    messageId: integer('message_id')
      .notNull()
      .unique()
      .references(() => workerMessages.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['pending', 'sending', 'sent', 'failed', 'skipped'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    providerId: text('provider_id'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('sms_outbox_due_idx').on(t.status, t.nextAttemptAt),
    check('sms_outbox_status_check', sql`${t.status} in ('pending', 'sending', 'sent', 'failed', 'skipped')`),
    check('sms_outbox_sent_check', sql`(${t.status} = 'sent') = (${t.sentAt} is not null)`),
  ],
);
