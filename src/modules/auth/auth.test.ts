import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, PASSWORD, testConfig, type TestApp } from '../../testing/app.ts';
import { readConfig } from '../../server/config.ts';
import { buildApp } from '../../server/app.ts';
import { clientAddress } from './login-throttle.service.ts';
import { authModule } from './auth.module.ts';
import { queryRows } from '../../server/db.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const login = (username: string, password: string, ip = '127.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });

describe('POST /api/auth/login', () => {
  it('answers 400 in Chinese when a field is missing', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('请填写密码');
    expect(res.json().fields[0].field).toBe('password');
  });

  it('answers 401 with a Chinese message on bad credentials, the same for unknown names', async () => {
    const wrong = await login('xcq_admin', 'wrong-password1', '10.0.0.1');
    const unknown = await login('nobody_here', 'wrong-password1', '10.0.0.1');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().message).toBe('用户名或密码错误');
    expect(unknown.json().message).toBe(wrong.json().message);
  });

  it('opens a session in an httpOnly, SameSite=Lax cookie and stores only its hash', async () => {
    const res = await login('admin', PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    const cookie = res.cookies.find((c) => c.name === 'niangjia_sid')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.path).toBe('/');
    const stored = await queryRows<{ id: string }>(t.db, sql`select id from sessions`);
    expect(stored.some((s) => s.id === cookie.value)).toBe(false);
    expect(stored.every((s) => /^[0-9a-f]{64}$/.test(s.id))).toBe(true);
  });

  it('refuses a disabled account with the right password', async () => {
    const admin = await t.as('admin');
    const created = await admin.post('/api/accounts', {
      username: 'will_disable',
      displayName: '待停用',
      orgId: t.seed.kundulun.id,
      roles: ['cadre'],
      password: 'Start1234',
    });
    expect(created.statusCode).toBe(201);
    await admin.patch(`/api/accounts/${created.json().id}`, { status: 'disabled' });
    const res = await login('will_disable', 'Start1234', '10.0.0.11');
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toContain('账号已停用');
  });

  it('writes failed and successful logins to the audit log', async () => {
    for (const name of ['sh_admin', 'sh_auditor']) for (let i = 1; i <= 3; i++) await login(name, `bad-pass-${i}`, '10.0.0.21');
    expect((await login('admin', PASSWORD, '10.0.0.21')).statusCode).toBe(200);
    const rows = await queryRows<{ action: string; n: number }>(
      t.db,
      sql`select action, count(*)::int as n from audit_log where action in ('login', 'login_failed') group by action`,
    );
    expect(rows.find((r) => r.action === 'login')!.n).toBeGreaterThan(0);
    expect(rows.find((r) => r.action === 'login_failed')!.n).toBeGreaterThan(5);
  });
});

