import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../server/db.ts';
import { systemSettings } from './system.schema.ts';

export async function getSetting<T>(db: DbOrTx, key: string): Promise<T | undefined> {
  const [row] = await db.select().from(systemSettings).where(eq(systemSettings.key, key));
  return row?.value as T | undefined;
}

export async function putSetting(db: DbOrTx, key: string, value: unknown) {
  await db
    .insert(systemSettings)
    .values({ key, value })
    .onConflictDoUpdate({ target: systemSettings.key, set: { value, updatedAt: sql`now()` } });
}

/** Serialises first-start work across app processes for the rest of the transaction. */
export async function lockForBootstrap(db: DbOrTx) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('niangjia.bootstrap'))`);
}
