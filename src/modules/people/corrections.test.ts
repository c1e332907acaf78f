import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { queryRows } from '../../server/db.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import type { SmsMessage } from '../../server/sms.ts';
import { notify, sendDueTextMessages } from '../messages/index.ts';

let t: TestApp;
let xcq: TestClient;
let saihan: TestClient;
let auditor: TestClient;

let seq = 300;
async function person(name: string, phone: string, orgId = t.seed.xinChengSanitation.id) {
  seq += 2;
  const res = await xcq.post('/api/people', {
    name,
    idNumber: withCheckCharacter(`15010219760707${String(seq).padStart(3, '0')}`),
    phone,
    orgId,
    employerName: '新城区环境卫生服务中心',
    hukouType: 'rural',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

async function auditActions(entityId: number | string, entity = 'person') {
  return (
    await queryRows<{ action: string; actor_name: string }>(
      t.db,
      sql`select action, actor_name from audit_log where entity = ${entity} and entity_id = ${String(entityId)} order by id`,
    )
  ).map((r) => `${r.action} ${r.actor_name}`);
}

let mine: number;
let others: number;
let me: TestClient;
let other: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  xcq = await t.as('xcq_admin');
  saihan = await t.as('sh_admin');
  auditor = await t.as('nmg_auditor');
  mine = await person('赵淑芬', '13700001111');
  others = await person('钱立军', '13700002222');
  expect((await xcq.post(`/api/people/${mine}/membership`, { joinedOn: '2020-05-01', memberNo: 'XC-0001' })).statusCode).toBe(200);
  me = await t.asWorker('13600001111', mine);
  other = await t.asWorker('13600002222', others);
});
afterAll(() => t?.close());

describe('我的资料', () => {
  it('refuses a visitor, a staff session, and a worker not yet in the registry', async () => {
    expect((await t.anonymous().get('/api/m/profile')).statusCode).toBe(401);
    expect((await xcq.get('/api/m/profile')).statusCode).toBe(401);
    const stranger = await t.asWorker('13600009999');
    const res = await stranger.get('/api/m/profile');
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toMatch(/尚未关联职工档案/);
    expect((await stranger.get('/api/m/profile/export')).statusCode).toBe(409);
  });

  it('shows my own record with the ID number and phone masked', async () => {
    const res = await me.get('/api/m/profile');
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p).toMatchObject({
      name: '赵淑芬',
      phoneMasked: '137****1111',
      orgName: '新城区环境卫生服务中心工会',
      employerName: '新城区环境卫生服务中心',
      hukouType: '农村户口',
      membership: { memberNo: 'XC-0001', joinedOn: '2020-05-01', state: '会员' },
      corrections: [],
    });
    expect(p.idMasked).toMatch(/^150102\*+\d{3}[\dX]$/);
    expect(res.body).not.toContain('13700001111');
    expect((await other.get('/api/m/profile')).json().name).toBe('钱立军');
  });
});

