/**
 * The scope suite: an account of one county (赛罕区) tries to read, list, count, export and change
 * the data of its sibling county (新城区) through every route the API has. Each attempt must fail
 * as "not found" (404, not 403, so existence does not leak) or leave the sibling's data out.
 * A route without a case here fails the suite: new routes must say how they keep scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { createTestApp, PASSWORD, type TestApp, type TestClient } from '../testing/app.ts';
import { noticeServed } from '../testing/notice.ts';
import { campaignPeriod, daysFromToday, thisYear, today } from '../testing/dates.ts';
import { NOT_ORG_DATA } from '../testing/route-classes.ts';
import { chinaToday } from '../shared/dates.ts';
import { withCheckCharacter } from '../shared/idcard.ts';
import { systemActor } from './actor.ts';
import { queryRows } from './db.ts';
import { setPolicy } from '../modules/policies/index.ts';
import { cardCodeFor } from '../modules/people/card.service.ts';
import { hashPassword, insertSystemAccount } from '../modules/auth/index.ts';

const idn = (first17: string) => withCheckCharacter(first17);

let t: TestApp;
let sh: TestClient; // union administrator of 赛罕区
let shAuditor: TestClient;
let target: {
  org: number;
  child: number;
  account: number;
  policy: number;
  auditEntry: number;
  person: number;
  other: number;
  pair: number;
  merge: number;
  job: string;
  shPerson: number;
};
/** A campaign of 新城区 and one of 呼和浩特 covering both counties, with a point and a hand-out in 新城区. */
let camp: { own: number; shared: number; point: number; beneficiary: number; line: number; inbox: number };
/** A hardship case of 新城区, approved, with one assistance record. */
let hardshipCase: number;

