import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../server/db.ts';
import { orgInScope, type Scope } from '../../server/scope.ts';
import { likeEscape } from '../../server/text.ts';
import { orgs } from '../orgs/orgs.schema.ts';
import { accounts, loginAddresses, loginThrottle, sessions } from './auth.schema.ts';
import type { ListAccountsQuery, Role } from './auth.contract.ts';

export type AccountRow = typeof accounts.$inferSelect;

// ---- sessions --------------------------------------------------------------------------------

export async function insertSession(db: DbOrTx, s: typeof sessions.$inferInsert) {
  await db.insert(sessions).values(s);
}

/**
 * The session with its account and the account's org as they are now: scope is read fresh on
 * every request. Expired, idle, disabled-account and inactive-org sessions are not found.
 */
function liveSessionQuery(db: DbOrTx) {
  return db
    .select({
      sessionId: sessions.id,
      csrfToken: sessions.csrfToken,
      lastSeenAt: sessions.lastSeenAt,
      accountId: accounts.id,
      username: accounts.username,
      displayName: accounts.displayName,
      roles: accounts.roles,
      mustChangePassword: accounts.mustChangePassword,
      orgId: orgs.id,
      orgPath: orgs.path,
      orgName: orgs.name,
      orgType: orgs.type,
    })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .innerJoin(orgs, eq(orgs.id, accounts.orgId))
    .where(
      and(
        eq(sessions.id, sql.placeholder('id')),
        sql`${sessions.expiresAt} > now()`,
        sql`${sessions.lastSeenAt} > now() - make_interval(mins => ${sql.placeholder('idle')}::int)`,
        eq(accounts.status, 'active'),
        eq(orgs.status, 'active'),
      ),
    )
    .prepare('find_live_session');
}
/** Every request reads its session: the statement is built and planned once per database. */
const liveSession = new WeakMap<object, ReturnType<typeof liveSessionQuery>>();

export async function findLiveSession(db: DbOrTx, id: string, idleMinutes: number) {
  let query = liveSession.get(db);
  if (!query) liveSession.set(db, (query = liveSessionQuery(db)));
  const [row] = await query.execute({ id, idle: idleMinutes });
  return row ? { ...row, roles: row.roles as Role[] } : undefined;
}

export async function touchSession(db: DbOrTx, id: string) {
  await db
    .update(sessions)
    .set({ lastSeenAt: sql`now()` })
    .where(eq(sessions.id, id));
}

export async function deleteSession(db: DbOrTx, id: string) {
  await db.delete(sessions).where(eq(sessions.id, id));
}

export async function deleteSessionsOf(db: DbOrTx, accountId: number, exceptId?: string) {
  const rows = await db
    .delete(sessions)
    .where(and(eq(sessions.accountId, accountId), exceptId ? sql`${sessions.id} <> ${exceptId}` : undefined))
    .returning({ id: sessions.id });
  return rows.length;
}

/** Housekeeping after a login: expired sessions. */
export async function deleteExpiredSessions(db: DbOrTx) {
  await db.delete(sessions).where(sql`${sessions.expiresAt} < now()`);
}

// ---- login throttle --------------------------------------------------------------------------

/** Growing delays: failures from the `after`-th on wait `firstMinutes`, doubling, up to `capMinutes`. */
export interface DelayPolicy {
  after: number;
  firstMinutes: number;
  capMinutes: number;
  /** A counter starts again from nothing this long after its last failure. */
  forgetHours: number;
}

/** Seconds until the latest block among `keys` ends (database time), 0 when none holds. */
export async function secondsBlocked(db: DbOrTx, keys: string[]): Promise<number> {
  const [row] = await db
    .select({ seconds: sql<number>`coalesce(max(ceil(extract(epoch from ${loginThrottle.blockedUntil} - now()))), 0)::int` })
    .from(loginThrottle)
    .where(and(inArray(loginThrottle.key, keys), sql`${loginThrottle.blockedUntil} > now()`));
  return row!.seconds;
}

