/**
 * 志愿服务 on a worker's phone in Chromium: a 新城区 worker joins as a volunteer, signs up for a
 * shift that is running, checks in by opening the venue poster's address and, an hour and 35
 * minutes later, checks out with that time counted; a 三单制 order goes from another worker's
 * 点单 form through the union's dispatch to the volunteer's 接单 and 完成服务 and back to the
 * worker's five stars; and anyone, not signed in, checks the certificate the union issued.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPage, phoneOptions, screenshot, signIn, fixturesURL } from '../../../testing/browser.ts';
import { pdfTextRuns } from '../../../testing/pdf-text.ts';
import { addDays, chinaToday } from '../../../shared/dates.ts';
import { withCheckCharacter } from '../../../shared/idcard.ts';

const SUFFIX = String(Date.now()).slice(-5);
const PROJECT = `驿站法律咨询${SUFFIX}`;
const NEED = `加班费怎么算${SUFFIX}`;
const TEAM = `劳动法志愿队${SUFFIX}`;
const MINUTE = 60_000;

let browser: Browser;
let staff: Page;
let csrf = '';
let volunteer: { page: Page; personId: number; name: string };
let asker: { page: Page; personId: number };
let volunteerId = 0;
const contexts: BrowserContext[] = [];
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 30_000 });

/** 14:05 in China's time, as a `datetime-local` field takes it (2026-01-10T14:05). */
const chinaInput = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16);

async function api(method: 'get' | 'post', url: string, data?: unknown) {
  const res = await staff.request[method](url, { headers: { 'x-csrf-token': csrf }, data });
  expect(res.status(), `${method} ${url}: ${await res.text()}`).toBeLessThan(300);
  return res.json();
}

/** A phone signed in as a worker bound to the registry person (as if the text-message code had been verified). */
async function phoneOf(personId: number, phone: string): Promise<Page> {
  const session = await fetch(`${fixturesURL()}/worker-session/${personId}/${phone}`, { method: 'POST' });
  expect(session.status).toBe(200);
  const context = await browser.newContext(phoneOptions());
  context.setDefaultTimeout(30_000);
  await context.addCookies([{ name: 'niangjia_wsid', value: await session.text(), domain: '127.0.0.1', path: '/api/m', httpOnly: true, sameSite: 'Lax' }]);
  contexts.push(context);
  return context.newPage();
}

async function settled(p: Page, name: string) {
  await p.waitForLoadState('networkidle');
  await poll(() => p.locator('.adm-spin-loading').count()).toBe(0);
  await screenshot(p, name);
}

beforeAll(async () => {
  browser = await launchBrowser();
  staff = await newPage(browser);
  staff.context().setDefaultTimeout(30_000);
  await signIn(staff, 'xinchengqu_cadre');
  csrf = (await (await staff.request.get('/api/auth/me')).json()).csrfToken;
  // Two new workers of a 新城区 union, in the registry and not volunteers yet.
  const orgId = ((await api('get', '/api/people?pageSize=1')).items as { orgId: number }[])[0]!.orgId;
  const day = String(10 + (Number(SUFFIX) % 18));
  const [a, b] = [
    { name: '韩志远', id17: `150102198503${day}${SUFFIX.slice(-3)}` },
    { name: '苏晓梅', id17: `150102199007${day}${SUFFIX.slice(-3)}` },
  ];
  const person = async (p: { name: string; id17: string }) =>
    ((await api('post', '/api/people', { name: p.name, idNumber: withCheckCharacter(p.id17), orgId })) as { id: number }).id;
  const [aId, bId] = [await person(a), await person(b)];
  volunteer = { page: await phoneOf(aId, `1366${SUFFIX}101`.slice(0, 11)), personId: aId, name: a.name };
  asker = { page: await phoneOf(bId, `1377${SUFFIX}102`.slice(0, 11)), personId: bId };
}, 180_000);
afterAll(async () => {
  await browser?.close();
});

