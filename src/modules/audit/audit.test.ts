import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { queryRows } from '../../server/db.ts';
import { verifyAuditChain } from './audit.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the audit log', () => {
  it('records who changed what, with before and after', async () => {
    const c = await t.as('xcq_admin');
    await c.patch(`/api/orgs/${t.seed.xinChengSanitation.id}`, { contactName: '赵敏' });
    const page = (await (await t.as('admin')).get(`/api/audit?entity=org&entityId=${t.seed.xinChengSanitation.id}&action=update`)).json();
    const entry = page.items[0];
    expect(entry).toMatchObject({ actorName: 'xcq_admin', orgName: '新城区环境卫生服务中心工会', action: 'update', entity: 'org' });
    expect(entry.before.contactName).toBeNull();
    expect(entry.after.contactName).toBe('赵敏');
    expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is readable by auditors and system administrators only, and only for their subtree', async () => {
    expect((await t.anonymous().get('/api/audit')).statusCode).toBe(401);
    expect((await (await t.as('xcq_admin')).get('/api/audit')).statusCode).toBe(403);
    const sh = (await (await t.as('sh_auditor')).get('/api/audit?pageSize=200')).json();
    expect(sh.items.length).toBeGreaterThan(0);
    expect(sh.items.every((e: { orgName: string }) => /赛罕/.test(e.orgName))).toBe(true);
    const entryOfSibling = (await (await t.as('admin')).get(`/api/audit?entity=org&entityId=${t.seed.xinChengSanitation.id}`)).json().items[0];
    expect((await (await t.as('sh_auditor')).get(`/api/audit/${entryOfSibling.id}`)).statusCode).toBe(404);
    expect((await (await t.as('nmg_auditor')).get(`/api/audit/${entryOfSibling.id}`)).statusCode).toBe(200);
  });

  it('filters by date and actor, and answers 400 for a bad date', async () => {
    await (await t.as('xcq_admin')).patch(`/api/orgs/${t.seed.xinChengSanitation.id}`, { address: '新城区环卫中心院内' });
    const c = await t.as('admin');
    const today = new Date().toISOString().slice(0, 10);
    expect((await c.get(`/api/audit?actor=xcq_admin&from=2020-01-01&to=2099-12-31`)).json().total).toBeGreaterThan(0);
    expect((await c.get(`/api/audit?to=2000-01-01`)).json().total).toBe(0);
    const bad = await c.get('/api/audit?from=2025-02-30');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('开始日期不是有效日期');
    void today;
  });

  it('refuses to change or remove an entry through SQL', async () => {
    await expect(t.db.execute(sql`update audit_log set summary = 'x'`)).rejects.toThrow();
    await expect(t.db.execute(sql`delete from audit_log`)).rejects.toThrow();
  });

  it('verifies the chain, and detects a changed, a removed and a trailing removed entry', async () => {
    const admin = await t.as('admin');
    const ok = (await admin.post('/api/audit/verify')).json();
    expect(ok.ok).toBe(true);
    expect(ok.checked).toBeGreaterThan(10);
    // Tampering as a database owner would: around the append-only trigger.
    const tamper = async (statement: ReturnType<typeof sql>) => {
      await t.db.transaction(async (tx) => {
        await tx.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
        await tx.execute(statement);
        await tx.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
      });
    };
    const [mid] = await queryRows<{ id: number; after: unknown }>(t.db, sql`select id::int as id, after from audit_log order by id limit 1 offset 5`);
    await tamper(sql`update audit_log set summary = '改过的摘要' where id = ${mid!.id}`);
    const changed = await verifyAuditChain(t.db);
    expect(changed).toMatchObject({ ok: false, brokenAt: mid!.id });
    expect(changed.problem).toContain('被改动过');
    await tamper(sql`delete from audit_log where id = ${mid!.id}`);
    const removed = await verifyAuditChain(t.db);
    expect(removed.ok).toBe(false);
    expect(removed.problem).toContain('前序哈希');
  });
});

describe('the audit chain tail', () => {
  it('detects a removed last entry through the head', async () => {
    const t2 = await createTestApp();
    try {
      expect((await verifyAuditChain(t2.db)).ok).toBe(true);
      await t2.db.transaction(async (tx) => {
        await tx.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
        await tx.execute(sql`delete from audit_log where id = (select max(id) from audit_log)`);
        await tx.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
      });
      const r = await verifyAuditChain(t2.db);
      expect(r.ok).toBe(false);
      expect(r.problem).toContain('链头');
    } finally {
      await t2.close();
    }
  });
});
