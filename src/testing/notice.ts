/** Test helper for hardship files: their public notice (公示) ran its course long ago. */
import { sql } from 'drizzle-orm';
import type { Db } from '../server/db.ts';

/** Moves the start of the file's notice 30 days back, so it may be approved today. */
export async function noticeServed(db: Db, caseId: number) {
  await db.execute(sql`update hardship_cases set noticed_on = noticed_on - 30 where id = ${caseId} and noticed_on is not null`);
}
