/**
 * Quotas bind the list, in Chromium on the demo data: 呼和浩特 gives 新城区 one place fewer than
 * the rules find there; the approver's dialog warns that 新城区's list exceeds its quota, the
 * approver chooses to cut the list at the quota (the stated order shows), and the frozen list holds
 * the one left out as 超出配额. Then 新城区's cadre passes part of its quota down to one of its
 * unions from the allocation tab, by name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot, signIn } from '../../../testing/browser.ts';
import { thisYear } from '../../../testing/dates.ts';

const COUNTY = '呼和浩特市新城区总工会';

let browser: Browser;
let campaignId = 0;
let countyId = 0;
let eligible = 0;

/** A page with generous waits: the machine running the browser tests may be busy. */
async function slowPage() {
  const p = await newPage(browser);
  p.setDefaultTimeout(60_000);
  return p;
}

async function settled(p: Page, name: string) {
  await p.waitForLoadState('networkidle');
  await expect.poll(() => p.locator('.ant-spin-spinning, .ant-table-placeholder .ant-spin').count(), { timeout: 30_000 }).toBe(0);
  await p.waitForTimeout(300);
  await screenshot(p, name);
}

async function api(page: Page) {
  const { csrfToken } = await (await page.request.get('/api/auth/me')).json();
  const send = async (method: 'post' | 'put', url: string, data: unknown) => {
    const res = await page.request[method](url, { headers: { 'x-csrf-token': csrfToken }, data });
    expect(res.status(), await res.text()).toBeLessThan(300);
    return res.json();
  };
  return {
    get: async (url: string) => (await page.request.get(url)).json(),
    post: (u: string, d: unknown) => send('post', u, d),
    put: (u: string, d: unknown) => send('put', u, d),
  };
}

const orgNamed = async (a: Awaited<ReturnType<typeof api>>, name: string) =>
  ((await a.get(`/api/orgs/search?q=${encodeURIComponent(name)}`)).items as { id: number; name: string }[]).find((o) => o.name === name)!.id;

beforeAll(async () => {
  browser = await launchBrowser();
  const author = await slowPage();
  await signIn(author, 'hhht_admin');
  const a = await api(author);
  const cityId = await orgNamed(a, '呼和浩特市总工会');
  countyId = await orgNamed(a, COUNTY);
  const created = await a.post('/api/campaigns', {
    name: '新城区环卫工人配额核对慰问（测试）',
    kind: 'concentrated',
    orgId: cityId,
    startsOn: `${thisYear()}-06-01`,
    endsOn: `${thisYear()}-08-31`,
    mode: 'cascade',
    rule: { occupations: ['sanitation'], orgIds: [countyId] },
    funds: [{ source: 'own_budget', amountFen: 10_000_000 }],
    packages: [{ name: '清凉慰问金', kind: 'cash', valueFen: 20_000 }],
  });
  campaignId = created.id;
  eligible = (await a.get(`/api/campaigns/${campaignId}/eligibility`)).total;
  expect(eligible).toBeGreaterThan(1);
  await a.put(`/api/campaigns/${campaignId}/allocations`, { orgId: cityId, quota: eligible, budgetFen: 10_000_000 });
  // One place fewer than 新城区 has people.
  await a.put(`/api/campaigns/${campaignId}/allocations`, { orgId: countyId, quota: eligible - 1, budgetFen: eligible * 20_000 });
  const draft = await a.get(`/api/campaigns/${campaignId}`);
  if (draft.can.actions?.includes('submit')) await a.post(`/api/campaigns/${campaignId}/transition`, { action: 'submit', version: draft.version });
  await author.context().close();
}, 300_000);
afterAll(() => browser.close());

describe('quotas bind the list', () => {
  it('warns the approver of a union over its quota, and the cap freezes the list at the quota', { timeout: 400_000 }, async () => {
    const page = await slowPage();
    await signIn(page, 'nmg_admin');
    await page.goto(`/campaigns/${campaignId}?tab=allocation`);
    // The allocation tab marks the county's eligible people against its quota.
    await expect.poll(() => page.getByTestId(`allocation-eligible-${countyId}`).textContent(), { timeout: 30_000 }).toContain('超出 1 人');
    await settled(page, 'quota-allocation-draft');

    await page.getByTestId('transition-approve').click();
    const confirm = page.locator('.ant-modal-confirm');
    await expect.poll(() => confirm.getByTestId('quota-warning').textContent(), { timeout: 30_000 }).toContain(COUNTY);
    expect(await confirm.getByTestId(`quota-line-${countyId}`).textContent()).toContain('超出 1 人');
    await confirm.getByTestId('quota-rule-cap').click();
    await expect.poll(() => confirm.getByTestId('quota-cap-order').textContent(), { timeout: 30_000 }).toContain('档次靠前的');
    await settled(page, 'quota-approve-dialog');
    await confirm.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => page.getByTestId('campaign-status').textContent(), { timeout: 60_000 }).toBe('已审批');

    await page.goto(`/campaigns/${campaignId}?tab=beneficiaries`);
    await expect.poll(() => page.getByTestId('frozen-badge').count(), { timeout: 30_000 }).toBe(1);
    await page.locator('.ant-segmented-item', { hasText: '已排除' }).click();
    const table = page.getByTestId('beneficiary-table');
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count(), { timeout: 30_000 }).toBe(1);
    expect(await table.textContent()).toContain('已排除：超出配额');
    await settled(page, 'quota-excluded');

    await page.goto(`/campaigns/${campaignId}?tab=allocation`);
    await expect.poll(() => page.getByTestId(`allocation-list-${countyId}`).textContent(), { timeout: 30_000 }).toBe(`${eligible - 1}人`);
    await page.context().close();
  });

  it('lets the county cadre pass part of its quota down to one of its unions, by name', { timeout: 300_000 }, async () => {
    const page = await slowPage();
    await signIn(page, 'xinchengqu_cadre');
    await page.goto(`/campaigns/${campaignId}?tab=allocation`);
    await expect.poll(() => page.getByTestId('allocation-table').textContent(), { timeout: 30_000 }).toContain(COUNTY);
    await page.getByTestId('allocation-add').click();
    const dialog = page.locator('.ant-modal-wrap:visible');
    await dialog.locator('#allocation_orgId').click();
    const union = page.locator('.ant-select-tree-node-content-wrapper:not(.ant-select-tree-node-content-wrapper-disabled)').first();
    await expect.poll(() => union.count(), { timeout: 30_000 }).toBe(1);
    const unionName = ((await union.textContent()) ?? '').trim();
    await union.click();
    await dialog.locator('#allocation_quota').fill('1');
    await dialog.locator('#allocation_budgetYuan').fill('200');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByTestId('allocation-table').textContent(), { timeout: 30_000 }).toContain(unionName);
    const text = (await page.getByTestId('allocation-table').textContent()) ?? '';
    // Names, never raw ids, and nothing of the city above.
    expect(text).not.toMatch(/#\d+/);
    expect(text).not.toContain('呼和浩特市总工会');
    await settled(page, 'quota-county-split');
    await page.context().close();
  });
});
