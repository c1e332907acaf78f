/** Test helper for hardship files: their public notice (公示) ran its course long ago. */
import { sql } from 'drizzle-orm';
import type { Db } from '../server/db.ts';

/** Moves the start of the file's notice 30 days back, so it may be approved today. */
export async function noticeServed(db: Db, caseId: number) {
  await db.execute(sql`update hardship_cases set noticed_on = noticed_on - 30 where id = ${caseId} and noticed_on is not null`);
}

/** Ends a 疗休养 batch's public notice yesterday, so its list may be confirmed today. */
export async function recuperationNoticeServed(db: Db, batchId: number) {
  await db.execute(
    sql`update recuperation_batches set notice_starts_on = current_date - 6, notice_ends_on = current_date - 1 where event_id = ${batchId} and stage = 'noticed'`,
  );
}