describe('志愿服务 on the worker’s phone', () => {
  it('joins, signs up for a running shift, checks in by the poster and checks out 1 小时 35 分钟 later', async () => {
    const demo = ((await api('get', '/api/volunteers/projects')).items as { name: string; org: { id: number } }[]).find((p) => p.name === '法律服务进驿站')!;
    const project = await api('post', '/api/volunteers/projects', { name: PROJECT, orgId: demo.org.id, kind: 'legal', place: '新城区中山路户外劳动者服务站' });
    const startsAt = new Date(Date.now() - 30 * MINUTE).toISOString();
    const withShift = await api('post', `/api/volunteers/projects/${project.id}/shifts`, {
      startsAt,
      endsAt: new Date(Date.now() + 3 * 60 * MINUTE).toISOString(),
      capacity: 5,
    });
    const shiftId = (withShift.shifts as { id: number; startsAt: string }[]).find((s) => s.startsAt === startsAt)!.id;

    const p = volunteer.page;
    await p.goto('/m/volunteers');
    const join = p.getByTestId('volunteer-join');
    await join.waitFor();
    await settled(p, 'volunteers-portal-join');
    await join.getByText('法律咨询', { exact: true }).click();
    await join.getByText('周末和节假日', { exact: true }).click();
    await p.getByTestId('join-submit').click();
    await poll(() => p.getByTestId('volunteer-minutes').innerText()).toBe('0 分钟');

    const card = p.getByTestId('shift-card').filter({ hasText: PROJECT });
    await card.getByTestId('shift-signup').click();
    await card.getByTestId('shift-mine').waitFor();
    expect(await card.getByTestId('shift-count').innerText()).toBe('已报名 1 / 5 人');
    await settled(p, 'volunteers-portal-signed-up');

    // The venue's poster carries the address the phone's camera opens.
    const pdf = await staff.request.get(`/api/volunteers/shifts/${shiftId}/poster.pdf`);
    expect(pdf.status()).toBe(200);
    const text = pdfTextRuns(Buffer.from(await pdf.body()))
      .flat()
      .join('');
    const url = new URL(text.match(/https?:\/\/\S+?\/m\/volunteers\/scan\?code=[A-Za-z0-9_-]+/)![0]);
    await p.goto(url.pathname + url.search);
    await poll(() => p.getByTestId('scan-result').innerText()).toBe('签到成功');
    expect(await p.getByTestId('scan-project').innerText()).toBe(PROJECT);
    await settled(p, 'volunteers-portal-checked-in');

    expect((await fetch(`${fixturesURL()}/volunteer-checked-in-earlier/${volunteer.personId}/95`, { method: 'POST' })).status).toBe(204);
    await p.goto(url.pathname + url.search);
    await poll(() => p.getByTestId('scan-result').innerText()).toBe('签退成功');
    expect(await p.getByTestId('scan-minutes').innerText()).toBe('1 小时 35 分钟');
    expect(await p.getByTestId('scan-today').innerText()).toContain('1 小时 35 分钟');
    await settled(p, 'volunteers-portal-checked-out');

    await p.getByTestId('scan-back').click();
    await poll(() => p.getByTestId('volunteer-minutes').innerText()).toBe('1 小时 35 分钟');
    const record = p.getByTestId('record-card').filter({ hasText: PROJECT });
    expect(await record.getByTestId('record-status').innerText()).toBe('有效');
    volunteerId = ((await api('get', `/api/volunteers?q=${encodeURIComponent(volunteer.name)}`)).items as { id: number; personId: number }[]).find(
      (v) => v.personId === volunteer.personId,
    )!.id;
  });

  it('takes a worker’s order through dispatch, 接单 and 完成服务 to five stars', async () => {
    const a = asker.page;
    await a.goto('/m/volunteers/orders');
    await a.getByTestId('order-form').waitFor();
    await a.getByTestId('order-kind').getByText('法律服务', { exact: true }).click();
    await a.getByTestId('order-title').locator('input').fill(NEED);
    await a.getByTestId('order-detail').fill('夜班和周末加班的加班费算法');
    await a.getByTestId('order-place').locator('input').fill('新城区环卫中心');
    await a.getByTestId('order-wanted').fill(chinaToday());
    await settled(a, 'volunteers-portal-order-form');
    await a.getByTestId('order-submit').click();
    const mine = a.getByTestId('my-order').filter({ hasText: NEED });
    await poll(() => mine.getByTestId('my-order-status').innerText()).toBe('待派单');

    // The union forms a team with the new volunteer and dispatches the order to it.
    const demo = ((await api('get', '/api/volunteers/projects')).items as { name: string; org: { id: number } }[]).find((p) => p.name === '法律服务进驿站')!;
    const team = await api('post', '/api/volunteers/teams', { name: TEAM, orgId: demo.org.id });
    await api('post', `/api/volunteers/teams/${team.id}/members`, { volunteerId });
    const order = ((await api('get', '/api/volunteers/orders?status=ordered&pageSize=100')).items as { id: number; title: string }[]).find(
      (o) => o.title === NEED,
    )!;
    await api('post', `/api/volunteers/orders/${order.id}/dispatch`, { teamId: team.id });

    const p = volunteer.page;
    await p.goto('/m/volunteers');
    const task = p.getByTestId('task-card').filter({ hasText: NEED });
    await task.getByTestId('task-accept').click();
    await poll(() => task.getByTestId('task-status').innerText()).toBe('服务中');
    await task.getByTestId('task-done').click();
    // Before the checked-in time above, which it must not overlap.
    const end = Date.now() - 2 * 60 * MINUTE;
    await task.getByTestId('done-from').fill(chinaInput(end - 80 * MINUTE));
    await task.getByTestId('done-to').fill(chinaInput(end));
    await task.getByTestId('done-note').fill('讲清了加班费的计算基数');
    await settled(p, 'volunteers-portal-done-form');
    await task.getByTestId('done-submit').click();
    await p.getByTestId('record-card').filter({ hasText: NEED }).waitFor();
    await poll(() => p.getByTestId('volunteer-minutes').innerText()).toBe('2 小时 55 分钟');

    await a.reload();
    await poll(() => mine.getByTestId('my-order-status').innerText()).toBe('待评价');
    await mine.getByTestId('rating-star-5').click();
    await mine.getByTestId('rating-comment').fill('讲得很清楚');
    await settled(a, 'volunteers-portal-rating');
    await mine.getByTestId('rating-submit').click();
    await poll(() => mine.getByTestId('my-order-status').innerText()).toBe('已评价');
    expect(await mine.getByTestId('my-order-rating').innerText()).toBe('我的评价：5 星 · 讲得很清楚');
    const rated = await api('get', `/api/volunteers/orders/${order.id}`);
    expect(rated).toMatchObject({ status: 'rated', rating: 5, minutes: 80 });
  });

  it('shows anyone the certificate the union issued as 有效, the name partly hidden', async () => {
    const today = chinaToday();
    const cert = await api('post', `/api/volunteers/${volunteerId}/certificates`, { from: addDays(today, -1), to: today });
    expect(cert.minutes).toBe(95 + 80);
    const context = await browser.newContext(phoneOptions());
    contexts.push(context);
    const p = await context.newPage();
    // As a person types it from the paper: lower case, in groups.
    await p.goto('/m/volunteers/verify');
    await p.getByTestId('verify-code').fill(
      (cert.code as string)
        .toLowerCase()
        .replace(/(.{4})/g, '$1-')
        .slice(0, -1),
    );
    await p.getByTestId('verify-submit').click();
    await poll(() => p.getByTestId('verify-state').innerText()).toBe('有效');
    expect(await p.getByTestId('verify-name').innerText()).toBe('韩*远');
    expect(await p.getByTestId('verify-hours').innerText()).toBe('2 小时 55 分钟');
    expect(await p.getByTestId('verify-org').innerText()).toBe(cert.org.name);
    expect(p.url()).toContain(`code=${cert.code}`);
    await settled(p, 'volunteers-portal-verify');

    await p.goto('/m/volunteers/verify?code=ZZZZZZZZZZZZ');
    await p.getByTestId('verify-missing').waitFor();
    expect(await p.getByTestId('verify-missing').innerText()).toBe('没有找到这份证明，请核对编号');
  });
});
