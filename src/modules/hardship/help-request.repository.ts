/**
 * The queries of a worker's own help requests: always by the worker's person, never by an id alone,
 * so another worker's file or photo is simply not found.
 */
import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../server/db.ts';
import { orgs } from '../orgs/orgs.schema.ts';
import { persons } from '../people/people.schema.ts';
import { hardshipAttachments, hardshipCases, hardshipEvents } from './hardship.schema.ts';

/** The registry person behind a worker, with their union (the file's org) and its path (policy values). */
export async function applicantOf(db: DbOrTx, personId: number) {
  const [row] = await db
    .select({ id: persons.id, name: persons.name, orgId: orgs.id, orgPath: orgs.path })
    .from(persons)
    .innerJoin(orgs, eq(orgs.id, persons.orgId))
    .where(and(eq(persons.id, personId), eq(persons.status, 'active')));
  return row;
}

/** The person's files as applicant, newest first. */
export async function casesOfPerson(db: DbOrTx, personId: number) {
  return db.select().from(hardshipCases).where(eq(hardshipCases.personId, personId)).orderBy(desc(hardshipCases.id));
}

/** How many of the person's files wait for verification, notice or approval (the home tile). */
export async function countInReviewOfPerson(db: DbOrTx, personId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(hardshipCases)
    .where(and(eq(hardshipCases.personId, personId), inArray(hardshipCases.status, ['applied', 'verified', 'noticed'])));
  return row?.n ?? 0;
}

/** One of the person's files, or undefined when the id is not theirs. */
export async function caseOfPerson(db: DbOrTx, personId: number, caseId: number) {
  const [row] = await db
    .select()
    .from(hardshipCases)
    .where(and(eq(hardshipCases.id, caseId), eq(hardshipCases.personId, personId)));
  return row;
}

/** The timeline of a file, oldest first (the reasons are the union's words to the worker). */
export async function eventsOf(db: DbOrTx, caseId: number) {
  return db
    .select({ action: hardshipEvents.action, fromStatus: hardshipEvents.fromStatus, reason: hardshipEvents.reason, at: hardshipEvents.at })
    .from(hardshipEvents)
    .where(eq(hardshipEvents.caseId, caseId))
    .orderBy(hardshipEvents.id);
}

/** The photos the worker sent (no staff account uploaded them), without their bytes. */
export async function workerPhotosOf(db: DbOrTx, caseId: number) {
  return db
    .select({ id: hardshipAttachments.id, title: hardshipAttachments.title, size: hardshipAttachments.size, at: hardshipAttachments.at })
    .from(hardshipAttachments)
    .where(and(eq(hardshipAttachments.caseId, caseId), isNull(hardshipAttachments.byAccountId)))
    .orderBy(hardshipAttachments.id);
}

/** One photo the worker sent to this file, with its bytes. */
export async function workerPhoto(db: DbOrTx, caseId: number, photoId: number) {
  const [row] = await db
    .select({ mime: hardshipAttachments.mime, filename: hardshipAttachments.filename, data: hardshipAttachments.data })
    .from(hardshipAttachments)
    .where(and(eq(hardshipAttachments.caseId, caseId), eq(hardshipAttachments.id, photoId), isNull(hardshipAttachments.byAccountId)));
  return row;
}
