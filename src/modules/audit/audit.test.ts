import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, sql } from 'drizzle-orm';
import { createTestApp, PASSWORD, testConfig, type TestApp } from '../../testing/app.ts';
import { TEST_AUDIT_KEY } from '../../testing/db.ts';
import { queryRows, type Db } from '../../server/db.ts';
import { prepareAuditKey } from '../../server/bootstrap.ts';
import { hashPassword, insertSystemAccount } from '../auth/index.ts';
import { startScheduler } from '../jobs/index.ts';
import { anchorAuditChain, anchorMessage, sealLegacyChain, verifyAuditChain } from './audit.chain.ts';
import { AuditKey, verifyAnchorSignature } from './audit.key.ts';
import { entryHash, legacyEntryHash, type HashedEntry } from './audit.hash.ts';
import { auditLog } from './audit.schema.ts';
import { auditModule } from './audit.module.ts';
import type { AuditAnchorFile } from './audit.contract.ts';

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

// ---- Someone who holds the database but not the audit key ---------------------------------------

/** Runs statements as a database owner would: around the append-only triggers. */
async function asOwner(db: Db, statements: ReturnType<typeof sql>[]) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
    await tx.execute(sql`alter table audit_anchors disable trigger audit_anchors_append_only`);
    for (const s of statements) await tx.execute(s);
    await tx.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
    await tx.execute(sql`alter table audit_anchors enable trigger audit_anchors_append_only`);
  });
}

const entries = (db: Db) => db.select().from(auditLog).orderBy(asc(auditLog.id));

/**
 * Recomputes every hash from entry `fromId` on with `hash` (changing that entry's summary first
 * when `summary` is given) and sets the head to match: a rewrite that leaves no gap in the chain.
 * With `untilId`, that entry and the later ones keep their hashes and it is linked to the rewrite.
 */
async function rewriteChain(db: Db, fromId: number, hash: (prev: string, e: HashedEntry) => string, summary?: string, untilId = Infinity) {
  const rows = await entries(db);
  const statements: ReturnType<typeof sql>[] = [];
  let prev = '0'.repeat(64);
  for (const e of rows) {
    if (e.id === untilId) {
      statements.push(sql`update audit_log set prev_hash = ${prev} where id = ${e.id}`);
    } else if (e.id >= fromId && e.id < untilId) {
      if (e.id === fromId && summary !== undefined) e.summary = summary;
      e.prevHash = prev;
      e.hash = hash(prev, e);
      statements.push(sql`update audit_log set summary = ${e.summary}, prev_hash = ${e.prevHash}, hash = ${e.hash} where id = ${e.id}`);
    }
    prev = e.hash;
  }
  statements.push(sql`update audit_head set last_hash = ${prev}, last_id = ${rows.at(-1)!.id}, entries = ${rows.length} where id = 1`);
  await asOwner(db, statements);
}

/**
 * What the verifier before the audit key checked, from entry `fromId` on: each entry linked to the
 * one before and its hash the public SHA-256 of its content.
 */
async function passesUnkeyedCheck(db: Db, fromId = 0) {
  let prev = '0'.repeat(64);
  for (const e of await entries(db)) {
    if (e.id >= fromId && (e.prevHash !== prev || legacyEntryHash(prev, e) !== e.hash)) return false;
    prev = e.hash;
  }
  return true;
}

const middleEntry = async (db: Db) => (await entries(db))[4]!.id;
const silentLog = Fastify({ logger: false }).log;

async function signedInRootAuditor(t: TestApp) {
  await insertSystemAccount(t.db, {
    username: 'root_auditor',
    displayName: '全总审计员',
    orgId: t.seed.root.id,
    roles: ['auditor'],
    passwordHash: await hashPassword(PASSWORD),
  });
  return t.as('root_auditor');
}

