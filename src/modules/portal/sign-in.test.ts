/**
 * Signing in to the portal by phone, through the HTTP API on a real database: codes, their tries
 * and expiry, the send limits per phone, per network address and overall, the same answer for
 * registered and unknown numbers, binding to a registry person by phone or by name and ID number,
 * and a provider stand-in on 127.0.0.1 carrying the code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { createTestApp, testConfig, TestClient } from '../../testing/app.ts';
import { today } from '../../testing/dates.ts';
import { queryRows } from '../../server/db.ts';
import { buildApp } from '../../server/app.ts';
import { providerSms, readSmsConfig } from '../../server/sms.ts';
import { startFakeSmsProvider, type FakeSmsProvider } from '../../server/sms/fake-providers.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { phoneIndex } from '../people/index.ts';
import { putSetting, DEMO_SETTING } from '../system/index.ts';

const t = await createTestApp();
// The same database served as a demo installation, which shows the code in the answer (these tests read it there).
await putSetting(t.db, DEMO_SETTING, { accounts: [] });
const demoApp = await buildApp({ db: t.db, config: testConfig({ demo: true }), cipher: t.cipher, copyInto: t.database.copyInto });
await demoApp.ready();
const anon = () => new TestClient(demoApp);
afterAll(async () => {
  await demoApp.close();
  await t.close();
});

let ipSeq = 0;
/** A fresh network address per test, so the per-address limit counts only that test's sends. */
const freshIp = () => `10.0.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;
let phoneSeq = 0;
const freshPhone = () => `1370000${String(++phoneSeq).padStart(4, '0')}`;

function sendCode(phone: string, ip = freshIp(), client: TestClient = anon()) {
  return client.request({ method: 'POST', url: '/api/m/auth/sign-in/code', payload: { phone }, remoteAddress: ip });
}
function verify(phone: string, code: string, client: TestClient = anon()) {
  return client.request({ method: 'POST', url: '/api/m/auth/sign-in/verify', payload: { phone, code } });
}
/** Signs in with the code the demo shows; the client keeps the worker session. */
async function signIn(phone: string) {
  const sent = await sendCode(phone);
  expect(sent.statusCode, sent.body).toBe(200);
  const client = anon();
  const res = await verify(phone, sent.json().demoCode, client);
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'niangjia_wsid')!;
  await client.asWorkerSession(cookie.value);
  return { client, result: res.json() as { registered: boolean } };
}
/** Moves a phone's sends back in time (as if they had been made `seconds` earlier). */
async function age(phone: string, seconds: number) {
  const bidx = phoneIndex(t.cipher, phone);
  await t.db.execute(
    sql`update sign_in_codes set created_at = created_at - make_interval(secs => ${seconds}), expires_at = expires_at - make_interval(secs => ${seconds}) where phone_bidx = ${bidx}`,
  );
}
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

let idSeq = 100;
async function person(name: string, phone: string | null) {
  const cadre = await t.as('xcq_admin');
  idSeq += 2;
  const idNumber = withCheckCharacter(`15010219800101${String(idSeq).padStart(3, '0')}`);
  const res = await cadre.post('/api/people', { name, idNumber, orgId: t.seed.xinChengSanitation.id, ...(phone ? { phone } : {}) });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id as number, idNumber };
}

describe('asking for a code', () => {
  it('refuses a number that is not a mainland mobile, naming the field', async () => {
    for (const phone of ['12345', '2380000111', '']) {
      const res = await sendCode(phone);
      expect(res.statusCode).toBe(400);
      expect(res.json().fields[0].field).toBe('phone');
    }
    expect((await sendCode('12345')).json().message).toBe('手机号应为 11 位大陆手机号码');
  });

  it('sends a random 6-digit code and keeps only a keyed hash of it, living 5 minutes', async () => {
    const phone = freshPhone();
    const res = await sendCode(`+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ ok: true, resendAfterSeconds: 60, expiresInSeconds: 300 });
    expect(body.demoCode).toMatch(/^\d{6}$/);
    const [row] = await queryRows<{ code_hash: string; ttl: number; tries: number }>(
      t.db,
      sql`select code_hash, extract(epoch from expires_at - created_at)::int as ttl, tries from sign_in_codes where phone_bidx = ${phoneIndex(t.cipher, phone)}`,
    );
    expect(row!.ttl).toBe(300);
    expect(row!.tries).toBe(0);
    expect(row!.code_hash).not.toContain(body.demoCode);
    expect(row!.code_hash.length).toBeGreaterThan(30);
  });

  it('shows no code outside a demo installation', async () => {
    const res = await sendCode(freshPhone(), freshIp(), t.anonymous());
    expect(res.statusCode).toBe(200);
    expect(res.json().demoCode).toBeNull();
    expect((await t.anonymous().get('/api/m/auth/sign-in/info')).json()).toMatchObject({ demo: false, demoWorkers: [], wechat: false });
    expect((await anon().get('/api/m/auth/sign-in/info')).json()).toMatchObject({ demo: true, codeLength: 6, resendSeconds: 60 });
  });

  it('allows one send a minute per phone, and says when to try again', async () => {
    const phone = freshPhone();
    expect((await sendCode(phone)).statusCode).toBe(200);
    const again = await sendCode(phone);
    expect(again.statusCode).toBe(429);
    const wait = Number(again.headers['retry-after']);
    expect(wait).toBeGreaterThan(50);
    expect(wait).toBeLessThanOrEqual(60);
    expect(again.json().retryAfterSeconds).toBe(wait);
    expect(again.json().message).toBe(`验证码发送过于频繁，请 ${wait} 秒后再试`);
    await age(phone, 61);
    expect((await sendCode(phone)).statusCode).toBe(200);
  });

  it('allows 5 sends an hour and 10 a day per phone', async () => {
    const phone = freshPhone();
    for (let i = 0; i < 5; i++) {
      expect((await sendCode(phone)).statusCode).toBe(200);
      await age(phone, 61);
    }
    const hour = await sendCode(phone);
    expect(hour.statusCode).toBe(429);
    expect(hour.json().message).toMatch(/^该手机号 1 小时内获取验证码的次数已达上限，请 \d+ 分钟后再试$/);
    await age(phone, 3600);
    for (let i = 0; i < 5; i++) {
      expect((await sendCode(phone)).statusCode).toBe(200);
      await age(phone, 61);
    }
    await age(phone, 3600);
    const day = await sendCode(phone);
    expect(day.statusCode).toBe(429);
    expect(day.json().message).toMatch(/^该手机号今天获取验证码的次数已达上限，请 \d+ 小时后再试$/);
    expect(day.json().retryAfterSeconds).toBeGreaterThan(3600);
  });
});

