import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, pressUntil, screenshot, signIn } from '../../../testing/browser.ts';
import { E2E_ADMIN_PASSWORD } from '../../../testing/e2e-setup.ts';

let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await launchBrowser();
  page = await newPage(browser);
  await signIn(page, 'admin', E2E_ADMIN_PASSWORD);
});
afterAll(() => browser.close());

const dialog = () => page.locator('.ant-modal-wrap:visible');
const table = () => page.getByTestId('occupations-table');
const row = (code: string) => table().locator(`tr[data-row-key="${code}"]`);

describe('职业代码表 in the browser', () => {
  it('the system administrator opens the list from 职工档案 and sees how many people hold each occupation', async () => {
    await page.goto('/people');
    await expect.poll(() => page.getByTestId('people-total').textContent()).toMatch(/\d/);
    await screenshot(page, 'people-list-admin');
    await page.getByRole('button', { name: '职业代码表' }).click();
    await page.waitForURL(/\/people\/occupations$/);
    await row('sanitation').waitFor({ timeout: 30_000 });
    expect(await row('sanitation').textContent()).toContain('环卫工人');
    expect(await row('sanitation').textContent()).toContain('内置');
    // The demo registry has sanitation workers: the count links to them in the people list.
    expect(Number((await row('sanitation').locator('a').textContent())?.replace(/,/g, ''))).toBeGreaterThan(0);
  });

  it('adds an occupation — a bad code is refused at its field in Chinese — then renames it', async () => {
    await page.getByTestId('occupation-add').click();
    await dialog().getByLabel('职业名称').fill('网格员');
    await dialog().getByLabel('职业代码').fill('Grid-Worker');
    const codeItem = dialog()
      .locator('.ant-form-item')
      .filter({ has: page.getByLabel('职业代码') });
    await pressUntil(dialog().getByRole('button', { name: /保\s*存/ }), async () => (await codeItem.locator('.ant-form-item-explain-error').count()) > 0);
    await expect.poll(() => codeItem.locator('.ant-form-item-explain-error').textContent()).toBe('职业代码须为小写字母开头的字母、数字或下划线（2–40 位）');
    await screenshot(page, 'occupation-add-error');

    await dialog().getByLabel('职业代码').fill('grid_worker');
    await dialog()
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await expect.poll(() => row('grid_worker').textContent()).toContain('网格员');
    expect(await row('grid_worker').textContent()).toContain('自定义');
    await expect.poll(() => dialog().count()).toBe(0);

    await page.getByTestId('occupation-rename-grid_worker').click();
    // A name another occupation has is refused at 职业名称 by the server (409).
    await dialog().getByLabel('职业名称').fill('环卫工人');
    await pressUntil(dialog().getByRole('button', { name: /保\s*存/ }), async () => (await dialog().locator('.ant-form-item-explain-error').count()) > 0);
    await expect.poll(() => dialog().locator('.ant-form-item-explain-error').textContent()).toBe('已有同名职业');
    await screenshot(page, 'occupation-rename-conflict');
    await dialog().getByLabel('职业名称').fill('社区网格员');
    await dialog()
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await expect.poll(() => row('grid_worker').textContent()).toContain('社区网格员');
    // Scrolled back to the top, so that the fixed header and menu sit where a person sees them.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: '/tmp/occupations.png', fullPage: true });
    await screenshot(page, 'occupations');
  });

  it('offers the renamed occupation in the person form’s 职业 select', async () => {
    await page.goto('/people');
    await page.getByRole('button', { name: '新增职工' }).click();
    await dialog().getByLabel('职业').click();
    await page.keyboard.type('社区网格');
    const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await expect.poll(() => option.allTextContents()).toEqual(['社区网格员']);
    await dialog()
      .getByRole('button', { name: /取\s*消/ })
      .click();
  });

  it('shows a union administrator the list read-only, without the button on 职工档案', async () => {
    const other = await newPage(browser);
    await signIn(other, 'hhht_admin');
    await other.goto('/people');
    await expect.poll(() => other.getByTestId('people-total').textContent()).toMatch(/\d/);
    expect(await other.getByRole('button', { name: '职业代码表' }).count()).toBe(0);
    await other.goto('/people/occupations');
    const added = other.getByTestId('occupations-table').locator('tr[data-row-key="grid_worker"]');
    await added.waitFor({ timeout: 30_000 });
    expect(await added.textContent()).toContain('社区网格员');
    expect(await other.getByTestId('occupation-add').count()).toBe(0);
    expect(await other.getByTestId('occupation-rename-grid_worker').count()).toBe(0);
    await other.context().close();
  });
});
