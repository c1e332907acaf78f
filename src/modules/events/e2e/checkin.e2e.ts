/**
 * Check-in without a network, on two phones: each downloads the entry list, Chromium's network is
 * cut (the page reloads from its service worker and its IndexedDB copy), people are checked in on
 * the first phone and one of them again on the second; when the network returns both sync, and
 * the event ends with one line per person and the second phone's check-in as a conflict staff see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPage, phoneContext, screenshot, signIn } from '../../../testing/browser.ts';

let browser: Browser;
let admin: Page;
let phoneA: BrowserContext;
let phoneB: BrowserContext;
let a: Page;
let b: Page;
let eventId = 0;
let listId = 0;
const people: { name: string; code: string }[] = [];
let total = 0;

async function api<T>(method: 'get' | 'post', path: string, data?: unknown): Promise<T> {
  const csrf = (await (await admin.request.get('/api/auth/me')).json()).csrfToken as string;
  const res = method === 'get' ? await admin.request.get(path) : await admin.request.post(path, { data, headers: { 'x-csrf-token': csrf } });
  expect(res.status(), `${path}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as T;
}

beforeAll(async () => {
  browser = await launchBrowser();
  admin = await newPage(browser);
  admin.context().setDefaultTimeout(60_000);
  await signIn(admin, 'miyun_admin');
  // The demo's lecture of 密云区 with its entry list (checkin.demo.ts).
  const lists = await api<{ id: number; eventId: number; eventTitle: string; name: string }[]>('get', '/api/checkin/lists');
  const entry = lists.find((l) => l.eventTitle === '劳模工匠进基层宣讲会' && l.name === '入场签到')!;
  expect(entry).toBeTruthy();
  [eventId, listId] = [entry.eventId, entry.id];
  const list = await api<{ entries: { ref: number; nameMasked: string }[] }>('get', `/api/checkin/lists/${listId}/download`);
  for (const e of list.entries.slice(0, 3)) {
    const { code } = await api<{ code: string }>('get', `/api/events/${eventId}/signups/${e.ref}/ticket`);
    people.push({ name: e.nameMasked, code });
  }
  total = list.entries.length;
  phoneA = await phoneContext(browser, 60_000);
  phoneB = await phoneContext(browser, 60_000);
  a = await phoneA.newPage();
  b = await phoneB.newPage();
}, 240_000);
afterAll(async () => {
  await browser.close();
});

/** Signs the phone in, opens the list and waits until the list is on the phone and the page cached for offline use. */
async function ready(p: Page) {
  await signIn(p, 'miyun_volunteer');
  await p.goto(`/checkin/event/${listId}`);
  await expect.poll(() => p.getByTestId('list-size').textContent(), { timeout: 45_000 }).toContain(`名单 ${total} 人`);
  await expect.poll(() => p.getByTestId('checkin-page').getAttribute('data-sw'), { timeout: 30_000 }).toBe('ready');
}

async function checkIn(p: Page, code: string) {
  await p.getByTestId('code-input').fill(code);
  await p.getByTestId('code-submit').click();
  await expect.poll(() => p.getByTestId('checkin-notice').textContent()).toMatch(/签到成功/);
}

// Each step takes the phones from where the one before left them (offline, then back): a step
// retried on its own would start from the wrong place.
describe('check-in on two phones without a network', { retry: 0 }, () => {
  it('downloads the list, keeps working offline (even after a reload), and queues every check-in', async () => {
    await ready(a);
    await ready(b);
    await phoneA.setOffline(true);
    await phoneB.setOffline(true);
    // The page comes back from the service worker and the list from IndexedDB.
    await a.reload();
    await expect.poll(() => a.getByTestId('network-state').textContent()).toBe('离线');
    await expect.poll(() => a.getByTestId('list-size').textContent(), { timeout: 45_000 }).toContain(`名单 ${total} 人`);
    for (const p of people) await checkIn(a, p.code);
    // Scanned again on the same phone: refused there and then, nothing queued.
    await a.getByTestId('code-input').fill(people[0]!.code);
    await a.getByTestId('code-submit').click();
    await expect.poll(() => a.getByTestId('checkin-notice').textContent()).toContain('已签到，不再重复记录');
    await expect.poll(() => a.getByTestId('queue-count').textContent()).toBe(String(people.length));
    // A code from nowhere is not on the list.
    await a.getByTestId('code-input').fill('NJE1-ZZZ-AAAAAAAAAAAAAAAA');
    await a.getByTestId('code-submit').click();
    await expect.poll(() => a.getByTestId('checkin-notice').textContent()).toContain('不在本清单中');
    await checkIn(b, people[0]!.code);
    await expect.poll(() => b.getByTestId('queue-count').textContent()).toBe('1');
    expect(await a.getByTestId('offline-banner').count()).toBe(1);
    await screenshot(a, 'checkin-phone-offline');
  }, 180_000);

  it('syncs when the network returns: one line per person, the second phone’s check-in a duplicate', async () => {
    await phoneA.setOffline(false);
    await expect.poll(() => a.getByTestId('network-state').textContent()).toBe('在线');
    await expect.poll(() => a.getByTestId('item-ok').count(), { timeout: 30_000 }).toBe(people.length);
    await expect.poll(() => a.getByTestId('queue-count').textContent()).toBe('0');
    await phoneB.setOffline(false);
    await expect.poll(() => b.getByTestId('item-duplicate').count(), { timeout: 30_000 }).toBe(1);
    expect(await b.getByTestId('item-duplicate').textContent()).toContain('重复签到');
    await screenshot(a, 'checkin-phone-synced');
    await screenshot(b, 'checkin-phone-duplicate');
  }, 120_000);

  it('shows staff one line per person and the conflict', async () => {
    // From the event's page, as staff get there.
    await admin.goto(`/events/${eventId}`);
    await admin.getByTestId('to-checkin').click({ timeout: 45_000 });
    await expect.poll(() => admin.url()).toContain(`/events/${eventId}/checkin`);
    const lines = admin.locator('tr.checkin-line-row');
    await expect.poll(() => lines.count(), { timeout: 30_000 }).toBe(people.length);
    const names = await lines.locator('td:first-child').allTextContents();
    expect(names.sort()).toEqual(people.map((p) => p.name).sort());
    const conflicts = admin.locator('tr.checkin-conflict-row');
    await expect.poll(() => conflicts.count()).toBe(1);
    expect(await conflicts.first().textContent()).toContain(people[0]!.name);
    expect(await conflicts.first().textContent()).toContain('重复签到');
    await screenshot(admin, 'checkin-staff-conflicts');
  }, 120_000);
});
