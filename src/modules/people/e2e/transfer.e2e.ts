/**
 * 动态接转 across cities in the browser: 新城区's cadre transfers a member out to a union in 包头,
 * found by typing part of its name; 包头's administrator accepts it under 待接收转入; the person
 * is then 包头's. And the 调转 dialog says what a move outside the subtree means.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot, signIn } from '../../../testing/browser.ts';
import { withCheckCharacter } from '../../../shared/idcard.ts';

const TARGET = '包头市昆都仑区环境卫生管理处工会';
const TARGET_TRAIL = '内蒙古自治区总工会 / 包头市总工会 / 包头市昆都仑区总工会';

let browser: Browser;
let cadre: Page;
beforeAll(async () => {
  browser = await launchBrowser();
  cadre = await newPage(browser);
  await signIn(cadre, 'xinchengqu_cadre');
});
afterAll(() => browser?.close());

const dialog = (page: Page) => page.locator('.ant-modal-wrap:visible');
const options = (page: Page) => page.locator('.ant-select-dropdown:visible [data-testid=transfer-target-option]');

/** A worker of 新城区's sanitation union, through the API (what the registry pages test is elsewhere). */
async function addWorker(page: Page, name: string, join: boolean): Promise<number> {
  const { csrfToken } = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string };
  const headers = { 'x-csrf-token': csrfToken };
  const unions = (await (await page.request.get(`/api/orgs/search?q=${encodeURIComponent('新城区环境卫生服务中心工会')}&type=grassroots`)).json()) as {
    items: { id: number; name: string }[];
  };
  const orgId = unions.items.find((o) => o.name === '呼和浩特市新城区环境卫生服务中心工会')!.id;
  // A birth date and sequence no demo worker has (the demo draws its own at random).
  for (let attempt = 0; ; attempt++) {
    const seq = String(100 + Math.floor(Math.random() * 800)).padStart(3, '0');
    const res = await page.request.post('/api/people', { headers, data: { name, idNumber: withCheckCharacter(`15010219790228${seq}`), orgId } });
    if (res.status() === 409 && attempt < 5) continue;
    expect(res.status(), await res.text()).toBe(201);
    const id = ((await res.json()) as { id: number }).id;
    if (join) expect((await page.request.post(`/api/people/${id}/membership`, { headers, data: { joinedOn: '2019-03-01' } })).status()).toBe(200);
    return id;
  }
}