/**
 * Counts one failure for `key` and sets its delay. One statement, so concurrent attempts from
 * several processes count exactly. Returns the failures counted and the seconds now to wait.
 */
export async function countFailure(db: DbOrTx, key: string, p: DelayPolicy) {
  const stale = sql`${loginThrottle.lastFailedAt} < now() - make_interval(hours => ${p.forgetHours}::int)`;
  const failures = sql`case when ${stale} then 1 else ${loginThrottle.failures} + 1 end`;
  const delay = (n: SQL | number) =>
    sql`case when ${n} >= ${p.after}::int then now() + make_interval(secs => least(${p.capMinutes * 60}::float8, ${p.firstMinutes * 60}::float8 * power(2, least(${n} - ${p.after}::int, 30)))) end`;
  const [row] = await db
    .insert(loginThrottle)
    .values({ key, failures: 1, windowStartedAt: sql`now()`, lastFailedAt: sql`now()`, blockedUntil: delay(sql`1`) })
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: {
        failures,
        windowStartedAt: sql`case when ${stale} then now() else ${loginThrottle.windowStartedAt} end`,
        lastFailedAt: sql`now()`,
        blockedUntil: delay(failures),
      },
    })
    .returning({
      failures: loginThrottle.failures,
      seconds: sql<number>`coalesce(ceil(extract(epoch from ${loginThrottle.blockedUntil} - now())), 0)::int`,
    });
  return row!;
}

export async function clearThrottle(db: DbOrTx, key: string) {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, key));
}

/** Every counter of one account name: over all addresses and from each address. */
export async function clearThrottleOfName(db: DbOrTx, accountKey: string, pairPrefix: string) {
  await db.delete(loginThrottle).where(or(eq(loginThrottle.key, accountKey), sql`${loginThrottle.key} like ${`${likeEscape(pairPrefix)}%`}`));
}

/** Whether the account signed in from `address` within the last `days` days. */
export async function isKnownAddress(db: DbOrTx, accountId: number, address: string, days: number) {
  const [row] = await db
    .select({ accountId: loginAddresses.accountId })
    .from(loginAddresses)
    .where(
      and(
        eq(loginAddresses.accountId, accountId),
        eq(loginAddresses.address, address),
        sql`${loginAddresses.lastLoginAt} > now() - make_interval(days => ${days}::int)`,
      ),
    );
  return row !== undefined;
}

export async function rememberAddress(db: DbOrTx, accountId: number, address: string) {
  await db
    .insert(loginAddresses)
    .values({ accountId, address })
    .onConflictDoUpdate({ target: [loginAddresses.accountId, loginAddresses.address], set: { lastLoginAt: sql`now()` } });
}

/** Counters idle for `forgetHours` and not blocking, and addresses unused for `knownDays`. */
export async function pruneLoginRecords(db: DbOrTx, { forgetHours, knownDays }: { forgetHours: number; knownDays: number }) {
  const counters = await db
    .delete(loginThrottle)
    .where(
      and(
        sql`${loginThrottle.lastFailedAt} < now() - make_interval(hours => ${forgetHours}::int)`,
        sql`coalesce(${loginThrottle.blockedUntil}, '-infinity') < now()`,
      ),
    )
    .returning({ key: loginThrottle.key });
  const addresses = await db
    .delete(loginAddresses)
    .where(sql`${loginAddresses.lastLoginAt} < now() - make_interval(days => ${knownDays}::int)`)
    .returning({ accountId: loginAddresses.accountId });
  return { counters: counters.length, addresses: addresses.length };
}

// ---- accounts --------------------------------------------------------------------------------

export async function findAccountByUsername(db: DbOrTx, username: string) {
  const [row] = await db
    .select({ account: accounts, orgStatus: orgs.status })
    .from(accounts)
    .innerJoin(orgs, eq(orgs.id, accounts.orgId))
    .where(sql`lower(${accounts.username}) = ${username.toLowerCase()}`);
  return row;
}

export async function findAccountById(db: DbOrTx, id: number) {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  return row;
}

