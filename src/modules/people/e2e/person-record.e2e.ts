/**
 * 职工全景 in the browser, on the demo data: 新城区's cadre opens a worker with a hardship file that
 * is 帮扶中 (困难职工 marked 自动 in the header, the file, its assistance), records the exit and sees
 * the tag gone and the file 已解困脱困; then a worker who received a hand-out, the line linked to
 * its campaign.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot, signIn } from '../../../testing/browser.ts';
import { withCheckCharacter } from '../../../shared/idcard.ts';

let browser: Browser;
let cadre: Page;
beforeAll(async () => {
  browser = await launchBrowser();
  cadre = await newPage(browser);
  await signIn(cadre, 'xinchengqu_cadre');
});
afterAll(() => browser?.close());

async function api(page: Page) {
  const { csrfToken } = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string };
  return {
    get: async <T>(url: string) => (await (await page.request.get(url)).json()) as T,
    post: (url: string, data: unknown) => page.request.post(url, { headers: { 'x-csrf-token': csrfToken }, data }),
  };
}

const section = (page: Page, kind: string) => page.getByTestId(`record-${kind}`);

describe('职工全景', () => {
  it('shows a hardship file with its 自动 tag and assistance, and after the exit the tag is gone', async () => {
    const http = await api(cadre);
    const cases = await http.get<{ items: { id: number; personId: number; kind: string; caseNo: string; version: number }[] }>(
      '/api/hardship/cases?status=active&kind=full&pageSize=50',
    );
    const file = cases.items[0]!;
    await cadre.goto(`/people/${file.personId}`);
    // Other modules' records may give the worker 自动 tags too (劳模 from an honour): this one is the hardship file's.
    const hardshipTag = cadre.getByTestId('derived-tag').filter({ hasText: '困难职工' });
    await expect.poll(() => hardshipTag.textContent(), { timeout: 30_000 }).toContain('困难职工 · 自动');
    const files = section(cadre, 'hardship.cases');
    await expect.poll(() => files.textContent()).toContain(file.caseNo);
    expect(await files.textContent()).toContain('帮扶中');
    expect(await section(cadre, 'hardship.assistance').locator('.ant-table-row').count()).toBeGreaterThan(0);
    await screenshot(cadre, 'person-record-active');

    const detail = await http.get<{ version: number }>(`/api/hardship/cases/${file.id}`);
    const exit = await http.post(`/api/hardship/cases/${file.id}/transition`, { action: 'exit', version: detail.version, reason: '家庭成员实现稳定就业' });
    expect(exit.status(), await exit.text()).toBe(200);
    await cadre.reload();
    await expect.poll(() => section(cadre, 'hardship.cases').textContent(), { timeout: 30_000 }).toContain('已解困脱困');
    expect(await hardshipTag.count()).toBe(0);
    expect(await cadre.getByTestId('person-header').textContent()).not.toContain('困难职工');
    expect(await section(cadre, 'hardship.followups').textContent()).toContain('待回访');
    // The file's number links to its page.
    await section(cadre, 'hardship.cases')
      .getByRole('link', { name: new RegExp(file.caseNo) })
      .first()
      .click();
    await expect.poll(() => cadre.url()).toContain(`/hardship/${file.id}`);
    await screenshot(cadre, 'person-record-exited');
  });

  it('shows a hand-out received, linked to its campaign, and says plainly what a worker has not received', async () => {
    const http = await api(cadre);
    const campaigns = await http.get<{ items: { id: number; name: string; status: string }[] }>('/api/campaigns?pageSize=50');
    let found: { campaign: { id: number; name: string }; personId: number } | undefined;
    for (const c of campaigns.items) {
      const received = await http.get<{ items: { personId: number }[] }>(`/api/campaigns/${c.id}/beneficiaries?state=received&pageSize=1`);
      if (received.items?.length) {
        found = { campaign: c, personId: received.items[0]!.personId };
        break;
      }
    }
    expect(found, 'a demo campaign with a hand-out in 新城区').toBeDefined();
    await cadre.goto(`/people/${found!.personId}`);
    const handouts = section(cadre, 'campaigns.handouts');
    await expect.poll(() => handouts.textContent(), { timeout: 30_000 }).toContain(found!.campaign.name);
    expect(await handouts.textContent()).toContain('已发放');
    await screenshot(cadre, 'person-record-handout');
    await handouts.getByRole('link', { name: found!.campaign.name }).first().click();
    await expect.poll(() => cadre.url()).toContain(`/campaigns/${found!.campaign.id}`);

    // A worker just registered has nothing yet: each section says so.
    const unions = await http.get<{ items: { id: number; name: string }[] }>(
      `/api/orgs/search?q=${encodeURIComponent('新城区环境卫生服务中心工会')}&type=grassroots`,
    );
    const orgId = unions.items[0]!.id;
    let personId = 0;
    for (let attempt = 0; !personId && attempt < 5; attempt++) {
      const seq = String(100 + Math.floor(Math.random() * 800)).padStart(3, '0');
      const res = await http.post('/api/people', { name: '新来的职工', idNumber: withCheckCharacter(`15010219850717${seq}`), orgId });
      if (res.status() === 201) personId = ((await res.json()) as { id: number }).id;
    }
    await cadre.goto(`/people/${personId}`);
    await expect.poll(() => section(cadre, 'campaigns.handouts').textContent(), { timeout: 30_000 }).toContain('没有领取过慰问品或慰问金');
    expect(await section(cadre, 'hardship.cases').textContent()).toContain('没有困难职工档案');
    expect(await section(cadre, 'people.membership').textContent()).toContain('未入会');
  });
});
