/** Debian's Chromium driven by playwright-core, as the browser tests use it. */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { projectRoot } from '../server/paths.ts';
import { withCheckCharacter } from '../shared/idcard.ts';

export const DEMO_PASSWORD = 'Demo2026';

/** This test worker's server (each worker has its own; see `e2e-setup.ts`). */
function e2eServer() {
  const servers = inject('e2eServers');
  return servers[(Number(process.env.VITEST_POOL_ID ?? '1') - 1) % servers.length]!;
}

/** Where this worker's app is served. */
export const baseURL = () => e2eServer().baseURL;

/** The fixtures listener beside this worker's server (see `e2e-server.ts`). */
export const fixturesURL = () => e2eServer().fixturesURL;

/** What the pages threw (uncaught errors and promise rejections of the app's code), as "path: message". */
const thrown: string[] = [];

function watchPage(page: Page) {
  page.on('pageerror', (e) => {
    const where = URL.canParse(page.url()) ? new URL(page.url()).pathname : page.url();
    thrown.push(`${where}: ${e.message}`);
  });
}

/** The errors the pages threw since the last call; every browser test ends by finding none (`e2e-each.ts`). */
export function takePageErrors(): string[] {
  return thrown.splice(0);
}

/** Chromium, with every page it opens watched for errors it throws. */
export async function launchBrowser(): Promise<Browser> {
  const browser = await launch();
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.on('page', watchPage);
    return context;
  };
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (options) => {
    const page = await newPage(options);
    watchPage(page);
    return page;
  };
  return browser;
}

function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // No sandbox as root in CI; no background networking on this closed network.
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
}

export async function newPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    baseURL: baseURL(),
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
    // As a person who asked for less motion: dialogs and lists open at once, so a press is never
    // lost on a dialog still zooming in (see useReducedMotion; shell.e2e.ts checks both settings).
    reducedMotion: 'reduce',
    ...options,
  });
  context.setDefaultTimeout(15_000);
  return context.newPage();
}

/** A 390×844 phone (workers on the portal, volunteers at a pick-up point), with `extra` options. */
export function phoneOptions(extra: BrowserContextOptions = {}): BrowserContextOptions {
  return {
    baseURL: baseURL(),
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    // As on the desk (newPage): a phone set to less motion, so nothing fades in under a press.
    reducedMotion: 'reduce',
    ...extra,
  };
}

/** A phone-sized browser context of its own (a worker's cookies are not the staff's). */
export async function phoneContext(browser: Browser, timeoutMs = 20_000): Promise<BrowserContext> {
  const context = await browser.newContext(phoneOptions());
  context.setDefaultTimeout(timeoutMs);
  return context;
}

/**
 * A worker of 新城区's sanitation union with a registry record of their own, born on `birth`
 * (YYYYMMDD), made by 新城区's cadre with a phone nobody else has, and signed in on a phone (with
 * `options`) by the code the demo shows: the first sign-in binds the phone to the record.
 */
export async function registeredWorker(browser: Browser, name: string, birth: string, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const cadre = await newPage(browser);
  await signIn(cadre, 'xinchengqu_cadre');
  const csrf = ((await (await cadre.request.get('/api/auth/me')).json()) as { csrfToken: string }).csrfToken;
  const union = encodeURIComponent('新城区环境卫生服务中心工会');
  const orgs = (await (await cadre.request.get(`/api/orgs/search?q=${union}`)).json()) as { items: { id: number }[] };
  const phone = `136${String(Date.now()).slice(-8)}`;
  const idNumber = withCheckCharacter(`150102${birth}${String(Date.now() % 1000).padStart(3, '0')}`);
  const created = await cadre.request.post('/api/people', { headers: { 'x-csrf-token': csrf }, data: { name, idNumber, phone, orgId: orgs.items[0]!.id } });
  await cadre.context().close();
  if (created.status() !== 201) throw new Error(`registering ${name}: ${created.status()} ${await created.text()}`);

  const context = await browser.newContext(phoneOptions(options));
  const sent = await context.request.post('/api/m/auth/sign-in/code', { data: { phone } });
  const { demoCode } = (await sent.json()) as { demoCode?: string | null };
  if (!demoCode) throw new Error(`no sign-in code shown for ${name}: ${sent.status()}`);
  const verified = await context.request.post('/api/m/auth/sign-in/verify', { data: { phone, code: demoCode } });
  if (!verified.ok() || !((await verified.json()) as { registered: boolean }).registered)
    throw new Error(`${name} did not sign in as registered: ${verified.status()}`);
  return context;
}

/** Signs in through the login page, as a person would. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByPlaceholder('用户名').fill(username);
  await page.getByPlaceholder('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Saves a screenshot under .vitest-reports/screenshots for people to look at. */
export async function screenshot(page: Page, name: string) {
  const dir = path.join(projectRoot(), '.vitest-reports', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/**
 * Waits for `target`; when it does not come, the error says what the page showed instead (the
 * open dialog's text, else the page's main part's), so a failure in a CI run whose screenshots are gone still
 * says whether the page refused, showed an error, or had not answered yet.
 */
/**
 * Presses `button` until `done()` holds, pressing again every 3 s while it does not: a press that
 * lands while a dialog is still opening (its animation) is lost on a busy machine. Only for presses
 * that may be repeated (a save that is refused, or that sends the same values again).
 */
export async function pressUntil(button: Locator, done: () => Promise<boolean>, timeout = 30_000) {
  const end = Date.now() + timeout;
  for (;;) {
    await button.click({ timeout: 5_000 }).catch(() => undefined);
    for (const wait = Date.now() + 3_000; Date.now() < wait;) {
      if (await done().catch(() => false)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    if (Date.now() > end) throw new Error(`pressed ${String(button)} for ${timeout} ms without the expected result`);
  }
}

export async function waitOrTell(target: Locator, options: { state?: 'visible' | 'hidden'; timeout?: number } = {}) {
  try {
    await target.waitFor(options);
  } catch (err) {
    const page = target.page();
    const dialogs = page.getByRole('dialog');
    const main = page.locator('main').first();
    const shown = (await dialogs.count().catch(() => 0)) ? dialogs.last() : (await main.count().catch(() => 0)) ? main : page.locator('body');
    const text = await shown.innerText({ timeout: 2_000 }).catch(() => '(unreadable)');
    // What the page said was wrong comes first: a field's error, a message, an alert.
    const said = await page
      .locator('.ant-form-item-explain-error, .ant-message-notice, .ant-notification-notice, .ant-alert-error, [role="alert"]')
      .allInnerTexts()
      .catch(() => []);
    const errors = [...new Set(said.map((x) => x.replace(/\s+/g, ' ').trim()).filter(Boolean))].join(' | ');
    throw new Error(
      `${(err as Error).message.split('\n')[0]} (${String(target)}); ${errors ? `it said: ${errors.slice(0, 300)}; ` : ''}the page showed: ${text.replace(/\s+/g, ' ').slice(0, 400)}`,
      { cause: err },
    );
  }
}
