/**
 * 夏令营 in Chromium: 呼和浩特's administrator has a camp with seven applications (children
 * registered with their guardians' consent; one place reserved for model workers' children). On 夏令营 they
 * publish the seed from a public value, run the draw, and check it twice — the server re-runs it
 * from the seed, and the browser re-runs it with Web Crypto from the published numbers alone. The
 * order shown is the one this test computes itself from the seed (HMAC-SHA-256, ascending).
 */
import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addDays, chinaToday } from '../../../shared/dates.ts';
import { withCheckCharacter } from '../../../shared/idcard.ts';
import { launchBrowser, newPage, screenshot, signIn } from '../../../testing/browser.ts';

let browser: Browser;
let page: Page;
let csrf = '';
let campId = 0;
const suffix = Date.now() % 100;
const startsOn = addDays(chinaToday(), 30);
const ANNOUNCED = `${chinaToday()} 体彩排列五开奖号码 ${suffix} 7 2 6`;

async function api<T>(url: string, data: unknown): Promise<T> {
  const res = await page.request.post(url, { headers: { 'x-csrf-token': csrf }, data });
  expect(res.status(), await res.text()).toBeLessThan(300);
  return (await res.json()) as T;
}

beforeAll(async () => {
  browser = await launchBrowser();
  page = await newPage(browser);
  await signIn(page, 'hhht_admin');
  const me = await (await page.request.get('/api/auth/me')).json();
  csrf = me.csrfToken;
  ({ id: campId } = await api<{ id: number }>('/api/events/camps', {
    orgId: me.org.id,
    title: `职工子女科学营${suffix}`,
    place: '呼和浩特市科技馆',
    startsOn,
    endsOn: addDays(startsOn, 3),
    places: 3,
    minAge: 8,
    maxAge: 14,
    minGrade: 2,
    maxGrade: 8,
    reserved: { model_worker: 1 },
  }));
  const people: { id: number; name: string }[] = (await (await page.request.get('/api/people?pageSize=60&page=1')).json()).items;
  for (const [i, g] of people.slice(20, 27).entries()) {
    const age = 8 + i;
    const birth = addDays(`${Number(startsOn.slice(0, 4)) - age}${startsOn.slice(4)}`, -20).replaceAll('-', '');
    const child = await api<{ id: number }>('/api/events/camps/children', {
      guardianPersonId: g.id,
      name: `${[...g.name][0]}小${'一二三四五六七'[i]}`,
      idNumber: withCheckCharacter(`150105${birth}${String(700 + suffix * 7 + i).slice(-3)}`),
      grade: age - 6,
      consent: { givenBy: g.name, relation: 'mother', givenOn: chinaToday(), purpose: '报名工会夏令营' },
    });
    await api(`/api/events/camps/${campId}/applications`, { childId: child.id, dualEarner: i === 2 });
  }
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

describe('a summer-camp draw reproduced from its seed', () => {
  it('publishes the seed, draws, and both re-runs agree with the order computed here', async () => {
    // The demo's own camp is drawn already, its result there for anyone to check.
    const camps: { title: string; phase: string }[] = (await (await page.request.get('/api/events/camps')).json()).items;
    expect(camps.find((c) => c.title.includes('大青山营'))?.phase).toBe('drawn');
    await page.goto(`/events/camps?id=${campId}`);
    const source = page.getByRole('textbox', { name: '公开随机数来源' });
    await source.waitFor({ timeout: 60_000 });
    await source.fill(ANNOUNCED);
    await page.getByRole('button', { name: '公布种子' }).click();
    const seed = createHash('sha256').update(ANNOUNCED).digest('hex');
    await expect.poll(() => page.getByTestId('camp-seed').textContent()).toContain(seed);

    await page.getByRole('button', { name: '第二步：按种子摇号' }).click();
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(7);

    // The order, computed here from the seed and the application numbers alone.
    const pub = await (await page.request.get(`/api/public/camps/${campId}/draw`)).json();
    const nos = (pub.lines as { no: number }[]).map((l) => l.no);
    const key = (no: number) => createHmac('sha256', Buffer.from(seed, 'hex')).update(String(no)).digest('hex');
    const expected = [...nos].sort((a, b) => (key(a) < key(b) ? -1 : 1));
    const shown = (await rows.locator('td:nth-child(2)').allTextContents()).map(Number);
    expect(shown).toEqual(expected);
    expect(await rows.filter({ hasText: '录取' }).count()).toBe(3);

    await page.getByRole('button', { name: /复核/ }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/按种子重算 7 份申请，与公布结果一致/);
    await page.getByRole('button', { name: '在本浏览器按种子重算' }).click();
    await expect.poll(() => page.getByRole('status').last().textContent()).toMatch(/种子与来源相符，摇号顺序和结果与公布一致/);
    await screenshot(page, 'camps-draw');
  });
});
