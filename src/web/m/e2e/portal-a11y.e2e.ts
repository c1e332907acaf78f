/**
 * Every page of the worker portal in Chromium at 390×844, signed in as a worker with a record,
 * in normal and in 长辈版 (elder) mode: axe-core finds no serious or critical violation; and in
 * elder mode the 2021 MIIT age-friendly sizes hold — text ≥ 18 pt (24 px), the main title
 * (.nj-title) ≥ 30 pt (40 px), line spacing ≥ 1.3, every tap target ≥ 60 px tall. Offenders are
 * reported by page and selector. No page throws an error while shown
 * (the check after every browser test, src/testing/e2e-each.ts).
 *
 * The pages are not listed here: they are read from the module manifests the portal is built from
 * (src/web/m/modules.ts), with the shell's own (/, /mine, /login); a page whose address has a
 * parameter (`help/:id`) is visited at an address another page links to, and one that no page
 * links to fails the test. The worker has a help application and a plan's cover for those links.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { launchBrowser, screenshot, phoneOptions, registeredWorker } from '../../../testing/browser.ts';
import { projectRoot } from '../../../server/paths.ts';

const ROOT = projectRoot();
const ELDER_KEY = 'niangjia.portal.elder';

/** Every page address the manifests name (routes, home services, 我的 entries), as `/x`. */
function portalPaths(): string[] {
  const dir = path.join(ROOT, 'src/web/m');
  const list = fs.readFileSync(path.join(dir, 'modules.ts'), 'utf8');
  const files = [...list.matchAll(/from '(\.[^']+\.tsx?)'/g)].map((m) => path.resolve(dir, m[1]!)).filter((f) => !f.endsWith('module.ts'));
  const paths = new Set(['/', '/mine', '/login']);
  for (const f of files) {
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/\bpath:\s*'([^']*)'/g)) {
      const p = m[1]!.replace(/^\/?/, '/').replace(/\/$/, '') || '/';
      if (!p.includes('*')) paths.add(p);
    }
  }
  return [...paths];
}

const pattern = (route: string) => new RegExp(`^${route.replace(/:[^/]+/g, '[^/]+')}$`);

let browser: Browser;
/** One signed-in context per mode (localStorage holds the mode, so the two walks keep apart). */
const contexts: Record<'normal' | 'elder', BrowserContext> = {} as Record<'normal' | 'elder', BrowserContext>;
let context: BrowserContext;
/** The worker the walk signs in as: a 新城区 record of its own with a help application and a plan's cover, so that the pages reached from those (帮扶申请详情, 申请互助金) are there to visit. */
const NAME = '苏桂英';