describe('会籍接转 across subtrees in the browser', () => {
  it('新城区 transfers a member out to a union in 包头 found by name; 包头 accepts it; the person is then 包头’s', async () => {
    const personId = await addWorker(cadre, '乌兰图雅', true);
    await cadre.goto(`/people/${personId}`);
    await cadre.getByRole('tab', { name: '会籍' }).click();
    await cadre.getByTestId('membership-panel').getByRole('button', { name: '会籍转出' }).click();

    const box = dialog(cadre).getByLabel('转入工会');
    await box.click();
    await box.fill('昆都仑区环境');
    await expect.poll(() => options(cadre).filter({ hasText: TARGET }).count()).toBe(1);
    const option = options(cadre).filter({ hasText: TARGET });
    expect(await option.textContent()).toContain(TARGET_TRAIL);
    expect(await option.textContent()).toContain('基层工会');
    // Another 环境卫生 union of the same county is offered too: the names above tell which is which.
    expect(await options(cadre).count()).toBeGreaterThan(1);
    await cadre.screenshot({ path: '/tmp/transfer.png' });
    await screenshot(cadre, 'transfer-out-search');
    await option.click();
    await expect.poll(() => dialog(cadre).getByTestId('transfer-target-trail').textContent()).toContain(TARGET_TRAIL);

    await dialog(cadre).getByText('工作调动', { exact: true }).click();
    await dialog(cadre).getByRole('button', { name: '确认转出' }).click();
    await expect.poll(() => cadre.getByTestId('membership-state').textContent()).toContain('转出中');
    expect(await cadre.getByTestId('membership-panel').textContent()).toContain(`等待 ${TARGET} 接收`);

    const baotou = await newPage(browser);
    await signIn(baotou, 'baotou_admin');
    await baotou.goto('/people');
    await baotou.getByTestId('incoming-transfers').click();
    const row = baotou.locator('.ant-drawer .ant-table-row').filter({ hasText: '乌兰图雅' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain(TARGET);
    await screenshot(baotou, 'transfer-incoming');
    await row.getByRole('button', { name: '接收' }).click();
    await dialog(baotou).getByText('已核实，同意接收', { exact: true }).click();
    await dialog(baotou).getByRole('button', { name: '确认接收' }).click();
    await expect.poll(() => baotou.locator('.ant-message').textContent()).toContain('已接收 乌兰图雅 的会籍转入');
    await expect.poll(() => row.count()).toBe(0);

    await baotou.goto(`/people/${personId}`);
    await expect.poll(() => baotou.getByTestId('person-header').textContent()).toContain(TARGET);
    await baotou.getByRole('tab', { name: '会籍' }).click();
    await expect.poll(() => baotou.getByTestId('membership-state').textContent()).toBe('会员');
    // 新城区 no longer governs the record.
    await cadre.goto(`/people/${personId}`);
    await expect.poll(() => cadre.locator('.ant-result').textContent()).toContain('没有找到该职工档案');
  });

  it('调转 to a union found outside the subtree becomes a 会籍转出 for a member, and is refused for a non-member', async () => {
    const nonMember = await addWorker(cadre, '其其格', false);
    await cadre.goto(`/people/${nonMember}`);
    await cadre.getByTestId('person-header').getByRole('button', { name: '调转' }).click();
    // The subtree's tree is still the default; searching all regions is one click away.
    expect(await dialog(cadre).locator('.ant-segmented-item-selected').textContent()).toBe('本级组织树');
    await dialog(cadre).getByText('按名称查找（全部地区）').click();
    const box = dialog(cadre).getByLabel('调入工会');
    await box.click();
    await box.fill('环境卫生管理处');
    await options(cadre).filter({ hasText: TARGET }).click();
    await expect.poll(() => dialog(cadre).textContent()).toContain('非会员不能调往管辖范围以外的工会');

    // Inside the subtree, found by name, the 调转 happens at once, as from the tree.
    await box.click();
    await box.fill('锡林路社区');
    const own = options(cadre).filter({ hasText: '新城区锡林路社区工会' });
    await expect.poll(() => own.textContent()).toContain('本级管辖');
    await own.click();
    await dialog(cadre).getByText('工作调动', { exact: true }).click();
    await dialog(cadre).getByRole('button', { name: '确认调转' }).click();
    await expect.poll(() => cadre.getByTestId('person-header').textContent()).toContain('新城区锡林路社区工会');

    const member = await addWorker(cadre, '巴特尔', true);
    await cadre.goto(`/people/${member}`);
    await cadre.getByTestId('person-header').getByRole('button', { name: '调转' }).click();
    await dialog(cadre).getByText('按名称查找（全部地区）').click();
    await dialog(cadre).getByLabel('调入工会').click();
    await dialog(cadre).getByLabel('调入工会').fill('环境卫生管理处');
    await options(cadre).filter({ hasText: TARGET }).click();
    await expect.poll(() => dialog(cadre).getByTestId('transfer-outside').textContent()).toContain(`${TARGET} 不在本级管辖范围内，将办理会籍转出`);
    await expect.poll(() => cadre.locator('.ant-select-dropdown:visible').count()).toBe(0);
    await cadre.screenshot({ path: '/tmp/transfer-person.png' });
    await dialog(cadre).getByText('工作调动', { exact: true }).click();
    await dialog(cadre).getByRole('button', { name: '确认转出' }).click();
    await expect.poll(() => cadre.locator('.ant-message').textContent()).toContain('已转出，等待对方接收');
    await cadre.getByRole('tab', { name: '会籍' }).click();
    await expect.poll(() => cadre.getByTestId('membership-state').textContent()).toContain('转出中');
  });
});
