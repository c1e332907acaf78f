/**
 * 疗休养 and 夏令营 on the worker's phone (390×844): 呼和浩特市总工会 opens a trip batch and a camp; a
 * worker of 新城区 applies for the trip (refused without the health declaration), sees the score
 * explained, and once the list is confirmed fills in the travel details; the same worker registers
 * a child (refused without consent) and applies for the camp, and sees the application's number
 * waiting for the draw.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPage, phoneOptions, screenshot, signIn, fixturesURL } from '../../../testing/browser.ts';
import { daysFromToday } from '../../../testing/dates.ts';
import { withCheckCharacter } from '../../../shared/idcard.ts';

let browser: Browser;
let staff: Page;
let phone: Page;
let phoneContext: BrowserContext;
let headers: Record<string, string>;
let batch = 0;
const stamp = String(Date.now()).slice(-5);
const TRIP = `职工疗休养手机测试${stamp}`;
const CAMP = `职工子女夏令营手机测试${stamp}`;
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 30_000 });

async function settled(p: Page, name: string) {
  await p.waitForLoadState('networkidle');
  await poll(() => p.locator('.adm-spin-loading').count()).toBe(0);
  await screenshot(p, name);
}

beforeAll(async () => {
  browser = await launchBrowser();
  staff = await newPage(browser);
  staff.context().setDefaultTimeout(30_000);
  await signIn(staff, 'hhht_admin');
  const me = (await (await staff.request.get('/api/auth/me')).json()) as { csrfToken: string; org: { id: number } };
  headers = { 'x-csrf-token': me.csrfToken };
  const startsOn = daysFromToday(45);
  const trip = await staff.request.post('/api/events/recuperation/batches', {
    headers,
    data: {
      orgId: me.org.id,
      title: TRIP,
      year: Number(startsOn.slice(0, 4)),
      destination: '阿尔山',
      startsOn,
      endsOn: daysFromToday(50),
      places: 1,
      subsidyFen: 800_00,
    },
  });
  expect(trip.status(), await trip.text()).toBe(201);
  batch = ((await trip.json()) as { id: number }).id;
  const camp = await staff.request.post('/api/events/camps', {
    headers,
    data: {
      orgId: me.org.id,
      title: CAMP,
      description: null,
      place: '呼和浩特市青少年活动中心',
      startsOn,
      endsOn: daysFromToday(50),
      places: 10,
      minAge: 8,
      maxAge: 14,
      minGrade: 2,
      maxGrade: 8,
      reserved: { hardship: 1, model_worker: 1, sanitation: 1, new_form: 0, dual_earner: 0 },
    },
  });
  expect(camp.status(), await camp.text()).toBe(201);
  // A worker of 新城区 young enough for the trip, from the middle of the registry (other browser tests take theirs from the ends).
  const people = (await (await staff.request.get('/api/people?pageSize=100')).json()) as { items: { id: number; name: string; birthDate: string }[] };
  const worker = people.items.filter((p) => p.birthDate > '1975-01-01').at(40);
  expect(worker).toBeDefined();
  const session = await fetch(`${fixturesURL()}/worker-session/${worker!.id}/137${stamp}${String(Date.now()).slice(-3)}`, { method: 'POST' });
  expect(session.status).toBe(200);
  phoneContext = await browser.newContext(phoneOptions());
  phoneContext.setDefaultTimeout(30_000);
  await phoneContext.addCookies([{ name: 'niangjia_wsid', value: await session.text(), domain: '127.0.0.1', path: '/api/m', httpOnly: true, sameSite: 'Lax' }]);
  phone = await phoneContext.newPage();
}, 180_000);
afterAll(async () => {
  await browser?.close();
});

describe('疗休养 on the phone', () => {
  it('applies only with the health declaration, and shows the score explained', async () => {
    await phone.goto('/m/');
    await phone.getByRole('button', { name: /疗休养/ }).click();
    const card = phone.getByTestId('trip-batch').filter({ hasText: TRIP });
    await card.getByTestId('trip-apply').click();
    await poll(() => card.getByTestId('trip-error').textContent()).toContain('健康声明');
    await card.getByText('本人身体健康，适合参加疗休养（健康声明）').click();
    await card.getByTestId('trip-apply').click();
    await poll(() => card.getByTestId('trip-applied').textContent()).toBe('已申请');
    const mine = phone.getByTestId('trip-application').filter({ hasText: TRIP });
    await poll(() => mine.getByTestId('trip-status').textContent()).toBe('待评定');
    await poll(() => mine.getByTestId('trip-score').textContent()).toMatch(/^得分 \d+$/);
    await poll(() => mine.getByRole('list', { name: '得分明细' }).textContent()).toMatch(/会龄.*分/);
    await settled(phone, 'worker-trip-applied');
  });

  it('asks the one selected for the travel details once the list is confirmed, and refuses them half filled', async () => {
    // The notice runs its days (the test server's fixture ends it), then the list is confirmed: one place, one applicant.
    const notice = await staff.request.post(`/api/events/recuperation/batches/${batch}/notice`, { headers });
    expect(notice.status(), await notice.text()).toBe(200);
    expect((await fetch(`${fixturesURL()}/recuperation-notice-served/${batch}`, { method: 'POST' })).status).toBe(204);
    const confirmed = await staff.request.post(`/api/events/recuperation/batches/${batch}/confirm`, { headers });
    expect(confirmed.status(), await confirmed.text()).toBe(200);
    await phone.reload();
    const mine = phone.getByTestId('trip-application').filter({ hasText: TRIP });
    await poll(() => mine.getByTestId('trip-status').textContent()).toBe('入选');
    await poll(() => mine.getByTestId('trip-score').textContent()).toMatch(/^得分 \d+，排名第 1$/);
    await mine.getByTestId('emergency-name').locator('input').fill('王芳');
    await mine.getByTestId('second-form-submit').click();
    await poll(() => mine.getByTestId('second-form-error').textContent()).toMatch(/电话|健康/);
    await mine.getByTestId('emergency-phone').locator('input').fill('13900001234');
    await mine.getByText('本人出行前身体状况良好，如有变化及时告知工会').click();
    await mine.getByTestId('second-form-submit').click();
    await poll(() => mine.getByTestId('second-form-done').textContent()).toBe('行前信息已填写');
    await settled(phone, 'worker-trip-selected');
  });
});

describe('夏令营 on the phone', () => {
  it('registers a child only with consent, applies for the camp and shows the number waiting for the draw', async () => {
    await phone.goto('/m/events/camps');
    await phone.getByTestId('child-add').click();
    const form = phone.getByTestId('child-form');
    const year = Number(daysFromToday(45).slice(0, 4)) - 10;
    await form.getByTestId('child-name').locator('input').fill('李小雨');
    await form
      .getByTestId('child-id')
      .locator('input')
      .fill(withCheckCharacter(`150102${year}0315${stamp.slice(-3)}`));
    await form.getByText('四年级').click();
    await form.getByText('母亲').click();
    await phone.getByTestId('child-submit').click();
    await poll(() => phone.getByTestId('child-error').textContent()).toContain('同意');
    await form.getByText('我同意工会为报名夏令营').click();
    await phone.getByTestId('child-submit').click();
    await poll(() => phone.getByTestId('my-child').filter({ hasText: '四年级' }).count()).toBe(1);
    expect(await phone.getByTestId('my-child').first().textContent()).not.toContain('李小雨');

    const camp = phone.getByTestId('camp-item').filter({ hasText: CAMP });
    await camp.getByTestId('camp-apply').click();
    const applied = phone.getByTestId('camp-application').filter({ hasText: CAMP });
    await poll(() => applied.getByTestId('camp-status').textContent()).toBe('待摇号');
    await poll(() => applied.textContent()).toMatch(/申请编号 \d+/);
    await settled(phone, 'worker-camp-applied');
  });
});
