/**
 * The move from the embedded database to a PostgreSQL server (npm run migrate-to-postgres): every
 * table arrives with every row, the audit chain verifies on the server under the same key, the
 * sequences go on after the copied ids, and a database that holds a union already is refused.
 * Needs a PostgreSQL server (DATABASE_URL, as the CI's private cluster gives).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbeddedDatabase, openServerDatabase, queryRows, type Database } from './db.ts';
import { sql } from 'drizzle-orm';
import { bootstrap } from './bootstrap.ts';
import { FieldCipher } from './crypto.ts';
import { systemActor } from './actor.ts';
import { moveToPostgres } from './move-to-postgres.ts';
import { seedAccounts, seedTree, testConfig, TEST_KEY } from '../testing/app.ts';
import { TEST_AUDIT_KEY } from '../testing/db.ts';
import { withDatabase } from '../testing/global-setup.ts';
import { AuditKey, installAuditKey, verifyAuditChain } from '../modules/audit/index.ts';
import { findRoot, insertChildOrg } from '../modules/orgs/index.ts';
import { buildOrgInput } from '../testing/app.ts';

const adminUrl = process.env.DATABASE_URL;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-move-'));
const dbName = `niangjia_move_${randomBytes(4).toString('hex')}`;
let source: Database | undefined;

async function admin(statement: string) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

afterAll(async () => {
  await source?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (adminUrl) await admin(`drop database if exists "${dbName}" with (force)`);
});

describe.runIf(!!adminUrl)('moving the embedded database to PostgreSQL', () => {
  it('copies every row, keeps the audit chain verifiable and the sequences going, and refuses a second move', { timeout: 300_000 }, async () => {
    const key = new AuditKey(TEST_AUDIT_KEY);
    installAuditKey(key);
    source = await openEmbeddedDatabase(dataDir);
    const cipher = new FieldCipher(TEST_KEY);
    await bootstrap(source.db, testConfig({ dataDir }), cipher);
    const seed = await seedTree(source.db);
    await seedAccounts(source.db, seed);

    await admin(`create database "${dbName}"`);
    const url = withDatabase(adminUrl!, dbName);
    await (await openServerDatabase(url, 1)).close();
    const started = Date.now();
    const report = await moveToPostgres(source.pglite!, url);
    console.log(`moved ${report.tables} tables, ${report.rows} rows, ${report.sequences} sequences in ${Date.now() - started} ms`);
    expect(report.differences).toEqual([]);
    expect(report.rows).toBeGreaterThan(20);

    const target = await openServerDatabase(url, 2);
    try {
      const audit = await verifyAuditChain(target.db, { key, anchors: [] });
      expect(audit, JSON.stringify(audit)).toMatchObject({ ok: true });
      expect(audit.checked).toBeGreaterThanOrEqual(10);
      // The next union gets the next id, as it would have in the embedded database.
      const [row] = await queryRows<{ max: number }>(source.db, sql`select max(id)::int as max from orgs`);
      const root = (await findRoot(target.db))!;
      const next = await target.db.transaction((tx) => insertChildOrg(tx, systemActor(root), buildOrgInput({ parentId: seed.nmg.id })));
      expect(next.id).toBe(row!.max + 1);
      // The new entry extends the chain the server carried over.
      expect(await verifyAuditChain(target.db, { key, anchors: [] })).toMatchObject({ ok: true });
    } finally {
      await target.close();
    }

    await expect(moveToPostgres(source.pglite!, url)).rejects.toThrow(/已有数据/);
  });
});
