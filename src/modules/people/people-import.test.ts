import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../server/db.ts';

let t: TestApp;
let xcq: TestClient;
const dataDir = fs.mkdtempSync('/tmp/niangjia-import-test-');
beforeAll(async () => {
  t = await createTestApp({ dataDir });
  xcq = await t.as('xcq_admin');
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

let seq = 500;
const idOf = (birth: string, region = '150102') => {
  const first17 = `${region}${birth}${String((seq += 2)).padStart(3, '0')}`;
  return withCheckCharacter(first17);
};

async function xlsx(rows: (string | number | Date | ExcelJS.CellFormulaValue)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('职工名册');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function upload(c: TestClient, filename: string, content: Buffer) {
  const boundary = '----niangjia-import';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return c.request({ method: 'POST', url: '/api/people/imports', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

async function waitFor(c: TestClient, jobId: string, until: (j: { status: string; phase: string }) => boolean) {
  for (let i = 0; i < 600; i++) {
    const job = (await c.get(`/api/jobs/${jobId}`)).json();
    if (until(job) || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('job did not finish');
}

/** Upload → check with the suggested mapping (blank 所属工会 → `defaultOrgId`, the sanitation union unless null) → the checked job. */
async function checkFile(c: TestClient, filename: string, content: Buffer, defaultOrgId: number | null = t.seed.xinChengSanitation.id) {
  const up = await upload(c, filename, content);
  expect(up.statusCode).toBe(201);
  const { jobId, mapping } = up.json();
  const started = await c.post(`/api/people/imports/${jobId}/check`, { mapping, defaultOrgId });
  expect(started.statusCode).toBe(202);
  return waitFor(c, jobId, (j) => j.status === 'waiting');
}

async function apply(c: TestClient, jobId: string, confirmUpdates = false) {
  const res = await c.post(`/api/people/imports/${jobId}/apply`, { confirmUpdates });
  if (res.statusCode !== 202) return res;
  // Done, and the near-duplicate scan that follows it has reported.
  return waitFor(c, jobId, (j) => j.status === 'done' && (j as { result?: { duplicates?: unknown } }).result?.duplicates != null);
}

const HEADER = ['序号', '姓名', '身份证号码', '手机号码', '工作单位', '所属工会', '职业', '用工形式', '民族', '入会时间'];

describe('roster import', () => {
  it('answers 401 and 403, and recognises the usual Chinese headers', async () => {
    expect((await upload(t.anonymous(), 'a.xlsx', Buffer.from('x'))).statusCode).toBe(401);
    expect((await upload(await t.as('xcq_volunteer'), 'a.xlsx', Buffer.from('x'))).statusCode).toBe(403);
    const res = await upload(
      xcq,
      '名册.xlsx',
      await xlsx([HEADER, ['1', '张伟', idOf('19800101'), '13900000001', '环卫中心', '', '环卫工人', '标准劳动关系', '汉', '2020-01-01']]),
    );
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.mapping).toEqual({ name: 1, idNumber: 2, phone: 3, employerName: 4, org: 5, occupation: 6, employmentForm: 7, ethnicity: 8, joinedOn: 9 });
    expect(body.sample[0][1]).toBe('张伟');
  });

  it('refuses an old .xls and a file without a header', async () => {
    const xls = await upload(xcq, 'old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    expect(xls.statusCode).toBe(400);
    expect(xls.json().message).toContain('另存为 .xlsx');
  });

  it('reports every bad cell by row and column, downloadable, and applies nothing', async () => {
    const good = idOf('19750505');
    const job = await checkFile(
      xcq,
      '有错误.xlsx',
      await xlsx([
        HEADER,
        ['1', '王芳', good, '13900000002', '环卫中心', '', '环卫工人', '标准劳动关系', '汉族', '2019/3/8'],
        ['2', '', '150102198001011234', '123', '', '赛罕区环卫工人联合工会', '宇航员', '临时工', '火星', '2019-02-30'],
        ['3', '王芳', good, '', '', '', '', '', '', ''],
      ]),
    );
    expect(job.result).toMatchObject({ rows: 3, new: 1, errorRows: 2 });
    const errorsXlsx = await xcq.get(`/api/people/imports/${job.id}/errors`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(errorsXlsx.rawPayload as unknown as ArrayBuffer);
    const lines = (wb.worksheets[0]!.getSheetValues().slice(2) as unknown[][]).map((r) => [r[1], r[2], r[3]]);
    expect(lines).toEqual(
      expect.arrayContaining([
        [3, '姓名', '请填写姓名'],
        [3, '身份证号', '证件号码校验位不正确，请核对'],
        [3, '手机号', '手机号应为 11 位大陆手机号码'],
        [3, '所属工会', '所属工会「赛罕区环卫工人联合工会」不存在或不在您的管辖范围内'],
        [3, '职业', expect.stringContaining('无法识别的职业「宇航员」')],
        [3, '用工形式', '无法识别的用工形式「临时工」'],
        [3, '民族', '无法识别的民族「火星」'],
        [3, '入会日期', '入会日期「2019-02-30」不是有效日期'],
        [4, '身份证号', '与第 2 行的证件号码重复'],
      ]),
    );
    // Every error row keeps its cells, also one found wrong only when compared with the others.
    const rowsOfSheet = wb.worksheets[0]!.getSheetValues().slice(2) as unknown[][];
    expect(rowsOfSheet.find((r) => r[1] === 4)!.slice(4, 7)).toEqual(['3', '王芳', good]);
    expect(rowsOfSheet.find((r) => r[1] === 3)!.slice(4, 8)).toEqual(['2', undefined, '150102198001011234', '123']);
    const refused = await apply(xcq, job.id);
    expect((refused as { statusCode: number }).statusCode).toBe(409);
    expect((await xcq.get(`/api/people?q=${good}`)).json().total).toBe(0);
  });

  it('applies a clean file in one go with memberships, and importing it again changes nothing', async () => {
    const ids = [idOf('19820202'), idOf('19830303'), idOf('19840404')];
    const file = await xlsx([
      HEADER,
      ['1', '乌云', ids[0]!, '13900000011', '新城区环卫中心', '新城区环境卫生服务中心工会', '环卫工人', '标准劳动关系', '蒙古族', '2018-05-01'],
      ['2', '其其格', ids[1]!, '13900000012', '顺丰速运新城营业部', '', '快递员', '新就业形态', '蒙古', ''],
      ['3', '李建军', ids[2]!, '', '个体', '', 'delivery_rider', '新就业形态', '汉族', '2021年7月1日'],
    ]);
    const job = await checkFile(xcq, '名册.xlsx', file);
    expect(job.result).toMatchObject({ rows: 3, new: 3, unchanged: 0, update: 0, errorRows: 0, mostlyExisting: false });
    const done = await apply(xcq, job.id);
    expect(done).toMatchObject({ status: 'done', result: { applied: { inserted: 3, updated: 0, members: 2 } } });
    const wuyun = (await xcq.get(`/api/people?q=${ids[0]}`)).json().items[0];
    expect(wuyun).toMatchObject({ name: '乌云', occupationLabel: '环卫工人', membershipState: 'member' });
    expect((await xcq.get(`/api/people/${wuyun.id}`)).json().membership.joinedOn).toBe('2018-05-01');

    // The staged rows are gone once the import has been applied.
    expect(await queryRows(t.db, sql`select 1 from people_import_rows where job_id = ${job.id}`)).toEqual([]);
    // Each person's history shows the import that created them (its one audit entry, with the file).
    const history = (await xcq.get(`/api/people/${wuyun.id}/history`)).json();
    expect(history).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'import', summary: expect.stringContaining('导入职工名册「名册.xlsx」：新增 3 人') })]),
    );

    const again = await checkFile(xcq, '名册.xlsx', file);
    expect(again.result).toMatchObject({ new: 0, unchanged: 3, update: 0, mostlyExisting: false });
    expect(await apply(xcq, again.id)).toMatchObject({ status: 'done', result: { applied: { inserted: 0, updated: 0, members: 0 } } });
    const audit = (await (await t.as('admin')).get('/api/audit?entity=person&action=import')).json();
    expect(audit.items[0].summary).toContain('无变化 3 人');
  });

  it('asks before updating when most rows are people already registered', async () => {
    const ids = [idOf('19900101'), idOf('19900202')];
    await apply(xcq, (await checkFile(xcq, 'a.xlsx', await xlsx([HEADER, ['1', '甲', ids[0]!, '', '旧单位'], ['2', '乙', ids[1]!, '', '旧单位']]))).id);
    const job = await checkFile(xcq, 'b.xlsx', await xlsx([HEADER, ['1', '甲', ids[0]!, '', '新单位'], ['2', '乙', ids[1]!, '', '新单位']]));
    expect(job.result).toMatchObject({ update: 2, mostlyExisting: true });
    const ask = (await apply(xcq, job.id)) as { statusCode: number; json(): { message: string } };
    expect(ask.statusCode).toBe(409);
    expect(ask.json().message).toContain('大部分人员已在册');
    expect(await apply(xcq, job.id, true)).toMatchObject({ status: 'done', result: { applied: { updated: 2 } } });
    const updated = (await xcq.get(`/api/people?q=${ids[0]}`)).json().items[0];
    expect(updated.employerName).toBe('新单位');
    const imports = (await xcq.get(`/api/people/${updated.id}/history`)).json().filter((h: { action: string }) => h.action === 'import');
    expect(imports.map((h: { summary: string }) => h.summary)).toEqual([
      expect.stringContaining('「b.xlsx」：新增 0 人，更新 2 人'),
      expect.stringContaining('「a.xlsx」：新增 2 人'),
    ]);
  });

  it('refuses rows of people registered outside the subtree', async () => {
    const id = idOf('19700707', '150105');
    await (await t.as('sh_admin')).post('/api/people', { name: '外区人员', idNumber: id, orgId: t.seed.saihanJoint.id });
    const job = await checkFile(xcq, 'c.xlsx', await xlsx([HEADER, ['1', '外区人员', id]]));
    expect(job.result).toMatchObject({ errorRows: 1 });
  });

  it('reads CSV in GB18030 as Excel in China saves it, and in UTF-8', async () => {
    const id1 = idOf('19880808');
    const id2 = idOf('19890909');
    const csv = `姓名,身份证号,手机号,职业\n赵敏,${id1},13900000021,外卖送餐员\n"钱,多多",${id2},,网约车司机\n`;
    const gb = await checkFile(xcq, '名册.csv', iconv.encode(csv, 'gb18030'));
    expect(gb.result).toMatchObject({ rows: 2, new: 2, errorRows: 0 });
    await apply(xcq, gb.id);
    expect((await xcq.get(`/api/people?q=${id2}`)).json().items[0].name).toBe('钱,多多');
    const utf8 = await checkFile(xcq, '名册.csv', Buffer.from('\ufeff' + csv, 'utf8'));
    expect(utf8.result).toMatchObject({ rows: 2, unchanged: 2 });
  });

  it('imports a roster saved by LibreOffice Calc, with its date cells and an ID number ending in X', async () => {
    const file = fs.readFileSync(new URL('./fixtures/libreoffice-roster.xlsx', import.meta.url));
    const job = await checkFile(xcq, '职工名册.xlsx', file);
    expect(job.result).toMatchObject({ rows: 4, new: 4, errorRows: 0 });
    expect(await apply(xcq, job.id)).toMatchObject({ status: 'done', result: { applied: { inserted: 4, members: 3 } } });
    const p = (await xcq.get('/api/people?q=15010219920101118X')).json().items[0];
    expect(p).toMatchObject({ name: '李建国', birthDate: '1992-01-01', occupationLabel: '货车司机' });
    expect((await xcq.get(`/api/people/${p.id}`)).json().membership.joinedOn).toBe('2018-12-20');
  });

  it('finds an ID number repeated thousands of rows apart, and registers people in the order of the sheet', async () => {
    // Distinct valid numbers: one per birth day from 1960 on.
    const idAt = (i: number) => withCheckCharacter(`150103${new Date(Date.UTC(1960, 0, 1 + i)).toISOString().slice(0, 10).replace(/-/g, '')}321`);
    const rows = Array.from({ length: 5000 }, (_, i) => [String(i + 1), `顺序${i}`, idAt(i)]);
    rows[4899]![2] = idAt(2); // sheet row 4,901 repeats sheet row 4 — in another batch of the check
    const dup = await checkFile(xcq, '长名册.xlsx', await xlsx([HEADER, ...rows]));
    expect(dup.result).toMatchObject({ rows: 5000, errorRows: 1, new: 4999 });
    const errorsXlsx = await xcq.get(`/api/people/imports/${dup.id}/errors`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(errorsXlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(2).values).toEqual(expect.arrayContaining([4901, '身份证号', '与第 4 行的证件号码重复']));
    await xcq.post(`/api/people/imports/${dup.id}/cancel`);

    rows[4899]![2] = idAt(4899);
    const job = await checkFile(xcq, '长名册.xlsx', await xlsx([HEADER, ...rows]));
    expect(job.result).toMatchObject({ rows: 5000, new: 5000, errorRows: 0 });
    expect(await apply(xcq, job.id)).toMatchObject({ status: 'done', result: { applied: { inserted: 5000 } } });
    const people = await queryRows<{ name: string }>(t.db, sql`select name from persons where name like '顺序%' order by id`);
    expect(people.map((p) => p.name)).toEqual(rows.map((r) => r[1]));
  });

  it('refuses ID numbers from number cells (digits lost, even when the check digit passes) and shows how many before anything is imported', async () => {
    // 150302199506037123 typed into a General cell is stored as 1.50302199506037E+17: the first 15
    // digits and 000. Some such numbers pass the check digit; take one, so only the cell gives it away.
    let rounded = '';
    for (let day = 1; !rounded && day <= 28; day++) {
      for (let d = 0; d <= 9 && !rounded; d++) {
        const first15 = `150302199506${String(day).padStart(2, '0')}${d}`;
        if (withCheckCharacter(`${first15}00`) === `${first15}000`) rounded = `${first15}000`;
      }
    }
    expect(rounded).toHaveLength(18);
    const ok = idOf('19950603');
    const job = await checkFile(
      xcq,
      '数字格式.xlsx',
      await xlsx([HEADER, ['1', '王数', Number(rounded), 13900000041], ['2', '李数', 1.50302199506037e17, ''], ['3', '张文', ok, 13900000042]]),
    );
    const LOST = '身份证号单元格是数字格式，Excel 已丢失末尾数字，请将该列设为文本后重新填写';
    // The mobile numbers are whole 11-digit numbers: they survive a number cell and are taken.
    expect(job.result).toMatchObject({ rows: 3, new: 1, errorRows: 2, cellFormat: [{ column: '身份证号', message: LOST, rows: 2 }] });
    const errorsXlsx = await xcq.get(`/api/people/imports/${job.id}/errors`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(errorsXlsx.rawPayload as unknown as ArrayBuffer);
    const lines = (wb.worksheets[0]!.getSheetValues().slice(2) as unknown[][]).map((r) => [r[1], r[2], r[3], r[6]]);
    expect(lines).toEqual([
      [2, '身份证号', LOST, rounded],
      [3, '身份证号', LOST, '150302199506037000'],
    ]);
    await xcq.post(`/api/people/imports/${job.id}/cancel`);
    expect((await xcq.get(`/api/people?q=${rounded}`)).json().total).toBe(0);
  });

  it('refuses an ID number in exponent form from a CSV, and a name that is a formula', async () => {
    const csv = await checkFile(xcq, '名册.csv', Buffer.from(`姓名,身份证号\n赵指数,1.50302199506037E+17\n`, 'utf8'));
    expect(csv.result).toMatchObject({ rows: 1, errorRows: 1, cellFormat: [{ column: '身份证号', rows: 1, message: expect.stringContaining('科学计数法') }] });

    const formula = await checkFile(xcq, '公式.xlsx', await xlsx([HEADER, ['1', { formula: 'CONCATENATE("孙","公式")', result: '孙公式' }, idOf('19960101')]]));
    expect(formula.result).toMatchObject({
      rows: 1,
      errorRows: 1,
      cellFormat: [{ column: '姓名', rows: 1, message: '姓名单元格是公式，请粘贴为数值后重新导入' }],
    });
  });

  it('puts new people with a blank 所属工会 only where the importer chose, and otherwise refuses them', async () => {
    const known = idOf('19770707');
    await apply(xcq, (await checkFile(xcq, 'k.xlsx', await xlsx([HEADER, ['1', '周在册', known]]))).id);
    const ids = [idOf('19770808'), idOf('19770909')];
    const file = await xlsx([
      HEADER,
      ['1', '周空白', ids[0]!, '', '', ''],
      ['2', '周有会', ids[1]!, '', '', '新城区环境卫生服务中心工会'],
      // Already registered: a blank cell keeps the person's own union.
      ['3', '周在册', known, '', '新单位', ''],
    ]);
    const refused = await checkFile(xcq, '空工会.xlsx', file, null);
    expect(refused.result).toMatchObject({ rows: 3, new: 1, update: 1, errorRows: 1 });
    const errorsXlsx = await xcq.get(`/api/people/imports/${refused.id}/errors`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(errorsXlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(2).values).toEqual(expect.arrayContaining([2, '所属工会', expect.stringContaining('所属工会为空')]));
    await xcq.post(`/api/people/imports/${refused.id}/cancel`);

    const chosen = await checkFile(xcq, '空工会.xlsx', file, t.seed.xinChengSanitation.id);
    expect(chosen.result).toMatchObject({ new: 2, update: 1, errorRows: 0 });
    await xcq.post(`/api/people/imports/${chosen.id}/cancel`);

    // Without a 所属工会 column, the importer must say where everyone goes.
    const up = (
      await upload(
        xcq,
        '无工会列.xlsx',
        await xlsx([
          ['姓名', '身份证号'],
          ['周无列', idOf('19771010')],
        ]),
      )
    ).json();
    const noColumn = await xcq.post(`/api/people/imports/${up.jobId}/check`, { mapping: up.mapping });
    expect(noColumn.statusCode).toBe(400);
    expect(noColumn.json().fields).toEqual([expect.objectContaining({ field: 'defaultOrgId', message: expect.stringContaining('所属工会') })]);
  });

  it('404 for another county’s import job', async () => {
    const up = (await upload(xcq, 'd.xlsx', await xlsx([HEADER, ['1', '丙', idOf('19910101')]]))).json();
    const sh = await t.as('sh_admin');
    expect((await sh.get(`/api/jobs/${up.jobId}`)).statusCode).toBe(404);
    expect((await sh.post(`/api/people/imports/${up.jobId}/check`, { mapping: up.mapping, defaultOrgId: t.seed.saihanJoint.id })).statusCode).toBe(404);
    expect((await xcq.post(`/api/people/imports/${up.jobId}/cancel`)).statusCode).toBe(200);
  });
});

describe('roster import as a bulk load (the registry rebuilt around the insert)', () => {
  const shape = (db: TestApp['db']) =>
    queryRows<{ name: string; def: string }>(
      db,
      sql`select indexname as name, indexdef as def from pg_indexes where tablename = 'persons'
          union all select conname, pg_get_constraintdef(oid) || case when convalidated then '' else ' NOT VALID' end
          from pg_constraint where conrelid = 'persons'::regclass
          order by 1`,
    );

  it('leaves the same indexes and validated foreign keys, and the people findable by every key', async () => {
    const dataDir = fs.mkdtempSync('/tmp/niangjia-import-bulk-');
    const b = await createTestApp({ dataDir, importBulkMinRows: 2 });
    try {
      const before = await shape(b.db);
      expect(before.length).toBeGreaterThan(8);
      const c = await b.as('xcq_admin');
      const ids = [idOf('19810101'), idOf('19810202'), idOf('19810303')];
      const up = (
        await upload(
          c,
          '首批名册.xlsx',
          await xlsx([HEADER, ['1', '张三', ids[0]!, '13900000031', '', '', '环卫工人'], ['2', '李四', ids[1]!, '13900000032'], ['3', '王五', ids[2]!]]),
        )
      ).json();
      await c.post(`/api/people/imports/${up.jobId}/check`, { mapping: up.mapping, defaultOrgId: b.seed.xinChengSanitation.id });
      await waitFor(c, up.jobId, (j) => j.status === 'waiting');
      expect(await apply(c, up.jobId)).toMatchObject({ status: 'done', result: { applied: { inserted: 3 } } });
      expect(await shape(b.db)).toEqual(before);
      expect((await c.get('/api/people?q=zs')).json().items.map((p: { name: string }) => p.name)).toContain('张三');
      expect((await c.get('/api/people?q=13900000032')).json().items[0].name).toBe('李四');
      expect((await c.get(`/api/people?q=${ids[2]!.slice(-4)}`)).json().total).toBeGreaterThanOrEqual(1);
      // Ids in the order of the sheet, and the next person registered gets one after them.
      const loaded = await queryRows<{ id: number; name: string }>(
        b.db,
        sql`select id::int, name from persons where name in ('张三', '李四', '王五') order by id`,
      );
      expect(loaded.map((p) => p.name)).toEqual(['张三', '李四', '王五']);
      const next = await c.post('/api/people', { name: '赵九', idNumber: idOf('19810404'), orgId: b.seed.xinChengSanitation.id });
      expect(next.statusCode).toBe(201);
      expect(next.json().id).toBeGreaterThan(loaded[2]!.id);
      // Each person of the block has the import in their history; the person registered after it does not.
      const history = async (id: number) => (await c.get(`/api/people/${id}/history`)).json().filter((h: { action: string }) => h.action === 'import');
      for (const p of loaded) expect(await history(p.id)).toEqual([expect.objectContaining({ summary: expect.stringContaining('首批名册.xlsx') })]);
      expect(await history(next.json().id)).toEqual([]);
    } finally {
      await b.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('undoes the whole load when an ID number was registered between the check and the apply', async () => {
    const dataDir = fs.mkdtempSync('/tmp/niangjia-import-bulk-');
    const b = await createTestApp({ dataDir, importBulkMinRows: 2 });
    try {
      const before = await shape(b.db);
      const c = await b.as('xcq_admin');
      const ids = [idOf('19820101'), idOf('19820202')];
      const up = (await upload(c, '名册.xlsx', await xlsx([HEADER, ['1', '赵六', ids[0]!], ['2', '孙七', ids[1]!]]))).json();
      await c.post(`/api/people/imports/${up.jobId}/check`, { mapping: up.mapping, defaultOrgId: b.seed.xinChengSanitation.id });
      await waitFor(c, up.jobId, (j) => j.status === 'waiting');
      expect((await c.post('/api/people', { name: '孙七', idNumber: ids[1], orgId: b.seed.xinChengSanitation.id })).statusCode).toBe(201);
      const failed = await apply(c, up.jobId);
      expect(failed).toMatchObject({ status: 'failed', error: expect.stringContaining('重新上传') });
      expect((await c.get(`/api/people?q=${ids[0]}`)).json().total).toBe(0);
      expect(await shape(b.db)).toEqual(before);
    } finally {
      await b.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
