/**
 * Running a 工会驿站 in Chromium: the 新城区 cadre opens a demo station from the list, adds a kind of
 * donated goods, stocks it in and out (a stock-out larger than the balance is refused at the
 * field, the ledger shows both movements), records an inspection and sees its stars; then imports
 * stations from an .xlsx — a file with a bad row shows the row's problem and imports nothing, the
 * corrected file imports. The station's 站长 sees only their own station.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot, signIn } from '../../../testing/browser.ts';

let browser: Browser;
let staff: Page;
const SUFFIX = String(Date.now()).slice(-5);
const GOODS = `防暑药品${SUFFIX}`;
const STATION = '新城区中山路户外劳动者服务站';
let stationId = 0;
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 30_000 });

async function settled(p: Page, name: string) {
  await p.waitForLoadState('networkidle');
  await poll(() => p.locator('.ant-spin-spinning').count()).toBe(0);
  await screenshot(p, name);
}

async function sheet(rows: string[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('驿站');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

beforeAll(async () => {
  browser = await launchBrowser();
  staff = await newPage(browser);
  staff.context().setDefaultTimeout(30_000);
  await signIn(staff, 'xinchengqu_cadre');
}, 180_000);
afterAll(async () => {
  await browser?.close();
});

describe('工会驿站 operations: goods in and out, an inspection with stars, an import', () => {
  it('opens a station from the list', async () => {
    await staff.goto(`/stations?q=${encodeURIComponent(STATION)}`);
    const link = staff.getByTestId('stations-table').getByRole('link', { name: STATION });
    await link.click();
    await staff.getByTestId('station-title').getByText(STATION).waitFor();
    stationId = Number(new URL(staff.url()).pathname.split('/').at(-1));
    expect(stationId).toBeGreaterThan(0);
    // The demo's manager is bound here.
    await staff.getByTestId('station-managers').getByText('新城区驿站站长').waitFor();
    await settled(staff, 'station-overview');
  });

  it('stocks goods in and out, refusing more than the balance at the field', async () => {
    await staff.getByRole('tab', { name: '物资' }).click();
    await staff.getByTestId('goods-new').click();
    let dialog = staff.getByRole('dialog');
    await dialog.getByLabel('物资名称').fill(GOODS);
    await dialog.getByLabel('计量单位').fill('盒');
    await dialog.getByLabel('库存提醒下限').fill('15');
    await staff.getByTestId('goods-save').click();
    await dialog.waitFor({ state: 'hidden' });
    const row = staff.getByTestId('goods-table').locator('tr', { hasText: GOODS });
    await row.getByText('0 盒').waitFor();

    await row.getByRole('button', { name: '入库' }).click();
    dialog = staff.getByRole('dialog');
    await dialog.getByRole('spinbutton', { name: '入库数量' }).fill('20');
    await dialog.getByLabel('捐赠方').fill('康宁大药房');
    await staff.getByTestId('move-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await row.getByText('20 盒').waitFor();

    await row.getByRole('button', { name: '出库' }).click();
    dialog = staff.getByRole('dialog');
    await dialog.getByRole('spinbutton', { name: '出库数量' }).fill('25');
    await dialog.getByLabel('用途').fill('高温天气骑手取用');
    await staff.getByTestId('move-save').click();
    await dialog.getByText('库存不足：「' + GOODS + '」现结存 20 盒，不能出库 25 盒').waitFor();
    await screenshot(staff, 'station-stock-out-refused');
    await dialog.getByRole('spinbutton', { name: '出库数量' }).fill('8');
    await staff.getByTestId('move-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await row.getByText('12 盒').waitFor();
    await row.getByText('库存不足').waitFor();

    const ledger = staff.getByTestId('ledger-table');
    await ledger.locator('tr', { hasText: '高温天气骑手取用' }).getByText('−8 盒').waitFor();
    await ledger.locator('tr', { hasText: '康宁大药房' }).getByText('+20 盒').waitFor();
    await settled(staff, 'station-goods');
    const goods = (await (await staff.request.get(`/api/stations/${stationId}/goods`)).json()).items.find((g: { name: string }) => g.name === GOODS);
    expect(goods).toMatchObject({ balance: 12, low: true });
  });

  it('records an inspection and shows its stars', async () => {
    await staff.getByRole('tab', { name: '巡查评星' }).click();
    await staff.getByTestId('inspection-new').click();
    const dialog = staff.getByRole('dialog');
    const scores: [string, string][] = [
      ['环境卫生', '19'],
      ['设施完好', '18'],
      ['开放时间落实', '20'],
      ['服务台账', '17'],
      ['安全', '18'],
    ];
    for (const [label, score] of scores) await dialog.getByRole('spinbutton', { name: label, exact: true }).fill(score);
    await dialog.getByLabel('环境卫生说明').fill('地面整洁，垃圾日清');
    await poll(() => dialog.getByTestId('inspection-total').innerText()).toContain('总分 92');
    await screenshot(staff, 'station-inspection-form');
    await staff.getByTestId('inspection-save').click();
    await dialog.waitFor({ state: 'hidden' });
    const first = staff.getByTestId('inspections-table').locator('tbody tr').first();
    await first.getByText('92', { exact: true }).waitFor();
    expect(await first.getByTestId('station-stars').getAttribute('data-stars')).toBe('5');
    await settled(staff, 'station-inspections');
    await staff.getByRole('tab', { name: '概况' }).click();
    await poll(() => staff.getByTestId('station-stars').first().getAttribute('data-stars')).toBe('5');
  });

  it('imports stations from an .xlsx: a bad row imports nothing, the corrected file imports', async () => {
    const header = ['驿站类型', '驿站名称', '承建工会', '详细地址', '经度', '纬度', '坐标来源', '坐标系', '开放时间', '值守时间', '服务设施', '联系电话'];
    const row = (name: string, hours: string) => [
      '暖心驿站',
      name,
      '呼和浩特市新城区总工会',
      '呼和浩特市新城区海拉尔东路 9 号',
      '111.69',
      '40.83',
      '高德地图',
      'GCJ-02',
      hours,
      '',
      '饮用水、手机充电',
      '',
    ];
    const good = `海拉尔路暖心驿站${SUFFIX}`;
    const other = `锡林路暖心驿站${SUFFIX}`;
    await staff.goto('/stations');
    await staff.getByTestId('station-import').click();
    const dialog = staff.getByRole('dialog');
    await dialog.locator('input[type=file]').setInputFiles({
      name: '驿站.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await sheet([header, row(good, 'Mo-Su 07:00-21:00; PH off'), row(other, '早七点到晚九点')]),
    });
    await staff.getByTestId('station-import-check').click();
    const errors = staff.getByTestId('station-import-errors-table');
    await errors
      .locator('tr', { hasText: '开放时间' })
      .getByText(/开放时间无法识别/)
      .waitFor();
    expect(await errors.locator('tbody tr').first().innerText()).toContain('3');
    await staff.getByTestId('station-import-errors').waitFor();
    await screenshot(staff, 'station-import-errors');
    expect(await staff.getByTestId('station-import-apply').isDisabled()).toBe(true);
    expect((await (await staff.request.get(`/api/stations?q=${encodeURIComponent(good)}`)).json()).total).toBe(0);

    await dialog.locator('input[type=file]').setInputFiles({
      name: '驿站.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await sheet([header, row(good, 'Mo-Su 07:00-21:00; PH off'), row(other, 'Mo-Su 07:00-21:00')]),
    });
    await staff.getByTestId('station-import-check').click();
    await dialog.getByText('检查通过，可以导入 2 个驿站').waitFor();
    await staff.getByTestId('station-import-apply').click();
    await staff.getByTestId('station-import-done').getByText('新增 2 个驿站，0 个已存在未变动').waitFor();
    await staff.getByRole('button', { name: '完成' }).click();
    await staff.getByTestId('stations-table').getByRole('link', { name: good }).waitFor();
    await settled(staff, 'stations-imported');
  });

  it('shows a 站长 only their own station', async () => {
    const manager = await newPage(browser);
    await signIn(manager, 'xinchengqu_station');
    await manager.goto('/stations');
    await manager.getByTestId('stations-table').getByRole('link', { name: STATION }).waitFor();
    await poll(() => manager.getByTestId('stations-table').locator('tbody tr.ant-table-row').count()).toBe(1);
    await settled(manager, 'stations-manager-list');
    await manager.close();
  });
});
