/**
 * 慰问活动 in Chromium: the wizard end to end (live count, tiers, save, allocation, review),
 * submission for approval and approval by someone else (the author is offered no approve button), the phone point page scanning a real pick-up
 * code through Chromium's fake camera, a second phone confirming the same person (已领取, one
 * ledger line), and the ledger export.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { launchBrowser, newPage, screenshot, signIn, phoneContext } from '../../../testing/browser.ts';
import { writeQrVideo } from '../../../testing/fake-camera.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-e2e-campaigns-'));
const NAME = '呼和浩特环卫工人夏送清凉（测试）';

let browser: Browser;
let page: Page;
let campaignId = 0;
let eligible = 0;
let pointName = '';
let person = { id: 0, name: '', code: '' };

beforeAll(async () => {
  browser = await launchBrowser();
  page = await newPage(browser);
  await signIn(page, 'hhht_admin');
});
afterAll(async () => {
  await browser.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Waits until the page has stopped loading (no requests, no spinners) before a screenshot. */
async function settled(p: Page, name: string) {
  await p.waitForLoadState('networkidle');
  await expect.poll(() => p.locator('.ant-spin-spinning, .ant-table-placeholder .ant-spin').count()).toBe(0);
  await p.waitForTimeout(300);
  await screenshot(p, name);
}

const dialog = () => page.locator('.ant-modal-wrap:visible');
const option = (p: Page, text: string) => p.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first();

/** A phone with a camera that films `video`: Chromium's fake capture device, 390×844. */
async function phone(video: string): Promise<{ b: Browser; ctx: BrowserContext }> {
  const b = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
  const ctx = await phoneContext(b, 15_000);
  return { b, ctx };
}

