/**
 * 健康守护 in Chromium: two workers on two phones race for the last place of a day — one gets it,
 * the other is told the day is full and nothing of theirs is booked; then the union's staff import
 * the hospital's results sheet in the browser, the abnormal finding is flagged and turns into a
 * follow-up task on the follow-up page, and the worker's phone shows the summary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { fixturesURL, launchBrowser, newPage, phoneOptions, screenshot, signIn } from '../../../testing/browser.ts';
import { addDays, chinaToday } from '../../../shared/dates.ts';
import { withCheckCharacter } from '../../../shared/idcard.ts';

const SUFFIX = String(Date.now()).slice(-5);
const TITLE = `环卫工人健康体检${SUFFIX}`;

let browser: Browser;
let staff: Page;
let csrf = '';
let programmeId = 0;
const contexts: BrowserContext[] = [];
const people: { id: number; name: string; idNumber: string; page?: Page }[] = [];
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 30_000 });

async function api(method: 'get' | 'post', url: string, data?: unknown) {
  const res = await staff.request[method](url, { headers: { 'x-csrf-token': csrf }, data });
  expect(res.status(), `${method} ${url}: ${await res.text()}`).toBeLessThan(300);
  return res.json();
}

async function phoneOf(personId: number, phone: string): Promise<Page> {
  const session = await fetch(`${fixturesURL()}/worker-session/${personId}/${phone}`, { method: 'POST' });
  expect(session.status).toBe(200);
  const context = await browser.newContext(phoneOptions());
  context.setDefaultTimeout(30_000);
  await context.addCookies([{ name: 'niangjia_wsid', value: await session.text(), domain: '127.0.0.1', path: '/api/m', httpOnly: true, sameSite: 'Lax' }]);
  contexts.push(context);
  return context.newPage();
}

beforeAll(async () => {
  browser = await launchBrowser();
  staff = await newPage(browser);
  staff.context().setDefaultTimeout(30_000);
  await signIn(staff, 'hhht_admin');
  const me = await (await staff.request.get('/api/auth/me')).json();
  csrf = me.csrfToken;
  // Two new workers of a union under 呼和浩特, and a programme of the city with one place left tomorrow.
  const orgId = ((await api('get', '/api/people?pageSize=1')).items as { orgId: number }[])[0]!.orgId;
  const day = String(10 + (Number(SUFFIX) % 18));
  for (const [name, id17] of [
    ['郝春燕', `150102198802${day}${SUFFIX.slice(-2)}2`],
    ['聂秋菊', `150102198904${day}${SUFFIX.slice(-2)}4`],
  ] as const) {
    const idNumber = withCheckCharacter(id17);
    const id = ((await api('post', '/api/people', { name, idNumber, orgId })) as { id: number }).id;
    people.push({ id, name, idNumber });
  }
  const g = await api('post', '/api/health/programmes', { orgId: me.org.id, year: Number(chinaToday().slice(0, 4)), title: TITLE, audience: null });
  programmeId = g.id;
  const withHospital = await api('post', `/api/health/programmes/${programmeId}/hospitals`, { name: `市第一医院${SUFFIX}` });
  const tomorrow = addDays(chinaToday(), 1);
  await api('post', `/api/health/programmes/${programmeId}/slots`, {
    hospitalId: withHospital.hospitals[0].id,
    from: tomorrow,
    to: tomorrow,
    capacity: 1,
    weekdays: [1, 2, 3, 4, 5, 6, 7],
  });
  await api('post', `/api/health/programmes/${programmeId}/status`, { status: 'open' });
  people[0]!.page = await phoneOf(people[0]!.id, `13551${SUFFIX}1`);
  people[1]!.page = await phoneOf(people[1]!.id, `13551${SUFFIX}2`);
}, 180_000);
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

describe('健康守护', () => {
  it('two workers race for the last place: one books it, the other is told the day is full', async () => {
    const pages = people.map((p) => p.page!);
    for (const p of pages) {
      await p.goto('/m/health');
      const section = p.getByTestId('health-programme').filter({ hasText: TITLE });
      await section.getByTestId('health-slots').getByText(addDays(chinaToday(), 1)).click();
      await section.getByTestId('health-consent').click();
    }
    // Both press 预约体检 at once.
    await Promise.all(pages.map((p) => p.getByTestId('health-programme').filter({ hasText: TITLE }).getByTestId('health-book').click()));
    const outcome = async (p: Page) => {
      const section = p.getByTestId('health-programme').filter({ hasText: TITLE });
      await poll(async () => (await section.getByTestId('health-my-booking').count()) + (await section.getByTestId('health-error').count())).toBe(1);
      return (await section.getByTestId('health-my-booking').count()) ? 'booked' : await section.getByTestId('health-error').innerText();
    };
    const answers = await Promise.all(pages.map(outcome));
    expect(answers.filter((a) => a === 'booked')).toHaveLength(1);
    expect(answers.find((a) => a !== 'booked')).toMatch(/已约满/);
    await screenshot(pages[answers.indexOf('booked')]!, 'health-booked');
    await screenshot(pages[answers.findIndex((a) => a !== 'booked')]!, 'health-full');
    const list = await api('get', `/api/health/programmes/${programmeId}/bookings`);
    expect(list.total).toBe(1);
    const winner = people[answers.indexOf('booked')]!;
    expect(list.items[0].name).toBe(winner.name);
    expect(list.items[0].consentBasis).toContain('本人');
  });

  it('a booking cancelled on the phone frees the place for the other; one cancelled by the union with a reason frees it again', async () => {
    const first = await api('get', `/api/health/programmes/${programmeId}/bookings`);
    const winner = people.find((p) => p.name === first.items[0].name)!;
    const other = people.find((p) => p !== winner)!;
    const section = (p: Page) => p.getByTestId('health-programme').filter({ hasText: TITLE });
    const book = async (p: Page) => {
      await p.goto('/m/health');
      await section(p).getByTestId('health-slots').getByText(addDays(chinaToday(), 1)).click();
      await section(p).getByTestId('health-consent').click();
      await section(p).getByTestId('health-book').click();
      await section(p).getByTestId('health-my-booking').waitFor();
    };
    // The winner gives the place back on the phone.
    await winner.page!.goto('/m/health');
    await section(winner.page!).getByTestId('health-cancel').click();
    await screenshot(winner.page!, 'health-cancel-confirm');
    await section(winner.page!).getByTestId('health-cancel-yes').click();
    await section(winner.page!).getByTestId('health-book').waitFor();
    // The other takes it.
    await book(other.page!);
    // The union cancels that booking, saying why; the place is free again and the winner books it back.
    await staff.goto('/health');
    await staff.getByTestId('health-programme').click();
    await staff.locator('.ant-select-dropdown:visible').getByText(TITLE, { exact: false }).click();
    await staff.getByRole('tab', { name: '预约名单' }).click();
    const row = staff.getByTestId('health-bookings').locator('tr').filter({ hasText: other.name });
    await row.getByTestId('health-booking-cancel').click();
    expect(await staff.getByTestId('health-booking-cancel-ok').isDisabled()).toBe(true);
    await staff.getByTestId('health-booking-cancel-reason').fill('职工已在单位统一体检，本期不再参加');
    await screenshot(staff, 'health-cancel-staff');
    await staff.getByTestId('health-booking-cancel-ok').click();
    await poll(() => row.count()).toBe(0);
    await book(winner.page!);
    const after = await api('get', `/api/health/programmes/${programmeId}/bookings`);
    expect(after.items.map((b: { name: string }) => b.name)).toEqual([winner.name]);
  });

  it('imports the hospital’s sheet: the abnormal finding is flagged and becomes a follow-up task', async () => {
    const list = await api('get', `/api/health/programmes/${programmeId}/bookings`);
    const booked = people.find((p) => p.name === list.items[0].name)!;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('体检结果');
    ws.addRow(['身份证号', '姓名', '检查项目', '结果', '单位', '参考范围', '异常标志']);
    ws.addRow([booked.idNumber, booked.name, '空腹血糖', '7.6', 'mmol/L', '3.9-6.1', '↑']);
    ws.addRow([booked.idNumber, booked.name, '血常规', '未见异常', '', '', '正常']);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());

    await staff.goto('/health');
    await staff.getByTestId('health-programme').click();
    await staff.locator('.ant-select-dropdown:visible').getByText(TITLE, { exact: false }).click();
    await staff.getByRole('tab', { name: '结果导入' }).click();
    await screenshot(staff, 'health-import-tab');
    await staff.locator('input[type=file]').first().setInputFiles({
      name: '体检结果.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer,
    });
    await staff.getByTestId('health-import-check').click();
    await expect.poll(() => staff.getByTestId('health-import-result').innerText(), { timeout: 30_000 }).toContain('检查通过');
    await staff.getByTestId('health-import-apply').click();
    await expect.poll(() => staff.getByTestId('health-import-result').innerText(), { timeout: 30_000 }).toMatch(/异常 1 项，新建随访 1 个/);
    await screenshot(staff, 'health-import');

    await staff.goto('/health/followups');
    const row = staff.getByTestId('health-followups').locator('tr').filter({ hasText: booked.name });
    await poll(() => row.count()).toBe(1);
    await expect.poll(() => row.innerText()).toContain('空腹血糖');
    await screenshot(staff, 'health-followups');

    // The worker's phone shows the summary: one item to watch.
    await booked.page!.goto('/m/health');
    await poll(() => booked.page!.getByTestId('health-my-result').count()).toBe(1);
    expect(await booked.page!.getByTestId('health-my-result').innerText()).toContain('空腹血糖');
  });
});
