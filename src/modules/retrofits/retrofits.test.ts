import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { queryRows } from '../../server/db.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { chinaToday } from '../../shared/dates.ts';
import { demoPng } from './retrofits.demo.ts';

let t: TestApp;
let xcq: TestClient; // 新城区 union admin: plans
let cadre: TestClient; // 新城区 cadre: plans, cannot approve
let hhht: TestClient; // the city's admin: approves
let sh: TestClient; // 赛罕区: a sibling county

beforeAll(async () => {
  t = await createTestApp();
  xcq = await t.as('xcq_admin');
  cadre = await t.as('xcq_cadre');
  hhht = await t.as('hhht_admin');
  sh = await t.as('sh_admin');
});
afterAll(() => t.close());

let seq = 0;
async function person(tags: string[] = ['劳模'], name = '王师傅', orgId = t.seed.xinChengSanitation.id, client = xcq) {
  seq += 1;
  const id17 = `15010219500101${String(100 + seq).padStart(3, '0')}`;
  const res = await client.post('/api/people', { name, idNumber: withCheckCharacter(id17), orgId, tags });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

async function programme(budgetFen = 10_000_00, client = xcq, orgId = t.seed.xinCheng.id) {
  const res = await client.post('/api/retrofits/programmes', { name: `改造项目${++seq}`, year: 2026, orgId, budgetFen });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number };
}

