import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { queryRows } from '../../server/db.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { chinaToday } from '../../shared/dates.ts';

let t: TestApp;
let xcq: TestClient;
const nextYear = String(Number(chinaToday().slice(0, 4)) + 1);
const HEADER = ['姓名', '身份证号', '荣誉等级', '授予年份', '授予机关', '证书编号', '享受待遇'];

const ids = { a: withCheckCharacter('15010219650101301'), b: withCheckCharacter('15010219660202302'), c: withCheckCharacter('15010219670303303') };
const stranger = withCheckCharacter('15010519680404304');

beforeAll(async () => {
  t = await createTestApp();
  xcq = await t.as('xcq_admin');
  for (const [name, idNumber] of [
    ['导入甲', ids.a],
    ['导入乙', ids.b],
    ['导入丙', ids.c],
  ]) {
    const res = await xcq.post('/api/people', { name, idNumber, orgId: t.seed.xinChengSanitation.id });
    expect(res.statusCode, res.body).toBe(201);
  }
  // 赛罕区's worker: not in 新城区's registry.
  const sh = await t.as('sh_admin');
  expect((await sh.post('/api/people', { name: '赛罕职工', idNumber: stranger, orgId: t.seed.saihanJoint.id })).statusCode).toBe(201);
});
afterAll(() => t.close());

async function sheet(rows: string[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('劳模');
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function upload(url: string, file: Buffer) {
  const boundary = 'honours-import';
  return xcq.request({
    method: 'POST',
    url,
    payload: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="劳模名单.xlsx"\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

const honours = async () => (await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from model_worker_honours`))[0]!.n;

describe('importing an honour list', () => {
  it('names each bad row and column in Chinese and imports nothing; the corrected sheet imports once', async () => {
    const bad = await sheet([
      ['导入甲', ids.a, '全国劳动模范', '2015', '中共中央、国务院', 'QG-0001', '是'],
      ['导入乙', ids.b, '宇宙级劳模', '2016', '某机关', '', ''],
      ['导入丙', ids.c, '自治区劳动模范', nextYear, '内蒙古自治区人民政府', 'NM-01', '否'],
      ['导入丙', ids.c, '全国劳模', '2018', '中共中央、国务院', 'QG-0001', ''],
      ['赛罕职工', stranger, '盟市级', '2010', '呼和浩特市人民政府', '', ''],
      ['别名', ids.a, '盟市级', '2011', '呼和浩特市人民政府', '', ''],
    ]);
    const res = await upload('/api/modelworkers/import?mode=apply', bad);
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json();
    expect(result).toMatchObject({ applied: false, rows: 6, created: 0 });
    const at = (row: number) =>
      result.errors.filter((e: { row: number }) => e.row === row).map((e: { column: string; message: string }) => [e.column, e.message]);
    expect(at(2)).toEqual([]);
    expect(at(3)).toEqual([['荣誉等级', expect.stringMatching(/^无法识别的荣誉等级「宇宙级劳模」，应为：全国劳动模范、/)]]);
    expect(at(4)).toEqual([['授予年份', '授予年份不能晚于今年']]);
    expect(at(5)).toEqual([['证书编号', '与第 2 行的证书编号相同（同一等级的证书编号不能重复）']]);
    expect(at(6)).toEqual([['身份证号', '职工档案中没有此人（或不在本单位及下级），请先登记职工档案']]);
    expect(at(7)).toEqual([['姓名', '姓名与职工档案不一致（档案为“导入甲”）']]);
    expect(await honours()).toBe(0);

    const report = await upload('/api/modelworkers/import/errors.xlsx', bad);
    expect(report.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(report.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.rowCount).toBe(1 + 5);

    const good = await sheet([
      ['导入甲', ids.a, '全国劳动模范', '2015', '中共中央、国务院', 'QG-0001', '是'],
      ['导入乙', ids.b, '盟市级劳动模范', '2016', '呼和浩特市人民政府', '', ''],
      ['导入丙', ids.c, '自治区劳动模范', '2019', '内蒙古自治区人民政府', 'NM-01', '否'],
    ]);
    const check = (await upload('/api/modelworkers/import?mode=check', good)).json();
    expect(check).toMatchObject({ applied: false, rows: 3, created: 3, errors: [] });
    expect(await honours()).toBe(0);
    const applied = (await upload('/api/modelworkers/import?mode=apply', good)).json();
    expect(applied).toMatchObject({ applied: true, created: 3, skipped: 0 });
    expect(await honours()).toBe(3);
    const [c] = await queryRows<{ tags: string[]; with_benefits: boolean }>(
      t.db,
      sql`select p.tags, h.with_benefits from persons p join model_worker_honours h on h.person_id = p.id where p.name = '导入丙'`,
    );
    expect(c).toMatchObject({ with_benefits: false });
    expect([...c!.tags].sort()).toEqual(['劳模', '省级劳模'].sort());

    // The same sheet again changes nothing.
    const again = (await upload('/api/modelworkers/import?mode=apply', good)).json();
    expect(again).toMatchObject({ applied: false, created: 0, skipped: 3, errors: [] });
    expect(await honours()).toBe(3);
  });

  it('refuses a certificate number already recorded at the level', async () => {
    const res = (
      await upload('/api/modelworkers/import?mode=check', await sheet([['导入乙', ids.b, '全国劳模', '2020', '中共中央、国务院', 'QG-0001', '']]))
    ).json();
    expect(res.errors).toEqual([{ row: 2, column: '证书编号', message: '证书编号「QG-0001」已登记在另一项全国劳动模范荣誉上' }]);
  });
});
