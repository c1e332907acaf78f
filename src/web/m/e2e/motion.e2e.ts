/**
 * The worker portal's toasts: 我的资料 says 已下载 after 下载个人信息副本 (a worker of 新城区 with a
 * record of their own), with no error on the page (src/testing/e2e-each.ts) — antd-mobile draws
 * toasts in a root of their own under React 19. On a phone set to less motion (iOS 减弱动态效果, Android 移除动画) the toast's
 * mask appears at once, with no fade; on a phone without that setting it fades in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, phoneOptions, registeredWorker } from '../../../testing/browser.ts';

let browser: Browser;
/** The worker's signed-in session, to open in a phone with either setting. */
let storageState: Awaited<ReturnType<BrowserContext['storageState']>>;

beforeAll(async () => {
  browser = await launchBrowser();
  const context = await registeredWorker(browser, '闫淑珍', '19720304');
  storageState = await context.storageState();
  await context.close();
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

describe('the worker portal’s toasts, and a phone’s less-motion setting', () => {
  /** Every opacity the toast's mask was given on its way in, in order. */
  async function maskOpacities(reducedMotion: 'reduce' | 'no-preference') {
    const context = await browser.newContext(phoneOptions({ reducedMotion, storageState }));
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await page.goto('/m/profile');
    const download = page.getByRole('button', { name: '下载个人信息副本' });
    await download.waitFor();
    await page.evaluate(() => {
      const w = window as unknown as { opacities: number[] };
      w.opacities = [];
      const read = (n: Node) => {
        for (const mask of n instanceof Element ? [n, ...n.querySelectorAll('.adm-mask')] : []) {
          if (mask.classList.contains('adm-mask') && (mask as HTMLElement).style.opacity !== '') w.opacities.push(Number((mask as HTMLElement).style.opacity));
        }
      };
      new MutationObserver((records) => {
        for (const r of records) {
          read(r.target);
          r.addedNodes.forEach(read);
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['style'] });
    });
    await Promise.all([page.waitForEvent('download'), download.click()]);
    await page.getByText('已下载').waitFor();
    await page.waitForTimeout(600);
    const seen = await page.evaluate(() => (window as unknown as { opacities: number[] }).opacities);
    await context.close();
    return seen;
  }
  const between = (values: number[]) => values.filter((v) => v > 0 && v < 1);

  it('shows the toast, at once on a phone set to less motion, and fading in otherwise', async () => {
    const still = await maskOpacities('reduce');
    expect(still.length, 'the toast’s mask was seen').toBeGreaterThan(0);
    expect(between(still)).toEqual([]);
    const moving = await maskOpacities('no-preference');
    expect(between(moving).length, `opacities on the way in: ${moving.join(', ')}`).toBeGreaterThan(0);
  });
});
