/**
 * First page of the desk app in a real browser (Chromium via playwright-core), cold cache: the
 * production build (Vite, with its brotli and gzip copies) served by the real app on a fresh
 * embedded database with the demo dataset. Timed from navigation to the home page's first figure
 * (下辖组织, drawn by React from the API's answer, so the page is live) after signing in; beside it,
 * the baseline — a static one-line page loaded by the same browser in the same run.
 * `--rounds` (default 7) loads of each, every one in a fresh browser context (empty cache).
 * `--demo=0` skips the demo dataset (a quick check of the suite itself).
 * Prints one JSON line.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { readConfig } from '../src/server/config.ts';
import { openEmbeddedDatabase } from '../src/server/db.ts';
import { bootstrap, prepareAuditKey, prepareCipher } from '../src/server/bootstrap.ts';
import { buildApp } from '../src/server/app.ts';

const args = Object.fromEntries(process.argv.slice(3).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const ROUNDS = Number(args.rounds ?? 7);
const DEMO = args.demo !== '0';
const PASSWORD = 'Bench2026page';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const max = (xs: number[]) => Math.max(...xs);

async function load(browser: Browser, baseURL: string, url: string, ready: string, signIn: boolean) {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 } });
  context.setDefaultTimeout(60_000);
  try {
    if (signIn) {
      const res = await context.request.post('/api/auth/login', { data: { username: 'admin', password: PASSWORD } });
      if (!res.ok()) throw new Error(`sign-in failed: ${res.status()} ${await res.text()}`);
    }
    const page = await context.newPage();
    const scripts: number[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('.js')) scripts.push(Number(r.headers()['content-length'] ?? 0));
    });
    const started = performance.now();
    await page.goto(url, { waitUntil: 'commit' });
    await page.locator(ready).first().waitFor({ state: 'visible' });
    const ms = performance.now() - started;
    return { ms, scripts: scripts.length, scriptBytes: scripts.reduce((s, n) => s + n, 0) };
  } finally {
    await context.close();
  }
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-bench-page-'));
  const webDir = path.join(work, 'web');
  const build = spawnSync(path.join('node_modules', '.bin', 'vite'), ['build', '--outDir', webDir, '--emptyOutDir', '--logLevel', 'warn'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (build.status !== 0) throw new Error('vite build failed');
  fs.writeFileSync(
    path.join(webDir, 'hello.html'),
    '<!doctype html><html><head><meta charset="utf-8"><title>hello</title></head><body><p id="hello">hello</p></body></html>',
  );

  const config = { ...readConfig({ DATA_DIR: path.join(work, 'data'), NIANGJIA_DEMO: DEMO ? '1' : '0', LOG_LEVEL: 'warn' }), adminPassword: PASSWORD, webDir };
  const database = await openEmbeddedDatabase(config.dataDir);
  const cipher = await prepareCipher(database.db, config, {});
  await prepareAuditKey(database.db, config, {});
  await bootstrap(database.db, config, cipher, {});
  const app = await buildApp({ db: database.db, config, cipher, copyInto: database.copyInto });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const baseURL = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    // One unmeasured round of each: the browser's own first-use costs are not the page's.
    await load(browser, baseURL, '/hello.html', '#hello', false);
    await load(browser, baseURL, '/', '.ant-statistic-content-value', true);
    const hello: number[] = [];
    const home: number[] = [];
    let scripts = { scripts: 0, scriptBytes: 0 };
    for (let i = 0; i < ROUNDS; i++) {
      hello.push((await load(browser, baseURL, '/hello.html', '#hello', false)).ms);
      const h = await load(browser, baseURL, '/', '.ant-statistic-content-value', true);
      home.push(h.ms);
      scripts = h;
    }
    console.log(
      JSON.stringify({
        rounds: ROUNDS,
        helloMs: { median: +median(hello).toFixed(1), max: +max(hello).toFixed(1) },
        homeMs: { median: +median(home).toFixed(1), max: +max(home).toFixed(1) },
        scripts: scripts.scripts,
        scriptKiB: Math.round(scripts.scriptBytes / 1024),
      }),
    );
  } finally {
    await browser.close();
    await app.close();
    await database.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