beforeAll(async () => {
  browser = await launchBrowser();
  // axe-core is added to the page as a script of the test's own, which the app's CSP would refuse.
  context = await registeredWorker(browser, NAME, '19660815', { bypassCSP: true });
  context.setDefaultTimeout(20_000);

  // What the worker has done on the phone before: applied for help, and joined the plan open to them.
  const headers = { 'x-csrf-token': ((await (await context.request.get('/api/m/me')).json()) as { csrfToken: string }).csrfToken };
  const applied = await context.request.post('/api/m/hardship/applications', {
    headers,
    data: {
      householdSize: 2,
      monthlyIncomeFen: 1_800_00,
      medicalSpendingFen: 0,
      educationSpendingFen: 0,
      otherSpendingFen: 0,
      mainCause: 'serious_illness',
      housing: 'rented',
      statement: '爱人患病，每周透析三次。',
      consent: true,
    },
  });
  expect(applied.status(), await applied.text()).toBe(201);
  const plans = (await (await context.request.get('/api/m/mutualaid/plans')).json()) as { id: number }[];
  expect(plans.length, 'a plan is open to the worker').toBeGreaterThan(0);
  const enrolled = await context.request.post(`/api/m/mutualaid/plans/${plans[0]!.id}/enrol`, { headers, data: { agree: true } });
  expect(enrolled.status(), await enrolled.text()).toBe(201);

  contexts.normal = context;
  contexts.elder = await browser.newContext(phoneOptions({ bypassCSP: true, storageState: await context.storageState() }));
  contexts.elder.setDefaultTimeout(20_000);
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

/** The page each mode's walk reuses: the portal is loaded once, then led from address to address as a link does. */
const pages: Partial<Record<'normal' | 'elder', { page: Page; inflight: () => number }>> = {};

async function open(elder: boolean, url: string): Promise<Page> {
  const mode = elder ? 'elder' : 'normal';
  let held = pages[mode];
  const address = `/m${url === '/' ? '/' : url}`;
  if (!held) {
    const page = await contexts[mode].newPage();
    let inflight = 0;
    const counted = (r: Request) => ['fetch', 'xhr', 'script', 'stylesheet', 'document'].includes(r.resourceType());
    page.on('request', (r) => void (counted(r) && inflight++));
    page.on('requestfinished', (r) => void (counted(r) && inflight--));
    page.on('requestfailed', (r) => void (counted(r) && inflight--));
    await page.addInitScript(([key, on]) => localStorage.setItem(key as string, on as string), [ELDER_KEY, elder ? '1' : '0']);
    await page.goto(address);
    await page.waitForLoadState('networkidle');
    held = pages[mode] = { page, inflight: () => inflight };
  } else {
    // The page that was shown must leave the document (the router may keep it while the next page's code loads).
    await held.page.evaluate((p) => {
      for (const el of document.querySelectorAll('.nj-page, .adm-nav-bar')) el.setAttribute('data-walk-left', '');
      history.pushState(null, '', p);
      dispatchEvent(new PopStateEvent('popstate'));
    }, address);
    await held.page.waitForFunction(() => !document.querySelector('[data-walk-left]'), null, { timeout: 5_000 }).catch(() => undefined);
  }
  const { page, inflight } = held;
  // Settled: no request in flight for 300 ms (Playwright's networkidle waits 500 ms after each, fonts included), no spinner.
  let quietSince = Date.now();
  const deadline = Date.now() + 30_000;
  for (;;) {
    await page.waitForTimeout(50);
    if (inflight() > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= 300 && (await page.evaluate(() => !document.querySelector('.adm-spin-loading, .adm-skeleton')))) break;
    if (Date.now() > deadline) throw new Error(`${url}: still loading after 30 s`);
  }
  await page.waitForTimeout(100);
  return page;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function axe(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: path.join(ROOT, 'node_modules/axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: AxeViolation[] }> } };
    const r = await w.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

/** The elder-mode sizes, measured as the browser computes them; each offender with a selector. */
function measureElder(page: Page) {
  return page.evaluate(() => {
    const selector = (el: Element): string => {
      const parts: string[] = [];
      for (let e: Element | null = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
        const cls = [...e.classList].filter((c) => !/^(css-|_)/.test(c)).slice(0, 2);
        parts.unshift(`${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${cls.map((c) => `.${c}`).join('')}`);
      }
      return parts.join(' > ');
    };
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0;
    };
    const label = (el: Element) => (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 20);
    const problems: string[] = [];
    const body = getComputedStyle(document.body);
    if (parseFloat(body.fontSize) < 24) problems.push(`body font-size ${body.fontSize} < 24px`);

    // Text: every visible element that holds text of its own.
    const seen = new Set<string>();
    for (const el of document.querySelectorAll('body *')) {
      if (!visible(el) || ['SCRIPT', 'STYLE', 'svg'].includes(el.tagName)) continue;
      const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim());
      if (!own) continue;
      const s = getComputedStyle(el);
      const size = parseFloat(s.fontSize);
      const lh = s.lineHeight === 'normal' ? 1.2 : parseFloat(s.lineHeight) / size;
      const where = `${selector(el)} "${label(el)}"`;
      if (size < 24 && !seen.has(`f${where}`)) {
        seen.add(`f${where}`);
        problems.push(`text ${s.fontSize} < 24px: ${where}`);
      }
      if (lh < 1.3 - 1e-6 && !seen.has(`l${where}`)) {
        seen.add(`l${where}`);
        problems.push(`line-height ${s.lineHeight} (${lh.toFixed(2)}) < 1.3: ${where}`);
      }
    }

    // The main title.
    const titles = [...document.querySelectorAll('.nj-title')].filter(visible);
    if (!titles.length) problems.push('no main title (.nj-title) on the page');
    for (const t of titles) {
      const size = parseFloat(getComputedStyle(t).fontSize);
      if (size < 40) problems.push(`title ${size}px < 40px: ${selector(t)} "${label(t)}"`);
    }

    // Tap targets: the element, or the tappable element around it, at least 60 px tall.
    const TAPPABLE =
      'a[href], button, [role="button"], [role="tab"], [role="switch"], [role="checkbox"], [role="radio"], [role="link"], input:not([type="hidden"]), select, textarea, label, .adm-list-item-content, .nj-tap';
    for (const el of document.querySelectorAll(TAPPABLE)) {
      if (!visible(el)) continue;
      let ok = false;
      for (let e: Element | null = el; e && e !== document.body; e = e.parentElement) {
        if (e.matches(TAPPABLE) && visible(e) && e.getBoundingClientRect().height >= 60 - 0.5) {
          ok = true;
          break;
        }
      }
      if (!ok) problems.push(`tap target ${Math.round(el.getBoundingClientRect().height)}px < 60px: ${selector(el)} "${label(el)}"`);
    }
    return problems;
  });
}

/** Visits every page in one mode: static addresses first, then those with a parameter at the addresses the pages link to. */
async function visitAll(elder: boolean, check: (page: Page, url: string) => Promise<void>) {
  const paths = portalPaths();
  const fixed = paths.filter((p) => !p.includes(':'));
  const withParams = paths.filter((p) => p.includes(':'));
  const linked = new Set<string>();
  const visited: string[] = [];
  /** Addresses with a parameter that no page links to: a page the walk cannot check, so a failure. */
  const unreached: string[] = [];
  for (const url of fixed) {
    const page = await open(elder, url);
    for (const href of await page.locator('a[href^="/m/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!))) linked.add(href.slice(2));
    await check(page, url);
    visited.push(url);
  }
  for (const route of withParams) {
    const url = [...linked].find((l) => pattern(route).test(l) && !fixed.includes(l));
    if (!url) {
      unreached.push(route);
      continue;
    }
    const page = await open(elder, url);
    await check(page, url);
    visited.push(url);
  }
  return { visited, unreached };
}

// The two modes side by side: most of a visit is waiting for the page's requests to go quiet.
describe.concurrent('the worker portal’s pages at 390×844, as a signed-in worker', () => {
  it('have no serious or critical axe-core violation in normal mode', async ({ expect }) => {
    const found: string[] = [];
    const { visited, unreached } = await visitAll(false, async (page, url) => {
      for (const v of await axe(page)) {
        if (v.impact === 'serious' || v.impact === 'critical')
          found.push(`${url} ${v.impact} ${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
      }
    });
    expect(visited.length).toBeGreaterThanOrEqual(3);
    expect(unreached, 'pages no other page links to').toEqual([]);
    expect(found).toEqual([]);
  }, 600_000);

  it('have no serious or critical axe-core violation in elder mode, and the age-friendly sizes hold', async ({ expect }) => {
    const found: string[] = [];
    const sizes: string[] = [];
    const { unreached } = await visitAll(true, async (page, url) => {
      expect(await page.evaluate(() => document.documentElement.classList.contains('nj-elder')), `${url} in elder mode`).toBe(true);
      for (const v of await axe(page)) {
        if (v.impact === 'serious' || v.impact === 'critical')
          found.push(`${url} ${v.impact} ${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
      }
      for (const p of await measureElder(page)) sizes.push(`${url} ${p}`);
      await screenshot(page, `portal-elder${url.replace(/\//g, '-') || '-home'}`);
    });
    expect.soft(found).toEqual([]);
    expect.soft(unreached, 'pages no other page links to').toEqual([]);
    expect(sizes).toEqual([]);
  }, 600_000);
});
