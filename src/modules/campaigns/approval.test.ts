/**
 * A campaign's way to approval (草稿 → 待审批 → 已审批, 退回修改) and the page's buttons: at every
 * state, for every account, the server takes exactly the steps its `can.actions` offers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { campaignPeriod } from '../../testing/dates.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { TRANSITIONS } from './campaigns.contract.ts';

let t: TestApp;
let clients: Record<string, TestClient>;
beforeAll(async () => {
  t = await createTestApp();
  clients = {};
  for (const name of ['hhht_admin', 'nmg_admin', 'xcq_admin', 'xcq_cadre', 'nmg_auditor', 'admin']) clients[name] = await t.as(name);
  // Someone for the lists to find.
  const res = await clients.xcq_admin!.post('/api/people', {
    name: '王秀兰',
    idNumber: withCheckCharacter('15010219750312301'),
    orgId: t.seed.xinChengSanitation.id,
  });
  expect(res.statusCode, res.body).toBe(201);
});
afterAll(() => t.close());

async function draft(author: TestClient, name: string) {
  const res = await author.post('/api/campaigns', {
    name,
    kind: 'concentrated',
    orgId: t.seed.hhht.id,
    ...campaignPeriod(),
    mode: 'single',
    rule: {},
    funds: [{ source: 'own_budget', amountFen: 100_000_00 }],
    packages: [{ name: '慰问金', kind: 'cash', valueFen: 100_00 }],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; version: number };
}

const view = async (c: TestClient, id: number) => (await c.get(`/api/campaigns/${id}`)).json();

/**
 * Every account that may read the campaign: each step its flags leave out is refused and changes
 * nothing. Answers each account's offered steps.
 */
async function refusedUnlessOffered(id: number) {
  const offered: Record<string, string[]> = {};
  for (const [name, c] of Object.entries(clients)) {
    const v = await view(c, id);
    offered[name] = v.can.actions;
    for (const action of TRANSITIONS.filter((a) => !v.can.actions.includes(a))) {
      const res = await c.post(`/api/campaigns/${id}/transition`, { action, version: v.version, reason: '核对' });
      expect([403, 409], `${name} ${action} in ${v.status}: ${res.body}`).toContain(res.statusCode);
    }
    expect((await view(c, id)).version).toBe(v.version);
  }
  return offered;
}

describe('campaign approval', () => {
  it('offers each account exactly the steps the server takes from it, four eyes included', async () => {
    const { id } = await draft(clients.hhht_admin!, '四眼审批演练');
    // 草稿: the organiser and those above may submit; nobody approves a draft.
    let offered = await refusedUnlessOffered(id);
    expect(offered.hhht_admin).toEqual(['submit']);
    expect(offered.nmg_admin).toEqual(['submit']);
    expect(offered.xcq_admin).toEqual([]); // a county below the organiser takes part, it does not run it
    expect(offered.nmg_auditor).toEqual([]);

    let v = (
      await clients.hhht_admin!.post(`/api/campaigns/${id}/transition`, { action: 'submit', version: (await view(clients.hhht_admin!, id)).version })
    ).json();
    expect(v).toMatchObject({ status: 'submitted', submittedBy: 'hhht_admin' });
    expect(v.submittedAt).toBeTruthy();
    // 待审批: the author may send it back but never approve it, and is told why.
    offered = await refusedUnlessOffered(id);
    expect(offered.hhht_admin).toEqual(['reopen']);
    expect((await view(clients.hhht_admin!, id)).can).toMatchObject({
      approve: false,
      refused: [{ action: 'approve', reason: '活动须由创建人以外的人审批（四眼原则）' }],
    });
    expect(offered.nmg_admin).toEqual(['approve', 'reopen']);
    expect((await view(clients.nmg_admin!, id)).can.approve).toBe(true);

    v = (await clients.nmg_admin!.post(`/api/campaigns/${id}/transition`, { action: 'approve', version: v.version })).json();
    expect(v).toMatchObject({ status: 'approved', approvedBy: 'nmg_admin' });
    offered = await refusedUnlessOffered(id);
    expect(offered.hhht_admin).toEqual(['start', 'reopen']);
  });

  it('never lets whoever submitted a campaign approve it, though they did not write it', async () => {
    const { id, version } = await draft(clients.hhht_admin!, '代为提交的活动');
    const submitted = (await clients.nmg_admin!.post(`/api/campaigns/${id}/transition`, { action: 'submit', version })).json();
    expect(submitted.status).toBe('submitted');
    const mine = await view(clients.nmg_admin!, id);
    expect(mine.can.actions).not.toContain('approve');
    expect(mine.can.refused).toEqual([{ action: 'approve', reason: '活动须由提交审批人以外的人审批（四眼原则）' }]);
    const self = await clients.nmg_admin!.post(`/api/campaigns/${id}/transition`, { action: 'approve', version: mine.version });
    expect(self.statusCode).toBe(403);
    expect(self.json().message).toContain('提交审批人以外');
    await refusedUnlessOffered(id);
    // The system administrator is a third person: allowed, and the flags said so.
    expect((await view(clients.admin!, id)).can.actions).toContain('approve');
    expect((await clients.admin!.post(`/api/campaigns/${id}/transition`, { action: 'approve', version: mine.version })).statusCode).toBe(200);
  });

  it('is sent back to draft only with a reason, which its author reads until it is submitted again', async () => {
    const { id, version } = await draft(clients.hhht_admin!, '退回修改的活动');
    const submitted = (await clients.hhht_admin!.post(`/api/campaigns/${id}/transition`, { action: 'submit', version })).json();
    const bare = await clients.nmg_admin!.post(`/api/campaigns/${id}/transition`, { action: 'reopen', version: submitted.version });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().fields[0]).toMatchObject({ field: 'reason' });
    const back = await clients.nmg_admin!.post(`/api/campaigns/${id}/transition`, {
      action: 'reopen',
      version: submitted.version,
      reason: '预算来源请补充说明',
    });
    expect(back.statusCode, back.body).toBe(200);
    const seen = await view(clients.hhht_admin!, id);
    expect(seen).toMatchObject({ status: 'draft', submittedBy: null, returnReason: '预算来源请补充说明' });
    expect(seen.can.actions).toEqual(['submit']);
    const again = (await clients.hhht_admin!.post(`/api/campaigns/${id}/transition`, { action: 'submit', version: seen.version })).json();
    expect(again).toMatchObject({ status: 'submitted', returnReason: null });
  });

  it('keeps its live list while waiting for approval: nothing is frozen before the approver says so', async () => {
    const { id, version } = await draft(clients.hhht_admin!, '待审批的名单');
    await clients.hhht_admin!.post(`/api/campaigns/${id}/transition`, { action: 'submit', version });
    const list = (await clients.hhht_admin!.get(`/api/campaigns/${id}/beneficiaries`)).json();
    expect(list.frozen).toBe(false);
    expect((await clients.hhht_admin!.get(`/api/campaigns/${id}/eligibility`)).json().total).toBe(list.total);
  });
});
