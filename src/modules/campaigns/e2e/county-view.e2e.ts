/**
 * The region's campaign as a county cadre sees it in the browser (新城区, on the demo's finished
 * New-Year campaign, allocated by the region to the cities): the allocation tab shows the county's
 * own line — nothing allocated of its own, what was listed and handed out in it — and no line of
 * the region or the city above; the progress tab starts at the county; the funds are not shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot, signIn } from '../../../testing/browser.ts';

const COUNTY = '呼和浩特市新城区总工会';

let browser: Browser;
let page: Page;
let campaignId = 0;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await newPage(browser);
  await signIn(page, 'xinchengqu_cadre');
  const list = await (await page.request.get('/api/campaigns?status=ended')).json();
  campaignId = list.items.find((c: { orgName: string }) => c.orgName === '内蒙古自治区总工会').id;
});
afterAll(() => browser.close());

async function settled(name: string) {
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.locator('.ant-spin-spinning, .ant-table-placeholder .ant-spin').count()).toBe(0);
  await page.waitForTimeout(300);
  await screenshot(page, name);
}

describe('the region’s campaign seen by a county cadre', () => {
  it('shows the county’s own line in the allocation tab, nothing of the region or the city', async () => {
    await page.goto(`/campaigns/${campaignId}?tab=allocation`);
    const table = page.getByTestId('allocation-table');
    await expect.poll(() => table.textContent()).toContain(COUNTY);
    const text = (await table.textContent()) ?? '';
    expect(text).toContain('未单独分配');
    expect(text).not.toContain('呼和浩特市总工会');
    expect(text).not.toContain('内蒙古自治区总工会');
    expect(await page.getByTestId('allocation-summary').textContent()).toContain('由上级统一安排发放');
    expect(await page.getByTestId('allocation-add').count()).toBe(0);
    await settled('county-campaign-allocation');
  });

  it('starts the progress tree at the county and hides the region’s funds', async () => {
    await page.goto(`/campaigns/${campaignId}?tab=progress`);
    const table = page.getByTestId('progress-table');
    await expect.poll(() => table.textContent()).toContain(COUNTY);
    expect(await table.textContent()).not.toContain('呼和浩特市总工会');
    await settled('county-campaign-progress');
    await page.goto(`/campaigns/${campaignId}`);
    await expect.poll(() => page.getByTestId('campaign-facts').count()).toBe(1);
    expect(await page.getByText('资金来源').count()).toBe(0);
    await settled('county-campaign-overview');
  });
});
