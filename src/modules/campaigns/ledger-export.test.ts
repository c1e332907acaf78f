import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { queryRows } from '../../server/db.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { OFFICE_DATE_FORMAT } from '../../server/xlsx.ts';
import { qrCodeFor } from './distribution.service.ts';
import { systemActor } from '../../server/actor.ts';
import { pickupCards } from './cards.service.ts';
import { chineseDate } from '../../shared/dates.ts';
import { daysFromToday } from '../../testing/dates.ts';

let t: TestApp;
let xcq: TestClient;
let hhht: TestClient;
let nmg: TestClient;
beforeAll(async () => {
  t = await createTestApp();
  [xcq, hhht, nmg] = [await t.as('xcq_admin'), await t.as('hhht_admin'), await t.as('nmg_admin')];
});
afterAll(() => t.close());

const yuan = (n: number) => n * 100;
/**
 * A period of several years around today (the title then writes both years), the point opening
 * before today and a paper sheet signed in between: hand-outs today and on the sheet's day both lie
 * in the period, whatever day the suite runs.
 */
const PERIOD = { startsOn: daysFromToday(-60), endsOn: daysFromToday(4 * 365) };
const OPENS_ON = daysFromToday(-50);
const SIGNED_ON = daysFromToday(-40);
let seq = 700;
async function person(tags: string[], phone: string) {
  seq += 2;
  const idNumber = withCheckCharacter(`15010219780101${String(seq).padStart(3, '0')}`);
  const res = await xcq.post('/api/people', {
    name: '环卫工' + [...String(seq)].map((d) => '零一二三四五六七八九'[Number(d)]).join(''),
    idNumber,
    phone,
    orgId: t.seed.xinChengSanitation.id,
    occupation: 'sanitation',
    employmentForm: 'standard',
    tags,
  });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id as number, idNumber, phone };
}

const GOODS = [
  { name: '大米', quantity: 10, unit: '斤' },
  { name: '食用油', quantity: 1, unit: '桶' },
];

/** A running campaign of 呼和浩特 with a mixed tier (慰问金 ¥500 + goods worth ¥200) and a goods tier, three hand-outs and a reversal. */
async function handedOut(tag: string, key: string) {
  const people = [await person(['困难职工', tag], '13912340001'), await person([tag], '13912340002'), await person([tag], '13912340003')];
  const body = {
    name: '两节送温暖',
    kind: 'festival_warmth',
    orgId: t.seed.hhht.id,
    ...PERIOD,
    mode: 'single',
    rule: { occupations: ['sanitation'], tagsAny: [tag] },
    funds: [{ source: 'own_budget', amountFen: yuan(5000) }],
    packages: [
      { name: '困难职工档', kind: 'mixed', valueFen: yuan(700), cashFen: yuan(500), items: GOODS, rule: { tagsAny: ['困难职工'] } },
      { name: '普通档', kind: 'goods', valueFen: yuan(200), items: GOODS },
    ],
  };
  const created = await hhht.post('/api/campaigns', body);
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as number;
  let c = (await hhht.get(`/api/campaigns/${id}`)).json();
  c = (await hhht.post(`/api/campaigns/${id}/transition`, { action: 'submit', version: c.version })).json();
  c = (await nmg.post(`/api/campaigns/${id}/transition`, { action: 'approve', version: c.version })).json();
  c = (await hhht.post(`/api/campaigns/${id}/transition`, { action: 'start', version: c.version })).json();
  expect(c.status).toBe('running');
  const point = await xcq.post(`/api/campaigns/${id}/points`, {
    name: '新城区环卫所发放点',
    orgId: t.seed.xinCheng.id,
    address: '新城区环卫所院内',
    hours: '每天9:00-17:00',
    opensOn: OPENS_ON,
    dutyAccountIds: [t.accounts.xcq_volunteer],
  });
  expect(point.statusCode, point.body).toBe(201);
  const pointId = point.json().id as number;
  const list = (await hhht.get(`/api/campaigns/${id}/beneficiaries`)).json().items as { id: number; personId: number }[];
  const of = (p: { id: number }) => list.find((b) => b.personId === p.id)!.id;
  const vol = await t.as('xcq_volunteer');
  const scan = async (b: number, key: string) =>
    expect(
      (await vol.post(`/api/points/${pointId}/confirm`, { beneficiaryId: b, evidence: { kind: 'qr', code: qrCodeFor(t.cipher, b) }, idempotencyKey: key }))
        .statusCode,
    ).toBe(200);
  await scan(of(people[0]!), `${key}-aaaa-1`);
  await scan(of(people[1]!), `${key}-aaaa-2`);
  const paper = await xcq.post(`/api/points/${pointId}/bulk-confirm`, {
    beneficiaryIds: [of(people[2]!)],
    signedOn: SIGNED_ON,
    sheetRef: 'XC-001',
    batchKey: `${key}-bbbb-1`,
  });
  expect(paper.statusCode, paper.body).toBe(200);
  const ledger = (await hhht.get(`/api/campaigns/${id}/ledger`)).json().items as { lineId: number }[];
  expect((await xcq.post(`/api/campaigns/${id}/reverse`, { lineId: ledger[1]!.lineId, reason: '误发给非本人' })).statusCode).toBe(200);
  return { id, people };
}

