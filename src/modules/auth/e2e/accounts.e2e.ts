import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newPage, screenshot, signIn } from '../../../testing/browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

describe('账号管理 in the browser', () => {
  it('an administrator creates an account; its owner must replace the initial password first', async () => {
    const admin = await newPage(browser);
    await signIn(admin, 'hhht_admin');
    await admin.goto('/accounts');
    await admin.getByRole('button', { name: '新增账号' }).click();
    const dialog = admin.locator('.ant-modal-wrap:visible');
    await dialog.getByLabel('用户名').fill('xcq_clerk');
    await dialog.getByLabel('姓名').fill('其木格');
    await dialog.getByLabel('所属组织').click();
    const dropdown = admin.locator('.ant-select-dropdown:visible');
    await dropdown.getByText('呼和浩特市新城区总工会', { exact: true }).click();
    await dialog.getByLabel('角色').click();
    await admin.locator('.ant-select-dropdown:visible').getByText('工会干部', { exact: true }).click();
    await dialog.getByLabel('初始密码').fill('Start2026a');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => admin.locator('.ant-table').textContent()).toContain('xcq_clerk');
    expect(await admin.locator('tr', { hasText: 'xcq_clerk' }).textContent()).toContain('须改密');
    await expect.poll(() => admin.locator('.ant-modal-wrap:visible').count()).toBe(0);
    await screenshot(admin, 'accounts');
    await admin.context().close();

    const clerk = await newPage(browser);
    await signIn(clerk, 'xcq_clerk', 'Start2026a');
    await clerk.waitForURL(/\/me\/password/);
    expect(await clerk.getByTestId('must-change-password').textContent()).toContain('请先修改密码');
    await clerk.getByLabel('当前密码').fill('Start2026a');
    await clerk.getByLabel('新密码', { exact: true }).fill('Clerk2026b');
    await clerk.getByLabel('确认新密码').fill('Clerk2026b');
    await clerk
      .getByRole('button', { name: /修改|保存|确认/ })
      .first()
      .click();
    await clerk.waitForURL((u) => !u.pathname.startsWith('/me/password'));
    await expect.poll(() => clerk.getByTestId('current-org').textContent()).toContain('新城区');
    await clerk.context().close();
  });
});
