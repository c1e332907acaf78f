/**
 * 入会 in Chromium: a worker nobody has registered signs in on a 390×844 phone with the code the
 * demo shows, joins in three steps (identity; an employer without a union, so the area's joint
 * union under 新城区; occupation) and sees 已提交. The 新城区 cadre approves it in the staff
 * app's 入会审批 queue; the worker then sees 已通过 and the member number, and is in the registry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { withCheckCharacter } from '../../../shared/idcard.ts';
import { launchBrowser, newPage, screenshot, signIn, phoneContext } from '../../../testing/browser.ts';

let browser: Browser;
let worker: Page;
let cadre: Page;
const suffix = String(Date.now() % 1000).padStart(3, '0');
const PHONE = `1370472${suffix}1`;
const NAME = '包新民';
const ID = withCheckCharacter(`15010219970815${suffix}`);

async function phonePage(b: Browser): Promise<Page> {
  return (await phoneContext(b)).newPage();
}

beforeAll(async () => {
  browser = await launchBrowser();
  worker = await phonePage(browser);
  const sent = await worker.request.post('/api/m/auth/sign-in/code', { data: { phone: PHONE } });
  expect(sent.status(), await sent.text()).toBe(200);
  const { demoCode } = await sent.json();
  const verified = await worker.request.post('/api/m/auth/sign-in/verify', { data: { phone: PHONE, code: demoCode } });
  expect(verified.status(), await verified.text()).toBe(200);
  expect((await verified.json()).registered).toBe(false);
  cadre = await newPage(browser);
  await signIn(cadre, 'xinchengqu_cadre');
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

/** The row of the area picker that names `name`, for its buttons. */
const areaRow = (name: string) => worker.getByTestId('area-picker').locator(':scope > div', { hasText: name });

describe('入会 on the phone, approved at the desk', () => {
  let union = '';

  it('joins in three steps and sees the application submitted', async () => {
    await worker.goto('/m/');
    await worker.getByRole('button', { name: /入会申请/ }).click();
    await worker.waitForURL(/\/m\/join$/);

    // 1: identity (the phone is the one the code verified).
    await expect.poll(() => worker.getByTestId('join-step-1').textContent()).toContain('已通过验证码验证');
    await worker.getByRole('textbox', { name: '姓名' }).fill(NAME);
    await worker.getByRole('textbox', { name: '身份证号' }).fill(ID.slice(0, 17) + (ID[17] === '1' ? '2' : '1'));
    await worker.getByTestId('join-next-1').click();
    expect(await worker.getByTestId('join-error').textContent()).toMatch(/校验/);
    await worker.getByRole('textbox', { name: '身份证号' }).fill(ID);
    await worker.getByTestId('join-next-1').click();

    // 2: an employer the registry knows no union of → the area's joint union.
    await worker.getByRole('textbox', { name: '工作单位名称' }).fill(`新城外卖配送站${suffix}`);
    await worker.getByTestId('find-union').click();
    await areaRow('内蒙古自治区总工会').getByRole('button', { name: '下一级' }).click();
    await areaRow('呼和浩特市总工会').getByRole('button', { name: '下一级' }).click();
    await screenshot(worker, 'join-area');
    await areaRow('呼和浩特市新城区总工会').getByRole('button', { name: '选这里' }).click();
    const routed = worker.getByTestId('routed-union');
    await expect.poll(() => routed.textContent()).toMatch(/联合工会/);
    union = /「(.+)」/.exec((await routed.textContent()) ?? '')![1]!;
    await worker.getByTestId('join-next-2').click();

    // 3: occupation.
    await worker.getByRole('option', { name: '外卖送餐员', exact: true }).click();
    await worker.getByTestId('join-submit').click();
    await worker.waitForURL(/\/m\/join\/status$/);
    await expect.poll(() => worker.getByTestId('join-status').first().textContent()).toBe('已提交');
    expect(await worker.getByTestId('join-application').first().textContent()).toContain(union);
    await screenshot(worker, 'join-submitted');
    await worker.goto('/m/');
    await expect.poll(() => worker.getByText('1 项审核中').count()).toBe(1);
  });

  it('is approved by the 新城区 cadre in the 入会审批 queue', async () => {
    const mine = await (await worker.request.get('/api/m/membership')).json();
    const id = mine.applications[0].id as number;
    await cadre.goto('/membership?status=open');
    const row = cadre.getByRole('row', { name: new RegExp(NAME) });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain(union);
    await screenshot(cadre, 'join-queue');
    await cadre.getByTestId(`approve-${id}`).click();
    await expect.poll(() => cadre.getByText(/已通过，会员编号 \d+/).count()).toBeGreaterThan(0);
  });

  it('shows the worker 已通过 and the member number', async () => {
    await worker.goto('/m/join/status');
    await expect.poll(() => worker.getByTestId('join-status').first().textContent()).toBe('已通过');
    const no = await worker.getByTestId('join-member-no').first().textContent();
    expect(no).toMatch(/^会员编号：150102\d{11}$/);
    expect(await worker.getByTestId('join-member').textContent()).toContain(union);
    await screenshot(worker, 'join-approved');
    const me = await (await worker.request.get('/api/m/me')).json();
    expect(me.worker).toMatchObject({ registered: true, person: { name: NAME } });
  });
});
