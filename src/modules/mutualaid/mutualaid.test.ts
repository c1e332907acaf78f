import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { queryRows } from '../../server/db.ts';
import { pgErrorOf } from '../../server/errors.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { addDays, chinaToday } from '../../shared/dates.ts';

let t: TestApp;
let xcq: TestClient;
let cadre: TestClient;
let hhht: TestClient;
let sh: TestClient;
let auditor: TestClient;
const today = chinaToday();
const year = Number(today.slice(0, 4));

let seq = 100;
const idNumber = () => withCheckCharacter(`15010219850101${String(++seq).padStart(3, '0')}`);
async function person(name: string, occupation: string | null, orgId = t.seed.xinChengSanitation.id, client = xcq) {
  const id = idNumber();
  const res = await client.post('/api/people', { name, idNumber: id, orgId, occupation, employmentForm: occupation ? 'new_form' : 'standard' });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id as number, idNumber: id, name };
}

const count = async (table: string) => (await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from ${sql.raw(table)}`))[0]!.n;
async function refused(statement: SQL) {
  try {
    await queryRows(t.db, statement);
  } catch (err) {
    return pgErrorOf(err)?.constraint ?? String(err);
  }
  return null;
}

/** 在职职工住院互助 (a city's plan): ¥50 a day from day 4, 60% above ¥1,000, ¥3,000 a claim, ¥4,000 a term; 30 days' waiting. */
const hospitalPlan = (over: Record<string, unknown> = {}) => ({
  name: '在职职工住院互助',
  kind: 'hospital',
  orgId: t.seed.hhht.id,
  termStart: `${year - 1}-01-01`,
  termEnd: `${year}-01-01`,
  contributionFen: 30_00,
  audience: { employmentForms: ['standard'] },
  waitingDays: 30,
  exclusions: '既往症、醉酒驾驶',
  formula: {
    parts: [
      { type: 'per_day', perDayFen: 50_00, fromDay: 4, maxDays: 90 },
      { type: 'share', deductibleFen: 1_000_00, ratio: 0.6 },
    ],
    perClaimCapFen: 3_000_00,
    yearlyCapFen: 4_000_00,
  },
  requiredDocuments: ['id_card', 'invoice', 'discharge', 'bank_card'],
  ...over,
});

/** A new-employment-form workers' accident plan for this year: a sum per disability grade, ¥100,000 for life. */
const accidentPlan = (name: string, table: { grade: number; amountFen: number }[]) =>
  hospitalPlan({
    name,
    kind: 'new_form_accident',
    termStart: today,
    termEnd: addDays(today, 364),
    contributionFen: 20_00,
    audience: { employmentForms: ['new_form'] },
    waitingDays: 0,
    formula: { parts: [{ type: 'grade', table }], lifetimeCapFen: 100_000_00 },
    requiredDocuments: ['id_card', 'disability'],
  });

let planId: number;
let worker: { id: number; name: string; idNumber: string };
let worker2: { id: number; name: string; idNumber: string };
let courier: { id: number; name: string; idNumber: string };

beforeAll(async () => {
  t = await createTestApp();
  [xcq, cadre, hhht, sh, auditor] = [
    await t.as('xcq_admin'),
    await t.as('xcq_cadre'),
    await t.as('hhht_admin'),
    await t.as('sh_admin'),
    await t.as('sh_auditor'),
  ];
  worker = await person('住院职工', null);
  worker2 = await person('另一职工', null);
  courier = await person('快递小哥', 'courier');
  await person('外卖骑手', 'delivery_rider');
  await person('赛罕骑手', 'delivery_rider', t.seed.saihanJoint.id, sh);
  const res = await hhht.post('/api/mutualaid/plans', hospitalPlan());
  expect(res.statusCode, res.body).toBe(201);
  planId = res.json().id;
});
afterAll(() => t.close());

describe('plans', () => {
  it('keeps the formula as data, says it in words, and previews a payout', async () => {
    const plan = (await hhht.get(`/api/mutualaid/plans/${planId}`)).json();
    expect(plan).toMatchObject({ status: 'draft', period: String(year - 1), can: { edit: true, open: true } });
    expect(plan.formulaText[0]).toBe('住院津贴：住院第 4 天起每天 50.00元，最多 90 天');
    const preview = await hhht.post('/api/mutualaid/payout-preview', { formula: plan.formula, facts: { hospitalDays: 10, outOfPocketFen: 3_500_00 } });
    expect(preview.json()).toMatchObject({ computedFen: 1_850_00, payableFen: 1_850_00 });
  });

  it('refuses a bad formula and a term over a year in Chinese, naming the field', async () => {
    const res = await hhht.post('/api/mutualaid/plans', hospitalPlan({ formula: { parts: [] } }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('请至少设置一项给付方式');
    const long = await hhht.post('/api/mutualaid/plans', hospitalPlan({ termEnd: `${year}-01-02` }));
    expect(long.json()).toEqual({ message: '保障期最长一年', fields: [{ field: 'termEnd', message: '保障期最长一年' }] });
  });

  it('a county sees the city’s plan but cannot change it; a stranger county cannot reach a county plan', async () => {
    expect((await xcq.get(`/api/mutualaid/plans/${planId}`)).json().can.edit).toBe(false);
    expect((await xcq.put(`/api/mutualaid/plans/${planId}`, hospitalPlan())).statusCode).toBe(404);
    const own = await xcq.post('/api/mutualaid/plans', hospitalPlan({ orgId: t.seed.xinCheng.id, name: '新城区计划' }));
    expect(own.statusCode, own.body).toBe(201);
    expect((await sh.get(`/api/mutualaid/plans/${own.json().id}`)).statusCode).toBe(404);
  });
});

describe('enrolment', () => {
  it('is refused before the plan opens, then enrols the audience once, cover after the waiting period', async () => {
    const body = { orgId: t.seed.xinCheng.id, paidOn: `${year - 1}-01-05` };
    expect((await xcq.post(`/api/mutualaid/plans/${planId}/enrol`, body)).json().message).toContain('不能参保');
    expect((await hhht.post(`/api/mutualaid/plans/${planId}/status`, { status: 'open' })).statusCode).toBe(200);
    const res = await xcq.post(`/api/mutualaid/plans/${planId}/enrol`, body);
    expect(res.statusCode, res.body).toBe(201);
    // The standard-employment workers of 新城区 only (not the new-form riders, not 赛罕区).
    expect(res.json()).toMatchObject({ persons: 2, amountFen: 60_00 });
    const again = await xcq.post(`/api/mutualaid/plans/${planId}/enrol`, body);
    expect(again.statusCode).toBe(409);
    const list = (await xcq.get(`/api/mutualaid/plans/${planId}/enrolments`)).json();
    expect(list.total).toBe(2);
    // Enrolled today: cover from today + 30 days would be past the term, so it is the term's end at most.
    expect(list.items[0].certificateNo).toMatch(/^HZBZ-/);
    expect(
      await refused(sql`insert into mutualaid_enrolments (plan_id, period, person_id, batch_id, org_id, contribution_fen, cover_from, cover_to)
      select plan_id, period, person_id, batch_id, org_id, 0, cover_from, cover_to from mutualaid_enrolments limit 1`),
    ).toBe('mutualaid_enrolments_once_key');
  });

  it('gifts cover to all couriers and riders of a union, paid by the union, and counts them by occupation rolled up', async () => {
    const plan = await hhht.post('/api/mutualaid/plans', accidentPlan('新就业形态劳动者意外保障', [{ grade: 10, amountFen: 5_000_00 }]));
    const id = plan.json().id;
    await hhht.post(`/api/mutualaid/plans/${id}/status`, { status: 'open' });
    const gift = await hhht.post(`/api/mutualaid/plans/${id}/enrol`, { orgId: t.seed.hhht.id, gifted: true, paidOn: today });
    expect(gift.statusCode, gift.body).toBe(201);
    expect(gift.json()).toMatchObject({ persons: 3, amountFen: 60_00 });
    const stats = (await hhht.get(`/api/mutualaid/stats/enrolment?planId=${id}`)).json();
    expect(stats).toMatchObject({ total: 3, gifted: 3 });
    expect(stats.byOccupation).toEqual([
      { occupation: 'delivery_rider', label: '外卖送餐员', persons: 2 },
      { occupation: 'courier', label: '快递员', persons: 1 },
    ]);
    expect(stats.byUnion.find((u: { name: string }) => u.name.includes('新城区'))).toMatchObject({ persons: 2 });
    expect(stats.byUnion.find((u: { name: string }) => u.name.includes('赛罕区'))).toMatchObject({ persons: 1 });
    // 新城区 sees only its own.
    expect((await xcq.get(`/api/mutualaid/stats/enrolment?planId=${id}`)).json().total).toBe(2);
  });

  it('keeps the lifetime cap in the database: two approvals at once under two plans of one kind cannot pass it together', async () => {
    // A second accident plan of the same kind, the same ¥100,000 for life: the riders hold cover in both.
    const first = (await hhht.get('/api/mutualaid/plans?pageSize=100')).json().items.find((p: { name: string }) => p.name === '新就业形态劳动者意外保障');
    const plan = await hhht.post('/api/mutualaid/plans', accidentPlan('新就业形态劳动者意外保障（续）', [{ grade: 1, amountFen: 80_000_00 }]));
    const second = plan.json().id;
    await hhht.post(`/api/mutualaid/plans/${second}/status`, { status: 'open' });
    expect((await hhht.post(`/api/mutualaid/plans/${second}/enrol`, { orgId: t.seed.hhht.id, gifted: true, paidOn: today })).statusCode).toBe(201);
    const [pair] = await queryRows<{ person_id: number; a: number; b: number }>(
      t.db,
      sql`select a.person_id::int, a.id::int as a, b.id::int as b from mutualaid_enrolments a join mutualaid_enrolments b on b.person_id = a.person_id
           where a.plan_id = ${first.id} and b.plan_id = ${second} limit 1`,
    );
    // Alone, past the cap: refused by the database, whatever wrote it.
    expect(await refused(sql`update mutualaid_enrolments set approved_fen = 10000001 where id = ${pair!.a}`)).toBe('mutualaid_enrolments_lifetime_cap');
    // ¥60,000 under each enrolment at the same moment, each within the cap alone, ¥120,000 together: exactly one commits.
    const approve = (id: number) =>
      t.db
        .transaction(async (tx) => {
          await tx.execute(sql`update mutualaid_enrolments set approved_fen = approved_fen + 6000000 where id = ${id}`);
          await new Promise((r) => setTimeout(r, 200));
        })
        .then(
          () => 'ok',
          (err: unknown) => pgErrorOf(err)?.constraint ?? String(err),
        );
    const outcomes = await Promise.all([approve(pair!.a), approve(pair!.b)]);
    expect(outcomes.sort()).toEqual(['mutualaid_enrolments_lifetime_cap', 'ok']);
    const [total] = await queryRows<{ fen: number }>(
      t.db,
      sql`select sum(approved_fen)::int as fen from mutualaid_enrolments where person_id = ${pair!.person_id} and plan_id in (${first.id}, ${second})`,
    );
    expect(total!.fen).toBe(60_000_00);
  });

  it('counts 宁夏’s cover as the article does: 25,030 new-form workers, by occupation and by city', async () => {
    // The article: 3,083 delivery riders, 5,917 couriers, 12,208 truck drivers, 2,960 ride-hailing drivers and 862 others.
    const admin = await t.as('admin');
    const org = async (parentId: number, name: string, type: string, divisionCode: string) => {
      const res = await admin.post('/api/orgs', { parentId, name, type, divisionCode });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as number;
    };
    const nx = await org(t.seed.root.id, '宁夏回族自治区总工会', 'provincial', '640000');
    const yinchuan = await org(nx, '银川市总工会', 'city', '640100');
    const shizuishan = await org(nx, '石嘴山市总工会', 'city', '640200');
    const groups: [string | null, number][] = [
      ['delivery_rider', 3083],
      ['courier', 5917],
      ['truck_driver', 12208],
      ['ride_hailing_driver', 2960],
      [null, 862],
    ];
    let from = 1;
    for (const [occupation, n] of groups) {
      // Every third worker in 石嘴山, the others in 银川.
      await t.db.execute(sql`
        insert into persons (org_id, name, name_pinyin, name_initials, sex, birth_date, id_type, id_number_enc, id_number_bidx, id_masked, id_last4, occupation, employment_form)
        select case when g % 3 = 0 then ${shizuishan}::int else ${yinchuan}::int end, '宁夏骑手', 'ningxiaqishou', 'nxqs', 'male', date '1990-01-01', 'resident', 'v1.x',
               'ningxia-' || g, '640102********0000', lpad((g % 10000)::text, 4, '0'), ${occupation}::text, 'new_form'
          from generate_series(${from}::int, ${from + n - 1}::int) g`);
      from += n;
    }
    const plan = await admin.post('/api/mutualaid/plans', {
      ...accidentPlan('宁夏新就业形态劳动者意外伤害保障', [{ grade: 10, amountFen: 5_000_00 }]),
      orgId: nx,
    });
    expect(plan.statusCode, plan.body).toBe(201);
    const id = plan.json().id;
    await admin.post(`/api/mutualaid/plans/${id}/status`, { status: 'open' });
    const gift = await admin.post(`/api/mutualaid/plans/${id}/enrol`, { orgId: nx, gifted: true, paidOn: today });
    expect(gift.statusCode, gift.body).toBe(201);
    expect(gift.json()).toMatchObject({ persons: 25_030, amountFen: 25_030 * 20_00 });
    const stats = (await admin.get(`/api/mutualaid/stats/enrolment?planId=${id}&orgId=${nx}`)).json();
    expect(stats).toMatchObject({ total: 25_030, gifted: 25_030 });
    expect(stats.byOccupation.map((o: { occupation: string | null; persons: number }) => [o.occupation, o.persons])).toEqual([
      ['truck_driver', 12208],
      ['courier', 5917],
      ['delivery_rider', 3083],
      ['ride_hailing_driver', 2960],
      [null, 862],
    ]);
    // By city, rolled up: every third worker of each group is in 石嘴山.
    const third = Math.floor(25_030 / 3); // g = 3, 6, … 25,029
    expect(stats.byUnion).toEqual([
      { id: yinchuan, name: '银川市总工会', persons: 25_030 - third },
      { id: shizuishan, name: '石嘴山市总工会', persons: third },
    ]);
  });

  it('imports an employer’s list: a bad row names the field, nothing is enrolled; the corrected list enrols', async () => {
    const plan = await hhht.post('/api/mutualaid/plans', hospitalPlan({ name: '物流企业互助', termStart: today, termEnd: addDays(today, 300), audience: {} }));
    const id = plan.json().id;
    await hhht.post(`/api/mutualaid/plans/${id}/status`, { status: 'open' });
    const rows = [
      [worker.name, worker.idNumber, '某物流公司'],
      ['错名字', courier.idNumber, '某物流公司'],
      ['无此人', withCheckCharacter('15010219850101999'), ''],
    ];
    const before = await count('mutualaid_enrolments');
    const bad = (await upload(`/api/mutualaid/plans/${id}/enrol/import?mode=apply&orgId=${t.seed.xinCheng.id}&paidOn=${today}`, await sheet(rows))).json();
    expect(bad.applied).toBe(false);
    expect(bad.errors).toEqual([
      { row: 3, column: '姓名', message: '姓名与职工档案不一致（档案为“快递小哥”）' },
      { row: 4, column: '身份证号', message: '职工档案中没有此人（或不在呼和浩特市新城区总工会及下级），请先登记职工档案' },
    ]);
    expect(await count('mutualaid_enrolments')).toBe(before);
    const good = (
      await upload(
        `/api/mutualaid/plans/${id}/enrol/import?mode=apply&orgId=${t.seed.xinCheng.id}&paidOn=${today}`,
        await sheet([rows[0]!, [courier.name, courier.idNumber, '']]),
      )
    ).json();
    expect(good).toMatchObject({ applied: true, enrolled: 2, contributionFen: 60_00, errors: [] });
    const batches = (await xcq.get(`/api/mutualaid/plans/${id}/batches`)).json();
    expect(batches.items[0]).toMatchObject({ source: 'sheet', persons: 2, employer: '某物流公司' });
  });
});

async function sheet(rows: string[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名单');
  ws.addRow(['姓名', '身份证号', '用人单位']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
function upload(url: string, file: Buffer, client = xcq, extra = '', filename = '名单.xlsx') {
  const boundary = 'mutualaid-upload';
  return client.request({
    method: 'POST',
    url,
    payload: Buffer.concat([
      Buffer.from(`${extra}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

describe('claims', () => {
  let enrolment: number;
  let enrolment2: number;
  const claimBody = (over: Record<string, unknown> = {}) => ({
    enrolmentId: enrolment,
    eventDate: `${year - 1}-06-01`,
    admittedOn: `${year - 1}-06-01`,
    dischargedOn: `${year - 1}-06-10`,
    facts: { hospitalDays: 10, outOfPocketFen: 3_500_00 },
    claimedFen: 2_000_00,
    invoiceNos: ['INV0001'],
    documents: ['id_card', 'invoice', 'discharge', 'bank_card'],
    bankName: '中国工商银行',
    bankAccount: '6222020200112233445',
    ...over,
  });

  beforeAll(async () => {
    // Enrolled last year (the plan's term) on its first day: cover from 31 January.
    await queryRows(t.db, sql`update mutualaid_enrolments set cover_from = ${`${year - 1}-01-31`}::date where plan_id = ${planId}`);
    const list = (await xcq.get(`/api/mutualaid/plans/${planId}/enrolments`)).json().items as { id: number; personId: number }[];
    enrolment = list.find((e) => e.personId === worker.id)!.id;
    enrolment2 = list.find((e) => e.personId === worker2.id)!.id;
  });

  it('refuses a claim in the waiting period, outside the cover, or missing documents, in Chinese, writing nothing', async () => {
    const before = await count('mutualaid_claims');
    const waiting = await cadre.post('/api/mutualaid/claims', claimBody({ eventDate: `${year - 1}-01-10`, admittedOn: null, dischargedOn: null }));
    expect(waiting.statusCode).toBe(400);
    expect(waiting.json().message).toBe(`出险日期 ${year - 1}-01-10 在等待期内（保障自 ${year - 1}-01-31 起生效），不能申请`);
    const outside = await cadre.post('/api/mutualaid/claims', claimBody({ eventDate: `${year - 2}-12-10`, admittedOn: null, dischargedOn: null }));
    expect(outside.json().message).toContain('不在保障期内');
    const missing = await cadre.post('/api/mutualaid/claims', claimBody({ documents: ['id_card', 'invoice'] }));
    expect(missing.json().message).toBe('缺少计划要求的申请材料：出院小结、银行卡');
    expect(await count('mutualaid_claims')).toBe(before);
  });

  it('goes 受理 → 审核 → 复核 by another person → 审批 → 支付, explained, bank details masked', async () => {
    const created = await cadre.post('/api/mutualaid/claims', claimBody());
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({ status: 'received', computedFen: 1_850_00, bankAccountMasked: '6222 **** **** 3445', missingDocuments: [] });
    expect(c.explanation).toContain('自第 4 天起计 7 天');
    expect(JSON.stringify(c)).not.toContain('6222020200112233445');
    expect((await cadre.post(`/api/mutualaid/claims/${c.id}/review`, { opinion: '材料齐全' })).json().status).toBe('reviewed');
    const self = await cadre.post(`/api/mutualaid/claims/${c.id}/recheck`, {});
    expect(self.statusCode).toBe(403);
    expect(self.json().message).toContain('四眼原则');
    expect(await refused(sql`update mutualaid_claims set rechecked_by = reviewed_by where id = ${c.id}`)).toBe('mutualaid_claims_four_eyes_check');
    expect((await xcq.post(`/api/mutualaid/claims/${c.id}/recheck`, {})).json().status).toBe('rechecked');
    const approved = await xcq.post(`/api/mutualaid/claims/${c.id}/approve`, {});
    expect(approved.json()).toMatchObject({ status: 'approved', approvedFen: 1_850_00 });

    // Payment: the bank file carries the account (sensitive, audited); the results settle the claim.
    const batch = await xcq.post('/api/mutualaid/payments', { orgId: t.seed.xinCheng.id });
    expect(batch.statusCode, batch.body).toBe(201);
    expect(batch.json()).toMatchObject({ claims: 1, amountFen: 1_850_00 });
    const csv = await xcq.get(`/api/mutualaid/payments/${batch.json().id}/bank.csv`);
    expect(csv.body).toContain('6222020200112233445');
    expect(csv.body).toContain('1850.00');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('结果');
    ws.addRow(['申请编号', '支付结果', '说明']);
    ws.addRow([c.claimNo, '成功', '']);
    const res = await upload(`/api/mutualaid/payments/${batch.json().id}/results`, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.json()).toMatchObject({ paid: 1, failed: 0, errors: [] });
    const paid = (await xcq.get(`/api/mutualaid/claims/${c.id}`)).json();
    expect(paid).toMatchObject({ status: 'paid', paidFen: 1_850_00 });
    expect(paid.steps.map((s: { action: string }) => s.action)).toEqual(['受理', '审核', '复核', '审批', '支付']);
  });

  it('refuses an invoice already claimed and flags an overlapping stay', async () => {
    const before = await count('mutualaid_claims');
    const dup = await cadre.post('/api/mutualaid/claims', claimBody({ eventDate: `${year - 1}-08-01`, admittedOn: null, dischargedOn: null }));
    expect(dup.statusCode).toBe(400);
    expect(dup.json().message).toMatch(/^发票 INV0001 已在申请 HZ\d+ 中申报，不能重复申报$/);
    expect(await count('mutualaid_claims')).toBe(before);
    const overlap = await cadre.post(
      '/api/mutualaid/claims',
      claimBody({ admittedOn: `${year - 1}-06-05`, dischargedOn: `${year - 1}-06-12`, invoiceNos: ['INV0002'] }),
    );
    expect(overlap.statusCode, overlap.body).toBe(201);
    expect(overlap.json().flags).toEqual([{ kind: 'overlapping_stay', message: expect.stringContaining('住院时间与申请 HZ') }]);
  });

  it('caps the payout at what is left of the yearly cap, in the approval, and refuses more', async () => {
    // 1,850 approved already; the cap is 4,000 a term and 3,000 a claim: a big claim computes 12,750 and is capped to 2,150.
    const big = (
      await cadre.post(
        '/api/mutualaid/claims',
        claimBody({
          eventDate: `${year - 1}-09-01`,
          admittedOn: `${year - 1}-09-01`,
          dischargedOn: `${year - 1}-09-30`,
          facts: { hospitalDays: 30, outOfPocketFen: 20_000_00 },
          invoiceNos: ['INV0003'],
        }),
      )
    ).json();
    await cadre.post(`/api/mutualaid/claims/${big.id}/review`, {});
    await xcq.post(`/api/mutualaid/claims/${big.id}/recheck`, {});
    const over = await xcq.post(`/api/mutualaid/claims/${big.id}/approve`, { approvedFen: 3_000_00 });
    expect(over.statusCode).toBe(400);
    expect(over.json().message).toContain('核定金额 3,000.00元 超过可给付金额 2,150.00元');
    expect(over.json().message).toContain('年度限额 4,000.00元 仅余 2,150.00元');
    const ok = await xcq.post(`/api/mutualaid/claims/${big.id}/approve`, {});
    expect(ok.json()).toMatchObject({ status: 'approved', approvedFen: 2_150_00 });
    // The database holds the cap whatever the code does.
    expect(await refused(sql`update mutualaid_enrolments set approved_fen = approved_fen + 1 where id = ${enrolment}`)).toBe('mutualaid_enrolments_cap_check');
  });

  it('refuses with a reason, takes an appeal, and a large payout proposes the household to the hardship discovery queue', async () => {
    const res = await hhht.post('/api/policies', { orgId: t.seed.hhht.id, key: 'mutualaid_large_claim', value: 1_000_00, effectiveFrom: `${year - 3}-01-01` });
    expect(res.statusCode, res.body).toBe(200);
    const c = (await cadre.post('/api/mutualaid/claims', claimBody({ enrolmentId: enrolment2, invoiceNos: ['INV0100'] }))).json();
    const rejected = await cadre.post(`/api/mutualaid/claims/${c.id}/reject`, { reason: '发票模糊' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', rejectReason: '发票模糊' });
    const appealed = await cadre.post(`/api/mutualaid/claims/${c.id}/appeal`, { reason: '已补交清晰发票' });
    expect(appealed.json()).toMatchObject({ status: 'received', appealReason: '已补交清晰发票' });
    await cadre.post(`/api/mutualaid/claims/${c.id}/review`, {});
    await xcq.post(`/api/mutualaid/claims/${c.id}/recheck`, {});
    expect((await xcq.post(`/api/mutualaid/claims/${c.id}/approve`, {})).json().approvedFen).toBe(1_850_00);
    const leads = (await xcq.get('/api/hardship/discovery?rule=mutualaid_large_claim')).json();
    expect(leads.items).toEqual([
      expect.objectContaining({ personId: worker2.id, rule: 'mutualaid_large_claim', reason: expect.stringContaining('达到大额互助金线') }),
    ]);
  });

  it('keeps documents and bank details behind their own permission, audited', async () => {
    const [c] = (await xcq.get('/api/mutualaid/claims?status=paid')).json().items;
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const boundary = 'doc';
    const up = await cadre.request({
      method: 'POST',
      url: `/api/mutualaid/claims/${c.id}/documents`,
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ndischarge\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="出院小结.png"\r\n\r\n`,
        ),
        png,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(up.statusCode).toBe(409); // paid claims take no more documents
    expect((await cadre.get(`/api/mutualaid/claims/${c.id}/bank`)).statusCode).toBe(403);
    const audits = await count('audit_log');
    expect((await xcq.get(`/api/mutualaid/claims/${c.id}/bank`)).json()).toEqual({ bankName: '中国工商银行', bankAccount: '6222020200112233445' });
    expect(await count('audit_log')).toBe(audits + 1);
    expect((await auditor.get(`/api/mutualaid/claims/${c.id}`)).statusCode).toBe(404);
  });

  it('counts claimed, approved and paid by status and union for a city', async () => {
    const s = (await hhht.get('/api/mutualaid/stats/claims')).json();
    expect(s.total.paidFen).toBe(1_850_00);
    expect(s.total.approvedFen).toBe(1_850_00 + 2_150_00 + 1_850_00);
    expect(s.byUnion).toEqual([expect.objectContaining({ name: '呼和浩特市新城区总工会' })]);
    expect((await sh.get('/api/mutualaid/stats/claims')).json().total.claims).toBe(0);
  });

  it('keeps the roll-up the statistics read equal to the claims, through every step, a move and a removal', async () => {
    const live = sql`select org_id, plan_id, status, to_char(date_trunc('month', event_date), 'YYYY-MM') as month, count(*)::int as claims,
                            sum(claimed_fen)::text as claimed, coalesce(sum(approved_fen), 0)::text as approved, coalesce(sum(paid_fen), 0)::text as paid
                       from mutualaid_claims group by 1, 2, 3, 4 order by 1, 2, 3, 4`;
    const rolled = sql`select org_id, plan_id, status, to_char(month, 'YYYY-MM') as month, claims, claimed_fen::text as claimed,
                              approved_fen::text as approved, paid_fen::text as paid
                         from mutualaid_claim_rollup order by 1, 2, 3, 4`;
    const before = await queryRows(t.db, live);
    expect(before.length).toBeGreaterThan(1);
    expect(await queryRows(t.db, rolled)).toEqual(before);
    // Several claims changed in one statement (another month, another union), then one removed.
    await queryRows(t.db, sql`update mutualaid_claims set event_date = event_date - 40, org_id = ${t.seed.xinCheng.id} where status <> 'paid'`);
    expect(await queryRows(t.db, rolled)).toEqual(await queryRows(t.db, live));
    await queryRows(
      t.db,
      sql`with gone as (select id from mutualaid_claims where status = 'rejected' limit 1),
               i as (delete from mutualaid_claim_invoices where claim_id in (select id from gone)),
               d as (delete from mutualaid_claim_documents where claim_id in (select id from gone)),
               st as (delete from mutualaid_claim_steps where claim_id in (select id from gone))
          select 1`,
    );
    await queryRows(t.db, sql`delete from mutualaid_claims where id = (select id from mutualaid_claims where status = 'rejected' limit 1)`);
    expect(await queryRows(t.db, rolled)).toEqual(await queryRows(t.db, live));
    // No group is kept once its last claim has left it.
    expect((await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from mutualaid_claim_rollup where claims = 0`))[0]!.n).toBe(0);
  });

  it('takes the bank’s results as a CSV in GB18030 too: a bad result names its row and column and changes nothing, then the file settles the batch', async () => {
    const approved = (await xcq.get('/api/mutualaid/claims?status=approved&pageSize=100')).json().items as { id: number; claimNo: string }[];
    expect(approved.length).toBeGreaterThanOrEqual(2);
    const batch = await xcq.post('/api/mutualaid/payments', { orgId: t.seed.xinCheng.id });
    expect(batch.statusCode, batch.body).toBe(201);
    const id = batch.json().id as number;
    expect((await xcq.get(`/api/mutualaid/payments/${id}/bank.csv`)).statusCode).toBe(200);
    const [first, ...rest] = approved;
    const csv = (lines: string[]) => iconv.encode(['申请编号,支付结果,说明', ...lines].join('\r\n'), 'gb18030');
    const bad = await upload(`/api/mutualaid/payments/${id}/results`, csv([`${first!.claimNo},已退,`]), xcq, '', '支付结果.csv');
    expect(bad.statusCode, bad.body).toBe(200);
    expect(bad.json()).toMatchObject({ paid: 0, failed: 0, errors: [{ row: 2, column: '支付结果', message: '支付结果应填“成功”或“失败”' }] });
    expect((await xcq.get(`/api/mutualaid/claims/${first!.id}`)).json().status).toBe('approved');
    const ok = await upload(
      `/api/mutualaid/payments/${id}/results`,
      csv([`${first!.claimNo},成功,已到账`, ...rest.map((c) => `${c.claimNo},失败,账户已销户`)]),
      xcq,
      '',
      '支付结果.csv',
    );
    expect(ok.json()).toMatchObject({ paid: 1, failed: rest.length, errors: [] });
    const paid = (await xcq.get(`/api/mutualaid/claims/${first!.id}`)).json();
    expect(paid.status).toBe('paid');
    expect(paid.steps.at(-1)).toMatchObject({ action: '支付', note: '已到账' });
    const returned = (await xcq.get(`/api/mutualaid/claims/${rest[0]!.id}`)).json();
    expect(returned).toMatchObject({ status: 'approved' });
    expect(returned.steps.at(-1)).toMatchObject({ action: '支付失败', note: '账户已销户' });
    // A file that is neither an .xlsx nor a CSV by its name is refused at the field.
    const other = await upload(`/api/mutualaid/payments/${id}/results`, Buffer.from('x'), xcq, '', '结果.pdf');
    expect(other.statusCode).toBe(400);
    expect(other.json().fields[0]).toMatchObject({ field: 'file', message: '只支持 Excel .xlsx 和 CSV 文件' });
  });

  it('puts each claim in the inbox of whoever may take its next step — never the recheck of its own reviewer — and on the person’s record', async () => {
    const ids = async (c: TestClient, kind: string) => {
      const res = await c.get(`/api/inbox/items?kind=${kind}&pageSize=100`);
      return res.statusCode === 200 ? (res.json().items as { id: number }[]).map((i) => i.id) : [];
    };
    const created = await cadre.post(
      '/api/mutualaid/claims',
      claimBody({
        enrolmentId: enrolment2,
        eventDate: `${year - 1}-11-01`,
        admittedOn: `${year - 1}-11-01`,
        dischargedOn: `${year - 1}-11-05`,
        facts: { hospitalDays: 5, outOfPocketFen: 1_000_00 },
        invoiceNos: ['INV0200'],
      }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const { id, claimNo } = created.json() as { id: number; claimNo: string };
    expect(await ids(cadre, 'mutualaid.review')).toContain(id);
    expect(await ids(sh, 'mutualaid.review')).not.toContain(id);
    const item = (
      (await cadre.get('/api/inbox/items?kind=mutualaid.review&pageSize=100')).json().items as { id: number; title: string; subtitle: string; link: string }[]
    ).find((i) => i.id === id)!;
    expect(item.title).toBe(`${worker2.name} · ${claimNo}`);
    expect(item).toMatchObject({ link: `/mutualaid?tab=claims&claim=${id}` });
    expect(item.subtitle).toMatch(/^在职职工住院互助 · .+ · 2000元$/);

    expect((await cadre.post(`/api/mutualaid/claims/${id}/review`, {})).statusCode).toBe(200);
    expect(await ids(cadre, 'mutualaid.review')).not.toContain(id);
    expect(await ids(cadre, 'mutualaid.recheck')).not.toContain(id);
    expect(await ids(xcq, 'mutualaid.recheck')).toContain(id);
    expect((await xcq.post(`/api/mutualaid/claims/${id}/recheck`, {})).statusCode).toBe(200);
    expect(await ids(xcq, 'mutualaid.approve')).toContain(id);
    expect((await xcq.post(`/api/mutualaid/claims/${id}/approve`, {})).statusCode).toBe(200);
    expect(await ids(xcq, 'mutualaid.approve')).not.toContain(id);
    expect(await ids(xcq, 'mutualaid.pay')).toContain(id);

    const record = (await xcq.get(`/api/people/${worker2.id}/record`)).json() as {
      sections: { kind: string; rows: { what: string; detail: string; state: string }[] }[];
    };
    const section = record.sections.find((x) => x.kind === 'mutualaid.cover')!;
    expect(section.rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ what: `互助金申请 ${claimNo}`, state: '已审批' }),
        expect.objectContaining({ state: '参保', detail: expect.stringMatching(/凭证号 HZBZ-/) }),
      ]),
    );
  });
});