async function sheetOf(client: TestClient, url: string) {
  const res = await client.get(url);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const header = ws.getRow(4).values as unknown[];
  const col = (name: string) => header.indexOf(name);
  return { ws, col };
}

describe('发放台账 export', () => {
  it('writes the title, real dates, the goods handed out, 经办人 on every line and totals equal to the lines', async () => {
    const { id } = await handedOut('台账甲', 'ledger-a');
    const { ws, col } = await sheetOf(hhht, `/api/campaigns/${id}/ledger.xlsx`);
    expect(ws.getCell('A1').value).toBe('呼和浩特市总工会 两节送温暖 发放台账');
    expect(ws.getCell('A2').value).toBe(`活动期间：${chineseDate(PERIOD.startsOn)}至${chineseDate(PERIOD.endsOn)}`);
    expect(String(ws.getCell('A3').value)).toMatch(/^范围：呼和浩特市总工会及下级工会\s+导出日期：\d{4}年\d{1,2}月\d{1,2}日/);
    expect((ws.getRow(4).values as unknown[]).slice(1)).toEqual([
      '序号',
      '姓名',
      '性别',
      '身份证号',
      '联系电话',
      '所属工会',
      '发放点',
      '领取内容',
      '金额（元）',
      '发放日期',
      '经办人',
      '方式',
    ]);
    const lines = [5, 6, 7, 8].map((r) => ws.getRow(r));
    // The mixed tier reads as its cash and goods, not as the tier's name; its amount is the sum.
    expect(lines[0]!.getCell(col('领取内容')).value).toBe('慰问金500元 + 大米10斤、食用油1桶');
    expect(lines[0]!.getCell(col('金额（元）')).value).toBe(700);
    expect(lines[1]!.getCell(col('领取内容')).value).toBe('大米10斤、食用油1桶');
    for (const line of lines) {
      const on = line.getCell(col('发放日期'));
      expect(on.value).toBeInstanceOf(Date);
      expect(on.numFmt).toBe(OFFICE_DATE_FORMAT);
      expect(String(line.getCell(col('经办人')).value ?? '')).not.toBe('');
      expect(line.getCell(col('性别')).value).toMatch(/^[男女]$/);
      expect(String(line.getCell(col('联系电话')).value)).toMatch(/^139\*{4}\d{4}$/);
      expect(String(line.getCell(col('身份证号')).value)).toMatch(/\*{8}/);
    }
    expect(lines[0]!.getCell(col('方式')).value).toBe('扫码');
    expect(lines[0]!.getCell(col('经办人')).value).toBe('xcq_volunteer');
    expect(lines[2]!.getCell(col('方式')).value).toBe('纸质签领');
    expect(lines[2]!.getCell(col('经办人')).value).toBe('xcq_admin（签领表 XC-001）');
    expect((lines[2]!.getCell(col('发放日期')).value as Date).toISOString().slice(0, 10)).toBe(SIGNED_ON);
    expect(lines[3]!.getCell(col('方式')).value).toBe('冲正');
    expect(lines[3]!.getCell(col('金额（元）')).value).toBe(-200);
    expect(lines[3]!.getCell(col('领取内容')).value).toBe('冲正：误发给非本人');
    // Totals: two people left with a hand-out, two hand-outs net, and the sum of the lines.
    const totals = ws.getRow(9);
    expect(totals.getCell(1).value).toBe('合计');
    expect(totals.getCell(col('姓名')).value).toBe('2 人');
    expect(totals.getCell(col('身份证号')).value).toBe('2 人次');
    const sum = lines.reduce((s, l) => s + (l.getCell(col('金额（元）')).value as number), 0);
    expect(totals.getCell(col('金额（元）')).value).toBe(sum);
    expect(sum).toBe(900);
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', printTitlesRow: '4:4' });
  });

  it('shows full ID numbers and phones only to an account that may reveal them, and audits the export', async () => {
    const { id, people } = await handedOut('台账乙', 'ledger-b');
    const cadre = await t.as('xcq_cadre');
    expect((await cadre.get(`/api/campaigns/${id}/ledger.xlsx?full=1`)).statusCode).toBe(403);
    const masked = await sheetOf(cadre, `/api/campaigns/${id}/ledger.xlsx`);
    expect(String(masked.ws.getRow(5).getCell(masked.col('联系电话')).value)).toBe('139****0001');
    const full = await sheetOf(hhht, `/api/campaigns/${id}/ledger.xlsx?full=1`);
    expect(full.ws.getRow(5).getCell(full.col('联系电话')).value).toBe(people[0]!.phone);
    expect(full.ws.getRow(5).getCell(full.col('身份证号')).value).toBe(people[0]!.idNumber);
    const audit = await queryRows<{ summary: string }>(
      t.db,
      sql`select summary from audit_log where action = 'export' and entity = 'campaign' order by id desc limit 1`,
    );
    expect(audit[0]!.summary).toContain('含完整证件号和手机号');
  });
});

