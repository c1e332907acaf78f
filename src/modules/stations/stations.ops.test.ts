import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { createTestApp, PASSWORD, type TestApp, type TestClient } from '../../testing/app.ts';
import { queryRows } from '../../server/db.ts';
import { hashPassword, insertSystemAccount } from '../auth/index.ts';
import { addDays, chinaToday } from '../../shared/dates.ts';
import { chinaDayKind, openState, withHolidays } from './hours.ts';
import { starsOf } from './stations.ops.contract.ts';

let t: TestApp;
let xcq: TestClient;
let sh: TestClient;
let manager: TestClient;
let managerId: number;
const today = chinaToday();

beforeAll(async () => {
  t = await createTestApp();
  xcq = await t.as('xcq_admin');
  sh = await t.as('sh_admin');
  const passwordHash = await hashPassword(PASSWORD);
  managerId = (
    await insertSystemAccount(t.db, { username: 'xcq_station', displayName: '中山路站长', orgId: t.seed.xinCheng.id, roles: ['station_manager'], passwordHash })
  ).id;
  manager = await t.as('xcq_station');
});
afterAll(() => t.close());

let n = 0;
async function newStation(client: TestClient = xcq, body: Record<string, unknown> = {}) {
  const res = await client.post('/api/stations', {
    type: 'outdoor',
    name: `运营测试驿站${++n}`,
    orgId: t.seed.xinCheng.id,
    address: `新城区中山东路 ${n} 号`,
    lng: 111.67383,
    lat: 40.81431,
    datum: 'gcj02',
    source: 'amap',
    openingHours: '24/7',
    staffedHours: null,
    amenities: ['water'],
    phone: null,
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; name: string };
}

function upload(client: TestClient, url: string, file: { name: string; data: Buffer; type?: string }, fields: Record<string, string> = {}) {
  const boundary = 'station-ops-upload';
  const parts = [
    ...Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
    ),
    file.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ];
  return client.request({ method: 'POST', url, payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

async function xlsx(rows: (string | number)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('驿站');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const stationCount = async () => (await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from stations`))[0]!.n;

describe('station managers', () => {
  let mine: { id: number; name: string };
  let other: { id: number; name: string };
  beforeAll(async () => {
    mine = await newStation();
    other = await newStation();
  });

  it('binds only a 站长 account whose union holds the station, and only by staff who manage stations', async () => {
    const cadre = await xcq.post(`/api/stations/${mine.id}/managers`, { accountId: t.accounts.xcq_cadre });
    expect(cadre.statusCode).toBe(400);
    expect(cadre.json().fields[0]).toMatchObject({ field: 'accountId', message: expect.stringMatching(/不是驿站站长/) });
    expect((await manager.post(`/api/stations/${mine.id}/managers`, { accountId: managerId })).statusCode).toBe(403);
    // Another county cannot reach the station.
    expect((await sh.post(`/api/stations/${mine.id}/managers`, { accountId: managerId })).statusCode).toBe(404);
    const candidates = (await xcq.get(`/api/stations/${mine.id}/managers/candidates`)).json().items;
    expect(candidates.map((c: { accountId: number }) => c.accountId)).toEqual([managerId]);
    const res = await xcq.post(`/api/stations/${mine.id}/managers`, { accountId: managerId });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toMatchObject([{ accountId: managerId, displayName: '中山路站长' }]);
    expect((await xcq.post(`/api/stations/${mine.id}/managers`, { accountId: managerId })).statusCode).toBe(409);
    const audit = await queryRows<{ summary: string }>(
      t.db,
      sql`select summary from audit_log where entity = 'station' and entity_id = ${String(mine.id)} order by id desc limit 1`,
    );
    expect(audit[0]?.summary).toMatch(/指定「中山路站长」/);
  });

  it('lets a manager see and work only their own stations', async () => {
    const list = (await manager.get('/api/stations?pageSize=200')).json();
    expect(list.items.map((s: { id: number }) => s.id)).toEqual([mine.id]);
    // The map too: only their own station, where staff see the county's.
    const map = (await manager.get('/api/stations/map?zoom=18&bbox=73,3,136,54')).json();
    expect(map.total).toBe(1);
    expect(map.stations.map((s: { id: number }) => s.id)).toEqual([mine.id]);
    expect((await xcq.get('/api/stations/map')).json().total).toBeGreaterThanOrEqual(2);
    expect((await manager.get(`/api/stations/${other.id}`)).statusCode).toBe(404);
    expect((await manager.get(`/api/stations/${other.id}/goods`)).statusCode).toBe(404);
    expect((await manager.post(`/api/stations/${other.id}/goods`, { name: '矿泉水', unit: '箱' })).statusCode).toBe(404);
    const goods = await manager.post(`/api/stations/${mine.id}/goods`, { name: '矿泉水', unit: '箱', lowStock: 2 });
    expect(goods.statusCode, goods.body).toBe(201);
    const stockIn = await manager.post(`/api/stations/${mine.id}/goods/${goods.json().id}/in`, { quantity: 5, donor: '爱心企业', movedOn: today });
    expect(stockIn.json()).toMatchObject({ balance: 5 });
    // Inspections are union staff's: a manager does not rate their own station.
    const inspection = await manager.post(`/api/stations/${mine.id}/inspections`, {
      inspectedOn: today,
      inspector: '站长',
      scores: { hygiene: 20, facilities: 20, hours: 20, ledger: 20, safety: 20 },
    });
    expect(inspection.statusCode).toBe(403);
    // Staff still see every station of the county.
    expect((await xcq.get(`/api/stations/${other.id}`)).statusCode).toBe(200);
  });

  it('takes the stations away when the manager is unbound', async () => {
    expect((await xcq.delete(`/api/stations/${mine.id}/managers/${managerId}`)).json().items).toEqual([]);
    expect((await manager.get('/api/stations')).json().total).toBe(0);
    expect((await manager.get('/api/stations/map')).json().total).toBe(0);
    expect((await manager.get(`/api/stations/${mine.id}`)).statusCode).toBe(404);
    expect((await xcq.delete(`/api/stations/${mine.id}/managers/${managerId}`)).statusCode).toBe(404);
  });
});

describe('donated goods', () => {
  let station: { id: number };
  let water: { id: number };
  beforeAll(async () => {
    station = await newStation();
    water = (await xcq.post(`/api/stations/${station.id}/goods`, { name: '矿泉水', unit: '箱', lowStock: 3 })).json();
  });

  it('refuses a second goods of the same name, naming the field', async () => {
    const res = await xcq.post(`/api/stations/${station.id}/goods`, { name: '矿泉水', unit: '瓶' });
    expect(res.statusCode).toBe(409);
    expect(res.json().fields[0]).toMatchObject({ field: 'name', message: expect.stringMatching(/同名物资/) });
  });

  it('never lets stock go below zero, even for two stock-outs at once', async () => {
    await xcq.post(`/api/stations/${station.id}/goods/${water.id}/in`, { quantity: 10, donor: '呼和浩特市爱心超市', movedOn: today, handledBy: '王站长' });
    const out = (q: number) => xcq.post(`/api/stations/${station.id}/goods/${water.id}/out`, { quantity: q, purpose: '夏送清凉发放', movedOn: today });
    const [a, b] = await Promise.all([out(6), out(6)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const refused = a.statusCode === 409 ? a : b;
    expect(refused.json().fields[0]).toMatchObject({ field: 'quantity', message: '库存不足：「矿泉水」现结存 4 箱，不能出库 6 箱' });
    const goods = (await xcq.get(`/api/stations/${station.id}/goods`)).json().items;
    expect(goods).toMatchObject([{ name: '矿泉水', balance: 4, low: false }]);
    const ledger = (await xcq.get(`/api/stations/${station.id}/stock`)).json();
    expect(ledger.total).toBe(2);
    expect(ledger.items.map((m: { direction: string; quantity: number; balanceAfter: number }) => [m.direction, m.quantity, m.balanceAfter])).toEqual([
      ['out', 6, 4],
      ['in', 10, 10],
    ]);
    expect(ledger.items[1]).toMatchObject({ donor: '呼和浩特市爱心超市', byName: '王站长' });
    expect(ledger.items[0]).toMatchObject({ purpose: '夏送清凉发放', byName: 'xcq_admin' });
  });

  it('shows the low-stock hint at the reminder line, and keeps the balance rule in the database', async () => {
    const res = await xcq.post(`/api/stations/${station.id}/goods/${water.id}/out`, { quantity: 1, purpose: '环卫工人取用', movedOn: today });
    expect(res.json()).toMatchObject({ balance: 3, low: true });
    const err = await t.db.execute(sql`update station_goods set balance = -1 where id = ${water.id}`).then(
      () => null,
      (e: unknown) => e as { message: string; cause?: { message?: string } },
    );
    expect(`${err?.message} ${err?.cause?.message}`).toMatch(/station_goods_balance_check/);
  });

  it('refuses bad input by field and saves nothing', async () => {
    const cases: [string, Record<string, unknown>, string, RegExp][] = [
      ['out', { quantity: 0, purpose: '发放', movedOn: today }, 'quantity', /出库数量不能小于 1/],
      ['out', { quantity: 1, purpose: '', movedOn: today }, 'purpose', /请填写用途/],
      ['in', { quantity: 1, donor: '', movedOn: today }, 'donor', /请填写捐赠方/],
      ['in', { quantity: 1, donor: '某企业', movedOn: addDays(today, 2) }, 'movedOn', /入库日期不能晚于今天/],
    ];
    for (const [dir, body, field, message] of cases) {
      const res = await xcq.post(`/api/stations/${station.id}/goods/${water.id}/${dir}`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().fields.find((f: { field: string }) => f.field === field)?.message).toMatch(message);
    }
    expect((await xcq.get(`/api/stations/${station.id}/stock`)).json().total).toBe(3);
  });
});

describe('inspections and stars', () => {
  const scores = (total: number) => {
    const each = Math.floor(total / 5);
    return { hygiene: total - each * 4, facilities: each, hours: each, ledger: each, safety: each };
  };

  it('rates 1–5 stars from the checklist total, as the database computes them', () => {
    expect([100, 90, 89, 80, 79, 70, 60, 59, 0].map(starsOf)).toEqual([5, 5, 4, 4, 3, 3, 2, 1, 1]);
  });

  it('shows the stars of the latest inspection and when the next one is due', async () => {
    const s = await newStation();
    const before = (await xcq.get(`/api/stations/${s.id}/inspections`)).json();
    expect(before.rating).toMatchObject({ stars: null, lastInspectedOn: null, intervalDays: 90, nextDueOn: addDays(today, 90), overdue: false });
    const first = await xcq.post(`/api/stations/${s.id}/inspections`, {
      inspectedOn: addDays(today, -10),
      inspector: '李巡查',
      scores: scores(92),
      remarks: { hygiene: '地面干净' },
      notes: '台账齐全',
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().rating).toMatchObject({ stars: 5, lastInspectedOn: addDays(today, -10), nextDueOn: addDays(today, 80) });
    expect(first.json().items[0]).toMatchObject({ total: 92, stars: 5, remarks: { hygiene: '地面干净' }, notes: '台账齐全' });
    // An older inspection entered later does not replace the latest one's stars.
    await xcq.post(`/api/stations/${s.id}/inspections`, { inspectedOn: addDays(today, -40), inspector: '李巡查', scores: scores(65) });
    const now = await xcq.post(`/api/stations/${s.id}/inspections`, { inspectedOn: addDays(today, -2), inspector: '张巡查', scores: scores(75) });
    expect(now.json().rating).toMatchObject({ stars: 3, lastInspectedOn: addDays(today, -2) });
    expect(now.json().items.map((i: { stars: number }) => i.stars)).toEqual([3, 5, 2]);
    expect((await xcq.get(`/api/stations/${s.id}`)).statusCode).toBe(200);
  });

  it('refuses a score out of range or a future date, naming the field', async () => {
    const s = await newStation();
    const bad = await xcq.post(`/api/stations/${s.id}/inspections`, { inspectedOn: today, inspector: '李巡查', scores: { ...scores(80), hygiene: 21 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0]).toMatchObject({ field: 'scores.hygiene', message: '环境卫生不能大于 20' });
    const future = await xcq.post(`/api/stations/${s.id}/inspections`, { inspectedOn: addDays(today, 1), inspector: '李巡查', scores: scores(80) });
    expect(future.json().fields[0]).toMatchObject({ field: 'inspectedOn', message: '巡查日期不能晚于今天' });
    expect((await xcq.get(`/api/stations/${s.id}/inspections`)).json().items).toEqual([]);
  });

  it('lists the stations past the interval their union set, most overdue first', async () => {
    const late = await newStation();
    const fresh = await newStation();
    await xcq.post(`/api/stations/${late.id}/inspections`, { inspectedOn: addDays(today, -60), inspector: '李巡查', scores: scores(85) });
    await xcq.post(`/api/stations/${fresh.id}/inspections`, { inspectedOn: addDays(today, -5), inspector: '李巡查', scores: scores(85) });
    const idsOf = async () => (await xcq.get('/api/stations/inspections/overdue?pageSize=200')).json().items.map((s: { id: number }) => s.id);
    expect(await idsOf()).not.toContain(late.id);
    // 新城区 inspects every 30 days.
    const policy = await xcq.post('/api/policies', {
      orgId: t.seed.xinCheng.id,
      key: 'station_inspection_interval_days',
      value: 30,
      effectiveFrom: addDays(today, -100),
    });
    expect(policy.statusCode, policy.body).toBeLessThan(300);
    const overdue = (await xcq.get('/api/stations/inspections/overdue?pageSize=200')).json();
    const row = overdue.items.find((s: { id: number }) => s.id === late.id);
    expect(row).toMatchObject({ stars: 4, lastInspectedOn: addDays(today, -60), nextDueOn: addDays(today, -30), daysOverdue: 30 });
    expect(overdue.items.map((s: { id: number }) => s.id)).not.toContain(fresh.id);
    expect((await xcq.get(`/api/stations/${late.id}/inspections`)).json().rating).toMatchObject({ intervalDays: 30, overdue: true });
    // Another county does not see them.
    expect((await sh.get('/api/stations/inspections/overdue?pageSize=200')).json().items.map((s: { id: number }) => s.id)).not.toContain(late.id);
  });

  it('keeps the stars in the database: they cannot be written by hand', async () => {
    const s = await newStation();
    const err = await t.db
      .execute(
        sql`insert into station_inspections (station_id, inspected_on, inspector, hygiene, facilities, hours, ledger, safety, stars)
            values (${s.id}, ${today}, 'x', 10, 10, 10, 10, 10, 5)`,
      )
      .then(
        () => null,
        (e: unknown) => e as { message: string; cause?: { message?: string } },
      );
    expect(`${err?.message} ${err?.cause?.message}`).toMatch(/generated|stars/);
  });
});

describe('services at stations', () => {
  it('records the "五进" services and rolls them up by kind and station', async () => {
    const s = await newStation();
    const add = (kind: string, participants: number, heldOn = today) =>
      xcq.post(`/api/stations/${s.id}/services`, { heldOn, kind, title: `${kind}活动`, provider: '新城区律师协会', participants });
    expect((await add('legal', 30)).statusCode).toBe(200);
    await add('legal', 12);
    const res = await add('health', 25);
    const list = res.json();
    expect(list.items).toHaveLength(3);
    expect(list.byKind.find((k: { kind: string }) => k.kind === 'legal')).toEqual({ kind: 'legal', events: 2, participants: 42 });
    expect(list.byKind.find((k: { kind: string }) => k.kind === 'culture')).toEqual({ kind: 'culture', events: 0, participants: 0 });
    const bad = await add('dance', 3);
    expect(bad.json().fields[0]).toMatchObject({ field: 'kind', message: '请选择有效的服务类别' });
    const stats = (await xcq.get(`/api/stations/services/stats?from=${addDays(today, -30)}&to=${today}`)).json();
    expect(stats.byStation.find((x: { id: number }) => x.id === s.id)).toMatchObject({ events: 3, participants: 67 });
    expect((await sh.get(`/api/stations/services/stats?from=${addDays(today, -30)}&to=${today}`)).json().events).toBe(0);
    const removed = await xcq.delete(`/api/stations/${s.id}/services/${list.items[0].id}`);
    expect(removed.json().items).toHaveLength(2);
  });
});

describe('photos', () => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 2)]);

  it('keeps photos with one cover, checks what the bytes are and how large, and serves them in scope', async () => {
    const s = await newStation();
    const first = await upload(xcq, `/api/stations/${s.id}/photos`, { name: '门头.png', data: png }, { caption: '驿站门头' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().items).toMatchObject([{ filename: '门头.png', caption: '驿站门头', isCover: true, mime: 'image/png' }]);
    const second = (await upload(xcq, `/api/stations/${s.id}/photos`, { name: '室内.jpg', data: jpeg })).json().items;
    expect(second.map((p: { isCover: boolean }) => p.isCover)).toEqual([true, false]);

    const fake = await upload(xcq, `/api/stations/${s.id}/photos`, { name: '照片.jpg', data: Buffer.from('not an image at all') });
    expect(fake.statusCode).toBe(400);
    expect(fake.json().fields[0]).toMatchObject({ field: 'file', message: expect.stringMatching(/只支持 JPG、PNG 或 WebP/) });
    const big = await upload(xcq, `/api/stations/${s.id}/photos`, { name: '大.jpg', data: Buffer.concat([jpeg, Buffer.alloc(5 * 1024 * 1024)]) });
    expect(big.statusCode).toBe(400);
    expect(big.json().fields[0]).toMatchObject({ field: 'file', message: '照片不能超过 5 MB，请压缩后再上传' });

    const photo = await xcq.get(second[0].url);
    expect(photo.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(photo.rawPayload, png)).toBe(0);
    expect((await sh.get(second[0].url)).statusCode).toBe(404);

    const covered = (await xcq.post(`/api/stations/${s.id}/photos/${second[1].id}/cover`)).json().items;
    expect(covered.find((p: { isCover: boolean }) => p.isCover).id).toBe(second[1].id);
    const left = (await xcq.delete(`/api/stations/${s.id}/photos/${second[1].id}`)).json().items;
    expect(left).toMatchObject([{ id: second[0].id, isCover: true }]);
  });
});

describe('importing and exporting stations', () => {
  const HEADER = ['驿站类型', '驿站名称', '承建工会', '详细地址', '经度', '纬度', '坐标来源', '坐标系', '开放时间', '值守时间', '服务设施', '联系电话'];
  const good = (name: string) => [
    '户外劳动者服务站',
    name,
    '呼和浩特市新城区总工会',
    '新城区锡林路 8 号',
    '111.68',
    '40.82',
    '高德地图',
    'GCJ-02',
    '24/7',
    'Mo-Su 08:00-20:00',
    '饮用水、手机充电',
    '0471-6961234',
  ];

  it('reports every bad row by row and column in Chinese and saves nothing', async () => {
    const before = await stationCount();
    const file = await xlsx([
      HEADER,
      good('导入驿站甲'),
      ['加油站', '导入驿站乙', '呼和浩特市新城区总工会', '地址', '111.68', '40.82', '高德地图', '', '24/7', '', '', ''],
      ['工会驿站', '导入驿站丙', '呼和浩特市赛罕区总工会', '地址', '111.68', '40.82', '高德地图', '', '24/7', '', '', ''],
      ['工会驿站', '导入驿站丁', '呼和浩特市新城区总工会', '地址', '40.82', '111.68', '百度地图', 'GCJ-02', '早八晚八', '', '饮用水、按摩椅', ''],
      good('导入驿站甲'),
    ]);
    const res = await upload(xcq, '/api/stations/import?mode=apply', { name: '驿站.xlsx', data: file });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ applied: false, rows: 5, created: 0 });
    const at = (row: number, column: string) =>
      r.errors.filter((e: { row: number; column: string }) => e.row === row && e.column === column).map((e: { message: string }) => e.message);
    expect(at(3, '驿站类型')[0]).toMatch(/^驿站类型应为：工会驿站、暖心驿站/);
    expect(at(4, '承建工会')).toEqual(['承建工会「呼和浩特市赛罕区总工会」不存在或不在您的管辖范围内']);
    expect(at(5, '服务设施')[0]).toMatch(/无法识别的服务设施「按摩椅」/);
    expect(at(6, '驿站名称')).toEqual(['与第 2 行是同一承建工会的同名驿站']);
    expect(await stationCount()).toBe(before);

    // Row 5 once its amenities are fixed: the register form's own rules name the column.
    const second = await upload(xcq, '/api/stations/import?mode=check', {
      name: '驿站.xlsx',
      data: await xlsx([
        HEADER,
        ['工会驿站', '导入驿站丁', '呼和浩特市新城区总工会', '地址', '40.82', '111.68', '百度地图', 'GCJ-02', '早八晚八', '', '饮用水', ''],
      ]),
    });
    const cols = second.json().errors.map((e: { column: string }) => e.column);
    expect(cols).toEqual(expect.arrayContaining(['经度', '坐标系']));

    const report = await upload(xcq, '/api/stations/import/errors.xlsx', { name: '驿站.xlsx', data: file });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(report.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('行号');
    expect(ws.getRow(1).getCell(4).value).toBe('原表：驿站类型');
    expect(ws.getRow(2).getCell(1).value).toBe(3);
    expect(String(ws.getRow(2).getCell(3).value)).toMatch(/驿站类型应为/);
  });

  it('refuses a sheet without a required column, and a file that is not .xlsx', async () => {
    const res = await upload(xcq, '/api/stations/import', { name: '驿站.xlsx', data: await xlsx([HEADER.filter((h) => h !== '开放时间')]) });
    expect(res.json().errors).toEqual([{ row: 1, column: '开放时间', message: '缺少「开放时间」列' }]);
    const csv = await upload(xcq, '/api/stations/import', { name: '驿站.csv', data: Buffer.from('a,b') });
    expect(csv.statusCode).toBe(400);
    expect(csv.json().fields[0].field).toBe('file');
  });

  it('imports a clean sheet once, and an export imports again as it is', async () => {
    const file = await xlsx([
      HEADER,
      good('导入驿站戊'),
      [
        '暖心驿站',
        '导入驿站己',
        '呼和浩特市新城区总工会',
        '新城区海拉尔路 2 号',
        '111.66',
        '40.84',
        '手机 GPS 定位',
        '',
        'Mo-Fr 08:00-18:00; PH off',
        '',
        '',
        '',
      ],
    ]);
    const res = (await upload(xcq, '/api/stations/import?mode=apply', { name: '驿站.xlsx', data: file })).json();
    expect(res).toMatchObject({ applied: true, rows: 2, created: 2, skipped: 0, errors: [] });
    const listed = (await xcq.get('/api/stations?q=导入驿站己')).json().items[0];
    expect(listed).toMatchObject({ type: 'warm', source: 'gps', datum: 'wgs84', openingHours: 'Mo-Fr 08:00-18:00; PH off' });
    const again = (await upload(xcq, '/api/stations/import?mode=apply', { name: '驿站.xlsx', data: file })).json();
    expect(again).toMatchObject({ applied: false, created: 0, skipped: 2, errors: [] });

    const exported = await xcq.get('/api/stations/export.xlsx');
    expect(exported.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER);
    const total = (await xcq.get('/api/stations')).json().total;
    expect(ws.rowCount - 1).toBe(total);
    const before = await stationCount();
    const back = (await upload(xcq, '/api/stations/import?mode=apply', { name: '导出.xlsx', data: exported.rawPayload })).json();
    expect(back).toMatchObject({ rows: total, created: 0, skipped: total, errors: [] });
    expect(await stationCount()).toBe(before);
    // In another county's hands the same file names unions it does not have.
    const foreign = (await upload(sh, '/api/stations/import', { name: '导出.xlsx', data: exported.rawPayload })).json();
    expect(foreign.errors[0]).toMatchObject({ column: '承建工会', message: expect.stringMatching(/不在您的管辖范围内/) });
  });
});

describe('public holidays in opening hours', () => {
  const at = (local: string) => new Date(`${local}+08:00`);

  it('knows China’s holidays and make-up working days from the State Council calendar', () => {
    expect(chinaDayKind('2026-10-01')).toBe('holiday'); // 国庆节
    expect(chinaDayKind('2026-02-17')).toBe('holiday'); // 春节
    expect(chinaDayKind('2026-10-10')).toBe('workday'); // a Saturday worked for 国庆
    expect(chinaDayKind('2026-10-12')).toBeNull();
  });

  it('closes on 国庆 with “PH off”, and opens on a holiday with its own PH hours', () => {
    expect(openState('Mo-Su 08:00-20:00; PH off', null, at('2026-10-01T12:00:00'))).toBe('closed');
    expect(openState('Mo-Su 08:00-20:00; PH off', null, at('2026-10-12T12:00:00'))).toBe('staffed');
    expect(openState('Mo-Fr 08:00-20:00; PH 10:00-16:00', null, at('2026-10-02T11:00:00'))).toBe('staffed');
    expect(openState('Mo-Fr 08:00-20:00; PH 10:00-16:00', null, at('2026-10-02T17:00:00'))).toBe('closed');
    // 24 hours with someone on duty except on holidays: open by QR door then.
    expect(openState('24/7', 'Mo-Su 08:00-20:00; PH off', at('2026-10-01T12:00:00'))).toBe('self');
    expect(withHolidays('Mo-Fr 08:00-20:00; Sa,PH 10:00-16:00', false)).toBe('Mo-Fr 08:00-20:00; Sa 10:00-16:00');
  });

  it('keeps working-day hours on a make-up working day', () => {
    // Saturday 2026-10-10 is worked: an office-hours station opens as on a weekday; the Sunday after stays shut.
    expect(openState('Mo-Fr 08:30-17:30', null, at('2026-10-10T10:00:00'))).toBe('staffed');
    expect(openState('Mo-Fr 08:30-17:30', null, at('2026-10-11T10:00:00'))).toBe('closed');
  });

  it('finds no station open on 国庆 whose hours say PH off', async () => {
    const s = await newStation(xcq, { lng: 111.5, lat: 41.2, openingHours: 'Mo-Su 08:00-20:00; PH off', name: '国庆闭站测试驿站' });
    const near = async (when: string) =>
      (await t.anonymous().get(`/api/public/stations/nearest?lng=111.5&lat=41.2&datum=gcj02&radiusKm=1&at=${encodeURIComponent(when)}`))
        .json()
        .stations.map((x: { id: number }) => x.id);
    expect(await near('2026-10-01T12:00:00+08:00')).not.toContain(s.id);
    expect(await near('2026-10-12T12:00:00+08:00')).toContain(s.id);
    const view = (await xcq.get(`/api/stations/${s.id}`)).json();
    const bad = await xcq.put(`/api/stations/${s.id}`, { ...view, orgId: view.org.id, openingHours: 'Mo-Su 08:00-20:00; PH offf' });
    expect(bad.json().fields[0]).toMatchObject({ field: 'openingHours', message: expect.stringMatching(/开放时间无法识别/) });
  });
});
