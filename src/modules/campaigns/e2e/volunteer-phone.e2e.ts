/**
 * A volunteer's phone at 390×844: signing in lands on the scan page of today's point (no desk
 * header or menu), with the point's name, 简/繁/EN and sign-out in the header; after a hand-out the
 * success screen shows, then the ID number field is ready for the next person without a tap; a card
 * of a worker another point serves says where they should go.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot, signIn, phoneContext } from '../../../testing/browser.ts';

let browser: Browser;
let admin: Page;
let phone: BrowserContext;
let v: Page;
let csrf = '';
let point = { id: 0, name: '', campaignId: 0 };
const tomorrow = new Date(Date.now() + 8 * 3600_000 + 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  browser = await launchBrowser();
  admin = await newPage(browser);
  // Generous waits: the machine running the browser tests may be busy.
  admin.context().setDefaultTimeout(60_000);
  await signIn(admin, 'miyun_admin');
  csrf = (await (await admin.request.get('/api/auth/me')).json()).csrfToken;
  phone = await phoneContext(browser, 60_000);
  v = await phone.newPage();
}, 240_000);
afterAll(async () => {
  await browser.close();
});

async function settled(p: Page, name: string) {
  await p.waitForLoadState('networkidle');
  await expect.poll(() => p.locator('.ant-spin-spinning').count()).toBe(0);
  await p.waitForTimeout(300);
  await screenshot(p, name);
}

const pending = async () =>
  (await (await admin.request.get(`/api/campaigns/${point.campaignId}/beneficiaries?state=pending&pageSize=100`)).json()).items as {
    id: number;
    name: string;
    orgId: number;
    orgName: string;
  }[];
const cardOf = async (beneficiaryId: number) =>
  (await (await admin.request.get(`/api/campaigns/${point.campaignId}/beneficiaries/${beneficiaryId}/code`)).json()).code as string;

describe('a volunteer’s phone', () => {
  it('signs in and lands on the scan page of today’s point, without the desk frame', async () => {
    await signIn(v, 'miyun_volunteer');
    await v.waitForURL(/\/distribute\/\d+$/, { timeout: 30_000 });
    await expect.poll(() => v.getByTestId('scan-button').count()).toBe(1);
    const duty = (await (await v.request.get('/api/points/my-duties')).json())[0];
    point = { id: duty.pointId, name: duty.pointName, campaignId: duty.campaignId };
    expect(v.url()).toMatch(new RegExp(`/distribute/${point.id}$`));
    expect(await v.locator('.ant-layout-sider, .ant-layout-header').count()).toBe(0);
    expect(await v.getByTestId('distribute-title').textContent()).toBe(point.name);
    expect(await v.getByTestId('lang-switch').count()).toBe(1);
    // Nothing wider than the phone.
    expect(await v.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await settled(v, 'volunteer-phone-scan');
  }, 120_000);

  it('confirms a hand-out by card, shows success, then is ready for the next person by itself', async () => {
    const b = (await pending())[0]!;
    const code = await cardOf(b.id);
    await v.getByTestId('code-input').fill(code);
    await v.getByTestId('code-lookup').click();
    await expect.poll(() => v.getByTestId('lookup-name').textContent()).toBe(b.name);
    await v.getByTestId('confirm-handout').click();
    await expect.poll(() => v.getByTestId('confirm-done').textContent()).toContain('发放成功');
    await screenshot(v, 'volunteer-phone-done');
    // About 1.5 s later the field for the next person has the focus, no tap needed.
    await expect.poll(() => v.evaluate(() => document.activeElement?.getAttribute('data-testid')), { timeout: 10_000 }).toBe('code-input');
    expect(await v.getByTestId('confirm-done').count()).toBe(0);
  }, 120_000);

  it('switches to English and back from the phone header', async () => {
    await v.getByTestId('lang-switch').click();
    await v.locator('.ant-dropdown:visible .ant-dropdown-menu-item', { hasText: 'English' }).click();
    await expect.poll(() => v.getByTestId('scan-button').textContent(), { timeout: 30_000 }).toContain('Scan');
    await settled(v, 'volunteer-phone-en');
    await v.getByTestId('lang-switch').click();
    await v.locator('.ant-dropdown:visible .ant-dropdown-menu-item', { hasText: '繁體' }).click();
    await expect.poll(() => v.getByTestId('scan-button').textContent(), { timeout: 30_000 }).toContain('掃碼');
    await v.getByTestId('lang-switch').click();
    await v.locator('.ant-dropdown:visible .ant-dropdown-menu-item', { hasText: '简体' }).click();
    await expect.poll(() => v.getByTestId('scan-button').textContent(), { timeout: 30_000 }).toContain('扫码');
  }, 120_000);

  it('tells where to go with a card of a worker another point serves', async () => {
    // A second point at one union of the county, the volunteer on duty there too; it opens
    // tomorrow, so today the volunteer still lands on the county's point.
    const list = await pending();
    const here = list[0]!;
    const other = list.find((b) => b.orgId !== here.orgId)!;
    const volunteer = (await (await v.request.get('/api/auth/me')).json()).account.id as number;
    const res = await admin.request.post(`/api/campaigns/${point.campaignId}/points`, {
      headers: { 'x-csrf-token': csrf },
      data: { name: '基层工会临时发放点', orgId: here.orgId, opensOn: tomorrow, dutyAccountIds: [volunteer], stock: [] },
    });
    expect(res.status(), await res.text()).toBe(201);
    const small = (await res.json()).id as number;
    await v.goto(`/distribute/${small}`);
    await expect.poll(() => v.getByTestId('distribute-title').textContent()).toBe('基层工会临时发放点');
    await v.getByTestId('code-input').fill(await cardOf(other.id));
    await v.getByTestId('code-lookup').click();
    await expect.poll(() => v.getByTestId('lookup-elsewhere').count()).toBe(1);
    const text = await v.getByTestId('elsewhere-point').textContent();
    expect(text).toContain(`该职工应到「${point.name}」领取`);
    expect(text).toContain('地址：');
    // The worker belongs to the volunteer's own county: named, the ID number masked.
    expect(await v.getByTestId('elsewhere-person').textContent()).toContain(other.name);
    await settled(v, 'volunteer-phone-elsewhere');
    await v.getByTestId('elsewhere-next').click();
    await expect.poll(() => v.getByTestId('code-input').count()).toBe(1);
  }, 120_000);

  it('signs out from the header', async () => {
    await v.getByTestId('distribute-user').click();
    await v.locator('.ant-dropdown:visible .ant-dropdown-menu-item', { hasText: '退出登录' }).click();
    await v.waitForURL(/\/login/);
  }, 60_000);
});
