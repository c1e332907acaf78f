import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { openServerDatabase, pgliteDatabase, type Database, type ReadReplicaSettings } from '../server/db.ts';
import { withDatabase } from './global-setup.ts';
import { AuditKey, installAuditKey } from '../modules/audit/index.ts';

/** A fixed audit key for tests (never used outside them), installed with every test database. */
export const TEST_AUDIT_KEY = Buffer.alloc(32, 43);

/**
 * A fresh, migrated database for one test file: a clone of the template on PostgreSQL when
 * DATABASE_URL is set, else an in-memory PGlite loaded from the migrated dump (or from `dump`).
 * With `read` (PostgreSQL only), also a pool to the same database on that replica of the cluster
 * (its `url` names the replica's server; the database's name is put in).
 */
export async function createTestDatabase(dump?: string, read?: ReadReplicaSettings): Promise<Database> {
  installAuditKey(new AuditKey(TEST_AUDIT_KEY));
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `niangjia_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database "${name}" template "${inject('templateDb')}"`);
    await admin.end();
    const database = await openServerDatabase(withDatabase(url, name), 5, read && { ...read, url: withDatabase(read.url, name) });
    return {
      ...database,
      close: async () => {
        await database.close();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop database if exists "${name}" with (force)`);
        await c.end();
      },
    };
  }
  const client = new PGlite({ loadDataDir: new Blob([fs.readFileSync(dump ?? inject('pgliteDump'))]) });
  await client.waitReady;
  return pgliteDatabase(client);
}
