import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { daysFromToday, today } from '../../testing/dates.ts';
import { queryRows } from '../../server/db.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { countNotices } from '../messages/index.ts';

const idn = withCheckCharacter;
let t: TestApp;
let hhht: TestClient;
let xcq: TestClient;
let sh: TestClient;
let batch: number;
const startsOn = daysFromToday(60);
/** The same day `years` before the departure, so service years are exact. */
const yearsBefore = (years: number) => `${Number(startsOn.slice(0, 4)) - years}${startsOn.slice(4)}`;

/** Enters a person of 新城区 (or 赛罕区) with a membership of `years` years (none when null). */
async function person(c: TestClient, name: string, id17: string, orgId: number, fields: Record<string, unknown>, years: number | null) {
  const res = await c.post('/api/people', { name, idNumber: idn(id17), orgId, ...fields });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as number;
  if (years !== null) expect((await c.post(`/api/people/${id}/membership`, { joinedOn: yearsBefore(years) })).statusCode).toBeLessThan(300);
  return id;
}

const count = async (table: string) => (await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from ${sql.raw(table)}`))[0]!.n;

let people: Record<'model' | 'newcomer' | 'tieA' | 'tieB' | 'twinC' | 'twinD' | 'old' | 'saihan', number>;

beforeAll(async () => {
  t = await createTestApp();
  hhht = await t.as('hhht_admin');
  xcq = await t.as('xcq_admin');
  sh = await t.as('sh_admin');
  const xc = t.seed.xinChengSanitation.id;
  people = {
    // 30 (劳模) + 20 (20 years) + 20 (环卫) + 0 + 20 (no trip) = 90
    model: await person(xcq, '王建国', '15010219750101001', xc, { occupation: 'sanitation', tags: ['劳模'] }, 20),
    // 0 + 0 + 0 + 0 + 20 = 20
    newcomer: await person(xcq, '李新', '15010220000101002', xc, { occupation: 'teacher', employmentForm: 'standard' }, null),
    // 0 + 5 + 20 (快递) + 15 (新就业形态) + 20 = 60, 5 years
    tieA: await person(xcq, '赵快递', '15010219900101003', xc, { occupation: 'courier', employmentForm: 'new_form' }, 5),
    // 30 + 10 + 0 + 0 + 20 = 60, 10 years: ahead of 赵快递 on service
    tieB: await person(xcq, '钱劳模', '15010219850101004', xc, { occupation: 'teacher', tags: ['劳模'] }, 10),
    // 0 + 3 + 0 + 0 + 20 = 23, same service: the earlier application goes first
    twinC: await person(xcq, '孙先报', '15010219920101005', xc, { occupation: 'teacher' }, 3),
    twinD: await person(xcq, '周后报', '15010219920101006', xc, { occupation: 'teacher' }, 3),
    old: await person(xcq, '吴年长', '15010219500101007', xc, { occupation: 'sanitation' }, 30),
    saihan: await person(sh, '郑赛罕', '15010519880101008', t.seed.saihanJoint.id, { occupation: 'sanitation' }, 8),
  };
});
afterAll(() => t.close());

const base = '/api/events/recuperation/batches';
const newBatch = (c: TestClient, body: Record<string, unknown> = {}) =>
  c.post(base, {
    orgId: t.seed.hhht.id,
    title: '2026年度一线职工疗休养（第一批）',
    year: Number(startsOn.slice(0, 4)),
    destination: '阿尔山',
    startsOn,
    endsOn: daysFromToday(65),
    places: 2,
    subsidyFen: 800_00,
    ...body,
  });
const nominate = (c: TestClient, personId: number, healthDeclared = true) => c.post(`${base}/${batch}/nominations`, { personId, healthDeclared });
const ranking = async (c: TestClient) => (await c.get(`${base}/${batch}/ranking`)).json();

describe('batches', () => {
  it('refuses a stranger, names a bad field, hides another county, and creates a batch as an event of kind 疗休养', async () => {
    expect((await t.anonymous().get(base)).statusCode).toBe(401);
    expect((await (await t.as('xcq_volunteer')).post(base, {})).statusCode).toBe(403);
    const bad = await newBatch(hhht, { endsOn: daysFromToday(50) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0]).toMatchObject({ field: 'endsOn', message: '返回日期不能早于出发日期' });
    expect((await newBatch(hhht, { places: 0 })).json().fields[0].field).toBe('places');
    expect((await newBatch(sh, { orgId: t.seed.xinCheng.id })).statusCode).toBe(404);
    expect(await count('events')).toBe(0);
    const res = await newBatch(hhht);
    expect(res.statusCode, res.body).toBe(201);
    batch = res.json().id;
    expect(res.json()).toMatchObject({ stage: 'applying', places: 2, taken: 0, subsidyFen: 800_00, canManage: true });
    const [e] = await queryRows<{ kind: string; capacity: number; status: string }>(t.db, sql`select kind, capacity, status from events where id = ${batch}`);
    expect(e).toMatchObject({ kind: 'recuperation', capacity: 2, status: 'open' });
    // Both counties see their city's batch, but only the city manages it; a county's own batch stays its own.
    expect((await xcq.get(`${base}/${batch}`)).json()).toMatchObject({ canManage: false });
    const own = (await newBatch(xcq, { orgId: t.seed.xinCheng.id, title: '新城区疗休养' })).json().id;
    expect((await sh.get(`${base}/${own}`)).statusCode).toBe(404);
    expect((await sh.get(base)).json().map((b: { id: number }) => b.id)).toEqual([batch]);
  });
});

describe('nomination and scoring', () => {
  it('nominates people of the union’s own subtree, once each, within the age limit; nothing saved on a refusal', async () => {
    expect((await t.anonymous().post(`${base}/${batch}/nominations`, { personId: people.model, healthDeclared: true })).statusCode).toBe(401);
    expect((await nominate(xcq, people.model)).statusCode).toBe(201);
    const again = await nominate(xcq, people.model);
    expect(again.statusCode).toBe(400);
    expect(again.json().fields[0]).toMatchObject({ field: 'personId', message: expect.stringMatching(/王建国 已在.*一人一批次只能推荐或申请一次/) });
    const old = await nominate(xcq, people.old);
    expect(old.statusCode).toBe(400);
    expect(old.json().fields[0]).toMatchObject({ field: 'personId', message: expect.stringMatching(/吴年长 出发日年满 \d+ 周岁，超过疗休养年龄上限 60 周岁/) });
    expect((await nominate(xcq, 'x' as unknown as number)).json().fields[0].field).toBe('personId');
    // 赛罕区 cannot nominate 新城区's people.
    expect((await nominate(sh, people.newcomer)).statusCode).toBe(404);
    expect(await count('recuperation_applications')).toBe(1);
    // The database holds the rule too.
    await expect(
      t.db.execute(
        sql`insert into recuperation_applications (event_id, person_id, org_id, source, health_declared, explanation) values (${batch}, ${people.model}, ${t.seed.xinChengSanitation.id}, 'nominated', true, '[]')`,
      ),
    ).rejects.toThrow();
    for (const p of [people.newcomer, people.tieA, people.tieB, people.twinC, people.twinD]) expect((await nominate(xcq, p)).statusCode).toBe(201);
    expect((await nominate(sh, people.saihan)).statusCode).toBe(201);
  });

  it('explains the score of a 劳模 with 20 years line by line, against a newcomer', async () => {
    const r = await ranking(hhht);
    const model = r.items.find((a: { personId: number }) => a.personId === people.model);
    expect(model.score).toBe(90);
    expect(model.explanation).toEqual([
      { factor: 'model_worker', label: '劳模', detail: '档案标签“劳模”', points: 30 },
      { factor: 'service', label: '会龄', detail: '入会 20 年 × 1 分/年', points: 20 },
      { factor: 'frontline', label: '一线和高危岗位', detail: '职业：环卫工人', points: 20 },
      { factor: 'new_form', label: '新就业形态', detail: '用工形式：未登记', points: 0 },
      { factor: 'no_recent_trip', label: '近 3 年未参加', detail: '此前未参加疗休养', points: 20 },
    ]);
    const newcomer = r.items.find((a: { personId: number }) => a.personId === people.newcomer);
    expect(newcomer.score).toBe(20);
    expect(newcomer.explanation.map((l: { points: number }) => l.points)).toEqual([0, 0, 0, 0, 20]);
    expect(newcomer.explanation[1].detail).toBe('非会员，不计会龄');
    expect(newcomer.explanation[2].detail).toBe('职业：教师（不属一线岗位）');
  });

  it('ranks by score, then service, then the earlier application, and says so', async () => {
    const r = await ranking(hhht);
    expect(r.tieBreak).toMatch(/得分.*会龄.*申请在先/);
    expect(r.items.map((a: { name: string; rank: number }) => `${a.rank}.${a.name}`)).toEqual([
      '1.王建国',
      '2.钱劳模',
      '3.赵快递',
      '4.郑赛罕',
      '5.孙先报',
      '6.周后报',
      '7.李新',
    ]);
    expect(r.items.slice(0, 2).every((a: { withinPlaces: boolean }) => a.withinPlaces)).toBe(true);
    // 新城区 sees its own people with their places in the whole ranking, never 赛罕区's.
    const mine = await ranking(xcq);
    expect(mine.items.map((a: { rank: number }) => a.rank)).toEqual([1, 2, 3, 5, 6, 7]);
    expect(JSON.stringify(mine)).not.toMatch(/郑赛罕/);
  });

  it('lets a registered worker apply from the portal, once; the health declaration left out excludes with a reason', async () => {
    const p = await person(xcq, '冯骑手', '15010219950101009', t.seed.xinChengSanitation.id, { occupation: 'delivery_rider' }, 2);
    const w = await t.asWorker('13900001501', p);
    expect((await w.get('/api/m/events/recuperation/batches')).json()).toContainEqual(
      expect.objectContaining({ id: batch, applied: false, orgName: '呼和浩特市总工会' }),
    );
    const res = await w.post(`/api/m/events/recuperation/batches/${batch}/apply`, { healthDeclared: false });
    expect(res.statusCode, res.body).toBe(201);
    expect((await w.post(`/api/m/events/recuperation/batches/${batch}/apply`, { healthDeclared: true })).statusCode).toBe(400);
    const [mine] = (await w.get('/api/m/events/recuperation/applications')).json();
    expect(mine).toMatchObject({ batchId: batch, status: 'pending', excludedReason: '未确认健康声明', rank: null });
    const row = (await ranking(hhht)).items.find((a: { personId: number }) => a.personId === p);
    expect(row).toMatchObject({ source: 'applied', rank: null, excludedReason: '未确认健康声明' });
    expect((await t.anonymous().get('/api/m/events/recuperation/batches')).statusCode).toBe(401);
    // Its places come from the ranking: the events list does not offer it and a direct sign-up is refused.
    expect((await w.get('/api/m/events')).json().some((e: { id: number }) => e.id === batch)).toBe(false);
    const direct = await w.post(`/api/m/events/${batch}/signup`, { waitIfFull: true });
    expect(direct.statusCode).toBe(409);
    expect(direct.json().message).toBe('疗休养的名额按评分排名确定：请在「疗休养」页面申请或由工会推荐');
  });
});

describe('notice, objections and confirmation', () => {
  it('only the organiser publishes; the notice masks names and lasts the policy’s days; applications close', async () => {
    expect((await xcq.post(`${base}/${batch}/notice`)).statusCode).toBe(403);
    expect((await xcq.post(`${base}/${batch}/confirm`)).statusCode).toBe(403);
    const res = await hhht.post(`${base}/${batch}/notice`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ stage: 'noticed', noticeStartsOn: today(), noticeEndsOn: daysFromToday(4) });
    const notice = (await xcq.get(`${base}/${batch}/notice`)).json();
    expect(notice.rows).toEqual([
      { rank: 1, maskedName: '王**', orgName: '新城区环境卫生服务中心工会', score: 90 },
      { rank: 2, maskedName: '钱**', orgName: '新城区环境卫生服务中心工会', score: 60 },
    ]);
    expect(JSON.stringify(notice)).not.toMatch(/王建国|钱劳模/);
    const late = await nominate(xcq, people.old);
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toMatch(/已公示，不再接受推荐和申请/);
  });

  it('records objections during the notice and resolves them with a reason', async () => {
    const first = (await ranking(hhht)).items[0].id;
    expect((await hhht.post(`${base}/${batch}/objections`, { applicationId: first, text: '' })).json().fields[0].field).toBe('text');
    expect((await sh.post(`${base}/${batch}/objections`, { applicationId: first, text: '越权' })).statusCode).toBe(403);
    const o = await hhht.post(`${base}/${batch}/objections`, { applicationId: first, text: '反映其会龄有误' });
    expect(o.statusCode, o.body).toBe(201);
    const blocked = await hhht.post(`${base}/${batch}/confirm`);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().message).toMatch(/公示期至 .* 结束，公示期满后方可确认入选名单/);
    expect((await hhht.post(`${base}/${batch}/objections/${o.json().id}/resolve`, { outcome: 'dismissed' })).json().fields[0].field).toBe('reason');
    const resolved = await hhht.post(`${base}/${batch}/objections/${o.json().id}/resolve`, { outcome: 'dismissed', reason: '经核对入会档案，会龄无误' });
    expect(resolved.json()[0]).toMatchObject({ outcome: 'dismissed', resolution: '经核对入会档案，会龄无误' });
    expect((await hhht.post(`${base}/${batch}/objections/${o.json().id}/resolve`, { outcome: 'upheld', reason: '再次处理' })).statusCode).toBe(409);
  });

  it('confirms after the notice period: the top places become sign-ups and events.taken rises with them', async () => {
    // The notice ran its five days.
    await t.db.execute(sql`update recuperation_batches set notice_starts_on = current_date - 6, notice_ends_on = current_date - 2 where event_id = ${batch}`);
    const first = (await ranking(hhht)).items[0].id;
    const late = await hhht.post(`${base}/${batch}/objections`, { applicationId: first, text: '逾期异议' });
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toMatch(/公示期已于 .* 结束/);
    const res = await hhht.post(`${base}/${batch}/confirm`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ selected: 2, reserve: 5 });
    const signups = await queryRows<{ person_id: number; status: string; source: string }>(
      t.db,
      sql`select person_id::int as person_id, status, source from event_signups where event_id = ${batch} order by id`,
    );
    expect(signups).toEqual([
      { person_id: people.model, status: 'confirmed', source: 'selection' },
      { person_id: people.tieB, status: 'confirmed', source: 'selection' },
    ]);
    expect((await hhht.get(`${base}/${batch}`)).json()).toMatchObject({ stage: 'confirmed', taken: 2 });
    expect((await hhht.post(`${base}/${batch}/confirm`)).statusCode).toBe(409);
  });
});

describe('after selection', () => {
  it('refuses the second form before selection, and keeps the selected’s emergency phone encrypted', async () => {
    const items = (await ranking(hhht)).items;
    const reserve = items.find((a: { personId: number }) => a.personId === people.tieA);
    const form = { emergencyName: '赵母亲', emergencyPhone: '13912345678', healthDeclared: true };
    const before = await xcq.post(`${base}/${batch}/applications/${reserve.id}/second-form`, form);
    expect(before.statusCode).toBe(409);
    expect(before.json().message).toMatch(/赵快递 目前为“候补”，入选后才能填写行前信息/);
    const selected = items.find((a: { personId: number }) => a.personId === people.model);
    expect((await xcq.post(`${base}/${batch}/applications/${selected.id}/second-form`, { ...form, emergencyPhone: '123' })).json().fields[0].field).toBe(
      'emergencyPhone',
    );
    expect((await xcq.post(`${base}/${batch}/applications/${selected.id}/second-form`, { ...form, healthDeclared: false })).statusCode).toBe(400);
    expect((await sh.post(`${base}/${batch}/applications/${selected.id}/second-form`, form)).statusCode).toBe(404);
    const ok = await xcq.post(`${base}/${batch}/applications/${selected.id}/second-form`, { ...form, emergencyName: '王母亲' });
    expect(ok.statusCode, ok.body).toBe(200);
    const [row] = await queryRows<{ emergency_phone_enc: string; emergency_phone_masked: string }>(
      t.db,
      sql`select emergency_phone_enc, emergency_phone_masked from recuperation_applications where id = ${selected.id}`,
    );
    expect(row!.emergency_phone_masked).toBe('139****5678');
    expect(row!.emergency_phone_enc).not.toContain('13912345678');
    expect(t.cipher.decrypt('phone', row!.emergency_phone_enc)).toBe('13912345678');
    expect((await ranking(hhht)).items[0]).toMatchObject({ secondFormDone: true, emergencyName: '王母亲', emergencyPhoneMasked: '139****5678' });
  });

  it('a withdrawal pulls up the next in rank in the same transaction, and tells them on the portal', async () => {
    // The next in rank (赵快递) has a portal account.
    const w = await t.asWorker('13900001502', people.tieA);
    const items = (await ranking(hhht)).items;
    const selected = items.find((a: { personId: number }) => a.personId === people.tieB);
    expect((await xcq.post(`${base}/${batch}/applications/${selected.id}/withdraw`, { reason: '' })).json().fields[0].field).toBe('reason');
    expect((await sh.post(`${base}/${batch}/applications/${selected.id}/withdraw`, { reason: '越权' })).statusCode).toBe(404);
    const res = await xcq.post(`${base}/${batch}/applications/${selected.id}/withdraw`, { reason: '家中有事' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ withdrawn: selected.id, pulledUp: { name: '赵快递' } });
    const live = await queryRows<{ person_id: number }>(
      t.db,
      sql`select person_id::int as person_id from event_signups where event_id = ${batch} and status = 'confirmed' order by id`,
    );
    expect(live.map((s) => s.person_id)).toEqual([people.model, people.tieA]);
    expect((await hhht.get(`${base}/${batch}`)).json().taken).toBe(2);
    expect(await countNotices(t.db, 'events.recuperation_selected', { personId: people.tieA })).toBe(1);
    const mine = (await w.get('/api/m/events/recuperation/applications')).json()[0];
    expect(mine).toMatchObject({ status: 'selected', secondFormDone: false });
    expect(
      (
        await w.post(`/api/m/events/recuperation/applications/${mine.id}/second-form`, {
          emergencyName: '赵父亲',
          emergencyPhone: '13812345678',
          healthDeclared: true,
        })
      ).statusCode,
    ).toBe(200);
    expect((await xcq.post(`${base}/${batch}/applications/${selected.id}/withdraw`, { reason: '再次退出' })).statusCode).toBe(409);
  });

  it('exports the subsidy ledger with a reversal for the withdrawal and the total', async () => {
    expect((await xcq.get(`${base}/${batch}/ledger.xlsx`)).statusCode).toBe(403);
    expect((await t.anonymous().get(`${base}/${batch}/ledger.xlsx`)).statusCode).toBe(401);
    const res = await hhht.get(`${base}/${batch}/ledger.xlsx`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const values = ws.getSheetValues().filter(Boolean) as unknown[][];
    const text = JSON.stringify(values);
    expect(text).toContain('呼和浩特市总工会2026年度一线职工疗休养（第一批）补贴台账');
    const lines = values.filter((r) => ['发放', '冲正'].includes(r[5] as string));
    expect(lines.map((r) => [r[2], r[5], r[6]])).toEqual([
      ['王建国', '发放', 800],
      ['钱劳模', '发放', 800],
      ['钱劳模', '冲正', -800],
      ['赵快递', '发放', 800],
    ]);
    expect(values.find((r) => r[1] === '合计')?.[6]).toBe(1600);
    expect(text).not.toMatch(/150102\d{8}/);
  });
});

describe('places allocated down the tree', () => {
  it('selects within each union’s places: the ranking passes over those whose union is full, and a withdrawal frees a place of the same union', async () => {
    const id = (await newBatch(hhht, { title: '2026年度一线职工疗休养（分配名额）', places: 3 })).json().id as number;
    expect((await hhht.put(`/api/events/${id}/quotas`, { orgId: t.seed.xinCheng.id, places: 1 })).statusCode).toBe(200);
    expect((await hhht.put(`/api/events/${id}/quotas`, { orgId: t.seed.saihan.id, places: 1 })).statusCode).toBe(200);
    const nominateIn = (c: TestClient, personId: number) => c.post(`${base}/${id}/nominations`, { personId, healthDeclared: true });
    for (const p of [people.model, people.tieB, people.tieA]) expect((await nominateIn(xcq, p)).statusCode).toBe(201);
    expect((await nominateIn(sh, people.saihan)).statusCode).toBe(201);
    const names = (rows: { name?: string; maskedName?: string }[]) => rows.map((r) => r.name ?? r.maskedName);

    // 新城区's one place goes to its first in rank; 赛罕区's to its own, though two of 新城区 rank above.
    const live = (await hhht.get(`${base}/${id}/ranking`)).json().items as { name: string; withinPlaces: boolean; id: number }[];
    expect(live.map((a) => [a.name, a.withinPlaces])).toEqual([
      ['王建国', true],
      ['钱劳模', false],
      ['郑赛罕', true],
      ['赵快递', false],
    ]);
    expect((await hhht.post(`${base}/${id}/notice`)).statusCode).toBe(200);
    expect(names((await hhht.get(`${base}/${id}/notice`)).json().rows)).toEqual(['王**', '郑**']);
    await t.db.execute(sql`update recuperation_batches set notice_starts_on = current_date - 6, notice_ends_on = current_date - 2 where event_id = ${id}`);
    expect((await hhht.post(`${base}/${id}/confirm`)).json()).toEqual({ selected: 2, reserve: 2 });
    const quotaTaken = async () =>
      Object.fromEntries(
        (await queryRows<{ org_id: number; taken: number }>(t.db, sql`select org_id, taken from event_quotas where event_id = ${id}`)).map((r) => [
          r.org_id,
          r.taken,
        ]),
      );
    expect(await quotaTaken()).toEqual({ [t.seed.hhht.id]: 0, [t.seed.xinCheng.id]: 1, [t.seed.saihan.id]: 1 });
    expect((await hhht.get(`${base}/${id}`)).json()).toMatchObject({ taken: 2 });

    // 王建国 withdraws: 新城区's place goes to its next in rank.
    const model = live.find((a) => a.name === '王建国')!;
    const res = await xcq.post(`${base}/${id}/applications/${model.id}/withdraw`, { reason: '身体原因' });
    expect(res.json()).toMatchObject({ pulledUp: { name: '钱劳模' } });
    expect(await quotaTaken()).toEqual({ [t.seed.hhht.id]: 0, [t.seed.xinCheng.id]: 1, [t.seed.saihan.id]: 1 });
    const [quota] = await queryRows<{ quota_org_id: number }>(
      t.db,
      sql`select s.quota_org_id from event_signups s join recuperation_applications a on a.signup_id = s.id where a.id = ${live[1]!.id}`,
    );
    expect(quota!.quota_org_id).toBe(t.seed.xinCheng.id);
  });
});
