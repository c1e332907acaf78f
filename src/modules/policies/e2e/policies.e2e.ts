import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newPage, screenshot, signIn } from '../../../testing/browser.ts';
import { thisYear } from '../../../testing/dates.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

describe('政策参数 in the browser', () => {
  it('shows inherited values with their source, sets an own value in 元 and withdraws it before it applies', async () => {
    const page = await newPage(browser);
    await signIn(page, 'hhht_admin');
    await page.goto('/policies');
    const row = (label: string) => page.locator('tr', { hasText: label }).first();
    await expect.poll(() => row('城乡低保标准').textContent()).toContain('935.00');
    expect(await row('医疗救助上限').textContent()).toContain('继承自');
    expect(await row('医疗救助上限').textContent()).toContain('中华全国总工会');
    await row('临时救助上限').getByRole('button', { name: /设置/ }).click();
    const dialog = page.locator('.ant-modal-wrap:visible');
    await dialog.locator('input').first().fill('3500');
    const next = `${Number(thisYear()) + 1}-01-01`;
    await dialog.getByLabel('生效日期').fill(next);
    await dialog.getByLabel('生效日期').press('Enter');
    await dialog.getByRole('button', { name: /保存|确定/ }).click();
    await expect.poll(() => page.locator('.ant-modal-wrap:visible').count()).toBe(0);
    await screenshot(page, 'policies');
    const res = await (await page.request.get('/api/policies')).json();
    const own = res.items.find((i: { key: string }) => i.key === 'temp_relief_cap').own;
    expect(own[0]).toMatchObject({ value: 350000, effectiveFrom: next, pending: true });
    await page.context().close();
  });
});