describe('checking the code', () => {
  it('signs in with the right code, once', async () => {
    const phone = freshPhone();
    const code = (await sendCode(phone)).json().demoCode as string;
    const client = anon();
    const res = await verify(phone, code, client);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ registered: false });
    const cookie = res.cookies.find((c) => c.name === 'niangjia_wsid')!;
    expect(cookie).toMatchObject({ path: '/api/m', httpOnly: true, sameSite: 'Lax' });
    await client.asWorkerSession(cookie.value);
    expect((await client.get('/api/m/me')).json().worker).toMatchObject({ phoneMasked: `${phone.slice(0, 3)}****${phone.slice(7)}`, registered: false });
    const replay = await verify(phone, code);
    expect(replay.statusCode).toBe(400);
    expect(replay.json().fields).toEqual([{ field: 'code', message: '请先获取验证码' }]);
  });

  it('counts wrong codes and refuses a sixth try even with the right code', async () => {
    const phone = freshPhone();
    const code = (await sendCode(phone)).json().demoCode as string;
    for (let left = 4; left >= 0; left--) {
      const res = await verify(phone, wrongCode(code));
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toBe(left > 0 ? `验证码不正确，还可再试 ${left} 次` : '验证码不正确，已输错 5 次，请重新获取');
    }
    const sixth = await verify(phone, code);
    expect(sixth.statusCode).toBe(400);
    expect(sixth.json().message).toBe('验证码已输错 5 次，已失效，请重新获取');
    expect(sixth.cookies.find((c) => c.name === 'niangjia_wsid')).toBeUndefined();
    // A new code works again (the send limits bound how many codes there can be).
    await age(phone, 61);
    const fresh = (await sendCode(phone)).json().demoCode as string;
    expect((await verify(phone, fresh)).statusCode).toBe(200);
  });

  it('refuses an expired code, and one for another phone', async () => {
    const phone = freshPhone();
    const code = (await sendCode(phone)).json().demoCode as string;
    const other = freshPhone();
    expect((await verify(other, code)).json().message).toBe('请先获取验证码');
    await age(phone, 301);
    const res = await verify(phone, code);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('验证码已过期（有效期 5 分钟），请重新获取');
  });

  it('refuses a malformed code, naming the field', async () => {
    const res = await verify(freshPhone(), '12ab');
    expect(res.statusCode).toBe(400);
    expect(res.json().fields[0]).toEqual({ field: 'code', message: '验证码应为 6 位数字' });
  });
});