describe('信息更正申请', () => {
  it('checks the field and the value with the registry’s rules, naming the field', async () => {
    const bad = await me.post('/api/m/profile/corrections', { field: 'idNumber', value: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0].field).toBe('field');
    const phone = await me.post('/api/m/profile/corrections', { field: 'phone', value: '12345' });
    expect(phone.statusCode).toBe(400);
    expect(phone.json()).toMatchObject({ fields: [{ field: 'value', message: expect.stringMatching(/手机号/) }] });
    const same = await me.post('/api/m/profile/corrections', { field: 'hukouType', value: 'rural' });
    expect(same.statusCode).toBe(400);
    expect(same.json().message).toMatch(/户口类型已经是「农村户口」/);
    expect((await t.anonymous().post('/api/m/profile/corrections', { field: 'address', value: '新城区' })).statusCode).toBe(401);
  });

  let addressRequest: number;
  let phoneRequest: number;

  it('lands in the queue of the person’s union, not in another county’s, and in its inbox', async () => {
    const res = await me.post('/api/m/profile/corrections', { field: 'address', value: '呼和浩特市新城区海拉尔东路 1 号', note: '已搬家' });
    expect(res.statusCode, res.body).toBe(201);
    addressRequest = res.json().id;
    const phone = await me.post('/api/m/profile/corrections', { field: 'phone', value: '13755556666' });
    expect(phone.statusCode, phone.body).toBe(201);
    phoneRequest = phone.json().id;
    expect(phone.json().proposed).toBe('137****6666');

    const queue = (await xcq.get('/api/people/corrections')).json();
    expect(queue.items.map((c: { id: number }) => c.id)).toEqual([addressRequest, phoneRequest]);
    expect(queue.items[0]).toMatchObject({
      personName: '赵淑芬',
      field: 'address',
      proposed: '呼和浩特市新城区海拉尔东路 1 号',
      note: '已搬家',
      current: null,
      can: { decide: true },
    });
    expect(queue.items[1]).toMatchObject({ field: 'phone', proposed: '137****6666', current: '137****1111' });
    expect(JSON.stringify(queue)).not.toContain('13755556666');
    expect((await auditor.get('/api/people/corrections')).json().items[0].can.decide).toBe(false);
    expect((await saihan.get('/api/people/corrections')).json()).toMatchObject({ items: [], total: 0 });

    const inbox = (await xcq.get('/api/inbox')).json();
    expect(JSON.stringify(inbox)).toContain('待处理的信息更正申请');
    expect(JSON.stringify((await saihan.get('/api/inbox')).json())).not.toContain('赵淑芬');

    expect(await auditActions(addressRequest, 'person_correction')).toEqual(['person.correction_request 职工 136****1111']);
    expect((await me.get('/api/m/profile')).json().corrections.map((c: { status: string }) => c.status)).toEqual(['open', 'open']);
  });

  it('refuses a second open request for the same field', async () => {
    const res = await me.post('/api/m/profile/corrections', { field: 'address', value: '另一个地址' });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toMatch(/已有待处理的更正申请/);
  });

  it('answers 404 to a union outside the person’s line, and changes nothing', async () => {
    expect((await saihan.post(`/api/people/corrections/${addressRequest}/accept`)).statusCode).toBe(404);
    expect((await saihan.post(`/api/people/corrections/${addressRequest}/reject`, { reason: '不属于本工会' })).statusCode).toBe(404);
    expect((await auditor.post(`/api/people/corrections/${addressRequest}/accept`)).statusCode).toBe(403);
    expect((await xcq.get(`/api/people/${mine}`)).json().address).toBeNull();
  });

  it('accepting edits the record through the ordinary edit, and tells the worker', async () => {
    const res = await xcq.post(`/api/people/corrections/${addressRequest}/accept`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('accepted');
    expect((await xcq.get(`/api/people/${mine}`)).json().address).toBe('呼和浩特市新城区海拉尔东路 1 号');
    expect((await xcq.post(`/api/people/corrections/${addressRequest}/accept`)).statusCode).toBe(409);
    expect(await auditActions(mine)).toContain('update xcq_admin');
    const phone = await xcq.post(`/api/people/corrections/${phoneRequest}/accept`);
    expect(phone.statusCode, phone.body).toBe(200);
    const person = (await xcq.get(`/api/people/${mine}`)).json();
    expect(person.phoneMasked).toBe('137****6666');
    const found = (await xcq.get('/api/people?q=13755556666')).json();
    expect(found.items.map((p: { id: number }) => p.id)).toEqual([mine]);
    const messages = (await me.get('/api/m/messages')).json().items.map((m: { title: string }) => m.title);
    expect(messages).toEqual(expect.arrayContaining(['您的住址已更正', '您的手机号已更正']));
    expect((await me.get('/api/m/profile')).json().corrections.map((c: { status: string }) => c.status)).toEqual(['accepted', 'accepted']);
  });

  it('refusing needs a reason, which the worker reads', async () => {
    const id = (await me.post('/api/m/profile/corrections', { field: 'employerName', value: '某某快递公司' })).json().id;
    const noReason = await xcq.post(`/api/people/corrections/${id}/reject`, { reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().fields[0].field).toBe('reason');
    expect((await xcq.post(`/api/people/corrections/${id}/reject`, { reason: '请提供劳动合同' })).statusCode).toBe(200);
    const mineNow = (await me.get('/api/m/profile')).json();
    expect(mineNow.employerName).toBe('新城区环境卫生服务中心');
    expect(mineNow.corrections[0]).toMatchObject({ id, status: 'rejected', reason: '请提供劳动合同' });
    expect((await xcq.get('/api/people/corrections?status=rejected')).json().items[0]).toMatchObject({ id, decidedBy: 'xcq_admin' });
  });
});

describe('个人信息授权', () => {
  it('starts granted, and a withdrawal of text notices stops the text messages but keeps the inbox message', async () => {
    expect((await me.get('/api/m/profile/consents')).json().items).toEqual([
      { purpose: 'sms_notices', granted: true, changedAt: null },
      { purpose: 'surveys', granted: true, changedAt: null },
    ]);
    expect((await me.put('/api/m/profile/consents', { sms_notices: 'no' })).statusCode).toBe(400);
    const res = await me.put('/api/m/profile/consents', { sms_notices: false });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items[0]).toMatchObject({ purpose: 'sms_notices', granted: false });
    expect((await other.get('/api/m/profile/consents')).json().items[0].granted).toBe(true);
    expect(await auditActions(mine)).toContain('person.consent 职工 136****1111');

    await t.db.execute(sql`update sms_outbox set status = 'failed', last_error = 'test' where status in ('pending', 'sending')`);
    await t.db.transaction(async (tx) => {
      await notify(tx, { to: { personId: mine }, kind: 'test', title: '慰问品待领取', body: '请到站点领取', sms: true });
      await notify(tx, { to: { personId: others }, kind: 'test', title: '慰问品待领取', body: '请到站点领取', sms: true });
    });
    const sent: SmsMessage[] = [];
    const sms = { name: 'recording', send: async (m: SmsMessage) => (sent.push(m), { providerId: null }) };
    const result = await sendDueTextMessages({ db: t.db, cipher: t.cipher, sms, log: { info() {}, warn() {}, error() {} } });
    expect(result).toMatchObject({ sent: 1, skipped: 1 });
    expect(sent.map((m) => m.phone)).toEqual(['13600002222']);
    expect((await me.get('/api/m/messages')).json().items[0]).toMatchObject({ title: '慰问品待领取', sms: 'skipped' });

    await me.put('/api/m/profile/consents', { sms_notices: true });
    await t.db.transaction((tx) => notify(tx, { to: { personId: mine }, kind: 'test', title: '再次提醒', body: '请到站点领取', sms: true }));
    await sendDueTextMessages({ db: t.db, cipher: t.cipher, sms, log: { info() {}, warn() {}, error() {} } });
    expect(sent.map((m) => m.params.title)).toEqual(['慰问品待领取', '再次提醒']);
  });
});

describe('下载我的个人信息', () => {
  it('gives me everything the union holds about me, and nothing about anyone else, and is audited', async () => {
    const res = await me.get('/api/m/profile/export');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/attachment/);
    const doc = JSON.parse(res.body);
    expect(doc.person).toMatchObject({ name: '赵淑芬', phoneMasked: '137****6666', membership: { memberNo: 'XC-0001' } });
    expect(doc.records.map((s: { title: string }) => s.title)).toEqual(expect.arrayContaining(['会籍']));
    expect(doc.messages.map((m: { title: string }) => m.title)).toEqual(expect.arrayContaining(['您的住址已更正', '慰问品待领取']));
    expect(doc.corrections).toHaveLength(3);
    expect(doc.consents.map((c: { purpose: string }) => c.purpose)).toEqual(['sms_notices', 'surveys']);
    expect(res.body).not.toContain('钱立军');
    expect(res.body).not.toContain('13755556666');
    expect(await auditActions(mine)).toContain('person.self_export 职工 136****1111');

    const theirs = await other.get('/api/m/profile/export');
    expect(theirs.body).toContain('钱立军');
    expect(theirs.body).not.toContain('赵淑芬');
  });
});
