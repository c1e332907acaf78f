/** The queries of a case file's scanned proofs (kept in the database as bytea). */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../server/db.ts';
import { accounts } from '../auth/auth.schema.ts';
import { hardshipAttachments } from './hardship.schema.ts';

export async function insertAttachment(db: DbOrTx, values: typeof hardshipAttachments.$inferInsert) {
  const [row] = await db.insert(hardshipAttachments).values(values).returning({ id: hardshipAttachments.id });
  return row!.id;
}

export async function listAttachments(db: DbOrTx, caseId: number) {
  return db
    .select({
      id: hardshipAttachments.id,
      title: hardshipAttachments.title,
      filename: hardshipAttachments.filename,
      mime: hardshipAttachments.mime,
      size: hardshipAttachments.size,
      at: hardshipAttachments.at,
      by: sql<string | null>`coalesce(${accounts.displayName}, ${accounts.username})`,
    })
    .from(hardshipAttachments)
    .leftJoin(accounts, eq(accounts.id, hardshipAttachments.byAccountId))
    .where(eq(hardshipAttachments.caseId, caseId))
    .orderBy(asc(hardshipAttachments.id));
}

export async function findAttachment(db: DbOrTx, caseId: number, id: number) {
  const [row] = await db
    .select()
    .from(hardshipAttachments)
    .where(and(eq(hardshipAttachments.caseId, caseId), eq(hardshipAttachments.id, id)));
  return row;
}