describe('the audit chain under the audit key', () => {
  it('verifies an untouched chain and its anchors', async () => {
    const t3 = await createTestApp();
    try {
      await anchorAuditChain(t3.db, silentLog);
      await (await t3.as('xcq_admin')).patch(`/api/orgs/${t3.seed.xinChengSanitation.id}`, { contactName: '钱进' });
      await anchorAuditChain(t3.db, silentLog);
      const r = await verifyAuditChain(t3.db);
      expect(r).toMatchObject({ ok: true, brokenAt: null, problem: null, anchorsChecked: 2 });
      expect(r.checked).toBeGreaterThan(5);
      // The hashes are not the public SHA-256 of the content any more.
      expect(await passesUnkeyedCheck(t3.db)).toBe(false);
    } finally {
      await t3.close();
    }
  });

  it('reports an entry rewritten with every later hash recomputed by the public SHA-256 algorithm', async () => {
    const t3 = await createTestApp();
    try {
      const id = await middleEntry(t3.db);
      await rewriteChain(t3.db, id, legacyEntryHash, '改过的摘要');
      // By the public rule the rewritten part is flawless: the unkeyed verifier found nothing there.
      expect(await passesUnkeyedCheck(t3.db, id)).toBe(true);
      const r = await verifyAuditChain(t3.db);
      expect(r).toMatchObject({ ok: false, brokenAt: id });
      expect(r.problem).toContain(`第 ${id} 条的内容与其哈希不符`);
    } finally {
      await t3.close();
    }
  });

  it('signs no anchor over a rewrite: the daily job checks what came since the last anchor first', async () => {
    const t3 = await createTestApp();
    try {
      await anchorAuditChain(t3.db, silentLog);
      await (await t3.as('xcq_admin')).patch(`/api/orgs/${t3.seed.xinChengSanitation.id}`, { contactName: '周密' });
      const last = (await entries(t3.db)).at(-1)!.id;
      await rewriteChain(t3.db, last, legacyEntryHash, '改过的摘要');
      await expect(anchorAuditChain(t3.db, silentLog)).rejects.toThrow(`第 ${last} 条与上一锚点之后的日志链不符`);
      const [{ n }] = (await queryRows<{ n: number }>(t3.db, sql`select count(*)::int as n from audit_anchors`)) as [{ n: number }];
      expect(n).toBe(1);
    } finally {
      await t3.close();
    }
  });

  it('reports an entry rewritten with the chain recomputed under a guessed key', async () => {
    const t3 = await createTestApp();
    try {
      const id = await middleEntry(t3.db);
      const guessed = new AuditKey(randomBytes(32));
      await rewriteChain(t3.db, id, (prev, e) => entryHash(guessed, prev, e), '改过的摘要');
      const r = await verifyAuditChain(t3.db);
      expect(r).toMatchObject({ ok: false, brokenAt: id });
      // The same rewrite under the real key would pass: it is the key that stops it.
      await rewriteChain(t3.db, id, (prev, e) => entryHash(new AuditKey(TEST_AUDIT_KEY), prev, e));
      expect((await verifyAuditChain(t3.db)).ok).toBe(true);
    } finally {
      await t3.close();
    }
  });

  it('detects a removed tail through anchors the auditor downloaded earlier, and refuses a forged anchor', async () => {
    const t3 = await createTestApp();
    try {
      const auditor = await signedInRootAuditor(t3);
      await (await t3.as('xcq_admin')).patch(`/api/orgs/${t3.seed.xinChengSanitation.id}`, { contactName: '孙立' });
      await anchorAuditChain(t3.db, silentLog);
      const file = (await auditor.get('/api/audit/anchors')).json() as AuditAnchorFile;
      expect(file.anchors).toHaveLength(1);

      // Remove the last three entries, set the head to match and drop the server's anchors.
      const rows = await entries(t3.db);
      const kept = rows.at(-4)!;
      await asOwner(t3.db, [
        sql`delete from audit_log where id > ${kept.id}`,
        sql`update audit_head set last_id = ${kept.id}, last_hash = ${kept.hash}, entries = ${rows.length - 3} where id = 1`,
        sql`delete from audit_anchors`,
      ]);
      // With nothing kept outside the database the shorter chain looks whole...
      expect((await verifyAuditChain(t3.db)).ok).toBe(true);
      // ...the downloaded anchors show the cut, from the command line and from the page alike.
      const r = await verifyAuditChain(t3.db, { anchors: file.anchors });
      expect(r).toMatchObject({ ok: false, checked: rows.length - 3, anchorsChecked: 1 });
      expect(r.problem).toContain(`记录了 ${rows.length} 条：末尾的日志被删除过`);
      const viaRoute = (await auditor.post('/api/audit/verify', { anchors: file.anchors })).json();
      expect(viaRoute).toMatchObject({ ok: false, anchorsChecked: 1 });
      expect(viaRoute.problem).toContain('末尾的日志被删除过');

      const forged = { ...file.anchors[0]!, entries: rows.length - 3, lastId: kept.id, lastHash: kept.hash };
      const refused = await verifyAuditChain(t3.db, { anchors: [forged] });
      expect(refused.ok).toBe(false);
      expect(refused.problem).toContain('签名无效');
    } finally {
      await t3.close();
    }
  });

  it('seals a chain written before the audit key at the first start with it, and verifies it afterwards', async () => {
    const t3 = await createTestApp();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-audit-'));
    const env = { NIANGJIA_AUDIT_KEY: TEST_AUDIT_KEY.toString('base64') };
    const config = testConfig({ dataDir });
    try {
      // The chain as the version before the audit key wrote it: public SHA-256 from the first entry.
      const first = (await entries(t3.db))[0]!.id;
      await rewriteChain(t3.db, first, legacyEntryHash);
      const before = (await entries(t3.db)).length;
      const unsealed = await verifyAuditChain(t3.db);
      expect(unsealed).toMatchObject({ ok: false, brokenAt: first });
      expect(unsealed.problem).toContain('也没有封存记录');

      await prepareAuditKey(t3.db, config, env);
      const rows = await entries(t3.db);
      expect(rows).toHaveLength(before + 1);
      expect(rows.at(-1)).toMatchObject({ action: 'seal', entity: 'audit', after: { legacyEntries: before } });
      expect(await verifyAuditChain(t3.db)).toMatchObject({ ok: true, checked: before + 1 });
      await (await t3.as('xcq_admin')).patch(`/api/orgs/${t3.seed.xinChengSanitation.id}`, { contactName: '周正' });
      expect((await verifyAuditChain(t3.db)).ok).toBe(true);

      // Starting again seals nothing more; another key is refused.
      const count = (await entries(t3.db)).length;
      await prepareAuditKey(t3.db, config, env);
      expect(await entries(t3.db)).toHaveLength(count);
      await expect(prepareAuditKey(t3.db, config, { NIANGJIA_AUDIT_KEY: randomBytes(32).toString('base64') })).rejects.toThrow(/审计密钥与数据库不匹配/);

      // An old entry rewritten, with the old hashes recomputed up to the seal, breaks at the seal.
      const seal = rows.at(-1)!;
      await rewriteChain(t3.db, first + 2, legacyEntryHash, '改过的旧日志', seal.id);
      const r = await verifyAuditChain(t3.db);
      expect(r).toMatchObject({ ok: false, brokenAt: seal.id });
      // Once the key has been in use, a chain turned wholly unkeyed is not sealed again at start.
      await rewriteChain(t3.db, first, legacyEntryHash);
      expect((await verifyAuditChain(t3.db)).ok).toBe(false);
      const again = await sealLegacyChain(t3.db, new AuditKey(TEST_AUDIT_KEY), { firstUse: false });
      expect(again.state).toBe('refused');
    } finally {
      await t3.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the daily anchor', () => {
  it('is signed by the scheduled job, written to the log and downloadable by an auditor at the root only', async () => {
    const t3 = await createTestApp();
    try {
      const lines: Record<string, unknown>[] = [];
      const stream = new Writable({
        write(chunk: Buffer, _encoding, done) {
          for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
          done();
        },
      });
      const scheduler = startScheduler({ db: t3.db, log: Fastify({ logger: { level: 'info', stream } }).log }, auditModule.schedules!, { tickMs: 5 });
      try {
        await expect.poll(async () => (await queryRows<{ n: number }>(t3.db, sql`select count(*)::int as n from audit_anchors`))[0]!.n).toBe(1);
      } finally {
        await scheduler.stop();
      }
      const logged = lines.find((l) => l.auditAnchor) as { auditAnchor: AuditAnchorFile['anchors'][number] & { publicKey: string } } | undefined;
      expect(logged).toBeDefined();
      const { publicKey, ...anchor } = logged!.auditAnchor;
      expect(verifyAnchorSignature(publicKey, anchorMessage(anchor), anchor.signature)).toBe(true);

      const auditor = await signedInRootAuditor(t3);
      const res = await auditor.get('/api/audit/anchors');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toContain(encodeURIComponent('审计日志签名锚点'));
      const file = res.json() as AuditAnchorFile;
      expect(file).toMatchObject({ algorithm: 'Ed25519', publicKey, anchors: [anchor] });
      // An auditor checks it with the public key alone.
      expect(verifyAnchorSignature(file.publicKey, anchorMessage(file.anchors[0]!), file.anchors[0]!.signature)).toBe(true);
      expect(verifyAnchorSignature(file.publicKey, anchorMessage({ ...file.anchors[0]!, entries: 1 }), file.anchors[0]!.signature)).toBe(false);

      expect((await t3.anonymous().get('/api/audit/anchors')).statusCode).toBe(401);
      expect((await (await t3.as('sh_auditor')).get('/api/audit/anchors')).statusCode).toBe(403);
      expect((await (await t3.as('xcq_admin')).get('/api/audit/anchors')).statusCode).toBe(403);
    } finally {
      await t3.close();
    }
  });
});
