/**
 * 导出台账 in Chromium, on the demo's finished New-Year campaign of the region: a county cadre's
 * click gives the office file (title with union, campaign and 发放台账, the period, real dates in
 * 发放日期, a totals row that adds up, phones and ID numbers masked) and no full-number choice; an
 * administrator who may reveal numbers is offered the full ledger, which asks first, says it is
 * audited, and gives the numbers in full.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { launchBrowser, newPage, screenshot, signIn } from '../../../testing/browser.ts';

const REGION = '内蒙古自治区总工会';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-e2e-ledger-export-'));

let browser: Browser;
let campaign = { id: 0, name: '', startsOn: '', endsOn: '' };

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function signedIn(username: string): Promise<Page> {
  const page = await newPage(browser);
  page.context().setDefaultTimeout(60_000);
  await signIn(page, username);
  if (!campaign.id) {
    const list = await (await page.request.get('/api/campaigns?status=ended')).json();
    campaign = list.items.find((c: { orgName: string }) => c.orgName === REGION);
    expect(campaign?.id).toBeGreaterThan(0);
  }
  return page;
}

async function openLedger(page: Page, name: string) {
  await page.goto(`/campaigns/${campaign.id}?tab=ledger`);
  await expect.poll(() => page.getByTestId('ledger-table').locator('tbody tr.ant-table-row').count(), { timeout: 60_000 }).toBeGreaterThan(0);
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.locator('.ant-spin-spinning').count()).toBe(0);
  await screenshot(page, name);
}

async function saved(page: Page, click: () => Promise<void>, file: string): Promise<ExcelJS.Worksheet> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), click()]);
  expect(download.suggestedFilename()).toMatch(/发放台账.*\.xlsx$/);
  const target = path.join(dir, file);
  await download.saveAs(target);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(target);
  return wb.worksheets[0]!;
}

const HEADER_ROW = 4;
const text = (ws: ExcelJS.Worksheet, row: number, col: number) => String(ws.getRow(row).getCell(col).value ?? '');
const day = (iso: string) => `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

/** The sheet's header row by name, its body rows and its totals row. */
function table(ws: ExcelJS.Worksheet) {
  const header = (ws.getRow(HEADER_ROW).values as unknown[]).slice(1).map(String);
  const col = (h: string) => {
    const i = header.indexOf(h);
    expect(i, h).toBeGreaterThanOrEqual(0);
    return i + 1;
  };
  const rows: ExcelJS.Row[] = [];
  let r = HEADER_ROW + 1;
  while (text(ws, r, 1) !== '合计') {
    expect(text(ws, r, 1), `row ${r}`).toBe(String(rows.length + 1));
    rows.push(ws.getRow(r++));
  }
  return { header, col, rows, totals: ws.getRow(r) };
}

describe('the ledger export', () => {
  it('gives a county cadre the office ledger: title, period, real dates, totals that add up, masked numbers', async () => {
    const page = await signedIn('xinchengqu_cadre');
    await openLedger(page, 'ledger-export-cadre');
    expect(await page.getByTestId('export-ledger').count()).toBe(1);
    expect(await page.getByTestId('export-ledger-more').count()).toBe(0);
    expect(await page.getByText('导出（含完整证件号和电话）').count()).toBe(0);

    const ws = await saved(page, () => page.getByTestId('export-ledger').click(), 'cadre.xlsx');
    expect(text(ws, 1, 1)).toBe(`${REGION} ${campaign.name} 发放台账`);
    expect(text(ws, 2, 1)).toBe(`活动期间：${day(campaign.startsOn)}至${day(campaign.endsOn)}`);
    expect(text(ws, 3, 1)).toContain('范围：呼和浩特市新城区总工会及下级工会');

    const { header, col, rows, totals } = table(ws);
    expect(header).toEqual(['序号', '姓名', '性别', '身份证号', '联系电话', '所属工会', '发放点', '领取内容', '金额（元）', '发放日期', '经办人', '方式']);
    expect(rows.length).toBeGreaterThan(0);

    for (const r of rows) {
      const on = r.getCell(col('发放日期')).value;
      expect(on).toBeInstanceOf(Date);
      const d = on as Date;
      expect(d.getTime() >= Date.parse(`${campaign.startsOn}T00:00:00Z`) && d.getTime() <= Date.parse(`${campaign.endsOn}T00:00:00Z`)).toBe(true);
      expect(typeof r.getCell(col('金额（元）')).value).toBe('number');
      expect(String(r.getCell(col('身份证号')).value)).toMatch(/^\d{6}\*+[\dX]{4}$/);
      const phone = String(r.getCell(col('联系电话')).value ?? '');
      expect(phone).not.toMatch(/^1\d{10}$/);
      if (phone) expect(phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    }
    expect(rows.some((r) => /\*{4}/.test(String(r.getCell(col('联系电话')).value ?? '')))).toBe(true);

    const cents = rows.reduce((s, r) => s + Math.round(Number(r.getCell(col('金额（元）')).value) * 100), 0);
    expect(Math.round(Number(totals.getCell(col('金额（元）')).value) * 100)).toBe(cents);
    const reversals = rows.filter((r) => r.getCell(col('方式')).value === '冲正').length;
    expect(String(totals.getCell(col('身份证号')).value)).toBe(`${rows.length - 2 * reversals} 人次`);
    const persons = Number(String(totals.getCell(col('姓名')).value).replace(/ 人$/, ''));
    expect(persons > 0 && persons <= rows.length - reversals).toBe(true);

    // The table on screen counts the same lines.
    expect(await page.getByTestId('ledger').textContent()).toContain(`共 ${rows.length} 条`);
    await page.close();
  });

  it('offers an administrator the full ledger after a confirmation that says it is audited', async () => {
    const page = await signedIn('hhht_admin');
    await openLedger(page, 'ledger-export-admin');
    await page.getByTestId('export-ledger-more').click();
    await page.getByTestId('export-ledger-full').click();
    const confirm = page.locator('.ant-modal-confirm:visible');
    await expect.poll(() => confirm.textContent()).toContain('记入审计日志');
    expect(await confirm.textContent()).toContain('导出含完整证件号和电话的台账？');
    await screenshot(page, 'ledger-export-full-confirm');

    const request = page.waitForRequest((r) => r.url().includes(`/api/campaigns/${campaign.id}/ledger.xlsx`));
    const ws = await saved(page, () => confirm.getByRole('button', { name: '确认导出' }).click(), 'full.xlsx');
    expect(new URL((await request).url()).searchParams.get('full')).toBe('1');
    const { col, rows } = table(ws);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(String(r.getCell(col('身份证号')).value)).toMatch(/^\d{17}[\dX]$/);
    expect(rows.some((r) => /^1\d{10}$/.test(String(r.getCell(col('联系电话')).value ?? '')))).toBe(true);

    await page.close();
  });
});
