import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('fixed points of the API', () => {
  it('GET /api/health → 200 {"status":"ok"}', async () => {
    const res = await t.anonymous().get('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('{"status":"ok"}');
  });

  it('GET /api/openapi.json is an OpenAPI 3 document of every route, from the zod schemas', async () => {
    const res = await t.anonymous().get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const login = doc.paths['/api/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.required).toEqual(['username', 'password']);
    expect(Object.keys(login.responses)).toEqual(expect.arrayContaining(['200', '401', '429']));
    const create = doc.paths['/api/orgs'].post.requestBody.content['application/json'].schema;
    expect(create.properties.type.enum).toContain('grassroots');
    expect(doc.paths['/api/orgs/{id}'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true });
  });

  it('answers unknown API paths with a Chinese 404 and other paths with the web app', async () => {
    const api = await t.anonymous().get('/api/nothing-here');
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({ message: '接口不存在', fields: [] });
    const page = await t.anonymous().get('/orgs/12');
    // The built web app when present, else a Chinese hint to build it.
    expect([200, 503]).toContain(page.statusCode);
    expect(page.body).toMatch(page.statusCode === 200 ? /<div id="root">/ : /npm run build/);
  });

  it('first start created the admin at the root, who signs in with the configured password', async () => {
    const me = (await (await t.as('admin')).get('/api/auth/me')).json();
    expect(me.account.roles).toEqual(['sysadmin']);
    expect(me.org.id).toBe(t.seed.root.id);
    expect(me.account.mustChangePassword).toBe(false);
  });
});
