import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { noticeServed } from '../../testing/notice.ts';
import { campaignPeriod, daysFromToday, thisYear } from '../../testing/dates.ts';
import { queryRows } from '../../server/db.ts';
import { systemActor } from '../../server/actor.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { setPolicy } from '../policies/index.ts';
import { assessCategory } from './hardship.category.ts';
import { addMonths } from './hardship.policy.ts';
import { chinaToday } from '../../shared/dates.ts';

let t: TestApp;
let cadre: TestClient; // files cases in 新城区
let admin: TestClient; // verifies
beforeAll(async () => {
  t = await createTestApp();
  const actor = systemActor(t.seed.root);
  const set = (orgId: number, key: string, value: number) =>
    setPolicy(t.db, actor, { orgId, key: key as never, value, effectiveFrom: '2025-01-01', note: null });
  await set(t.seed.root.id, 'relative_hardship_multiplier', 2);
  await set(t.seed.root.id, 'accident_cost_share', 0.8);
  await set(t.seed.root.id, 'migrant_min_years', 1);
  await set(t.seed.root.id, 'medical_aid_cap', 20_000_00);
  await set(t.seed.root.id, 'temp_relief_cap', 3_000_00);
  await set(t.seed.root.id, 'temp_relief_times', 2);
  await set(t.seed.root.id, 'living_aid_months_deep', 12);
  await set(t.seed.root.id, 'living_aid_months_other', 10);
  await set(t.seed.root.id, 'study_aid_months_university', 10);
  await set(t.seed.nmg.id, 'dibao_monthly', 760_00);
  await set(t.seed.root.id, 'followup_interval_months', 6);
  // The caps are tested here; the second sign-off of large amounts in signoff.test.ts.
  await set(t.seed.root.id, 'assistance_signoff_threshold', 100_000_00);
  cadre = await t.as('xcq_cadre');
  admin = await t.as('xcq_admin');
});
afterAll(() => t.close());