describe('login throttling', () => {
  /** Lets every delay run out, as if the person waited (database time, no sleeping). */
  const waitOut = () => t.db.execute(sql`update login_throttle set blocked_until = now() - interval '1 second' where blocked_until is not null`);
  const fail = (username: string, ip: string) => login(username, 'bad-pass-1', ip);
  /** `n` counted failures: waits out each delay so that every try reaches the password check. */
  // Each case starts with no failures counted, as a fresh installation would.
  afterEach(() => t.db.execute(sql`delete from login_throttle`));

  async function failCounted(username: string, ip: string, n: number) {
    let last;
    for (let i = 0; i < n; i++) {
      await waitOut();
      last = await fail(username, ip);
      expect([401, 429]).toContain(last.statusCode);
    }
    return last!;
  }

  it('says how many tries are left, then how many minutes to wait, with Retry-After', async () => {
    const ip = '10.1.0.1';
    expect((await fail('xcq_cadre', ip)).json().message).toBe('用户名或密码错误');
    expect((await fail('xcq_cadre', ip)).json().message).toBe('用户名或密码错误，还可尝试 3 次');
    expect((await fail('xcq_cadre', ip)).json().message).toBe('用户名或密码错误，还可尝试 2 次');
    expect((await fail('xcq_cadre', ip)).json().message).toBe('用户名或密码错误，还可尝试 1 次');
    const fifth = await fail('xcq_cadre', ip);
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().message).toBe('用户名或密码错误。登录失败次数过多，请 1 分钟后再试');
    expect(fifth.headers['retry-after']).toBe('60');
    const right = await login('xcq_cadre', PASSWORD, ip);
    expect(right.statusCode).toBe(429);
    expect(right.json().message).toBe('登录失败次数过多，请 1 分钟后再试');
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(right.headers['retry-after'])).toBeLessThanOrEqual(60);
    await waitOut();
    expect((await login('xcq_cadre', PASSWORD, ip)).statusCode).toBe(200);
  });

  it('answers an unknown name exactly as a real one, so the answers do not tell who has an account', async () => {
    for (let i = 1; i <= 4; i++) expect((await fail('no_such_person', '10.1.0.2')).statusCode).toBe(401);
    const fifth = await fail('no_such_person', '10.1.0.2');
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().message).toBe('用户名或密码错误。登录失败次数过多，请 1 分钟后再试');
  });

  it('doubles the wait with each further failure, up to 15 minutes, and starts afresh after the right password', async () => {
    const ip = '10.1.0.3';
    const waits: string[] = [];
    for (let i = 1; i <= 10; i++) {
      await waitOut();
      const res = await fail('sh_admin', ip);
      if (res.statusCode === 429) waits.push(res.headers['retry-after'] as string);
    }
    expect(waits).toEqual(['60', '120', '240', '480', '900', '900']);
    expect((await login('sh_admin', PASSWORD, ip)).json().message).toBe('登录失败次数过多，请 15 分钟后再试');
    await waitOut();
    expect((await login('sh_admin', PASSWORD, ip)).statusCode).toBe(200);
    expect((await fail('sh_admin', ip)).json().message).toBe('用户名或密码错误');
  });

  it("a stranger failing 20 times elsewhere does not stop the owner at their usual address; the stranger's address waits", async () => {
    const usual = '10.2.0.2';
    const stranger = '10.2.0.1';
    expect((await login('sh_auditor', PASSWORD, usual)).statusCode).toBe(200);
    await failCounted('sh_auditor', stranger, 20);
    const owner = await login('sh_auditor', PASSWORD, usual);
    expect(owner.statusCode).toBe(200);
    const fromStranger = await login('sh_auditor', PASSWORD, stranger);
    expect(fromStranger.statusCode).toBe(429);
    expect(fromStranger.json().message).toMatch(/^登录失败次数过多，请 \d+ 分钟后再试$/);
    expect(Number(fromStranger.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('guessing one account from many addresses delays it at unfamiliar addresses only, and its administrators see it', async () => {
    expect((await login('nmg_auditor', PASSWORD, '10.5.0.100')).statusCode).toBe(200);
    for (let i = 1; i <= 10; i++) await fail('nmg_auditor', `10.5.1.${i}`);
    const elsewhere = await login('nmg_auditor', PASSWORD, '10.5.2.1');
    expect(elsewhere.statusCode).toBe(429);
    expect(elsewhere.json().message).toBe('登录失败次数过多，请 1 分钟后再试');
    expect((await login('nmg_auditor', PASSWORD, '10.5.0.100')).statusCode).toBe(200);
    const admin = await t.as('admin');
    const view = (await admin.get(`/api/accounts/${t.accounts.nmg_auditor}`)).json();
    expect(view.lockedUntil).not.toBeNull();
  });

  it("an office behind one address: one colleague's failures do not delay the others, and their successes do not clear them", async () => {
    const office = '10.3.0.1';
    await failCounted('xcq_volunteer', office, 40);
    for (const colleague of ['xcq_admin', 'hhht_admin', 'nmg_admin', 'sh_auditor']) {
      const res = await login(colleague, PASSWORD, office);
      expect(res.statusCode, colleague).toBe(200);
    }
    const stillWaiting = await login('xcq_volunteer', PASSWORD, office);
    expect(stillWaiting.statusCode).toBe(429);
  });

  it('an address trying many names waits, except for accounts whose usual address it is', async () => {
    const ip = '10.4.0.1';
    expect((await login('hhht_admin', PASSWORD, ip)).statusCode).toBe(200);
    let last;
    for (let i = 0; i < 30; i++) last = await fail(`guess${i}`, ip);
    expect(last!.statusCode).toBe(429);
    const stranger = await login('admin', PASSWORD, ip);
    expect(stranger.statusCode).toBe(429);
    expect(stranger.json().message).toMatch(/^登录失败次数过多，请 \d+ 分钟后再试$/);
    expect((await login('hhht_admin', PASSWORD, ip)).statusCode).toBe(200);
    expect((await login('admin', PASSWORD, '10.4.0.2')).statusCode).toBe(200);
  });

  it("an administrator's password reset lifts the account's delays everywhere", async () => {
    for (let i = 1; i <= 5; i++) await fail('xcq_cadre', '10.0.0.5');
    for (let i = 1; i <= 10; i++) await fail('xcq_cadre', `10.0.1.${i}`);
    const admin = await t.as('xcq_admin');
    expect((await admin.post(`/api/accounts/${t.accounts.xcq_cadre}/reset-password`, { password: 'NewPassw0rd' })).statusCode).toBe(200);
    expect((await login('xcq_cadre', 'NewPassw0rd', '10.0.0.5')).statusCode).toBe(200);
    expect((await login('xcq_cadre', 'NewPassw0rd', '10.0.0.4')).statusCode).toBe(200);
  });

  it('counts an IPv6 client by its /64 and an IPv4-mapped one as IPv4', () => {
    expect(clientAddress('2001:db8:1:2::5')).toBe('2001:db8:1:2::/64');
    expect(clientAddress('2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(clientAddress('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientAddress('::1')).toBe('0:0:0:0::/64');
    expect(clientAddress('::ffff:10.9.8.7')).toBe('10.9.8.7');
    expect(clientAddress('10.9.8.7')).toBe('10.9.8.7');
  });

  it('behind a trusted proxy counts the address the proxy saw, not one the client names', async () => {
    expect(readConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(readConfig({ TRUST_PROXY: '1' }).trustProxy).toBe('loopback');
    expect(readConfig({ TRUST_PROXY: '10.0.0.5,10.0.1.0/24' }).trustProxy).toBe('10.0.0.5,10.0.1.0/24');
    const config = testConfig({ trustProxy: readConfig({ TRUST_PROXY: '1' }).trustProxy });
    const proxied = await buildApp({ db: t.db, config, cipher: t.cipher, copyInto: t.database.copyInto });
    const attempt = (username: string, remoteAddress: string, forwardedFor: string) =>
      proxied.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: 'bad-pass-1' },
        remoteAddress,
        headers: { 'x-forwarded-for': forwardedFor },
      });
    const keys = async (name: string) =>
      (await queryRows<{ key: string }>(t.db, sql`select key from login_throttle where key like ${`pair:${name}|%`}`)).map((r) => r.key);
    try {
      let last;
      for (let i = 1; i <= 5; i++) last = await attempt('proxy_probe', '127.0.0.1', `192.0.2.${i}, 198.51.100.7`);
      expect(last!.statusCode).toBe(429);
      expect(await keys('proxy_probe')).toEqual(['pair:proxy_probe|198.51.100.7']);
      // A client reaching the app directly is not a proxy: what it says it forwards is ignored.
      await attempt('direct_probe', '203.0.113.50', '192.0.2.77');
      expect(await keys('direct_probe')).toEqual(['pair:direct_probe|203.0.113.50']);
    } finally {
      await proxied.close();
    }
  });

  it('forgets idle counters and addresses not used for 90 days, on the module schedule', async () => {
    await fail('xcq_admin', '10.6.0.1');
    await login('xcq_admin', PASSWORD, '10.6.0.2');
    await t.db.execute(sql`update login_throttle set last_failed_at = now() - interval '25 hours', blocked_until = null where key = 'pair:xcq_admin|10.6.0.1'`);
    await t.db.execute(sql`update login_addresses set last_login_at = now() - interval '91 days' where address = '10.6.0.2'`);
    const prune = authModule.schedules!.find((s) => s.name === 'auth.prune-login-records')!;
    await prune.run({ db: t.db, log: t.app.log, dueAt: new Date() });
    expect(await queryRows(t.db, sql`select 1 from login_throttle where key = 'pair:xcq_admin|10.6.0.1'`)).toHaveLength(0);
    expect(await queryRows(t.db, sql`select 1 from login_addresses where address = '10.6.0.2'`)).toHaveLength(0);
    expect(await queryRows(t.db, sql`select 1 from login_throttle where key = 'user:xcq_admin'`)).toHaveLength(1);
  });
});

describe('sessions', () => {
  it('GET /api/auth/me answers 401 without a session and describes the account with one', async () => {
    expect((await t.anonymous().get('/api/auth/me')).statusCode).toBe(401);
    const me = (await (await t.as('xcq_admin')).get('/api/auth/me')).json();
    expect(me.account.username).toBe('xcq_admin');
    expect(me.org.name).toBe('呼和浩特市新城区总工会');
    expect(me.permissions).toContain('account:write');
    expect(me.assignableRoles).not.toContain('sysadmin');
    expect(me.csrfToken).toMatch(/^[\w-]{20,}$/);
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const c = await t.as('xcq_admin');
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: c.cookie! } });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('CSRF');
    const forged = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: c.cookie!, 'x-csrf-token': 'x'.repeat(32) } });
    expect(forged.statusCode).toBe(403);
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
  });

  it('logout ends the session', async () => {
    const c = await t.as('xcq_admin');
    expect((await c.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('revoke-all ends every session of the account', async () => {
    const a = await t.as('sh_admin');
    const b = await t.as('sh_admin');
    const res = await a.post('/api/auth/sessions/revoke-all');
    expect(res.json().revoked).toBeGreaterThanOrEqual(2);
    expect((await a.get('/api/auth/me')).statusCode).toBe(401);
    expect((await b.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('expires a session idle for longer than the idle limit, and one past its end', async () => {
    const idle = await t.as('nmg_auditor');
    await t.db.execute(sql`update sessions set last_seen_at = now() - interval '9 hours'`);
    expect((await idle.get('/api/auth/me')).statusCode).toBe(401);
    const old = await t.as('nmg_auditor');
    await t.db.execute(sql`update sessions set expires_at = now() - interval '1 second'`);
    expect((await old.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('an account must replace a reset password before anything else', async () => {
    const admin = await t.as('xcq_admin');
    await admin.post(`/api/accounts/${t.accounts.xcq_volunteer}/reset-password`, { password: 'Temp12345' });
    const v = await t.as('xcq_volunteer').catch(() => undefined);
    expect(v).toBeUndefined(); // the shared test password no longer works
    const c = new (await import('../../testing/app.ts')).TestClient(t.app);
    await c.login('xcq_volunteer', 'Temp12345');
    const me = (await c.get('/api/auth/me')).json();
    expect(me.account.mustChangePassword).toBe(true);
    const blocked = await c.get('/api/orgs/tree');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().message).toBe('请先修改初始密码');
    const weak = await c.post('/api/auth/password', { currentPassword: 'Temp12345', newPassword: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().fields[0]).toEqual({ field: 'newPassword', message: '新密码至少 8 位' });
    const wrong = await c.post('/api/auth/password', { currentPassword: 'nope', newPassword: 'Better12345' });
    expect(wrong.json().fields[0]).toEqual({ field: 'currentPassword', message: '当前密码不正确' });
    expect((await c.post('/api/auth/password', { currentPassword: 'Temp12345', newPassword: 'Better12345' })).statusCode).toBe(200);
    expect((await c.get('/api/orgs/tree')).statusCode).toBe(200);
  });
});

describe('security headers', () => {
  it('sets CSP, frame and content-type protections on every answer', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('never leaks internals on a server error', async () => {
    const admin = await t.as('admin');
    const res = await admin.get('/api/orgs/99999999999999999999');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('组织无效');
    const missing = await t.app.inject({ method: 'GET', url: '/api/no-such-route' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toBe('接口不存在');
  });
});
