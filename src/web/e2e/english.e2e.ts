import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newPage, signIn } from '../../testing/browser.ts';
import { E2E_ADMIN_PASSWORD } from '../../testing/e2e-setup.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

const CHINESE = /[\u4e00-\u9fff]/;

describe('the English switch', () => {
  it('translates the menu, and each page in its own module’s words', async () => {
    const page = await newPage(browser);
    await signIn(page, 'admin', E2E_ADMIN_PASSWORD);
    await page.evaluate(() => localStorage.setItem('niangjia.locale', 'en'));

    await page.goto('/audit?entity=account');
    await expect.poll(() => page.locator('.ant-menu').first().textContent()).toContain('Organizations');
    expect(await page.locator('.ant-menu').first().textContent()).not.toMatch(CHINESE);
    // 账号 as an audit record's type (the filter, read from the address) is one account; the home page's 账号 counts accounts.
    await expect.poll(async () => (await page.locator('.nj-page .ant-card .ant-select').first().textContent())?.trim()).toBe('Account');

    // 单位 on the hardship ledger is the union holding the file.
    await page.goto('/hardship');
    await expect.poll(() => page.locator('.ant-table-thead th').allTextContents()).toContain('Org');
    expect(await page.locator('.ant-table-thead th').allTextContents()).toContain('File no.');
    expect(await page.locator('.ant-breadcrumb').first().textContent()).not.toMatch(CHINESE);
    await page.context().close();
  });
});
