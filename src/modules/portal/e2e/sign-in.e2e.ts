/**
 * A worker's phone at 390×844 on the demo: the sign-in page prints the demo workers' phones; the
 * worker taps one, asks for a code, reads it under the 演示 banner, types it, and lands on the home
 * page showing their name. A worker with no record is offered 核验身份 from a page that needs one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot, phoneContext, baseURL } from '../../../testing/browser.ts';

let browser: Browser;
let ctx: BrowserContext;
let p: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  ctx = await phoneContext(browser, 30_000);
  p = await ctx.newPage();
}, 120_000);
afterAll(async () => {
  await browser.close();
});

describe('signing in to the portal by phone', () => {
  it('signs in a demo worker with the code the demo shows, and lands on the home page with their name', async () => {
    await p.goto('/m/login');
    await expect.poll(() => p.getByText('演示职工（点选即可填入手机号）').count()).toBe(1);
    const info = (await (await p.request.get('/api/m/auth/sign-in/info')).json()) as { demoWorkers: { phone: string; name: string; org: string }[] };
    expect(info.demoWorkers.length).toBeGreaterThan(0);
    const worker = info.demoWorkers[0]!;
    await p.getByText(worker.phone).click();
    await expect.poll(() => p.getByPlaceholder('请输入 11 位手机号').inputValue()).toBe(worker.phone);
    await p.getByRole('button', { name: '获取验证码' }).click();
    const demo = p.getByTestId('demo-code');
    await demo.waitFor();
    const code = /验证码为 (\d{6})/.exec((await demo.textContent()) ?? '')![1]!;
    await expect.poll(() => p.getByRole('button', { name: /秒后重发/ }).count()).toBe(1);
    await p.getByPlaceholder('请输入 6 位验证码').fill(code);
    await screenshot(p, 'portal-sign-in');
    await p.getByRole('button', { name: /^登\s*录$/ }).click();
    await p.waitForURL((url) => url.pathname === '/m/' || url.pathname === '/m');
    await expect.poll(() => p.getByText(`${worker.name} · ${worker.org}`).count(), { timeout: 15_000 }).toBe(1);
    await screenshot(p, 'portal-home-signed-in');
  });

  it('says a wrong code is wrong and how many tries are left', async () => {
    const other = await ctx.browser()!.newContext({ baseURL: baseURL(), viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const q = await other.newPage();
    try {
      await q.goto('/m/login?redirect=%2Fbind');
      await q.getByPlaceholder('请输入 11 位手机号').fill('13512340000');
      await q.getByRole('button', { name: '获取验证码' }).click();
      const code = /验证码为 (\d{6})/.exec((await q.getByTestId('demo-code').textContent()) ?? '')![1]!;
      await q.getByPlaceholder('请输入 6 位验证码').fill(code === '000000' ? '111111' : '000000');
      await q.getByRole('button', { name: /^登\s*录$/ }).click();
      await expect.poll(() => q.getByText('验证码不正确，还可再试 4 次').count()).toBe(1);
      await q.getByPlaceholder('请输入 6 位验证码').fill(code);
      await q.getByRole('button', { name: /^登\s*录$/ }).click();
      // Not in the registry: back to where they were going, 核验身份.
      await q.waitForURL((url) => url.pathname === '/m/bind');
      await expect.poll(() => q.getByRole('button', { name: '核验并关联' }).count()).toBe(1);
      await screenshot(q, 'portal-bind');
    } finally {
      await other.close();
    }
  });
});
