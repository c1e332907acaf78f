/**
 * A worker's phone at 390×844: 电子会员卡 shows who they are and a member code that a staff phone's
 * camera verifies on 会员卡核验; 我的权益 shows the pick-up code of the demo's running campaign —
 * the same code the printed card carries — and the volunteer's scan page, reading it off the
 * worker's screen through the camera, finds the worker and hands the package out; the page then
 * says 已领取.
 */
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { jsQR } from '../../../testing/jsqr.ts';
import { launchBrowser, newPage, screenshot, signIn, phoneOptions, fixturesURL } from '../../../testing/browser.ts';
import { writeQrVideo } from '../../../testing/fake-camera.ts';
import { MEMBERSHIP_STATE_LABELS } from '../../people/people.contract.ts';

let browser: Browser;
let admin: Page;
let csrf = '';
let worker: BrowserContext;
let w: Page;
const dir = mkdtempSync(path.join(os.tmpdir(), 'worker-benefits-'));
let person = { id: 0, name: '', beneficiaryId: 0 };
let campaignId = 0;
let pointId = 0;
let campaignName = '';
let stateLabel = '会员';

/** A phone whose camera sees the QR code written to `video`. */
async function cameraPhone(video: string): Promise<{ b: Browser; ctx: BrowserContext }> {
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
  const ctx = await b.newContext(phoneOptions());
  ctx.setDefaultTimeout(60_000);
  return { b, ctx };
}

/** Reads the QR symbol an <img> shows, as a camera would: drawn to a canvas, decoded with jsQR. */
async function qrOf(p: Page, testId: string): Promise<string> {
  const img = p.getByTestId(testId).first();
  await img.waitFor({ state: 'visible' });
  const { data, size } = await img.evaluate(async (el: HTMLImageElement) => {
    await el.decode();
    const size = 400;
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    const ctx = canvas.getContext('2d')!;
    ctx.imageSmoothingEnabled = false;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, size, size);
    ctx.drawImage(el, 0, 0, size, size);
    return { data: Array.from(ctx.getImageData(0, 0, size, size).data), size };
  });
  const found = jsQR(Uint8ClampedArray.from(data), size, size);
  expect(found, `no QR code readable in ${testId}`).not.toBeNull();
  return found!.data;
}

async function settled(p: Page, name: string) {
  await p.waitForLoadState('networkidle');
  await p.waitForTimeout(300);
  await screenshot(p, name);
}

