/**
 * Every page in English and in 繁體, on the demo data, as the system administrator: no word of
 * the interface is left in Simplified Chinese.
 *
 * The pages are every route of the web modules (`web/modules.ts`), detail pages with a real id,
 * and each tab of a page. On each we read what a person reads: the text of visible elements, and
 * the titles, placeholders and labels of visible controls (a chart's words are its box's label).
 * - English: a run of Chinese characters fails unless it is user data — text the API sent for the
 *   page (names, addresses, notes, summaries as people typed them; catalogue `label`s do not count,
 *   the page must translate them) or text inside an element marked `translate="no"`.
 * - 繁體: a run fails when OpenCC's 简→繁 conversion would change it: data is converted too (tx).
 *
 * Re-run alone to find what a new page forgot:
 *   npx vitest run --project e2e src/web/e2e/i18n-walk.e2e.ts
 * (E2E_SKIP_BUILD=1 reuses the last `vite build`.) Each finding names the page and the text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Browser, Page, Request } from 'playwright-core';
import type { RouteObject } from 'react-router-dom';
import * as OpenCC from 'opencc-js/cn2t';
import * as OpenCCBack from 'opencc-js/t2cn';
import { launchBrowser, newPage, signIn } from '../../testing/browser.ts';
import { E2E_ADMIN_PASSWORD } from '../../testing/e2e-setup.ts';
import { projectRoot } from '../../server/paths.ts';
import * as audit from '../../modules/audit/audit.contract.ts';
import * as auth from '../../modules/auth/auth.contract.ts';
import * as campaigns from '../../modules/campaigns/campaigns.contract.ts';
import * as hardship from '../../modules/hardship/hardship.contract.ts';
import * as jobs from '../../modules/jobs/jobs.contract.ts';
import * as orgs from '../../modules/orgs/orgs.contract.ts';
import * as people from '../../modules/people/people.contract.ts';
import * as policies from '../../modules/policies/policies.contract.ts';
import * as permissions from '../../shared/permissions.ts';
import * as idcard from '../../shared/idcard.ts';
import { WEB_MODULES } from '../modules.ts';
import { twFix, LOCALE_STORAGE_KEY, type Locale } from '../i18n/locales.ts';

const cn2tw = OpenCC.Converter({ from: 'cn', to: 'tw' });
const tw2cn = OpenCCBack.Converter({ from: 'tw', to: 'cn' });
const toTraditional = (s: string) => twFix(cn2tw(s));
/**
 * Text as the 繁體 page should show it: what converting its Simplified form gives. Converting text
 * that is already Traditional again can change it (滿洲里 → 滿洲裡: the phrase is only known in its
 * Simplified form), so the run is read back to Simplified first.
 */
const isTraditional = (run: string) => toTraditional(run) === run || toTraditional(tw2cn(run)) === run;

const HAN_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
/**
 * A code as the API sends it (`campaign`, `login_failed`, `hardship.assist`): never text for
 * people. A lower-case word is a code when a contract's `*_LABELS` map has it, or when it is
 * joined by `_` or `.`; identifiers shown on purpose (a username, an occupation's code) are data.
 */
const CODE_SHAPE = /^[a-z]{3,}(?:[._][a-z]+)*$/;
const CONTRACTS = [audit, auth, campaigns, hardship, jobs, orgs, people, policies, permissions, idcard] as Record<string, unknown>[];
const LABELLED = new Set(
  CONTRACTS.flatMap((c) => Object.entries(c).flatMap(([name, v]) => (/_LABELS$/.test(name) && v && typeof v === 'object' ? Object.keys(v) : []))),
);
const isCode = (text: string, identifiers: Set<string>) => CODE_SHAPE.test(text) && (LABELLED.has(text) || /[._]/.test(text)) && !identifiers.has(text);
/** Where each run writes what it found, page by page, as it goes. */
const REPORT = path.join(projectRoot(), '.vitest-reports', 'i18n-walk.txt');
const log = (line: string) => fs.appendFileSync(REPORT, `${line}\n`);

let browser: Browser;
/** The system administrator's page that looks up the demo records' ids. */
let admin: Page;
/** Ids of real records for `:id` routes, by the route's first segment (or its first two, where they differ: /checkin/event, /checkin/point). */
const ids: Record<string, string> = {};

