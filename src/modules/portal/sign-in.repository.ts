import { and, desc, eq, gt, isNull, like, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../server/db.ts';
import { persons } from '../people/people.schema.ts';
import { orgs } from '../orgs/orgs.schema.ts';
import { identityChecks, signInCodes, workerAccounts } from './portal.schema.ts';

/** Serialises the sends to one phone (two requests at once must not both pass the per-minute limit). */
export async function lockPhone(tx: DbOrTx, phoneBidx: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`sign-in:${phoneBidx}`}, 0))`);
}

export type SendWindow = { phoneBidx: string } | { ip: string } | 'all';

/**
 * When the `limit`-th latest send of the window's rows within the last `seconds` was made, or
 * undefined when fewer were: the next send is allowed once it falls out of the window.
 */
export async function limitingSend(tx: DbOrTx, window: SendWindow, seconds: number, limit: number): Promise<Date | undefined> {
  const who = window === 'all' ? sql`true` : 'phoneBidx' in window ? eq(signInCodes.phoneBidx, window.phoneBidx) : eq(signInCodes.ip, window.ip);
  const [row] = await tx
    .select({ createdAt: signInCodes.createdAt })
    .from(signInCodes)
    .where(and(who, gt(signInCodes.createdAt, sql`now() - make_interval(secs => ${seconds})`)))
    .orderBy(desc(signInCodes.createdAt))
    .offset(limit - 1)
    .limit(1);
  return row?.createdAt;
}

export async function insertCode(tx: DbOrTx, row: { phoneBidx: string; codeHash: string; ip: string | null; minutes: number }) {
  const [inserted] = await tx
    .insert(signInCodes)
    .values({
      phoneBidx: row.phoneBidx,
      codeHash: row.codeHash,
      ip: row.ip,
      createdAt: sql`now()`,
      expiresAt: sql`now() + make_interval(mins => ${row.minutes})`,
    })
    .returning({ id: signInCodes.id, createdAt: signInCodes.createdAt });
  return inserted!;
}

/** The phone's latest code (a new code replaces the earlier ones), locked for the check. */
export async function latestCode(tx: DbOrTx, phoneBidx: string) {
  const [row] = await tx
    .select({
      id: signInCodes.id,
      codeHash: signInCodes.codeHash,
      tries: signInCodes.tries,
      usedAt: signInCodes.usedAt,
      expired: sql<boolean>`${signInCodes.expiresAt} <= now()`,
    })
    .from(signInCodes)
    .where(eq(signInCodes.phoneBidx, phoneBidx))
    .orderBy(desc(signInCodes.createdAt), desc(signInCodes.id))
    .limit(1)
    .for('update');
  return row;
}

/** Counts one try of a code; undefined when it has none left (the check constraint keeps it at 5). */
export async function countTry(tx: DbOrTx, id: number, maxTries: number) {
  const [row] = await tx
    .update(signInCodes)
    .set({ tries: sql`${signInCodes.tries} + 1` })
    .where(and(eq(signInCodes.id, id), sql`${signInCodes.tries} < ${maxTries}`, isNull(signInCodes.usedAt)))
    .returning({ tries: signInCodes.tries });
  return row?.tries;
}

export async function markCodeUsed(tx: DbOrTx, id: number) {
  await tx
    .update(signInCodes)
    .set({ usedAt: sql`now()` })
    .where(eq(signInCodes.id, id));
}

/** Codes are evidence for the send limits for a day; older ones go. */
export async function pruneCodes(db: DbOrTx) {
  await db.delete(signInCodes).where(sql`${signInCodes.createdAt} < now() - interval '2 days'`);
  await db.delete(identityChecks).where(sql`${identityChecks.at} < now() - interval '2 days'`);
}

/** The registry persons (in force, not merged away) whose phone has this blind index. */
export async function personsWithPhone(tx: DbOrTx, phoneBidx: string) {
  return tx
    .select({ id: persons.id, orgId: persons.orgId })
    .from(persons)
    .where(and(eq(persons.phoneBidx, phoneBidx), eq(persons.status, 'active')))
    .limit(2);
}

/** The registry person with this ID number (in force), with the worker account their record is bound to, if any. */
export async function personByIdNumber(tx: DbOrTx, idBidx: string, idType: string) {
  const [row] = await tx
    .select({ id: persons.id, name: persons.name, orgId: persons.orgId, orgName: orgs.name, boundWorkerId: workerAccounts.id })
    .from(persons)
    .innerJoin(orgs, eq(orgs.id, persons.orgId))
    .leftJoin(workerAccounts, eq(workerAccounts.personId, persons.id))
    .where(and(eq(persons.idNumberBidx, idBidx), eq(persons.idType, idType), eq(persons.status, 'active')));
  return row;
}

export async function isPersonBound(tx: DbOrTx, personId: number) {
  const [row] = await tx.select({ id: workerAccounts.id }).from(workerAccounts).where(eq(workerAccounts.personId, personId));
  return !!row;
}

/** Locks the worker's account for a change of its binding. */
export async function lockWorker(tx: DbOrTx, workerId: number) {
  const [row] = await tx.select().from(workerAccounts).where(eq(workerAccounts.id, workerId)).for('update');
  return row;
}

export async function failedChecksSince(tx: DbOrTx, workerId: number, hours: number) {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int`, oldest: sql<Date | null>`min(${identityChecks.at})` })
    .from(identityChecks)
    .where(and(eq(identityChecks.workerId, workerId), eq(identityChecks.ok, false), gt(identityChecks.at, sql`now() - make_interval(hours => ${hours})`)));
  return { n: row?.n ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null };
}

