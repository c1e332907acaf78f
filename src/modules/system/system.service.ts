/**
 * Installation settings and start-up locks. The platform's first start and every module's
 * once-per-version work go through these.
 */
import type { Db, DbOrTx, Tx } from '../../server/db.ts';
import * as repo from './system.repository.ts';

export function getSetting<T>(db: DbOrTx, key: string): Promise<T | undefined> {
  return repo.getSetting<T>(db, key);
}

export function putSetting(db: DbOrTx, key: string, value: unknown) {
  return repo.putSetting(db, key, value);
}

/** Serialises first-start work across app processes (a transaction-scoped advisory lock). */
export function lockForBootstrap(db: DbOrTx) {
  return repo.lockForBootstrap(db);
}

/** Runs `work` once per `version` of `key`, under the bootstrap lock; returns what it did (0 when skipped). */
export function onceAtVersion(db: Db, key: string, version: number, work: (tx: Tx) => Promise<number>): Promise<number> {
  return repo.onceAtVersion(db, key, version, work);
}