describe('mixed cash and goods tiers', () => {
  it('costs the 慰问金 plus the goods, and refuses a 慰问金 not below the unit value', async () => {
    const tag = '混合档';
    await person([tag, '困难职工'], '13912340009');
    const base = {
      orgId: t.seed.hhht.id,
      rule: { occupations: ['sanitation'], tagsAny: [tag] },
      ...PERIOD,
    };
    const preview = await hhht.post('/api/campaigns/eligibility-preview', {
      ...base,
      packages: [{ name: '困难职工档', kind: 'mixed', valueFen: yuan(700), cashFen: yuan(500), items: GOODS }],
    });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ total: 1, amountFen: yuan(700) });
    const bad = await hhht.post('/api/campaigns/eligibility-preview', {
      ...base,
      packages: [{ name: '困难职工档', kind: 'mixed', valueFen: yuan(500), cashFen: yuan(500), items: GOODS }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('慰问金');
    const noGoods = await hhht.post('/api/campaigns/eligibility-preview', {
      ...base,
      packages: [{ name: '困难职工档', kind: 'mixed', valueFen: yuan(700), cashFen: yuan(500) }],
    });
    expect(noGoods.statusCode).toBe(400);
  });
});

describe('pick-up cards', () => {
  it('prints one union’s cards in the order of its list, each with the goods, the place and the time', async () => {
    const { id } = await handedOut('领取卡', 'cards-a');
    const actor = systemActor(t.seed.root);
    const all = await pickupCards(t.db, actor, id, t.seed.xinChengSanitation.id, false, 100);
    const list = (await hhht.get(`/api/campaigns/${id}/beneficiaries?orgId=${t.seed.xinChengSanitation.id}&pageSize=100`)).json().items as { id: number }[];
    expect(all.orgName).toBe('新城区环境卫生服务中心工会');
    expect(all.cards.map((c) => c.beneficiaryId)).toEqual(list.map((b) => b.id));
    expect(all.cards.map((c) => c.content).sort()).toEqual(['大米10斤、食用油1桶', '大米10斤、食用油1桶', '慰问金500元 + 大米10斤、食用油1桶']);
    for (const card of all.cards)
      expect(card).toMatchObject({ place: '新城区环卫所发放点，新城区环卫所院内', time: `${chineseDate(OPENS_ON)}起 每天9:00-17:00` });
    // Another union's subtree has none of them.
    expect((await pickupCards(t.db, actor, id, t.seed.saihan.id, false, 100)).cards).toEqual([]);
    const res = await hhht.get(`/api/campaigns/${id}/cards.pdf?pending=0&orgId=${t.seed.xinChengSanitation.id}`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