/** Every page inside the desk frame and the shell pages, with a real id for each `:param`. */
function paths(): string[] {
  const out: string[] = [];
  const walk = (routes: RouteObject[], base: string) => {
    for (const r of routes) {
      const p = r.index ? base : r.path?.startsWith('/') ? r.path : `${base}/${r.path ?? ''}`.replace(/\/+/g, '/');
      if (r.children) walk(r.children, p);
      else out.push(p);
    }
  };
  for (const m of WEB_MODULES) {
    walk(m.routes ?? [], '');
    walk(m.shellRoutes ?? [], '');
  }
  return out
    .filter((p) => p !== '/login')
    .map((p) => p.replace(/\/:(\w+)\?$/, (_, k: string) => `/${ids[`${p.split('/')[1]}:${k}`] ?? ''}`))
    .map((p) => p.replace(/:(\w+)/g, (_, k: string) => ids[`${p.split('/').slice(1, 3).join('/')}:${k}`] ?? ids[`${p.split('/')[1]}:${k}`] ?? `:${k}`))
    .filter((p) => {
      if (p.includes(':')) throw new Error(`no demo record for ${p}: add its id to the walker`);
      return true;
    });
}

async function json<T>(url: string): Promise<T> {
  const res = await admin.request.get(url);
  if (!res.ok()) throw new Error(`${url}: ${res.status()}`);
  return (await res.json()) as T;
}

interface Seen {
  where: string;
  text: string;
}

/** Strings the API sent (user data), except catalogue labels the page must translate; and identifiers meant to be shown. */
function collectData(value: unknown, into: Set<string>, identifiers: Set<string>, key = '') {
  if (typeof value === 'string') {
    if (!/^labels?$/.test(key) && HAN_RUN.test(value)) into.add(value);
    HAN_RUN.lastIndex = 0;
    if (/^(code|username|actorName)$/i.test(key)) identifiers.add(value);
  } else if (Array.isArray(value)) for (const v of value) collectData(v, into, identifiers, key);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) collectData(v, into, identifiers, k);
}

/** What a person reads on the page now: visible text nodes and the words of visible controls. */
function readPage(page: Page): Promise<Seen[]> {
  return page.evaluate(() => {
    const seen: { where: string; text: string }[] = [];
    const hidden = (el: Element) => !el.checkVisibility({ opacityProperty: false, visibilityProperty: true }) || el.closest('[translate="no"]') !== null;
    const describe = (el: Element) => {
      const c = el.closest('[data-testid], th, td, button, label, .ant-form-item, .ant-card, .ant-tabs-tab, h1, h2, h3, h4');
      const tag = c ? `${c.tagName.toLowerCase()}${c.getAttribute('data-testid') ? `[${c.getAttribute('data-testid')}]` : ''}` : el.tagName.toLowerCase();
      return tag;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      const text = n.textContent?.trim();
      if (!parent || !text || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(parent.tagName) || hidden(parent)) continue;
      seen.push({ where: describe(parent), text });
    }
    for (const el of document.querySelectorAll('[title], [placeholder], [aria-label]')) {
      // antd's icons label themselves with the icon's name (“home”), as antd does in every language.
      if (hidden(el) || el.classList.contains('anticon')) continue;
      for (const a of ['title', 'placeholder', 'aria-label']) {
        const v = el.getAttribute(a)?.trim();
        if (v) seen.push({ where: `${describe(el)}@${a}`, text: v });
      }
    }
    return seen;
  });
}

/**
 * Waits until no API request of the page has been in flight for 300 ms and no spinner turns.
 * (Playwright's `networkidle` waits 500 ms after every request, fonts and images included.)
 */
async function settle(page: Page, inflight: () => number) {
  let quietSince = Date.now();
  const deadline = Date.now() + 30_000;
  for (;;) {
    await page.waitForTimeout(50);
    if (inflight() > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= 300 && (await page.evaluate(() => !document.querySelector('.ant-spin-spinning, .ant-skeleton-active')))) return;
    if (Date.now() > deadline) throw new Error(`${page.url()}: still loading after 30 s`);
  }
}

/**
 * Opens a page of the app the way a link does (the router reads the address on popstate), so the
 * walk does not load and start the whole app again for every page; then waits until the page that
 * was shown has left the document (the router may keep it while the next page's code loads). Two
 * addresses of the same page component (a form for new and for edit) keep the element: after 5 s
 * the walk goes on.
 */
async function navigate(page: Page, route: string) {
  await page.evaluate((p) => {
    for (const el of document.querySelectorAll('.nj-page')) el.setAttribute('data-walk-left', '');
    history.pushState(null, '', p);
    dispatchEvent(new PopStateEvent('popstate'));
  }, route);
  await page.waitForFunction(() => !document.querySelector('[data-walk-left]'), null, { timeout: 5_000 }).catch(() => log(`${route}: the page element stayed`));
}

