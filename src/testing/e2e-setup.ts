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
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-e2e-'));
  // Each run builds into its own folder: two runs side by side never serve each other's half-written build.
  let webDir: string | undefined;
  if (process.env.E2E_SKIP_BUILD !== '1') {
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-e2e-web-'));
    const args = ['build', '--logLevel', 'warn', '--outDir', webDir, '--emptyOutDir'];
    const build = spawnSync(path.join(root, 'node_modules', '.bin', 'vite'), args, { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('vite build failed');
  }
  const base = readConfig({ DATA_DIR: dataDir, NIANGJIA_DEMO: '1', LOG_LEVEL: 'warn' });
  const config = { ...base, webDir: webDir ?? base.webDir, adminPassword: E2E_ADMIN_PASSWORD };
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
    if (webDir) fs.rmSync(webDir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}
