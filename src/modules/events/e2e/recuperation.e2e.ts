/**
 * 疗休养 in Chromium, from nomination to the confirmed list: 呼和浩特市总工会 opens a batch of two
 * places, nominates a worker on the page (and two more through the API), reads each score explained
 * line by line, publishes the notice (surnames only), and once the notice has run confirms the list:
 * the top two are 入选, the third 候补, and the batch shows 2 / 2.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot, signIn, fixturesURL } from '../../../testing/browser.ts';
import { daysFromToday } from '../../../testing/dates.ts';

let browser: Browser;
let page: Page;
let headers: Record<string, string>;
let batch: number;
const TITLE = `疗休养测试批次${Date.now() % 100000}`;
let nominees: { id: number; name: string }[];

beforeAll(async () => {
  browser = await launchBrowser();
  page = await newPage(browser);
  await signIn(page, 'hhht_admin');
  headers = { 'x-csrf-token': ((await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string }).csrfToken };
  const me = (await (await page.request.get('/api/auth/me')).json()) as { org: { id: number } };
  const startsOn = daysFromToday(45);
  const created = await page.request.post('/api/events/recuperation/batches', {
    headers,
    data: {
      orgId: me.org.id,
      title: TITLE,
      year: Number(startsOn.slice(0, 4)),
      destination: '扎兰屯',
      startsOn,
      endsOn: daysFromToday(50),
      places: 2,
      subsidyFen: 600_00,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  batch = ((await created.json()) as { id: number }).id;
  // Three workers of the city young enough for the trip and not on this batch yet.
  const people = (await (await page.request.get('/api/people?pageSize=100')).json()) as { items: { id: number; name: string; birthDate: string }[] };
  nominees = people.items.filter((p) => p.birthDate > '1972-01-01' && [...p.name].length >= 2).slice(0, 3);
  expect(nominees).toHaveLength(3);
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

describe('疗休养: a batch from nomination to the confirmed list', () => {
  it('nominates on the page and shows each score explained with the stated order', async () => {
    for (const p of nominees.slice(1)) {
      const res = await page.request.post(`/api/events/recuperation/batches/${batch}/nominations`, { headers, data: { personId: p.id, healthDeclared: true } });
      expect(res.status(), await res.text()).toBe(201);
    }
    await page.goto('/events/recuperation');
    await page.getByRole('cell', { name: TITLE }).click({ timeout: 45_000 });
    const card = page.locator('.ant-card', { hasText: TITLE });
    await card.getByRole('combobox').first().fill(nominees[0]!.name);
    await page.locator('.ant-select-item-option', { hasText: nominees[0]!.name }).first().click();
    await card.getByRole('button', { name: '推荐', exact: true }).click();
    await expect.poll(() => card.getByTestId('recuperation-ranking').locator('tbody > tr.ant-table-row').count(), { timeout: 20_000 }).toBe(3);
    await expect.poll(() => card.getByRole('alert').textContent()).toMatch(/得分从高到低.*会龄长者在前.*申请在先者在前/);
    // The first applicant's score, line by line.
    await card
      .locator('tbody > tr.ant-table-row')
      .first()
      .getByRole('button', { name: /展开|Expand/ })
      .click();
    const lines = card.locator('.ant-table-expanded-row');
    await expect.poll(() => lines.textContent()).toMatch(/劳模.*会龄.*一线和高危岗位.*新就业形态.*未参加.*合计/);
  });

  it('publishes the notice with surnames only, then confirms the list once the notice has run', async () => {
    const card = page.locator('.ant-card', { hasText: TITLE });
    await card.getByRole('button', { name: '公示名单' }).click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await card.getByRole('tab', { name: '公示名单' }).click();
    const notice = card.getByTestId('recuperation-notice');
    await expect.poll(() => notice.locator('tbody > tr.ant-table-row').count(), { timeout: 20_000 }).toBe(2);
    const shown = (await notice.locator('tbody').textContent()) ?? '';
    expect(shown).toMatch(/\p{sc=Han}\*+/u);
    for (const p of nominees) expect(shown).not.toContain(p.name);
    // Confirming inside the notice period is refused.
    const early = await page.request.post(`/api/events/recuperation/batches/${batch}/confirm`, { headers });
    expect(early.status()).toBe(409);
    expect((await fetch(`${fixturesURL()}/recuperation-notice-served/${batch}`, { method: 'POST' })).status).toBe(204);
    await page.reload();
    await page.getByRole('cell', { name: TITLE }).click({ timeout: 45_000 });
    await card.getByRole('button', { name: '确认入选' }).click();
    await expect.poll(() => card.locator('.ant-descriptions').textContent(), { timeout: 20_000 }).toContain('2 / 2');
    await card.getByRole('tab', { name: '排名与得分' }).click();
    const rows = card.getByTestId('recuperation-ranking').locator('tbody > tr.ant-table-row');
    await expect
      .poll(() => rows.allTextContents())
      .toEqual([expect.stringContaining('入选'), expect.stringContaining('入选'), expect.stringContaining('候补')]);
    await screenshot(page, 'recuperation-confirmed');
  });
});
