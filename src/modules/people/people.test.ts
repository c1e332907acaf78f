import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { queryRows } from '../../server/db.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { refreshPersonNameKeys } from './index.ts';
import { refreshOrgNameKeys } from '../orgs/index.ts';

let t: TestApp;
let xcq: TestClient;
beforeAll(async () => {
  t = await createTestApp();
  xcq = await t.as('xcq_admin');
});
afterAll(() => t.close());

let seq = 100;
/** A valid resident ID number of 呼和浩特市新城区 for a birth date. */
export function idNumber(birth = '19850312', region = '150102') {
  seq += 2;
  const first17 = `${region}${birth}${String(seq).padStart(3, '0')}`;
  return withCheckCharacter(first17);
}

const personBody = (over: Record<string, unknown> = {}) => ({
  name: '王建国',
  idNumber: idNumber(),
  phone: '13947100001',
  orgId: t.seed.xinChengSanitation.id,
  occupation: 'sanitation',
  employmentForm: 'standard',
  ethnicity: '蒙古族',
  tags: ['困难职工'],
  ...over,
});

describe('POST /api/people', () => {
  it('answers 401, 403 for a volunteer, and 400 naming each bad field in Chinese', async () => {
    expect((await t.anonymous().post('/api/people', personBody())).statusCode).toBe(401);
    expect((await (await t.as('xcq_volunteer')).post('/api/people', personBody())).statusCode).toBe(403);
    const bad = await xcq.post('/api/people', personBody({ name: '', idNumber: '150102198503121235', phone: '1234', ethnicity: '火星族' }));
    expect(bad.statusCode).toBe(400);
    const fields = Object.fromEntries(bad.json().fields.map((f: { field: string; message: string }) => [f.field, f.message]));
    expect(fields).toMatchObject({ name: '请填写姓名', phone: '手机号应为 11 位大陆手机号码', ethnicity: '请选择有效的民族' });
    const badId = await xcq.post('/api/people', personBody({ idNumber: '150102198503121235' }));
    expect(badId.json().fields[0]).toEqual({ field: 'idNumber', message: '证件号码校验位不正确，请核对' });
  });

  it('answers 404 for a union outside the subtree', async () => {
    expect((await xcq.post('/api/people', personBody({ orgId: t.seed.saihanJoint.id }))).statusCode).toBe(404);
  });

  it('derives sex and birth date from the ID, stores identifiers encrypted and shows them masked', async () => {
    const id = idNumber('19900307');
    const res = await xcq.post('/api/people', personBody({ name: '李秀英', idNumber: id, phone: '13812345678' }));
    expect(res.statusCode).toBe(201);
    const p = res.json();
    expect(p).toMatchObject({ name: '李秀英', birthDate: '1990-03-07', sex: Number(id[16]) % 2 ? 'male' : 'female', idType: 'resident' });
    expect(p.idMasked).toBe(`${id.slice(0, 6)}********${id.slice(14)}`);
    expect(p.phoneMasked).toBe('138****5678');
    expect(JSON.stringify(p)).not.toContain(id);
    const [stored] = await queryRows<Record<string, string>>(t.db, sql`select * from persons where id = ${p.id}`);
    expect(JSON.stringify(stored)).not.toContain(id);
    expect(JSON.stringify(stored)).not.toContain('13812345678');
    const audit = (await (await t.as('admin')).get(`/api/audit?entity=person&entityId=${p.id}`)).json().items[0];
    expect(JSON.stringify(audit)).not.toContain(id);
  });

  it('refuses a second person with the same ID number, naming the first when in scope', async () => {
    const id = idNumber('19781201');
    expect((await xcq.post('/api/people', personBody({ name: '赵志刚', idNumber: id }))).statusCode).toBe(201);
    const again = await xcq.post('/api/people', personBody({ name: '赵志钢', idNumber: id }));
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toContain('该证件号码已登记：赵志刚');
    const sh = await (await t.as('sh_admin')).post('/api/people', personBody({ idNumber: id, orgId: t.seed.saihanJoint.id }));
    expect(sh.statusCode).toBe(409);
    expect(sh.json().message).toBe('该证件号码已在您管辖范围以外的工会登记，请联系上级工会办理调转');
  });

  it('lets only one of two simultaneous registrations of the same person through', async () => {
    const body = personBody({ name: '并发测试', idNumber: idNumber('19950505') });
    const results = await Promise.all([xcq.post('/api/people', body), xcq.post('/api/people', body), xcq.post('/api/people', body)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
  });
});

/** 张三 and 张三丰, registered once for the search and export tests; answers 张三's id. */
let zhangs: Promise<number> | undefined;
function registerZhangs() {
  zhangs ??= (async () => {
    const zhang = (
      await xcq.post('/api/people', personBody({ name: '张三', idNumber: idNumber('19800101'), phone: '13900001111', employerName: '新城区环境卫生服务中心' }))
    ).json().id as number;
    await xcq.post(
      '/api/people',
      personBody({ name: '张三丰', idNumber: idNumber('19810101'), phone: null, occupation: 'courier', employmentForm: 'new_form' }),
    );
    return zhang;
  })();
  return zhangs;
}

describe('GET /api/people', () => {
  let zhang: number;
  beforeAll(async () => {
    zhang = await registerZhangs();
  });

  const names = async (c: TestClient, q: string) => (await c.get(`/api/people?${q}`)).json().items.map((p: { name: string }) => p.name);

  it('finds by name, full pinyin, initials, last four, full ID and phone', async () => {
    expect(await names(xcq, `q=${encodeURIComponent('张三')}`)).toEqual(['张三', '张三丰']);
    expect(await names(xcq, 'q=zhangsan')).toEqual(['张三', '张三丰']);
    expect(await names(xcq, 'q=zs')).toEqual(expect.arrayContaining(['张三', '张三丰']));
    expect(await names(xcq, 'q=zsf')).toEqual(['张三丰']);
    expect(await names(xcq, 'q=13900001111')).toEqual(['张三']);
    const full = (await queryRows<{ n: string }>(t.db, sql`select id_last4 as n from persons where id = ${zhang}`))[0]!.n;
    expect(await names(xcq, `q=${full}`)).toContain('张三');
  });

  it('filters by occupation, employment form, tag, employer and org subtree, and never shows another subtree', async () => {
    expect(await names(xcq, 'occupation=courier')).toEqual(['张三丰']);
    expect(await names(xcq, 'employmentForm=new_form')).toEqual(['张三丰']);
    expect(await names(xcq, `employer=${encodeURIComponent('环境卫生')}`)).toEqual(['张三']);
    expect((await xcq.get(`/api/people?orgId=${t.seed.saihan.id}`)).statusCode).toBe(404);
    const sh = await t.as('sh_admin');
    expect((await sh.get('/api/people?q=zhangsan')).json().total).toBe(0);
    expect((await sh.get(`/api/people/${zhang}`)).statusCode).toBe(404);
    const page = (await xcq.get('/api/people?pageSize=2&sort=birthDate&order=desc')).json();
    expect(page.items).toHaveLength(2);
    expect(page.total).toBeGreaterThan(2);
    expect(page.items[0].birthDate >= page.items[1].birthDate).toBe(true);
  });
});

describe('search keys of names', () => {
  it('reads a surname as a surname (曾 zēng, 单 shàn, 尉迟 yùchí) and a place as it is said (昆都仑 kūndūlún)', async () => {
    for (const [name, birth] of [
      ['曾晓燕', '19790101'],
      ['单雄', '19790202'],
      ['尉迟红', '19790303'],
    ] as const) {
      expect((await xcq.post('/api/people', personBody({ name, idNumber: idNumber(birth), phone: null }))).statusCode).toBe(201);
    }
    const names = async (q: string) => (await xcq.get(`/api/people?q=${q}`)).json().items.map((p: { name: string }) => p.name);
    expect(await names('zengxiao')).toEqual(['曾晓燕']);
    expect(await names('zxy')).toContain('曾晓燕');
    expect(await names('shanxiong')).toEqual(['单雄']);
    expect(await names('yuchi')).toEqual(['尉迟红']);
    const root = await t.as('nmg_admin');
    expect((await root.get('/api/orgs/search?q=baotoushikundulun')).json().items.map((o: { name: string }) => o.name)).toContain('包头市昆都仑区总工会');
  });

  it('computes stored keys again, once, after an upgrade that reads names differently', async () => {
    const zeng = (await xcq.post('/api/people', personBody({ name: '曾志伟', idNumber: idNumber('19790404'), phone: null }))).json() as { id: number };
    // As an earlier version stored them.
    await t.db.execute(sql`update persons set name_pinyin = 'cengzhiwei', name_initials = 'czw' where id = ${zeng.id}`);
    await t.db.execute(sql`update orgs set name_pinyin = 'baotoushikundoulunquzonggonghui' where id = ${t.seed.kundulun.id}`);
    await t.db.execute(sql`delete from system_settings where key in ('people.nameKeysVersion', 'orgs.nameKeysVersion')`);
    expect(await refreshPersonNameKeys(t.db)).toBe(1);
    expect(await refreshOrgNameKeys(t.db)).toBe(1);
    const [row] = await queryRows<{ full: string; initials: string }>(
      t.db,
      sql`select name_pinyin as full, name_initials as initials from persons where id = ${zeng.id}`,
    );
    expect(row).toEqual({ full: 'zengzhiwei', initials: 'zzw' });
    const [org] = await queryRows<{ full: string }>(t.db, sql`select name_pinyin as full from orgs where id = ${t.seed.kundulun.id}`);
    expect(org!.full).toBe('baotoushikundulunquzonggonghui');
    // Done once: a second start changes nothing, even if a key were off.
    await t.db.execute(sql`update persons set name_pinyin = 'cengzhiwei' where id = ${zeng.id}`);
    expect(await refreshPersonNameKeys(t.db)).toBe(0);
  });
});

describe('PATCH /api/people/:id', () => {
  it('saves with the version the form had, and refuses a stale one', async () => {
    const p = (await xcq.post('/api/people', personBody({ name: '孙丽', idNumber: idNumber('19870808') }))).json();
    const ok = await xcq.patch(`/api/people/${p.id}`, { version: p.version, address: '新城区东街 5 号' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().version).toBe(p.version + 1);
    const stale = await xcq.patch(`/api/people/${p.id}`, { version: p.version, address: '旧的表单' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().message).toBe('该档案已被他人修改，请刷新后核对再保存');
    expect((await xcq.get(`/api/people/${p.id}`)).json().address).toBe('新城区东街 5 号');
  });

  it('corrects an ID number and re-derives the birth date', async () => {
    const p = (await xcq.post('/api/people', personBody({ name: '周强', idNumber: idNumber('19700101') }))).json();
    const fixed = await xcq.patch(`/api/people/${p.id}`, { version: p.version, idNumber: idNumber('19710101') });
    expect(fixed.json().birthDate).toBe('1971-01-01');
  });
});

describe('POST /api/people/:id/reveal', () => {
  it('shows the full number to a role allowed to, with the reason audited; 403 for a cadre', async () => {
    const id = idNumber('19920229');
    const p = (await xcq.post('/api/people', personBody({ name: '吴敏', idNumber: id }))).json();
    const cadre = await t.as('xcq_cadre');
    expect((await cadre.post(`/api/people/${p.id}/reveal`, { field: 'idNumber', reason: '核对' })).statusCode).toBe(403);
    expect((await xcq.post(`/api/people/${p.id}/reveal`, { field: 'idNumber' })).json().fields[0].field).toBe('reason');
    const res = await xcq.post(`/api/people/${p.id}/reveal`, { field: 'idNumber', reason: '发放慰问品核对身份' });
    expect(res.json()).toEqual({ field: 'idNumber', value: id });
    const audit = (await (await t.as('admin')).get(`/api/audit?entity=person&entityId=${p.id}&action=reveal`)).json().items[0];
    expect(audit.summary).toBe('查看 吴敏 的完整证件号码，原因：发放慰问品核对身份');
    expect((await (await t.as('sh_admin')).post(`/api/people/${p.id}/reveal`, { field: 'idNumber', reason: 'x' })).statusCode).toBe(404);
  });
});

describe('调转 and 会籍', () => {
  it('moves a person within the subtree with history; membership follows', async () => {
    const hhht = await t.as('hhht_admin');
    const p = (await xcq.post('/api/people', personBody({ name: '马海', idNumber: idNumber('19830615') }))).json();
    const joined = await xcq.post(`/api/people/${p.id}/membership`, { joinedOn: '2020-05-01' });
    expect(joined.statusCode).toBe(200);
    expect(joined.json().membership).toMatchObject({ state: 'member', joinedOn: '2020-05-01' });
    expect(joined.json().membership.memberNo).toMatch(/^1501022020\d{7}$/);
    const twice = await xcq.post(`/api/people/${p.id}/membership`, { joinedOn: '2021-01-01' });
    expect(twice.statusCode).toBe(409);
    const moved = await hhht.post(`/api/people/${p.id}/transfer`, { toOrgId: t.seed.saihanJoint.id, reason: '工作调动', version: joined.json().version });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ orgName: '赛罕区环卫工人联合工会', membership: { state: 'member', memberNo: joined.json().membership.memberNo } });
    expect((await xcq.get(`/api/people/${p.id}`)).statusCode).toBe(404);
    const history = (await hhht.get(`/api/people/${p.id}/history`)).json();
    expect(history.map((h: { summary: string }) => h.summary)).toEqual(expect.arrayContaining([expect.stringContaining('调转至 赛罕区环卫工人联合工会')]));
  });

  it('a transfer out of the subtree waits until the receiving union accepts it', async () => {
    const p = (await xcq.post('/api/people', personBody({ name: '高原', idNumber: idNumber('19890909') }))).json();
    await xcq.post(`/api/people/${p.id}/membership`, { joinedOn: '2019-01-01' });
    // A federation holds no members: the transfer must go to the union at the new workplace.
    const toFederation = await xcq.post(`/api/people/${p.id}/membership/change`, {
      action: 'transfer_out',
      toOrgId: t.seed.saihan.id,
      reason: '换工作到赛罕区',
    });
    expect(toFederation.statusCode).toBe(400);
    expect(toFederation.json().fields).toEqual([
      { field: 'toOrgId', message: '「呼和浩特市赛罕区总工会」是旗县区总工会，会籍只能转入基层、联合、园区或村级工会' },
    ]);
    const out = await xcq.post(`/api/people/${p.id}/membership/change`, { action: 'transfer_out', toOrgId: t.seed.saihanJoint.id, reason: '换工作到赛罕区' });
    expect(out.statusCode).toBe(200);
    expect((await xcq.get(`/api/people/${p.id}`)).json().membership).toMatchObject({ state: 'transferring', pendingOrgName: '赛罕区环卫工人联合工会' });
    const sh = await t.as('sh_admin');
    const incoming = (await sh.get('/api/people/transfers/incoming')).json();
    expect(incoming.map((i: { name: string }) => i.name)).toContain('高原');
    expect((await xcq.post(`/api/people/${p.id}/membership/change`, { action: 'accept_transfer', reason: 'x' })).statusCode).toBe(404);
    expect((await sh.post(`/api/people/${p.id}/membership/change`, { action: 'accept_transfer', reason: '同意接收' })).statusCode).toBe(200);
    const now = (await sh.get(`/api/people/${p.id}`)).json();
    expect(now).toMatchObject({ orgName: '赛罕区环卫工人联合工会', membership: { state: 'member' } });
  });

  it('withdraws and rejoins with the same member number; refuses impossible changes', async () => {
    const p = (await xcq.post('/api/people', personBody({ name: '白雪', idNumber: idNumber('19910101') }))).json();
    expect((await xcq.post(`/api/people/${p.id}/membership/change`, { action: 'withdraw', reason: '本人申请' })).json().message).toBe('该职工尚未入会');
    const no = (await xcq.post(`/api/people/${p.id}/membership`, { joinedOn: '2018-03-08', memberNo: 'NJ-TEST-0001' })).json().membership.memberNo;
    expect(no).toBe('NJ-TEST-0001');
    await xcq.post(`/api/people/${p.id}/membership/change`, { action: 'withdraw', reason: '本人申请' });
    const again = await xcq.post(`/api/people/${p.id}/membership/change`, { action: 'withdraw', reason: '重复' });
    expect(again.json().message).toBe('会籍状态为「退会」，不能退会');
    await xcq.post(`/api/people/${p.id}/membership/change`, { action: 'rejoin', reason: '重新入会' });
    expect((await xcq.get(`/api/people/${p.id}`)).json().membership).toMatchObject({ state: 'member', memberNo: 'NJ-TEST-0001' });
  });
});

describe('GET /api/people/export', () => {
  it('exports the filtered list with masked identifiers; full ones only with the reveal permission', async () => {
    await registerZhangs();
    const res = await xcq.get(`/api/people/export?q=${encodeURIComponent('张三')}`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows = wb.worksheets[0]!.getSheetValues().slice(2) as string[][];
    expect(rows.map((r) => r[2])).toEqual(['张三', '张三丰']);
    expect(rows[0]![6]).toMatch(/^150102\*{8}\d{3}[\dX]$/);
    expect((await (await t.as('xcq_cadre')).get('/api/people/export?full=1')).statusCode).toBe(403);
  });
});

describe('occupations', () => {
  it('lists the built-in code list and lets only a system administrator extend it', async () => {
    const list = (await xcq.get('/api/occupations')).json();
    expect(list.find((o: { code: string }) => o.code === 'delivery_rider').label).toBe('外卖送餐员');
    expect((await xcq.post('/api/occupations', { code: 'grid_worker', label: '网格员' })).statusCode).toBe(403);
    const admin = await t.as('admin');
    expect((await admin.post('/api/occupations', { code: 'grid_worker', label: '网格员' })).statusCode).toBe(201);
    expect((await admin.post('/api/occupations', { code: 'grid_worker2', label: '网格员' })).statusCode).toBe(409);
  });
});
