import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newPage, screenshot, signIn } from '../../testing/browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

describe('sign-in and the app shell', () => {
  it('says in Chinese that the password is wrong, and lists the demo accounts', async () => {
    const page = await newPage(browser);
    await page.goto('/orgs');
    await page.waitForURL(/\/login/);
    await expect.poll(() => page.getByTestId('demo-accounts').textContent()).toContain('hhht_admin');
    await page.getByPlaceholder('用户名').fill('hhht_admin');
    await page.getByPlaceholder('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('用户名或密码错误');
    await screenshot(page, 'login');
    await page.context().close();
  });

  it('says how many tries are left, then how many minutes to wait, and holds the button until then', async () => {
    const page = await newPage(browser);
    await page.goto('/login');
    // A mistyped name is answered exactly as a real one (and leaves the demo accounts free for the other tests).
    await page.getByPlaceholder('用户名').fill('hhht_admim');
    const expected = ['用户名或密码错误', '还可尝试 3 次', '还可尝试 2 次', '还可尝试 1 次', '登录失败次数过多，请 1 分钟后再试'];
    for (const [i, message] of expected.entries()) {
      await page.getByPlaceholder('密码').fill(`wrong-password-${i}`);
      await page.getByTestId('login-submit').click();
      await expect.poll(() => page.getByTestId('login-error').textContent()).toContain(message);
    }
    expect(await page.getByTestId('login-submit').isDisabled()).toBe(true);
    expect(await page.getByTestId('login-submit').textContent()).toMatch(/\d:\d\d 后可再试/);
    await screenshot(page, 'login-throttled');
    await page.context().close();
  });

  it('shows real figures of the subtree on the home page and a menu by role', async () => {
    const page = await newPage(browser);
    await signIn(page, 'hhht_admin');
    const stats = await (await page.request.get('/api/orgs/stats')).json();
    await expect.poll(() => page.locator('main, .ant-layout-content').first().textContent()).toContain(String(stats.total));
    const menu = await page.locator('.ant-menu').first().textContent();
    expect(menu).toContain('账号管理');
    expect(menu).not.toContain('审计日志');
    expect(await page.getByTestId('current-org').textContent()).toContain('呼和浩特市总工会');
    await screenshot(page, 'home');
    await page.context().close();

    const cadre = await newPage(browser);
    await signIn(cadre, 'xinchengqu_cadre');
    const cadreMenu = await cadre.locator('.ant-menu').first().textContent();
    expect(cadreMenu).toContain('组织架构');
    expect(cadreMenu).not.toContain('账号管理');
    await cadre.goto('/orgs');
    await expect.poll(() => cadre.getByTestId('org-title').textContent()).toContain('呼和浩特市新城区总工会');
    expect(await cadre.getByRole('button', { name: '编辑' }).count()).toBe(0);
    await cadre.context().close();
  });

  it('opens dialogs without zooming for a person who asked their system for less motion, and with it otherwise', async () => {
    /** Opens the org's edit dialog and says whether it zoomed in (antd's animation) on the way. */
    const zoomed = async (reducedMotion: 'reduce' | 'no-preference') => {
      const page = await newPage(browser, { reducedMotion });
      await signIn(page, 'hhht_admin');
      await page.goto('/orgs');
      await page.getByRole('button', { name: '编辑' }).first().waitFor();
      await page.evaluate(() => {
        const w = window as unknown as { zoomSeen: boolean };
        w.zoomSeen = false;
        // The zoom's active step (the animation itself); its prepare step only places the origin.
        const seen = (n: Node) =>
          n instanceof Element &&
          (/ant-zoom-(enter|appear)-active/.test(n.className.toString()) ||
            !!n.querySelector('[class*="ant-zoom-enter-active"], [class*="ant-zoom-appear-active"]'));
        new MutationObserver((records) => {
          if (records.some((r) => seen(r.target) || [...r.addedNodes].some(seen))) w.zoomSeen = true;
        }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
      });
      await page.getByRole('button', { name: '编辑' }).first().click();
      await page.getByRole('dialog').waitFor();
      await page.waitForTimeout(800);
      const result = await page.evaluate(() => (window as unknown as { zoomSeen: boolean }).zoomSeen);
      await page.context().close();
      return result;
    };
    expect(await zoomed('reduce')).toBe(false);
    expect(await zoomed('no-preference')).toBe(true);
  });
});
