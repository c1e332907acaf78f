import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { launchBrowser, newPage, screenshot, signIn } from '../../../testing/browser.ts';
import { withCheckCharacter } from '../../../shared/idcard.ts';

let browser: Browser;
let page: Page;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-e2e-people-'));
const idn = (first17: string) => withCheckCharacter(first17);
beforeAll(async () => {
  browser = await launchBrowser();
  page = await newPage(browser);
  await signIn(page, 'hhht_admin');
});
afterAll(async () => {
  await browser.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const dialog = () => page.locator('.ant-modal-wrap:visible');
/** At the check step: the union for new people whose 所属工会 is blank (these files have no such column). */
const chooseBlankOrg = async (name: string) => {
  await page.locator('#import-blank-org').click({ timeout: 30_000 });
  await page.locator('.ant-select-tree-node-content-wrapper', { hasText: name }).first().click();
};

describe('职工档案 in the browser', () => {
  it('finds workers by pinyin initials', async () => {
    await page.goto('/people');
    const total = page.getByTestId('people-total');
    await expect.poll(() => total.textContent()).toMatch(/\d/);
    const first = await page.getByTestId('people-table').locator('tbody tr.ant-table-row').first().locator('td').first().textContent();
    await page.getByTestId('people-search').locator('input').fill('ly');
    await page.getByTestId('people-search').locator('input').press('Enter');
    await page.waitForURL(/q=ly/);
    await expect.poll(() => page.getByTestId('people-table').locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    expect(first).toBeTruthy();
    await screenshot(page, 'people-list');
  });

  it('adds a worker, with the check-digit error shown at the ID field, then reveals the ID with a reason and joins the union', async () => {
    await page.goto('/people');
    await page.getByRole('button', { name: '新增职工' }).click();
    await dialog().getByLabel('姓名').fill('额尔敦');
    await dialog().getByLabel('证件号码').fill('150102198503121235');
    await dialog().getByRole('button', { name: '保存' }).click();
    await expect.poll(() => dialog().textContent()).toContain('证件号码校验位不正确，请核对');
    const id = idn('15010219850312123');
    await dialog().getByLabel('证件号码').fill(id);
    await expect.poll(() => page.getByTestId('id-derived').textContent()).toContain('1985年3月12日');
    await dialog().getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/people\/\d+$/);
    await expect.poll(() => page.getByTestId('person-name').textContent()).toContain('额尔敦');
    expect(await page.getByTestId('person-header').textContent()).toContain('150102********');

    await page.getByTestId('reveal-idNumber').click();
    await dialog().getByLabel('查看原因').fill('核对慰问对象身份');
    await dialog().getByRole('button', { name: '查看' }).click();
    await expect.poll(() => page.getByTestId('value-idNumber').textContent()).toContain(id);

    await page.getByRole('tab', { name: '会籍' }).click();
    await page.getByTestId('join-form').getByRole('button', { name: '确认入会' }).click();
    await expect.poll(() => page.getByTestId('membership-state').textContent()).toContain('会员');
    expect(await page.getByTestId('member-no').textContent()).toMatch(/^1501\d{13}$/);
    await screenshot(page, 'person-detail');
  });

  it('imports a spreadsheet with Chinese headers: errors first (an ID number from a number cell warned of by column), then a clean file applied in one go', async () => {
    const header = ['序号', '姓名', '身份证号码', '手机号码', '工作单位', '职业', '用工形式'];
    const write = async (file: string, rows: (string | number)[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('职工名册');
      ws.addRow(header);
      for (const r of rows) ws.addRow(r);
      await wb.xlsx.writeFile(path.join(dir, file));
      return path.join(dir, file);
    };
    const ids = ['15010219900101201', '15010219900101203', '15010219900101205'].map(idn);
    const bad = await write('有错误.xlsx', [
      [1, '张一', ids[0]!, '13900000101', '新城区环卫中心', '环卫工人', '标准劳动关系'],
      [2, '张二', '150102199001012999', '13900000102', '顺丰速运', '快递员', '新就业形态'],
      // 150302199506037123 typed into a General cell: Excel keeps 1.50302199506037E+17.
      [3, '张三', 1.50302199506037e17, 13900000103, '顺丰速运', '快递员', '新就业形态'],
    ]);
    await page.goto('/people/import');
    await page.getByTestId('import-upload').setInputFiles(bad);
    await page.getByRole('button', { name: '下一步' }).click();
    await expect.poll(() => page.getByTestId('import-mapping').count()).toBe(1);
    await page.getByRole('button', { name: '下一步' }).click();
    // No 所属工会 column and no union chosen: nobody is put anywhere silently.
    await page.getByTestId('import-check').click();
    await expect.poll(() => page.getByTestId('import-error').textContent()).toContain('请选择这些人员导入到哪个工会');
    await chooseBlankOrg('呼和浩特市新城区总工会');
    await page.getByTestId('import-check').click();
    await expect.poll(() => page.getByTestId('import-summary').textContent(), { timeout: 30_000 }).toContain('有错误 2 行');
    const warning = await page.getByTestId('import-cell-format').textContent();
    expect(warning).toContain('身份证号：1 行');
    expect(warning).toContain('身份证号单元格是数字格式，Excel 已丢失末尾数字，请将该列设为文本后重新填写');
    expect(await page.getByTestId('import-apply').isDisabled()).toBe(true);
    await screenshot(page, 'import-errors');

    // The third row is another 张一 born the same day: imported, then queued as a likely duplicate.
    const good = await write(
      '名册.xlsx',
      ids.map((id, i) => [i + 1, ['张一', '张二', '张一'][i]!, id, `1390000020${i}`, '新城区环卫中心', '环卫工人', '标准劳动关系']),
    );
    await page.goto('/people/import');
    await page.getByTestId('import-upload').setInputFiles(good);
    await page.getByRole('button', { name: '下一步' }).click();
    // The upload takes a moment (its button shows loading meanwhile): the columns step comes first.
    await expect.poll(() => page.getByTestId('import-mapping').count()).toBe(1);
    await page.getByRole('button', { name: '下一步' }).click();
    await chooseBlankOrg('呼和浩特市新城区总工会');
    await page.getByTestId('import-check').click();
    await expect.poll(() => page.getByTestId('import-summary').textContent(), { timeout: 30_000 }).toContain('新增 3');
    await page.getByTestId('import-apply').click();
    await expect.poll(() => page.getByTestId('import-done').count(), { timeout: 30_000 }).toBe(1);
    // The scan covers the importer's whole subtree: the demo's planted pairs are found with this one.
    await expect
      .poll(() => page.getByTestId('import-duplicates').textContent(), { timeout: 30_000 })
      .toMatch(/发现 \d+ 对疑似重复（其中很可能重复 [1-9]\d* 对）/);
    await screenshot(page, 'import-done');
    const res = await (await page.request.get(`/api/people?q=${ids[2]}`)).json();
    expect(res.items[0]).toMatchObject({ name: '张一', occupationLabel: '环卫工人' });
    await page.getByTestId('import-duplicates').getByRole('link', { name: '去核对' }).click();
    await expect.poll(() => page.getByTestId('duplicate-pair').filter({ hasText: '张一' }).filter({ hasText: '姓名和出生日期相同' }).count()).toBe(1);
  });

  it('imports a roster saved by LibreOffice Calc (dates as date cells, an ID ending in X)', async () => {
    const fixture = path.join(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'libreoffice-roster.xlsx');
    await page.goto('/people/import');
    await page.getByTestId('import-upload').setInputFiles(fixture);
    await page.getByRole('button', { name: '下一步' }).click();
    await expect.poll(() => page.getByTestId('import-mapping').textContent()).toContain('身份证号码');
    await page.getByRole('button', { name: '下一步' }).click();
    await chooseBlankOrg('呼和浩特市新城区总工会');
    await page.getByTestId('import-check').click();
    await expect.poll(() => page.getByTestId('import-summary').textContent(), { timeout: 30_000 }).toContain('新增 4');
    await page.getByTestId('import-apply').click();
    await expect.poll(() => page.getByTestId('import-done').count(), { timeout: 30_000 }).toBe(1);
    const res = await (await page.request.get('/api/people?q=15010219920101118X')).json();
    expect(res.items[0]).toMatchObject({ name: '李建国', occupationLabel: '货车司机', membershipState: 'member' });
  });

  it('scans for near-duplicates and merges a pair field by field', async () => {
    await page.goto('/people/duplicates');
    await page.getByTestId('duplicates-scan').click();
    await expect.poll(() => page.getByTestId('scan-result').textContent()).toMatch(/\d/);
    const pair = page.getByTestId('duplicate-pair').filter({ hasText: '姓名和出生日期相同' }).first();
    await expect.poll(() => pair.count()).toBe(1);
    await pair.getByRole('button', { name: /合并/ }).click();
    await page.getByLabel('合并原因').fill('证件号录入错误');
    await page.getByTestId('merge-confirm').click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '确认合并' }).click();
    await page.waitForURL(/\/people\/\d+$/);
    await expect.poll(() => page.locator('.ant-message').textContent()).toContain('合并完成');
    await screenshot(page, 'merged');
  });
});
