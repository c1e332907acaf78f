import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { withCreditCheck } from '../../shared/ids.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function xlsx(rows: (string | number | ExcelJS.CellFormulaValue)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('组织导入');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function multipart(filename: string, content: Buffer) {
  const boundary = '----niangjia' + Math.random().toString(16).slice(2);
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('GET /api/orgs/tree', () => {
  it('answers 401 without a session', async () => {
    expect((await t.anonymous().get('/api/orgs/tree')).statusCode).toBe(401);
  });

  it('starts at the actor’s own org, with counts', async () => {
    const c = await t.as('hhht_admin');
    const [top] = (await c.get('/api/orgs/tree')).json();
    expect(top).toMatchObject({ name: '呼和浩特市总工会', childCount: 2, descendantCount: 4 });
    const children = (await c.get(`/api/orgs/tree?parentId=${top.id}`)).json();
    expect(children.map((o: { name: string }) => o.name)).toEqual(['呼和浩特市新城区总工会', '呼和浩特市赛罕区总工会']);
  });

  it('answers 400 for a malformed id and 404 for an org outside the subtree', async () => {
    const c = await t.as('xcq_admin');
    expect((await c.get('/api/orgs/tree?parentId=abc')).statusCode).toBe(400);
    const res = await c.get(`/api/orgs/tree?parentId=${t.seed.saihan.id}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toBe('组织不存在或无权访问');
  });
});

describe('GET /api/orgs/:id', () => {
  it('gives the breadcrumb from the actor’s org down and the allowed actions', async () => {
    const c = await t.as('hhht_admin');
    const d = (await c.get(`/api/orgs/${t.seed.xinChengSanitation.id}`)).json();
    expect(d.trail.map((x: { name: string }) => x.name)).toEqual(['呼和浩特市总工会', '呼和浩特市新城区总工会', '新城区环境卫生服务中心工会']);
    expect(d.can).toEqual({ edit: true, addChild: true, move: true, setStatus: true });
    const own = (await c.get(`/api/orgs/${t.seed.hhht.id}`)).json();
    expect(own.can).toMatchObject({ edit: true, move: false, setStatus: false });
    const cadre = (await (await t.as('xcq_cadre')).get(`/api/orgs/${t.seed.xinCheng.id}`)).json();
    expect(cadre.can).toEqual({ edit: false, addChild: false, move: false, setStatus: false });
  });
});

describe('GET /api/orgs/search', () => {
  it('finds by pinyin initials, full pinyin and division code, within scope only', async () => {
    const c = await t.as('nmg_admin');
    const byInitials = (await c.get('/api/orgs/search?q=xcq')).json();
    expect(byInitials.items.map((o: { name: string }) => o.name)).toContain('呼和浩特市新城区总工会');
    const byPinyin = (await c.get('/api/orgs/search?q=baotou')).json();
    expect(byPinyin.items[0].name).toBe('包头市总工会');
    expect(byPinyin.items[0].trail).toBe('内蒙古自治区总工会');
    const byCode = (await c.get('/api/orgs/search?q=150203')).json();
    expect(byCode.items.map((o: { name: string }) => o.name)).toEqual(['包头市昆都仑区总工会']);
    const sibling = (await (await t.as('xcq_admin')).get('/api/orgs/search?q=saihan')).json();
    expect(sibling.total).toBe(0);
  });

  it('lists the subtree by level when no search text is given', async () => {
    const res = await (await t.as('hhht_admin')).get('/api/orgs/search');
    expect(res.statusCode).toBe(200);
    const names = res.json().items.map((o: { name: string }) => o.name);
    expect(names[0]).toBe('呼和浩特市总工会');
    expect(names).toContain('新城区环境卫生服务中心工会');
    expect(names).not.toContain('包头市总工会');
  });
});

describe('POST /api/orgs', () => {
  it('answers 401, then 403 for a role without org:write', async () => {
    expect((await t.anonymous().post('/api/orgs', {})).statusCode).toBe(401);
    const res = await (await t.as('xcq_cadre')).post('/api/orgs', { parentId: t.seed.xinCheng.id, name: 'x', type: 'grassroots' });
    expect(res.statusCode).toBe(403);
  });

  it('answers 400 naming the field in Chinese', async () => {
    const c = await t.as('xcq_admin');
    const res = await c.post('/api/orgs', { parentId: t.seed.xinCheng.id, name: '', type: 'grassroots' });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields).toContainEqual({ field: 'name', message: '请填写组织名称' });
    const bad = await c.post('/api/orgs', {
      parentId: t.seed.xinCheng.id,
      name: '某公司工会',
      type: 'grassroots',
      creditCode: '91350100M000100Y44',
      contactPhone: '12345',
    });
    expect(bad.json().fields).toEqual(
      expect.arrayContaining([
        { field: 'creditCode', message: '统一社会信用代码无效（应为 18 位，且校验位正确）' },
        { field: 'contactPhone', message: '联系电话格式不正确（手机号或 0471-1234567）' },
      ]),
    );
  });

  it('answers 404 for a parent outside the subtree', async () => {
    const res = await (await t.as('xcq_admin')).post('/api/orgs', { parentId: t.seed.saihan.id, name: '越权工会', type: 'grassroots' });
    expect(res.statusCode).toBe(404);
    expect(res.json().fields[0].field).toBe('parentId');
  });

  it('checks division codes against GB/T 2260, the org’s level and the parent’s region', async () => {
    const c = await t.as('nmg_admin');
    const post = (divisionCode: string, type = 'county', parentId = t.seed.baotou.id) =>
      c.post('/api/orgs', { parentId, name: `区划测试${divisionCode}`, type, divisionCode });
    expect((await post('150299')).json().message).toBe('行政区划代码 150299 不在 GB/T 2260 行政区划中');
    expect((await post('150200')).json().message).toContain('应填写县级区划代码');
    expect((await post('150102')).json().message).toContain('不在上级组织的区划 150200（包头市）之内');
    expect((await c.post('/api/orgs', { parentId: t.seed.baotou.id, name: '无代码', type: 'county' })).json().message).toBe('旗县区总工会须填写行政区划代码');
    expect((await post('150204')).statusCode).toBe(201);
  });

  it('refuses a type that cannot sit under the parent', async () => {
    const c = await t.as('xcq_admin');
    const res = await c.post('/api/orgs', { parentId: t.seed.xinCheng.id, name: '错误层级', type: 'city', divisionCode: '150100' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('「旗县区总工会」下不能设立「盟市总工会」');
  });

  it('creates a grassroots union with pinyin search keys and an audit entry; a sibling name repeats only as 409', async () => {
    const c = await t.as('xcq_admin');
    const body = {
      parentId: t.seed.xinCheng.id,
      name: '新城区快递物流行业联合工会',
      type: 'joint',
      creditCode: withCreditCheck('81150102MA0000001'),
      contactPhone: '0471-6600000',
      foundedOn: '2019-03-08',
    };
    const res = await c.post('/api/orgs', body);
    expect(res.statusCode).toBe(201);
    const org = res.json();
    expect(org).toMatchObject({
      name: body.name,
      type: 'joint',
      depth: 4,
      foundedOn: '2019-03-08',
      trail: [{ name: '呼和浩特市新城区总工会' }, { name: body.name }],
    });
    expect((await c.get('/api/orgs/search?q=xcqkd')).json().items[0].id).toBe(org.id);
    const again = await c.post('/api/orgs', { ...body, creditCode: null });
    expect(again.statusCode).toBe(409);
    expect(again.json().fields[0]).toEqual({ field: 'name', message: '同一上级组织下已有同名组织' });
    const audit = (await (await t.as('admin')).get(`/api/audit?entity=org&entityId=${org.id}`)).json();
    expect(audit.items[0]).toMatchObject({ action: 'create', actorName: 'xcq_admin', summary: `新增组织 ${body.name}` });
  });
});

describe('PATCH /api/orgs/:id', () => {
  it('edits details, 404 out of scope, and refuses a type its children do not fit', async () => {
    const c = await t.as('xcq_admin');
    expect((await c.patch(`/api/orgs/${t.seed.saihanJoint.id}`, { address: 'x' })).statusCode).toBe(404);
    const res = await c.patch(`/api/orgs/${t.seed.xinChengSanitation.id}`, { address: '呼和浩特市新城区成吉思汗大街 1 号', contactName: '李娜' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ address: '呼和浩特市新城区成吉思汗大街 1 号', contactName: '李娜' });
    const n = await (await t.as('nmg_admin')).patch(`/api/orgs/${t.seed.xinCheng.id}`, { type: 'grassroots' });
    expect(n.statusCode).toBe(400);
  });
});

describe('POST /api/orgs/:id/move', () => {
  it('never moves an org under itself or its descendants', async () => {
    const c = await t.as('nmg_admin');
    const res = await c.post(`/api/orgs/${t.seed.hhht.id}/move`, { parentId: t.seed.xinCheng.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('不能把组织移到它自己或它的下级组织之下');
  });

  it('moves a subtree, rewriting every path, and scope follows on the next request', async () => {
    const nmg = await t.as('nmg_admin');
    const sh = await t.as('sh_admin');
    const xcq = await t.as('xcq_admin');
    // A grassroots union with a branch below it, moved from 赛罕区 to 新城区.
    const branchParent = (await sh.post('/api/orgs', { parentId: t.seed.saihan.id, name: '赛罕区某物流公司工会', type: 'grassroots' })).json();
    const branch = (await sh.post('/api/orgs', { parentId: branchParent.id, name: '分拣中心分工会', type: 'grassroots' })).json();
    expect((await xcq.get(`/api/orgs/${branch.id}`)).statusCode).toBe(404);

    const moved = await nmg.post(`/api/orgs/${branchParent.id}/move`, { parentId: t.seed.xinCheng.id });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().trail.map((x: { name: string }) => x.name)).toEqual([
      '内蒙古自治区总工会',
      '呼和浩特市总工会',
      '呼和浩特市新城区总工会',
      '赛罕区某物流公司工会',
    ]);
    const b = (await xcq.get(`/api/orgs/${branch.id}`)).json();
    expect(b.depth).toBe(5);
    expect(b.trail.map((x: { name: string }) => x.name)).toEqual(['呼和浩特市新城区总工会', '赛罕区某物流公司工会', '分拣中心分工会']);
    expect((await sh.get(`/api/orgs/${branch.id}`)).statusCode).toBe(404);
    const audit = (await (await t.as('admin')).get(`/api/audit?entity=org&entityId=${branchParent.id}&action=move`)).json();
    expect(audit.items[0].summary).toContain('连同下级共 2 个组织');
  });

  it('refuses to move the actor’s own org', async () => {
    const res = await (await t.as('xcq_admin')).post(`/api/orgs/${t.seed.xinCheng.id}/move`, { parentId: t.seed.xinChengSanitation.id });
    expect(res.statusCode).toBe(400);
  });
});

describe('POST /api/orgs/:id/status', () => {
  it('deactivates only when no active org is below, and reactivates only under an active parent', async () => {
    const c = await t.as('nmg_admin');
    const blocked = await c.post(`/api/orgs/${t.seed.baotou.id}/status`, { status: 'inactive' });
    expect(blocked.statusCode).toBe(400);
    expect(blocked.json().message).toBe('该组织下还有正常状态的下级组织，请先停用或移走它们');
    const parent = (await c.post('/api/orgs', { parentId: t.seed.kundulun.id, name: '待停用工会', type: 'grassroots' })).json();
    const child = (await c.post('/api/orgs', { parentId: parent.id, name: '待停用分工会', type: 'grassroots' })).json();
    expect((await c.post(`/api/orgs/${child.id}/status`, { status: 'inactive' })).json().status).toBe('inactive');
    expect((await c.post(`/api/orgs/${parent.id}/status`, { status: 'inactive' })).json().status).toBe('inactive');
    const re = await c.post(`/api/orgs/${child.id}/status`, { status: 'active' });
    expect(re.json().message).toBe('上级组织已停用，请先启用上级组织');
    const under = await c.post('/api/orgs', { parentId: parent.id, name: '新建于停用组织下', type: 'grassroots' });
    expect(under.json().message).toBe('上级组织已停用，不能在其下新增组织');
  });
});

describe('GET /api/orgs/stats', () => {
  it('counts the subtree by type', async () => {
    const s = (await (await t.as('hhht_admin')).get('/api/orgs/stats')).json();
    expect(s.orgId).toBe(t.seed.hhht.id);
    expect(s.byType.find((b: { type: string }) => b.type === 'county').count).toBe(2);
    expect(s.total).toBe(s.byType.reduce((n: number, b: { count: number }) => n + b.count, 0));
    expect((await (await t.as('xcq_admin')).get(`/api/orgs/stats?orgId=${t.seed.saihan.id}`)).statusCode).toBe(404);
  });
});

describe('import and export', () => {
  const header = ['组织名称*', '简称', '组织类型*', '上级组织*', '行政区划代码', '统一社会信用代码', '地址', '联系人', '联系电话', '成立日期'];

  it('checks every row, reports errors by row and column, and applies nothing when any row is wrong', async () => {
    const c = await t.as('hhht_admin');
    const file = await xlsx([
      header,
      ['回民区总工会', '', '旗县区总工会', '呼和浩特市总工会', '150103', '', '', '', '', '2001-05-01'],
      ['回民区环卫中心工会', '', '基层工会', '回民区总工会', '', '', '', '', '0471-1234567', '2010/3/5'],
      ['错误的工会', '', '不存在的类型', '包头市总工会', '', '123', '', '', '', '2020-02-30'],
    ]);
    const res = await c.request({ method: 'POST', url: '/api/orgs/import?mode=apply', ...multipart('组织.xlsx', file) });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.applied).toBe(false);
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 4, column: '组织类型' }),
        expect.objectContaining({ row: 4, column: '上级组织', message: expect.stringContaining('找不到上级组织「包头市总工会」') }),
        expect.objectContaining({ row: 4, column: '成立日期' }),
        expect.objectContaining({ row: 4, column: '统一社会信用代码' }),
      ]),
    );
    expect((await c.get('/api/orgs/search?q=回民区')).json().total).toBe(0);
  });

  it('applies a valid sheet in one go, parents from earlier rows included, and re-importing changes nothing', async () => {
    const c = await t.as('hhht_admin');
    const file = await xlsx([
      header,
      ['呼和浩特市回民区总工会', '回民区总工会', '旗县区总工会', '150100', '150103', '', '', '', '', '2001-05-01'],
      ['回民区环卫中心工会', '', '基层工会', '呼和浩特市回民区总工会', '', withCreditCheck('81150103MA0000009'), '', '张伟', '0471-1234567', '2010/3/5'],
    ]);
    const check = (await c.request({ method: 'POST', url: '/api/orgs/import?mode=check', ...multipart('组织.xlsx', file) })).json();
    expect(check).toMatchObject({ applied: false, rows: 2, toCreate: 2, unchanged: 0, errors: [] });
    const applied = (await c.request({ method: 'POST', url: '/api/orgs/import?mode=apply', ...multipart('组织.xlsx', file) })).json();
    expect(applied).toMatchObject({ applied: true, toCreate: 2 });
    const found = (await c.get('/api/orgs/search?q=回民区环卫')).json().items[0];
    expect(found.trail).toBe('呼和浩特市总工会 / 呼和浩特市回民区总工会');
    const again = (await c.request({ method: 'POST', url: '/api/orgs/import?mode=apply', ...multipart('组织.xlsx', file) })).json();
    expect(again).toMatchObject({ applied: true, toCreate: 0, unchanged: 2 });
    expect((await c.get('/api/orgs/search?q=回民区环卫')).json().total).toBe(1);
  });

  it('refuses a name that is a formula and a credit code or phone from a number cell, each once, by row and column', async () => {
    const c = await t.as('hhht_admin');
    const file = await xlsx([
      header,
      [{ formula: '"回民区"&"总工会"', result: '回民区总工会' }, '', '旗县区总工会', '呼和浩特市总工会', '150103', '', '', '', '', ''],
      // 911501030000000123 and 0471-1234567 typed into General cells: 15 digits kept, the leading 0 lost.
      ['回民区环卫中心工会', '', '基层工会', '呼和浩特市总工会', '', 9.1150103e17, '', '', 4711234567, ''],
    ]);
    const res = await c.request({ method: 'POST', url: '/api/orgs/import?mode=check', ...multipart('组织.xlsx', file) });
    expect(res.json().errors).toEqual([
      { row: 2, column: '组织名称', message: '组织名称单元格是公式，请粘贴为数值后重新导入' },
      { row: 3, column: '统一社会信用代码', message: '统一社会信用代码单元格是数字格式，Excel 已丢失末尾数字，请将该列设为文本后重新填写' },
      { row: 3, column: '联系电话', message: '联系电话单元格是数字格式，Excel 可能已改动其中的数字，请将该列设为文本后重新填写' },
    ]);
  });

  it('refuses a file that is not an .xlsx', async () => {
    const c = await t.as('hhht_admin');
    const res = await c.request({ method: 'POST', url: '/api/orgs/import', ...multipart('组织.xlsx', Buffer.from('姓名,身份证号\n')) });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('只支持 Excel 2007 及以上的 .xlsx 文件');
  });

  it('exports the subtree as .xlsx with Chinese headers, nothing from outside', async () => {
    const c = await t.as('xcq_admin');
    const res = await c.get('/api/orgs/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('组织架构'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('组织名称');
    const names = ws.getColumn(1).values.slice(2);
    expect(names).toContain('呼和浩特市新城区总工会');
    expect(names).not.toContain('呼和浩特市赛罕区总工会');
    expect((await c.get(`/api/orgs/export?within=${t.seed.saihan.id}`)).statusCode).toBe(404);
  });
});

describe('GET /api/divisions', () => {
  it('lists the children of a division from the GB/T 2260 data', async () => {
    const c = await t.as('nmg_admin');
    const cities = (await c.get('/api/divisions?parent=150000')).json();
    expect(cities).toHaveLength(12);
    expect(cities.map((d: { name: string }) => d.name)).toContain('锡林郭勒盟');
    const provinces = (await c.get('/api/divisions')).json();
    expect(provinces.find((d: { code: string }) => d.code === '640000').name).toBe('宁夏回族自治区');
  });
});
