/**
 * 志愿服务 for staff in Chromium, on the demo data: 呼和浩特's administrator publishes a project and
 * adds a shift, approves a back-fill that waits (the demo's forgotten scan), takes down an order for
 * workers and dispatches it to 新城区's legal-aid team, and issues a volunteer's certificate whose
 * code the public check then confirms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot, signIn } from '../../../testing/browser.ts';

let browser: Browser;
let staff: Page;
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 30_000 });
const SUFFIX = String(Date.now()).slice(-4);
// Names made once per try: a test CI runs again after a failure must not find its first try's records.
let tries = 0;
const fresh = (base: string) => `${base}${SUFFIX}${String.fromCharCode(65 + tries++)}`;

async function settled(p: Page, name: string) {
  await p.waitForLoadState('networkidle');
  await poll(() => p.locator('.ant-spin-spinning').count()).toBe(0);
  await screenshot(p, name);
}

async function tab(label: string) {
  await staff.getByRole('tab', { name: label }).click();
}

beforeAll(async () => {
  browser = await launchBrowser();
  staff = await newPage(browser);
  staff.context().setDefaultTimeout(30_000);
  await signIn(staff, 'hhht_admin');
}, 180_000);
afterAll(async () => {
  await browser?.close();
});

describe('志愿服务 for staff', () => {
  it('lists the demo volunteers with their teams and service time', async () => {
    await staff.goto('/volunteers');
    const table = staff.getByTestId('volunteers-table');
    await table.getByText('新城区法律服务志愿队').first().waitFor();
    await settled(staff, 'volunteers-list');
    expect(await table.locator('tbody tr').count()).toBeGreaterThanOrEqual(4);
    await tab('服务队');
    // In the open tab: the volunteers tab, hidden, still holds the same name.
    await staff.getByRole('tabpanel', { name: '服务队' }).getByText('新城区法律服务志愿队').first().waitFor();
    await settled(staff, 'volunteers-teams');
    await tab('统计');
    await staff.getByText('在册志愿者').waitFor();
    await settled(staff, 'volunteers-stats');
  });

  it('publishes a project and adds a shift to it', async () => {
    const name = fresh('驿站暖冬志愿服务');
    await staff.goto('/volunteers?tab=projects');
    await staff.getByTestId('project-add').click();
    const dialog = staff.getByRole('dialog');
    await dialog.getByLabel('项目名称').fill(name);
    await dialog.getByLabel('服务地点').fill('新城区中山路户外劳动者服务站');
    await staff.getByTestId('project-save').click();
    await dialog.waitFor({ state: 'hidden' });
    const card = staff.locator('.ant-card', { hasText: name });
    await card.getByText('还没有班次').waitFor();
    await card.getByRole('button', { name: '添加班次' }).click();
    await staff.getByTestId('shift-form').waitFor();
    await staff.getByTestId('shift-save').click();
    await staff.getByTestId('shift-form').waitFor({ state: 'hidden' });
    await card.getByText('0 / 10').waitFor();
    await settled(staff, 'volunteers-projects');
    const projects = (await (await staff.request.get('/api/volunteers/projects')).json()).items as {
      name: string;
      shifts: { startsAt: string; endsAt: string }[];
    }[];
    const made = projects.find((p) => p.name === name)!;
    expect(made.shifts).toHaveLength(1);
    expect(Date.parse(made.shifts[0]!.endsAt) - Date.parse(made.shifts[0]!.startsAt)).toBe(3 * 3600_000);
  });

  it('approves back-filled time that another account entered, and it then counts', async () => {
    // 新城区's cadre takes a paper sign-in sheet down as a back-fill: a shift that began five hours ago, one hour of it.
    const cadre = await newPage(browser);
    await signIn(cadre, 'xinchengqu_cadre');
    const csrf = (await (await cadre.request.get('/api/auth/me')).json()).csrfToken as string;
    const api = async (method: 'get' | 'post', url: string, data?: object) => {
      const res = method === 'get' ? await cadre.request.get(url) : await cadre.request.post(url, { data, headers: { 'x-csrf-token': csrf } });
      expect(res.ok(), `${method} ${url}: ${await res.text()}`).toBe(true);
      return res.json();
    };
    const orgId = (await api('get', '/api/auth/me')).org.id as number;
    const project = fresh('纸质签到补录');
    const p = await api('post', '/api/volunteers/projects', { name: project, orgId, kind: 'legal', place: '新城区中山路户外劳动者服务站' });
    const now = Date.now();
    const at = (h: number) => new Date(now + h * 3600_000).toISOString();
    const shift = (await api('post', `/api/volunteers/projects/${p.id}/shifts`, { startsAt: at(-5), endsAt: at(1), capacity: 5 })).shifts[0].id as number;
    const volunteer = (await api('get', '/api/volunteers?pageSize=1')).items[0] as { id: number; name: string };
    await api('post', `/api/volunteers/shifts/${shift}/signups`, { volunteerId: volunteer.id });
    await api('post', '/api/volunteers/records', { volunteerId: volunteer.id, shiftId: shift, startedAt: at(-5), endedAt: at(-4), reason: '纸质签到表' });
    await cadre.close();

    await staff.goto('/volunteers?tab=records');
    const row = staff.getByTestId('records-table').locator('tbody tr', { hasText: project });
    await row.getByText('待审核').waitFor();
    await settled(staff, 'volunteers-records');
    await row.getByRole('button', { name: /^通\s*过$/ }).click();
    const dialog = staff.locator('.ant-modal-confirm');
    await dialog.waitFor();
    // A press that lands while the confirmation is still opening is lost: press again until it closes.
    await expect
      .poll(
        async () => {
          if (!(await dialog.isVisible())) return true;
          await dialog
            .getByRole('button', { name: /^通\s*过$/ })
            .click({ timeout: 2_000 })
            .catch(() => undefined);
          return !(await dialog.isVisible());
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe(true);
    await row
      .getByText('有效')
      .waitFor({ timeout: 5_000 })
      .catch(() => undefined);
    const records = async (status: string) =>
      (await (await staff.request.get(`/api/volunteers/records?status=${status}&pageSize=200`)).json()).items as {
        project: { name: string } | null;
        volunteer: { name: string };
        minutes: number;
      }[];
    await poll(async () => (await records('pending')).some((r) => r.project?.name === project)).toBe(false);
    expect((await records('valid')).find((r) => r.project?.name === project)).toMatchObject({ volunteer: { name: volunteer.name }, minutes: 60 });
  });

  it('takes down an order for workers and dispatches it to a team', async () => {
    const title = fresh('给快递站讲劳动合同');
    await staff.goto('/volunteers?tab=orders');
    await staff.getByRole('button', { name: '工会代点单' }).click();
    const dialog = staff.getByRole('dialog');
    await dialog.getByLabel('服务需求').fill(title);
    await dialog.getByLabel('服务地点').fill('新城区快递物流园');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = staff.getByTestId('orders-table').locator('tbody tr', { hasText: title });
    await row.getByText('待派单').waitFor();
    const id = (await (await staff.request.get('/api/volunteers/orders?status=ordered')).json()).items.find((o: { title: string }) => o.title === title)
      .id as number;
    await staff.getByTestId(`order-team-${id}`).click();
    await staff.locator('.ant-select-dropdown:visible').getByText('新城区法律服务志愿队', { exact: true }).click();
    await staff.getByTestId(`order-dispatch-${id}`).click();
    await row.getByText('待接单').waitFor();
    await settled(staff, 'volunteers-orders');
    expect((await (await staff.request.get(`/api/volunteers/orders/${id}`)).json()).team.name).toBe('新城区法律服务志愿队');
  });

  it('issues a certificate whose code the public check confirms', async () => {
    await staff.goto('/volunteers');
    const table = staff.getByTestId('volunteers-table');
    const row = table.locator('tbody tr', { hasText: '新城区法律服务志愿队' }).first();
    await row.getByRole('button', { name: '服务证明' }).click();
    const dialog = staff.getByRole('dialog');
    await dialog.getByText('志愿服务记录证明').waitFor();
    const before = await dialog.getByTestId('certificate-code').count();
    await dialog.getByTestId('certificate-issue').click();
    await poll(() => dialog.getByTestId('certificate-code').count()).toBe(before + 1);
    await settled(staff, 'volunteers-certificate');
    const code = (await dialog.getByTestId('certificate-code').first().innerText()).trim();
    const res = await staff.request.get(`/api/public/volunteer-certificates/${code}`);
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({ code, valid: true, org: '呼和浩特市总工会' });
  });
});