describe('the same answer for registered and unknown numbers', () => {
  let fake: FakeSmsProvider;
  let app: FastifyInstance;
  beforeAll(async () => {
    fake = await startFakeSmsProvider('aliyun');
    const sms = await providerSms(
      readSmsConfig({
        SMS_PROVIDER: 'aliyun',
        SMS_ACCESS_KEY_ID: 'LTAI-test',
        SMS_ACCESS_KEY_SECRET: 'secret',
        SMS_SIGN_NAME: '娘家人',
        SMS_TEMPLATE_CODE: 'SMS_1',
        SMS_TEMPLATE_NOTICE: 'SMS_2',
        SMS_ENDPOINT: fake.url,
      }),
    );
    // The same database, served as a server database would be: no demo, codes only by text message.
    app = await buildApp({ db: t.db, config: testConfig(), cipher: t.cipher, copyInto: t.database.copyInto, sms });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await fake.close();
  });

  it('answers a registered and an unknown number alike, and texts both a code', async () => {
    const known = freshPhone();
    await person('王建国', known);
    const unknown = freshPhone();
    const answers = [];
    for (const phone of [known, unknown]) {
      const res = await app.inject({ method: 'POST', url: '/api/m/auth/sign-in/code', payload: { phone }, remoteAddress: freshIp() });
      answers.push({ status: res.statusCode, body: res.json() as unknown, headers: Object.keys(res.headers).sort() });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.body).toEqual({ ok: true, resendAfterSeconds: 60, expiresInSeconds: 300, demoCode: null });
    expect(fake.requests.slice(-2).map((r) => r.params.PhoneNumbers)).toEqual([known, unknown]);
  });

  it('signs in with the code the provider carried', async () => {
    const phone = freshPhone();
    await app.inject({ method: 'POST', url: '/api/m/auth/sign-in/code', payload: { phone }, remoteAddress: freshIp() });
    const req = fake.requests.at(-1)!;
    expect(req.params).toMatchObject({ PhoneNumbers: phone, TemplateCode: 'SMS_1', SignName: '娘家人' });
    const { code } = JSON.parse(req.params.TemplateParam as string) as { code: string };
    const res = await app.inject({ method: 'POST', url: '/api/m/auth/sign-in/verify', payload: { phone, code } });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('says so when the provider refuses, the same for every number', async () => {
    fake.refuseWith = 'isv.BUSINESS_LIMIT_CONTROL';
    try {
      const res = await app.inject({ method: 'POST', url: '/api/m/auth/sign-in/code', payload: { phone: freshPhone() }, remoteAddress: freshIp() });
      expect(res.statusCode).toBe(502);
      expect(res.json().message).toBe('验证码短信发送失败，请稍后重试');
    } finally {
      fake.refuseWith = null;
    }
  });
});

describe('binding the phone to a registry person', () => {
  it('binds on first sign-in when exactly one person has the phone', async () => {
    const phone = freshPhone();
    const p = await person('张桂兰', phone);
    const { client, result } = await signIn(phone);
    expect(result).toEqual({ registered: true });
    const me = (await client.get('/api/m/me')).json();
    expect(me.worker).toMatchObject({ registered: true, person: { name: '张桂兰', org: { id: t.seed.xinChengSanitation.id } } });
    const [audit] = await queryRows<{ summary: string; org_id: number }>(
      t.db,
      sql`select summary, org_id from audit_log where action = 'portal.sign_in' and after->>'personId' = ${String(p.id)}`,
    );
    expect(audit).toMatchObject({ summary: '职工首次以手机验证码登录，按手机号关联职工档案', org_id: t.seed.xinChengSanitation.id });
  });

  it('leaves a shared phone unbound; the worker binds by name and ID number', async () => {
    const phone = freshPhone();
    const mother = await person('赵红梅', phone);
    await person('赵小军', phone);
    const { client, result } = await signIn(phone);
    expect(result).toEqual({ registered: false });
    const res = await client.post('/api/m/bind', { name: '赵红梅', idNumber: mother.idNumber.toLowerCase() });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ registered: true, person: { name: '赵红梅', org: { id: t.seed.xinChengSanitation.id } } });
    expect((await client.get('/api/m/me')).json().worker.person.name).toBe('赵红梅');
    const again = await client.post('/api/m/bind', { name: '赵红梅', idNumber: mother.idNumber });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('您的手机号已关联职工档案，无需再次核验');
  });

  it('checks the ID number before looking anything up', async () => {
    const { client } = await signIn(freshPhone());
    const bad = await client.post('/api/m/bind', { name: '李四', idNumber: '150102198001011235' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields).toEqual([{ field: 'idNumber', message: '证件号码校验位不正确，请核对' }]);
    const noName = await client.post('/api/m/bind', { name: '', idNumber: withCheckCharacter('15010219800101001') });
    expect(noName.json().fields[0]).toEqual({ field: 'name', message: '请填写姓名' });
  });

  it('gives one answer for a wrong name and a person not in the registry, and limits failed checks per day', async () => {
    const p = await person('孙丽', null);
    const { client } = await signIn(freshPhone());
    const wrongName = await client.post('/api/m/bind', { name: '孙莉', idNumber: p.idNumber });
    const notThere = await client.post('/api/m/bind', { name: '孙丽', idNumber: withCheckCharacter('15010219991231999') });
    expect(wrongName.statusCode).toBe(400);
    expect(wrongName.json().message).toBe('姓名与身份证号不匹配，或工会档案中还没有您的记录（还可再试 4 次）。不在档案中的职工可以申请入会');
    expect(notThere.json().message).toBe(wrongName.json().message.replace('4 次', '3 次'));
    for (let i = 0; i < 3; i++) await client.post('/api/m/bind', { name: '孙莉', idNumber: p.idNumber });
    const limited = await client.post('/api/m/bind', { name: '孙丽', idNumber: p.idNumber });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().message).toMatch(/^身份核验失败次数过多，请 2[34] 小时后再试，或到所在工会办理$/);
    expect((await client.get('/api/m/me')).json().worker.registered).toBe(false);
  });

  it('refuses an ID number whose record is bound to another phone, and changes nothing', async () => {
    const ownerPhone = freshPhone();
    const owner = await person('钱文华', ownerPhone);
    await signIn(ownerPhone);
    const { client } = await signIn(freshPhone());
    const res = await client.post('/api/m/bind', { name: '钱文华', idNumber: owner.idNumber });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe('该身份证号对应的职工档案已关联其他手机号。如您更换了手机号，请联系所在工会更新');
    expect((await client.get('/api/m/me')).json().worker.registered).toBe(false);
    const rows = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from worker_accounts where person_id = ${owner.id}`);
    expect(rows[0]!.n).toBe(1);
    const [audit] = await queryRows<{ action: string }>(t.db, sql`select action from audit_log where action = 'portal.bind_refused' order by id desc limit 1`);
    expect(audit?.action).toBe('portal.bind_refused');
  });

  it('needs a signed-in worker', async () => {
    expect((await t.anonymous().post('/api/m/bind', { name: '张三', idNumber: '1' })).statusCode).toBe(401);
  });
});

describe('limits per network address and overall (policy parameters of the root union)', () => {
  it('refuses more sends from one address than the policy allows', async () => {
    const admin = await t.as('admin');
    const set = await admin.post('/api/policies', { orgId: t.seed.root.id, key: 'sign_in_codes_per_ip_hour', value: 3, effectiveFrom: today() });
    expect(set.statusCode, set.body).toBe(200);
    const ip = freshIp();
    for (let i = 0; i < 3; i++) expect((await sendCode(freshPhone(), ip)).statusCode).toBe(200);
    const res = await sendCode(freshPhone(), ip);
    expect(res.statusCode).toBe(429);
    expect(res.json().message).toMatch(/^当前网络获取验证码的次数过多，请 (\d+ 分钟|60 分钟)后再试$/);
    expect((await sendCode(freshPhone(), freshIp())).statusCode).toBe(200);
  });

  it('refuses more sends overall than the policy allows', async () => {
    const [row] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from sign_in_codes where created_at > now() - interval '1 hour'`);
    const admin = await t.as('admin');
    const set = await admin.post('/api/policies', { orgId: t.seed.root.id, key: 'sign_in_codes_all_hour', value: row!.n + 1, effectiveFrom: today() });
    expect(set.statusCode, set.body).toBe(200);
    expect((await sendCode(freshPhone())).statusCode).toBe(200);
    const res = await sendCode(freshPhone());
    expect(res.statusCode).toBe(429);
    expect(res.json().message).toMatch(/^当前获取验证码的人数过多，请 \d+ (秒|分钟)后再试$/);
  });
});
