import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { systemActor } from '../../server/actor.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { chinaToday } from '../../shared/dates.ts';
import { setPolicy } from '../policies/index.ts';
import { campaignPeriod } from '../../testing/dates.ts';

let t: TestApp;
let xcqAdmin: TestClient; // 新城区: verifies and approves files
let xcqCadre: TestClient; // 新城区: files cases, records assistance
let shAdmin: TestClient; // 赛罕区: runs its own campaign
let hhht: TestClient; // 呼和浩特: above both counties
const today = chinaToday();

beforeAll(async () => {
  t = await createTestApp();
  const actor = systemActor(t.seed.root);
  const set = (orgId: number, key: string, value: number) =>
    setPolicy(t.db, actor, { orgId, key: key as never, value, effectiveFrom: '2025-01-01', note: null });
  await set(t.seed.nmg.id, 'dibao_monthly', 760_00);
  await set(t.seed.root.id, 'relative_hardship_multiplier', 2);
  await set(t.seed.root.id, 'accident_cost_share', 0.8);
  await set(t.seed.root.id, 'migrant_min_years', 1);
  await set(t.seed.root.id, 'living_aid_months_deep', 12);
  await set(t.seed.root.id, 'living_aid_months_other', 10);
  await set(t.seed.root.id, 'followup_interval_months', 6);
  [xcqAdmin, xcqCadre, shAdmin, hhht] = [await t.as('xcq_admin'), await t.as('xcq_cadre'), await t.as('sh_admin'), await t.as('hhht_admin')];
});
afterAll(() => t.close());

type Row = {
  date: string | null;
  what: string;
  detail: string | null;
  amountFen: number | null;
  place: string | null;
  state: string | null;
  link: string | null;
  reversal: boolean;
};
type Record = { derivedTags: { tag: string; reason: string }[]; sections: { kind: string; title: string; empty: string; rows: Row[] }[] };
const section = (r: Record, kind: string) => r.sections.find((s) => s.kind === kind)!.rows;

/** A campaign of 赛罕区 for its own people, running, with a hand-out of its goods package to `personId`. */
async function saihanHandOut(personId: number) {
  const made = await shAdmin.post('/api/campaigns', {
    name: '赛罕区环卫工人慰问',
    kind: 'festival_warmth',
    orgId: t.seed.saihan.id,
    ...campaignPeriod(),
    mode: 'single',
    rule: { orgIds: [t.seed.saihanJoint.id] },
    funds: [{ source: 'own_budget', amountFen: 10_000_00 }],
    packages: [{ name: '米面油礼包', kind: 'goods', valueFen: 200_00, items: [{ name: '大米', quantity: 10, unit: '斤' }] }],
  });
  expect(made.statusCode, made.body).toBe(201);
  const c = made.json();
  let res = await hhht.post(`/api/campaigns/${c.id}/transition`, { action: 'approve', version: c.version });
  if (res.statusCode !== 200) {
    // Where a campaign waits for approval (待审批), its author submits it first.
    const submitted = (await shAdmin.post(`/api/campaigns/${c.id}/transition`, { action: 'submit', version: c.version })).json();
    res = await hhht.post(`/api/campaigns/${c.id}/transition`, { action: 'approve', version: submitted.version });
  }
  expect(res.statusCode, res.body).toBe(200);
  expect((await shAdmin.post(`/api/campaigns/${c.id}/transition`, { action: 'start', version: res.json().version })).statusCode).toBe(200);
  const point = (await shAdmin.post(`/api/campaigns/${c.id}/points`, { name: '赛罕区发放点', orgId: t.seed.saihan.id })).json();
  const list = (await shAdmin.get(`/api/campaigns/${c.id}/beneficiaries?pageSize=50`)).json().items as { id: number; personId: number }[];
  const mine = list.find((b) => b.personId === personId)!;
  const confirm = await shAdmin.post(`/api/points/${point.id}/confirm`, {
    beneficiaryId: mine.id,
    evidence: { kind: 'paper', sheetRef: 'SH-1' },
    idempotencyKey: `record-${personId}`,
  });
  expect(confirm.statusCode, confirm.body).toBe(200);
  return c.id as number;
}

