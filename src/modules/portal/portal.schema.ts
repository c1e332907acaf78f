import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { codeText, persons } from '../people/people.schema.ts';

/**
 * A worker who signs in to the portal with their phone. The phone is kept as the registry keeps it
 * (encrypted, found by its blind index, shown masked). `person_id` binds the phone to one registry
 * person — at most one phone per person and one person per phone; null while the worker is not in
 * the registry (they may still apply to join). `wechat_openid` lets a WeChat visit sign in silently
 * once the worker has signed in by phone there.
 */
export const workerAccounts = pgTable(
  'worker_accounts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    phoneBidx: codeText('phone_bidx').notNull(),
    phoneEnc: text('phone_enc').notNull(),
    phoneMasked: text('phone_masked').notNull(),
    personId: integer('person_id').references(() => persons.id),
    boundAt: timestamp('bound_at', { withTimezone: true }),
    wechatOpenid: text('wechat_openid'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('worker_accounts_phone_key').on(t.phoneBidx),
    uniqueIndex('worker_accounts_person_key').on(t.personId),
    uniqueIndex('worker_accounts_openid_key').on(t.wechatOpenid),
    check('worker_accounts_bound_check', sql`(${t.personId} is null) = (${t.boundAt} is null)`),
  ],
);

/** Worker sessions, apart from staff sessions: the cookie token's SHA-256, never the token. */
export const workerSessions = pgTable(
  'worker_sessions',
  {
    id: text('id').primaryKey(),
    workerId: integer('worker_id')
      .notNull()
      .references(() => workerAccounts.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('worker_sessions_worker_idx').on(t.workerId), index('worker_sessions_expires_idx').on(t.expiresAt)],
);

/**
 * One-time sign-in codes sent by text message. Only a keyed hash of the code is kept (with the
 * phone's blind index in it, so a copied row proves nothing about another phone); every send is a
 * row, so the send limits per phone, per network address and overall count rows. A code allows 5
 * tries: the database refuses a sixth.
 */
export const signInCodes = pgTable(
  'sign_in_codes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    phoneBidx: codeText('phone_bidx').notNull(),
    codeHash: text('code_hash').notNull(),
    ip: text('ip'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    tries: integer('tries').notNull().default(0),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [
    index('sign_in_codes_phone_idx').on(t.phoneBidx, t.createdAt),
    index('sign_in_codes_ip_idx').on(t.ip, t.createdAt),
    index('sign_in_codes_created_idx').on(t.createdAt),
    check('sign_in_codes_tries_check', sql`${t.tries} between 0 and 5`),
    check('sign_in_codes_expiry_check', sql`${t.expiresAt} > ${t.createdAt}`),
  ],
);

/** Each check of a name and ID number by a worker linking their phone to a registry record (limited per day). */
export const identityChecks = pgTable(
  'worker_identity_checks',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    workerId: integer('worker_id')
      .notNull()
      .references(() => workerAccounts.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    ok: boolean('ok').notNull(),
  },
  (t) => [index('worker_identity_checks_worker_idx').on(t.workerId, t.at)],
);
