import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { campaignPeriod } from '../../testing/dates.ts';
import { queryRows } from '../../server/db.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { addDays, chinaToday } from '../../shared/dates.ts';

let t: TestApp;
let xcq: TestClient;
let sh: TestClient;
let hhht: TestClient;
let auditor: TestClient;
const today = chinaToday();
const thisYear = Number(today.slice(0, 4));

beforeAll(async () => {
  t = await createTestApp();
  [xcq, sh, hhht, auditor] = [await t.as('xcq_admin'), await t.as('sh_admin'), await t.as('hhht_admin'), await t.as('nmg_auditor')];
});
afterAll(() => t.close());

let seq = 100;
/** A worker of 新城区 (or of `orgId`) born on `birth`, registered through the API. */
async function worker(name: string, birth = '19700101', orgId = t.seed.xinChengSanitation.id, client = xcq, region = '150102') {
  seq += 2;
  const res = await client.post('/api/people', { name, idNumber: withCheckCharacter(`${region}${birth}${String(seq).padStart(3, '0')}`), orgId });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

const honour = (over: Record<string, unknown> = {}) => ({
  level: 'national_model',
  year: 2015,
  awardingBody: '中共中央、国务院',
  certificateNo: null,
  ...over,
});
const tagsOf = async (personId: number) => ((await xcq.get(`/api/people/${personId}`)).json().tags as string[]).sort();
const honourCount = async () => (await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from model_worker_honours`))[0]!.n;

describe('honours and the 劳模 tag', () => {
  it('records an honour; the person gets 劳模 and the level’s tag, explained, and is in the register', async () => {
    const id = await worker('劳模甲');
    const res = await xcq.post(`/api/modelworkers/${id}/honours`, honour({ certificateNo: 'QG2015-001' }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().honours).toEqual([expect.objectContaining({ level: 'national_model', year: 2015, certificateNo: 'QG2015-001', withBenefits: true })]);
    expect(await tagsOf(id)).toEqual(['全国劳模', '劳模'].sort());
    const record = (await xcq.get(`/api/people/${id}/record`)).json();
    expect(record.derivedTags).toContainEqual(expect.objectContaining({ tag: '劳模', reason: '劳模荣誉：全国劳动模范（2015年）' }));
    const list = (await xcq.get('/api/modelworkers?level=national_model')).json();
    expect(list.items.map((r: { id: number }) => r.id)).toContain(id);
    // An edit of the record that leaves the tag out does not take it off.
    const person = (await xcq.get(`/api/people/${id}`)).json();
    expect((await xcq.patch(`/api/people/${id}`, { version: person.version, tags: ['女职工'] })).statusCode).toBe(200);
    expect(await tagsOf(id)).toEqual(['全国劳模', '劳模', '女职工'].sort());
  });

  it('refuses a year in the future, an unknown level and a certificate number taken within the level — in Chinese, naming the field, changing nothing', async () => {
    const a = await worker('劳模乙');
    const b = await worker('劳模丙');
    expect((await xcq.post(`/api/modelworkers/${a}/honours`, honour({ level: 'city', year: 2012, certificateNo: 'SJ-2012-08' }))).statusCode).toBe(201);
    const before = await honourCount();

    const future = await xcq.post(`/api/modelworkers/${b}/honours`, honour({ year: thisYear + 1 }));
    expect(future.statusCode).toBe(400);
    expect(future.json().fields).toContainEqual({ field: 'year', message: '授予年份不能晚于今年' });

    const unknown = await xcq.post(`/api/modelworkers/${b}/honours`, honour({ level: 'galactic' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().fields).toContainEqual({ field: 'level', message: '请选择有效的荣誉等级' });

    const taken = await xcq.post(`/api/modelworkers/${b}/honours`, honour({ level: 'city', year: 2014, certificateNo: 'SJ-2012-08' }));
    expect(taken.statusCode).toBe(409);
    expect(taken.json().fields[0]).toMatchObject({ field: 'certificateNo', message: '同一等级下证书编号「SJ-2012-08」已被登记' });
    // The same number at another level is another certificate.
    expect((await xcq.post(`/api/modelworkers/${b}/honours`, honour({ level: 'provincial', year: 2014, certificateNo: 'SJ-2012-08' }))).statusCode).toBe(201);

    const twice = await xcq.post(`/api/modelworkers/${a}/honours`, honour({ level: 'city', year: 2012 }));
    expect(twice.statusCode).toBe(409);
    expect(twice.json().fields[0].field).toBe('year');
    expect(await honourCount()).toBe(before + 1);
    expect(await tagsOf(a)).toEqual(['劳模', '盟市级劳模'].sort());
  });

  it('a sibling county cannot see or record honours of the county’s workers', async () => {
    const id = await worker('劳模丁');
    expect((await sh.post(`/api/modelworkers/${id}/honours`, honour())).statusCode).toBe(404);
    expect((await sh.get(`/api/modelworkers/${id}`)).statusCode).toBe(404);
    expect((await auditor.post(`/api/modelworkers/${id}/honours`, honour())).statusCode).toBe(403);
    expect(await tagsOf(id)).toEqual([]);
  });

  it('revoking an honour keeps it in the history and takes the tags it gave off', async () => {
    const id = await worker('劳模戊');
    const added = (await xcq.post(`/api/modelworkers/${id}/honours`, honour({ level: 'provincial', year: 2010 }))).json();
    const honourId = added.honours[0].id as number;
    const res = await xcq.post(`/api/modelworkers/${id}/honours/${honourId}/revoke`, { revokedOn: today, reason: '录入错误' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().honours[0]).toMatchObject({ id: honourId, revokedOn: today, revokeReason: '录入错误' });
    expect(await tagsOf(id)).toEqual([]);
    expect((await xcq.get('/api/modelworkers?pageSize=200')).json().items.map((r: { id: number }) => r.id)).not.toContain(id);
    expect((await xcq.put(`/api/modelworkers/${id}/honours/${honourId}`, honour())).statusCode).toBe(409);
  });
});

describe('status over time', () => {
  it('keeps every change; nothing follows 去世, which takes the 劳模 tags off', async () => {
    const id = await worker('劳模己', '19500303');
    await xcq.post(`/api/modelworkers/${id}/honours`, honour({ level: 'national_advanced', year: 1990 }));
    expect((await xcq.get(`/api/modelworkers/${id}`)).json().status).toEqual({ status: 'working', since: null, fromRegistry: true });
    expect((await xcq.post(`/api/modelworkers/${id}/statuses`, { status: 'retired', since: '2010-04-01' })).statusCode).toBe(200);
    const early = await xcq.post(`/api/modelworkers/${id}/statuses`, { status: 'working', since: '2009-01-01' });
    expect(early.statusCode).toBe(400);
    expect(early.json().fields[0]).toMatchObject({ field: 'since', message: '变更日期不能早于上一次状态变更（2010年4月1日）' });
    const died = await xcq.post(`/api/modelworkers/${id}/statuses`, { status: 'deceased', since: addDays(today, -3), note: '病逝' });
    expect(died.statusCode, died.body).toBe(200);
    expect(died.json().statuses.map((s: { status: string }) => s.status)).toEqual(['deceased', 'retired']);
    expect(died.json().status).toMatchObject({ status: 'deceased', fromRegistry: false });
    expect(await tagsOf(id)).toEqual([]);
    const after = await xcq.post(`/api/modelworkers/${id}/statuses`, { status: 'retired', since: today });
    expect(after.statusCode).toBe(400);
    expect(after.json().fields[0].field).toBe('status');
    const future = await xcq.post(`/api/modelworkers/${id}/statuses`, { status: 'retired', since: addDays(today, 2) });
    expect(future.json().fields).toContainEqual({ field: 'since', message: '变更日期不能晚于今天' });
  });
});

describe('care and the priority list', () => {
  it('lists the aged, the disabled, those living alone and the ill with their reasons; a visit takes them off the due list', async () => {
    const old = await worker('高龄劳模', `${thisYear - 85}0101`);
    const alone = await worker('独居劳模', '19600101');
    const young = await worker('年轻劳模', '19850101');
    for (const id of [old, alone, young]) await xcq.post(`/api/modelworkers/${id}/honours`, honour({ level: 'city', year: 2000 + (id % 20) }));
    await xcq.put(`/api/modelworkers/${alone}/profile`, { livingAlone: true, disability: 'incapacitated', illness: '糖尿病' });
    const rows = (await xcq.get('/api/modelworkers/priority?pageSize=200')).json().items as { id: number; reasons: { code: string }[]; due: boolean }[];
    expect(rows.find((r) => r.id === old)).toMatchObject({ due: true, reasons: [expect.objectContaining({ code: 'aged', age: 85, threshold: 80 })] });
    expect(rows.find((r) => r.id === alone)!.reasons.map((r) => r.code)).toEqual(['incapacitated', 'living_alone', 'ill']);
    expect(rows.find((r) => r.id === young)).toBeUndefined();

    const visit = await xcq.post(`/api/modelworkers/${old}/care`, { kind: 'home_visit', on: today, place: '家中', detail: '身体尚好' });
    expect(visit.statusCode, visit.body).toBe(201);
    expect(visit.json().lastVisitOn).toBe(today);
    const due = (await xcq.get('/api/modelworkers/priority?pageSize=200')).json().items.map((r: { id: number }) => r.id);
    expect(due).not.toContain(old);
    expect(due).toContain(alone);
    expect((await xcq.get('/api/modelworkers/priority?due=0&pageSize=200')).json().items.map((r: { id: number }) => r.id)).toContain(old);
    // The worklist is in the inbox of those who record care, not of an auditor.
    const waiting = (await xcq.get('/api/inbox/items?kind=modelworkers.visit&pageSize=50')).json().items.map((i: { id: number }) => i.id);
    expect(waiting).toContain(alone);
    expect(waiting).not.toContain(old);
    expect(JSON.stringify((await auditor.get('/api/inbox')).json())).not.toContain('modelworkers.visit');
    // A stay in hospital is a reason while it is recent.
    await xcq.post(`/api/modelworkers/${young}/care`, { kind: 'hospital_visit', on: addDays(today, -10), place: '市医院' });
    const reasons = (await xcq.get(`/api/modelworkers/${young}`)).json().reasons;
    expect(reasons).toEqual([expect.objectContaining({ code: 'hospital', on: addDays(today, -10) })]);
  });

  it('links special hardship support to the person’s hardship file by id, and refuses a file that is not theirs', async () => {
    const id = await worker('困难劳模');
    const other = await worker('别人');
    await xcq.post(`/api/modelworkers/${id}/honours`, honour({ level: 'city', year: 2011 }));
    const file = async (personId: number, no: string) =>
      (
        await queryRows<{ id: number }>(
          t.db,
          sql`insert into hardship_cases (case_no, org_id, person_id, status, category, computed_category, explanation, main_cause, household_size,
                                          yearly_income_fen, hardship_spending_fen, per_capita_monthly_fen, housing, assessed_on, filed_on)
              values (${no}, ${t.seed.xinChengSanitation.id}, ${personId}, 'active', 'relative', 'relative', '测试', 'other', 1, 0, 0, 0, 'own', ${today}, ${today})
              returning id`,
        )
      )[0]!.id;
    const own = await file(id, 'KNTEST0001');
    const theirs = await file(other, 'KNTEST0002');
    const missing = await xcq.post(`/api/modelworkers/${id}/care`, { kind: 'hardship_support', on: today });
    expect(missing.json().fields).toContainEqual({ field: 'hardshipCaseId', message: '特殊困难帮扶须关联困难职工档案' });
    const wrong = await xcq.post(`/api/modelworkers/${id}/care`, { kind: 'hardship_support', on: today, hardshipCaseId: theirs });
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json().fields[0].field).toBe('hardshipCaseId');
    const res = await xcq.post(`/api/modelworkers/${id}/care`, { kind: 'hardship_support', on: today, detail: '助学帮扶', hardshipCaseId: own });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().care[0]).toMatchObject({ kind: 'hardship_support', hardshipCase: { id: own, caseNo: 'KNTEST0001', status: 'active' } });
    expect(res.json().hardshipCases).toEqual([{ id: own, caseNo: 'KNTEST0001', status: 'active' }]);
  });
});

describe('targeting model workers in a care campaign', () => {
  it('picks the model workers of one level by its tag, and all of them by 劳模', async () => {
    const national = await worker('全国劳模甲');
    const city = await worker('盟市劳模甲');
    await xcq.post(`/api/modelworkers/${national}/honours`, honour({ level: 'national_model', year: 2020 }));
    await xcq.post(`/api/modelworkers/${city}/honours`, honour({ level: 'city', year: 2019 }));
    const preview = async (tagsAny: string[]) => {
      const res = await hhht.post('/api/campaigns/eligibility-preview', {
        orgId: t.seed.hhht.id,
        rule: { tagsAny, orgIds: [t.seed.xinChengSanitation.id] },
        packages: [{ name: '劳模慰问金', kind: 'cash', valueFen: 1_000_00 }],
        ...campaignPeriod(),
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().total as number;
    };
    const [allBefore, nationalBefore] = [await preview(['劳模']), await preview(['全国劳模'])];
    // The honours above are counted: at least these two, and the national tag picks the national one only.
    const [persons] = await queryRows<{ all: number; national: number }>(
      t.db,
      sql`select count(*) filter (where '劳模' = any(tags))::int as all, count(*) filter (where '全国劳模' = any(tags))::int as national
            from persons where org_id = ${t.seed.xinChengSanitation.id}`,
    );
    expect(allBefore).toBe(persons!.all);
    expect(nationalBefore).toBe(persons!.national);
    const more = await worker('全国劳模乙');
    await xcq.post(`/api/modelworkers/${more}/honours`, honour({ level: 'national_model', year: 2005 }));
    expect(await preview(['全国劳模'])).toBe(nationalBefore + 1);
    expect(await preview(['盟市级劳模'])).toBeGreaterThanOrEqual(1);
  });
});

describe('the register', () => {
  it('filters by level, status and union, and exports what it lists', async () => {
    const id = await worker('退休劳模', '19550505', t.seed.saihanJoint.id, sh, '150105');
    await sh.post(`/api/modelworkers/${id}/honours`, honour({ level: 'ministerial', year: 1999, awardingBody: '交通运输部' }));
    await sh.post(`/api/modelworkers/${id}/statuses`, { status: 'retired', since: '2015-06-01' });
    const retired = (await sh.get('/api/modelworkers?status=retired')).json();
    expect(retired.items).toEqual([expect.objectContaining({ id, status: 'retired', honours: [{ level: 'ministerial', year: 1999 }] })]);
    expect((await sh.get(`/api/modelworkers?orgId=${t.seed.xinCheng.id}`)).statusCode).toBe(404);
    expect((await hhht.get(`/api/modelworkers?orgId=${t.seed.saihan.id}&level=ministerial`)).json().total).toBe(1);
    const file = await sh.get('/api/modelworkers/export.xlsx?status=retired');
    expect(file.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.worksheets[0]!.eachRow((row) => row.eachCell((c) => void cells.push(String(c.value))));
    expect(cells).toContain('退休劳模');
    expect(cells.some((c) => c.startsWith('省部级劳动模范（1999年，交通运输部'))).toBe(true);
    expect(cells.join()).not.toContain('新城区');
  });
});
