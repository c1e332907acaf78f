/**
 * 适老化改造 in Chromium, on the demo data: 新城区's cadre adds a model worker's household to a small
 * programme, records the home assessment with a photo and designs a plan over the budget; the
 * city's administrator (another person: four eyes) is refused the approval with the amount left
 * named, sends it back, and approves the trimmed plan; the cadre starts the works, is refused an
 * actual cost above the plan, records the real costs, has the recipient sign on the pad and
 * accepts the works. The board, the programme page and the statistics show the demo's plans.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot, signIn } from '../../../testing/browser.ts';
import { withCheckCharacter } from '../../../shared/idcard.ts';
import { demoPng } from '../retrofits.demo.ts';

let browser: Browser;
let cadre: Page;
let admin: Page;
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 30_000 });
const SUFFIX = String(Date.now()).slice(-4);
const PROGRAMME = `劳模适老化改造试点${SUFFIX}`;
const WORKER = '郝德胜';
let csrf = '';
let programmeId = 0;

async function settled(p: Page, name: string) {
  await p.waitForLoadState('networkidle');
  await poll(() => p.locator('.ant-spin-spinning').count()).toBe(0);
  await screenshot(p, name);
}

async function api(method: 'get' | 'post', url: string, data?: unknown) {
  const res = method === 'get' ? await cadre.request.get(url) : await cadre.request.post(url, { data, headers: { 'x-csrf-token': csrf } });
  expect(res.ok(), `${method} ${url}: ${await res.text()}`).toBe(true);
  return res.json();
}

const stage = (p: Page) => p.getByTestId('plan-stage');

beforeAll(async () => {
  browser = await launchBrowser();
  cadre = await newPage(browser);
  cadre.context().setDefaultTimeout(30_000);
  admin = await newPage(browser);
  admin.context().setDefaultTimeout(30_000);
  await signIn(cadre, 'xinchengqu_cadre');
  await signIn(admin, 'hhht_admin');
  csrf = (await (await cadre.request.get('/api/auth/me')).json()).csrfToken;
  const me = await api('get', '/api/auth/me');
  // A 新城区 programme of 5,000 元, and a model worker of a 新城区 union not in any plan yet.
  programmeId = (await api('post', '/api/retrofits/programmes', { name: PROGRAMME, year: 2026, orgId: me.org.id, budgetFen: 5_000_00 })).id;
  const orgId = ((await api('get', '/api/people?pageSize=1')).items as { orgId: number }[])[0]!.orgId;
  await api('post', '/api/people', { name: WORKER, idNumber: withCheckCharacter(`15010219470315${SUFFIX.slice(-3)}`), orgId, tags: ['劳模'] });
}, 180_000);
afterAll(async () => {
  await browser?.close();
});

describe('适老化改造', () => {
  it('shows the demo plans on the board, by stage, and the statistics', async () => {
    await admin.goto('/retrofits');
    const board = admin.getByTestId('retrofit-board');
    await board.waitFor();
    for (const s of ['survey', 'design', 'review', 'approved', 'building', 'accepted', 'settled']) {
      await poll(() => admin.getByTestId(`stage-${s}`).locator('.ant-card').count()).toBeGreaterThan(0);
    }
    await settled(admin, 'retrofits-board');
    await admin.getByRole('tab', { name: '统计' }).click();
    await admin.getByTestId('retrofit-stats-by-region').getByText('呼和浩特市新城区总工会').waitFor();
    await settled(admin, 'retrofits-stats');
  });

  it('takes a household from assessment to acceptance, the budget refusing an overrun', async () => {
    // The cadre adds the model worker's household on the programme page.
    await cadre.goto(`/retrofits/programmes/${programmeId}`);
    await cadre.getByTestId('programme-budget').getByText('¥5,000.00').first().waitFor();
    await cadre.getByRole('button', { name: '列入改造' }).click();
    const dialog = cadre.getByRole('dialog');
    await dialog.locator('.ant-select').click();
    await cadre.keyboard.type(WORKER);
    await cadre.locator('.ant-select-item-option', { hasText: WORKER }).click();
    await dialog.getByRole('button', { name: '建立改造方案' }).click();
    await cadre.waitForURL(/\/retrofits\/plans\/\d+$/);
    const planId = Number(new URL(cadre.url()).pathname.split('/').pop());
    await stage(cadre).getByText('入户评估').waitFor();

    // The home assessment, with a photo.
    await cadre.getByLabel('评估情况').fill('老人八十岁，独居；卫生间无扶手，地面湿滑。');
    await cadre.getByRole('button', { name: '保存评估' }).click();
    await stage(cadre).getByText('方案设计').waitFor();
    await cadre
      .getByTestId('assessment')
      .locator('input[type=file]')
      .setInputFiles({ name: '卫生间.png', mimeType: 'image/png', buffer: demoPng(180, 170, 160) });
    await cadre.getByTestId('assessment').getByRole('img', { name: '评估照片' }).waitFor();

    // A plan of 3,000 + 4,000 元 against a programme of 5,000 元.
    const items = cadre.getByTestId('items');
    await items.getByLabel('预算（元）').first().fill('3000');
    await items.getByRole('button', { name: '添加改造项' }).click();
    await items.getByLabel('预算（元）').nth(1).fill('4000');
    await items.getByRole('button', { name: '保存并提交审批' }).click();
    await stage(cadre).getByText('待审批').waitFor();
    await settled(cadre, 'retrofits-plan-submitted');

    // The city's administrator approves: refused, with the amount left named; nothing changes.
    await admin.goto(`/retrofits/plans/${planId}`);
    await admin.getByRole('button', { name: '批准方案' }).click();
    await admin
      .locator('.ant-message')
      .getByText(/预算不足.*剩余可用 5,000\.00 元/)
      .waitFor();
    await settled(admin, 'retrofits-budget-refused');
    await poll(async () => (await (await admin.request.get(`/api/retrofits/plans/${planId}`)).json()).stage).toBe('review');
    await admin.getByPlaceholder('审批意见（可不填）').fill('超出项目预算，请压减');
    await admin.getByRole('button', { name: '退回修改' }).click();
    await stage(admin).getByText('方案设计').waitFor();

    // The cadre trims the plan to 4,500 元; the administrator approves it.
    await cadre.reload();
    await cadre.getByTestId('items').getByLabel('预算（元）').nth(1).fill('1500');
    await cadre.getByTestId('items').getByRole('button', { name: '保存并提交审批' }).click();
    await stage(cadre).getByText('待审批').waitFor();
    await admin.reload();
    await admin.getByRole('button', { name: '批准方案' }).click();
    await stage(admin).getByText('待施工').waitFor();

    // Works: a cost above the plan is refused; the real costs are recorded.
    await cadre.reload();
    await cadre.getByTestId('build').getByLabel('施工单位').fill('呼和浩特市安居适老装饰工程有限公司');
    await cadre
      .getByTestId('build')
      .getByRole('button', { name: /^开\s*工$/ })
      .click();
    await stage(cadre).getByText('施工中').waitFor();
    const plan = (await api('get', `/api/retrofits/plans/${planId}`)) as { itemList: { id: number }[] };
    const [first, second] = plan.itemList.map((i) => cadre.getByTestId(`progress-${i.id}`));
    await first!.getByLabel('实际费用（元）').fill('4000');
    await first!.getByRole('checkbox').check();
    await first!.getByRole('button', { name: /保\s*存/ }).click();
    await poll(async () => (await api('get', `/api/retrofits/plans/${planId}`)).actualFen).toBe(4_000_00);
    // 4,000 alone fits; the second item's 1,000 more would not.
    await second!.getByLabel('实际费用（元）').fill('1000');
    await second!.getByRole('checkbox').check();
    await second!.getByRole('button', { name: /保\s*存/ }).click();
    await cadre
      .locator('.ant-message')
      .getByText(/须先申请费用变更/)
      .waitFor();
    await settled(cadre, 'retrofits-cost-refused');
    expect((await api('get', `/api/retrofits/plans/${planId}`)).actualFen).toBe(4_000_00);
    await second!.getByLabel('实际费用（元）').fill('480');
    await second!.getByRole('button', { name: /保\s*存/ }).click();
    await poll(async () => (await api('get', `/api/retrofits/plans/${planId}`)).actualFen).toBe(4_480_00);

    // Acceptance: the recipient signs on the pad, then the works are accepted.
    const pad = cadre.getByTestId('signature-pad');
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    await cadre.mouse.move(box.x + 30, box.y + box.height / 2);
    await cadre.mouse.down();
    for (let i = 1; i <= 12; i++) await cadre.mouse.move(box.x + 30 + i * 25, box.y + box.height / 2 + (i % 2 ? -25 : 25));
    await cadre.mouse.up();
    await cadre.getByRole('button', { name: '保存签字' }).click();
    await cadre.getByTestId('acceptance').getByRole('img', { name: '受益人签字' }).waitFor();
    await cadre.getByTestId('accept').click();
    await stage(cadre).getByText('已验收').waitFor();
    await settled(cadre, 'retrofits-accepted');
    const done = await api('get', `/api/retrofits/plans/${planId}`);
    expect(done).toMatchObject({ stage: 'accepted', progress: 100, approvedFen: 4_500_00, actualFen: 4_480_00 });
    expect((done.photos as { kind: string; mime: string }[]).find((p) => p.kind === 'signature')).toMatchObject({ mime: 'image/png' });
    const programme = await api('get', `/api/retrofits/programmes/${programmeId}`);
    expect(programme).toMatchObject({ budgetFen: 5_000_00, committedFen: 4_500_00 });
  });
});
