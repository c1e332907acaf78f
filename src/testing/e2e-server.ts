/**
 * One server for the browser tests, in a process of its own: the web app built by Vite (its folder
 * in E2E_WEB_DIR), served by the real Fastify app on a fresh embedded database with the demo
 * dataset, on a free port, beside a fixtures listener (below). Started by `e2e-setup.ts`, one per
 * test worker; prints one JSON line `{ baseURL, fixturesURL }` when it is ready, and closes on SIGTERM.
 */
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readConfig } from '../server/config.ts';
import { openEmbeddedDatabase } from '../server/db.ts';
import { bootstrap, prepareAuditKey, prepareCipher } from '../server/bootstrap.ts';
import { buildApp } from '../server/app.ts';
import { noticeServed, recuperationNoticeServed } from './notice.ts';
import { workerSession } from './worker-session.ts';
import { checkedInEarlier } from './volunteers.ts';
import { E2E_ADMIN_PASSWORD } from './e2e-password.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-e2e-'));
const base = readConfig({ DATA_DIR: dataDir, NIANGJIA_DEMO: '1', LOG_LEVEL: 'warn' });
const config = { ...base, webDir: process.env.E2E_WEB_DIR || base.webDir, adminPassword: E2E_ADMIN_PASSWORD };
const database = await openEmbeddedDatabase(config.dataDir);
const cipher = await prepareCipher(database.db, config, {});
await prepareAuditKey(database.db, config, {});
await bootstrap(database.db, config, cipher);
const app = await buildApp({ db: database.db, config, cipher, copyInto: database.copyInto });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
const fixtures = await startFixtures(database.db, cipher);
process.stdout.write(`${JSON.stringify({ baseURL: `http://127.0.0.1:${port}`, fixturesURL: fixtures.url })}\n`);

let closing = false;
process.on('SIGTERM', () => {
  if (closing) return;
  closing = true;
  fixtures.server.close();
  void app
    .close()
    .then(() => database.close())
    .finally(() => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
});

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
