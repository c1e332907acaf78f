/**
 * 活动 in Chromium: the 新城区 cadre creates an event with one place and a session and opens
 * sign-up; a worker on a 390×844 phone signs up and gets the place, a second joins the waiting
 * list (number 1); the cadre cancels the first, the place is offered to the second, who accepts
 * it on the phone; the cadre marks attendance and the worker rates the event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot, signIn, phoneOptions, fixturesURL } from '../../../testing/browser.ts';

let browser: Browser;
let staff: Page;
const workers: { id: number; name: string; page: Page; context: BrowserContext }[] = [];
const TITLE = `职工法律宣讲${String(Date.now()).slice(-5)}`;
let eventId = 0;
/** Waits for what the page shows next (a busy machine takes its time). */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 30_000 });

/** A phone signed in as the registry person `personId` (the test server's worker-session fixture). */
async function phoneOf(personId: number, phone: string): Promise<{ page: Page; context: BrowserContext }> {
  const session = await fetch(`${fixturesURL()}/worker-session/${personId}/${phone}`, { method: 'POST' });
  expect(session.status).toBe(200);
  const context = await browser.newContext(phoneOptions());
  context.setDefaultTimeout(30_000);
  await context.addCookies([{ name: 'niangjia_wsid', value: await session.text(), domain: '127.0.0.1', path: '/api/m', httpOnly: true, sameSite: 'Lax' }]);
  return { page: await context.newPage(), context };
}

async function settled(p: Page, name: string) {
  await p.waitForLoadState('networkidle');
  await poll(() => p.locator('.ant-spin-spinning, .adm-spin-loading').count()).toBe(0);
  await screenshot(p, name);
}

beforeAll(async () => {
  browser = await launchBrowser();
  staff = await newPage(browser);
  staff.context().setDefaultTimeout(30_000);
  await signIn(staff, 'xinchengqu_cadre');
  // Two people of 新城区 from the end of the registry (other browser tests take theirs from the start).
  const people = (await (await staff.request.get('/api/people?pageSize=100')).json()).items as { id: number; name: string }[];
  expect(people.length).toBeGreaterThan(10);
  const stamp = String(Date.now()).slice(-7);
  // Two whose names tell their rows apart (the demo plants near-duplicates: the same name twice).
  const [a] = people.slice(-7);
  const b = people.slice(-6).find((p) => !p.name.includes(a!.name) && !a!.name.includes(p.name));
  for (const [i, p] of [a!, b!].entries()) workers.push({ ...p, ...(await phoneOf(p.id, `136${i}${stamp}`)) });
}, 180_000);
afterAll(async () => {
  await browser?.close();
});

/** Types a moment into one side of the session's time picker and confirms it. */
async function pick(placeholder: string, text: string) {
  const input = staff.getByRole('dialog').getByPlaceholder(placeholder);
  await input.click();
  await input.fill(text);
  await input.press('Enter');
}