/** Han runs a person would read that are neither translated nor user data. */
function untranslated(locale: Locale, seen: Seen[], data: Set<string>, identifiers: Set<string>): string[] {
  const out = new Set<string>();
  // User data is shown whole: a run is data when a string the API sent is in this text and holds the run.
  const isData = (text: string, run: string) => [...data].some((d) => d.includes(run) && text.includes(d));
  for (const { where, text } of seen) {
    if (isCode(text, identifiers)) {
      out.add(`${where}: ${text} (a code)`);
      continue;
    }
    for (const [run] of text.matchAll(HAN_RUN)) {
      if (locale === 'en' && isData(text, run)) continue;
      if (locale === 'zh-TW' && isTraditional(run)) continue;
      out.add(`${where}: ${text.length > 80 ? `${text.slice(0, 80)}…` : text}`);
      break;
    }
  }
  return [...out];
}

async function walk(locale: Locale): Promise<string[]> {
  // Each language in a browser context of its own, so the two walks run side by side.
  const page = await newPage(browser);
  // The first loads of the app come while the other browser files start too.
  page.setDefaultNavigationTimeout(90_000);
  page.setDefaultTimeout(30_000);
  await signIn(page, 'admin', E2E_ADMIN_PASSWORD);
  await page.evaluate(([k, l]) => localStorage.setItem(k, l), [LOCALE_STORAGE_KEY, locale] as const);
  const findings: string[] = [];
  const data = new Set<string>();
  const identifiers = new Set<string>();
  // Every API answer passes through here on its way to the page, so its strings are in `data`
  // before the page can show them (a body read after the fact may be gone from the browser's buffer).
  // Requests each page is waiting for (API answers and code chunks of lazily loaded pages), with
  // when each left; one still open after 15 s is not waited for any longer (it is logged).
  const pending = new Map<Page, Map<Request, number>>();
  const track = (p: Page) => {
    const open = new Map<Request, number>();
    pending.set(p, open);
    const counted = (r: Request) => ['fetch', 'xhr', 'script', 'stylesheet', 'document'].includes(r.resourceType());
    p.on('request', (r) => void (counted(r) && open.set(r, Date.now())));
    p.on('requestfinished', (r) => void open.delete(r));
    p.on('requestfailed', (r) => void open.delete(r));
  };
  const inflight = (p: Page) => {
    const open = pending.get(p)!;
    for (const [r, since] of open) {
      if (Date.now() - since < 15_000) continue;
      log(`${locale} no answer after 15 s, not waited for: ${r.url()}`);
      open.delete(r);
    }
    return open.size;
  };
  const capture = async (p: Page) => {
    track(p);
    await p.route('**/api/**', async (route) => {
      try {
        const res = await route.fetch();
        if ((res.headers()['content-type'] ?? '').includes('json')) collectData(await res.json(), data, identifiers);
        await route.fulfill({ response: res });
      } catch (err) {
        // The page went away meanwhile (a navigation, the walk's end): nothing of it is judged.
        log(`${locale} an answer could not be passed on: ${route.request().url()} (${String(err).slice(0, 120)})`);
        await route.abort().catch(() => undefined);
      }
    });
  };
  const settled = (p: Page) => settle(p, () => inflight(p));
  await capture(page);
  try {
    // The sign-in page, as a stranger sees it.
    const stranger = await newPage(browser);
    stranger.setDefaultNavigationTimeout(90_000);
    stranger.setDefaultTimeout(30_000);
    await capture(stranger);
    try {
      await stranger.goto('/login');
      await stranger.evaluate(([k, l]) => localStorage.setItem(k, l), [LOCALE_STORAGE_KEY, locale] as const);
      await stranger.reload();
      await stranger.waitForLoadState('networkidle');
      await settled(stranger);
      for (const f of untranslated(locale, await readPage(stranger), data, identifiers)) findings.push(`/login ${f}`);
      log(`${locale} /login: ${findings.length} finding(s)`);
      for (const f of findings) log(`  ${f}`);
    } finally {
      await stranger.context().close();
    }
    // What the API sent is kept for the whole walk: a page that shows a name another page's
    // response brought (or one whose body could not be read in time) is not charged for it.
    let first = true;
    for (const route of paths()) {
      const started = Date.now();
      if (first) {
        await page.goto(route);
        await page.waitForLoadState('networkidle');
      } else await navigate(page, route);
      first = false;
      await settled(page);
      const report = (tab: string, seen: Seen[]) => {
        for (const f of untranslated(locale, seen, data, identifiers)) findings.push(`${route}${tab} ${f}`);
      };
      const before = findings.length;
      report('', await readPage(page));
      const tabs = page.locator('.nj-page .ant-tabs-nav').first().locator('.ant-tabs-tab');
      const n = await tabs.count();
      for (let i = 1; i < n; i++) {
        // A tab's content may redraw the page's tabs (a loaded machine showed fewer than were counted):
        // the tabs that are left are read, and the walk goes on to the next page.
        if (i >= (await tabs.count())) break;
        const tab = tabs.nth(i);
        if ((await tab.getAttribute('aria-disabled')) === 'true' || (await tab.locator('[aria-disabled="true"]').count()) > 0) continue;
        const name = ((await tab.textContent()) ?? '').trim();
        await tab.click();
        await settled(page);
        report(` [${name}]`, await readPage(page));
      }
      log(`${locale} ${route}: ${findings.length - before} finding(s), ${Date.now() - started} ms`);
      for (const f of findings.slice(before)) log(`  ${f}`);
    }
  } finally {
    await page.context().close();
  }
  return [...new Set(findings)];
}