export async function recordCheck(tx: DbOrTx, workerId: number, ok: boolean) {
  await tx.insert(identityChecks).values({ workerId, ok });
}

export async function findWorkerByOpenid(tx: DbOrTx, openid: string) {
  const [row] = await tx.select().from(workerAccounts).where(eq(workerAccounts.wechatOpenid, openid));
  return row;
}

/** Binds an openid to a worker that has none yet; false when the worker has one already. */
export async function bindOpenid(tx: DbOrTx, workerId: number, openid: string) {
  const rows = await tx
    .update(workerAccounts)
    .set({ wechatOpenid: openid })
    .where(and(eq(workerAccounts.id, workerId), isNull(workerAccounts.wechatOpenid)))
    .returning({ id: workerAccounts.id });
  return rows.length > 0;
}

/** Demo persons of a subtree whose phone no other person has (the demo's workers). */
export async function personsWithOwnPhone(tx: DbOrTx, orgPath: string, limit: number) {
  return tx
    .select({ id: persons.id, name: persons.name, phoneEnc: persons.phoneEnc, phoneBidx: persons.phoneBidx, orgName: orgs.name })
    .from(persons)
    .innerJoin(orgs, eq(orgs.id, persons.orgId))
    .where(
      and(
        like(orgs.path, `${orgPath}%`),
        eq(persons.status, 'active'),
        sql`${persons.phoneBidx} is not null`,
        sql`not exists (select 1 from persons o where o.phone_bidx = ${persons.phoneBidx} and o.id <> ${persons.id})`,
      ),
    )
    .orderBy(persons.id)
    .limit(limit);
}

/**
 * A person with a phone of their own who is on the list of a running campaign and has not collected
 * yet (the demo's first worker, so 我的权益 shows a pick-up code and the home page a note).
 */
export async function personWaitingForHandout(tx: DbOrTx) {
  const [row] = await tx
    .select({ id: persons.id, name: persons.name, phoneEnc: persons.phoneEnc, phoneBidx: persons.phoneBidx, orgName: orgs.name })
    .from(persons)
    .innerJoin(orgs, eq(orgs.id, persons.orgId))
    .where(
      and(
        eq(persons.status, 'active'),
        sql`${persons.phoneBidx} is not null`,
        sql`not exists (select 1 from persons o where o.phone_bidx = ${persons.phoneBidx} and o.id <> ${persons.id})`,
        sql`exists (select 1 from campaign_beneficiaries b join campaigns c on c.id = b.campaign_id
                     where b.person_id = ${persons.id} and c.status = 'running' and b.received = 0 and not b.excluded)`,
      ),
    )
    .orderBy(persons.id)
    .limit(1);
  return row;
}

export async function insertBoundWorker(tx: DbOrTx, row: { phoneBidx: string; phoneEnc: string; phoneMasked: string; personId: number }) {
  await tx.insert(workerAccounts).values({ ...row, boundAt: sql`now()` });
}
