/**
 * 宣讲点单 in Chromium, on the demo: a grassroots union of 新城区 (an account of its own, made by
 * 呼和浩特's administrator) orders 李秀兰's lecture from 呼和浩特市总工会's menu; the city schedules
 * it in the dialog; the union orders the same lecture again for the same day, and scheduling it at
 * the same hour is refused with the clash — who, where and when — shown in the dialog.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot, signIn } from '../../../testing/browser.ts';
import { daysFromToday } from '../../../testing/dates.ts';

const TOPIC = '劳动合同与工伤认定常见问题';
const UNION = '呼和浩特市新城区环境卫生服务中心工会';
const DAY = daysFromToday(9);
const suffix = String(Date.now() % 100000);
const USERNAME = `hw_union_${suffix}`;

let browser: Browser;
let organiser: Page;
let union: Page;

async function csrf(request: APIRequestContext) {
  return ((await (await request.get('/api/auth/me')).json()) as { csrfToken: string }).csrfToken;
}

beforeAll(async () => {
  browser = await launchBrowser();
  organiser = await newPage(browser);
  // The shared CI machine can be slow to serve the app's first load.
  organiser.context().setDefaultTimeout(60_000);
  await signIn(organiser, 'hhht_admin');
  // The grassroots union's own account, its initial password replaced, as its owner would on first sign-in.
  const token = await csrf(organiser.request);
  const found = (await (await organiser.request.get('/api/orgs/search', { params: { q: UNION } })).json()) as { items: { id: number; name: string }[] };
  const orgId = found.items.find((o) => o.name === UNION)!.id;
  const created = await organiser.request.post('/api/accounts', {
    headers: { 'x-csrf-token': token },
    data: { username: USERNAME, displayName: '环卫中心工会', orgId, roles: ['union_admin'], password: 'Start2026a' },
  });
  expect(created.status(), await created.text()).toBeLessThan(300);
  union = await newPage(browser);
  union.context().setDefaultTimeout(60_000);
  const login = await union.request.post('/api/auth/login', { data: { username: USERNAME, password: 'Start2026a' } });
  expect(login.status()).toBe(200);
  const changed = await union.request.post('/api/auth/password', {
    headers: { 'x-csrf-token': await csrf(union.request) },
    data: { currentPassword: 'Start2026a', newPassword: 'Union2026b' },
  });
  expect(changed.status(), await changed.text()).toBeLessThan(300);
  const again = await union.request.post('/api/auth/login', { data: { username: USERNAME, password: 'Union2026b' } });
  expect(again.status()).toBe(200);
}, 300_000);
afterAll(async () => {
  await browser?.close();
});

/** Orders the topic from the menu for DAY, as the union. */
async function orderFromMenu(place: string) {
  await union.getByRole('tab', { name: '宣讲菜单' }).click();
  await union
    .locator('tr', { hasText: TOPIC })
    .getByRole('button', { name: /点\s*单/ })
    .click();
  const dialog = union.locator('.ant-modal-wrap:visible');
  await expect.poll(() => dialog.locator('.ant-select-content, .ant-select-selection-item').first().textContent()).toContain(UNION);
  await dialog.locator('.ant-picker').first().click();
  const dropdown = union.locator('.ant-picker-dropdown:visible');
  // Wait for the calendar before asking whether it shows DAY's month: asked too early, the
  // answer is "no" and the picker is moved a month past it.
  await expect.poll(() => dropdown.locator('td[title]').count()).toBeGreaterThan(0);
  const cell = dropdown.locator(`td[title="${DAY}"]`);
  if (!(await cell.count())) await dropdown.locator('.ant-picker-header-next-btn').click();
  await expect.poll(() => cell.count()).toBe(1);
  await cell.click();
  await union.keyboard.press('Escape');
  await dialog.getByLabel('活动地点').fill(place);
  await dialog.getByLabel('预计人数').fill('60');
  await dialog.getByRole('button', { name: '提交点单' }).click();
  await expect.poll(() => dialog.count()).toBe(0);
}

/** Opens the schedule dialog of the topic's order that is still 已点单. */
async function openSchedule() {
  await organiser.goto('/events/lectures');
  const row = organiser.locator('tr', { hasText: TOPIC }).filter({ hasText: '已点单' }).first();
  await row.getByRole('button', { name: /排\s*期/ }).click();
  return organiser.locator('.ant-modal-wrap:visible');
}

describe('宣讲点单: order, schedule, and a clash refused', () => {
  it('a grassroots union orders a lecture and the city schedules it', async () => {
    await union.goto('/events/lectures');
    await orderFromMenu('环卫中心三楼会议室');
    await expect.poll(() => union.locator('tr', { hasText: TOPIC }).first().textContent()).toContain('已点单');

    const dialog = await openSchedule();
    await expect.poll(() => dialog.getByTestId('schedule-check').textContent()).toContain('该时间主讲人或团队没有冲突');
    await dialog.getByRole('button', { name: '保存排期' }).click();
    // Closed, or the refusal's words (so a failure says why the schedule was not saved).
    const error = dialog.getByTestId('schedule-error');
    await expect.poll(async () => ((await dialog.count()) === 0 ? 'closed' : (await error.count()) ? await error.textContent() : 'open')).toBe('closed');
    await expect.poll(() => organiser.locator('tr', { hasText: TOPIC }).first().textContent()).toContain('已排期');
  });

  it('a second order for the same hour with the same speaker is refused, naming who, where and when', async () => {
    await union.goto('/events/lectures');
    await orderFromMenu('环卫中心停车场东侧');
    const dialog = await openSchedule();
    // The check shows the clash before saving; saving is refused with the same words.
    await expect.poll(() => dialog.getByTestId('schedule-check').textContent()).toContain('与本次时间重叠');
    await dialog.getByRole('button', { name: '保存排期' }).click();
    const error = dialog.getByTestId('schedule-error');
    await expect.poll(() => error.textContent()).toContain('主讲人「李秀兰」已安排');
    const text = (await error.textContent())!;
    expect(text).toContain('「环卫中心三楼会议室」（呼和浩特市新城区环境卫生服务中心工会）');
    expect(text).toContain(`${Number(DAY.slice(5, 7))}月${Number(DAY.slice(8, 10))}日 09:00–10:30`);
    await screenshot(organiser, 'lectures-clash');
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    await organiser.getByRole('tab', { name: '统计' }).click();
    await expect.poll(() => organiser.getByText('基层工会覆盖率').count()).toBe(1);
    await screenshot(organiser, 'lectures-stats');
  });
});