describe('活动: an event with one place, a waiting list and an offered place', () => {
  it('is created with a session and one place, and opened', async () => {
    await staff.goto('/events');
    await poll(() => staff.getByTestId('event-new').count()).toBe(1);
    await staff.getByTestId('event-new').click();
    await staff.getByLabel('活动名称').fill(TITLE);
    await staff.getByRole('spinbutton', { name: '名额' }).fill('1');
    await poll(() => staff.getByTestId('audience-reach').textContent()).toMatch(/符合条件的职工：[\d,]+ 人/);
    await screenshot(staff, 'events-new');
    await staff.getByTestId('event-save').click();
    await staff.waitForURL(/\/events\/\d+\?tab=sessions$/);
    eventId = Number(/\/events\/(\d+)/.exec(staff.url())![1]);

    await staff.getByTestId('session-add').click();
    await pick('开始时间', '2027年3月10日 09:00');
    await pick('结束时间', '2027年3月10日 11:00');
    await staff.getByTestId('session-place').fill('新城区职工服务中心报告厅');
    await staff.getByTestId('session-save').click();
    await poll(() => staff.getByTestId('sessions-table').textContent()).toContain('新城区职工服务中心报告厅');
    await staff.getByTestId('event-open').click();
    await poll(() => staff.getByTestId('event-status').textContent()).toBe('报名中');
    await staff.goto('/events');
    await poll(() => staff.getByTestId('events-table').textContent()).toContain(TITLE);
    await settled(staff, 'events-list');
  });

  it('gives the place to the first worker and puts the second on the waiting list', async () => {
    const [a, b] = workers;
    await a!.page.goto('/m/');
    await a!.page.getByText('活动报名').first().click();
    await a!.page.getByTestId('event-item').filter({ hasText: TITLE }).click();
    await poll(() => a!.page.getByTestId('event-places').textContent()).toContain('剩余 1 个名额');
    await settled(a!.page, 'portal-event');
    await a!.page.getByTestId('event-signup').click();
    await poll(() => a!.page.getByTestId('signup-result').textContent()).toContain('报名成功');
    expect(await a!.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The confirmed place has a code to show at the door.
    await a!.page.goto('/m/events/mine');
    const mine = a!.page.getByTestId('my-signup-card').filter({ hasText: TITLE });
    await mine.getByTestId('my-ticket-show').click();
    await poll(() => mine.getByTestId('my-ticket-qr').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await settled(a!.page, 'portal-my-ticket');

    await b!.page.goto(`/m/events/${eventId}`);
    await poll(() => b!.page.getByTestId('event-signup').textContent()).toContain('加入候补');
    await b!.page.getByTestId('event-signup').click();
    await poll(() => b!.page.getByTestId('signup-result').textContent()).toContain('已加入候补，排第 1 位');
    await b!.page.goto('/m/events/mine');
    const card = b!.page.getByTestId('my-signup-card').filter({ hasText: TITLE });
    await poll(() => card.getByTestId('my-signup-position').textContent()).toBe('候补第 1 位，共 1 人候补');
    await settled(b!.page, 'portal-my-events');
    // 长辈版: the same page, larger.
    await b!.page.evaluate(() => localStorage.setItem('niangjia.portal.elder', '1'));
    await b!.page.reload();
    await poll(() => card.getByTestId('my-signup-status').textContent()).toBe('候补中');
    expect(await b!.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await settled(b!.page, 'portal-my-events-elder');
    await b!.page.evaluate(() => localStorage.setItem('niangjia.portal.elder', '0'));
  });

  it('offers the freed place to the one waiting when the cadre cancels the first, and the worker accepts it', async () => {
    const [a, b] = workers;
    await staff.goto(`/events/${eventId}`);
    const rowA = staff.getByTestId('signups-table').getByRole('row', { name: new RegExp(a!.name) });
    await poll(() => rowA.count()).toBe(1);
    await settled(staff, 'event-page');
    await rowA.getByRole('button', { name: /取消报名/ }).click();
    await staff.getByTestId('cancel-confirm').click();
    const rowB = staff.getByTestId('signups-table').getByRole('row', { name: new RegExp(b!.name) });
    await poll(() => rowB.getByTestId('signup-status').textContent()).toBe('递补待确认');

    await b!.page.goto('/m/events/mine');
    const card = b!.page.getByTestId('my-signup-card').filter({ hasText: TITLE });
    await poll(() => card.getByTestId('my-signup-offer').count()).toBe(1);
    await settled(b!.page, 'portal-offer');
    await card.getByTestId('offer-accept').click();
    await poll(() => card.getByTestId('my-signup-status').textContent()).toBe('已报名');
  });

  it('takes the attendance at the desk and the worker’s rating on the phone', async () => {
    const [, b] = workers;
    const rowB = staff.getByTestId('signups-table').getByRole('row', { name: new RegExp(b!.name) });
    await staff.reload();
    await poll(() => rowB.getByTestId('signup-status').textContent()).toBe('已报名');
    await rowB.getByRole('button', { name: /标记到场/ }).click();
    await poll(() => rowB.textContent()).toContain('到场');

    await b!.page.goto('/m/events/mine');
    const card = b!.page.getByTestId('my-signup-card').filter({ hasText: TITLE });
    await card.getByRole('button', { name: '4 星' }).click();
    await card.getByRole('textbox', { name: '评价' }).fill('讲得实在，案例贴近我们');
    await card.getByTestId('rating-submit').click();
    await poll(() => card.getByTestId('my-rating').textContent()).toContain('我的评分：4 星');
    expect(await card.getByTestId('my-certificate').count()).toBe(1);
    await settled(b!.page, 'portal-rated');

    const view = await (await staff.request.get(`/api/events/${eventId}`)).json();
    expect(view).toMatchObject({ attended: 1, ratings: 1, averageRating: 4, counts: { confirmed: 1, cancelled: 1, waiting: 0 } });
  });
});
