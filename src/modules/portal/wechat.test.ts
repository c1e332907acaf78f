/**
 * WeChat's silent sign-in against a stand-in of WeChat's OAuth API on 127.0.0.1: the browser is
 * sent to authorize with snsapi_base, the code is exchanged on the server, an openid is bound only
 * to a worker who signed in by phone in the same browser, later visits sign in silently, and a
 * snapshot-page visitor is never bound nor signed in.
 */
import http from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, testConfig, TestClient } from '../../testing/app.ts';
import { buildApp } from '../../server/app.ts';
import { queryRows } from '../../server/db.ts';
import { putSetting, DEMO_SETTING } from '../system/index.ts';

/** code → what WeChat answers for it. */
const answers: Record<string, object> = {
  'code-a': { access_token: 'at', expires_in: 7200, refresh_token: 'rt', openid: 'openid-a', scope: 'snsapi_base' },
  'code-snap': { access_token: 'at', expires_in: 7200, refresh_token: 'rt', openid: 'openid-snap', scope: 'snsapi_base', is_snapshotuser: 1 },
  'code-bad': { errcode: 40029, errmsg: 'invalid code' },
};
const exchanges: URL[] = [];
const wechat = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://fake');
  res.setHeader('content-type', 'application/json');
  if (url.pathname !== '/sns/oauth2/access_token') return res.writeHead(404).end('{}');
  exchanges.push(url);
  res.end(JSON.stringify(answers[url.searchParams.get('code') ?? ''] ?? { errcode: 40029, errmsg: 'invalid code' }));
});
await new Promise<void>((resolve) => wechat.listen(0, '127.0.0.1', resolve));
const address = wechat.address();
const fakeBase = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

const t = await createTestApp();
await putSetting(t.db, DEMO_SETTING, { accounts: [] });
const app = await buildApp({
  db: t.db,
  config: testConfig({ demo: true, wechat: { appId: 'wx-test-app', secret: 'wx-secret', oauthBase: fakeBase, apiBase: fakeBase } }),
  cipher: t.cipher,
  copyInto: t.database.copyInto,
});
await app.ready();
afterAll(async () => {
  await app.close();
  await t.close();
  await new Promise((resolve) => wechat.close(resolve));
});

const cookieOf = (res: LightMyRequestResponse, name: string) => res.cookies.find((c) => c.name === name)?.value;

/** Starts the WeChat round trip in `client`'s browser and comes back with `code`; the answer of the callback. */
async function roundTrip(client: TestClient, code: string, query = '') {
  const start = await client.get(`/api/m/auth/sign-in/wechat${query}`);
  expect(start.statusCode).toBe(302);
  const location = new URL(start.headers.location as string);
  const state = location.searchParams.get('state')!;
  const stateCookie = `niangjia_wxstate=${cookieOf(start, 'niangjia_wxstate')}`;
  const headers = { cookie: [client.cookie, stateCookie].filter(Boolean).join('; ') };
  return app.inject({ method: 'GET', url: `/api/m/auth/sign-in/wechat/callback?code=${code}&state=${state}`, headers });
}

async function phoneSignIn(phone: string) {
  const client = new TestClient(app);
  const sent = await client.post('/api/m/auth/sign-in/code', { phone });
  const res = await client.post('/api/m/auth/sign-in/verify', { phone, code: sent.json().demoCode });
  expect(res.statusCode, res.body).toBe(200);
  return client.asWorkerSession(cookieOf(res, 'niangjia_wsid')!);
}

describe('WeChat silent sign-in', () => {
  it('sends the browser to WeChat for snsapi_base with a state kept in a cookie', async () => {
    const res = await new TestClient(app).get('/api/m/auth/sign-in/wechat?redirect=/card');
    expect(res.statusCode).toBe(302);
    const location = new URL(res.headers.location as string);
    expect(`${location.origin}${location.pathname}`).toBe(`${fakeBase}/connect/oauth2/authorize`);
    expect(location.hash).toBe('#wechat_redirect');
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      appid: 'wx-test-app',
      response_type: 'code',
      scope: 'snsapi_base',
      redirect_uri: 'http://localhost:80/api/m/auth/sign-in/wechat/callback',
    });
    expect(cookieOf(res, 'niangjia_wxstate')!.startsWith(`${location.searchParams.get('state')}.`)).toBe(true);
    expect((await t.anonymous().get('/api/m/auth/sign-in/wechat')).statusCode).toBe(404);
  });

  it('sends an openid nobody has bound back to the phone sign-in, exchanging the code on the server', async () => {
    const res = await roundTrip(new TestClient(app), 'code-a', '?redirect=/card');
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/m/login?wechat=unbound&redirect=%2Fcard');
    expect(cookieOf(res, 'niangjia_wsid')).toBeUndefined();
    expect(Object.fromEntries(exchanges.at(-1)!.searchParams)).toEqual({
      appid: 'wx-test-app',
      secret: 'wx-secret',
      code: 'code-a',
      grant_type: 'authorization_code',
    });
  });

  it('refuses a state that is not this browser’s, without asking WeChat', async () => {
    const before = exchanges.length;
    const res = await app.inject({ method: 'GET', url: '/api/m/auth/sign-in/wechat/callback?code=code-a&state=forged' });
    expect(res.headers.location).toBe('/m/login?wechat=failed');
    expect(exchanges.length).toBe(before);
  });

  it('never binds or signs in a snapshot-page visitor', async () => {
    const worker = await phoneSignIn('13600001111');
    const res = await roundTrip(worker, 'code-snap', '?bind=1');
    expect(res.headers.location).toBe('/m/login?wechat=snapshot');
    expect(cookieOf(res, 'niangjia_wsid')).toBeUndefined();
    const rows = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from worker_accounts where wechat_openid = 'openid-snap'`);
    expect(rows[0]!.n).toBe(0);
    expect((await roundTrip(worker, 'code-bad', '?bind=1')).headers.location).toBe('/m/login?wechat=failed');
  });

  it('binds the openid after a phone sign-in, and later visits sign in silently', async () => {
    const worker = await phoneSignIn('13600002222');
    const bound = await roundTrip(worker, 'code-a', '?bind=1&redirect=/mine');
    expect(bound.headers.location).toBe('/m/mine');
    const [row] = await queryRows<{ phone_masked: string }>(t.db, sql`select phone_masked from worker_accounts where wechat_openid = 'openid-a'`);
    expect(row!.phone_masked).toBe('136****2222');

    const later = await roundTrip(new TestClient(app), 'code-a', '?redirect=/card');
    expect(later.statusCode).toBe(302);
    expect(later.headers.location).toBe('/m/card');
    const token = cookieOf(later, 'niangjia_wsid');
    expect(token).toBeTruthy();
    const me = await new TestClient(app).asWorkerSession(token!);
    expect((await me.get('/api/m/me')).json().worker.phoneMasked).toBe('136****2222');

    // Another worker cannot take the same openid.
    const other = await phoneSignIn('13600003333');
    const again = await roundTrip(other, 'code-a', '?bind=1');
    expect(again.headers.location).toBe('/m/');
    expect(cookieOf(again, 'niangjia_wsid')).toBeTruthy();
    const owners = await queryRows<{ phone_masked: string }>(t.db, sql`select phone_masked from worker_accounts where wechat_openid = 'openid-a'`);
    expect(owners.map((o) => o.phone_masked)).toEqual(['136****2222']);
  });

  it('keeps the way back inside the portal', async () => {
    const res = await roundTrip(new TestClient(app), 'code-bad', '?redirect=//evil.example/x');
    expect(res.headers.location).toBe('/m/login?wechat=failed');
  });
});