const viewColumns = {
  id: accounts.id,
  username: accounts.username,
  displayName: accounts.displayName,
  orgId: accounts.orgId,
  orgName: orgs.name,
  roles: accounts.roles,
  status: accounts.status,
  mustChangePassword: accounts.mustChangePassword,
  lockedUntil: loginThrottle.blockedUntil,
  lastLoginAt: accounts.lastLoginAt,
  createdAt: accounts.createdAt,
};

function viewQuery(db: DbOrTx) {
  return db
    .select(viewColumns)
    .from(accounts)
    .innerJoin(orgs, eq(orgs.id, accounts.orgId))
    .leftJoin(loginThrottle, and(sql`${loginThrottle.key} = 'user:' || lower(${accounts.username})`, sql`${loginThrottle.blockedUntil} > now()`));
}
export type AccountViewRow = Awaited<ReturnType<ReturnType<typeof viewQuery>['execute']>>[number];

export async function findAccountInScope(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await viewQuery(db).where(and(eq(accounts.id, id), orgInScope(scope, accounts.orgId)));
  return row;
}

function accountFilters(scope: Scope, q: Partial<ListAccountsQuery>, within?: Scope): SQL | undefined {
  const conds: (SQL | undefined)[] = [orgInScope(scope, accounts.orgId)];
  if (within) conds.push(orgInScope(within, accounts.orgId));
  if (q.role) conds.push(sql`${q.role} = any(${accounts.roles})`);
  if (q.status) conds.push(eq(accounts.status, q.status));
  if (q.q) {
    const like = `%${likeEscape(q.q)}%`;
    conds.push(sql`(${accounts.username} ilike ${like} or ${accounts.displayName} ilike ${like})`);
  }
  return and(...conds);
}

const sortColumns = { username: accounts.username, createdAt: accounts.createdAt, lastLoginAt: accounts.lastLoginAt };

/** `within` narrows the list to an org's subtree inside the scope. */
export async function findAccounts(db: DbOrTx, scope: Scope, q: ListAccountsQuery, within?: Scope) {
  const where = accountFilters(scope, q, within);
  const order = q.order === 'desc' ? desc(sortColumns[q.sort]) : asc(sortColumns[q.sort]);
  const [items, [count]] = await Promise.all([
    viewQuery(db)
      .where(where)
      .orderBy(order, asc(accounts.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(accounts)
      .innerJoin(orgs, eq(orgs.id, accounts.orgId))
      .where(where),
  ]);
  return { items, total: count!.n };
}

export async function findAllAccounts(db: DbOrTx, scope: Scope, q: Partial<ListAccountsQuery>, within: Scope | undefined, limit: number) {
  return viewQuery(db)
    .where(accountFilters(scope, q, within))
    .orderBy(asc(accounts.username))
    .limit(limit);
}

export async function countAccountsByRole(db: DbOrTx, scope: Scope) {
  const rows = await db
    .select({ role: sql<Role>`r.role`, count: sql<number>`count(*)::int` })
    .from(sql`${accounts} cross join lateral unnest(${accounts.roles}) as r(role)`)
    .where(orgInScope(scope, accounts.orgId))
    .groupBy(sql`r.role`);
  const [totals] = await db
    .select({ total: sql<number>`count(*)::int`, active: sql<number>`(count(*) filter (where ${accounts.status} = 'active'))::int` })
    .from(accounts)
    .where(orgInScope(scope, accounts.orgId));
  return { ...totals!, byRole: rows };
}

export async function insertAccount(db: DbOrTx, values: typeof accounts.$inferInsert) {
  const [row] = await db.insert(accounts).values(values).returning();
  return row!;
}

export async function updateAccount(db: DbOrTx, id: number, values: Partial<typeof accounts.$inferInsert>) {
  const [row] = await db
    .update(accounts)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(accounts.id, id))
    .returning();
  return row!;
}

export async function countAccounts(db: DbOrTx) {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(accounts);
  return row!.n;
}
