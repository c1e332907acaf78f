/**
 * A worker's phone at 390×844 asks, on 我的资料, that their address be corrected; the request is in
 * the staff queue 信息更正申请, where the union accepts it; the worker's 消息 tab then counts one
 * unread message, the list says 未读 in words, and opening it marks it read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot, signIn, phoneContext, fixturesURL } from '../../../testing/browser.ts';

let browser: Browser;
let admin: Page;
let worker: BrowserContext;
let w: Page;
let person = { id: 0, name: '' };
const address = `海拉尔东路 ${String(Date.now()).slice(-4)} 号`;

beforeAll(async () => {
  browser = await launchBrowser();
  admin = await newPage(browser);
  admin.context().setDefaultTimeout(60_000);
  await signIn(admin, 'miyun_admin');
  const list = (await (await admin.request.get('/api/people?pageSize=50')).json()).items as { id: number; name: string }[];
  // Not one of the demo's workers, whose phones are already bound to their records.
  const info = (await (await admin.request.get('/api/m/auth/sign-in/info')).json()) as { demoWorkers: { name: string }[] };
  person = list.filter((p) => !info.demoWorkers.some((w) => w.name === p.name)).at(-1)!;
  const phone = `137${String(Date.now()).slice(-8)}`;
  const session = await fetch(`${fixturesURL()}/worker-session/${person.id}/${phone}`, { method: 'POST' });
  expect(session.status).toBe(200);
  worker = await phoneContext(browser, 60_000);
  await worker.addCookies([{ name: 'niangjia_wsid', value: await session.text(), domain: '127.0.0.1', path: '/api/m', httpOnly: true, sameSite: 'Lax' }]);
  w = await worker.newPage();
}, 240_000);
afterAll(async () => {
  await browser?.close();
});

describe('我的资料 and 消息 on a worker’s phone', () => {
  it('shows my record masked and sends a correction request', async () => {
    await w.goto('/m/profile');
    await expect.poll(() => w.getByTestId('profile-姓名').textContent()).toBe(person.name);
    expect(await w.getByTestId('profile-证件号码').textContent()).toMatch(/\*{4,}/);
    expect(await w.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await w.getByRole('button', { name: '申请更正信息' }).click();
    await w.getByLabel('要更正的项目').selectOption('address');
    await w.getByRole('textbox', { name: '更正后的内容' }).fill(address);
    await w.locator('textarea').fill('已搬家');
    await w.getByRole('button', { name: '提交更正申请' }).click();
    await expect.poll(() => w.getByTestId('my-correction-status').first().textContent()).toBe('待处理');
    await screenshot(w, 'portal-profile-correction');
  }, 120_000);

  it('is in the staff queue 信息更正申请, where the union accepts it', async () => {
    await admin.goto('/people/corrections');
    const row = admin.getByRole('row').filter({ hasText: address });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain(person.name);
    await row.getByRole('button', { name: '采纳' }).click();
    await admin.locator('.ant-popconfirm').getByRole('button', { name: '采纳' }).click();
    await expect.poll(() => admin.getByRole('row').filter({ hasText: address }).count()).toBe(0);
    const p = await (await admin.request.get(`/api/people/${person.id}`)).json();
    expect(p.address).toBe(address);
  }, 120_000);

  it('counts the unread message on the 消息 tab, says 未读 in words, and marks it read when opened', async () => {
    await w.goto('/m/');
    const tab = w.getByRole('navigation');
    await expect.poll(async () => Number((await tab.locator('.adm-badge-content').first().textContent()) ?? 0)).toBeGreaterThan(0);
    await w.goto('/m/messages');
    const message = w.getByTestId('message').filter({ hasText: '您的住址已更正' });
    await expect.poll(() => message.count()).toBe(1);
    expect(await message.getAttribute('data-read')).toBe('no');
    expect(await message.getByTestId('message-unread').textContent()).toBe('未读');
    await expect.poll(() => w.getByTestId('unread-count').textContent()).toMatch(/\d+ 条未读/);
    expect(await w.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(w, 'portal-messages');
    await message.getByRole('button').first().click();
    await expect.poll(() => message.getByTestId('message-body').textContent()).toContain(address);
    await expect.poll(() => message.getAttribute('data-read')).toBe('yes');
    expect(await message.getByTestId('message-unread').count()).toBe(0);
  }, 120_000);
});
