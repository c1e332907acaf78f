/**
 * A fresh database holding the demo dataset, as `bootstrap` loads it on first start (test config
 * with `demo`, the test data key). Building the demo takes far longer than loading a dump of it,
 * so on PGlite the first test file of a run to ask builds it and leaves a dump next to the
 * migrated one; the other files load that dump. A file that asks while the build is under way
 * waits for it. On PostgreSQL each file builds its own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import type { Config } from '../server/config.ts';
import type { Database } from '../server/db.ts';
import { bootstrap } from '../server/bootstrap.ts';
import { FieldCipher } from '../server/crypto.ts';
import { createTestDatabase } from './db.ts';
import { TEST_KEY, testConfig } from './app.ts';

export interface DemoTestDatabase {
  database: Database;
  config: Config;
  cipher: FieldCipher;
}

export async function createDemoTestDatabase(): Promise<DemoTestDatabase> {
  const config = testConfig({ demo: true });
  const cipher = new FieldCipher(TEST_KEY);
  if (process.env.DATABASE_URL) return { database: await build(config, cipher), config, cipher };
  const dir = path.dirname(inject('pgliteDump'));
  const dump = path.join(dir, 'demo.tar');
  const lock = path.join(dir, 'demo.building');
  for (;;) {
    if (fs.existsSync(dump)) return { database: await createTestDatabase(dump), config, cipher };
    try {
      fs.mkdirSync(lock);
    } catch {
      // Another file is building it.
      await sleep(250);
      continue;
    }
    try {
      const database = await build(config, cipher);
      const client = (database.db as unknown as { $client: PGlite }).$client;
      const data = await client.dumpDataDir('none');
      const partial = `${dump}.${process.pid}`;
      fs.writeFileSync(partial, Buffer.from(await data.arrayBuffer()));
      fs.renameSync(partial, dump);
      return { database, config, cipher };
    } finally {
      // Whether built or not: a file still waiting then loads the dump, or builds it itself.
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
}

async function build(config: Config, cipher: FieldCipher) {
  const database = await createTestDatabase();
  await bootstrap(database.db, config, cipher);
  return database;
}
