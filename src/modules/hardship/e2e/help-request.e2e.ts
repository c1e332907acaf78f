/**
 * 申请帮扶 in Chromium on a 390×844 phone: a worker of 新城区's sanitation union (a new registry
 * record with a phone of its own) signs in with the code the demo shows, takes the self-test with
 * 呼和浩特's 低保 line (935元) and reads the plain-words answer, applies with a photo taken on the
 * phone, and sees the application waiting for verification and the home tile's note. The 新城区
 * cadre then finds it in the staff ledger as a worker's application (职工申请) waiting for
 * verification, with the photo among its documents.
 */
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { withCheckCharacter } from '../../../shared/idcard.ts';
import { launchBrowser, newPage, screenshot, signIn, phoneContext } from '../../../testing/browser.ts';

let browser: Browser;
let worker: Page;
let cadre: Page;
const NAME = '郝春梅';
const PHONE = '13947110' + String(Date.now() % 1000).padStart(3, '0');
let caseNo = '';

/** A real 64×48 PNG (a plain colour), as a phone camera hands the page a picture. */
function png(width = 64, height = 48): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const rows = Buffer.concat(Array.from({ length: height }, () => Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0xc8)])));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A phone-sized page of its own (the worker's cookies are not the staff's). */
async function phonePage(b: Browser): Promise<Page> {
  return (await phoneContext(b)).newPage();
}

beforeAll(async () => {
  browser = await launchBrowser();
  cadre = await newPage(browser);
  await signIn(cadre, 'xinchengqu_cadre');
  // The worker's registry record, with a phone nobody else has: the first sign-in binds to it.
  const me = await (await cadre.request.get('/api/auth/me')).json();
  const orgs = await (await cadre.request.get(`/api/orgs/search?q=${encodeURIComponent('新城区环境卫生服务中心工会')}`)).json();
  const orgId = orgs.items[0].id as number;
  const created = await cadre.request.post('/api/people', {
    headers: { 'x-csrf-token': me.csrfToken },
    data: { name: NAME, idNumber: withCheckCharacter(`15010219790412${String(Date.now() % 1000).padStart(3, '0')}`), phone: PHONE, orgId },
  });
  expect(created.status(), await created.text()).toBe(201);

  worker = await phonePage(browser);
  const sent = await worker.request.post('/api/m/auth/sign-in/code', { data: { phone: PHONE } });
  expect(sent.status(), await sent.text()).toBe(200);
  const { demoCode } = await sent.json();
  expect(demoCode, 'the demo shows the code').toBeTruthy();
  const verified = await worker.request.post('/api/m/auth/sign-in/verify', { data: { phone: PHONE, code: demoCode } });
  expect(verified.status(), await verified.text()).toBe(200);
  expect((await verified.json()).registered).toBe(true);
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

describe('申请帮扶 on the phone', () => {
  it('takes the self-test, applies with a photo, and shows the application waiting for verification', async () => {
    await worker.goto('/m/');
    await worker.getByRole('button', { name: /申请帮扶/ }).click();
    await worker.waitForURL(/\/m\/help$/);
    await expect.poll(() => worker.getByText('还没有申请').count()).toBe(1);
    await screenshot(worker, 'help-home-empty');
    await worker.getByRole('button', { name: '困难自测并申请' }).click();
    await worker.waitForURL(/\/m\/help\/apply$/);

    // (2,400 × 12 − 6,000) ÷ 12 ÷ 3 = 633.33元 a month, under 呼和浩特's 935元 → 深度困难.
    await worker.getByRole('textbox', { name: '家庭人口（人）' }).fill('3');
    await worker.getByRole('textbox', { name: '家庭月收入（元）' }).fill('2400');
    await worker.getByRole('textbox', { name: '全年医疗支出（元）' }).fill('6000');
    await worker.getByRole('button', { name: '开始自测' }).click();
    const answer = worker.getByTestId('self-test-result');
    await expect.poll(() => answer.textContent()).toContain('自测结果：深度困难');
    expect(await worker.getByTestId('self-test-explanation').textContent()).toBe('您家人均月收入 ¥633.33，低于本地低保标准 ¥935，可按深度困难申请。');
    expect(await answer.textContent()).toContain('全年刚性支出 ¥6,000');
    await screenshot(worker, 'help-self-test');

    await worker.getByTestId('help-go-apply').click();
    await worker.getByRole('option', { name: '本人或家属患大病重病', exact: true }).click();
    await worker.getByRole('option', { name: '租房', exact: true }).click();
    await worker.getByRole('textbox', { name: '情况说明' }).fill('爱人患尿毒症，每周透析三次。');
    await worker.getByTestId('help-photo-input').setInputFiles({ name: '诊断书.png', mimeType: 'image/png', buffer: png() });
    await expect.poll(() => worker.getByTestId('picked-photo').count()).toBe(1);
    // Without the consent the form says so at its field and sends nothing.
    await worker.getByTestId('help-submit').click();
    await expect.poll(() => worker.getByText('请确认所填情况属实，并同意工会核实家庭收支情况').count()).toBe(1);
    await worker.getByText('本人承诺所填情况属实，同意工会核实家庭收支情况').click();
    await screenshot(worker, 'help-apply');
    await worker.getByTestId('help-submit').click();
    // The phone says it was sent (a toast), as well as showing the application.
    await worker.locator('.adm-toast-main').filter({ hasText: '申请已提交' }).waitFor();

    await worker.waitForURL(/\/m\/help\/\d+$/);
    await expect.poll(() => worker.getByTestId('help-stage').textContent()).toBe('待核实');
    const status = (await worker.getByTestId('help-status').textContent()) ?? '';
    caseNo = /KN\d{10}/.exec(status)?.[0] ?? '';
    expect(caseNo).not.toBe('');
    expect(status).toContain('申请类别：深度困难');
    await expect.poll(() => worker.getByTestId('help-photo').count()).toBe(1);
    await expect.poll(() => worker.getByTestId('help-photo').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64);
    await screenshot(worker, 'help-status-pending');

    await worker.goto('/m/');
    await expect.poll(() => worker.getByText('1 项申请审核中').count()).toBe(1);
    await screenshot(worker, 'help-home-tile');
  });

  it('lands in the staff ledger of 新城区 as a worker’s application waiting for verification, with the photo', async () => {
    expect(caseNo, 'the worker’s application was sent').not.toBe('');
    await cadre.goto('/hardship');
    const search = cadre.getByPlaceholder('姓名、档案号或证件号末四位');
    await search.fill(caseNo);
    await search.press('Enter');
    const row = cadre.locator('.ant-table-row', { hasText: caseNo });
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    expect(await row.textContent()).toContain(NAME);
    expect(await row.textContent()).toContain('待核查');
    expect(await row.getByTestId('case-source-worker').textContent()).toBe('职工申请');
    await screenshot(cadre, 'help-staff-ledger');

    await row.getByRole('link', { name: NAME }).click();
    await expect.poll(() => cadre.getByTestId('case-status').textContent(), { timeout: 20_000 }).toBe('待核查');
    expect(await cadre.getByTestId('case-source').textContent()).toBe('职工申请');
    expect(await cadre.getByTestId('case-statement').textContent()).toBe('职工自述：爱人患尿毒症，每周透析三次。');
    await expect.poll(() => cadre.getByText('职工上传的照片 1').count()).toBeGreaterThan(0);
    await screenshot(cadre, 'help-staff-case');
  });
});
