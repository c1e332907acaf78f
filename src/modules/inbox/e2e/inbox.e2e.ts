/**
 * 待办 in Chromium, on the demo data: a county cadre submits a campaign for approval (offered no
 * approve button); the city's administrator sees the count rise in the menu and on the home page,
 * opens the inbox, follows the link to the campaign, approves it there, and the item leaves the
 * inbox and the count falls without a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot, signIn } from '../../../testing/browser.ts';
import { campaignPeriod } from '../../../testing/dates.ts';

let browser: Browser;
let author: Page;
let approver: Page;
let campaignId = 0;
let before = 0;

beforeAll(async () => {
  browser = await launchBrowser();
  author = await newPage(browser);
  approver = await newPage(browser);
  await signIn(author, 'xinchengqu_cadre');
  await signIn(approver, 'hhht_admin');
}, 120_000);
afterAll(async () => {
  await browser.close();
});

async function settled(p: Page, name: string) {
  await p.waitForLoadState('networkidle');
  await expect.poll(() => p.locator('.ant-spin-spinning').count(), { timeout: 30_000 }).toBe(0);
  await p.waitForTimeout(300);
  await screenshot(p, name);
}

/** What the server counts for the page's account, as the menu should show it. */
async function inboxTotal(p: Page) {
  return ((await (await p.request.get('/api/inbox')).json()) as { total: number }).total;
}
const badge = (p: Page) => p.getByTestId('nav-badge-/inbox').locator('.ant-scroll-number').getAttribute('title');
const confirm = (p: Page) => p.locator('.ant-modal-confirm').getByRole('button', { name: '确定' }).click();

describe('the inbox', () => {
  it('lets the author submit a campaign for approval and offers no approve button', async () => {
    const me = (await (await author.request.get('/api/auth/me')).json()) as { csrfToken: string; org: { id: number } };
    const created = await author.request.post('/api/campaigns', {
      headers: { 'x-csrf-token': me.csrfToken },
      data: {
        name: '新城区一线职工冬季送温暖（待办测试）',
        kind: 'festival_warmth',
        orgId: me.org.id,
        ...campaignPeriod(),
        mode: 'single',
        rule: {},
        funds: [{ source: 'own_budget', amountFen: 1_000_000_00 }],
        packages: [{ name: '冬季慰问金', kind: 'cash', valueFen: 200_00 }],
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    campaignId = ((await created.json()) as { id: number }).id;
    before = await inboxTotal(approver);

    await author.goto(`/campaigns/${campaignId}`);
    await expect.poll(() => author.getByTestId('campaign-status').textContent(), { timeout: 30_000 }).toBe('草稿');
    expect(await author.getByTestId('transition-approve').count()).toBe(0);
    await author.getByTestId('transition-submit').click();
    await confirm(author);
    await expect.poll(() => author.getByTestId('campaign-status').textContent(), { timeout: 30_000 }).toBe('待审批');
    expect(await author.getByTestId('transition-approve').count()).toBe(0);
    await settled(author, 'inbox-submitted-by-author');
  }, 120_000);

  it('shows the approver the count in the menu and on the home page, and the item in the inbox', async () => {
    const total = await inboxTotal(approver);
    expect(total).toBe(before + 1);
    await approver.goto('/');
    await expect.poll(() => badge(approver), { timeout: 30_000 }).toBe(String(total));
    await expect.poll(() => approver.getByTestId('home-inbox-campaigns.approve').textContent(), { timeout: 30_000 }).toContain('待审批的慰问活动');
    await settled(approver, 'inbox-home');

    await approver.getByRole('menuitem', { name: /待办/ }).click();
    await approver.waitForURL(/\/inbox$/);
    const item = approver.getByTestId(`inbox-item-campaigns.approve-${campaignId}`);
    await expect.poll(() => item.textContent(), { timeout: 30_000 }).toContain('新城区一线职工冬季送温暖（待办测试）');
    expect(await item.textContent()).toContain('新城区干部提交');
    await settled(approver, 'inbox-page');
  }, 120_000);

  it('follows the link to the campaign, approves it there, and the item leaves the inbox', async () => {
    await approver.getByTestId(`inbox-item-campaigns.approve-${campaignId}`).getByTestId('inbox-link').click();
    await approver.waitForURL(new RegExp(`/campaigns/${campaignId}$`));
    await expect.poll(() => approver.getByTestId('campaign-status').textContent(), { timeout: 30_000 }).toBe('待审批');
    await approver.getByTestId('transition-approve').click();
    await confirm(approver);
    await expect.poll(() => approver.getByTestId('campaign-status').textContent(), { timeout: 60_000 }).toBe('已审批');
    // The count follows the approval at once, without a reload.
    const after = before;
    await expect
      .poll(async () => (after === 0 ? String(await approver.getByTestId('nav-badge-/inbox').count()) : badge(approver)), { timeout: 30_000 })
      .toBe(after === 0 ? '0' : String(after));
    await approver.getByRole('menuitem', { name: /待办/ }).click();
    await approver.waitForURL(/\/inbox$/);
    await approver.waitForLoadState('networkidle');
    expect(await approver.getByTestId(`inbox-item-campaigns.approve-${campaignId}`).count()).toBe(0);
    await settled(approver, 'inbox-after-approval');
  }, 120_000);
});
