/**
 * 互助保障 on a worker's phone in Chromium: a demo worker of 新城区 signs in with the code the demo
 * shows, joins 呼和浩特's accident cover open to self-enrolment and sees the certificate, files a
 * claim with a photo of each document on the plan's checklist, and sees it at 已受理; the union's
 * staff find it in their claims list marked 职工申请. The pages are looked at in elder mode too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPage, phoneContext, screenshot, signIn, waitOrTell } from '../../../testing/browser.ts';
import { pdfTextRuns } from '../../../testing/pdf-text.ts';

const PLAN = '呼和浩特市职工意外伤害互助保障（演示）';
const INVOICE = `SJ${String(Date.now()).slice(-8)}`;
/** A one-pixel PNG: the phone's browser decodes and shrinks it like any photo. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let browser: Browser;
let phone: BrowserContext;
let p: Page;
let worker: { phone: string; name: string; org: string };
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 30_000 });

async function settled(page: Page) {
  await page.waitForLoadState('networkidle');
  await poll(() => page.locator('.adm-spin-loading').count()).toBe(0);
}

beforeAll(async () => {
  browser = await launchBrowser();
  phone = await phoneContext(browser, 30_000);
  p = await phone.newPage();
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

describe('互助保障 on the worker’s phone', () => {
  it('a demo worker signs in, joins the plan open to self-enrolment and sees the certificate', async () => {
    const info = (await (await p.request.get('/api/m/auth/sign-in/info')).json()) as { demoWorkers: { phone: string; name: string; org: string }[] };
    // A worker of 新城区 (under 呼和浩特, where the plan is open), not the first one the sign-in test uses.
    worker = [...info.demoWorkers].reverse().find((w) => w.org.includes('新城区')) ?? info.demoWorkers.at(-1)!;
    await p.goto('/m/login?redirect=%2Fmutualaid');
    await p.getByText(worker.phone).click();
    await p.getByRole('button', { name: '获取验证码' }).click();
    const code = /验证码为 (\d{6})/.exec((await p.getByTestId('demo-code').textContent()) ?? '')![1]!;
    await p.getByPlaceholder('请输入 6 位验证码').fill(code);
    await p.getByRole('button', { name: /^登\s*录$/ }).click();
    await p.waitForURL((url) => url.pathname === '/m/mutualaid');
    await settled(p);

    const offer = p.getByTestId('mutualaid-plan').filter({ hasText: PLAN });
    await offer.waitFor();
    expect(await offer.innerText()).toContain('给付说明');
    await screenshot(p, 'mutualaid-portal-plans');
    // Without agreeing, the page says what is missing and nothing is enrolled.
    await offer.getByTestId('mutualaid-enrol').click();
    await poll(() => offer.getByTestId('mutualaid-enrol-error').innerText()).toContain('同意后再参保');
    await offer.getByTestId('mutualaid-agree').click();
    await offer.getByTestId('mutualaid-enrol').click();
    await p.locator('.adm-toast-main').filter({ hasText: '参保成功' }).waitFor();
    const certificate = p.getByTestId('mutualaid-certificate').filter({ hasText: PLAN });
    await certificate.waitFor();
    expect(await certificate.getByTestId('mutualaid-certificate-no').innerText()).toMatch(/^HZBZ-\d{4}-\d+-\d{8}$/);
    expect(await certificate.innerText()).toContain('待缴');
    // The certificate to keep or show: a PDF with the same number.
    const no = await certificate.getByTestId('mutualaid-certificate-no').innerText();
    const href = await certificate.getByTestId('mutualaid-certificate-pdf').getAttribute('href');
    const pdf = await p.request.get(href!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(
      pdfTextRuns(Buffer.from(await pdf.body()))
        .flat()
        .join(''),
    ).toContain(no);
    await poll(() => p.getByTestId('mutualaid-plan').filter({ hasText: PLAN }).count()).toBe(0);
  });

  it('files a claim with a photo of each document on the checklist and sees it at 已受理', async () => {
    await p.getByTestId('mutualaid-certificate').filter({ hasText: PLAN }).getByTestId('mutualaid-claim-start').click();
    await p.waitForURL((url) => url.pathname.startsWith('/m/mutualaid/claim/'));
    await settled(p);
    await p.getByTestId('mutualaid-out-of-pocket').locator('input').fill('1200');
    await p.getByTestId('mutualaid-claimed').locator('input').fill('900');
    await p.getByTestId('mutualaid-invoices').locator('input').fill(INVOICE);
    await p.getByTestId('mutualaid-bank-name').locator('input').fill('中国银行');
    await p.getByTestId('mutualaid-bank-account').locator('input').fill('6216610200016587010');
    const checklist = p.getByTestId('mutualaid-checklist');
    const kinds = ['id_card', 'invoice', 'diagnosis', 'bank_card'];
    // One photo short: the page names what is missing before anything is sent.
    for (const kind of kinds.slice(0, -1)) {
      await p.getByTestId(`mutualaid-photo-${kind}`).setInputFiles({ name: `${kind}.png`, mimeType: 'image/png', buffer: PNG });
      await poll(() => checklist.getByTestId(`mutualaid-doc-${kind}`).getByTestId('mutualaid-doc-state').innerText()).toContain('已拍 1 张');
    }
    await p.getByTestId('mutualaid-claim-submit').click();
    await poll(() => p.getByTestId('mutualaid-claim-error').innerText()).toBe('请为每项材料拍照：还缺 银行卡');
    await p.getByTestId('mutualaid-photo-bank_card').setInputFiles({ name: 'bank_card.png', mimeType: 'image/png', buffer: PNG });
    await poll(() => checklist.getByTestId('mutualaid-doc-bank_card').getByTestId('mutualaid-doc-state').innerText()).toContain('已拍 1 张');
    await screenshot(p, 'mutualaid-portal-claim-form');
    await p.getByTestId('mutualaid-claim-submit').click();
    await p.waitForURL((url) => url.pathname === '/m/mutualaid');
    const mine = p.getByTestId('mutualaid-my-claim').filter({ hasText: PLAN });
    await mine.waitFor();
    expect(await mine.getByTestId('mutualaid-claim-status').innerText()).toBe('已受理');
    expect(await mine.innerText()).toContain('银行卡 1 张');
    await settled(p);
    await screenshot(p, 'mutualaid-portal-cover');
  });

  it('reads well in elder mode at a phone’s width', async () => {
    await p.goto('/m/mutualaid?elder=1');
    await settled(p);
    await p.getByTestId('mutualaid-certificate').filter({ hasText: PLAN }).waitFor();
    // Nothing runs off the side of a 390 px screen.
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(p, 'mutualaid-portal-elder');
    await p.getByTestId('mutualaid-claim-start').first().click();
    await p.getByTestId('mutualaid-checklist').waitFor();
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The 2021 age-friendly sizes the portal's elder mode keeps: text at least 24 px, tap targets at least 60 px.
    const small = await p.evaluate(() =>
      [...document.querySelectorAll('.nj-page *')]
        .filter((el) => [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim()) && el.getBoundingClientRect().height > 0)
        .filter((el) => parseFloat(getComputedStyle(el).fontSize) < 24)
        .map((el) => `${el.tagName} ${el.textContent?.trim().slice(0, 12)}`),
    );
    expect(small).toEqual([]);
    await screenshot(p, 'mutualaid-portal-claim-elder');
  });

  it('the union’s staff see the claim in their list at 已受理, marked 职工申请', async () => {
    const staff = await newPage(browser);
    await signIn(staff, 'hhht_admin');
    await staff.goto('/mutualaid');
    await staff.getByRole('tab', { name: '互助金申请' }).click();
    const row = staff.locator('.ant-table-row').filter({ hasText: worker.name }).filter({ hasText: '职工申请' });
    await row.first().waitFor();
    expect(await row.first().innerText()).toContain('已受理');
    await screenshot(staff, 'mutualaid-staff-worker-claim');
    await staff.context().close();
  });

  it('the union records the worker’s own contribution as paid at the desk; the phone no longer says 待缴', async () => {
    const staff = await newPage(browser);
    await signIn(staff, 'hhht_admin');
    await staff.goto('/mutualaid');
    await staff.getByRole('tab', { name: '参保批次' }).click();
    await staff.getByTestId('ma-plan').locator('.ant-select').click();
    await staff.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: PLAN }).first().click();
    // The newest batch first: the worker's own enrolment of the first test, waiting for its contribution.
    const waiting = staff
      .getByRole('row')
      .filter({ has: staff.getByTestId('ma-mark-paid') })
      .first();
    await waitOrTell(waiting);
    const row = staff.locator(`tr[data-row-key="${await waiting.getAttribute('data-row-key')}"]:visible`);
    expect(await row.innerText()).toContain('职工自行参保');
    expect(await row.innerText()).toContain('待缴');
    await row.getByTestId('ma-mark-paid').click();
    await staff.getByRole('dialog').getByLabel('缴费日期').waitFor();
    await screenshot(staff, 'mutualaid-staff-mark-paid');
    await staff.getByTestId('ma-mark-paid-ok').click();
    await waitOrTell(staff.getByRole('dialog'), { state: 'hidden' });
    await poll(() => row.innerText()).not.toContain('待缴');
    expect(await row.innerText()).toMatch(/\d{4}(-\d{2}-\d{2}|年\d{1,2}月\d{1,2}日)/);
    await staff.context().close();

    await p.goto('/m/mutualaid');
    const certificate = p.getByTestId('mutualaid-certificate').filter({ hasText: PLAN });
    await certificate.waitFor();
    await poll(() => certificate.innerText()).toContain('个人缴费');
    expect(await certificate.innerText()).not.toContain('待缴');
  });
});
