import { eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../server/db.ts';
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

/**
 * Work done once per version across all app processes (an upgrade's data fix at start): under the
 * bootstrap lock, skipped when `key` already holds `version`, which is stored with the work's
 * result in the same transaction. Returns what the work returned, or 0 when skipped.
 */
export async function onceAtVersion(db: Db, key: string, version: number, work: (tx: Tx) => Promise<number>): Promise<number> {
  return db.transaction(async (tx) => {
    await lockForBootstrap(tx);
    if ((await getSetting<number>(tx, key)) === version) return 0;
    const n = await work(tx);
    await putSetting(tx, key, version);
    return n;
  });
}