beforeAll(async () => {
  browser = await launchBrowser();
  admin = await newPage(browser);
  fs.mkdirSync(path.dirname(REPORT), { recursive: true });
  fs.writeFileSync(REPORT, '');
  log('signing in');
  // The first load of the built app can be slow on a busy machine.
  await admin.goto('/login');
  await admin.getByPlaceholder('用户名').waitFor({ timeout: 90_000 });
  await signIn(admin, 'admin', E2E_ADMIN_PASSWORD);
  ids['orgs:id'] = String((await json<{ id: number }[]>('/api/orgs/tree'))[0]!.id);
  ids['people:id'] = String((await json<{ items: { id: number }[] }>('/api/people?pageSize=1')).items[0]!.id);
  ids['events:id'] = String((await json<{ items: { id: number }[] }>('/api/events?pageSize=1')).items[0]!.id);
  // The demo station with goods, services, inspections and a manager.
  ids['stations:id'] = String((await json<{ items: { id: number }[] }>(`/api/stations?q=${encodeURIComponent('中山路')}`)).items[0]!.id);
  const campaigns = (await json<{ items: { id: number; status: string }[] }>('/api/campaigns?pageSize=50')).items;
  ids['campaigns:id'] = String((campaigns.find((c) => c.status === 'running') ?? campaigns[0]!).id);
  // A file with a 送温暖 line from a campaign, so its fund source and campaign are shown too.
  const cases = (await json<{ items: { id: number }[] }>('/api/hardship/cases?pageSize=30')).items;
  ids['hardship:id'] = String(cases[0]!.id);
  for (const c of cases) {
    const view = await json<{ assistance: { fundSource: string }[] }>(`/api/hardship/cases/${c.id}`);
    if (view.assistance.some((a) => a.fundSource === 'campaign')) {
      ids['hardship:id'] = String(c.id);
      break;
    }
  }
  // A demo retrofit under construction (items, a cost change waiting, photos) and its programme.
  const retrofit = (await json<{ items: { id: number; programme: { id: number } }[] }>('/api/retrofits/plans?stage=building&pageSize=1')).items[0]!;
  ids['retrofits/plans:id'] = String(retrofit.id);
  ids['retrofits/programmes:id'] = String(retrofit.programme.id);
  // A model worker with honours, a status history, care and allowances (the demo's 王德林), and a paid allowance run.
  ids['modelworkers:id'] = String((await json<{ items: { id: number }[] }>(`/api/modelworkers?q=${encodeURIComponent('王德林')}`)).items[0]!.id);
  ids['modelworkers/runs:id'] = String((await json<{ items: { id: number }[] }>('/api/modelworkers/runs?status=paid&pageSize=1')).items[0]!.id);
  const points = await json<{ id: number }[]>('/api/points/mine');
  ids['distribute:pointId'] = String(points[0]?.id ?? '');
  // The check-in phone: the demo's entry list (checkin.demo.ts), and a pick-up point through the same kit.
  ids['checkin/event:id'] = String((await json<{ id: number }[]>('/api/checkin/lists'))[0]!.id);
  ids['checkin/point:id'] = String(points[0]!.id);
}, 180_000);
afterAll(() => browser.close());

// The two walks side by side: most of a walk is waiting for a page's requests to go quiet.
describe.concurrent('every page speaks the chosen language', () => {
  it('leaves no Chinese outside user data in English', { timeout: 1_200_000 }, async ({ expect }) => {
    expect(await walk('en')).toEqual([]);
  });

  it('leaves no Simplified-only character in 繁體', { timeout: 1_200_000 }, async ({ expect }) => {
    expect(await walk('zh-TW')).toEqual([]);
  });
});
