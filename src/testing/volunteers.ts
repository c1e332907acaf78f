/** Test helper for 志愿服务: time passes on a volunteer's open check-in (the clock cannot be wound in a browser test). */
import { sql } from 'drizzle-orm';
import type { Db } from '../server/db.ts';

/** Moves the open check-in of the person's volunteer `minutes` back, as if they had checked in that long ago. */
export async function checkedInEarlier(db: Db, personId: number, minutes: number) {
  await db.execute(
    sql`update volunteer_records set started_at = started_at - make_interval(mins => ${minutes})
         where status = 'open' and volunteer_id = (select id from volunteers where person_id = ${personId})`,
  );
}