/** How many people of 新城区's sanitation union a tier for 困难职工 would reach today. */
async function hardshipTier() {
  const res = await xcqAdmin.post('/api/campaigns/eligibility-preview', {
    orgId: t.seed.xinCheng.id,
    rule: { orgIds: [t.seed.xinChengSanitation.id] },
    packages: [{ name: '困难职工慰问金', kind: 'cash', valueFen: 500_00, rule: { tagsAny: ['困难职工'] } }],
    ...campaignPeriod(),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().byPackage[0].persons as number;
}

describe('a person’s record', () => {
  it('shows hand-outs, the hardship file and its assistance; 困难职工 follows the file; each caller sees only its own line’s records', async () => {
    const created = await shAdmin.post('/api/people', { name: '刘桂芳', idNumber: withCheckCharacter('15010519760505123'), orgId: t.seed.saihanJoint.id });
    expect(created.statusCode, created.body).toBe(201);
    const personId = created.json().id as number;
    const campaignId = await saihanHandOut(personId);
    const ledger = (await shAdmin.get(`/api/campaigns/${campaignId}/ledger`)).json();
    const line = ledger.items.find((l: { personName?: string }) => l.personName === '刘桂芳') ?? ledger.items[0];

    // 赛罕区 sees its hand-out: the campaign, the goods, the point, linked to the campaign.
    let record = (await shAdmin.get(`/api/people/${personId}/record`)).json() as Record;
    expect(section(record, 'campaigns.handouts')).toEqual([
      {
        date: today,
        what: '赛罕区环卫工人慰问',
        detail: '米面油礼包：大米 10斤',
        amountFen: 200_00,
        place: '赛罕区发放点',
        state: '已发放',
        link: `/campaigns/${campaignId}`,
        reversal: false,
      },
    ]);
    // A mistaken line is corrected by a reversal, shown as such.
    expect((await shAdmin.post(`/api/campaigns/${campaignId}/reverse`, { lineId: line.lineId, reason: '登记错误' })).statusCode).toBe(200);
    record = (await shAdmin.get(`/api/people/${personId}/record`)).json() as Record;
    expect(section(record, 'campaigns.handouts').map((r) => [r.state, r.amountFen, r.reversal, r.detail])).toEqual([
      ['已冲正', 200_00, false, '米面油礼包：大米 10斤'],
      ['冲正记录', -200_00, true, '冲正：登记错误'],
    ]);

    // The worker moves to 新城区: 赛罕区 no longer finds them, 新城区 does, without 赛罕区's hand-out.
    const p = (await hhht.get(`/api/people/${personId}`)).json();
    expect(
      (await hhht.post(`/api/people/${personId}/transfer`, { toOrgId: t.seed.xinChengSanitation.id, reason: '工作调动', version: p.version })).statusCode,
    ).toBe(200);
    expect((await shAdmin.get(`/api/people/${personId}/record`)).statusCode).toBe(404);
    expect((await xcqAdmin.get('/api/people/999999999/record')).statusCode).toBe(404);
    record = (await xcqAdmin.get(`/api/people/${personId}/record`)).json() as Record;
    expect(section(record, 'campaigns.handouts')).toEqual([]);
    expect(JSON.stringify(record)).not.toContain('赛罕');
    expect(section(record, 'people.membership')).toEqual([
      expect.objectContaining({ what: '调转', detail: '其他工会 → 新城区环境卫生服务中心工会；工作调动' }),
    ]);
    // The city above both sees both.
    expect(section((await hhht.get(`/api/people/${personId}/record`)).json(), 'campaigns.handouts')).toHaveLength(2);

    // A hardship file: 困难职工 comes with approval, and a tier for it sees the worker at once.
    const before = await hardshipTier();
    let c = (
      await xcqCadre.post('/api/hardship/cases', {
        personId,
        members: [{ name: '王小明', relationship: '子', schoolOrEmployer: '呼和浩特市第二中学' }],
        yearlyIncomeFen: 500_00 * 12 * 2,
        hardshipSpendingFen: 0,
        housing: 'rented',
        mainCause: 'serious_illness',
        secondaryCauses: [],
        bankName: '中国农业银行',
        assessedOn: today,
      })
    ).json();
    expect(c.id, JSON.stringify(c)).toBeTruthy();
    for (const action of ['verify', 'notice']) c = (await xcqAdmin.post(`/api/hardship/cases/${c.id}/transition`, { action, version: c.version })).json();
    expect((await xcqAdmin.get(`/api/people/${personId}`)).json().tags).not.toContain('困难职工');
    // The public notice (公示) ran its days.
    await t.db.execute(sql`update hardship_cases set noticed_on = noticed_on - 30 where id = ${c.id}`);
    const approved = await xcqAdmin.post(`/api/hardship/cases/${c.id}/transition`, { action: 'approve', version: c.version });
    expect(approved.statusCode, approved.body).toBe(200);
    c = approved.json();
    expect(c.status).toBe('active');
    const person = (await xcqAdmin.get(`/api/people/${personId}`)).json();
    expect(person.tags).toContain('困难职工');
    expect(await hardshipTier()).toBe(before + 1);
    record = (await xcqAdmin.get(`/api/people/${personId}/record`)).json() as Record;
    expect(record.derivedTags).toEqual([expect.objectContaining({ tag: '困难职工', reason: `困难职工档案 ${c.caseNo} 帮扶中` })]);
    expect(section(record, 'people.tags')).toEqual([expect.objectContaining({ what: '困难职工', state: '自动' })]);

    // Staff cannot take the tag off by hand; their own tags stay theirs.
    const edited = await xcqAdmin.patch(`/api/people/${personId}`, { version: person.version, tags: ['劳模'] });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().tags.sort()).toEqual(['劳模', '困难职工'].sort());

    const paid = await xcqCadre.post(`/api/hardship/cases/${c.id}/assistance`, { type: 'living', amountFen: 800_00, on: today, fundSource: 'special_fund' });
    expect(paid.statusCode, paid.body).toBe(200);
    c = (await xcqAdmin.get(`/api/hardship/cases/${c.id}`)).json();

    // 解困脱困: the tag goes in the same step, the tier no longer sees the worker, the record shows the file and what was paid.
    const exit = await xcqCadre.post(`/api/hardship/cases/${c.id}/transition`, { action: 'exit', version: c.version, reason: '子女就业，收入稳定' });
    expect(exit.statusCode, exit.body).toBe(200);
    expect((await xcqAdmin.get(`/api/people/${personId}`)).json().tags).toEqual(['劳模']);
    expect(await hardshipTier()).toBe(before);
    record = (await xcqAdmin.get(`/api/people/${personId}/record`)).json() as Record;
    expect(record.derivedTags).toEqual([]);
    expect(section(record, 'hardship.cases')[0]).toMatchObject({
      what: `困难职工档案 ${c.caseNo}`,
      detail: '深度困难；主要致困原因：本人或家属患大病重病',
      state: '已解困脱困',
      link: `/hardship/${c.id}`,
    });
    expect(section(record, 'hardship.cases').map((r) => r.what)).toContain(`解困脱困 ${c.caseNo}`);
    expect(section(record, 'hardship.assistance')).toEqual([
      expect.objectContaining({
        date: today,
        what: '生活救助',
        detail: '资金来源：帮扶专项资金',
        amountFen: 800_00,
        place: '新城区环境卫生服务中心工会',
        link: `/hardship/${c.id}`,
      }),
    ]);
    expect(section(record, 'hardship.followups')).toEqual([expect.objectContaining({ what: `回访 ${c.caseNo}`, state: '待回访' })]);
    // 返困 brings the tag back.
    c = (await xcqAdmin.get(`/api/hardship/cases/${c.id}`)).json();
    expect((await xcqCadre.post(`/api/hardship/cases/${c.id}/transition`, { action: 'reopen', version: c.version, reason: '再次失业' })).statusCode).toBe(200);
    expect((await xcqAdmin.get(`/api/people/${personId}`)).json().tags).toContain('困难职工');
  });

  it('says plainly what a person without records has', async () => {
    const id = (
      await xcqAdmin.post('/api/people', { name: '赵四', idNumber: withCheckCharacter('15010219800808123'), orgId: t.seed.xinChengSanitation.id })
    ).json().id;
    const record = (await xcqAdmin.get(`/api/people/${id}/record`)).json() as Record;
    expect(record.sections.map((s) => [s.kind, s.rows.length])).toEqual([
      ['people.membership', 0],
      ['people.tags', 0],
      ['campaigns.handouts', 0],
      ['hardship.cases', 0],
      ['hardship.assistance', 0],
      ['hardship.followups', 0],
    ]);
    expect(record.sections[0]!.empty).toBe('未入会');
  });
});
