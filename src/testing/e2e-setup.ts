/**
 * Browser tests run against a real server: the web app built by Vite, served by the real
 * Fastify app on a fresh embedded database with the demo dataset, on a free port.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { readConfig } from '../server/config.ts';
import { openEmbeddedDatabase } from '../server/db.ts';
import { bootstrap, prepareAuditKey, prepareCipher } from '../server/bootstrap.ts';
import { buildApp } from '../server/app.ts';
import { projectRoot } from '../server/paths.ts';

export const E2E_ADMIN_PASSWORD = 'E2eAdmin2026';

export default async function setup(project: TestProject) {
  const root = projectRoot();
  if (process.env.E2E_SKIP_BUILD !== '1') {
    const build = spawnSync(path.join(root, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('vite build failed');
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-e2e-'));
  const config = {
    ...readConfig({ DATA_DIR: dataDir, NIANGJIA_DEMO: '1', LOG_LEVEL: 'warn' }),
    adminPassword: E2E_ADMIN_PASSWORD,
  };
  const database = await openEmbeddedDatabase(config.dataDir);
  const cipher = await prepareCipher(database.db, config, {});
  await prepareAuditKey(database.db, config, {});
  await bootstrap(database.db, config, cipher);
  const app = await buildApp({ db: database.db, config, cipher, copyInto: database.copyInto });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  project.provide('baseURL', `http://127.0.0.1:${port}`);
  return async () => {
    await app.close();
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}
