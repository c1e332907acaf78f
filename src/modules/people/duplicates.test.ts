import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { queryRows } from '../../server/db.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';

let t: TestApp;
let xcq: TestClient;
beforeAll(async () => {
  t = await createTestApp();
  xcq = await t.as('xcq_admin');
});
afterAll(() => t.close());

let seq = 300;
const idOf = (birth: string, region = '150102', s?: number) => {
  const first17 = `${region}${birth}${String(s ?? (seq += 2)).padStart(3, '0')}`;
  return withCheckCharacter(first17);
};
const add = async (c: TestClient, body: Record<string, unknown>) => {
  const res = await c.post('/api/people', { orgId: t.seed.xinChengSanitation.id, occupation: 'sanitation', ...body });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: number; version: number; name: string };
};

describe('finding near-duplicates', () => {
  let original: { id: number };
  let typo: { id: number };
  let homophone: { id: number };
  let sharedPhone: { id: number };
  beforeAll(async () => {
    // One person entered twice with one wrong digit in the sequence part of the ID.
    original = await add(xcq, { name: '刘桂英', idNumber: idOf('19680304', '150102', 124), phone: '13604710001' });
    typo = await add(xcq, { name: '刘桂英', idNumber: idOf('19680304', '150102', 142), address: '新城区北街 3 号' });
    // Same pinyin and birth date, different characters (刘贵英).
    homophone = await add(xcq, { name: '刘贵英', idNumber: idOf('19680304', '150102', 160) });
    // A family sharing a phone.
    sharedPhone = await add(xcq, { name: '刘小军', idNumber: idOf('19950612'), phone: '13604710001' });
    // Someone in the sibling county with the same name and birth date: outside xcq's scope.
    await add(await t.as('sh_admin'), { name: '刘桂英', idNumber: idOf('19680304', '150105', 200), orgId: t.seed.saihanJoint.id });
  });

  it('answers 401 and 403 before scanning', async () => {
    expect((await t.anonymous().post('/api/people/duplicates/scan', {})).statusCode).toBe(401);
    expect((await (await t.as('xcq_volunteer')).post('/api/people/duplicates/scan', {})).statusCode).toBe(403);
  });

  it('scans set-based and queues pairs with scores, levels and reasons, within scope only', async () => {
    const scan = (await xcq.post('/api/people/duplicates/scan', {})).json();
    expect(scan.scanned).toBe(4);
    expect(scan.found).toBe(4);
    const pairs = (await xcq.get('/api/people/duplicates?pageSize=50')).json();
    const find = (x: number, y: number) =>
      pairs.items.find((p: { a: { id: number }; b: { id: number } }) => [p.a.id, p.b.id].sort().join() === [x, y].sort().join());
    expect(find(original.id, typo.id)).toMatchObject({ level: 'likely', reasons: expect.arrayContaining(['姓名和出生日期相同']) });
    expect(find(original.id, homophone.id)).toMatchObject({ level: 'possible', reasons: ['姓名拼音和出生日期相同'] });
    expect(find(original.id, sharedPhone.id)).toMatchObject({ level: 'possible', reasons: ['手机号相同'] });
    expect(pairs.items.every((p: { a: { orgName: string }; b: { orgName: string } }) => !/赛罕/.test(p.a.orgName + p.b.orgName))).toBe(true);
    // A second scan proposes nothing new.
    expect((await xcq.post('/api/people/duplicates/scan', {})).json().found).toBe(0);
    // The sibling county's administrator sees none of these pairs.
    expect((await (await t.as('sh_admin')).get('/api/people/duplicates')).json().total).toBe(0);
  });

  it('a dismissed pair is not proposed again', async () => {
    await xcq.post('/api/people/duplicates/scan', {});
    const pairs = (await xcq.get('/api/people/duplicates?level=possible')).json();
    const family = pairs.items.find((p: { reasons: string[] }) => p.reasons.includes('手机号相同'));
    expect((await xcq.post(`/api/people/duplicates/${family.id}/dismiss`, { reason: '母子共用手机' })).statusCode).toBe(200);
    await xcq.post('/api/people/duplicates/scan', {});
    const after = (await xcq.get('/api/people/duplicates?level=possible')).json();
    expect(after.items.find((p: { id: number }) => p.id === family.id)).toBeUndefined();
  });

  it('merges field by field, moves every reference, and an administrator undoes it exactly', async () => {
    await xcq.post('/api/people/duplicates/scan', {});
    await xcq.post(`/api/people/${typo.id}/membership`, { joinedOn: '2015-06-01', memberNo: 'DUP-0001' });
    const pairs = (await xcq.get('/api/people/duplicates?level=likely')).json();
    const pair = pairs.items.find(
      (p: { a: { id: number }; b: { id: number } }) => [p.a.id, p.b.id].includes(typo.id) && [p.a.id, p.b.id].includes(original.id),
    );
    const cadre = await t.as('xcq_cadre');
    const res = await cadre.post(`/api/people/duplicates/${pair.id}/merge`, { survivorId: original.id, take: { address: 'merged' }, reason: '证件号录入错误' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ survivorId: original.id, movedReferences: 2 });
    const survivor = (await xcq.get(`/api/people/${original.id}`)).json();
    expect(survivor).toMatchObject({ address: '新城区北街 3 号', phoneMasked: '136****0001', membership: { memberNo: 'DUP-0001' } });
    expect((await xcq.get(`/api/people/${typo.id}`)).statusCode).toBe(404);
    const [merged] = await queryRows<{ status: string; merged_into: number }>(t.db, sql`select status, merged_into::int from persons where id = ${typo.id}`);
    expect(merged).toEqual({ status: 'merged', merged_into: original.id });
    const audit = (await (await t.as('admin')).get(`/api/audit?entity=person&entityId=${original.id}&action=merge`)).json().items[0];
    expect(audit.summary).toContain('证件号录入错误');

    // Undo: a cadre may not; the administrator may, and everything returns.
    const [m] = await queryRows<{ id: number }>(t.db, sql`select id::int from person_merges where survivor_id = ${original.id}`);
    expect((await cadre.post(`/api/people/merges/${m!.id}/revert`)).statusCode).toBe(403);
    expect((await (await t.as('sh_admin')).post(`/api/people/merges/${m!.id}/revert`)).statusCode).toBe(404);
    const undo = await xcq.post(`/api/people/merges/${m!.id}/revert`);
    expect(undo.statusCode).toBe(200);
    const back = (await xcq.get(`/api/people/${typo.id}`)).json();
    expect(back).toMatchObject({ name: '刘桂英', address: '新城区北街 3 号', membership: { memberNo: 'DUP-0001' } });
    const restored = (await xcq.get(`/api/people/${original.id}`)).json();
    expect(restored.address).toBeNull();
    expect(restored.membership).toBeNull();
    expect((await xcq.post(`/api/people/merges/${m!.id}/revert`)).statusCode).toBe(404);
  });

  it('refuses to merge a record with itself or with someone outside the subtree', async () => {
    const self = await xcq.post('/api/people/merge', { survivorId: original.id, mergedId: original.id, reason: 'x' });
    expect(self.statusCode).toBe(400);
    const [outside] = await queryRows<{ id: number }>(t.db, sql`select p.id::int from persons p join orgs o on o.id = p.org_id where o.name like '赛罕%'`);
    expect((await xcq.post('/api/people/merge', { survivorId: original.id, mergedId: outside!.id, reason: 'x' })).statusCode).toBe(404);
  });
});
