/**
 * 互助保障 in Chromium: 新城区's cadre receives a hospitalisation claim at the counter with the
 * plan's document checklist (a missing document is refused, then the complete claim is received),
 * reviews it; the same cadre cannot recheck it (四眼) and 呼和浩特's administrator rechecks and
 * approves it with the payout explained; an amount over what the caps leave is refused; a second
 * claim with the same invoice number is refused naming the first; the payment batch is made and
 * the bank's result imported, and the claim reads 已支付. An employer's .xlsx list with a row whose
 * name is not the registry's is refused naming row and column, nothing enrolled; the corrected list
 * enrols and its batch is listed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot, signIn, waitOrTell } from '../../../testing/browser.ts';
import { withCheckCharacter } from '../../../shared/idcard.ts';
import { pdfTextRuns } from '../../../testing/pdf-text.ts';

let browser: Browser;
let cadre: Page;
let admin: Page;
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 30_000 });
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
const invoice = `E2E${Date.now() % 1_000_000}`;
let claimNo = '';

async function pickDate(p: Page, label: string, value: string) {
  const input = p.getByLabel(label);
  await input.click();
  await input.fill(value);
  await input.press('Enter');
}

async function intake(p: Page, documents: string[]) {
  await p.getByTestId('ma-intake').click();
  const drawer = p.getByRole('dialog').last();
  await drawer.getByTestId('ma-plan').locator('.ant-select').click();
  await p.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '呼和浩特市在职职工住院互助保障（演示）' }).first().click();
  // The insured are listed once the plan is chosen: wait for the plan's list to close and theirs to come.
  await p.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
  await drawer.getByLabel('参保人').click();
  await p.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '·' }).first().click();
  await pickDate(p, '出险日期', day(-12));
  await pickDate(p, '入院日期', day(-12));
  await pickDate(p, '出院日期', day(-3));
  await drawer.getByLabel('住院天数').fill('10');
  await drawer.getByLabel('自付医疗费用（元）').fill('3500');
  await drawer.getByLabel('申请金额（元）').fill('2000');
  await drawer.getByTestId('ma-invoices').fill(invoice);
  for (const d of documents) await drawer.getByRole('checkbox', { name: new RegExp(`^${d}`) }).check();
  await drawer.getByLabel('银行账号').fill('6222020200112233445');
  await drawer.getByTestId('ma-intake-submit').click();
}

beforeAll(async () => {
  browser = await launchBrowser();
  cadre = await newPage(browser);
  admin = await newPage(browser);
  for (const p of [cadre, admin]) {
    p.setDefaultNavigationTimeout(60_000);
    p.setDefaultTimeout(30_000);
  }
  await signIn(cadre, 'xinchengqu_cadre');
  await signIn(admin, 'hhht_admin');
}, 180_000);
afterAll(async () => {
  await browser?.close();
});

describe('a mutual-aid claim from intake to payment', () => {
  it('refuses a claim missing a required document, then receives the complete one', async () => {
    await cadre.goto('/mutualaid');
    await cadre.getByRole('tab', { name: '互助金申请' }).click();
    await intake(cadre, ['身份证', '医疗费发票', '银行卡']);
    await expect.poll(() => cadre.getByTestId('ma-intake-error').textContent()).toContain('缺少计划要求的申请材料：出院小结');
    await cadre
      .getByRole('dialog')
      .last()
      .getByRole('checkbox', { name: /^出院小结/ })
      .check();
    await cadre.getByTestId('ma-intake-submit').click();
    await poll(() => cadre.locator('.ant-message').textContent()).toMatch(/已受理，申请编号 HZ\d+/);
    claimNo = /HZ\d+/.exec((await cadre.locator('.ant-message').textContent()) ?? '')![0];
    await screenshot(cadre, 'mutualaid-claims');
  });

  it('opens the claim from its address, as the inbox links it', async () => {
    const inbox = (await (await cadre.request.get('/api/inbox/items?kind=mutualaid.review&pageSize=100')).json()) as {
      items: { title: string; link: string }[];
    };
    const item = inbox.items.find((i) => i.title.endsWith(claimNo))!;
    expect(item.link).toMatch(/^\/mutualaid\?tab=claims&claim=\d+$/);
    await cadre.goto(item.link);
    await poll(() => cadre.getByRole('dialog').last().innerText()).toContain(claimNo);
    expect(await cadre.getByRole('tab', { name: '互助金申请', selected: true }).count()).toBe(1);
    await cadre.keyboard.press('Escape');
    await poll(() => new URL(cadre.url()).searchParams.get('claim')).toBe(null);
  });

  it('refuses the same invoice on a second claim, naming the first', async () => {
    await cadre.keyboard.press('Escape');
    await intake(cadre, ['身份证', '医疗费发票', '出院小结', '银行卡']);
    await poll(() => cadre.getByTestId('ma-intake-error').textContent()).toBe(`发票 ${invoice} 已在申请 ${claimNo} 中申报，不能重复申报`);
    await cadre.keyboard.press('Escape');
  });

  it('goes through review by one person and recheck and approval by another, then payment', async () => {
    await cadre.goto('/mutualaid');
    await cadre.getByRole('tab', { name: '互助金申请' }).click();
    await cadre.locator('tbody tr').filter({ hasText: claimNo }).first().click();
    await cadre.getByTestId('ma-review').click();
    await poll(() => cadre.getByRole('dialog').locator('.ant-tag').first().textContent()).toBe('已审核');
    // The reviewer is offered no recheck.
    expect(await cadre.getByTestId('ma-recheck').count()).toBe(0);

    await admin.goto('/mutualaid');
    await admin.getByRole('tab', { name: '互助金申请' }).click();
    await admin.locator('tbody tr').filter({ hasText: claimNo }).first().click();
    await admin.getByTestId('ma-recheck').click();
    await poll(() => admin.getByRole('dialog').locator('.ant-tag').first().textContent()).toBe('已复核');
    await poll(() => admin.getByTestId('ma-explanation').textContent()).toContain('自第 4 天起计 7 天');
    await admin.getByTestId('ma-amount').fill('99999');
    await admin.getByTestId('ma-approve').click();
    await poll(() => admin.locator('.ant-message').textContent()).toContain('超过可给付金额');
    await admin.getByTestId('ma-amount').fill('');
    await admin.getByTestId('ma-approve').click();
    await poll(() => admin.getByRole('dialog').locator('.ant-tag').first().textContent()).toBe('已审批');
    await screenshot(admin, 'mutualaid-claim');
    // In English the explanation the server kept reads in English, figures and all.
    const url = admin.url();
    await admin.evaluate(() => localStorage.setItem('niangjia.locale', 'en'));
    await admin.goto(url);
    await poll(() => admin.getByTestId('ma-explanation').textContent()).toContain('counted from day 4: 7 days × ¥');
    expect(await admin.getByTestId('ma-explanation').textContent()).not.toMatch(/\p{Script=Han}/u);
    // The drawer slides in after the reload: look once it is in place (and it fits the window with English labels).
    await poll(async () => {
      const box = await admin.getByTestId('ma-explanation').boundingBox();
      return box !== null && box.x + box.width <= admin.viewportSize()!.width;
    }).toBe(true);
    await screenshot(admin, 'mutualaid-claim-en');
    await admin.evaluate(() => localStorage.setItem('niangjia.locale', 'zh-CN'));
    await admin.goto('/mutualaid');

    await admin.getByRole('tab', { name: '支付批次' }).click();
    await admin.getByTestId('ma-payment').click();
    await poll(() => admin.locator('tbody tr').filter({ hasText: '待回盘' }).count()).toBeGreaterThan(0);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('结果');
    ws.addRow(['申请编号', '支付结果', '说明']);
    ws.addRow([claimNo, '成功', '']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const row = admin.locator('tbody tr').filter({ hasText: '待回盘' }).first();
    await row
      .locator('input[type=file]')
      .setInputFiles({ name: '回盘.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file });
    await poll(() => admin.locator('.ant-message').textContent()).toContain('支付成功 1 笔，失败 0 笔');
    await admin.getByRole('tab', { name: '互助金申请' }).click();
    await poll(() => admin.locator('tbody tr').filter({ hasText: claimNo }).textContent()).toContain('已支付');
    await admin.getByRole('tab', { name: '统计' }).click();
    await screenshot(admin, 'mutualaid-stats');
  });
});

describe('an employer’s list of workers to enrol', () => {
  it('names the bad row’s field and enrols nobody; the corrected list enrols, and the batch is listed', async () => {
    // A plan of the city's, open, for anyone the union registers; two workers of 新城区 newly in the registry.
    const me = (await (await admin.request.get('/api/auth/me')).json()) as { csrfToken: string };
    const headers = { 'x-csrf-token': me.csrfToken };
    const hhht = ((await (await admin.request.get(`/api/orgs/search?q=${encodeURIComponent('呼和浩特市总工会')}`)).json()) as { items: { id: number }[] })
      .items[0]!.id;
    const xcq = ((await (await admin.request.get(`/api/orgs/search?q=${encodeURIComponent('呼和浩特市新城区总工会')}`)).json()) as { items: { id: number }[] })
      .items[0]!.id;
    const name = `物流企业互助保障（测试${Date.now() % 100_000}）`;
    const plan = await admin.request.post('/api/mutualaid/plans', {
      headers,
      data: {
        name,
        kind: 'hospital',
        orgId: hhht,
        termStart: day(0),
        termEnd: day(300),
        contributionFen: 30_00,
        audience: {},
        waitingDays: 30,
        exclusions: '',
        formula: { parts: [{ type: 'per_day', perDayFen: 50_00, fromDay: 1, maxDays: 30 }], yearlyCapFen: 3_000_00 },
        requiredDocuments: ['id_card', 'invoice'],
      },
    });
    expect(plan.status(), await plan.text()).toBe(201);
    const planId = ((await plan.json()) as { id: number }).id;
    expect((await admin.request.post(`/api/mutualaid/plans/${planId}/status`, { headers, data: { status: 'open' } })).status()).toBe(200);
    const seq = String(Date.now() % 1000).padStart(3, '0');
    const workers = [
      { name: '物流职工甲', idNumber: withCheckCharacter(`15010219880305${seq}`) },
      { name: '物流职工乙', idNumber: withCheckCharacter(`15010219900611${seq}`) },
    ];
    for (const w of workers) {
      const res = await admin.request.post('/api/people', { headers, data: { ...w, orgId: xcq } });
      expect(res.status(), await res.text()).toBe(201);
    }
    const sheet = async (rows: string[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('名单');
      ws.addRow(['姓名', '身份证号', '用人单位']);
      for (const r of rows) ws.addRow(r);
      return {
        name: '名单.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: Buffer.from(await wb.xlsx.writeBuffer()),
      };
    };

    await admin.goto('/mutualaid');
    await admin.getByRole('tab', { name: '参保批次' }).click();
    await admin.getByTestId('ma-plan').locator('.ant-select').click();
    await admin.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: name }).first().click();
    await admin.getByTestId('ma-import').click();
    // The second row's name is not the registry's.
    await admin
      .getByRole('dialog')
      .locator('input[type=file]')
      .setInputFiles(
        await sheet([
          [workers[0]!.name, workers[0]!.idNumber, '某物流公司'],
          ['错名字', workers[1]!.idNumber, '某物流公司'],
        ]),
      );
    await admin.getByTestId('ma-enrol-check').click();
    await poll(() => admin.getByTestId('ma-enrol-errors-table').textContent()).toContain(`姓名与职工档案不一致（档案为“${workers[1]!.name}”）`);
    // Row 3 of the sheet (the header is row 1), column 姓名.
    expect(await admin.getByTestId('ma-enrol-errors-table').locator('tbody tr').first().locator('td').allTextContents()).toEqual([
      '3',
      '姓名',
      `姓名与职工档案不一致（档案为“${workers[1]!.name}”）`,
    ]);
    expect(await admin.getByTestId('ma-enrol-apply').isDisabled()).toBe(true);
    await screenshot(admin, 'mutualaid-enrol-errors');
    expect(((await (await admin.request.get(`/api/mutualaid/plans/${planId}/batches`)).json()) as { items: unknown[] }).items).toEqual([]);

    await admin
      .getByRole('dialog')
      .locator('input[type=file]')
      .setInputFiles(await sheet(workers.map((w) => [w.name, w.idNumber, '某物流公司'])));
    await admin.getByTestId('ma-enrol-check').click();
    await poll(() => admin.getByTestId('ma-enrol-check-result').textContent()).toContain('检查通过，可以参保 2 人');
    await admin.getByTestId('ma-enrol-apply').click();
    await admin.getByTestId('ma-enrol-done').waitFor();
    await admin.getByRole('button', { name: /完\s*成/ }).click();
    await poll(() => admin.locator('tbody tr').filter({ hasText: '名单导入' }).textContent()).toContain('某物流公司');
    expect(await admin.locator('tbody tr').filter({ hasText: '名单导入' }).textContent()).toContain('60.00');
    // The plan's roster lists them, each with a certificate to print.
    const roster = admin.getByTestId('ma-enrolments');
    await poll(() => roster.innerText()).toContain(workers[1]!.name);
    const row = roster.locator('tbody tr').filter({ hasText: workers[0]!.name });
    const pdf = await admin.request.get((await row.getByRole('link', { name: '打印凭证' }).getAttribute('href'))!);
    expect(pdf.status()).toBe(200);
    const text = pdfTextRuns(Buffer.from(await pdf.body()))
      .flat()
      .join('');
    expect(text).toContain(workers[0]!.name);
    expect(text).toContain(name);
    expect(text).toContain((await row.locator('td').nth(4).innerText()).trim());
  });
});

describe('the plan editor', () => {
  it('makes a draft plan with two payout parts, names a missing figure at its field, previews the payout in words, and edits the cap', async () => {
    const name = `职工住院互助（编辑器测试${Date.now() % 100_000}）`;
    await admin.goto('/mutualaid');
    await admin.getByTestId('ma-plan-new').click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('计划名称').fill(name);
    // The new plan starts as a per-day hospital allowance; add a share of the costs above a deductible.
    await dialog.getByTestId('ma-part-add').click();
    await waitOrTell(dialog.getByTestId('ma-part-1').getByLabel('起付线'));
    await dialog.getByTestId('ma-part-0').getByLabel('每日给付').fill('');
    await admin.getByTestId('ma-plan-save').click();
    await waitOrTell(dialog.getByTestId('ma-part-0').locator('.ant-form-item-explain-error').filter({ hasText: '每日给付' }));
    expect((await (await admin.request.get('/api/mutualaid/plans?pageSize=200')).json()).items.some((p: { name: string }) => p.name === name)).toBe(false);

    await dialog.getByTestId('ma-part-0').getByLabel('每日给付').fill('80');
    // 10 days at ¥80 and half of ¥5,000 above ¥1,000: ¥800 + ¥2,000.
    await dialog.getByTestId('ma-editor-preview-run').click();
    const result = dialog.getByTestId('ma-editor-preview-result');
    await poll(() => result.innerText()).toContain('可给付 ¥2,800.00');
    expect(await result.innerText()).toMatch(/80/);
    await screenshot(admin, 'mutualaid-plan-editor');
    await admin.getByTestId('ma-plan-save').click();
    await waitOrTell(dialog, { state: 'hidden' });
    const row = admin.locator('tbody tr').filter({ hasText: name });
    await waitOrTell(row.getByText('草稿'));
    const saved = (
      (await (await admin.request.get('/api/mutualaid/plans?pageSize=200')).json()).items as { id: number; name: string; formula: unknown }[]
    ).find((p) => p.name === name)!;
    expect(saved.formula).toMatchObject({
      parts: [
        { type: 'per_day', perDayFen: 80_00, fromDay: 1, maxDays: 180 },
        { type: 'share', deductibleFen: 1000_00, ratio: 0.5 },
      ],
      yearlyCapFen: 10_000_00,
    });

    // A yearly cap of ¥2,000 holds the same example to ¥2,000, and the preview says why.
    await admin.getByTestId(`ma-plan-edit-${saved.id}`).click();
    await dialog.getByLabel('年度限额').fill('2000');
    await dialog.getByTestId('ma-editor-preview-run').click();
    await poll(() => result.innerText()).toContain('可给付 ¥2,000.00');
    expect(await result.innerText()).toMatch(/年度限额/);
    await admin.getByTestId('ma-plan-save').click();
    await waitOrTell(dialog, { state: 'hidden' });
    const edited = (await (await admin.request.get(`/api/mutualaid/plans/${saved.id}`)).json()) as { formula: { yearlyCapFen: number } };
    expect(edited.formula.yearlyCapFen).toBe(2000_00);
  });
});