describe('慰问活动 in the browser', () => {
  it('lists campaigns', async () => {
    await page.goto('/campaigns');
    await expect.poll(() => page.getByRole('button', { name: '新建活动' }).count()).toBe(1);
    await settled(page, 'campaigns-list');
  });

  it('creates a campaign in the wizard: basics, funds, targeting with a live count, tiers, save, allocation, review', async () => {
    await page.goto('/campaigns/new');
    await page.locator('#campaign_name').fill(NAME);
    await page.locator('#campaign_theme').fill('清凉一夏 工会同行');
    await settled(page, 'wizard-1-basics');
    await page.getByTestId('wizard-next').click();

    await page.locator('#campaign_funds_0_amountYuan').fill('50000');
    await page.getByRole('button', { name: '添加资金来源' }).click();
    await page.locator('#campaign_funds_1_amountYuan').fill('12345.6');
    await expect.poll(() => page.getByTestId('funds-total').textContent()).toContain('¥62,345.60');
    await settled(page, 'wizard-2-funds');
    await page.getByTestId('wizard-next').click();

    await expect.poll(() => page.getByTestId('live-total').textContent(), { timeout: 20_000 }).toMatch(/共 \d+ 人符合条件/);
    const everyone = Number(/共 (\d+) 人/.exec((await page.getByTestId('live-total').textContent()) ?? '')?.[1]);
    await page.locator('#campaign_rule_occupations').click();
    await option(page, '环卫工人').click();
    await page.keyboard.press('Escape');
    await expect
      .poll(async () => Number(/共 (\d+) 人/.exec((await page.getByTestId('live-total').textContent()) ?? '')?.[1]), { timeout: 20_000 })
      .toBeLessThan(everyone);
    eligible = Number(/共 (\d+) 人/.exec((await page.getByTestId('live-total').textContent()) ?? '')?.[1]);
    expect(eligible).toBeGreaterThan(0);
    await settled(page, 'wizard-3-targeting');
    await page.getByTestId('wizard-next').click();

    await page.locator('#campaign_packages_0_name').fill('清凉礼包');
    await page.locator('#campaign_packages_0_valueYuan').fill('150');
    await page.locator('#campaign_packages_0_items_0_name').fill('绿豆');
    await page.locator('#campaign_packages_0_items_0_quantity').fill('5');
    await page.locator('#campaign_packages_0_items_0_unit').fill('斤');
    await expect.poll(() => page.getByTestId('live-count').textContent(), { timeout: 20_000 }).toContain('清凉礼包');
    await settled(page, 'wizard-4-tiers');
    await page.getByTestId('wizard-next').click();

    await page.waitForURL(/\/campaigns\/\d+\/edit\?step=4/);
    campaignId = Number(/campaigns\/(\d+)/.exec(page.url())?.[1]);
    const me = await (await page.request.get('/api/auth/me')).json();
    await page.getByTestId(`allocation-edit-${me.org.id}`).click();
    await dialog().locator('#allocation_quota').fill(String(eligible));
    await dialog().getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByTestId('allocation-table').textContent()).toContain(`${eligible}人`);

    await page.getByTestId('allocation-add').click();
    await dialog().locator('#allocation_orgId').click();
    await page.locator('.ant-select-tree-node-content-wrapper', { hasText: '呼和浩特市新城区总工会' }).first().click();
    await dialog().locator('#allocation_quota').fill('3');
    await dialog().locator('#allocation_budgetYuan').fill('450');
    await dialog().getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByTestId('allocation-table').textContent()).toContain('呼和浩特市新城区总工会');
    await expect.poll(() => dialog().count()).toBe(0);
    await settled(page, 'wizard-5-allocation');
    await page.getByTestId('wizard-next').click();

    await expect.poll(() => page.getByTestId('review-total').textContent(), { timeout: 20_000 }).toBe(`${eligible}人`);
    expect(await page.getByTestId('wizard-review').textContent()).toContain('须由他人审批');
    await settled(page, 'wizard-6-review');
    await page.getByTestId('wizard-done').click();
    await page.waitForURL(new RegExp(`/campaigns/${campaignId}$`));
    await expect.poll(() => page.getByTestId('campaign-status').textContent()).toBe('草稿');
    await settled(page, 'campaign-draft');
  });

  it('lets the author submit it but never approve it, and another admin approve it; the list freezes', async () => {
    await page.getByTestId('transition-submit').click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '确定' }).click();
    await expect.poll(() => page.getByTestId('campaign-status').textContent(), { timeout: 30_000 }).toBe('待审批');
    // The author is offered no approve button, and told why.
    expect(await page.getByTestId('transition-approve').count()).toBe(0);
    await expect.poll(() => page.getByTestId('refused-approve').textContent()).toContain('活动须由创建人以外的人审批（四眼原则）');
    await settled(page, 'approve-refused');

    const other = await newPage(browser);
    await signIn(other, 'nmg_admin');
    await other.goto(`/campaigns/${campaignId}`);
    await other.getByTestId('transition-approve').click();
    const confirm = other.locator('.ant-modal-confirm');
    // The approval dialog checks each union's list against its quota first; a union over it needs a rule.
    await expect.poll(() => confirm.getByTestId('quota-check').count(), { timeout: 30_000 }).toBe(1);
    if ((await confirm.getByTestId('quota-warning').count()) > 0) await confirm.getByTestId('quota-rule-cap').click();
    await confirm.getByRole('button', { name: '确定' }).click();
    // Approval freezes the whole list in one transaction: seconds here, more on a loaded machine.
    await expect.poll(() => other.getByTestId('campaign-status').textContent(), { timeout: 90_000 }).toBe('已审批');
    await other.getByTestId('transition-start').click();
    await other.locator('.ant-modal-confirm').getByRole('button', { name: '确定' }).click();
    await expect.poll(() => other.getByTestId('campaign-status').textContent()).toBe('进行中');
    await other.context().close();

    await page.goto(`/campaigns/${campaignId}?tab=beneficiaries`);
    await expect.poll(() => page.getByTestId('frozen-badge').count()).toBe(1);
    await expect.poll(() => page.getByTestId('beneficiary-table').locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    await settled(page, 'campaign-beneficiaries');
  });

  it('sets up a distribution point with stock', async () => {
    await page.goto(`/campaigns/${campaignId}?tab=points`);
    await page.getByTestId('point-add').click();
    pointName = '呼和浩特市总工会职工服务中心发放点';
    await dialog().locator('#point_name').fill(pointName);
    await dialog().locator('#point_address').fill('呼和浩特市新城区工人文化宫一楼');
    const tier = dialog().locator('input[id^="point_stock_"]').first();
    await tier.fill(String(eligible + 10));
    await dialog().getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByTestId('point-table').textContent()).toContain(pointName);
    await expect.poll(() => dialog().count()).toBe(0);
    await settled(page, 'campaign-points');
  });

  it('scans a pick-up card with the phone camera and confirms; a second phone is told 已领取; the ledger has one line', async () => {
    const list = await (await page.request.get(`/api/campaigns/${campaignId}/beneficiaries?state=pending&pageSize=5`)).json();
    const b = list.items[0];
    const { code } = await (await page.request.get(`/api/campaigns/${campaignId}/beneficiaries/${b.id}/code`)).json();
    person = { id: b.id, name: b.name, code };
    const video = path.join(dir, 'card.y4m');
    writeQrVideo(code, video);

    const { b: phoneBrowser, ctx } = await phone(video);
    try {
      const a = await ctx.newPage();
      await a.goto('/login');
      await a.getByPlaceholder('请输入用户名').waitFor({ state: 'visible' });
      await a.waitForTimeout(300);
      await settled(a, 'login-phone');
      // Signing in on a 390 px screen: the form alone, full width.
      await signIn(a, 'hhht_admin');
      await a.goto('/distribute');
      await a.getByText(pointName).first().click();
      await a.waitForURL(/\/distribute\/\d+$/);
      await settled(a, 'point-page');
      await a.getByTestId('scan-button').click();
      await expect.poll(() => a.getByTestId('lookup-name').textContent(), { timeout: 20_000 }).toBe(person.name);
      // The scanned code goes with the confirmation as its evidence.
      expect(await a.getByTestId('evidence-kind').textContent()).toContain('已扫描领取码');
      await settled(a, 'point-lookup');

      // A second phone looks the same person up before the first confirms (types the card's code).
      const second = await ctx.newPage();
      await second.goto(a.url());
      await second.getByTestId('code-input').fill(code);
      await second.getByTestId('code-lookup').click();
      await expect.poll(() => second.getByTestId('lookup-name').textContent()).toBe(person.name);

      await a.getByTestId('confirm-handout').click();
      await expect.poll(() => a.getByTestId('confirm-done').textContent()).toContain('发放成功');
      await expect.poll(() => a.getByTestId('issued-today').textContent()).toBe('1');
      await settled(a, 'point-done');

      await second.getByTestId('confirm-handout').click();
      await expect.poll(() => second.getByTestId('confirm-error').textContent()).toContain('已领取');
      expect(await second.getByTestId('confirm-error').textContent()).toContain(person.name);
      await settled(second, 'point-conflict');

      // The camera opens again by itself for the next person; the card, read again once the
      // moment has passed, shows the person as served, with no button to hand out.
      await expect.poll(() => a.getByTestId('already-received').count(), { timeout: 20_000 }).toBe(1);
      expect(await a.getByTestId('confirm-handout').isDisabled()).toBe(true);
      await settled(a, 'point-rescan');

      await a.locator('.ant-segmented-item', { hasText: '签领表录入' }).click();
      await expect.poll(() => a.getByTestId('bulk-sheet').count()).toBe(1);
      expect(await a.getByTestId('bulk-sheet-ref').count()).toBe(1);
      await expect.poll(() => a.getByTestId('bulk-sheet').locator('.ant-list-item').count()).toBeGreaterThan(0);
      await settled(a, 'point-sheet');
    } finally {
      await phoneBrowser.close();
    }

    const ledger = await (await page.request.get(`/api/campaigns/${campaignId}/ledger?q=${encodeURIComponent(person.name)}`)).json();
    expect(ledger.items.filter((l: { name: string }) => l.name === person.name)).toHaveLength(1);
  });

  it('shows progress and the briefing, and exports the ledger as .xlsx', async () => {
    await page.goto(`/campaigns/${campaignId}?tab=progress`);
    await expect.poll(() => page.getByTestId('progress-table').textContent()).toContain('呼和浩特市总工会');
    await page.waitForTimeout(600);
    await settled(page, 'campaign-progress');
    await page.goto(`/campaigns/${campaignId}?tab=allocation`);
    await expect.poll(() => page.getByTestId('allocation-table').textContent()).toContain('呼和浩特市新城区总工会');
    await settled(page, 'campaign-allocation');
    await page.goto(`/campaigns/${campaignId}?tab=briefing`);
    await expect.poll(() => page.getByTestId('briefing-text').textContent()).toContain('发放');
    expect(await page.getByTestId('figure-personTimes').getAttribute('href')).toBe(`/campaigns/${campaignId}?tab=ledger`);
    await settled(page, 'campaign-briefing');
    await page.goto(`/campaigns/${campaignId}`);
    await expect.poll(() => page.getByTestId('campaign-facts').count()).toBe(1);
    await settled(page, 'campaign-overview');

    await page.goto(`/campaigns/${campaignId}?tab=ledger`);
    await expect.poll(() => page.getByTestId('ledger-table').textContent()).toContain(person.name);
    expect(await page.getByTestId('ledger-table').textContent()).toContain('扫码');
    await settled(page, 'campaign-ledger');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-ledger').click()]);
    expect(download.suggestedFilename()).toMatch(/发放台账.*\.xlsx$/);
    const file = path.join(dir, 'ledger.xlsx');
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0]!;
    // Title rows, then the header (frozen), one line, and the totals row.
    const headerRow = ws.views[0]?.state === 'frozen' ? ws.views[0].ySplit! : 1;
    const header = (ws.getRow(headerRow).values as unknown[]).slice(1).map(String);
    expect(header).toEqual(['序号', '姓名', '性别', '身份证号', '联系电话', '所属工会', '发放点', '领取内容', '金额（元）', '发放日期', '经办人', '方式']);
    const cell = (name: string) => ws.getRow(headerRow + 1).getCell(header.indexOf(name) + 1).value;
    expect(String(ws.getRow(1).getCell(1).value)).toContain('发放台账');
    expect(cell('姓名')).toBe(person.name);
    expect(String(cell('领取内容'))).toContain('绿豆');
    expect(Number(cell('金额（元）'))).toBe(150);
    expect(cell('发放日期')).toBeInstanceOf(Date);
    expect(cell('方式')).toBe('扫码');
    expect(String(ws.getRow(headerRow + 2).getCell(1).value)).toBe('合计');
    expect(ws.rowCount).toBe(headerRow + 2);
  });

  it('lands a volunteer on its point’s scan page, with no campaign pages and no paper-sheet entry', async () => {
    const v = await newPage(browser);
    await v.setViewportSize({ width: 390, height: 844 });
    await signIn(v, 'miyun_volunteer');
    await v.waitForURL(/\/distribute\/\d+$/);
    await expect.poll(() => v.getByTestId('scan-button').count()).toBe(1);
    expect(await v.locator('.ant-layout-sider').count()).toBe(0);
    await v.goto('/campaigns');
    await expect.poll(() => v.getByText('没有权限').count()).toBeGreaterThan(0);
    await v.goto('/distribute');
    await expect.poll(() => v.getByTestId('point-chooser').count()).toBe(1);
    await settled(v, 'volunteer-points');
    // At the point: scan or type the ID number; paper sheets are entered by staff.
    await v.getByTestId('point-chooser').locator('.ant-card').first().click();
    await expect.poll(() => v.getByTestId('scan-button').count()).toBe(1);
    expect(await v.getByTestId('point-page').locator('.ant-segmented').count()).toBe(0);
    await v.context().close();
  });
});
