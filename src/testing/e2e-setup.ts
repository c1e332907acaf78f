/**
 * Browser tests run against a real server: the web app built by Vite, served by the real
 * Fastify app on a fresh embedded database with the demo dataset, on a free port.
 */
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { readConfig } from '../server/config.ts';
import { openEmbeddedDatabase } from '../server/db.ts';
import { bootstrap, prepareAuditKey, prepareCipher } from '../server/bootstrap.ts';
import { buildApp } from '../server/app.ts';
import { projectRoot } from '../server/paths.ts';
import { noticeServed, recuperationNoticeServed } from './notice.ts';
import { workerSession } from './worker-session.ts';
import { checkedInEarlier } from './volunteers.ts';

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
  const fixtures = await startFixtures(database.db, cipher);
  project.provide('fixturesURL', fixtures.url);
  return async () => {
    fixtures.server.close();
    await app.close();
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (webDir) fs.rmSync(webDir, { recursive: true, force: true });
  };
}

/**
 * What a browser test cannot do through the app: let time pass. A second listener on 127.0.0.1,
 * for the tests only (the app has no such route): `POST /notice-served/<caseId>` moves a hardship
 * file's public notice a month back, as the server tests' `noticeServed` does (`/recuperation-notice-served/<batchId>`
 * ends a 疗休养 batch's notice yesterday);
 * `POST /worker-session/<personId>/<phone>` answers the token of a worker session for that phone,
 * bound to that person, as if the text-message code had been verified (the server tests' `asWorker`);
 * `POST /volunteer-checked-in-earlier/<personId>/<minutes>` moves that person's open 志愿服务 check-in back.
 */
async function startFixtures(db: Parameters<typeof noticeServed>[0], cipher: Parameters<typeof workerSession>[1]) {
  const server = http.createServer((req, res) => {
    const w = /^\/worker-session\/(\d+)\/(\d{11})$/.exec(req.url ?? '');
    if (req.method === 'POST' && w) {
      workerSession(db, cipher, Number(w[1]), w[2]!).then(
        (token) => res.writeHead(200, { 'content-type': 'text/plain' }).end(token),
        (err: unknown) => res.writeHead(500).end(String(err)),
      );
      return;
    }
    const v = /^\/volunteer-checked-in-earlier\/(\d+)\/(\d+)$/.exec(req.url ?? '');
    if (req.method === 'POST' && v) {
      checkedInEarlier(db, Number(v[1]), Number(v[2])).then(
        () => res.writeHead(204).end(),
        (err: unknown) => res.writeHead(500).end(String(err)),
      );
      return;
    }
    const r = /^\/recuperation-notice-served\/(\d+)$/.exec(req.url ?? '');
    if (req.method === 'POST' && r) {
      recuperationNoticeServed(db, Number(r[1])).then(
        () => res.writeHead(204).end(),
        (err: unknown) => res.writeHead(500).end(String(err)),
      );
      return;
    }
    const m = /^\/notice-served\/(\d+)$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) {
      res.writeHead(404).end();
      return;
    }
    noticeServed(db, Number(m[1])).then(
      () => res.writeHead(204).end(),
      (err: unknown) => res.writeHead(500).end(String(err)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    fixturesURL: string;
  }
}