beforeAll(async () => {
  t = await createTestApp();
  const xcq = await t.as('xcq_admin');
  const nextYear = `${Number(chinaToday().slice(0, 4)) + 1}-01-01`;
  const sheet = (await xcq.post('/api/policies', { orgId: t.seed.xinCheng.id, key: 'temp_relief_cap', value: 300000, effectiveFrom: nextYear })).json();
  const policy = sheet.items.find((i: { key: string }) => i.key === 'temp_relief_cap').own[0].id;
  const admin = await t.as('admin');
  const entry = (await admin.get(`/api/audit?entity=org&entityId=${t.seed.xinChengSanitation.id}`)).json().items[0].id;
  // People of 新城区: a pair of near-duplicates left open, another pair merged, an import upload.
  const person = async (c: TestClient, name: string, id: string, orgId: number) =>
    (await c.post('/api/people', { name, idNumber: id, orgId })).json().id as number;
  const xcqOrg = t.seed.xinChengSanitation.id;
  const p1 = await person(xcq, '韩梅梅', idn('15010219800101001'), xcqOrg);
  const p2 = await person(xcq, '韩梅梅', idn('15010219800101003'), xcqOrg);
  const p3 = await person(xcq, '李雷', idn('15010219810202005'), xcqOrg);
  const p4 = await person(xcq, '李雷', idn('15010219810202007'), xcqOrg);
  await xcq.post(`/api/people/${p1}/membership`, { joinedOn: '2020-01-01' });
  await xcq.post('/api/people/duplicates/scan', {});
  const pairs = (await xcq.get('/api/people/duplicates')).json().items as { id: number; a: { id: number } }[];
  const pair = pairs.find((x) => [p1, p2].includes(x.a.id))!.id;
  const merge = (await xcq.post('/api/people/merge', { survivorId: p3, mergedId: p4, reason: '重复录入' })).json().mergeId as number;
  const boundary = 'scope-upload';
  const csv = Buffer.from(`姓名,身份证号\n韩梅梅,${idn('15010219800101001')}\n`);
  const up = await xcq.request({
    method: 'POST',
    url: '/api/people/imports',
    payload: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n`),
      csv,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  const shAdmin = await t.as('sh_admin');
  const shPerson = await person(shAdmin, '赛罕职工', idn('15010519850303001'), t.seed.saihanJoint.id);
  target = {
    org: t.seed.xinCheng.id,
    child: t.seed.xinChengSanitation.id,
    account: t.accounts.xcq_cadre!,
    policy,
    auditEntry: entry,
    person: p1,
    other: p2,
    pair,
    merge,
    job: up.json().jobId,
    shPerson,
  };
  sh = await t.as('sh_admin');
  shAuditor = await t.as('sh_auditor');

  const hhht = await t.as('hhht_admin');
  const nmg = await t.as('nmg_admin');
  const campaign = async (c: TestClient, orgId: number) => {
    const body = {
      name: `慰问${orgId}`,
      kind: 'concentrated',
      orgId,
      ...campaignPeriod(),
      mode: 'cascade',
      rule: {},
      funds: [{ source: 'own_budget', amountFen: 100000 }],
      packages: [{ name: '慰问金', kind: 'cash', valueFen: 20000 }],
    };
    const created = (await c.post('/api/campaigns', body)).json();
    const submitted = (await c.post(`/api/campaigns/${created.id}/transition`, { action: 'submit', version: created.version })).json();
    const approved = (await nmg.post(`/api/campaigns/${created.id}/transition`, { action: 'approve', version: submitted.version })).json();
    await c.post(`/api/campaigns/${created.id}/transition`, { action: 'start', version: approved.version });
    return created.id as number;
  };
  const own = await campaign(xcq, t.seed.xinCheng.id);
  const shared = await campaign(hhht, t.seed.hhht.id);
  const point = (await xcq.post(`/api/campaigns/${shared}/points`, { name: '新城区发放点', orgId: t.seed.xinCheng.id })).json().id as number;
  const beneficiary = (await hhht.get(`/api/campaigns/${shared}/beneficiaries?orgId=${t.seed.xinCheng.id}`)).json().items[0].id as number;
  const line = (
    await xcq.post(`/api/points/${point}/confirm`, {
      beneficiaryId: beneficiary,
      evidence: { kind: 'paper', sheetRef: 'scope-sheet-0' },
      idempotencyKey: 'scope-line-0001',
    })
  ).json().lineId as number;
  // A draft of 新城区's, submitted for approval by the inbox case.
  const inbox = (
    await xcq.post('/api/campaigns', {
      name: '新城区待审批慰问',
      kind: 'concentrated',
      orgId: t.seed.xinCheng.id,
      ...campaignPeriod(),
      mode: 'single',
      rule: {},
      funds: [{ source: 'own_budget', amountFen: 100000 }],
      packages: [{ name: '慰问金', kind: 'cash', valueFen: 20000 }],
    })
  ).json().id as number;
  camp = { own, shared, point, beneficiary, line, inbox };

  const sys = systemActor(t.seed.root);
  for (const [key, value] of [
    ['dibao_monthly', 76000],
    ['relative_hardship_multiplier', 2],
    ['accident_cost_share', 0.8],
    ['migrant_min_years', 1],
    ['medical_aid_cap', 2000000],
  ] as const) {
    await setPolicy(t.db, sys, { orgId: t.seed.root.id, key, value, effectiveFrom: '2025-01-01', note: null });
  }
  const cadre = await t.as('xcq_cadre');
  const filed = (
    await cadre.post('/api/hardship/cases', {
      personId: target.other,
      yearlyIncomeFen: 600000,
      housing: 'rented',
      mainCause: 'serious_illness',
      assessedOn: daysFromToday(-30),
    })
  ).json();
  hardshipCase = filed.id;
  let v = filed.version as number;
  for (const action of ['verify', 'notice', 'approve']) {
    if (action === 'approve') await noticeServed(t.db, hardshipCase);
    v = (await xcq.post(`/api/hardship/cases/${hardshipCase}/transition`, { action, version: v })).json().version;
  }
  await xcq.post(`/api/hardship/cases/${hardshipCase}/assistance`, { type: 'medical', amountFen: 100000, on: today(), fundSource: 'own_budget' });
});
afterAll(() => t.close());

const SIBLING_NAMES = /新城区/;

async function xlsxColumn(buf: Buffer, col: number) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  // The data rows: under the frozen title and header rows, above an office sheet's 合计 row.
  const ws = wb.worksheets[0]!;
  const header = ws.views[0]?.state === 'frozen' ? (ws.views[0].ySplit ?? 1) : 1;
  const rows = ws.getRows(header + 1, Math.max(0, ws.rowCount - header)) ?? [];
  return rows.filter((r) => String(r.getCell(1).value ?? '') !== '合计').map((r) => String(r.getCell(col).value ?? ''));
}

function expectNotFound(res: { statusCode: number; json(): { message: string } }) {
  expect(res.statusCode).toBe(404);
  expect(res.json().message).toMatch(/不存在或无权访问/);
}

/** 新城区's volunteers: a volunteer (a 新城区 worker) in a team, a project with a shift they signed up for, a back-fill waiting, an order and a certificate. */
let siblingVolunteerData: { volunteer: number; team: number; project: number; shift: number; record: number; order: number; certificate: number } | undefined;
async function siblingVolunteers() {
  if (siblingVolunteerData) return siblingVolunteerData;
  const xcq = await t.as('xcq_admin');
  const v = await xcq.post('/api/volunteers', { personId: target.person, skills: ['legal'], availability: ['weekend'] });
  expect(v.statusCode, v.body).toBe(201);
  const volunteer = v.json().id as number;
  const team = (await xcq.post('/api/volunteers/teams', { name: '新城区法律服务队', orgId: target.org })).json().id as number;
  expect((await xcq.post(`/api/volunteers/teams/${team}/members`, { volunteerId: volunteer })).statusCode).toBe(200);
  const p = await xcq.post('/api/volunteers/projects', { name: '新城区法律服务进驿站', orgId: target.org, kind: 'legal', teamId: team, place: '新城区中山路' });
  expect(p.statusCode, p.body).toBe(201);
  const project = p.json().id as number;
  const now = Date.now();
  const withShift = await xcq.post(`/api/volunteers/projects/${project}/shifts`, {
    startsAt: new Date(now - 5 * 3600_000).toISOString(),
    endsAt: new Date(now + 3600_000).toISOString(),
    capacity: 5,
  });
  const shift = withShift.json().shifts[0].id as number;
  expect((await xcq.post(`/api/volunteers/shifts/${shift}/signups`, { volunteerId: volunteer })).statusCode).toBe(200);
  const [valid] = await queryRows<{ id: number }>(
    t.db,
    sql`insert into volunteer_records (volunteer_id, project_id, shift_id, org_path, day, pair_no, started_at, ended_at, source, status)
        values (${volunteer}, ${project}, ${shift}, ${t.seed.xinCheng.path}, ${chinaToday()}, 1, now() - interval '5 hours', now() - interval '4 hours', 'qr', 'valid') returning id::int as id`,
  );
  const record = (
    await xcq.post('/api/volunteers/records', {
      volunteerId: volunteer,
      shiftId: shift,
      startedAt: new Date(now - 3 * 3600_000).toISOString(),
      endedAt: new Date(now - 2 * 3600_000).toISOString(),
      reason: '纸质签到表',
    })
  ).json().id as number;
  expect(valid!.id).toBeGreaterThan(0);
  const o = await xcq.post('/api/volunteers/orders', {
    orgId: target.org,
    kind: 'legal',
    title: '新城区骑手合同咨询',
    place: '新城区中山路',
    wantedOn: chinaToday(),
  });
  expect(o.statusCode, o.body).toBe(201);
  const c = await xcq.post(`/api/volunteers/${volunteer}/certificates`, { from: chinaToday(), to: chinaToday() });
  expect(c.statusCode, c.body).toBe(201);
  siblingVolunteerData = { volunteer, team, project, shift, record, order: o.json().id, certificate: c.json().id };
  return siblingVolunteerData;
}

/** 新城区's retrofits: a programme and a model worker's plan with an item, a change waiting and a photo. */
let siblingRetrofitData: { programme: number; plan: number; item: number; change: number; photo: number; person: number } | undefined;
async function siblingRetrofits() {
  if (siblingRetrofitData) return siblingRetrofitData;
  const xcq = await t.as('xcq_admin');
  const g = await xcq.post('/api/retrofits/programmes', { name: '新城区劳模适老化改造', year: 2026, orgId: target.org, budgetFen: 10_000_00 });
  expect(g.statusCode, g.body).toBe(201);
  const person = (
    await xcq.post('/api/people', { name: '新城区老劳模', idNumber: idn('15010219450606917'), orgId: t.seed.xinChengSanitation.id, tags: ['劳模'] })
  ).json().id as number;
  const p = await xcq.post('/api/retrofits/plans', { programmeId: g.json().id, personId: person });
  expect(p.statusCode, p.body).toBe(201);
  const plan = p.json().id as number;
  await xcq.put(`/api/retrofits/plans/${plan}/assessment`, { assessedOn: chinaToday(), findings: '卫生间无扶手', livesAlone: true });
  const designed = await xcq.put(`/api/retrofits/plans/${plan}/items`, { planItems: [{ kind: 'handrail', budgetFen: 1_000_00 }] });
  expect(designed.statusCode, designed.body).toBe(200);
  const [change] = await queryRows<{ id: number }>(
    t.db,
    sql`insert into retrofit_changes (plan_id, amount_fen, reason) values (${plan}, 100, '地面找平') returning id`,
  );
  const [photo] = await queryRows<{ id: number }>(
    t.db,
    sql`insert into retrofit_photos (plan_id, kind, filename, mime, size, data) values (${plan}, 'assessment', 'a.png', 'image/png', 1, '\\x00'::bytea) returning id`,
  );
  siblingRetrofitData = { programme: g.json().id, plan, item: designed.json().itemList[0].id, change: change!.id, photo: photo!.id, person };
  return siblingRetrofitData;
}

/** 新城区's check-up programme: a hospital, a slot, 韩梅梅 booked by the union, her results imported with an abnormal finding and its follow-up. */
let siblingHealthData: { programme: number; hospital: number; slot: number; booking: number; followup: number } | undefined;
function healthSheet(rows: string[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('结果');
  ws.addRow(['身份证号', '姓名', '检查项目', '结果', '单位', '参考范围', '异常标志']);
  for (const r of rows) ws.addRow(r);
  return wb.xlsx.writeBuffer().then((b) => Buffer.from(b));
}
async function siblingHealth() {
  if (siblingHealthData) return siblingHealthData;
  const xcq = await t.as('xcq_admin');
  const g = await xcq.post('/api/health/programmes', { orgId: target.org, year: Number(chinaToday().slice(0, 4)), title: '新城区职工体检', audience: null });
  expect(g.statusCode, g.body).toBe(201);
  const programme = g.json().id as number;
  const hospital = (await xcq.post(`/api/health/programmes/${programme}/hospitals`, { name: '新城区医院' })).json().hospitals[0].id as number;
  const day = daysFromToday(3);
  await xcq.post(`/api/health/programmes/${programme}/slots`, { hospitalId: hospital, from: day, to: day, capacity: 5, weekdays: [1, 2, 3, 4, 5, 6, 7] });
  const opened = await xcq.post(`/api/health/programmes/${programme}/status`, { status: 'open' });
  expect(opened.statusCode, opened.body).toBe(200);
  const slot = opened.json().slots[0].id as number;
  expect(
    (await xcq.post(`/api/health/programmes/${programme}/bookings`, { slotId: slot, personIds: [target.person], consentBasis: '本人书面同意' })).statusCode,
  ).toBe(200);
  const booking = (await xcq.get(`/api/health/programmes/${programme}/bookings`)).json().items[0].id as number;
  const imported = await multipart(
    xcq,
    `/api/health/programmes/${programme}/results/import?mode=apply`,
    '结果.xlsx',
    await healthSheet([[idn('15010219800101001'), '韩梅梅', '空腹血糖', '7.9', 'mmol/L', '3.9-6.1', '↑']]),
  );
  expect(imported.json(), imported.body).toMatchObject({ applied: true, followUps: 1 });
  const followup = (await xcq.get('/api/health/followups')).json().items[0].id as number;
  siblingHealthData = { programme, hospital, slot, booking, followup };
  return siblingHealthData;
}

/** An open discovery candidate of 新城区 (a worker marked 大病), found by 新城区's own run. */
async function siblingCandidate() {
  const xcq = await t.as('xcq_admin');
  const p = (await xcq.get(`/api/people/${target.person}`)).json();
  if (!p.tags.includes('大病')) await xcq.patch(`/api/people/${target.person}`, { version: p.version, tags: ['大病'] });
  const found = (await xcq.post('/api/hardship/discovery/run')).json();
  for (let i = 0; i < 100 && (await xcq.get(`/api/jobs/${found.id}`)).json().status !== 'done'; i++) await new Promise((r) => setTimeout(r, 50));
  return (await xcq.get('/api/hardship/discovery?status=open')).json().items[0].id as number;
}

/** An open join application of 新城区 (to its sanitation union, from the union's poster). */
let siblingApp: number | undefined;
let siblingStationId: number | undefined;
/** A station of 新城区 with one visit of a 新城区 worker. */
async function siblingStation() {
  if (siblingStationId) return siblingStationId;
  const xcq = await t.as('xcq_admin');
  const res = await xcq.post('/api/stations', {
    type: 'outdoor',
    name: '新城区户外劳动者服务站',
    orgId: target.child,
    address: '新城区中山东路 1 号',
    lng: 111.67383,
    lat: 40.81431,
    datum: 'gcj02',
    source: 'amap',
    openingHours: '24/7',
    amenities: ['water'],
  });
  expect(res.statusCode, res.body).toBe(201);
  siblingStationId = res.json().id as number;
  const [row] = await queryRows<{ visit_code: string }>(t.db, sql`select visit_code from stations where id = ${siblingStationId}`);
  const w = await t.asWorker('13900009902', target.person);
  expect((await w.post('/api/m/stations/visits', { code: row!.visit_code })).statusCode).toBe(200);
  return siblingStationId;
}

/** The sibling station's day-to-day records: a 站长 bound to it, goods in stock, a photo, an inspection, a service. */
let siblingOpsCache: { station: number; manager: number; goods: number; photo: number; service: number } | undefined;
async function siblingOps() {
  if (siblingOpsCache) return siblingOpsCache;
  const station = await siblingStation();
  const xcq = await t.as('xcq_admin');
  const manager = (
    await insertSystemAccount(t.db, {
      username: 'xcq_scope_station',
      displayName: '新城区站长',
      orgId: target.org,
      roles: ['station_manager'],
      passwordHash: await hashPassword(PASSWORD),
    })
  ).id;
  expect((await xcq.post(`/api/stations/${station}/managers`, { accountId: manager })).statusCode).toBe(200);
  const goods = (await xcq.post(`/api/stations/${station}/goods`, { name: '新城区矿泉水', unit: '箱' })).json().id as number;
  expect((await xcq.post(`/api/stations/${station}/goods/${goods}/in`, { quantity: 10, donor: '新城区爱心企业', movedOn: chinaToday() })).statusCode).toBe(200);
  const photos = await multipart(
    xcq,
    `/api/stations/${station}/photos`,
    '门头.png',
    Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(16)]),
  );
  const scores = { hygiene: 18, facilities: 18, hours: 18, ledger: 18, safety: 18 };
  expect((await xcq.post(`/api/stations/${station}/inspections`, { inspectedOn: chinaToday(), inspector: '新城区巡查员', scores })).statusCode).toBe(200);
  const services = await xcq.post(`/api/stations/${station}/services`, {
    heldOn: chinaToday(),
    kind: 'legal',
    title: '新城区法律咨询',
    provider: '新城区律所',
    participants: 9,
  });
  siblingOpsCache = { station, manager, goods, photo: photos.json().items[0].id, service: services.json().items[0].id };
  return siblingOpsCache;
}

function multipart(client: TestClient, url: string, filename: string, data: Buffer) {
  const boundary = 'scope-station-upload';
  return client.request({
    method: 'POST',
    url,
    payload: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n\r\n`),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

/** A station sheet naming the sibling county's union as host. */
async function siblingStationSheet() {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('驿站');
  ws.addRow(['驿站类型', '驿站名称', '承建工会', '详细地址', '经度', '纬度', '坐标来源', '开放时间']);
  ws.addRow(['工会驿站', '越权导入驿站', '呼和浩特市新城区总工会', '越权', '111.7', '40.8', '高德地图', '24/7']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function siblingApplication() {
  if (siblingApp) return siblingApp;
  const w = await t.asWorker('13900009901');
  const res = await w.post('/api/m/membership/applications', {
    name: '新城区申请人',
    idNumber: idn('15010219960606001'),
    posterOrgId: target.child,
    occupation: 'sanitation',
  });
  expect(res.statusCode, res.body).toBe(201);
  return (siblingApp = res.json().id as number);
}

/** An open correction request of a 新城区 person (asked from the portal by the worker bound to them). */
let siblingCorrection: number | undefined;
async function siblingCorrectionRequest() {
  if (siblingCorrection) return siblingCorrection;
  const w = await t.asWorker('13900009902', target.person);
  const res = await w.post('/api/m/profile/corrections', { field: 'address', value: '呼和浩特市新城区海拉尔东路 2 号' });
  expect(res.statusCode, res.body).toBeLessThan(300);
  const queue = (await (await t.as('xcq_admin')).get('/api/people/corrections')).json() as { items: { id: number }[] };
  expect(queue.items.length).toBeGreaterThan(0);
  return (siblingCorrection = queue.items[0]!.id);
}

/** A summer camp of 新城区 with one 新城区 worker's child applied (the child and the application are 新城区's). */
let siblingCampFacts: { camp: number; child: number; application: number } | undefined;
async function siblingCamp() {
  if (siblingCampFacts) return siblingCampFacts;
  const xcq = await t.as('xcq_admin');
  const startsOn = daysFromToday(30);
  const camp = await xcq.post('/api/events/camps', {
    orgId: target.org,
    title: '新城区职工子女夏令营',
    place: '新城区营地',
    startsOn,
    endsOn: startsOn,
    places: 2,
    minAge: 6,
    maxAge: 14,
    minGrade: 0,
    maxGrade: 12,
    reserved: {},
  });
  expect(camp.statusCode, camp.body).toBe(201);
  const child = await xcq.post('/api/events/camps/children', {
    guardianPersonId: target.person,
    name: '韩小梅',
    idNumber: idn(`150102${Number(startsOn.slice(0, 4)) - 10}0101002`),
    grade: 4,
    consent: { givenBy: '韩梅梅', relation: 'mother', givenOn: chinaToday(), purpose: '报名工会夏令营' },
  });
  expect(child.statusCode, child.body).toBe(201);
  const app = await xcq.post(`/api/events/camps/${camp.json().id}/applications`, { childId: child.json().id });
  expect(app.statusCode, app.body).toBe(201);
  return (siblingCampFacts = { camp: camp.json().id as number, child: child.json().id as number, application: app.json().id as number });
}

/** A 疗休养 batch of 新城区 with one of its people nominated, noticed, with an objection. */
let siblingBatch: { id: number; application: number; objection: number } | undefined;
async function siblingRecuperation() {
  if (siblingBatch) return siblingBatch;
  const xcq = await t.as('xcq_admin');
  const base = '/api/events/recuperation/batches';
  const b = await xcq.post(base, {
    orgId: target.org,
    title: '新城区疗休养',
    year: Number(daysFromToday(40).slice(0, 4)),
    destination: '阿尔山',
    startsOn: daysFromToday(40),
    endsOn: daysFromToday(45),
    places: 1,
    subsidyFen: 50000,
  });
  expect(b.statusCode, b.body).toBe(201);
  const id = b.json().id as number;
  const a = await xcq.post(`${base}/${id}/nominations`, { personId: target.person, healthDeclared: true });
  expect(a.statusCode, a.body).toBe(201);
  expect((await xcq.post(`${base}/${id}/notice`)).statusCode).toBe(200);
  const o = await xcq.post(`${base}/${id}/objections`, { applicationId: a.json().id, text: '越权测试' });
  return (siblingBatch = { id, application: a.json().id as number, objection: o.json().id as number });
}

type Case = () => Promise<void>;
/** A lecture of 新城区's menu ordered by its grassroots union, delivered, with a photo. */
let siblingLectureIds: { performer: number; item: number; order: number; photo: number } | undefined;
async function siblingLecture() {
  if (siblingLectureIds) return siblingLectureIds;
  const xcq = await t.as('xcq_admin');
  const base = '/api/events/lectures';
  const performer = (await xcq.post(`${base}/performers`, { orgId: t.seed.xinCheng.id, kind: 'speaker', name: '新城区宣讲员' })).json().id as number;
  const item = (
    await xcq.post(`${base}/menu`, {
      orgId: t.seed.xinCheng.id,
      kind: 'lecture',
      topic: '新城区宣讲',
      performerId: performer,
      durationMinutes: 60,
      maxAudience: 100,
    })
  ).json().id as number;
  const day = daysFromToday(5);
  const order = (
    await xcq.post(`${base}/orders`, { itemId: item, orgId: t.seed.xinChengSanitation.id, wishedDates: [day], place: '新城区会议室', expectedAudience: 30 })
  ).json().id as number;
  await xcq.post(`${base}/orders/${order}/schedule`, { startsAt: `${day}T09:00:00+08:00`, endsAt: `${day}T10:00:00+08:00` });
  await xcq.post(`${base}/orders/${order}/confirm`);
  // The lecture has been given (已开展 is recorded only once it begins).
  await t.db.execute(sql`update lecture_orders set starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour' where id = ${order}`);
  expect((await xcq.post(`${base}/orders/${order}/deliver`)).statusCode).toBe(200);
  const boundary = 'scope-photo';
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  const up = await xcq.request({
    method: 'POST',
    url: `${base}/orders/${order}/photos`,
    payload: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n`),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  siblingLectureIds = { performer, item, order, photo: up.json().photos[0].id as number };
  return siblingLectureIds;
}
const lectureOrder = async () => `/api/events/lectures/orders/${(await siblingLecture()).order}`;

/** An open event of 新城区 with a session and a sign-up of its person; a city event with one sign-up of each county. */
let siblingEventIds: { own: number; session: number; signup: number; city: number; citySignup: number } | undefined;
async function siblingEvent() {
  if (siblingEventIds) return siblingEventIds;
  const [xcq, hhht] = [await t.as('xcq_admin'), await t.as('hhht_admin')];
  const open = async (c: TestClient, orgId: number) => {
    const e = (await c.post('/api/events', { kind: 'reading', orgId, title: orgId === t.seed.hhht.id ? '市级读书会' : '本区读书会', capacity: 10 })).json();
    const s = (
      await c.post(`/api/events/${e.id}/sessions`, {
        startsAt: `${daysFromToday(5)}T09:00:00+08:00`,
        endsAt: `${daysFromToday(5)}T11:00:00+08:00`,
        place: '工会会议室',
      })
    ).json();
    await c.post(`/api/events/${e.id}/transition`, { action: 'open', version: s.version });
    return { id: e.id as number, session: s.sessionList[0].id as number };
  };
  const own = await open(xcq, t.seed.xinCheng.id);
  const signup = (await xcq.post(`/api/events/${own.id}/signups`, { personId: target.person })).json().id as number;
  await xcq.post(`/api/events/${own.id}/signups/${signup}/attendance`, { attended: true });
  const city = await open(hhht, t.seed.hhht.id);
  const citySignup = (await xcq.post(`/api/events/${city.id}/signups`, { personId: target.person })).json().id as number;
  await xcq.post(`/api/events/${city.id}/signups/${citySignup}/attendance`, { attended: true });
  await sh.post(`/api/events/${city.id}/signups`, { personId: target.shPerson });
  siblingEventIds = { own: own.id, session: own.session, signup, city: city.id, citySignup };
  return siblingEventIds;
}
const eventBody = { kind: 'reading', title: '越权活动', capacity: 5 };

/**
 * An entry list on 新城区's event, its person checked in on one phone and again on another (a
 * conflict); an offline hand-out refused at 新城区's point of the city's campaign.
 */
let siblingCheckinIds: { list: number; key: string } | undefined;
async function siblingCheckin() {
  if (siblingCheckinIds) return siblingCheckinIds;
  const { own, signup } = await siblingEvent();
  const xcq = await t.as('xcq_admin');
  const list = await xcq.post(`/api/events/${own}/checkin-lists`, { name: '入场签到', kind: 'entry', mode: 'once' });
  expect(list.statusCode, list.body).toBe(201);
  const { code } = (await xcq.get(`/api/events/${own}/signups/${signup}/ticket`)).json();
  for (const [deviceId, key] of [
    ['scope-phone-a', 'scope-checkin-0001'],
    ['scope-phone-b', 'scope-checkin-0002'],
  ]) {
    const synced = await xcq.post(`/api/checkin/lists/${list.json().id}/sync`, {
      deviceId,
      items: [{ idempotencyKey: key, code, scannedAt: new Date().toISOString() }],
    });
    expect(synced.statusCode, synced.body).toBe(200);
  }
  const handout = await xcq.post(`/api/checkin/points/${camp.point}/sync`, {
    deviceId: 'scope-phone-a',
    items: [{ idempotencyKey: 'scope-handout-0001', code: 'NJ1-1-AAAAAAAAAAAAAAAA', scannedAt: new Date().toISOString() }],
  });
  expect(handout.statusCode, handout.body).toBe(200);
  return (siblingCheckinIds = { list: list.json().id as number, key: 'scope-checkin-0001' });
}
const checkinList = async () => `/api/checkin/lists/${(await siblingCheckin()).list}`;
const scanNow = (idempotencyKey: string, code = 'NJE1-1-AAAAAAAAAAAAAAAA') => ({ idempotencyKey, code, scannedAt: new Date().toISOString() });

/**
 * 新城区's skills competition: a trade, a 预赛 and a 决赛, a judge, one of its people entered and
 * scored; and one of 赛罕区's own, to try entering 新城区's people and judges into.
 */
let siblingContestIds: { id: number; trade: number; round: number; judge: number; entry: number; own: number; ownTrade: number; ownRound: number } | undefined;
async function siblingContest() {
  if (siblingContestIds) return siblingContestIds;
  const xcq = await t.as('xcq_admin');
  const base = '/api/events/competitions';
  const setUp = async (c: TestClient, orgId: number, title: string) => {
    const contest = await c.post(base, { orgId, title });
    expect(contest.statusCode, contest.body).toBe(201);
    const id = contest.json().id as number;
    const trade = (await c.post(`${base}/${id}/trades`, { name: '电工', firstPrizes: 1, secondPrizes: 0, thirdPrizes: 0, meritPrizes: 0 })).json().id as number;
    const round = (await c.post(`${base}/${id}/rounds`, { name: '预赛', advance: 1 })).json().id as number;
    return { id, trade, round };
  };
  const { id, trade, round } = await setUp(xcq, target.org, '新城区职工技能大赛');
  await xcq.post(`${base}/${id}/rounds`, { name: '决赛' });
  const judge = (await xcq.post(`${base}/${id}/judges`, { roundId: round, tradeId: trade, name: '王评委' })).json().id as number;
  const entry = await xcq.post(`${base}/${id}/entries`, { tradeId: trade, kind: 'individual', personIds: [target.person] });
  expect(entry.statusCode, entry.body).toBe(201);
  expect((await xcq.post(`${base}/${id}/scores`, { roundId: round, judgeId: judge, entryId: entry.json().id, score: 90 })).statusCode).toBe(201);
  const own = await setUp(sh, t.seed.saihan.id, '赛罕区职工技能大赛');
  siblingContestIds = { id, trade, round, judge, entry: entry.json().id as number, own: own.id, ownTrade: own.trade, ownRound: own.round };
  return siblingContestIds;
}
const contest = async () => `/api/events/competitions/${(await siblingContest()).id}`;

/**
 * 新城区's model worker (the worker with the hardship file): an honour, a care record linked to the
 * file, 新城区's standard of the honorary allowance, a paid run (made by 新城区, confirmed by 呼和浩特)
 * and a run waiting for confirmation.
 */
let siblingMutualaidIds: { plan: number; enrolment: number; claim: number; approved: number; payment: number; doc: number } | undefined;
/** 新城区's mutual aid: its own plan, everyone of it enrolled, a claim waiting for review with a scan, one approved and put into a payment batch. */
async function siblingMutualaid() {
  if (siblingMutualaidIds) return siblingMutualaidIds;
  const xcq = await t.as('xcq_admin');
  const cadre = await t.as('xcq_cadre');
  const start = daysFromToday(-200);
  const created = await xcq.post('/api/mutualaid/plans', {
    name: '新城区住院互助',
    kind: 'hospital',
    orgId: target.org,
    termStart: start,
    termEnd: daysFromToday(160),
    contributionFen: 3000,
    audience: {},
    waitingDays: 0,
    formula: { parts: [{ type: 'per_day', perDayFen: 5000, fromDay: 1 }] },
    requiredDocuments: [],
  });
  expect(created.statusCode, created.body).toBe(201);
  const plan = created.json().id as number;
  await xcq.post(`/api/mutualaid/plans/${plan}/status`, { status: 'open' });
  expect((await xcq.post(`/api/mutualaid/plans/${plan}/enrol`, { orgId: target.org, paidOn: start })).statusCode).toBe(201);
  const enrolment = (await xcq.get(`/api/mutualaid/plans/${plan}/enrolments?pageSize=200`))
    .json()
    .items.find((e: { personId: number }) => e.personId === target.other).id;
  const file = (over: object) => ({
    enrolmentId: enrolment,
    eventDate: today(),
    facts: { hospitalDays: 3 },
    claimedFen: 15000,
    bankAccount: '6222020200112233445',
    ...over,
  });
  const first = await xcq.post('/api/mutualaid/claims', file({ invoiceNos: ['XCQ0001'] }));
  expect(first.statusCode, first.body).toBe(201);
  const claim = first.json().id as number;
  const approved = (await xcq.post('/api/mutualaid/claims', file({ invoiceNos: ['XCQ0002'] }))).json().id as number;
  await cadre.post(`/api/mutualaid/claims/${approved}/review`, {});
  await xcq.post(`/api/mutualaid/claims/${approved}/recheck`, {});
  const ok = await xcq.post(`/api/mutualaid/claims/${approved}/approve`, {});
  expect(ok.statusCode, ok.body).toBe(200);
  const payment = (await xcq.post('/api/mutualaid/payments', { orgId: target.org })).json().id as number;
  const boundary = 'scope-doc';
  const doc = await xcq.request({
    method: 'POST',
    url: `/api/mutualaid/claims/${claim}/documents`,
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ninvoice\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n`,
      ),
      Buffer.from('89504e470d0a1a0a0000', 'hex'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  expect(doc.statusCode, doc.body).toBe(201);
  siblingMutualaidIds = { plan, enrolment, claim, approved, payment, doc: doc.json().id };
  return siblingMutualaidIds;
}
async function siblingEnrolSheet() {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名单');
  ws.addRow(['姓名', '身份证号', '用人单位']);
  ws.addRow(['韩梅梅', idn('15010219800101003'), '']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

let siblingModelWorkerIds: { person: number; honour: number; paid: number; draft: number } | undefined;
async function siblingModelWorker() {
  if (siblingModelWorkerIds) return siblingModelWorkerIds;
  const xcq = await t.as('xcq_admin');
  const person = target.other;
  const added = await xcq.post(`/api/modelworkers/${person}/honours`, {
    level: 'city',
    year: 2012,
    awardingBody: '呼和浩特市人民政府',
    certificateNo: 'XCQ-2012-01',
  });
  expect(added.statusCode, added.body).toBe(201);
  const care = await xcq.post(`/api/modelworkers/${person}/care`, {
    kind: 'hardship_support',
    on: today(),
    detail: '新城区助学帮扶',
    hardshipCaseId: hardshipCase,
  });
  expect(care.statusCode, care.body).toBe(201);
  await xcq.put(`/api/modelworkers/${person}/profile`, { livingAlone: true, disability: 'none', illness: '新城区记录的病情' });
  const year = Number(chinaToday().slice(0, 4)) - 1;
  expect((await xcq.post('/api/policies', { orgId: target.org, key: 'mw_honorary_city', value: 10000, effectiveFrom: `${year - 1}-01-01` })).statusCode).toBe(
    200,
  );
  const paid = await xcq.post('/api/modelworkers/runs', { orgId: target.org, kind: 'honorary', period: `${year}-01` });
  expect(paid.statusCode, paid.body).toBe(201);
  expect((await (await t.as('hhht_admin')).post(`/api/modelworkers/runs/${paid.json().id}/confirm`)).statusCode).toBe(200);
  const draft = await xcq.post('/api/modelworkers/runs', { orgId: target.org, kind: 'honorary', period: `${year}-02` });
  expect(draft.statusCode, draft.body).toBe(201);
  siblingModelWorkerIds = { person, honour: added.json().honours[0].id, paid: paid.json().id, draft: draft.json().id };
  return siblingModelWorkerIds;
}
/** An honours sheet naming 新城区's worker (韩梅梅, the second of the near-duplicates). */
const siblingModelWorkerSheet = async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('劳模');
  ws.addRow(['姓名', '身份证号', '荣誉等级', '授予年份', '授予机关']);
  ws.addRow(['韩梅梅', idn('15010219800101003'), '盟市级劳动模范', '2013', '越权导入']);
  return Buffer.from(await wb.xlsx.writeBuffer());
};
const honourCount = async () => (await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from model_worker_honours`))[0]!.n;
const modelWorkerBody = { level: 'city', year: 2014, awardingBody: '越权' };

const cases: Record<string, Case> = {
  'GET /api/events': async () => {
    const { own, city } = await siblingEvent();
    const ids = (await sh.get('/api/events?pageSize=200')).json().items.map((e: { id: number }) => e.id);
    expect(ids).toContain(city);
    expect(ids).not.toContain(own);
    expectNotFound(await sh.get(`/api/events?orgId=${target.org}`));
  },
  'POST /api/events': async () => {
    expectNotFound(await sh.post('/api/events', { ...eventBody, orgId: target.org }));
    expectNotFound(await sh.post('/api/events', { ...eventBody, orgId: t.seed.saihan.id, audience: { orgIds: [target.org] } }));
  },
  'POST /api/events/audience-preview': async () => expectNotFound(await sh.post('/api/events/audience-preview', { orgId: target.org })),
  'GET /api/events/calendar/{orgId}.ics': async () => expectNotFound(await sh.get(`/api/events/calendar/${target.org}.ics`)),
  'GET /api/events/{id}': async () => {
    const { own, city } = await siblingEvent();
    expectNotFound(await sh.get(`/api/events/${own}`));
    const view = (await sh.get(`/api/events/${city}`)).json();
    expect(JSON.stringify(view)).not.toMatch(SIBLING_NAMES);
    expect(view.counts.confirmed).toBe(1);
  },
  'PUT /api/events/{id}': async () =>
    expectNotFound(await sh.put(`/api/events/${(await siblingEvent()).own}`, { version: 1, data: { ...eventBody, orgId: t.seed.saihan.id } })),
  'POST /api/events/{id}/transition': async () => {
    const { own, city } = await siblingEvent();
    expectNotFound(await sh.post(`/api/events/${own}/transition`, { action: 'close', version: 3 }));
    expectNotFound(await sh.post(`/api/events/${city}/transition`, { action: 'close', version: 3 }));
  },
  'POST /api/events/{id}/sessions': async () =>
    expectNotFound(
      await sh.post(`/api/events/${(await siblingEvent()).own}/sessions`, {
        startsAt: `${daysFromToday(6)}T09:00:00+08:00`,
        endsAt: `${daysFromToday(6)}T10:00:00+08:00`,
        place: '越权',
      }),
    ),
  'PUT /api/events/{id}/sessions/{sessionId}': async () => {
    const { own, session } = await siblingEvent();
    expectNotFound(
      await sh.put(`/api/events/${own}/sessions/${session}`, {
        startsAt: `${daysFromToday(6)}T09:00:00+08:00`,
        endsAt: `${daysFromToday(6)}T10:00:00+08:00`,
        place: '越权',
      }),
    );
  },
  'DELETE /api/events/{id}/sessions/{sessionId}': async () => {
    const { own, session } = await siblingEvent();
    expectNotFound(await sh.delete(`/api/events/${own}/sessions/${session}`));
  },
  'GET /api/events/{id}/quotas': async () => {
    const { own, city } = await siblingEvent();
    expectNotFound(await sh.get(`/api/events/${own}/quotas`));
    expect(JSON.stringify((await sh.get(`/api/events/${city}/quotas`)).json())).not.toMatch(SIBLING_NAMES);
  },
  'PUT /api/events/{id}/quotas': async () => {
    const { own, city } = await siblingEvent();
    expectNotFound(await sh.put(`/api/events/${own}/quotas`, { orgId: target.child, places: 1 }));
    expectNotFound(await sh.put(`/api/events/${city}/quotas`, { orgId: target.org, places: 1 }));
  },
  'GET /api/events/{id}/signups': async () => {
    const { own, city } = await siblingEvent();
    expectNotFound(await sh.get(`/api/events/${own}/signups`));
    const page = (await sh.get(`/api/events/${city}/signups`)).json();
    expect(page.total).toBe(1);
    expect(JSON.stringify(page)).not.toMatch(SIBLING_NAMES);
    expectNotFound(await sh.get(`/api/events/${city}/signups?orgId=${target.org}`));
  },
  'POST /api/events/{id}/signups': async () => {
    const { own, city } = await siblingEvent();
    expectNotFound(await sh.post(`/api/events/${own}/signups`, { personId: target.shPerson }));
    expectNotFound(await sh.post(`/api/events/${city}/signups`, { personId: target.other }));
  },
  'POST /api/events/{id}/signups/{signupId}/cancel': async () => {
    const { own, signup, city, citySignup } = await siblingEvent();
    expectNotFound(await sh.post(`/api/events/${own}/signups/${signup}/cancel`, {}));
    expectNotFound(await sh.post(`/api/events/${city}/signups/${citySignup}/cancel`, {}));
  },
  'POST /api/events/{id}/signups/{signupId}/attendance': async () => {
    const { city, citySignup } = await siblingEvent();
    expectNotFound(await sh.post(`/api/events/${city}/signups/${citySignup}/attendance`, { attended: false }));
  },
  'GET /api/events/{id}/signups/{signupId}/certificate.pdf': async () => {
    const { own, signup, city, citySignup } = await siblingEvent();
    expectNotFound(await sh.get(`/api/events/${own}/signups/${signup}/certificate.pdf`));
    expectNotFound(await sh.get(`/api/events/${city}/signups/${citySignup}/certificate.pdf`));
  },
  'GET /api/events/{id}/checkin-lists': async () => {
    await siblingCheckin();
    const { own, city } = await siblingEvent();
    expectNotFound(await sh.get(`/api/events/${own}/checkin-lists`));
    // Check-in is run by the organiser's subtree: not even the city's event, which 赛罕区 may read.
    expectNotFound(await sh.get(`/api/events/${city}/checkin-lists`));
  },
  'POST /api/events/{id}/checkin-lists': async () =>
    expectNotFound(await sh.post(`/api/events/${(await siblingEvent()).own}/checkin-lists`, { name: '越权签到', kind: 'entry', mode: 'once' })),
  'GET /api/events/{id}/checkin-conflicts': async () => {
    await siblingCheckin();
    expectNotFound(await sh.get(`/api/events/${(await siblingEvent()).own}/checkin-conflicts`));
  },
  'GET /api/events/{id}/signups/{signupId}/ticket': async () => {
    const { own, signup, city, citySignup } = await siblingEvent();
    expectNotFound(await sh.get(`/api/events/${own}/signups/${signup}/ticket`));
    expectNotFound(await sh.get(`/api/events/${city}/signups/${citySignup}/ticket`));
  },
  'GET /api/checkin/lists': async () => {
    const { list } = await siblingCheckin();
    const lists = (await sh.get('/api/checkin/lists')).json();
    expect(lists.map((l: { id: number }) => l.id)).not.toContain(list);
    expect(JSON.stringify(lists)).not.toMatch(SIBLING_NAMES);
  },
  'GET /api/checkin/lists/{listId}/download': async () => expectNotFound(await sh.get(`${await checkinList()}/download`)),
  'POST /api/checkin/lists/{listId}/sync': async () => {
    const { key } = await siblingCheckin();
    expectNotFound(await sh.post(`${await checkinList()}/sync`, { deviceId: 'scope-phone-c', items: [scanNow('scope-cross-0002')] }));
    // A key 新城区's phone used, replayed on a list of 赛罕区's own: refused, without 新城区's answer.
    const event = (await sh.post('/api/events', { kind: 'reading', orgId: t.seed.saihan.id, title: '赛罕区读书会', capacity: 10 })).json().id as number;
    const own = (await sh.post(`/api/events/${event}/checkin-lists`, { name: '赛罕区签到', kind: 'entry', mode: 'once' })).json().id as number;
    const replay = await sh.post(`/api/checkin/lists/${own}/sync`, { deviceId: 'scope-phone-c', items: [scanNow(key)] });
    expect(replay.statusCode, replay.body).toBe(400);
    expect(replay.body).not.toMatch(/韩\*梅|"ref"/);
  },
  'GET /api/checkin/lists/{listId}/lines': async () => expectNotFound(await sh.get(`${await checkinList()}/lines`)),
  'GET /api/checkin/points/{pointId}/download': async () => expectNotFound(await sh.get(`/api/checkin/points/${camp.point}/download`)),
  'POST /api/checkin/points/{pointId}/sync': async () =>
    expectNotFound(
      await sh.post(`/api/checkin/points/${camp.point}/sync`, { deviceId: 'scope-phone-c', items: [scanNow('scope-cross-0003', 'NJ1-1-AAAAAAAAAAAAAAAA')] }),
    ),
  'GET /api/checkin/points/{pointId}/conflicts': async () => {
    await siblingCheckin();
    expectNotFound(await sh.get(`/api/checkin/points/${camp.point}/conflicts`));
  },
  'GET /api/events/lectures/performers': async () => {
    await siblingLecture();
    expect(JSON.stringify((await sh.get('/api/events/lectures/performers')).json())).not.toMatch(SIBLING_NAMES);
  },
  'POST /api/events/lectures/performers': async () =>
    expectNotFound(await sh.post('/api/events/lectures/performers', { orgId: target.org, kind: 'speaker', name: '越权' })),
  'GET /api/events/lectures/menu': async () => {
    await siblingLecture();
    expect(JSON.stringify((await sh.get('/api/events/lectures/menu')).json())).not.toMatch(SIBLING_NAMES);
  },
  'POST /api/events/lectures/menu': async () =>
    expectNotFound(
      await sh.post('/api/events/lectures/menu', {
        orgId: target.org,
        kind: 'lecture',
        topic: '越权',
        performerId: (await siblingLecture()).performer,
        durationMinutes: 60,
        maxAudience: 10,
      }),
    ),
  'GET /api/events/lectures/orders': async () => {
    await siblingLecture();
    const page = (await sh.get('/api/events/lectures/orders?pageSize=200')).json();
    expect(page.total).toBe(0);
    expect(JSON.stringify(page)).not.toMatch(SIBLING_NAMES);
    expectNotFound(await sh.get(`/api/events/lectures/orders?orgId=${target.org}`));
  },
  'POST /api/events/lectures/orders': async () =>
    expectNotFound(
      await sh.post('/api/events/lectures/orders', {
        itemId: (await siblingLecture()).item,
        orgId: target.child,
        wishedDates: [daysFromToday(5)],
        place: '越权',
        expectedAudience: 10,
      }),
    ),
  'GET /api/events/lectures/orders/{id}': async () => expectNotFound(await sh.get(await lectureOrder())),
  'GET /api/events/lectures/orders/{id}/schedule-check': async () =>
    expectNotFound(
      await sh.get(
        `${await lectureOrder()}/schedule-check?startsAt=${encodeURIComponent(`${daysFromToday(6)}T09:00:00+08:00`)}&endsAt=${encodeURIComponent(`${daysFromToday(6)}T10:00:00+08:00`)}`,
      ),
    ),
  'POST /api/events/lectures/orders/{id}/schedule': async () =>
    expectNotFound(
      await sh.post(`${await lectureOrder()}/schedule`, { startsAt: `${daysFromToday(6)}T09:00:00+08:00`, endsAt: `${daysFromToday(6)}T10:00:00+08:00` }),
    ),
  'POST /api/events/lectures/orders/{id}/confirm': async () => expectNotFound(await sh.post(`${await lectureOrder()}/confirm`)),
  'POST /api/events/lectures/orders/{id}/deliver': async () => expectNotFound(await sh.post(`${await lectureOrder()}/deliver`)),
  'POST /api/events/lectures/orders/{id}/close': async () => expectNotFound(await sh.post(`${await lectureOrder()}/close`, { attendance: 1, rating: 1 })),
  'POST /api/events/lectures/orders/{id}/decline': async () => expectNotFound(await sh.post(`${await lectureOrder()}/decline`, { reason: '越权' })),
  'POST /api/events/lectures/orders/{id}/cancel': async () => expectNotFound(await sh.post(`${await lectureOrder()}/cancel`, { reason: '越权' })),
  'POST /api/events/lectures/orders/{id}/photos': async () => {
    const boundary = 'scope-photo';
    const res = await sh.request({
      method: 'POST',
      url: `${await lectureOrder()}/photos`,
      payload: Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\x89PNG\r\n\x1a\n\r\n--${boundary}--\r\n`,
        'latin1',
      ),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expectNotFound(res);
  },
  'GET /api/events/lectures/orders/{id}/photos/{photoId}': async () => {
    const { order, photo } = await siblingLecture();
    expectNotFound(await sh.get(`/api/events/lectures/orders/${order}/photos/${photo}`));
  },
  'GET /api/events/lectures/stats': async () => {
    await siblingLecture();
    const s = (await sh.get('/api/events/lectures/stats')).json();
    expect(s.orders).toBe(0);
    expect(JSON.stringify(s)).not.toMatch(SIBLING_NAMES);
    expectNotFound(await sh.get(`/api/events/lectures/stats?orgId=${target.org}`));
  },
  'GET /api/events/competitions': async () => {
    const { id } = await siblingContest();
    const page = (await sh.get('/api/events/competitions?pageSize=100')).json();
    expect(page.items.map((c: { id: number }) => c.id)).not.toContain(id);
    expect(JSON.stringify(page)).not.toMatch(SIBLING_NAMES);
    expectNotFound(await sh.get(`/api/events/competitions?orgId=${target.org}`));
  },
  'POST /api/events/competitions': async () => expectNotFound(await sh.post('/api/events/competitions', { orgId: target.org, title: '越权竞赛' })),
  'GET /api/events/competitions/{id}': async () => expectNotFound(await sh.get(await contest())),
  'POST /api/events/competitions/{id}/trades': async () =>
    expectNotFound(await sh.post(`${await contest()}/trades`, { name: '越权工种', firstPrizes: 1, secondPrizes: 0, thirdPrizes: 0, meritPrizes: 0 })),
  'POST /api/events/competitions/{id}/rounds': async () => expectNotFound(await sh.post(`${await contest()}/rounds`, { name: '越权轮次' })),
  'POST /api/events/competitions/{id}/rounds/{roundId}/close': async () =>
    expectNotFound(await sh.post(`${await contest()}/rounds/${(await siblingContest()).round}/close`)),
  'GET /api/events/competitions/{id}/rounds/{roundId}/sheet': async () => {
    const { round, trade } = await siblingContest();
    expectNotFound(await sh.get(`${await contest()}/rounds/${round}/sheet?tradeId=${trade}`));
  },
  'POST /api/events/competitions/{id}/judges': async () => {
    const { round, trade, own, ownRound, ownTrade } = await siblingContest();
    expectNotFound(await sh.post(`${await contest()}/judges`, { roundId: round, tradeId: trade, name: '越权评委' }));
    // A judge who signs in must be an account of the organiser's subtree.
    expectNotFound(
      await sh.post(`/api/events/competitions/${own}/judges`, { roundId: ownRound, tradeId: ownTrade, name: '越权评委', accountId: target.account }),
    );
  },
  'POST /api/events/competitions/{id}/entries': async () => {
    const { trade, own, ownTrade } = await siblingContest();
    expectNotFound(await sh.post(`${await contest()}/entries`, { tradeId: trade, kind: 'individual', personIds: [target.shPerson] }));
    // 赛罕区's own contest takes only its own people.
    expectNotFound(await sh.post(`/api/events/competitions/${own}/entries`, { tradeId: ownTrade, kind: 'individual', personIds: [target.other] }));
  },
  'POST /api/events/competitions/{id}/scores': async () => {
    const { round, judge, entry } = await siblingContest();
    expectNotFound(await sh.post(`${await contest()}/scores`, { roundId: round, judgeId: judge, entryId: entry, score: 60 }));
  },
  'POST /api/events/competitions/{id}/trades/{tradeId}/awards': async () =>
    expectNotFound(await sh.post(`${await contest()}/trades/${(await siblingContest()).trade}/awards`, { honour: true })),
  'POST /api/events/competitions/{id}/trades/{tradeId}/awards/revoke': async () =>
    expectNotFound(await sh.post(`${await contest()}/trades/${(await siblingContest()).trade}/awards/revoke`, { reason: '越权撤销' })),
  'POST /api/events/competitions/{id}/entries/{entryId}/disqualify': async () =>
    expectNotFound(await sh.post(`${await contest()}/entries/${(await siblingContest()).entry}/disqualify`, { reason: '越权取消成绩' })),
  'GET /api/orgs/tree': async () => {
    expectNotFound(await sh.get(`/api/orgs/tree?parentId=${target.org}`));
    const top = (await sh.get('/api/orgs/tree')).json();
    expect(top.map((o: { id: number }) => o.id)).toEqual([t.seed.saihan.id]);
  },
  'GET /api/orgs/search': async () => {
    expect((await sh.get('/api/orgs/search?q=新城区')).json().total).toBe(0);
    expect((await sh.get(`/api/orgs/search?within=${target.org}`)).statusCode).toBe(404);
  },
  'GET /api/orgs/transfer-targets': async () => {
    // Crosses scope by design (a worker may move to any union): 赛罕区 finds 新城区's union, but
    // only as a directory entry — no counts, contacts, codes, nothing below it.
    const hits = (await sh.get(`/api/orgs/transfer-targets?q=${encodeURIComponent('新城区')}`)).json();
    expect(hits).toEqual([
      {
        id: target.child,
        name: '新城区环境卫生服务中心工会',
        type: 'grassroots',
        ancestors: ['内蒙古自治区总工会', '呼和浩特市总工会', '呼和浩特市新城区总工会'],
        inScope: false,
      },
    ]);
    expect((await shAuditor.get(`/api/orgs/transfer-targets?q=${encodeURIComponent('新城区')}`)).statusCode).toBe(403);
  },
  'GET /api/orgs/stats': async () => {
    expectNotFound(await sh.get(`/api/orgs/stats?orgId=${target.org}`));
    expect((await sh.get('/api/orgs/stats')).json().total).toBe(2);
  },
  'GET /api/orgs/export': async () => {
    expectNotFound(await sh.get(`/api/orgs/export?within=${target.org}`));
    const names = await xlsxColumn((await sh.get('/api/orgs/export')).rawPayload, 1);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => SIBLING_NAMES.test(n))).toEqual([]);
  },
  'POST /api/orgs/import': async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('x');
    ws.addRow(['组织名称', '组织类型', '上级组织']);
    ws.addRow(['越权导入工会', '基层工会', '呼和浩特市新城区总工会']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const boundary = 'scope-boundary';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await sh.request({
      method: 'POST',
      url: '/api/orgs/import?mode=apply',
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(res.json().applied).toBe(false);
    expect(res.json().errors[0].message).toContain('找不到上级组织');
  },
  'GET /api/orgs/{id}': async () => expectNotFound(await sh.get(`/api/orgs/${target.child}`)),
  'POST /api/orgs': async () => expectNotFound(await sh.post('/api/orgs', { parentId: target.org, name: '越权新增', type: 'grassroots' })),
  'PATCH /api/orgs/{id}': async () => expectNotFound(await sh.patch(`/api/orgs/${target.child}`, { address: '越权' })),
  'POST /api/orgs/{id}/move': async () => {
    expectNotFound(await sh.post(`/api/orgs/${target.child}/move`, { parentId: t.seed.saihan.id }));
    expectNotFound(await sh.post(`/api/orgs/${t.seed.saihanJoint.id}/move`, { parentId: target.org }));
  },
  'POST /api/orgs/{id}/status': async () => expectNotFound(await sh.post(`/api/orgs/${target.child}/status`, { status: 'inactive' })),

  'GET /api/accounts': async () => {
    const list = (await sh.get('/api/accounts?pageSize=200')).json();
    expect(list.items.map((a: { orgName: string }) => a.orgName).filter((n: string) => SIBLING_NAMES.test(n))).toEqual([]);
    expect(list.total).toBe(2);
    expectNotFound(await sh.get(`/api/accounts?orgId=${target.org}`));
  },
  'GET /api/accounts/stats': async () => expect((await sh.get('/api/accounts/stats')).json().total).toBe(2),
  'GET /api/accounts/export': async () => {
    const orgNames = await xlsxColumn((await sh.get('/api/accounts/export')).rawPayload, 3);
    expect(orgNames.length).toBe(2);
    expect(orgNames.filter((n) => SIBLING_NAMES.test(n))).toEqual([]);
  },
  'GET /api/accounts/{id}': async () => expectNotFound(await sh.get(`/api/accounts/${target.account}`)),
  'POST /api/accounts': async () =>
    expectNotFound(await sh.post('/api/accounts', { username: 'intruder', displayName: '越权', orgId: target.org, roles: ['cadre'], password: 'Intrude123' })),
  'PATCH /api/accounts/{id}': async () => expectNotFound(await sh.patch(`/api/accounts/${target.account}`, { status: 'disabled' })),
  'POST /api/accounts/{id}/reset-password': async () =>
    expectNotFound(await sh.post(`/api/accounts/${target.account}/reset-password`, { password: 'Hijack1234' })),
  'POST /api/accounts/{id}/revoke-sessions': async () => expectNotFound(await sh.post(`/api/accounts/${target.account}/revoke-sessions`)),
  'GET /api/roles': async () => {
    const roles = (await sh.get('/api/roles')).json();
    expect(roles.find((r: { role: string }) => r.role === 'cadre').accountCount).toBe(0);
    expect(roles.find((r: { role: string }) => r.role === 'union_admin').accountCount).toBe(1);
  },

  'GET /api/policies': async () => expectNotFound(await sh.get(`/api/policies?orgId=${target.org}`)),
  'POST /api/policies': async () =>
    expectNotFound(await sh.post('/api/policies', { orgId: target.org, key: 'dibao_monthly', value: 1, effectiveFrom: `${Number(thisYear()) + 1}-01-01` })),
  'DELETE /api/policies/{id}': async () => expectNotFound(await sh.delete(`/api/policies/${target.policy}`)),

  'GET /api/audit': async () => {
    const page = (await shAuditor.get('/api/audit?pageSize=200')).json();
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.filter((e: { orgName: string | null; summary: string | null }) => SIBLING_NAMES.test(`${e.orgName}${e.summary}`))).toEqual([]);
    expect((await shAuditor.get(`/api/audit?orgId=${target.child}`)).json().total).toBe(0);
  },
  'GET /api/audit/{id}': async () => expectNotFound(await shAuditor.get(`/api/audit/${target.auditEntry}`)),
  'GET /api/jobs/{id}': async () => expectNotFound(await sh.get(`/api/jobs/${target.job}`)),
  'GET /api/occupations': async () => {
    // The list is shared; the people counts are not: 新城区's couriers are not counted for 赛罕区.
    const xcq = await t.as('xcq_admin');
    await xcq.post('/api/people', { name: '新城区快递员', idNumber: idn('15010219870404001'), orgId: target.child, occupation: 'courier' });
    const count = async (c: TestClient) =>
      ((await c.get('/api/occupations')).json() as { code: string; peopleCount: number }[]).find((o) => o.code === 'courier')!.peopleCount;
    expect(await count(xcq)).toBeGreaterThan(0);
    expect(await count(sh)).toBe(0);
  },
  'POST /api/occupations': async () => {
    // The shared list is added to by system administrators only, never by a county's administrator.
    expect((await sh.post('/api/occupations', { code: 'scope_intruder', label: '越权新增' })).statusCode).toBe(403);
  },
  'PATCH /api/occupations/{code}': async () => {
    // The shared list is changed by system administrators only, never by a county's administrator.
    expect((await sh.patch('/api/occupations/courier', { label: '越权改名' })).statusCode).toBe(403);
  },

  'GET /api/people': async () => {
    const page = (await sh.get('/api/people?pageSize=200')).json();
    expect(page.items.map((p: { id: number }) => p.id)).toEqual([target.shPerson]);
    expect((await sh.get(`/api/people?q=${encodeURIComponent('韩梅梅')}`)).json().total).toBe(0);
    expect((await sh.get(`/api/people?q=${idn('15010219800101001')}`)).json().total).toBe(0);
    expectNotFound(await sh.get(`/api/people?orgId=${target.org}`));
  },
  'GET /api/people/stats': async () => expect((await sh.get('/api/people/stats')).json().total).toBe(1),
  'GET /api/people/export': async () => {
    const names = await xlsxColumn((await sh.get('/api/people/export')).rawPayload, 2);
    expect(names).toEqual(['赛罕职工']);
  },
  'GET /api/people/transfers/incoming': async () => expect((await sh.get('/api/people/transfers/incoming')).json()).toEqual([]),
  'GET /api/people/duplicates': async () => expect((await sh.get('/api/people/duplicates')).json().total).toBe(0),
  'POST /api/people/duplicates/scan': async () => {
    expectNotFound(await sh.post('/api/people/duplicates/scan', { orgId: target.org }));
    expect((await sh.post('/api/people/duplicates/scan', {})).json().scanned).toBe(1);
  },
  'POST /api/people/duplicates/{id}/dismiss': async () => expectNotFound(await sh.post(`/api/people/duplicates/${target.pair}/dismiss`, { reason: '越权' })),
  'POST /api/people/duplicates/{id}/merge': async () =>
    expectNotFound(await sh.post(`/api/people/duplicates/${target.pair}/merge`, { survivorId: target.person, reason: '越权' })),
  'POST /api/people/merge': async () => {
    expectNotFound(await sh.post('/api/people/merge', { survivorId: target.person, mergedId: target.other, reason: '越权' }));
    expectNotFound(await sh.post('/api/people/merge', { survivorId: target.shPerson, mergedId: target.other, reason: '越权' }));
  },
  'POST /api/people/merges/{id}/revert': async () => expectNotFound(await sh.post(`/api/people/merges/${target.merge}/revert`)),
  'GET /api/people/{id}': async () => expectNotFound(await sh.get(`/api/people/${target.person}`)),
  'POST /api/people': async () => expectNotFound(await sh.post('/api/people', { name: '越权', idNumber: idn('15010219900101001'), orgId: target.child })),
  'PATCH /api/people/{id}': async () => expectNotFound(await sh.patch(`/api/people/${target.person}`, { version: 1, address: '越权' })),
  'POST /api/people/{id}/reveal': async () => expectNotFound(await sh.post(`/api/people/${target.person}/reveal`, { field: 'idNumber', reason: '越权' })),
  'POST /api/people/{id}/transfer': async () => {
    expectNotFound(await sh.post(`/api/people/${target.person}/transfer`, { toOrgId: t.seed.saihanJoint.id, reason: '越权', version: 1 }));
    expectNotFound(await sh.post(`/api/people/${target.shPerson}/transfer`, { toOrgId: target.child, reason: '越权', version: 1 }));
  },
  'GET /api/people/{id}/history': async () => expectNotFound(await sh.get(`/api/people/${target.person}/history`)),
  'GET /api/people/{id}/record': async () => expectNotFound(await sh.get(`/api/people/${target.person}/record`)),
  'POST /api/people/{id}/membership': async () => expectNotFound(await sh.post(`/api/people/${target.other}/membership`, { joinedOn: '2020-01-01' })),
  'POST /api/people/{id}/membership/change': async () => {
    expectNotFound(await sh.post(`/api/people/${target.person}/membership/change`, { action: 'withdraw', reason: '越权' }));
    expectNotFound(await sh.post(`/api/people/${target.person}/membership/change`, { action: 'accept_transfer', reason: '越权' }));
  },
  'POST /api/people/card/verify': async () => {
    // A member card of the sibling county is a valid card: its union and state, never who holds it.
    const res = await sh.post('/api/people/card/verify', { code: cardCodeFor(t.cipher, target.person).code });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ scope: 'outside', name: null, memberNo: null, joinedOn: null });
    expect(res.body).not.toContain('韩梅梅');
  },
  'POST /api/people/imports': async () => {
    // Rows naming the sibling's union are refused row by row; the default union must be in scope.
    const boundary = 'scope-upload-2';
    const csv = Buffer.from(`姓名,身份证号,所属工会\n越权导入,${idn('15010219920202001')},新城区环境卫生服务中心工会\n`);
    const up = await sh.request({
      method: 'POST',
      url: '/api/people/imports',
      payload: Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="b.csv"\r\n\r\n`),
        csv,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    const { jobId, mapping } = up.json();
    expectNotFound(await sh.post(`/api/people/imports/${jobId}/check`, { mapping, defaultOrgId: target.child }));
    await sh.post(`/api/people/imports/${jobId}/check`, { mapping, defaultOrgId: t.seed.saihanJoint.id });
    let job;
    for (let i = 0; i < 200 && job?.status !== 'waiting'; i++) {
      job = (await sh.get(`/api/jobs/${jobId}`)).json();
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(job.result).toMatchObject({ rows: 1, errorRows: 1 });
  },
  'POST /api/people/imports/{id}/check': async () =>
    expectNotFound(await sh.post(`/api/people/imports/${target.job}/check`, { mapping: { name: 0, idNumber: 1 }, defaultOrgId: t.seed.saihanJoint.id })),
  'POST /api/people/imports/{id}/apply': async () => expectNotFound(await sh.post(`/api/people/imports/${target.job}/apply`, {})),
  'POST /api/people/imports/{id}/cancel': async () => expectNotFound(await sh.post(`/api/people/imports/${target.job}/cancel`)),
  'GET /api/people/imports/{id}/errors': async () => expectNotFound(await sh.get(`/api/people/imports/${target.job}/errors`)),

  'GET /api/campaigns': async () => {
    const items = (await sh.get('/api/campaigns')).json().items as { id: number; beneficiaries: number; persons: number }[];
    expect(items.map((i) => i.id)).toEqual([camp.shared]);
    expect(items[0]).toMatchObject({ beneficiaries: 1, persons: 0 });
  },
  'POST /api/campaigns': async () =>
    expectNotFound(
      await sh.post('/api/campaigns', {
        name: '越权',
        kind: 'other',
        orgId: target.org,
        ...campaignPeriod(),
        mode: 'single',
        rule: {},
        packages: [{ name: '慰问金', kind: 'cash', valueFen: 100 }],
      }),
    ),
  'POST /api/campaigns/eligibility-preview': async () =>
    expectNotFound(
      await sh.post('/api/campaigns/eligibility-preview', {
        orgId: target.org,
        rule: {},
        packages: [{ name: '慰问金', kind: 'cash', valueFen: 100 }],
        ...campaignPeriod(),
      }),
    ),
  'GET /api/campaigns/{id}': async () => expectNotFound(await sh.get(`/api/campaigns/${camp.own}`)),
  'PUT /api/campaigns/{id}': async () =>
    expectNotFound(
      await sh.put(`/api/campaigns/${camp.own}`, {
        version: 1,
        name: '越权',
        kind: 'other',
        orgId: t.seed.saihan.id,
        ...campaignPeriod(),
        mode: 'single',
        rule: {},
        packages: [{ name: '慰问金', kind: 'cash', valueFen: 100 }],
      }),
    ),
  'POST /api/campaigns/{id}/transition': async () => expectNotFound(await sh.post(`/api/campaigns/${camp.own}/transition`, { action: 'end', version: 3 })),
  'GET /api/campaigns/{id}/eligibility': async () => {
    expectNotFound(await sh.get(`/api/campaigns/${camp.own}/eligibility`));
    expect((await sh.get(`/api/campaigns/${camp.shared}/eligibility`)).json().total).toBe(1);
  },
  'GET /api/campaigns/{id}/beneficiaries': async () => {
    expectNotFound(await sh.get(`/api/campaigns/${camp.own}/beneficiaries`));
    const list = (await sh.get(`/api/campaigns/${camp.shared}/beneficiaries`)).json();
    expect(list.total).toBe(1);
    expect(JSON.stringify(list.items)).not.toMatch(SIBLING_NAMES);
    expectNotFound(await sh.get(`/api/campaigns/${camp.shared}/beneficiaries?orgId=${target.org}`));
  },
  'GET /api/campaigns/{id}/beneficiaries/{beneficiaryId}/code': async () =>
    expectNotFound(await sh.get(`/api/campaigns/${camp.shared}/beneficiaries/${camp.beneficiary}/code`)),
  'GET /api/campaigns/{id}/snapshot-diff': async () => {
    expectNotFound(await sh.get(`/api/campaigns/${camp.own}/snapshot-diff`));
    const diff = (await sh.get(`/api/campaigns/${camp.shared}/snapshot-diff`)).json();
    expect(JSON.stringify(diff)).not.toMatch(SIBLING_NAMES);
  },
  'POST /api/campaigns/{id}/adjustments': async () => {
    expectNotFound(await sh.post(`/api/campaigns/${camp.own}/adjustments`, { personId: target.other, kind: 'add', reason: '越权' }));
    expectNotFound(await sh.post(`/api/campaigns/${camp.shared}/adjustments`, { personId: target.other, kind: 'exclude', reason: '越权' }));
  },
  'GET /api/campaigns/{id}/allocations': async () => {
    expectNotFound(await sh.get(`/api/campaigns/${camp.own}/allocations`));
    expect(JSON.stringify((await sh.get(`/api/campaigns/${camp.shared}/allocations`)).json())).not.toMatch(SIBLING_NAMES);
  },
  'PUT /api/campaigns/{id}/allocations': async () => {
    expectNotFound(await sh.put(`/api/campaigns/${camp.own}/allocations`, { orgId: target.child, quota: 1, budgetFen: 100 }));
    expectNotFound(await sh.put(`/api/campaigns/${camp.shared}/allocations`, { orgId: target.child, quota: 1, budgetFen: 100 }));
  },
  'GET /api/campaigns/{id}/quota-check': async () => {
    expectNotFound(await sh.get(`/api/campaigns/${camp.own}/quota-check`));
    expect(JSON.stringify((await sh.get(`/api/campaigns/${camp.shared}/quota-check`)).json())).not.toMatch(SIBLING_NAMES);
  },
  'PUT /api/campaigns/{id}/quota-rule': async () => {
    expectNotFound(await sh.put(`/api/campaigns/${camp.own}/quota-rule`, { quotaRule: 'cap' }));
    expect((await sh.put(`/api/campaigns/${camp.shared}/quota-rule`, { quotaRule: 'cap' })).statusCode).toBe(403);
  },
  'GET /api/campaigns/{id}/points': async () => {
    expectNotFound(await sh.get(`/api/campaigns/${camp.own}/points`));
    expect((await sh.get(`/api/campaigns/${camp.shared}/points`)).json()).toEqual([]);
  },
  'POST /api/campaigns/{id}/points': async () => expectNotFound(await sh.post(`/api/campaigns/${camp.shared}/points`, { name: '越权点', orgId: target.org })),
  'POST /api/campaigns/{id}/reverse': async () => expectNotFound(await sh.post(`/api/campaigns/${camp.shared}/reverse`, { lineId: camp.line, reason: '越权' })),
  'GET /api/campaigns/{id}/ledger': async () => {
    expectNotFound(await sh.get(`/api/campaigns/${camp.own}/ledger`));
    expect((await sh.get(`/api/campaigns/${camp.shared}/ledger`)).json().total).toBe(0);
  },
  'GET /api/campaigns/{id}/ledger.xlsx': async () => {
    expectNotFound(await sh.get(`/api/campaigns/${camp.own}/ledger.xlsx`));
    const res = await sh.get(`/api/campaigns/${camp.shared}/ledger.xlsx`);
    expect(await xlsxColumn(res.rawPayload, 2)).toEqual([]);
  },
  'GET /api/campaigns/{id}/cards.pdf': async () => {
    expectNotFound(await sh.get(`/api/campaigns/${camp.own}/cards.pdf`));
    expectNotFound(await sh.get(`/api/campaigns/${camp.shared}/cards.pdf?orgId=${target.org}`));
  },
  'GET /api/points/mine': async () => expect((await sh.get('/api/points/mine')).json()).toEqual([]),
  'GET /api/points/my-duties': async () => expect((await sh.get('/api/points/my-duties')).json()).toEqual([]),
  'GET /api/points/{pointId}': async () => expectNotFound(await sh.get(`/api/points/${camp.point}`)),
  'POST /api/points/{pointId}/lookup': async () => expectNotFound(await sh.post(`/api/points/${camp.point}/lookup`, { code: idn('15010219800101001') })),
  'POST /api/points/{pointId}/confirm': async () =>
    expectNotFound(
      await sh.post(`/api/points/${camp.point}/confirm`, {
        beneficiaryId: camp.beneficiary,
        evidence: { kind: 'paper', sheetRef: 'scope-sheet-1' },
        idempotencyKey: 'scope-cross-0001',
      }),
    ),
  'POST /api/points/{pointId}/bulk-confirm': async () =>
    expectNotFound(
      await sh.post(`/api/points/${camp.point}/bulk-confirm`, {
        beneficiaryIds: [camp.beneficiary],
        signedOn: today(),
        sheetRef: 'scope-sheet-1',
        batchKey: 'scope-sheet-1',
      }),
    ),
  'GET /api/points/{pointId}/pending': async () => expectNotFound(await sh.get(`/api/points/${camp.point}/pending`)),
  'PATCH /api/points/{pointId}': async () =>
    expectNotFound(
      await sh.patch(`/api/points/${camp.point}`, { name: '越权改点', address: null, hours: null, opensOn: null, closesOn: null, dutyAccountIds: [] }),
    ),
  'POST /api/points/{pointId}/stock-moves': async () =>
    expectNotFound(await sh.post(`/api/points/${camp.point}/stock-moves`, { toPointId: camp.point, packageId: 1, quantity: 1 })),
  'GET /api/points/{pointId}/signoff.pdf': async () => expectNotFound(await sh.get(`/api/points/${camp.point}/signoff.pdf`)),
  'GET /api/campaigns/{id}/progress': async () => {
    expectNotFound(await sh.get(`/api/campaigns/${camp.own}/progress`));
    const p = (await sh.get(`/api/campaigns/${camp.shared}/progress`)).json();
    expect(JSON.stringify(p)).not.toMatch(SIBLING_NAMES);
    expect(p.total).toMatchObject({ orgId: t.seed.saihan.id, persons: 0, amountFen: 0 });
  },
  'GET /api/campaigns/{id}/briefing': async () => {
    expectNotFound(await sh.get(`/api/campaigns/${camp.own}/briefing`));
    expect((await sh.get(`/api/campaigns/${camp.shared}/briefing`)).json().text).not.toMatch(SIBLING_NAMES);
  },

  'GET /api/hardship/cases': async () => {
    expect((await sh.get('/api/hardship/cases')).json().total).toBe(0);
    expectNotFound(await sh.get(`/api/hardship/cases?orgId=${target.org}`));
  },
  'POST /api/hardship/cases': async () =>
    expectNotFound(
      await sh.post('/api/hardship/cases', {
        personId: target.person,
        yearlyIncomeFen: 100,
        housing: 'rented',
        mainCause: 'other',
        assessedOn: daysFromToday(-30),
      }),
    ),
  'GET /api/hardship/cases/{id}': async () => expectNotFound(await sh.get(`/api/hardship/cases/${hardshipCase}`)),
  'PUT /api/hardship/cases/{id}': async () =>
    expectNotFound(
      await sh.put(`/api/hardship/cases/${hardshipCase}`, {
        version: 1,
        personId: target.other,
        yearlyIncomeFen: 100,
        housing: 'rented',
        mainCause: 'other',
        assessedOn: daysFromToday(-30),
      }),
    ),
  'POST /api/hardship/cases/{id}/reveal': async () => expectNotFound(await sh.post(`/api/hardship/cases/${hardshipCase}/reveal`, { reason: '越权' })),
  'POST /api/hardship/cases/{id}/transition': async () =>
    expectNotFound(await sh.post(`/api/hardship/cases/${hardshipCase}/transition`, { action: 'close', reason: '越权', version: 4 })),
  'POST /api/hardship/cases/{id}/assistance': async () =>
    expectNotFound(await sh.post(`/api/hardship/cases/${hardshipCase}/assistance`, { type: 'legal', amountFen: 100, on: today(), fundSource: 'own_budget' })),
  'POST /api/hardship/cases/{id}/attachments': async () => {
    const boundary = 'scope-attach';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 x\r\n--${boundary}--\r\n`),
    ]);
    expectNotFound(
      await sh.request({
        method: 'POST',
        url: `/api/hardship/cases/${hardshipCase}/attachments`,
        payload,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      }),
    );
  },
  'GET /api/hardship/cases/{id}/attachments/{attachmentId}': async () => {
    const boundary = 'scope-attach-2';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 x\r\n--${boundary}--\r\n`),
    ]);
    const own = await (
      await t.as('xcq_admin')
    ).request({
      method: 'POST',
      url: `/api/hardship/cases/${hardshipCase}/attachments`,
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    const attachment = own.json().attachments[0].id;
    expectNotFound(await sh.get(`/api/hardship/cases/${hardshipCase}/attachments/${attachment}`));
  },
  'POST /api/hardship/import': async () => {
    // A 新城区 worker's row is unknown to 赛罕区: refused row by row, nothing written.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['姓名', '身份证号', '主要致困原因', '家庭人口', '家庭年可支配收入（元）', '核定日期']);
    ws.addRow(['韩梅梅', idn('15010219800101003'), '下岗失业', 1, '1000', daysFromToday(-30)]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const boundary = 'scope-ledger';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\n`),
      buf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = (
      await sh.request({
        method: 'POST',
        url: '/api/hardship/import?mode=apply',
        payload,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      })
    ).json();
    expect(res).toMatchObject({ applied: false, created: 0 });
    expect(res.errors[0]).toMatchObject({ row: 2, column: '身份证号' });
  },
  'POST /api/hardship/cases/{id}/assistance/{assistanceId}/signoff': async () =>
    expectNotFound(await sh.post(`/api/hardship/cases/${hardshipCase}/assistance/1/signoff`)),
  'POST /api/hardship/cases/{id}/followups': async () =>
    expectNotFound(await sh.post(`/api/hardship/cases/${hardshipCase}/followups`, { on: today(), result: '越权' })),
  'GET /api/inbox': async () => {
    // 新城区 has a campaign waiting for approval and a duplicate pair open: 赛罕区 sees neither.
    const xcq = await t.as('xcq_admin');
    const v = (await xcq.get(`/api/campaigns/${camp.inbox}`)).json().version;
    expect((await xcq.post(`/api/campaigns/${camp.inbox}/transition`, { action: 'submit', version: v })).statusCode).toBe(200);
    expect((await (await t.as('hhht_admin')).get('/api/inbox')).json().groups).toContainEqual(
      expect.objectContaining({ kind: 'campaigns.approve', items: [expect.objectContaining({ id: camp.inbox })] }),
    );
    const mine = (await sh.get('/api/inbox')).json();
    expect(mine.groups.map((g: { total: number }) => g.total)).toEqual(mine.groups.map(() => 0));
    expect(JSON.stringify(mine)).not.toMatch(SIBLING_NAMES);
  },
  'GET /api/inbox/items': async () => {
    for (const kind of ['campaigns.approve', 'people.duplicates', 'hardship.verify']) {
      const page = (await sh.get(`/api/inbox/items?kind=${kind}`)).json();
      expect(page).toMatchObject({ kind, items: [], total: 0 });
    }
  },
  'GET /api/hardship/tasks': async () => expect((await sh.get('/api/hardship/tasks')).json()).toEqual({ followups: [], reviews: [] }),
  'POST /api/hardship/discovery/run': async () => {
    // A 新城区 worker with a serious illness is there to be found — but not by 赛罕区.
    const xcq = await t.as('xcq_admin');
    const p = (await xcq.get(`/api/people/${target.person}`)).json();
    await xcq.patch(`/api/people/${target.person}`, { version: p.version, tags: ['大病'] });
    const job = (await sh.post('/api/hardship/discovery/run')).json();
    let j;
    for (let i = 0; i < 100 && j?.status !== 'done'; i++) {
      j = (await sh.get(`/api/jobs/${job.id}`)).json();
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(j.result).toMatchObject({ serious_illness: 0 });
    expect((await sh.get('/api/hardship/discovery')).json().total).toBe(0);
    expect(await siblingCandidate()).toBeGreaterThan(0);
  },
  'GET /api/hardship/discovery': async () => expect((await sh.get('/api/hardship/discovery?status=open')).json().items).toEqual([]),
  'POST /api/hardship/discovery/{id}/accept': async () => expectNotFound(await sh.post(`/api/hardship/discovery/${await siblingCandidate()}/accept`)),
  'POST /api/hardship/discovery/{id}/dismiss': async () =>
    expectNotFound(await sh.post(`/api/hardship/discovery/${await siblingCandidate()}/dismiss`, { reason: '越权' })),
  'GET /api/hardship/notice': async () => expect((await sh.get('/api/hardship/notice')).json()).toEqual([]),
  'GET /api/hardship/notice.pdf': async () => expect((await sh.get('/api/hardship/notice.pdf')).statusCode).toBe(200),
  'GET /api/hardship/stats': async () => {
    const s = (await sh.get(`/api/hardship/stats?year=${thisYear()}`)).json();
    expect(s.byCategory).toEqual([]);
    expect(s.byMonth).toEqual([]);
    expect(JSON.stringify(s)).not.toMatch(SIBLING_NAMES);
  },
  'GET /api/hardship/ledger.xlsx': async () => {
    const res = await sh.get('/api/hardship/ledger.xlsx');
    expect(await xlsxColumn(res.rawPayload, 3)).toEqual([]);
  },

  'GET /api/people/corrections': async () => {
    await siblingCorrectionRequest();
    expect((await sh.get('/api/people/corrections')).json()).toMatchObject({ items: [], total: 0 });
  },
  'POST /api/people/corrections/{id}/accept': async () => expectNotFound(await sh.post(`/api/people/corrections/${await siblingCorrectionRequest()}/accept`)),
  'POST /api/people/corrections/{id}/reject': async () =>
    expectNotFound(await sh.post(`/api/people/corrections/${await siblingCorrectionRequest()}/reject`, { reason: '越权' })),
  'GET /api/membership/applications': async () => {
    await siblingApplication();
    expect((await (await t.as('xcq_admin')).get('/api/membership/applications')).json().total).toBeGreaterThan(0);
    const page = (await sh.get('/api/membership/applications?pageSize=200')).json();
    expect(page.total).toBe(0);
    expect(JSON.stringify(page)).not.toMatch(SIBLING_NAMES);
    expectNotFound(await sh.get(`/api/membership/applications?orgId=${target.org}`));
  },
  'GET /api/membership/applications/{id}': async () => expectNotFound(await sh.get(`/api/membership/applications/${await siblingApplication()}`)),
  'POST /api/membership/applications/{id}/review': async () =>
    expectNotFound(await sh.post(`/api/membership/applications/${await siblingApplication()}/review`)),
  'POST /api/membership/applications/{id}/approve': async () =>
    expectNotFound(await sh.post(`/api/membership/applications/${await siblingApplication()}/approve`)),
  'POST /api/membership/applications/{id}/refuse': async () =>
    expectNotFound(await sh.post(`/api/membership/applications/${await siblingApplication()}/refuse`, { reason: '越权' })),
  'POST /api/membership/applications/bulk-approve': async () =>
    expectNotFound(await sh.post('/api/membership/applications/bulk-approve', { applicationIds: [await siblingApplication()] })),
  'GET /api/membership/stats': async () => {
    await siblingApplication();
    const s = (await sh.get('/api/membership/stats')).json();
    expect(s.applications).toBe(0);
    expect(JSON.stringify(s)).not.toMatch(SIBLING_NAMES);
    expectNotFound(await sh.get(`/api/membership/stats?orgId=${target.org}`));
  },
  'GET /api/membership/orgs/{id}/poster.pdf': async () => expectNotFound(await sh.get(`/api/membership/orgs/${target.child}/poster.pdf`)),

  'GET /api/stations': async () => {
    const id = await siblingStation();
    const page = (await sh.get('/api/stations?pageSize=200')).json();
    expect(page.items.map((x: { id: number }) => x.id)).not.toContain(id);
    expect(JSON.stringify(page)).not.toMatch(SIBLING_NAMES);
    expect((await sh.get(`/api/stations?orgId=${target.org}`)).json().total).toBe(0);
  },
  'GET /api/stations/map': async () => {
    const id = await siblingStation();
    const m = (await sh.get('/api/stations/map?bbox=73,3,136,54&zoom=18')).json();
    expect(m.stations.map((x: { id: number }) => x.id)).not.toContain(id);
    expect(JSON.stringify(m)).not.toMatch(SIBLING_NAMES);
    // As many as its own list holds (open and paused), none more.
    const own = (await sh.get('/api/stations?pageSize=200')).json().items.filter((x: { status: string }) => x.status !== 'closed');
    expect(m.total).toBe(own.length);
    expect(m.stations.length).toBe(own.length);
  },
  'POST /api/stations': async () =>
    expectNotFound(
      await sh.post('/api/stations', {
        type: 'warm',
        name: '越权驿站',
        orgId: target.child,
        address: '越权',
        lng: 111.7,
        lat: 40.8,
        datum: 'wgs84',
        source: 'gps',
        openingHours: '24/7',
        amenities: [],
      }),
    ),
  'GET /api/stations/visits/stats': async () => {
    await siblingStation();
    const today = chinaToday();
    const s = (await sh.get(`/api/stations/visits/stats?from=${today}&to=${today}`)).json();
    expect(s.total).toBe(0);
    expect(JSON.stringify(s)).not.toMatch(SIBLING_NAMES);
    expectNotFound(await sh.get(`/api/stations/visits/stats?from=${today}&to=${today}&orgId=${target.org}`));
  },
  'GET /api/stations/{id}': async () => expectNotFound(await sh.get(`/api/stations/${await siblingStation()}`)),
  'PUT /api/stations/{id}': async () => {
    const id = await siblingStation();
    const own = (await (await t.as('xcq_admin')).get(`/api/stations/${id}`)).json();
    expectNotFound(await sh.put(`/api/stations/${id}`, { ...own, orgId: t.seed.saihan.id, name: '越权改名' }));
  },
  'POST /api/stations/{id}/status': async () =>
    expectNotFound(await sh.post(`/api/stations/${await siblingStation()}/status`, { status: 'closed', reason: '越权' })),
  'GET /api/stations/{id}/poster.pdf': async () => expectNotFound(await sh.get(`/api/stations/${await siblingStation()}/poster.pdf`)),
  'GET /api/stations/export.xlsx': async () => {
    await siblingStation();
    const res = await sh.get('/api/stations/export.xlsx');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.worksheets[0]!.eachRow((row) => cells.push(JSON.stringify(row.values)));
    expect(cells.join('\n')).not.toMatch(SIBLING_NAMES);
  },
  'POST /api/stations/import': async () => {
    const before = (await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from stations`))[0]!.n;
    const res = await multipart(sh, '/api/stations/import?mode=apply', '驿站.xlsx', await siblingStationSheet());
    expect(res.json()).toMatchObject({ applied: false, created: 0 });
    expect(res.json().errors[0]).toMatchObject({ column: '承建工会', message: expect.stringMatching(/不在您的管辖范围内/) });
    expect((await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from stations`))[0]!.n).toBe(before);
  },
  'POST /api/stations/import/errors.xlsx': async () => {
    const res = await multipart(sh, '/api/stations/import/errors.xlsx', '驿站.xlsx', await siblingStationSheet());
    expect(res.statusCode).toBe(200);
    expect((await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from stations where name = '越权导入驿站'`))[0]!.n).toBe(0);
  },
  'GET /api/stations/inspections/overdue': async () => {
    const { station } = await siblingOps();
    await t.db.execute(sql`update station_inspections set inspected_on = inspected_on - 400 where station_id = ${station}`);
    const page = (await sh.get('/api/stations/inspections/overdue?pageSize=200')).json();
    expect(page.items.map((x: { id: number }) => x.id)).not.toContain(station);
    expect(JSON.stringify(page)).not.toMatch(SIBLING_NAMES);
    expectNotFound(await sh.get(`/api/stations/inspections/overdue?orgId=${target.org}`));
  },
  'GET /api/stations/services/stats': async () => {
    await siblingOps();
    const today = chinaToday();
    const s = (await sh.get(`/api/stations/services/stats?from=${today}&to=${today}`)).json();
    expect(s.events).toBe(0);
    expect(JSON.stringify(s)).not.toMatch(SIBLING_NAMES);
    expectNotFound(await sh.get(`/api/stations/services/stats?from=${today}&to=${today}&orgId=${target.org}`));
  },
  'GET /api/stations/{id}/managers': async () => expectNotFound(await sh.get(`/api/stations/${(await siblingOps()).station}/managers`)),
  'GET /api/stations/{id}/managers/candidates': async () => expectNotFound(await sh.get(`/api/stations/${(await siblingOps()).station}/managers/candidates`)),
  'POST /api/stations/{id}/managers': async () => {
    const { station, manager } = await siblingOps();
    expectNotFound(await sh.post(`/api/stations/${station}/managers`, { accountId: manager }));
    // Nor binds the sibling's 站长 to a station of its own.
    const own = (
      await sh.post('/api/stations', {
        type: 'warm',
        name: '赛罕区驿站',
        orgId: t.seed.saihan.id,
        address: '赛罕区',
        lng: 111.7,
        lat: 40.8,
        datum: 'wgs84',
        source: 'gps',
        openingHours: '24/7',
        amenities: [],
      })
    ).json();
    expectNotFound(await sh.post(`/api/stations/${own.id}/managers`, { accountId: manager }));
  },
  'DELETE /api/stations/{id}/managers/{accountId}': async () => {
    const { station, manager } = await siblingOps();
    expectNotFound(await sh.delete(`/api/stations/${station}/managers/${manager}`));
  },
  'GET /api/stations/{id}/photos': async () => expectNotFound(await sh.get(`/api/stations/${(await siblingOps()).station}/photos`)),
  'POST /api/stations/{id}/photos': async () =>
    expectNotFound(
      await multipart(sh, `/api/stations/${(await siblingOps()).station}/photos`, 'x.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])),
    ),
  'GET /api/stations/{id}/photos/{photoId}': async () => {
    const { station, photo } = await siblingOps();
    expectNotFound(await sh.get(`/api/stations/${station}/photos/${photo}`));
  },
  'DELETE /api/stations/{id}/photos/{photoId}': async () => {
    const { station, photo } = await siblingOps();
    expectNotFound(await sh.delete(`/api/stations/${station}/photos/${photo}`));
  },
  'POST /api/stations/{id}/photos/{photoId}/cover': async () => {
    const { station, photo } = await siblingOps();
    expectNotFound(await sh.post(`/api/stations/${station}/photos/${photo}/cover`));
  },
  'GET /api/stations/{id}/inspections': async () => expectNotFound(await sh.get(`/api/stations/${(await siblingOps()).station}/inspections`)),
  'POST /api/stations/{id}/inspections': async () =>
    expectNotFound(
      await sh.post(`/api/stations/${(await siblingOps()).station}/inspections`, {
        inspectedOn: chinaToday(),
        inspector: '越权',
        scores: { hygiene: 1, facilities: 1, hours: 1, ledger: 1, safety: 1 },
      }),
    ),
  'GET /api/stations/{id}/goods': async () => expectNotFound(await sh.get(`/api/stations/${(await siblingOps()).station}/goods`)),
  'POST /api/stations/{id}/goods': async () =>
    expectNotFound(await sh.post(`/api/stations/${(await siblingOps()).station}/goods`, { name: '越权', unit: '个' })),
  'PUT /api/stations/{id}/goods/{goodsId}': async () => {
    const { station, goods } = await siblingOps();
    expectNotFound(await sh.put(`/api/stations/${station}/goods/${goods}`, { name: '越权', unit: '个' }));
  },
  'POST /api/stations/{id}/goods/{goodsId}/in': async () => {
    const { station, goods } = await siblingOps();
    expectNotFound(await sh.post(`/api/stations/${station}/goods/${goods}/in`, { quantity: 1, donor: '越权', movedOn: chinaToday() }));
  },
  'POST /api/stations/{id}/goods/{goodsId}/out': async () => {
    const { station, goods } = await siblingOps();
    expectNotFound(await sh.post(`/api/stations/${station}/goods/${goods}/out`, { quantity: 1, purpose: '越权', movedOn: chinaToday() }));
    const [row] = await queryRows<{ balance: number }>(t.db, sql`select balance from station_goods where id = ${goods}`);
    expect(row!.balance).toBe(10);
  },
  'GET /api/stations/{id}/stock': async () => expectNotFound(await sh.get(`/api/stations/${(await siblingOps()).station}/stock`)),
  'GET /api/stations/{id}/services': async () => expectNotFound(await sh.get(`/api/stations/${(await siblingOps()).station}/services`)),
  'POST /api/stations/{id}/services': async () =>
    expectNotFound(
      await sh.post(`/api/stations/${(await siblingOps()).station}/services`, {
        heldOn: chinaToday(),
        kind: 'legal',
        title: '越权',
        provider: '越权',
        participants: 1,
      }),
    ),
  'DELETE /api/stations/{id}/services/{serviceId}': async () => {
    const { station, service } = await siblingOps();
    expectNotFound(await sh.delete(`/api/stations/${station}/services/${service}`));
  },

  'GET /api/modelworkers': async () => {
    const { person } = await siblingModelWorker();
    const page = (await sh.get('/api/modelworkers?pageSize=200')).json();
    expect(page.items.map((r: { id: number }) => r.id)).not.toContain(person);
    expect(JSON.stringify(page)).not.toMatch(SIBLING_NAMES);
    expectNotFound(await sh.get(`/api/modelworkers?orgId=${target.org}`));
  },
  'GET /api/modelworkers/export.xlsx': async () => {
    await siblingModelWorker();
    const res = await sh.get('/api/modelworkers/export.xlsx');
    expect(res.statusCode).toBe(200);
    expect((await xlsxColumn(res.rawPayload, 6)).filter((c) => SIBLING_NAMES.test(c))).toEqual([]);
    expectNotFound(await sh.get(`/api/modelworkers/export.xlsx?orgId=${target.org}`));
  },
  'GET /api/modelworkers/priority': async () => {
    const { person } = await siblingModelWorker();
    const page = (await sh.get('/api/modelworkers/priority?due=0&pageSize=200')).json();
    expect(page.items.map((r: { id: number }) => r.id)).not.toContain(person);
    expectNotFound(await sh.get(`/api/modelworkers/priority?orgId=${target.org}`));
  },
  'POST /api/modelworkers/import': async () => {
    await siblingModelWorker();
    const before = await honourCount();
    const res = await multipart(sh, '/api/modelworkers/import?mode=apply', '劳模.xlsx', await siblingModelWorkerSheet());
    expect(res.json()).toMatchObject({ applied: false, created: 0 });
    expect(res.json().errors[0]).toMatchObject({ row: 2, column: '身份证号' });
    expect(await honourCount()).toBe(before);
  },
  'POST /api/modelworkers/import/errors.xlsx': async () => {
    const before = await honourCount();
    const res = await multipart(sh, '/api/modelworkers/import/errors.xlsx', '劳模.xlsx', await siblingModelWorkerSheet());
    expect(res.statusCode).toBe(200);
    expect(await xlsxColumn(res.rawPayload, 3)).toEqual(['职工档案中没有此人（或不在本单位及下级），请先登记职工档案']);
    expect(await honourCount()).toBe(before);
  },
  'GET /api/modelworkers/runs': async () => {
    const { paid, draft } = await siblingModelWorker();
    const ids = (await sh.get('/api/modelworkers/runs?pageSize=200')).json().items.map((r: { id: number }) => r.id);
    expect(ids).not.toContain(paid);
    expect(ids).not.toContain(draft);
  },
  'POST /api/modelworkers/runs': async () => {
    await siblingModelWorker();
    const year = Number(chinaToday().slice(0, 4)) - 1;
    expectNotFound(await sh.post('/api/modelworkers/runs', { orgId: target.org, kind: 'honorary', period: `${year}-03` }));
  },
  'GET /api/modelworkers/runs/{id}': async () => expectNotFound(await sh.get(`/api/modelworkers/runs/${(await siblingModelWorker()).paid}`)),
  'POST /api/modelworkers/runs/{id}/confirm': async () => {
    const { draft } = await siblingModelWorker();
    expectNotFound(await sh.post(`/api/modelworkers/runs/${draft}/confirm`));
    expect((await (await t.as('xcq_admin')).get(`/api/modelworkers/runs/${draft}`)).json().run.status).toBe('draft');
  },
  'POST /api/modelworkers/runs/{id}/cancel': async () =>
    expectNotFound(await sh.post(`/api/modelworkers/runs/${(await siblingModelWorker()).draft}/cancel`, { reason: '越权' })),
  'GET /api/modelworkers/runs/{id}/payment.xlsx': async () =>
    expectNotFound(await sh.get(`/api/modelworkers/runs/${(await siblingModelWorker()).paid}/payment.xlsx`)),
  'GET /api/modelworkers/runs/{id}/payment.csv': async () =>
    expectNotFound(await sh.get(`/api/modelworkers/runs/${(await siblingModelWorker()).paid}/payment.csv`)),
  'GET /api/modelworkers/{id}': async () => expectNotFound(await sh.get(`/api/modelworkers/${(await siblingModelWorker()).person}`)),
  'POST /api/modelworkers/{id}/honours': async () => {
    const { person } = await siblingModelWorker();
    const before = await honourCount();
    expectNotFound(await sh.post(`/api/modelworkers/${person}/honours`, modelWorkerBody));
    expect(await honourCount()).toBe(before);
  },
  'PUT /api/modelworkers/{id}/honours/{honourId}': async () => {
    const { person, honour } = await siblingModelWorker();
    expectNotFound(await sh.put(`/api/modelworkers/${person}/honours/${honour}`, modelWorkerBody));
    // Nor through a worker of its own with the sibling's honour.
    expectNotFound(await sh.put(`/api/modelworkers/${target.shPerson}/honours/${honour}`, modelWorkerBody));
  },
  'POST /api/modelworkers/{id}/honours/{honourId}/revoke': async () => {
    const { person, honour } = await siblingModelWorker();
    expectNotFound(await sh.post(`/api/modelworkers/${person}/honours/${honour}/revoke`, { revokedOn: today(), reason: '越权' }));
    expectNotFound(await sh.post(`/api/modelworkers/${target.shPerson}/honours/${honour}/revoke`, { revokedOn: today(), reason: '越权' }));
    const [h] = await queryRows<{ revoked_on: string | null }>(t.db, sql`select revoked_on from model_worker_honours where id = ${honour}`);
    expect(h!.revoked_on).toBeNull();
  },
  'POST /api/modelworkers/{id}/statuses': async () =>
    expectNotFound(await sh.post(`/api/modelworkers/${(await siblingModelWorker()).person}/statuses`, { status: 'deceased', since: today() })),
  'PUT /api/modelworkers/{id}/profile': async () =>
    expectNotFound(await sh.put(`/api/modelworkers/${(await siblingModelWorker()).person}/profile`, { livingAlone: false, disability: 'none' })),
  'POST /api/modelworkers/{id}/care': async () => {
    const { person } = await siblingModelWorker();
    expectNotFound(await sh.post(`/api/modelworkers/${person}/care`, { kind: 'home_visit', on: today() }));
    // Its own worker's care cannot be linked to the sibling's hardship file.
    const res = await sh.post(`/api/modelworkers/${target.shPerson}/care`, { kind: 'hardship_support', on: today(), hardshipCaseId: hardshipCase });
    expect(res.statusCode).toBe(404);
  },

  'GET /api/volunteers': async () => {
    const { volunteer } = await siblingVolunteers();
    const page = (await sh.get('/api/volunteers?pageSize=200')).json();
    expect(page.items.map((v: { id: number }) => v.id)).not.toContain(volunteer);
    expect(JSON.stringify(page)).not.toMatch(SIBLING_NAMES);
  },
  'POST /api/volunteers': async () => expectNotFound(await sh.post('/api/volunteers', { personId: target.person, skills: [], availability: [] })),
  'GET /api/volunteers/{id}': async () => expectNotFound(await sh.get(`/api/volunteers/${(await siblingVolunteers()).volunteer}`)),
  'PUT /api/volunteers/{id}': async () =>
    expectNotFound(await sh.put(`/api/volunteers/${(await siblingVolunteers()).volunteer}`, { skills: [], availability: [], status: 'left' })),
  'GET /api/volunteers/teams': async () => {
    const { team } = await siblingVolunteers();
    const list = (await sh.get('/api/volunteers/teams')).json();
    expect(list.items.map((x: { id: number }) => x.id)).not.toContain(team);
  },
  'POST /api/volunteers/teams': async () => expectNotFound(await sh.post('/api/volunteers/teams', { name: '越权服务队', orgId: target.org })),
  'POST /api/volunteers/teams/{id}/members': async () => {
    const { team, volunteer } = await siblingVolunteers();
    expectNotFound(await sh.post(`/api/volunteers/teams/${team}/members`, { volunteerId: volunteer }));
  },
  'DELETE /api/volunteers/teams/{id}/members/{volunteerId}': async () => {
    const { team, volunteer } = await siblingVolunteers();
    expectNotFound(await sh.delete(`/api/volunteers/teams/${team}/members/${volunteer}`));
  },
  'GET /api/volunteers/projects': async () => {
    const { project } = await siblingVolunteers();
    const list = (await sh.get('/api/volunteers/projects')).json();
    expect(list.items.map((x: { id: number }) => x.id)).not.toContain(project);
  },
  'POST /api/volunteers/projects': async () =>
    expectNotFound(await sh.post('/api/volunteers/projects', { name: '越权项目', orgId: target.org, kind: 'legal', place: '某地' })),
  'GET /api/volunteers/projects/{id}': async () => expectNotFound(await sh.get(`/api/volunteers/projects/${(await siblingVolunteers()).project}`)),
  'POST /api/volunteers/projects/{id}/status': async () =>
    expectNotFound(await sh.post(`/api/volunteers/projects/${(await siblingVolunteers()).project}/status`, { status: 'closed' })),
  'POST /api/volunteers/projects/{id}/shifts': async () =>
    expectNotFound(
      await sh.post(`/api/volunteers/projects/${(await siblingVolunteers()).project}/shifts`, {
        startsAt: '2030-05-20T09:00:00+08:00',
        endsAt: '2030-05-20T11:00:00+08:00',
        capacity: 1,
      }),
    ),
  'GET /api/volunteers/shifts/{id}': async () => expectNotFound(await sh.get(`/api/volunteers/shifts/${(await siblingVolunteers()).shift}`)),
  'POST /api/volunteers/shifts/{id}/signups': async () => {
    const { shift, volunteer } = await siblingVolunteers();
    expectNotFound(await sh.post(`/api/volunteers/shifts/${shift}/signups`, { volunteerId: volunteer }));
  },
  'GET /api/volunteers/shifts/{id}/poster.pdf': async () =>
    expectNotFound(await sh.get(`/api/volunteers/shifts/${(await siblingVolunteers()).shift}/poster.pdf`)),
  'GET /api/volunteers/records': async () => {
    const { record } = await siblingVolunteers();
    const page = (await sh.get('/api/volunteers/records?pageSize=200')).json();
    expect(page.items.map((x: { id: number }) => x.id)).not.toContain(record);
  },
  'POST /api/volunteers/records': async () => {
    const { shift, volunteer } = await siblingVolunteers();
    expectNotFound(
      await sh.post('/api/volunteers/records', {
        volunteerId: volunteer,
        shiftId: shift,
        startedAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
        endedAt: new Date(Date.now() - 3600_000).toISOString(),
        reason: '越权',
      }),
    );
  },
  'POST /api/volunteers/records/{id}/review': async () =>
    expectNotFound(await sh.post(`/api/volunteers/records/${(await siblingVolunteers()).record}/review`, { approve: true })),
  'GET /api/volunteers/stats': async () => {
    await siblingVolunteers();
    const s = (await sh.get(`/api/volunteers/stats?from=${chinaToday()}&to=${chinaToday()}`)).json();
    expect(s.minutes).toBe(0);
    expect(JSON.stringify(s)).not.toMatch(SIBLING_NAMES);
    expectNotFound(await sh.get(`/api/volunteers/stats?from=${chinaToday()}&to=${chinaToday()}&orgId=${target.org}`));
  },
  'GET /api/volunteers/orders': async () => {
    const { order } = await siblingVolunteers();
    const page = (await sh.get('/api/volunteers/orders?pageSize=200')).json();
    expect(page.items.map((x: { id: number }) => x.id)).not.toContain(order);
  },
  'POST /api/volunteers/orders': async () =>
    expectNotFound(await sh.post('/api/volunteers/orders', { orgId: target.org, kind: 'legal', title: '越权点单', place: '某地', wantedOn: chinaToday() })),
  'GET /api/volunteers/orders/{id}': async () => expectNotFound(await sh.get(`/api/volunteers/orders/${(await siblingVolunteers()).order}`)),
  'POST /api/volunteers/orders/{id}/dispatch': async () => {
    const { order, team } = await siblingVolunteers();
    expectNotFound(await sh.post(`/api/volunteers/orders/${order}/dispatch`, { teamId: team }));
  },
  'POST /api/volunteers/orders/{id}/decline': async () =>
    expectNotFound(await sh.post(`/api/volunteers/orders/${(await siblingVolunteers()).order}/decline`, { reason: '越权' })),
  'POST /api/volunteers/orders/{id}/rate': async () =>
    expectNotFound(await sh.post(`/api/volunteers/orders/${(await siblingVolunteers()).order}/rate`, { rating: 1 })),
  'GET /api/volunteers/{id}/certificates': async () => expectNotFound(await sh.get(`/api/volunteers/${(await siblingVolunteers()).volunteer}/certificates`)),
  'POST /api/volunteers/{id}/certificates': async () =>
    expectNotFound(await sh.post(`/api/volunteers/${(await siblingVolunteers()).volunteer}/certificates`, { from: chinaToday(), to: chinaToday() })),
  'POST /api/volunteers/certificates/{id}/revoke': async () =>
    expectNotFound(await sh.post(`/api/volunteers/certificates/${(await siblingVolunteers()).certificate}/revoke`, { reason: '越权' })),
  'GET /api/volunteers/certificates/{id}/certificate.pdf': async () =>
    expectNotFound(await sh.get(`/api/volunteers/certificates/${(await siblingVolunteers()).certificate}/certificate.pdf`)),

  'GET /api/retrofits/programmes': async () => {
    const { programme } = await siblingRetrofits();
    const list = (await sh.get('/api/retrofits/programmes')).json();
    expect(list.items.map((x: { id: number }) => x.id)).not.toContain(programme);
    expect(JSON.stringify(list)).not.toMatch(SIBLING_NAMES);
  },
  'POST /api/retrofits/programmes': async () =>
    expectNotFound(await sh.post('/api/retrofits/programmes', { name: '越权改造', year: 2026, orgId: target.org, budgetFen: 100 })),
  'GET /api/retrofits/programmes/{id}': async () => expectNotFound(await sh.get(`/api/retrofits/programmes/${(await siblingRetrofits()).programme}`)),
  'GET /api/retrofits/plans': async () => {
    const { plan } = await siblingRetrofits();
    const page = (await sh.get('/api/retrofits/plans?pageSize=200')).json();
    expect(page.items.map((x: { id: number }) => x.id)).not.toContain(plan);
    expect(JSON.stringify(page)).not.toMatch(SIBLING_NAMES);
  },
  'POST /api/retrofits/plans': async () => {
    const { programme, person } = await siblingRetrofits();
    expectNotFound(await sh.post('/api/retrofits/plans', { programmeId: programme, personId: person }));
  },
  'GET /api/retrofits/plans/{id}': async () => expectNotFound(await sh.get(`/api/retrofits/plans/${(await siblingRetrofits()).plan}`)),
  'PUT /api/retrofits/plans/{id}/assessment': async () =>
    expectNotFound(
      await sh.put(`/api/retrofits/plans/${(await siblingRetrofits()).plan}/assessment`, { assessedOn: chinaToday(), findings: '越权', livesAlone: false }),
    ),
  'PUT /api/retrofits/plans/{id}/items': async () =>
    expectNotFound(await sh.put(`/api/retrofits/plans/${(await siblingRetrofits()).plan}/items`, { planItems: [{ kind: 'handrail', budgetFen: 100 }] })),
  'POST /api/retrofits/plans/{id}/submit': async () => expectNotFound(await sh.post(`/api/retrofits/plans/${(await siblingRetrofits()).plan}/submit`)),
  'POST /api/retrofits/plans/{id}/review': async () =>
    expectNotFound(await sh.post(`/api/retrofits/plans/${(await siblingRetrofits()).plan}/review`, { approve: true })),
  'POST /api/retrofits/plans/{id}/build': async () =>
    expectNotFound(await sh.post(`/api/retrofits/plans/${(await siblingRetrofits()).plan}/build`, { contractor: '越权', startedOn: chinaToday() })),
  'PUT /api/retrofits/plans/{id}/items/{itemId}': async () => {
    const { plan, item } = await siblingRetrofits();
    expectNotFound(await sh.put(`/api/retrofits/plans/${plan}/items/${item}`, { done: true, actualFen: 1 }));
  },
  'POST /api/retrofits/plans/{id}/changes': async () =>
    expectNotFound(await sh.post(`/api/retrofits/plans/${(await siblingRetrofits()).plan}/changes`, { amountFen: 100, reason: '越权' })),
  'POST /api/retrofits/plans/{id}/changes/{changeId}/review': async () => {
    const { plan, change } = await siblingRetrofits();
    expectNotFound(await sh.post(`/api/retrofits/plans/${plan}/changes/${change}/review`, { approve: true }));
  },
  'POST /api/retrofits/plans/{id}/accept': async () =>
    expectNotFound(await sh.post(`/api/retrofits/plans/${(await siblingRetrofits()).plan}/accept`, { acceptedOn: chinaToday() })),
  'POST /api/retrofits/plans/{id}/settle': async () =>
    expectNotFound(await sh.post(`/api/retrofits/plans/${(await siblingRetrofits()).plan}/settle`, { settledOn: chinaToday() })),
  'POST /api/retrofits/plans/{id}/cancel': async () =>
    expectNotFound(await sh.post(`/api/retrofits/plans/${(await siblingRetrofits()).plan}/cancel`, { reason: '越权' })),
  'POST /api/retrofits/plans/{id}/photos': async () =>
    expectNotFound(
      await multipart(
        sh,
        `/api/retrofits/plans/${(await siblingRetrofits()).plan}/photos`,
        'x.png',
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]),
      ),
    ),
  'GET /api/retrofits/plans/{id}/photos/{photoId}': async () => {
    const { plan, photo } = await siblingRetrofits();
    expectNotFound(await sh.get(`/api/retrofits/plans/${plan}/photos/${photo}`));
  },
  'GET /api/retrofits/stats': async () => {
    const { programme } = await siblingRetrofits();
    const s = (await sh.get('/api/retrofits/stats')).json();
    expect(s.totals.plans).toBe(0);
    expect(JSON.stringify(s)).not.toMatch(SIBLING_NAMES);
    expectNotFound(await sh.get(`/api/retrofits/stats?programmeId=${programme}`));
  },

  'GET /api/health/programmes': async () => {
    const { programme } = await siblingHealth();
    const page = (await sh.get('/api/health/programmes?pageSize=200')).json();
    expect(page.items.map((x: { id: number }) => x.id)).not.toContain(programme);
  },
  'POST /api/health/programmes': async () =>
    expectNotFound(await sh.post('/api/health/programmes', { orgId: target.org, year: 2026, title: '越权体检', audience: null })),
  'GET /api/health/programmes/{id}': async () => expectNotFound(await sh.get(`/api/health/programmes/${(await siblingHealth()).programme}`)),
  'POST /api/health/programmes/{id}/status': async () =>
    expectNotFound(await sh.post(`/api/health/programmes/${(await siblingHealth()).programme}/status`, { status: 'closed' })),
  'POST /api/health/programmes/{id}/hospitals': async () =>
    expectNotFound(await sh.post(`/api/health/programmes/${(await siblingHealth()).programme}/hospitals`, { name: '越权医院' })),
  'POST /api/health/programmes/{id}/packages': async () => {
    const { programme, hospital } = await siblingHealth();
    expectNotFound(
      await sh.post(`/api/health/programmes/${programme}/packages`, { hospitalId: hospital, group: 'general', name: '越权套餐', examItems: '血常规' }),
    );
  },
  'POST /api/health/programmes/{id}/slots': async () => {
    const { programme, hospital } = await siblingHealth();
    expectNotFound(
      await sh.post(`/api/health/programmes/${programme}/slots`, { hospitalId: hospital, from: daysFromToday(10), to: daysFromToday(10), capacity: 1 }),
    );
  },
  'POST /api/health/programmes/{id}/slots/{slotId}/capacity': async () => {
    const { programme, slot } = await siblingHealth();
    expectNotFound(await sh.post(`/api/health/programmes/${programme}/slots/${slot}/capacity`, { capacity: 9 }));
  },
  'GET /api/health/programmes/{id}/bookings': async () => expectNotFound(await sh.get(`/api/health/programmes/${(await siblingHealth()).programme}/bookings`)),
  'POST /api/health/programmes/{id}/bookings': async () => {
    const { programme, slot } = await siblingHealth();
    expectNotFound(await sh.post(`/api/health/programmes/${programme}/bookings`, { slotId: slot, personIds: [target.other], consentBasis: '越权' }));
  },
  'POST /api/health/bookings/{id}/attendance': async () =>
    expectNotFound(await sh.post(`/api/health/bookings/${(await siblingHealth()).booking}/attendance`, { attended: true })),
  'POST /api/health/bookings/{id}/cancel': async () =>
    expectNotFound(await sh.post(`/api/health/bookings/${(await siblingHealth()).booking}/cancel`, { reason: '越权取消' })),
  'GET /api/health/bookings/{id}/results': async () => expectNotFound(await sh.get(`/api/health/bookings/${(await siblingHealth()).booking}/results`)),
  'POST /api/health/programmes/{id}/results/import': async () => {
    const { programme } = await siblingHealth();
    const sheet = await healthSheet([[idn('15010219800101001'), '韩梅梅', '空腹血糖', '5.0', 'mmol/L', '3.9-6.1', '']]);
    expectNotFound(await multipart(sh, `/api/health/programmes/${programme}/results/import?mode=apply`, '结果.xlsx', sheet));
  },
  'GET /api/health/followups': async () => {
    await siblingHealth();
    const page = (await sh.get('/api/health/followups?pageSize=200')).json();
    expect(page.total).toBe(0);
    expect(JSON.stringify(page)).not.toMatch(SIBLING_NAMES);
  },
  'POST /api/health/followups/{id}/done': async () =>
    expectNotFound(await sh.post(`/api/health/followups/${(await siblingHealth()).followup}/done`, { note: '越权' })),
  'POST /api/health/followups/{id}/remind': async () => expectNotFound(await sh.post(`/api/health/followups/${(await siblingHealth()).followup}/remind`)),
  'GET /api/health/programmes/{id}/stats': async () => expectNotFound(await sh.get(`/api/health/programmes/${(await siblingHealth()).programme}/stats`)),

  'GET /api/mutualaid/plans': async () => {
    const { plan } = await siblingMutualaid();
    const page = (await sh.get('/api/mutualaid/plans?pageSize=200')).json();
    expect(page.items.map((p: { id: number }) => p.id)).not.toContain(plan);
    expect(JSON.stringify(page)).not.toMatch(SIBLING_NAMES);
  },
  'POST /api/mutualaid/plans': async () => {
    const { plan } = await siblingMutualaid();
    const body = (await (await t.as('xcq_admin')).get(`/api/mutualaid/plans/${plan}`)).json();
    expectNotFound(await sh.post('/api/mutualaid/plans', { ...body, orgId: target.org, name: '越权计划' }));
  },
  'GET /api/mutualaid/plans/{id}': async () => expectNotFound(await sh.get(`/api/mutualaid/plans/${(await siblingMutualaid()).plan}`)),
  'PUT /api/mutualaid/plans/{id}': async () => {
    const { plan } = await siblingMutualaid();
    const body = (await (await t.as('xcq_admin')).get(`/api/mutualaid/plans/${plan}`)).json();
    expectNotFound(await sh.put(`/api/mutualaid/plans/${plan}`, { ...body, orgId: t.seed.saihan.id }));
  },
  'POST /api/mutualaid/plans/{id}/status': async () =>
    expectNotFound(await sh.post(`/api/mutualaid/plans/${(await siblingMutualaid()).plan}/status`, { status: 'closed' })),
  'POST /api/mutualaid/plans/{id}/enrol': async () =>
    expectNotFound(await sh.post(`/api/mutualaid/plans/${(await siblingMutualaid()).plan}/enrol`, { orgId: t.seed.saihan.id, paidOn: today() })),
  'POST /api/mutualaid/plans/{id}/enrol/import': async () => {
    const res = await multipart(
      sh,
      `/api/mutualaid/plans/${(await siblingMutualaid()).plan}/enrol/import?mode=apply&orgId=${t.seed.saihan.id}&paidOn=${today()}`,
      '名单.xlsx',
      await siblingEnrolSheet(),
    );
    expectNotFound(res);
  },
  'POST /api/mutualaid/plans/{id}/enrol/errors.xlsx': async () => {
    const res = await multipart(
      sh,
      `/api/mutualaid/plans/${(await siblingMutualaid()).plan}/enrol/errors.xlsx?orgId=${t.seed.saihan.id}&paidOn=${today()}`,
      '名单.xlsx',
      await siblingEnrolSheet(),
    );
    expectNotFound(res);
  },
  'GET /api/mutualaid/plans/{id}/batches': async () => expectNotFound(await sh.get(`/api/mutualaid/plans/${(await siblingMutualaid()).plan}/batches`)),
  'POST /api/mutualaid/batches/{id}/paid': async () => {
    const { plan } = await siblingMutualaid();
    const batch = (await (await t.as('xcq_admin')).get(`/api/mutualaid/plans/${plan}/batches`)).json().items[0].id as number;
    expectNotFound(await sh.post(`/api/mutualaid/batches/${batch}/paid`, { paidOn: today() }));
  },
  'GET /api/mutualaid/plans/{id}/enrolments': async () => expectNotFound(await sh.get(`/api/mutualaid/plans/${(await siblingMutualaid()).plan}/enrolments`)),
  'GET /api/mutualaid/enrolments/{id}/certificate.pdf': async () => {
    const { enrolment } = await siblingMutualaid();
    expect((await (await t.as('xcq_admin')).get(`/api/mutualaid/enrolments/${enrolment}/certificate.pdf`)).statusCode).toBe(200);
    expectNotFound(await sh.get(`/api/mutualaid/enrolments/${enrolment}/certificate.pdf`));
  },
  'GET /api/mutualaid/stats/enrolment': async () => {
    await siblingMutualaid();
    const stats = (await sh.get('/api/mutualaid/stats/enrolment')).json();
    expect(stats.total).toBe(0);
    expectNotFound(await sh.get(`/api/mutualaid/stats/enrolment?orgId=${target.org}`));
  },
  'GET /api/mutualaid/claims': async () => {
    const { claim } = await siblingMutualaid();
    const page = (await sh.get('/api/mutualaid/claims?pageSize=200')).json();
    expect(page.items.map((c: { id: number }) => c.id)).not.toContain(claim);
    expectNotFound(await sh.get(`/api/mutualaid/claims?orgId=${target.org}`));
  },
  'POST /api/mutualaid/claims': async () =>
    expectNotFound(
      await sh.post('/api/mutualaid/claims', {
        enrolmentId: (await siblingMutualaid()).enrolment,
        eventDate: daysFromToday(-10),
        facts: {},
        claimedFen: 100,
        invoiceNos: ['SH0001'],
      }),
    ),
  'GET /api/mutualaid/claims/{id}': async () => expectNotFound(await sh.get(`/api/mutualaid/claims/${(await siblingMutualaid()).claim}`)),
  'POST /api/mutualaid/claims/{id}/review': async () => expectNotFound(await sh.post(`/api/mutualaid/claims/${(await siblingMutualaid()).claim}/review`, {})),
  'POST /api/mutualaid/claims/{id}/recheck': async () => expectNotFound(await sh.post(`/api/mutualaid/claims/${(await siblingMutualaid()).claim}/recheck`, {})),
  'POST /api/mutualaid/claims/{id}/approve': async () => expectNotFound(await sh.post(`/api/mutualaid/claims/${(await siblingMutualaid()).claim}/approve`, {})),
  'POST /api/mutualaid/claims/{id}/reject': async () =>
    expectNotFound(await sh.post(`/api/mutualaid/claims/${(await siblingMutualaid()).claim}/reject`, { reason: '越权' })),
  'POST /api/mutualaid/claims/{id}/appeal': async () =>
    expectNotFound(await sh.post(`/api/mutualaid/claims/${(await siblingMutualaid()).claim}/appeal`, { reason: '越权' })),
  'POST /api/mutualaid/claims/{id}/documents': async () => {
    const boundary = 'scope-doc';
    const res = await sh.request({
      method: 'POST',
      url: `/api/mutualaid/claims/${(await siblingMutualaid()).claim}/documents`,
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ninvoice\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n`,
        ),
        Buffer.from('89504e470d0a1a0a0000', 'hex'),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expectNotFound(res);
  },
  'GET /api/mutualaid/claims/{id}/documents/{docId}': async () => {
    const { claim, doc } = await siblingMutualaid();
    expectNotFound(await sh.get(`/api/mutualaid/claims/${claim}/documents/${doc}`));
  },
  'GET /api/mutualaid/claims/{id}/bank': async () => expectNotFound(await sh.get(`/api/mutualaid/claims/${(await siblingMutualaid()).claim}/bank`)),
  'GET /api/mutualaid/stats/claims': async () => {
    await siblingMutualaid();
    expect((await sh.get('/api/mutualaid/stats/claims')).json().total.claims).toBe(0);
    expectNotFound(await sh.get(`/api/mutualaid/stats/claims?orgId=${target.org}`));
  },
  'GET /api/mutualaid/payments': async () => {
    const { payment } = await siblingMutualaid();
    expect((await sh.get('/api/mutualaid/payments?pageSize=200')).json().items.map((p: { id: number }) => p.id)).not.toContain(payment);
  },
  'POST /api/mutualaid/payments': async () => {
    await siblingMutualaid();
    expectNotFound(await sh.post('/api/mutualaid/payments', { orgId: target.org }));
  },
  'GET /api/mutualaid/payments/{id}/bank.xlsx': async () =>
    expectNotFound(await sh.get(`/api/mutualaid/payments/${(await siblingMutualaid()).payment}/bank.xlsx`)),
  'GET /api/mutualaid/payments/{id}/bank.csv': async () =>
    expectNotFound(await sh.get(`/api/mutualaid/payments/${(await siblingMutualaid()).payment}/bank.csv`)),
  'POST /api/mutualaid/payments/{id}/results': async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('结果').addRow(['申请编号', '支付结果']);
    expectNotFound(
      await multipart(sh, `/api/mutualaid/payments/${(await siblingMutualaid()).payment}/results`, '结果.xlsx', Buffer.from(await wb.xlsx.writeBuffer())),
    );
  },

  'GET /api/events/camps': async () => {
    const { camp } = await siblingCamp();
    const page = (await sh.get('/api/events/camps?pageSize=100')).json();
    expect(page.items.map((c: { id: number }) => c.id)).not.toContain(camp);
    expect(JSON.stringify(page)).not.toMatch(SIBLING_NAMES);
  },
  'POST /api/events/camps': async () =>
    expectNotFound(
      await sh.post('/api/events/camps', {
        orgId: target.org,
        title: '越权营',
        place: '某地',
        startsOn: daysFromToday(30),
        endsOn: daysFromToday(31),
        places: 1,
        minAge: 6,
        maxAge: 14,
        minGrade: 0,
        maxGrade: 12,
        reserved: {},
      }),
    ),
  'GET /api/events/camps/children': async () => {
    const { child } = await siblingCamp();
    const page = (await sh.get('/api/events/camps/children?pageSize=100')).json();
    expect(page.items.map((c: { id: number }) => c.id)).not.toContain(child);
    expect((await sh.get(`/api/events/camps/children?guardianPersonId=${target.person}`)).json().total).toBe(0);
  },
  'POST /api/events/camps/children': async () =>
    expectNotFound(
      await sh.post('/api/events/camps/children', {
        guardianPersonId: target.person,
        name: '韩小雷',
        idNumber: idn('15010220160101003'),
        grade: 3,
        consent: { givenBy: '韩梅梅', relation: 'mother', givenOn: chinaToday(), purpose: '越权' },
      }),
    ),
  'POST /api/events/camps/children/{childId}/reveal': async () =>
    expectNotFound(await sh.post(`/api/events/camps/children/${(await siblingCamp()).child}/reveal`, { reason: '越权' })),
  'GET /api/events/camps/{id}': async () => expectNotFound(await sh.get(`/api/events/camps/${(await siblingCamp()).camp}`)),
  'GET /api/events/camps/{id}/applications': async () => expectNotFound(await sh.get(`/api/events/camps/${(await siblingCamp()).camp}/applications`)),
  'POST /api/events/camps/{id}/applications': async () =>
    expectNotFound(await sh.post(`/api/events/camps/${(await siblingCamp()).camp}/applications`, { childId: (await siblingCamp()).child })),
  'POST /api/events/camps/{id}/applications/{applicationId}/withdraw': async () => {
    const { camp, application } = await siblingCamp();
    expectNotFound(await sh.post(`/api/events/camps/${camp}/applications/${application}/withdraw`, { reason: '越权' }));
  },
  'POST /api/events/camps/{id}/seed': async () =>
    expectNotFound(await sh.post(`/api/events/camps/${(await siblingCamp()).camp}/seed`, { announcedValue: '越权' })),
  'POST /api/events/camps/{id}/draw': async () => expectNotFound(await sh.post(`/api/events/camps/${(await siblingCamp()).camp}/draw`)),
  'GET /api/events/camps/{id}/draw': async () => expectNotFound(await sh.get(`/api/events/camps/${(await siblingCamp()).camp}/draw`)),
  'GET /api/events/camps/{id}/draw/check': async () => expectNotFound(await sh.get(`/api/events/camps/${(await siblingCamp()).camp}/draw/check`)),

  'POST /api/audit/verify': async () => {
    // The chain spans every org: a county's auditor may not even learn its length.
    const res = await shAuditor.post('/api/audit/verify');
    expect(res.statusCode).toBe(403);
  },
  'GET /api/audit/anchors': async () => {
    // The anchors count the whole chain: likewise for the root's auditors only.
    expect((await shAuditor.get('/api/audit/anchors')).statusCode).toBe(403);
  },
  'GET /api/events/recuperation/batches': async () => {
    await siblingRecuperation();
    const list = (await sh.get('/api/events/recuperation/batches')).json();
    expect(JSON.stringify(list)).not.toMatch(/新城区疗休养/);
  },
  'POST /api/events/recuperation/batches': async () =>
    expectNotFound(
      await sh.post('/api/events/recuperation/batches', {
        orgId: target.org,
        title: '越权',
        year: Number(daysFromToday(40).slice(0, 4)),
        destination: '越权',
        startsOn: daysFromToday(40),
        endsOn: daysFromToday(41),
        places: 1,
        subsidyFen: 100,
      }),
    ),
  'GET /api/events/recuperation/batches/{id}': async () => expectNotFound(await sh.get(`/api/events/recuperation/batches/${(await siblingRecuperation()).id}`)),
  'POST /api/events/recuperation/batches/{id}/nominations': async () =>
    expectNotFound(
      await sh.post(`/api/events/recuperation/batches/${(await siblingRecuperation()).id}/nominations`, { personId: target.shPerson, healthDeclared: true }),
    ),
  'GET /api/events/recuperation/batches/{id}/ranking': async () =>
    expectNotFound(await sh.get(`/api/events/recuperation/batches/${(await siblingRecuperation()).id}/ranking`)),
  'POST /api/events/recuperation/batches/{id}/notice': async () =>
    expectNotFound(await sh.post(`/api/events/recuperation/batches/${(await siblingRecuperation()).id}/notice`)),
  'GET /api/events/recuperation/batches/{id}/notice': async () =>
    expectNotFound(await sh.get(`/api/events/recuperation/batches/${(await siblingRecuperation()).id}/notice`)),
  'GET /api/events/recuperation/batches/{id}/objections': async () =>
    expectNotFound(await sh.get(`/api/events/recuperation/batches/${(await siblingRecuperation()).id}/objections`)),
  'POST /api/events/recuperation/batches/{id}/objections': async () => {
    const s = await siblingRecuperation();
    expectNotFound(await sh.post(`/api/events/recuperation/batches/${s.id}/objections`, { applicationId: s.application, text: '越权' }));
  },
  'POST /api/events/recuperation/batches/{id}/objections/{objectionId}/resolve': async () => {
    const s = await siblingRecuperation();
    expectNotFound(await sh.post(`/api/events/recuperation/batches/${s.id}/objections/${s.objection}/resolve`, { outcome: 'upheld', reason: '越权' }));
  },
  'POST /api/events/recuperation/batches/{id}/confirm': async () =>
    expectNotFound(await sh.post(`/api/events/recuperation/batches/${(await siblingRecuperation()).id}/confirm`)),
  'POST /api/events/recuperation/batches/{id}/applications/{applicationId}/withdraw': async () => {
    const s = await siblingRecuperation();
    expectNotFound(await sh.post(`/api/events/recuperation/batches/${s.id}/applications/${s.application}/withdraw`, { reason: '越权' }));
  },
  'POST /api/events/recuperation/batches/{id}/applications/{applicationId}/second-form': async () => {
    const s = await siblingRecuperation();
    expectNotFound(
      await sh.post(`/api/events/recuperation/batches/${s.id}/applications/${s.application}/second-form`, {
        emergencyName: '越权',
        emergencyPhone: '13900000000',
        healthDeclared: true,
      }),
    );
  },
  'GET /api/events/recuperation/batches/{id}/ledger.xlsx': async () =>
    expectNotFound(await sh.get(`/api/events/recuperation/batches/${(await siblingRecuperation()).id}/ledger.xlsx`)),
};

describe('scope: a county account cannot reach its sibling county through any route', () => {
  it('has a case for every route in the OpenAPI document that holds org data', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    // Worker routes (/api/m/) reach only the worker's own records: the portal's own suite walks them with another worker's ids.
    const routes = Object.entries(doc.paths)
      .filter(([p]) => !p.startsWith('/api/m/'))
      .flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`));
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((r) => !(r in cases) && !(r in NOT_ORG_DATA))).toEqual([]);
    expect([...Object.keys(cases), ...Object.keys(NOT_ORG_DATA)].filter((c) => !routes.includes(c))).toEqual([]);
    expect(Object.keys(cases).filter((c) => c in NOT_ORG_DATA)).toEqual([]);
  });

  for (const [route, run] of Object.entries(cases)) {
    it(route, run);
  }
});