async function upload(c: TestClient, planId: number, kind: string, data = demoPng(10, 10, 10)) {
  const boundary = '----retrofit';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${kind}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${kind}.png"\r\nContent-Type: image/png\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return c.request({
    method: 'POST',
    url: `/api/retrofits/plans/${planId}/photos`,
    payload: body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

/** A plan designed with `items` (budgets in fen) and submitted by `planner`. */
async function submitted(programmeId: number, items: number[], planner = xcq) {
  const personId = await person();
  const created = await planner.post('/api/retrofits/plans', { programmeId, personId });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as number;
  expect(
    (await planner.put(`/api/retrofits/plans/${id}/assessment`, { assessedOn: chinaToday(), findings: '卫生间无扶手', livesAlone: true })).statusCode,
  ).toBe(200);
  const designed = await planner.put(`/api/retrofits/plans/${id}/items`, { planItems: items.map((budgetFen) => ({ kind: 'handrail', budgetFen })) });
  expect(designed.statusCode, designed.body).toBe(200);
  const sent = await planner.post(`/api/retrofits/plans/${id}/submit`);
  expect(sent.statusCode, sent.body).toBe(200);
  return { id, personId };
}

const programmeRow = async (id: number) =>
  (
    await queryRows<{ committed: number; spent: number }>(
      t.db,
      sql`select committed_fen::int as committed, spent_fen::int as spent from retrofit_programmes where id = ${id}`,
    )
  )[0]!;

describe('plans', () => {
  it('go from assessment to settlement; the budget is committed at approval and the surplus released at settlement', async () => {
    const g = await programme(10_000_00);
    const { id } = await submitted(g.id, [1_000_00, 2_000_00], cadre);
    // The planner may not approve; a cadre has no approval permission at all; 赛罕区 cannot see it.
    expect((await sh.post(`/api/retrofits/plans/${id}/review`, { approve: true })).statusCode).toBe(404);
    expect((await cadre.post(`/api/retrofits/plans/${id}/review`, { approve: true })).statusCode).toBe(403);
    const approved = await xcq.post(`/api/retrofits/plans/${id}/review`, { approve: true, note: '同意' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ stage: 'approved', approvedFen: 3_000_00, programmeLeftFen: 7_000_00 });
    expect(await programmeRow(g.id)).toEqual({ committed: 3_000_00, spent: 0 });

    const built = await cadre.post(`/api/retrofits/plans/${id}/build`, { contractor: '安居装饰公司', startedOn: chinaToday() });
    expect(built.json().stage).toBe('building');
    const [a, b] = built.json().itemList as { id: number }[];
    await cadre.put(`/api/retrofits/plans/${id}/items/${a!.id}`, { done: true, actualFen: 900_00 });
    const half = await cadre.put(`/api/retrofits/plans/${id}/items/${b!.id}`, { done: false, actualFen: null });
    expect(half.json()).toMatchObject({ progress: 50, actualFen: 900_00 });

    // Acceptance needs every item done and the recipient's signature.
    const early = await cadre.post(`/api/retrofits/plans/${id}/accept`, { acceptedOn: chinaToday() });
    expect(early.statusCode).toBe(400);
    expect(early.json().fields[0].field).toBe('items');
    await cadre.put(`/api/retrofits/plans/${id}/items/${b!.id}`, { done: true, actualFen: 2_000_00 });
    const unsigned = await cadre.post(`/api/retrofits/plans/${id}/accept`, { acceptedOn: chinaToday() });
    expect(unsigned.statusCode).toBe(400);
    expect(unsigned.json().fields[0]).toMatchObject({ field: 'signature' });
    expect((await upload(cadre, id, 'acceptance')).statusCode).toBe(200);
    const signed = await upload(cadre, id, 'signature');
    expect(signed.statusCode, signed.body).toBe(200);
    const photoId = (signed.json().photos as { id: number; kind: string }[]).find((p) => p.kind === 'signature')!.id;
    const img = await xcq.get(`/api/retrofits/plans/${id}/photos/${photoId}`);
    expect(img.headers['content-type']).toBe('image/png');
    expect((await sh.get(`/api/retrofits/plans/${id}/photos/${photoId}`)).statusCode).toBe(404);

    const accepted = await cadre.post(`/api/retrofits/plans/${id}/accept`, { acceptedOn: chinaToday(), note: '满意' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ stage: 'accepted', actualFen: 2_900_00, progress: 100 });
    const settled = await xcq.post(`/api/retrofits/plans/${id}/settle`, { settledOn: chinaToday() });
    expect(settled.statusCode, settled.body).toBe(200);
    expect(await programmeRow(g.id)).toEqual({ committed: 2_900_00, spent: 2_900_00 });

    const stats = (await hhht.get(`/api/retrofits/stats?programmeId=${g.id}`)).json();
    expect(stats.totals).toEqual({ plans: 1, households: 1, spentFen: 2_900_00 });
    expect(stats.byRegion.find((r: { org: { name: string } }) => r.org.name === '呼和浩特市新城区总工会')).toMatchObject({
      plans: 1,
      done: 1,
      spentFen: 2_900_00,
    });
    expect(stats.byItem.find((r: { kind: string }) => r.kind === 'handrail')).toMatchObject({ count: 2, budgetFen: 3_000_00, actualFen: 2_900_00 });
    const audit = await queryRows<{ action: string }>(
      t.db,
      sql`select action from audit_log where entity = 'retrofit_plan' and entity_id = ${String(id)} order by id`,
    );
    expect(audit.map((r) => r.action)).toContain('retrofit.settle');
  });

  it('refuse an approval that would overrun the programme budget, naming the amount left, and change nothing', async () => {
    const g = await programme(5_000_00);
    const first = await submitted(g.id, [3_000_00], cadre);
    const second = await submitted(g.id, [2_500_00], cadre);
    expect((await xcq.post(`/api/retrofits/plans/${first.id}/review`, { approve: true })).statusCode).toBe(200);
    const over = await xcq.post(`/api/retrofits/plans/${second.id}/review`, { approve: true });
    expect(over.statusCode).toBe(400);
    expect(over.json().fields[0]).toMatchObject({ field: 'approve' });
    expect(over.json().message).toContain('项目剩余可用 2,000.00 元');
    expect((await xcq.get(`/api/retrofits/plans/${second.id}`)).json()).toMatchObject({ stage: 'review', approvedFen: 0 });
    expect(await programmeRow(g.id)).toEqual({ committed: 3_000_00, spent: 0 });
  });

  it('approvals at once cannot overrun the budget: the programme row lock makes them take turns', async () => {
    // Six plans of 3,000 元 against 7,000 元: whatever the interleaving, exactly two are approved.
    const g = await programme(7_000_00);
    const plans = [];
    for (let i = 0; i < 6; i++) plans.push(await submitted(g.id, [3_000_00], cadre));
    const answers = await Promise.all(plans.map((p, i) => (i % 2 ? xcq : hhht).post(`/api/retrofits/plans/${p.id}/review`, { approve: true })));
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 200, 400, 400, 400, 400]);
    for (const r of answers.filter((a) => a.statusCode === 400)) expect(r.json().message).toMatch(/剩余可用 1,000\.00 元/);
    expect(await programmeRow(g.id)).toEqual({ committed: 6_000_00, spent: 0 });
    // The database itself refuses a committed amount above the budget.
    await expect(queryRows(t.db, sql`update retrofit_programmes set committed_fen = budget_fen + 1 where id = ${g.id}`)).rejects.toThrow();
  });

  it('refuse a cost over the plan without an approved change; an approved change allows it', async () => {
    const g = await programme(10_000_00);
    const { id } = await submitted(g.id, [1_000_00], cadre);
    await xcq.post(`/api/retrofits/plans/${id}/review`, { approve: true });
    const built = await cadre.post(`/api/retrofits/plans/${id}/build`, { contractor: '安居装饰公司', startedOn: chinaToday() });
    const itemId = (built.json().itemList as { id: number }[])[0]!.id;
    const over = await cadre.put(`/api/retrofits/plans/${id}/items/${itemId}`, { done: true, actualFen: 1_300_00 });
    expect(over.statusCode).toBe(400);
    expect(over.json().fields[0]).toMatchObject({ field: 'actualFen' });
    expect(over.json().message).toContain('须先申请费用变更');
    expect((await xcq.get(`/api/retrofits/plans/${id}`)).json()).toMatchObject({ actualFen: 0, itemsDone: 0 });
    // The database refuses it too.
    await expect(queryRows(t.db, sql`update retrofit_plans set actual_fen = approved_fen + 1 where id = ${id}`)).rejects.toThrow();

    const asked = await cadre.post(`/api/retrofits/plans/${id}/changes`, { amountFen: 300_00, reason: '地面找平' });
    const changeId = (asked.json().changes as { id: number }[])[0]!.id;
    // Whoever asked does not approve (xcq_admin asks this time to show the four-eyes rule).
    const own = await xcq.post(`/api/retrofits/plans/${id}/changes`, { amountFen: 100_00, reason: '加装夜灯' });
    const ownId = (own.json().changes as { id: number }[])[1]!.id;
    const selfApprove = await xcq.post(`/api/retrofits/plans/${id}/changes/${ownId}/review`, { approve: true });
    expect(selfApprove.statusCode).toBe(400);
    expect(selfApprove.json().message).toContain('四眼原则');
    expect((await xcq.post(`/api/retrofits/plans/${id}/changes/${changeId}/review`, { approve: true })).statusCode).toBe(200);
    const ok = await cadre.put(`/api/retrofits/plans/${id}/items/${itemId}`, { done: true, actualFen: 1_300_00 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ approvedFen: 1_300_00, actualFen: 1_300_00 });
    expect(await programmeRow(g.id)).toEqual({ committed: 1_300_00, spent: 0 });
  });

  it('the planner cannot approve their own plan (four eyes), and the database refuses it too', async () => {
    const g = await programme();
    const { id } = await submitted(g.id, [1_000_00], xcq);
    const own = await xcq.post(`/api/retrofits/plans/${id}/review`, { approve: true });
    expect(own.statusCode).toBe(400);
    expect(own.json().fields[0]).toMatchObject({ field: 'approve', message: '改造方案须由设计人以外的人审批（四眼原则）' });
    expect((await xcq.get(`/api/retrofits/plans/${id}`)).json()).toMatchObject({ stage: 'review', can: { approve: false } });
    await expect(queryRows(t.db, sql`update retrofit_plans set approved_by = planned_by where id = ${id}`)).rejects.toThrow();
    const back = await hhht.post(`/api/retrofits/plans/${id}/review`, { approve: false, note: '预算偏高' });
    expect(back.json()).toMatchObject({ stage: 'design', reviewNote: '预算偏高' });
  });

  it('refuse a person who is not a model worker, one outside the scope, and a second open plan, in Chinese naming personId', async () => {
    const g = await programme();
    const plain = await person([], '李师傅');
    const notModel = await xcq.post('/api/retrofits/plans', { programmeId: g.id, personId: plain });
    expect(notModel.statusCode).toBe(400);
    expect(notModel.json().fields[0]).toMatchObject({ field: 'personId' });
    expect(notModel.json().message).toContain('不是劳模');
    const elsewhere = await person(['劳模'], '赛罕劳模', t.seed.saihanJoint.id, sh);
    const outside = await xcq.post('/api/retrofits/plans', { programmeId: g.id, personId: elsewhere });
    expect(outside.statusCode).toBe(404);
    expect(outside.json().fields[0]).toMatchObject({ field: 'personId' });
    const model = await person();
    expect((await xcq.post('/api/retrofits/plans', { programmeId: g.id, personId: model })).statusCode).toBe(201);
    const again = await xcq.post('/api/retrofits/plans', { programmeId: g.id, personId: model });
    expect(again.statusCode).toBe(400);
    expect(again.json().fields[0].field).toBe('personId');
    expect(again.json().message).toContain('一户一策');
    // The database keeps one open plan per person even past the service.
    const [p] = await queryRows<{ programme_id: number; org_id: number; org_path: string }>(
      t.db,
      sql`select programme_id, org_id, org_path from retrofit_plans where person_id = ${model}`,
    );
    await expect(
      queryRows(
        t.db,
        sql`insert into retrofit_plans (programme_id, person_id, org_id, org_path) values (${p!.programme_id}, ${model}, ${p!.org_id}, ${p!.org_path})`,
      ),
    ).rejects.toThrow();
    const count = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from retrofit_plans where person_id = ${model}`);
    expect(count[0]!.n).toBe(1);
    // 赛罕区 cannot use 新城区's programme at all.
    expect((await sh.post('/api/retrofits/plans', { programmeId: g.id, personId: elsewhere })).statusCode).toBe(404);
  });

  it('refuse bad input with the field named: funds that do not add up, an item without a name, a non-image photo', async () => {
    const bad = await xcq.post('/api/retrofits/programmes', {
      name: '资金不符',
      year: 2026,
      orgId: t.seed.xinCheng.id,
      budgetFen: 1_000_00,
      funds: [{ source: 'upper', amountFen: 500_00 }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields).toContainEqual({ field: 'funds', message: '各来源资金合计须等于项目预算' });
    expect((await sh.post('/api/retrofits/programmes', { name: '越权', year: 2026, orgId: t.seed.xinCheng.id, budgetFen: 100 })).statusCode).toBe(404);
    const g = await programme();
    const personId = await person();
    const id = (await xcq.post('/api/retrofits/plans', { programmeId: g.id, personId })).json().id as number;
    await xcq.put(`/api/retrofits/plans/${id}/assessment`, { assessedOn: chinaToday(), findings: '无扶手', livesAlone: false });
    const noName = await xcq.put(`/api/retrofits/plans/${id}/items`, { planItems: [{ kind: 'other', budgetFen: 100_00 }] });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().fields[0]).toMatchObject({ field: 'planItems.0.name', message: '其他改造项须填写名称' });
    const notImage = await upload(xcq, id, 'assessment', Buffer.from('not an image'));
    expect(notImage.statusCode).toBe(400);
    expect(notImage.json().fields[0]).toMatchObject({ field: 'file' });
    const badKind = await upload(xcq, id, 'selfie');
    expect(badKind.json().fields[0]).toMatchObject({ field: 'kind' });
    expect((await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from retrofit_photos where plan_id = ${id}`))[0]!.n).toBe(0);
  });

  it('cancelling an approved plan releases its budget; the inbox offers plans to approve to others than their planner', async () => {
    const g = await programme(10_000_00);
    const { id } = await submitted(g.id, [2_000_00], cadre);
    const inbox = (await xcq.get('/api/inbox/items?kind=retrofits.approve')).json();
    expect(inbox.items.map((i: { id: number }) => i.id)).toContain(id);
    await xcq.post(`/api/retrofits/plans/${id}/review`, { approve: true });
    expect(await programmeRow(g.id)).toEqual({ committed: 2_000_00, spent: 0 });
    const cancelled = await cadre.post(`/api/retrofits/plans/${id}/cancel`, { reason: '迁居外地' });
    expect(cancelled.json().stage).toBe('cancelled');
    expect(await programmeRow(g.id)).toEqual({ committed: 0, spent: 0 });
  });

  it('lists plans by stage within the scope only', async () => {
    const shProg = await programme(5_000_00, sh, t.seed.saihan.id);
    const shPerson = await person(['劳模'], '赛罕老劳模', t.seed.saihanJoint.id, sh);
    const shPlan = (await sh.post('/api/retrofits/plans', { programmeId: shProg.id, personId: shPerson })).json().id as number;
    const xcqList = (await xcq.get('/api/retrofits/plans?pageSize=200')).json();
    expect(xcqList.items.map((p: { id: number }) => p.id)).not.toContain(shPlan);
    expect((await xcq.get(`/api/retrofits/plans/${shPlan}`)).statusCode).toBe(404);
    const cityList = (await hhht.get('/api/retrofits/plans?stage=survey&pageSize=200')).json();
    expect(cityList.items.map((p: { id: number }) => p.id)).toContain(shPlan);
    expect(cityList.items.every((p: { stage: string }) => p.stage === 'survey')).toBe(true);
    expect((await xcq.get('/api/retrofits/programmes')).json().items.map((p: { id: number }) => p.id)).not.toContain(shProg.id);
  });

  it("shows a model worker's retrofit on their record, and no retrofit section for others", async () => {
    const g = await programme();
    const { personId } = await submitted(g.id, [1_000_00], cadre);
    const record = (await xcq.get(`/api/people/${personId}/record`)).json() as { sections: { kind: string; rows: { state: string; link: string }[] }[] };
    const section = record.sections.find((x) => x.kind === 'retrofits.plans')!;
    expect(section.rows).toEqual([expect.objectContaining({ state: '待审批', link: expect.stringMatching(/^\/retrofits\/plans\/\d+$/) })]);
    expect((await sh.get(`/api/people/${personId}/record`)).statusCode).toBe(404);
    const plain = await person([], '钱师傅');
    const other = (await xcq.get(`/api/people/${plain}/record`)).json() as { sections: { kind: string }[] };
    expect(other.sections.map((x) => x.kind)).not.toContain('retrofits.plans');
  });
});