beforeAll(async () => {
  browser = await launchBrowser();
  admin = await newPage(browser);
  admin.context().setDefaultTimeout(60_000);
  await signIn(admin, 'miyun_admin');
  csrf = (await (await admin.request.get('/api/auth/me')).json()).csrfToken;
  // The demo's running campaign of 密云区 with its volunteer on duty; a worker still to collect,
  // from the end of the list (the volunteer's own browser test serves the first ones).
  const volunteer = await newPage(browser);
  await signIn(volunteer, 'miyun_volunteer');
  const duty = (await (await volunteer.request.get('/api/points/my-duties')).json())[0];
  campaignId = duty.campaignId;
  pointId = duty.pointId;
  campaignName = duty.campaignName;
  await volunteer.context().close();
  const list = (await (await admin.request.get(`/api/campaigns/${campaignId}/beneficiaries?state=pending&pageSize=100`)).json()).items as {
    id: number;
    personId: number;
    name: string;
  }[];
  const b = list.at(-1)!;
  person = { id: b.personId, name: b.name, beneficiaryId: b.id };
  // A member of the union (the card needs a membership).
  const p = await (await admin.request.get(`/api/people/${person.id}`)).json();
  stateLabel = p.membership ? MEMBERSHIP_STATE_LABELS[p.membership.state as keyof typeof MEMBERSHIP_STATE_LABELS] : '会员';
  if (!p.membership) {
    const joined = await admin.request.post(`/api/people/${person.id}/membership`, { headers: { 'x-csrf-token': csrf }, data: { joinedOn: '2020-03-01' } });
    expect(joined.status(), await joined.text()).toBe(200);
  }
  const phone = `139${String(Date.now()).slice(-8)}`;
  const session = await fetch(`${fixturesURL()}/worker-session/${person.id}/${phone}`, { method: 'POST' });
  expect(session.status).toBe(200);
  worker = await browser.newContext(phoneOptions());
  worker.setDefaultTimeout(60_000);
  await worker.addCookies([{ name: 'niangjia_wsid', value: await session.text(), domain: '127.0.0.1', path: '/api/m', httpOnly: true, sameSite: 'Lax' }]);
  w = await worker.newPage();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a worker’s phone', () => {
  it('shows the home tile with what waits for me', async () => {
    await w.goto('/m/');
    await expect.poll(() => w.getByText('我的权益').count()).toBeGreaterThan(0);
    await expect.poll(() => w.getByText(/\d+ 项待领取/).count()).toBe(1);
    expect(await w.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await settled(w, 'portal-home-benefits');
  }, 120_000);

  it('shows the member card, and a staff phone’s camera verifies its code on 会员卡核验', async () => {
    await w.goto('/m/card');
    await expect.poll(() => w.getByTestId('card-name').textContent()).toBe(person.name);
    expect(await w.getByTestId('card-state').textContent()).toBe(stateLabel);
    expect(await w.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await settled(w, 'portal-card');
    const code = await qrOf(w, 'card-qr');
    expect(code).toMatch(/^NJM1-/);
    expect(code).not.toContain(person.name);

    const video = path.join(dir, 'card.y4m');
    writeQrVideo(code, video);
    const { b, ctx } = await cameraPhone(video);
    try {
      const staff = await ctx.newPage();
      await signIn(staff, 'miyun_admin');
      await staff.goto('/card-verify');
      await staff.getByTestId('card-scan').click();
      await expect.poll(() => staff.getByTestId('verdict-name').textContent(), { timeout: 30_000 }).toBe(person.name);
      expect(await staff.getByTestId('verdict-state').textContent()).toBe(stateLabel);
      expect(await staff.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await settled(staff, 'staff-card-verify');
      // A code made up by hand is refused in words.
      await staff.getByTestId('card-code-input').fill('NJM1-1-ZZZZZZ-AAAAAAAAAAAAAAAA');
      await staff.getByTestId('card-code-check').click();
      await expect.poll(() => staff.getByTestId('card-refused').textContent()).toContain('不是本系统签发的电子会员卡');
    } finally {
      await b.close();
    }
  }, 240_000);

  it('shows my pick-up code — the printed card’s — and the volunteer’s scan page takes it off my screen', async () => {
    await w.goto('/m/benefits');
    const mine = w.getByTestId('pickup').filter({ hasText: campaignName }).first();
    await expect.poll(() => mine.getByTestId('pickup-state').textContent()).toBe('待领取');
    expect(await mine.getByTestId('pickup-point').textContent()).not.toBe('');
    expect(await mine.getByTestId('pickup-last-day').textContent()).toContain('截止日期');
    expect(await w.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await settled(w, 'portal-benefits');
    const code = await qrOf(w, 'pickup-qr');
    const printed = (await (await admin.request.get(`/api/campaigns/${campaignId}/beneficiaries/${person.beneficiaryId}/code`)).json()).code;
    expect(code).toBe(printed);

    const video = path.join(dir, 'pickup.y4m');
    writeQrVideo(code, video);
    const { b, ctx } = await cameraPhone(video);
    try {
      const v = await ctx.newPage();
      await signIn(v, 'miyun_volunteer');
      await v.goto(`/distribute/${pointId}`);
      await v.getByTestId('scan-button').click();
      await expect.poll(() => v.getByTestId('lookup-name').textContent(), { timeout: 30_000 }).toBe(person.name);
      expect(await v.getByTestId('evidence-kind').textContent()).toContain('已扫描领取码');
      await v.getByTestId('confirm-handout').click();
      await expect.poll(() => v.getByTestId('confirm-done').textContent()).toContain('发放成功');
      await settled(v, 'volunteer-scans-portal-code');
    } finally {
      await b.close();
    }

    await w.reload();
    await expect.poll(() => w.getByTestId('pickup').filter({ hasText: campaignName }).first().getByTestId('pickup-state').textContent()).toBe('已领取');
    await expect.poll(() => w.getByTestId('benefit-history').textContent()).toContain('已发放');
    await settled(w, 'portal-benefits-received');
  }, 240_000);
});