let seq = 500;
async function person(name = '李秀英', orgId = t.seed.xinChengSanitation.id) {
  seq += 2;
  const res = await cadre.post('/api/people', {
    name,
    idNumber: withCheckCharacter(`15010219780202${String(seq).padStart(3, '0')}`),
    orgId,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

/**
 * The day assistance is recorded on: today, so the year's caps and the year's statistics count it
 * whatever day the suite runs (a record may not be dated after today).
 */
const TODAY = chinaToday();

/** A household of three living on 22,032 元 a year after 0 spending: 612 元 per person a month. */
const caseBody = (personId: number, over: Record<string, unknown> = {}) => ({
  personId,
  members: [
    { name: '王小明', relationship: '子', schoolOrEmployer: '呼和浩特市第二中学' },
    { name: '王大山', relationship: '配偶', health: '尿毒症', monthlyIncomeFen: 0 },
  ],
  yearlyIncomeFen: 612_00 * 12 * 3,
  hardshipSpendingFen: 0,
  housing: 'rented',
  mainCause: 'serious_illness',
  secondaryCauses: ['education'],
  bankAccount: '6228480012345678901',
  bankName: '中国农业银行',
  assessedOn: daysFromToday(-30),
  ...over,
});

describe('dates', () => {
  it('adds months, clamping to the end of shorter months', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-08-15', 6)).toBe('2027-02-15');
  });
});

describe('category computation', () => {
  const p = { dibaoFen: 760_00, relativeMultiplier: 2, accidentShare: 0.8, migrantMinYears: 1 };
  const h = (perCapitaFen: number, over: Partial<Parameters<typeof assessCategory>[0]> = {}) =>
    assessCategory({ yearlyIncomeFen: perCapitaFen * 12 * 2, hardshipSpendingFen: 0, householdSize: 2, suddenEvent: false, migrantYears: null, ...over }, p);
  it('puts the 低保 line itself in 相对困难 and one fen below it in 深度困难', () => {
    expect(h(612_00)).toEqual({ category: 'deep', perCapitaMonthlyFen: 612_00, explanation: '人均月收入 612元 < 低保标准 760元 → 深度困难' });
    expect(h(759_99).category).toBe('deep');
    expect(h(760_00).category).toBe('relative');
  });
  it('ends 相对困难 at twice the line', () => {
    expect(h(1519_99).category).toBe('relative');
    expect(h(1520_00)).toMatchObject({ category: null, explanation: '人均月收入 1,520元 ≥ 相对困难线 1,520元，不符合困难职工认定条件' });
  });
  it('subtracts hardship spending before dividing', () => {
    expect(
      assessCategory({ yearlyIncomeFen: 40_000_00, hardshipSpendingFen: 25_000_00, householdSize: 2, suddenEvent: false, migrantYears: null }, p),
    ).toMatchObject({ category: 'deep', perCapitaMonthlyFen: 625_00 });
  });
  it('finds 意外致困 above the spending share and 困难农民工 from the years in town', () => {
    expect(h(1000_00, { suddenEvent: true, hardshipSpendingFen: 0 }).category).toBe('relative');
    const accident = assessCategory(
      { yearlyIncomeFen: 100_000_00, hardshipSpendingFen: 80_000_01, householdSize: 1, suddenEvent: true, migrantYears: null },
      p,
    );
    expect(accident.category).toBe('accident');
    expect(
      assessCategory({ yearlyIncomeFen: 100_000_00, hardshipSpendingFen: 80_000_00, householdSize: 1, suddenEvent: true, migrantYears: null }, p).category,
    ).toBe(null);
    expect(h(1000_00, { migrantYears: 1 }).category).toBe('migrant');
    expect(h(1000_00, { migrantYears: 0 }).category).toBe('relative');
  });
});

let households = 0;
/**
 * A household's case file, filed by the cadre in a union of its own below 新城区 (so lists and
 * figures filtered to that union show this test's records only), taken as far as `stage`:
 * approved ('active'), then given the medical aid and temporary relief the tests of the caps
 * record ('assisted'). With `neighbour`, a second household of the same union is filed as well.
 */
async function household(stage: 'filed' | 'active' | 'assisted', { neighbour = false } = {}) {
  const org = await admin.post('/api/orgs', { parentId: t.seed.xinCheng.id, name: `新城区帮扶测试工会${++households}`, type: 'grassroots' });
  expect(org.statusCode, org.body).toBe(201);
  const orgId = org.json().id as number;
  const applicant = await person('李秀英', orgId);
  let c = (await cadre.post('/api/hardship/cases', caseBody(applicant))).json();
  if (neighbour) await cadre.post('/api/hardship/cases', caseBody(await person('王大山', orgId), { members: [], yearlyIncomeFen: 600_00 * 12 }));
  if (stage !== 'filed') {
    for (const action of ['verify', 'notice', 'approve']) {
      if (action === 'approve') await noticeServed(t.db, c.id);
      c = (await admin.post(`/api/hardship/cases/${c.id}/transition`, { action, version: c.version })).json();
    }
  }
  if (stage === 'assisted') {
    const record = (body: Record<string, unknown>) => cadre.post(`/api/hardship/cases/${c.id}/assistance`, body);
    await record({ type: 'medical', amountFen: 18_000_00, on: TODAY, fundSource: 'special_fund' });
    await record({ type: 'medical', amountFen: 1_500_00, on: TODAY, fundSource: 'special_fund' });
    for (const cause of ['disaster', 'accident']) await record({ type: 'temp_relief', amountFen: 500_00, on: TODAY, fundSource: 'own_budget', cause });
  }
  return { orgId, applicant, caseId: c.id as number, version: c.version as number };
}

/** A 送温暖 campaign of 新城区 for everyone, running, with a hand-out to `personId` at its point. */
async function warmthHandOut(personId: number, idempotencyKey: string) {
  const body = {
    name: '两节送温暖',
    kind: 'festival_warmth',
    orgId: t.seed.xinCheng.id,
    ...campaignPeriod(),
    mode: 'single',
    rule: { tagsAny: [] },
    funds: [{ source: 'own_budget', amountFen: 100_000_00 }],
    packages: [{ name: '困难职工慰问金', kind: 'cash', valueFen: 1_000_00 }],
  };
  const c = (await admin.post('/api/campaigns', body)).json();
  const hhht = await t.as('hhht_admin');
  const submitted = (await admin.post(`/api/campaigns/${c.id}/transition`, { action: 'submit', version: c.version })).json();
  const approved = (await hhht.post(`/api/campaigns/${c.id}/transition`, { action: 'approve', version: submitted.version })).json();
  expect(approved.status, JSON.stringify(approved)).toBe('approved');
  await admin.post(`/api/campaigns/${c.id}/transition`, { action: 'start', version: approved.version });
  const point = (await admin.post(`/api/campaigns/${c.id}/points`, { name: '新城区发放点', orgId: t.seed.xinCheng.id })).json();
  const list = (await admin.get(`/api/campaigns/${c.id}/beneficiaries?pageSize=50`)).json().items as { id: number; personId: number }[];
  const mine = list.find((b) => b.personId === personId)!;
  return admin.post(`/api/points/${point.id}/confirm`, { beneficiaryId: mine.id, evidence: { kind: 'paper', sheetRef: 'XC-WARMTH-1' }, idempotencyKey });
}

type Row = Record<string, unknown>;
/** The statistics' figures that changed between two readings, by how much. */
function added(before: Record<string, Row[]>, after: Record<string, Row[]>) {
  const diff = (part: string, key: (r: Row) => string, figures: string[]) =>
    after[part]!.map((r) => {
      const old = before[part]!.find((o) => key(o) === key(r));
      return { ...r, ...Object.fromEntries(figures.map((f) => [f, (r[f] as number) - ((old?.[f] as number | undefined) ?? 0)])) };
    }).filter((r: Row) => figures.some((f) => r[f] !== 0));
  return {
    byCategory: diff('byCategory', (r) => String(r.category), ['cases']),
    byOrg: diff('byOrg', (r) => String(r.orgId), ['cases', 'amountFen']),
    byMonth: diff('byMonth', (r) => `${r.month} ${r.type}`, ['amountFen', 'personTimes']),
  };
}

describe('hardship case files', () => {
  it('files a case with the category computed from the policy of the person’s org, explained', async () => {
    const applicant = await person();
    const res = await cadre.post('/api/hardship/cases', caseBody(applicant));
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      status: 'applied',
      category: 'deep',
      householdSize: 3,
      explanation: '人均月收入 612元 < 低保标准 760元 → 深度困难',
      bankAccountMasked: '6228 **** **** 8901',
      finances: null,
    });
    expect(c.caseNo).toMatch(/^KN\d{4}\d{6}$/);
  });

  it('refuses a household that does not qualify unless a category is chosen with a reason', async () => {
    const p = await person('赵富');
    const rich = await cadre.post('/api/hardship/cases', caseBody(p, { yearlyIncomeFen: 200_000_00, members: [] }));
    expect(rich.statusCode).toBe(400);
    expect(rich.json().fields[0]).toMatchObject({ field: 'yearlyIncomeFen' });
    expect(rich.json().message).toContain('不符合困难职工认定条件');
    const noReason = await cadre.post('/api/hardship/cases', caseBody(p, { yearlyIncomeFen: 200_000_00, members: [], overrideCategory: 'accident' }));
    expect(noReason.json().fields[0].field).toBe('overrideReason');
  });

  it('keeps one open file per household (database constraint)', async () => {
    const { applicant, caseId } = await household('filed');
    const again = await cadre.post('/api/hardship/cases', caseBody(applicant));
    expect(again.statusCode).toBe(400);
    expect(again.json().message).toContain('一户只建一档');
    const other = await person('王大山');
    const first = await cadre.post('/api/hardship/cases', caseBody(other, { members: [], yearlyIncomeFen: 600_00 * 12 }));
    expect(first.statusCode).toBe(201);
    // Even a direct insert that skips the service's check is refused by the unique index.
    await expect(
      t.db.execute(sql`insert into hardship_members (case_id, person_id, name, relationship) values (${caseId}, ${other}, '王大山', '配偶')`),
    ).rejects.toThrow();
  });

  it('is verified only by someone other than the filer (four eyes), then noticed with masked names and approved', async () => {
    const { caseId, version } = await household('filed');
    const self = await cadre.post(`/api/hardship/cases/${caseId}/transition`, { action: 'verify', version });
    expect(self.statusCode).toBe(403);
    const view = (await cadre.get(`/api/hardship/cases/${caseId}`)).json();
    expect(view.can.actions).not.toContain('verify');
    let res = await admin.post(`/api/hardship/cases/${caseId}/transition`, { action: 'verify', version });
    expect(res.statusCode, res.body).toBe(200);
    res = await admin.post(`/api/hardship/cases/${caseId}/transition`, { action: 'notice', version: res.json().version });
    const notice = (await cadre.get('/api/hardship/notice')).json();
    expect(notice).toEqual([expect.objectContaining({ maskedName: '李**', category: 'deep' })]);
    await noticeServed(t.db, caseId);
    res = await admin.post(`/api/hardship/cases/${caseId}/transition`, { action: 'approve', version: res.json().version });
    expect(res.json()).toMatchObject({ status: 'active', verifiedBy: 'xcq_admin', filedBy: 'xcq_cadre' });
    expect(res.json().timeline.map((e: { action: string }) => e.action)).toEqual(['file', 'verify', 'notice', 'approve']);
  });

  it('is noticed and approved only by someone other than the filer, the page showing the refused steps with why', async () => {
    const org = (await admin.post('/api/orgs', { parentId: t.seed.xinCheng.id, name: `新城区四眼测试工会${++households}`, type: 'grassroots' })).json();
    // An administrator who may verify, notice and approve files a household's case themselves.
    let c = (await admin.post('/api/hardship/cases', caseBody(await person('李秀英', org.id)))).json();
    expect(c.can).toMatchObject({ actions: ['close'], refused: [{ action: 'verify', reason: '核查须由建档人以外的人进行（四眼原则）' }] });
    const hhht = await t.as('hhht_admin');
    const step = async (client: TestClient, action: string) => client.post(`/api/hardship/cases/${c.id}/transition`, { action, version: c.version });
    c = (await step(hhht, 'verify')).json();

    const notice = await step(admin, 'notice');
    expect(notice.statusCode).toBe(403);
    expect(notice.json().message).toBe('公示须由建档人以外的人发起（四眼原则）');
    c = (await admin.get(`/api/hardship/cases/${c.id}`)).json();
    expect(c.can.actions).not.toContain('notice');
    expect(c.can.refused).toEqual([{ action: 'notice', reason: '公示须由建档人以外的人发起（四眼原则）' }]);
    c = (await step(hhht, 'notice')).json();

    const approve = await step(admin, 'approve');
    expect(approve.statusCode).toBe(403);
    expect(approve.json().message).toBe('审批建档须由建档人以外的人进行（四眼原则）');
    expect((await admin.get(`/api/hardship/cases/${c.id}`)).json().can.refused).toEqual([
      { action: 'approve', reason: '审批建档须由建档人以外的人进行（四眼原则）' },
    ]);
    // Even a write that skips the service is refused by the database.
    await expect(t.db.execute(sql`update hardship_cases set approved_by = filed_by where id = ${c.id}`)).rejects.toThrow();
    await noticeServed(t.db, c.id);
    c = (await step(hhht, 'approve')).json();
    expect(c).toMatchObject({ status: 'active', filedBy: 'xcq_admin', verifiedBy: 'hhht_admin' });
    expect(c.can.refused).toEqual([]);
  });

  it('shows household finances and the bank account only with their permission, audited', async () => {
    const { caseId } = await household('active');
    expect((await cadre.post(`/api/hardship/cases/${caseId}/reveal`, { reason: '核对' })).statusCode).toBe(403);
    const res = await admin.post(`/api/hardship/cases/${caseId}/reveal`, { reason: '发放医疗救助核对账号' });
    expect(res.json()).toMatchObject({ bankAccount: '6228480012345678901', perCapitaMonthlyFen: 612_00 });
    expect(res.json().members).toEqual([
      { name: '王小明', relationship: '子', monthlyIncomeFen: 0, health: null },
      { name: '王大山', relationship: '配偶', monthlyIncomeFen: 0, health: '尿毒症' },
    ]);
    const [entry] = await queryRows<{ summary: string }>(t.db, sql`select summary from audit_log where action = 'hardship.reveal' order by id desc limit 1`);
    expect(entry!.summary).toContain('发放医疗救助核对账号');
  });

  it('keeps scans of documents by content type and size, shown only with the sensitive permission', async () => {
    const { caseId } = await household('active');
    const upload = (c: TestClient, filename: string, data: Buffer, title = '低保证明') => {
      const boundary = 'hardship-upload';
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\n${title}\r\n`),
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
        data,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return c.request({
        method: 'POST',
        url: `/api/hardship/cases/${caseId}/attachments`,
        payload,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
    };
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)]);
    const fake = await upload(cadre, '证明.pdf', Buffer.from('MZ this is an executable'));
    expect(fake.statusCode).toBe(400);
    expect(fake.json().fields[0]).toEqual({ field: 'file', message: '证明材料只支持 PDF、JPG、PNG 文件' });
    expect((await upload(cadre, 'big.pdf', Buffer.concat([Buffer.from('%PDF-1.4'), Buffer.alloc(5 * 1024 * 1024)]))).json().message).toBe(
      '单个文件不能超过 5 MB',
    );
    const ok = await upload(cadre, '低保证.png', png);
    expect(ok.statusCode, ok.body).toBe(200);
    const a = ok.json().attachments[0];
    expect(a).toMatchObject({ title: '低保证明', filename: '低保证.png', mime: 'image/png', size: png.length });
    expect((await cadre.get(`/api/hardship/cases/${caseId}/attachments/${a.id}`)).statusCode).toBe(403);
    const read = await admin.get(`/api/hardship/cases/${caseId}/attachments/${a.id}`);
    expect(read.headers['content-type']).toBe('image/png');
    expect(read.rawPayload.equals(png)).toBe(true);
  });

  it('checks the yearly medical cap in the same transaction, even for concurrent records', async () => {
    const { caseId } = await household('active');
    const one = await cadre.post(`/api/hardship/cases/${caseId}/assistance`, {
      type: 'medical',
      amountFen: 18_000_00,
      on: TODAY,
      fundSource: 'special_fund',
    });
    expect(one.statusCode, one.body).toBe(200);
    const over = await cadre.post(`/api/hardship/cases/${caseId}/assistance`, {
      type: 'medical',
      amountFen: 3_000_00,
      on: TODAY,
      fundSource: 'special_fund',
    });
    expect(over.statusCode).toBe(409);
    expect(over.json().message).toBe('医疗救助本年已 ¥18,000.00，上限 ¥20,000.00，本次最多 ¥2,000.00');
    // Two staff record ¥1,500 each at the same moment: only one fits under the cap.
    const both = await Promise.all(
      [admin, cadre].map((c) =>
        c.post(`/api/hardship/cases/${caseId}/assistance`, { type: 'medical', amountFen: 1_500_00, on: TODAY, fundSource: 'special_fund' }),
      ),
    );
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const [sum] = await queryRows<{ s: string }>(
      t.db,
      sql`select sum(amount_fen) as s from hardship_assistance where case_id = ${caseId} and type = 'medical'`,
    );
    expect(Number(sum!.s)).toBe(19_500_00);
  });

  it('caps employment and legal aid too: by 其他帮扶上限 where it is set, else by a year of 低保', async () => {
    const { caseId, orgId } = await household('active');
    const record = (type: string, amountFen: number) =>
      cadre.post(`/api/hardship/cases/${caseId}/assistance`, { type, amountFen, on: TODAY, fundSource: 'own_budget' });
    // Not set: twelve months of the 760 元 line.
    const over = await record('employment', 9_120_01);
    expect(over.statusCode).toBe(409);
    expect(over.json().message).toBe('就业创业帮扶本年已 ¥0.00，上限 ¥9,120.00，本次最多 ¥9,120.00');
    expect((await record('employment', 9_120_00)).statusCode).toBe(200);
    await setPolicy(t.db, systemActor(t.seed.root), { orgId, key: 'other_aid_cap', value: 2_000_00, effectiveFrom: '2025-01-01', note: null });
    expect((await record('legal', 2_000_01)).json().message).toBe('法律援助本年已 ¥0.00，上限 ¥2,000.00，本次最多 ¥2,000.00');
    expect((await record('legal', 2_000_00)).statusCode).toBe(200);
    expect((await record('legal', 1)).statusCode).toBe(409);
  });

  it('refuses a household income that is not a number instead of reading true as 1 fen', async () => {
    const applicant = await person('李秀英');
    const res = await cadre.post('/api/hardship/cases', caseBody(applicant, { yearlyIncomeFen: true, members: [] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().fields).toEqual([{ field: 'yearlyIncomeFen', message: '家庭年可支配收入必须是数字' }]);
  });

  it('limits temporary relief by count and never twice for the same cause', async () => {
    const { caseId } = await household('active');
    const r = (cause: string, amountFen = 500_00) =>
      cadre.post(`/api/hardship/cases/${caseId}/assistance`, { type: 'temp_relief', amountFen, on: TODAY, fundSource: 'own_budget', cause });
    expect((await r('disaster')).statusCode).toBe(200);
    const same = await r('disaster');
    expect(same.statusCode).toBe(409);
    expect(same.json().message).toContain('同一原因不重复救助');
    expect((await r('accident')).statusCode).toBe(200);
    expect((await r('other')).json().message).toBe('临时救助本年已 2 次，上限 2 次');
  });

  it('exits with a reason, re-opens as 返困 with history, and lists by the ledger filters and export', async () => {
    const { caseId, version, orgId } = await household('assisted', { neighbour: true });
    let res = await cadre.post(`/api/hardship/cases/${caseId}/transition`, { action: 'exit', version });
    expect(res.json().fields[0].field).toBe('reason');
    res = await cadre.post(`/api/hardship/cases/${caseId}/transition`, { action: 'exit', reason: '配偶病情稳定，子女就业', version });
    expect(res.json().status).toBe('exited');
    // 解困脱困 schedules a follow-up six months on; it shows in the task list when due.
    expect(res.json().followups).toEqual([expect.objectContaining({ dueOn: addMonths(chinaToday(), 6), doneOn: null })]);
    expect(res.json().can.followUp).toBe(true);
    await t.db.execute(sql`update hardship_followups set due_on = current_date - 3 where case_id = ${caseId}`);
    const tasks = (await cadre.get('/api/hardship/tasks')).json();
    expect(tasks.followups).toEqual([expect.objectContaining({ caseId, overdue: true })]);
    // The follow-up finds hardship back: the case re-opens as 返困 with its history.
    res = await cadre.post(`/api/hardship/cases/${caseId}/followups`, { on: chinaToday(), result: '配偶病情复发，无法工作', hardshipReturned: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'active', relapsed: true });
    expect(
      res
        .json()
        .timeline.map((e: { action: string }) => e.action)
        .slice(-3),
    ).toEqual(['exit', 'followup', 'reopen']);
    expect((await cadre.get('/api/hardship/tasks')).json().followups).toEqual([]);
    // A file assessed more than a year ago is due its yearly review (年度复核).
    await t.db.execute(sql`update hardship_cases set assessed_on = current_date - 400 where id = ${caseId}`);
    expect((await cadre.get('/api/hardship/tasks')).json().reviews).toEqual([expect.objectContaining({ caseId, overdue: true })]);
    expect((await cadre.get('/api/hardship/cases?stock=relapsed')).json().items.map((i: { id: number }) => i.id)).toEqual([caseId]);
    expect((await cadre.get(`/api/hardship/cases?category=deep&cause=education&orgId=${orgId}`)).json().total).toBe(2);
    expect((await cadre.get(`/api/hardship/cases?category=relative&orgId=${orgId}`)).json().total).toBe(0);
    const xlsx = await cadre.get('/api/hardship/ledger.xlsx?stock=relapsed');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    // Title rows: the union, then its scope, the filter and the export date.
    expect(ws.getCell('A1').value).toBe('呼和浩特市新城区总工会 困难职工档案台账');
    expect(String(ws.getCell('A2').value)).toMatch(/^范围：呼和浩特市新城区总工会及下级工会\s+筛选：返困\s+导出日期：\d{4}年\d{1,2}月\d{1,2}日$/);
    const headers = (ws.getRow(3).values as unknown[]).slice(1);
    expect(headers.slice(0, 5)).toEqual(['序号', '档案号', '姓名', '身份证号', '性别']);
    expect(headers).toEqual(expect.arrayContaining(['困难类别', '主要致困原因', '次要致困原因', '家庭人口', '住房情况', '建档人', '审核人']));
    expect(headers.join()).not.toMatch(/收入|银行|健康/);
    const row = (h: string, r = 4) => ws.getRow(r).getCell(headers.indexOf(h) + 1).value;
    expect(row('身份证号')).toMatch(/\*{8}/);
    expect(row('累计帮扶金额（元）')).toBe(19_500 + 1_000);
    expect(row('次要致困原因')).toBe('子女教育');
    expect([row('建档人'), row('审核人')]).toEqual(['xcq_cadre', 'xcq_admin']);
    expect(row('建档日期')).toBeInstanceOf(Date);
    expect(row('出生日期')).toBeInstanceOf(Date);
    expect(ws.getRow(4).getCell(headers.indexOf('建档日期') + 1).numFmt).toBe('yyyy"年"m"月"d"日"');
    // Totals: 户数 and the assistance paid, equal to the lines.
    expect([row('序号', 5), row('姓名', 5), row('累计帮扶金额（元）', 5)]).toEqual(['合计', '1 户', 19_500 + 1_000]);
  });

  it('shows 送温暖 hand-outs from care campaigns in the household record, not typed twice', async () => {
    const { applicant, caseId } = await household('active');
    expect((await warmthHandOut(applicant, 'warmth-0001')).statusCode).toBe(200);
    const view = (await cadre.get(`/api/hardship/cases/${caseId}`)).json();
    expect(view.assistance).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'warmth', label: '送温暖：两节送温暖', amountFen: 1_000_00 })]));
  });

  it('rolls statistics up the tree', async () => {
    const hhht = await t.as('hhht_admin');
    const before = (await hhht.get(`/api/hardship/stats?year=${thisYear()}`)).json();
    // Two households filed in a union below 新城区, one given aid, relief and a 送温暖 hand-out.
    const { applicant } = await household('assisted', { neighbour: true });
    await warmthHandOut(applicant, 'warmth-stats-0001');
    const s = added(before, (await hhht.get(`/api/hardship/stats?year=${thisYear()}`)).json());
    expect(s.byCategory).toEqual(expect.arrayContaining([{ category: 'deep', cases: 2 }]));
    expect(s.byOrg.find((o) => o.orgId === t.seed.xinCheng.id)).toMatchObject({ cases: 2, amountFen: 20_500_00 });
    expect(s.byMonth).toEqual(
      expect.arrayContaining([
        { month: TODAY.slice(0, 7), type: 'medical', amountFen: 19_500_00, personTimes: 2 },
        expect.objectContaining({ type: 'warmth', amountFen: 1_000_00, personTimes: 1 }),
      ]),
    );
  });

  it('closes the file (销档) and then lets the household be filed again', async () => {
    const { applicant, caseId } = await household('active');
    const v = (await cadre.get(`/api/hardship/cases/${caseId}`)).json().version;
    const res = await cadre.post(`/api/hardship/cases/${caseId}/transition`, { action: 'close', reason: '退休', version: v });
    expect(res.json().status).toBe('closed');
    expect((await cadre.post('/api/hardship/cases', caseBody(applicant, { assessedOn: daysFromToday(-10) }))).statusCode).toBe(201);
  });
});

describe('temporary relief files', () => {
  it('skip the category and the notice, allow only temporary relief, and are promoted to a full file on their figures', async () => {
    const p = await person('钱急难');
    let c = (
      await cadre.post(
        '/api/hardship/cases',
        caseBody(p, { kind: 'temporary', members: [], yearlyIncomeFen: 30_000_00, mainCause: 'disaster', secondaryCauses: [] }),
      )
    ).json();
    expect(c).toMatchObject({ kind: 'temporary', category: 'none', status: 'applied' });
    c = (await admin.post(`/api/hardship/cases/${c.id}/transition`, { action: 'verify', version: c.version })).json();
    expect(c.can.actions).toEqual(expect.arrayContaining(['approve', 'close']));
    expect(c.can.actions).not.toContain('notice');
    c = (await admin.post(`/api/hardship/cases/${c.id}/transition`, { action: 'approve', version: c.version })).json();
    expect(c.status).toBe('active');
    const medical = await cadre.post(`/api/hardship/cases/${c.id}/assistance`, {
      type: 'medical',
      amountFen: 100_00,
      on: TODAY,
      fundSource: 'own_budget',
    });
    expect(medical.json().fields[0].field).toBe('type');
    expect(
      (
        await cadre.post(`/api/hardship/cases/${c.id}/assistance`, {
          type: 'temp_relief',
          amountFen: 2_000_00,
          on: TODAY,
          fundSource: 'own_budget',
          cause: 'disaster',
        })
      ).statusCode,
    ).toBe(200);
    // 2,500 元 a month for one person is above the relative line: promotion is refused with the reason.
    const refused = await cadre.post(`/api/hardship/cases/${c.id}/transition`, { action: 'promote', version: c.version });
    expect(refused.json().message).toContain('不符合困难职工认定条件');
    c = (await cadre.get(`/api/hardship/cases/${c.id}`)).json();
    const edited = await cadre.put(`/api/hardship/cases/${c.id}`, {
      ...caseBody(p, { kind: 'temporary', members: [], yearlyIncomeFen: 6_000_00, mainCause: 'disaster', secondaryCauses: [] }),
      version: c.version,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const promoted = await cadre.post(`/api/hardship/cases/${c.id}/transition`, { action: 'promote', version: edited.json().version });
    expect(promoted.json()).toMatchObject({ kind: 'full', status: 'applied', category: 'deep' });
  });
});

describe('ledger import', () => {
  async function sheet(rows: (string | number)[][]) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow([
      '姓名',
      '身份证号',
      '困难类别',
      '主要致困原因',
      '次要致困原因',
      '家庭人口',
      '家庭年可支配收入（元）',
      '刚性支出（元）',
      '住房情况',
      '核定日期',
      '建档日期',
    ]);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  const upload = (buf: Buffer, mode: string) => {
    const boundary = 'ledger-import';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="台账.xlsx"\r\n\r\n`),
      buf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return cadre.request({
      method: 'POST',
      url: `/api/hardship/import?mode=${mode}`,
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
  };

  it('checks every row, writes all or nothing, keeps the sheet’s category with its reason, and skips households already filed', async () => {
    const a = await person('孙导入');
    const b = await person('陈导入');
    const idOf = async (id: number) => (await admin.post(`/api/people/${id}/reveal`, { field: 'idNumber', reason: '测试' })).json().value as string;
    const [ia, ib] = [await idOf(a), await idOf(b)];
    const bad = await sheet([
      ['孙导入', ia, '', '本人或家属患大病重病', '子女教育', 3, '22032', '0', '租房', '2025-03-01', ''],
      ['陈导入', ib, '', '天灾人祸', '', 2, 'abc', '', '', '2025-13-01', ''],
      ['李不在', '150102198001010017', '', '下岗失业', '', 1, '1000', '', '', '2025-03-01', ''],
    ]);
    const checked = (await upload(bad, 'apply')).json();
    expect(checked.applied).toBe(false);
    expect(checked.errors).toEqual(
      expect.arrayContaining([
        { row: 3, column: '主要致困原因', message: expect.stringContaining('主要致困原因应为') },
        { row: 3, column: '家庭年可支配收入（元）', message: expect.any(String) },
        { row: 3, column: '核定日期', message: expect.any(String) },
        { row: 4, column: '身份证号', message: expect.any(String) },
      ]),
    );
    expect((await cadre.get(`/api/hardship/cases?q=孙导入`)).json().total).toBe(0);

    const good = await sheet([
      ['孙导入', ia, '', '本人或家属患大病重病', '子女教育', 3, '22032', '0', '租房', '2025-03-01', '2025-03-10'],
      ['陈导入', ib, '相对困难', '下岗失业', '', 1, '30000', '', '自有住房', '2025-04-01', ''],
    ]);
    expect((await upload(good, 'check')).json()).toMatchObject({ applied: false, rows: 2, created: 2, errors: [] });
    const applied = (await upload(good, 'apply')).json();
    expect(applied).toMatchObject({ applied: true, created: 2, skipped: 0 });
    const sun = (await cadre.get('/api/hardship/cases?q=孙导入')).json().items[0];
    expect(sun).toMatchObject({ status: 'active', category: 'deep', filedOn: '2025-03-10', householdSize: 3 });
    const chen = (await cadre.get(`/api/hardship/cases/${(await cadre.get('/api/hardship/cases?q=陈导入')).json().items[0].id}`)).json();
    expect(chen).toMatchObject({ category: 'relative', computedCategory: 'none', overrideReason: '导入：原台账认定为相对困难' });
    expect((await upload(good, 'apply')).json()).toMatchObject({ applied: true, created: 0, skipped: 2 });
  });
});

describe('proactive discovery', () => {
  it('proposes people from the registry with the reason, never twice for the same evidence, and flags relapse risk', async () => {
    const sick = await person('周大病');
    await cadre.patch(`/api/people/${sick}`, { version: 1, tags: ['大病'] });
    const jobless = await person('吴失业');
    await cadre.patch(`/api/people/${jobless}`, { version: 1, workStatus: 'unemployed' });
    const run = async () => {
      const job = (await cadre.post('/api/hardship/discovery/run')).json();
      expect(job.kind).toBe('hardship-discovery');
      for (let i = 0; i < 100; i++) {
        const j = (await cadre.get(`/api/jobs/${job.id}`)).json();
        if (j.status === 'done') return j;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('discovery did not finish');
    };
    const first = await run();
    expect(first.result).toMatchObject({ serious_illness: 1, job_loss: 1 });
    const queue = (await cadre.get('/api/hardship/discovery')).json();
    const ill = queue.items.find((k: { personId: number }) => k.personId === sick);
    expect(ill).toMatchObject({ rule: 'serious_illness', reason: '职工档案标注“大病”，尚未建立困难职工档案' });
    const job = queue.items.find((k: { personId: number }) => k.personId === jobless);
    expect((await cadre.post(`/api/hardship/discovery/${job.id}/dismiss`, { reason: '' })).json().fields[0].field).toBe('reason');
    expect((await cadre.post(`/api/hardship/discovery/${job.id}/dismiss`, { reason: '已再就业，家庭收入正常' })).statusCode).toBe(200);
    expect((await cadre.post(`/api/hardship/discovery/${ill.id}/accept`)).statusCode).toBe(200);
    // The same evidence is not proposed again.
    expect((await run()).result).toMatchObject({ serious_illness: 0, job_loss: 0 });
    expect((await cadre.get('/api/hardship/discovery')).json().total).toBe(0);

    // An exited household whose member falls seriously ill afterwards is flagged 返贫风险.
    const p = await person('郑康复');
    let c = (await cadre.post('/api/hardship/cases', caseBody(p, { members: [], yearlyIncomeFen: 500_00 * 12 }))).json();
    for (const action of ['verify', 'notice', 'approve']) {
      if (action === 'approve') await noticeServed(t.db, c.id);
      c = (await admin.post(`/api/hardship/cases/${c.id}/transition`, { action, version: c.version })).json();
    }
    c = (await cadre.post(`/api/hardship/cases/${c.id}/transition`, { action: 'exit', reason: '已就业', version: c.version })).json();
    await new Promise((r) => setTimeout(r, 20));
    const person_ = (await cadre.get(`/api/people/${p}`)).json();
    await cadre.patch(`/api/people/${p}`, { version: person_.version, tags: ['大病'] });
    expect((await run()).result).toMatchObject({ relapse_risk: 1 });
    const risk = (await cadre.get('/api/hardship/discovery?rule=relapse_risk')).json().items[0];
    expect(risk).toMatchObject({ caseId: c.id, caseNo: c.caseNo });
    expect(risk.reason).toMatch(/解困脱困，此后职工档案记录“大病”，存在返贫风险$/);
  });
});
