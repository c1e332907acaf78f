import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../server/db.ts';
import { persons } from '../people/people.schema.ts';
import { orgs } from '../orgs/orgs.schema.ts';
import { workerAccounts, workerSessions } from './portal.schema.ts';

export async function findLiveWorkerSession(db: Db, id: string, idleDays: number) {
  const [row] = await db
    .select({
      workerId: workerSessions.workerId,
      csrfToken: workerSessions.csrfToken,
      lastSeenAt: workerSessions.lastSeenAt,
      personId: workerAccounts.personId,
      phoneMasked: workerAccounts.phoneMasked,
    })
    .from(workerSessions)
    .innerJoin(workerAccounts, eq(workerAccounts.id, workerSessions.workerId))
    .where(
      and(eq(workerSessions.id, id), gt(workerSessions.expiresAt, sql`now()`), gt(workerSessions.lastSeenAt, sql`now() - make_interval(days => ${idleDays})`)),
    );
  return row;
}

export async function touchWorkerSession(db: Db, id: string) {
  await db
    .update(workerSessions)
    .set({ lastSeenAt: sql`now()` })
    .where(eq(workerSessions.id, id));
}

export async function insertWorkerSession(db: DbOrTx, row: typeof workerSessions.$inferInsert) {
  await db.insert(workerSessions).values(row);
}

export async function deleteWorkerSession(db: DbOrTx, id: string) {
  await db.delete(workerSessions).where(eq(workerSessions.id, id));
}

export async function pruneWorkerSessions(db: Db, idleDays: number) {
  await db.delete(workerSessions).where(sql`${workerSessions.expiresAt} < now() or ${workerSessions.lastSeenAt} < now() - make_interval(days => ${idleDays})`);
}

/** The worker account of a phone (by its blind index), created on first sign-in. */
export async function upsertWorkerAccount(db: DbOrTx, row: { phoneBidx: string; phoneEnc: string; phoneMasked: string }) {
  const [inserted] = await db.insert(workerAccounts).values(row).onConflictDoNothing().returning();
  if (inserted) return inserted;
  const [existing] = await db.select().from(workerAccounts).where(eq(workerAccounts.phoneBidx, row.phoneBidx));
  return existing!;
}

export async function findWorkerAccount(db: DbOrTx, id: number) {
  const [row] = await db.select().from(workerAccounts).where(eq(workerAccounts.id, id));
  return row;
}

export async function bindWorkerToPerson(db: DbOrTx, workerId: number, personId: number) {
  await db
    .update(workerAccounts)
    .set({ personId, boundAt: sql`now()` })
    .where(and(eq(workerAccounts.id, workerId), sql`${workerAccounts.personId} is null`));
}

/** Who the worker is in the registry: name and union, for the portal's header. */
export async function workerPerson(db: Db, personId: number) {
  const [row] = await db
    .select({ name: persons.name, orgId: orgs.id, orgName: orgs.name })
    .from(persons)
    .innerJoin(orgs, eq(orgs.id, persons.orgId))
    .where(eq(persons.id, personId));
  return row;
}

export async function markSignedIn(db: DbOrTx, workerId: number) {
  await db
    .update(workerAccounts)
    .set({ lastSignInAt: sql`now()` })
    .where(eq(workerAccounts.id, workerId));
}
