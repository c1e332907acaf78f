import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot, signIn } from '../../../testing/browser.ts';

let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await launchBrowser();
  page = await newPage(browser);
  await signIn(page, 'nmg_admin');
});
afterAll(() => browser.close());

const tree = () => page.getByTestId('org-tree');
const dialog = () => page.locator('.ant-modal-wrap:visible');
const treeNode = (name: string) => page.locator('.ant-tree-treenode', { has: page.getByText(name, { exact: true }) });

async function openInTree(...names: string[]) {
  await page.goto('/orgs');
  for (const name of names.slice(0, -1)) {
    const node = treeNode(name);
    if ((await node.getAttribute('aria-expanded')) !== 'true' && !(await node.locator('.ant-tree-switcher_open').count())) {
      await node.locator('.ant-tree-switcher').click();
    }
  }
  await tree().getByText(names.at(-1)!, { exact: true }).click();
  await expect.poll(() => page.getByTestId('org-title').textContent()).toContain(names.at(-1)!);
}

describe('组织架构 in the browser', () => {
  it('browses the lazily loaded tree with counts and shows the breadcrumb of the selected org', async () => {
    await page.goto('/orgs');
    await expect.poll(() => tree().textContent()).toContain('内蒙古自治区总工会');
    await openInTree('内蒙古自治区总工会', '呼和浩特市总工会', '呼和浩特市新城区总工会');
    expect(page.url()).toMatch(/\/orgs\/\d+$/);
    const hhhtNode = await treeNode('呼和浩特市总工会').textContent();
    expect(hhhtNode).toMatch(/呼和浩特市总工会\s*\(\d+\)/);
    const detail = await page.getByTestId('org-detail').textContent();
    expect(detail).toContain('旗县区总工会');
    expect(detail).toContain('150102');
    const crumbs = await page.locator('.ant-breadcrumb').last().textContent();
    expect(crumbs).toContain('内蒙古自治区总工会');
    expect(crumbs).toContain('呼和浩特市总工会');
    await screenshot(page, 'orgs-tree');
  });

  it('finds an org by pinyin initials and opens the tree along its path', async () => {
    await page.goto('/orgs');
    await page.getByTestId('org-search').locator('input').fill('btszgh');
    const hit = page.getByTestId('org-search-results').locator('.nj-search-hit').first();
    await expect.poll(() => hit.textContent()).toContain('包头市总工会');
    await hit.click();
    await expect.poll(() => page.getByTestId('org-title').textContent()).toContain('包头市总工会');
  });

  it('edits an org, with the contract’s message at a bad field, and the change appears in the audit log', async () => {
    await openInTree('内蒙古自治区总工会', '呼和浩特市总工会', '呼和浩特市新城区总工会');
    await page.getByRole('button', { name: '编辑' }).click();
    const phone = dialog().getByLabel('联系电话');
    await phone.fill('12345');
    await dialog().getByRole('button', { name: '保存' }).click();
    await expect.poll(() => dialog().textContent()).toContain('联系电话格式不正确');
    await phone.fill('0471-6900123');
    await dialog().getByLabel('联系人').fill('乌云其其格');
    await dialog().getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByTestId('org-descriptions').textContent()).toContain('乌云其其格');
    expect(await page.getByTestId('org-descriptions').textContent()).toContain('0471-6900123');

    const auditor = await newPage(browser);
    await signIn(auditor, 'nmg_auditor');
    await auditor.goto('/audit');
    const row = auditor.getByTestId('audit-table').locator('tr', { hasText: '修改组织 呼和浩特市新城区总工会' }).first();
    await expect.poll(() => row.count()).toBeGreaterThan(0);
    expect(await row.textContent()).toContain('nmg_admin');
    await row.locator('button.ant-table-row-expand-icon').click();
    await expect.poll(() => auditor.getByTestId('audit-table').textContent()).toContain('乌云其其格');
    await screenshot(auditor, 'audit-entry');
    await auditor.context().close();
  });

  it('adds a child union and moves it to a sibling county', async () => {
    await openInTree('内蒙古自治区总工会', '呼和浩特市总工会', '呼和浩特市新城区总工会');
    await page.getByRole('button', { name: '新增下级' }).click();
    await dialog().getByLabel('组织类型').click();
    await page.locator('.ant-select-dropdown:visible').getByText('基层工会', { exact: true }).click();
    await dialog().getByLabel('组织名称').fill('新城区外卖配送站工会');
    await dialog().getByRole('button', { name: '保存' }).click();
    await expect.poll(() => tree().textContent()).toContain('新城区外卖配送站工会');

    await tree().getByText('新城区外卖配送站工会', { exact: true }).click();
    await expect.poll(() => page.getByTestId('org-title').textContent()).toContain('新城区外卖配送站工会');
    await page.getByRole('button', { name: '移动' }).click();
    await dialog().locator('.ant-tree-select').click();
    const dropdown = page.locator('.ant-select-dropdown:visible');
    // Open 呼和浩特市总工会 (its children load on opening) unless it is open already: a second click
    // on its switcher would close it. Then find the county by typing, as a user would in a long
    // list: the list draws only the rows in view, and other tests add orgs to this tree.
    const city = dropdown.locator('.ant-select-tree-treenode', { hasText: '呼和浩特市总工会' }).first();
    if (!/switcher-open/.test((await city.getAttribute('class')) ?? '')) await city.locator('.ant-select-tree-switcher').click();
    await expect
      .poll(async () => /switcher-open/.test((await city.getAttribute('class')) ?? '') && (await city.locator('.anticon-loading').count()) === 0, {
        timeout: 30_000,
      })
      .toBe(true);
    await dialog().locator('.ant-tree-select input').fill('赛罕区');
    await dropdown.getByText('呼和浩特市赛罕区总工会', { exact: true }).click();
    await dialog().getByRole('button', { name: '确认移动' }).click();
    const crumbs = page.locator('.ant-breadcrumb').last();
    await expect.poll(() => crumbs.textContent()).toContain('呼和浩特市赛罕区总工会');
    await screenshot(page, 'orgs-moved');
  });

  it('switches the whole interface to Traditional Chinese and keeps the choice', async () => {
    await page.goto('/orgs');
    await page.getByTestId('lang-switch').click();
    await page.getByRole('menuitem', { name: '繁體' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-TW');
    await expect.poll(() => page.locator('.ant-menu').first().textContent()).toContain('組織架構');
    await expect.poll(() => tree().textContent()).toContain('內蒙古自治區總工會');
    await page.reload();
    await expect.poll(() => page.locator('.ant-menu').first().textContent()).toContain('政策參數');
    await screenshot(page, 'orgs-zh-tw');
    await page.getByTestId('lang-switch').click();
    await page.getByRole('menuitem', { name: '简体' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  });
});
