/**
 * Rotating the data key on a database with real rows (the demo dataset: people with ID numbers
 * and phones, portal accounts, hardship and mutual-aid bank accounts, corrections, merges …), on
 * PGlite and, with DATABASE_URL, on PostgreSQL: every value stays readable during and after, blind
 * indexes still find people, a rotation cut off resumes, a write during it uses the new key, and a
 * process without a key rows still need is refused.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataKeyId, FieldCipher, keyFilePaths } from './crypto.ts';
import { queryRows, type Db } from './db.ts';
import { systemActor } from './actor.ts';
import { projectRoot } from './paths.ts';
import { prepareCipher } from './bootstrap.ts';
import { readManifest, restoreKeys, writeBackup } from './backup.ts';
import {
  applyKeyState,
  dataKeyState,
  ENCRYPTED_TABLES,
  latestRotation,
  RotationInterrupted,
  runRotation,
  startRotation,
  watchCurrentKey,
} from './key-rotation.ts';
import { createDemoTestDatabase, type DemoTestDatabase } from '../testing/demo-db.ts';
import { TEST_KEY } from '../testing/app.ts';
import { TEST_AUDIT_KEY } from '../testing/db.ts';
import { findRoot } from '../modules/orgs/index.ts';
import { AuditKey, verifyAuditChain } from '../modules/audit/index.ts';
import { createPerson, revealPerson } from '../modules/people/people.service.ts';
import { findByIdIndex } from '../modules/people/people.repository.ts';
import { idIndex, phoneIndex } from '../modules/people/identity.ts';
import { withCheckCharacter } from '../shared/idcard.ts';

const K2 = randomBytes(32);
const K3 = randomBytes(32);
const quiet = { log: () => {}, error: () => {} };

let demo: DemoTestDatabase;
let db: Db;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-keyrot-'));
beforeAll(async () => {
  demo = await createDemoTestDatabase();
  db = demo.database.db;
}, 600_000);
afterAll(async () => {
  await demo?.database.close();
  fs.rmSync(work, { recursive: true, force: true });
});

/** Every encrypted value of the database, as stored. */
async function allValues(): Promise<string[]> {
  const out: string[] = [];
  for (const [table, values] of Object.entries(ENCRYPTED_TABLES)) {
    for (const v of values) {
      const read = v.jsonKey ? `"${v.column}"->>'${v.jsonKey}'` : `"${v.column}"`;
      const where = v.onlyWhere ? ` and "${v.onlyWhere.column}" = '${v.onlyWhere.equals}'` : '';
      const rows = await queryRows<{ blob: string }>(db, sql.raw(`select ${read} as blob from "${table}" where ${read} is not null${where}`));
      out.push(...rows.map((r) => r.blob));
    }
  }
  return out;
}

/** Plain values of every encrypted value, by table and primary-key order, read with `cipher`. */
async function plainValues(cipher: FieldCipher): Promise<string[]> {
  const out: string[] = [];
  for (const [table, values] of Object.entries(ENCRYPTED_TABLES)) {
    for (const v of values) {
      const read = v.jsonKey ? `"${v.column}"->>'${v.jsonKey}'` : `"${v.column}"`;
      const where = v.onlyWhere ? ` and "${v.onlyWhere.column}" = '${v.onlyWhere.equals}'` : '';
      const key = table === 'people_import_rows' ? 'job_id, row_no' : 'id';
      const rows = await queryRows<{ blob: string }>(db, sql.raw(`select ${read} as blob from "${table}" where ${read} is not null${where} order by ${key}`));
      for (const r of rows) out.push(`${table}.${v.column}:${cipher.decrypt(v.field, r.blob)}`);
    }
  }
  return out;
}

describe('rotating the data key', () => {
  it('knows every encrypted column of the schema, each table walked by its primary key', async () => {
    const cols = await queryRows<{ t: string; c: string }>(
      db,
      sql`select table_name as t, column_name as c from information_schema.columns where table_schema = 'public' and column_name like '%\_enc'`,
    );
    expect(cols.length).toBeGreaterThan(5);
    for (const { t, c } of cols)
      expect(
        ENCRYPTED_TABLES[t]?.map((v) => v.column),
        `${t}.${c}`,
      ).toContain(c);
    for (const table of Object.keys(ENCRYPTED_TABLES)) {
      const [pk] = await queryRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from pg_index where indrelid = to_regclass(${`public.${table}`}) and indisprimary`,
      );
      expect(pk?.n, table).toBe(1);
    }
  });

  it('rewrites every value under the new key, readable throughout, resuming after a cut, new writes on the new key', { timeout: 600_000 }, async () => {
    const root = (await findRoot(db))!;
    const actor = systemActor(root);
    const old = new FieldCipher(TEST_KEY);
    const both = new FieldCipher(TEST_KEY, [K2]);
    const k2 = dataKeyId(K2);
    const before = await plainValues(old);
    const counts = Object.fromEntries(
      await Promise.all(
        ['persons', 'worker_accounts', 'hardship_cases', 'mutualaid_claims'].map(
          async (t) => [t, (await queryRows<{ n: number }>(db, sql.raw(`select count(*)::int as n from "${t}"`)))[0]!.n] as const,
        ),
      ),
    );
    for (const n of Object.values(counts)) expect(n).toBeGreaterThan(0);
    const initial = (await allValues()).length;

    // A person to find by blind index before, during and after.
    const [probe] = await queryRows<{ id: number; id_number_enc: string; phone_enc: string; id_type: string }>(
      db,
      sql`select id::int as id, id_number_enc, phone_enc, id_type from persons where phone_enc is not null order by id desc limit 1`,
    );
    const probeId = old.decrypt('id_number', probe!.id_number_enc);
    const probePhone = old.decrypt('phone', probe!.phone_enc);

    // A process of the app, holding both keys, that follows the database's current key.
    const writer = new FieldCipher(TEST_KEY, [K2]);
    await applyKeyState(db, writer, 'keys');
    expect(writer.currentKeyId).toBe(old.rootKeyId);
    const stopWatch = watchCurrentKey(db, writer, quiet, 50);
    try {
      // An import started before the switch, still beating: the rotation waits for it before its final check.
      const [job] = await queryRows<{ id: string }>(
        db,
        sql`insert into jobs (kind, org_id, status) values ('people-import', ${root.id}, 'running') returning id`,
      );
      const rotation = await startRotation(db, both, { by: 'test' });
      expect(rotation).toMatchObject({ fromKeyId: old.rootKeyId, toKeyId: k2, status: 'running' });
      expect(both.currentKeyId).toBe(k2);
      // From now on an old-key-only process must not start: it could not read what is written now.
      await expect(applyKeyState(db, new FieldCipher(TEST_KEY), '/srv/keys')).rejects.toThrow(
        new RegExp(`数据密钥 ${k2}.*拒绝启动.*/srv/keys/data\\.${k2}\\.key`),
      );

      // Cut off after 3 batches of 400, as a crash would.
      await expect(runRotation(db, both, { batchSize: 400, settleMs: 0, stopAfterBatches: 3 })).rejects.toBeInstanceOf(RotationInterrupted);
      const mid = await latestRotation(db);
      expect(mid?.status).toBe('running');
      expect(mid?.progress.persons?.after).not.toBeNull();
      const blobs = await allValues();
      expect(blobs.some((b) => b.startsWith(`v2.${k2}.`))).toBe(true);
      expect(blobs.some((b) => b.startsWith('v1.'))).toBe(true);
      // Mid-way every value reads the same as before, by any process with both keys.
      expect(await plainValues(both)).toEqual(before);
      expect(await plainValues(writer)).toEqual(before);

      // A person registered now, by the other process, is written with the new key.
      await expect.poll(() => writer.currentKeyId, { timeout: 5000 }).toBe(k2);
      const number = withCheckCharacter('15010219900307' + '951');
      const created = await createPerson({ db, cipher: writer }, actor, {
        orgId: root.id,
        name: '轮换测试',
        idNumber: number,
        phone: '13900009951',
      } as Parameters<typeof createPerson>[2]);
      const [row] = await queryRows<{ id_number_enc: string; phone_enc: string }>(db, sql`select id_number_enc, phone_enc from persons where id = ${created}`);
      expect(row!.id_number_enc.startsWith(`v2.${k2}.`)).toBe(true);
      expect(row!.phone_enc.startsWith(`v2.${k2}.`)).toBe(true);

      // Resumed: to the end.
      const waits: string[] = [];
      const report = await runRotation(db, both, {
        batchSize: 400,
        settleMs: 0,
        onWait: (what) => {
          waits.push(what);
          // The job ends (a drizzle query runs only when awaited or then-ed).
          if (what.includes('后台任务'))
            db.execute(sql`update jobs set status = 'done' where id = ${job!.id}`).then(
              () => undefined,
              () => undefined,
            );
        },
      });
      // Waited for it, and only until it ended (not for its heartbeat to go stale).
      expect(waits.filter((w) => w === '等待更换开始前启动的 1 个后台任务结束').length).toBeGreaterThan(0);
      expect(waits.filter((w) => w.includes('后台任务')).length).toBeLessThan(4);
      expect(report).toMatchObject({ fromKeyId: old.rootKeyId, toKeyId: k2 });
      // Each value rewritten once over both runs: none twice, the new person's never.
      expect(report.rewritten).toBe(initial);
      expect((await latestRotation(db))?.status).toBe('done');
      expect((await dataKeyState(db)).needed).toEqual([k2]);

      // Nothing left under the old key anywhere in the database (also in columns this file does not list).
      const textCols = await queryRows<{ t: string; c: string }>(
        db,
        sql`select c.table_name as t, c.column_name as c from information_schema.columns c join information_schema.tables tb using (table_schema, table_name)
             where c.table_schema = 'public' and tb.table_type = 'BASE TABLE' and c.data_type in ('text', 'jsonb', 'character varying')`,
      );
      for (const { t, c } of textCols) {
        const [n] = await queryRows<{ n: number }>(db, sql.raw(`select count(*)::int as n from "${t}" where "${c}"::text ~ 'v1\\.[A-Za-z0-9+/]{24,}'`));
        expect(n?.n, `${t}.${c}`).toBe(0);
      }
      const after = await plainValues(both);
      expect(after.filter((x) => !x.endsWith(number) && !x.endsWith('13900009951'))).toEqual(before);

      // Blind indexes and reveals still work: the MAC key did not change.
      const found = await findByIdIndex(db, probe!.id_type, idIndex(both, probeId));
      expect(found?.id).toBe(probe!.id);
      expect((await findByIdIndex(db, 'resident', idIndex(new FieldCipher(TEST_KEY, [K2]), number)))?.id).toBe(created);
      const [byPhone] = await queryRows<{ id: number }>(
        db,
        sql`select id::int as id from persons where phone_bidx = ${phoneIndex(both, probePhone)} order by id desc limit 1`,
      );
      expect(byPhone?.id).toBe(probe!.id);
      const shown = await revealPerson({ db, cipher: writer } as Parameters<typeof revealPerson>[0], actor, {
        id: probe!.id,
        field: 'idNumber',
        reason: '核对',
      });
      expect(JSON.stringify(shown)).toContain(probeId);

      // Audited, and the chain holds.
      const audits = await queryRows<{ action: string; summary: string }>(db, sql`select action, summary from audit_log where entity = 'data_key' order by id`);
      expect(audits.map((a) => a.action)).toEqual(['rotate-start', 'rotate-finish']);
      expect(audits[1]!.summary).toContain(`${old.rootKeyId} → ${k2}`);
      expect((await verifyAuditChain(db, { key: new AuditKey(TEST_AUDIT_KEY), anchors: [] })).ok).toBe(true);
    } finally {
      stopWatch();
    }
  });

  it('starts processes by the keys rows need: the real start refuses one without the current key, names it, and takes it up', async () => {
    const k2 = dataKeyId(K2);
    const dataDir = path.join(work, 'start');
    const config = { ...demo.config, dataDir };
    const env = { NIANGJIA_DATA_KEY: TEST_KEY.toString('base64') };
    await expect(prepareCipher(db, config, env, { watch: false })).rejects.toThrow(new RegExp(`需要数据密钥 ${k2}`));
    const cipher = await prepareCipher(db, config, { ...env, NIANGJIA_DATA_KEYS: K2.toString('base64') }, { watch: false });
    expect(cipher.currentKeyId).toBe(k2);
    // The same from a key file beside the data key.
    fs.mkdirSync(path.join(dataDir, 'keys'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'keys', `data.${k2}.key`), K2.toString('base64') + '\n', { mode: 0o600 });
    expect((await prepareCipher(db, config, env, { watch: false })).currentKeyId).toBe(k2);
  });

  it(
    `rotates a second time, on ${Number(process.env.KEYROT_PEOPLE ?? 20_000).toLocaleString('en')} people, after which the key before is no longer needed`,
    { timeout: 900_000 },
    async () => {
      const target = Number(process.env.KEYROT_PEOPLE ?? 20_000);
      const k2 = dataKeyId(K2);
      const k3 = dataKeyId(K3);
      // More people, copies of the demo's with their own identity index (the copy costs the same to re-encrypt).
      const [{ n: have } = { n: 0 }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from persons`);
      if (have < target) {
        await db.execute(sql`
        insert into persons (org_id, name, name_pinyin, name_initials, sex, birth_date, id_type, id_number_enc, id_number_bidx, id_masked, id_last4, phone_enc, phone_bidx, phone_masked)
        select p.org_id, p.name, p.name_pinyin, p.name_initials, p.sex, p.birth_date, p.id_type, p.id_number_enc, p.id_number_bidx || '.' || g, p.id_masked, p.id_last4, p.phone_enc, p.phone_bidx, p.phone_masked
          from generate_series(1, ${target - have}) g join persons p on p.id = (select min(id) from persons) + (g % 1000)`);
      }
      const ring = new FieldCipher(TEST_KEY, [K2, K3]);
      const before = await plainValues(ring);
      await startRotation(db, ring, { to: k3, by: 'test' });
      const report = await runRotation(db, ring, { settleMs: 0 });
      const rate = Math.round(report.scanned / report.seconds);
      console.log(
        `key rotation (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}): ${report.scanned} rows read, ${report.rewritten} values rewritten in ${report.seconds.toFixed(2)} s = ${rate} rows/s`,
      );
      expect(report.fromKeyId).toBe(k2);
      expect(await plainValues(ring)).toEqual(before);
      // K2 may go now: a process with the root key and K3 starts; one with K2 but not K3 does not.
      await applyKeyState(db, new FieldCipher(TEST_KEY, [K3]), 'keys');
      await expect(applyKeyState(db, new FieldCipher(TEST_KEY, [K2]), 'keys')).rejects.toThrow(new RegExp(k3));
    },
  );

  it('backs up every data key file, the rotation’s too, and restores them beside the data key', async () => {
    const dataDir = path.join(work, 'backup-src');
    fs.mkdirSync(path.join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
    for (const [name, key] of [
      ['data.key', TEST_KEY],
      [`data.${dataKeyId(K2)}.key`, K2],
      ['audit.key', TEST_AUDIT_KEY],
    ] as const)
      fs.writeFileSync(path.join(dataDir, 'keys', name), key.toString('base64') + '\n', { mode: 0o600 });
    const out = path.join(work, 'backup');
    const manifest = await writeBackup(out, { tarball: new Blob(['x']), counts: {}, lastMigration: 0 }, keyFilePaths({ env: {}, dataDir }));
    expect(manifest.keys.sort()).toEqual(['audit', 'data', `data.${dataKeyId(K2)}`]);
    expect(readManifest(out).keys).toHaveLength(3);
    const target = path.join(work, 'restored');
    const restored = restoreKeys(out, keyFilePaths({ env: {}, dataDir: target }), {
      force: false,
      stamp: 'x',
      moreDir: path.join(target, 'keys'),
    });
    expect(restored.sort()).toEqual(['audit', 'data', `data.${dataKeyId(K2)}`]);
    const ring = new FieldCipher(TEST_KEY, [K2]);
    expect(keyFilePaths({ env: {}, dataDir: target })).toHaveProperty(`data.${dataKeyId(K2)}`);
    expect(fs.readFileSync(path.join(target, 'keys', `data.${dataKeyId(K2)}.key`), 'utf8').trim()).toBe(K2.toString('base64'));
    expect(fs.statSync(path.join(target, 'keys', `data.${dataKeyId(K2)}.key`)).mode & 0o077).toBe(0);
    expect(ring.holds(dataKeyId(K2))).toBe(true);
  });
});

/** A command or the server, run as npm runs it (tsx), on the embedded database in `dataDir`; answers its exit code and output. */
function run(file: string, args: string[], dataDir: string, timeoutMs = 240_000): Promise<{ status: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    NIANGJIA_DEMO: '0',
    NIANGJIA_ADMIN_PASSWORD: 'Rotate2026check',
    PORT: '0',
    LOG_LEVEL: 'warn',
  };
  for (const k of ['DATABASE_URL', 'NIANGJIA_DATA_KEY', 'NIANGJIA_DATA_KEYS', 'NIANGJIA_AUDIT_KEY', 'NIANGJIA_KEY_FILE', 'NIANGJIA_AUDIT_KEY_FILE'])
    delete env[k];
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot(), file), ...args], {
    cwd: projectRoot(),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) =>
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    }),
  );
}

describe.runIf(!process.env.DATABASE_URL)('npm run rotate-data-key and the server process', () => {
  it('makes a key, rotates to it, and a server started without it refuses to start, naming it', { timeout: 600_000 }, async () => {
    const dataDir = path.join(work, 'cli');
    const cli = (...args: string[]) => run('src/server/cli/rotate-data-key.ts', args, dataDir);
    const made = await cli('new-key');
    expect(made.status, made.output).toBe(0);
    const keyId = /新的数据密钥 ([0-9a-f]{8})/.exec(made.output)?.[1];
    expect(keyId).toBeDefined();
    const keyFile = path.join(dataDir, 'keys', `data.${keyId}.key`);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);

    const rotated = await cli('start');
    expect(rotated.status, rotated.output).toBe(0);
    expect(rotated.output).toContain(`数据密钥更换完成：`);
    expect(rotated.output).toContain(`→ ${keyId}`);
    expect(rotated.output).toMatch(/首把密钥 [0-9a-f]{8} 已不再用于加密.*不能移除/);
    const status = await cli('status');
    expect(status.output).toContain(`当前密钥：${keyId}`);

    // The new key taken away, as an operator removing the wrong file would: the server refuses to start.
    fs.renameSync(keyFile, path.join(work, 'aside.key'));
    const server = await run('src/server/main.ts', [], dataDir);
    expect(server.status).toBe(1);
    expect(server.output).toContain(`数据库中的数据需要数据密钥 ${keyId}`);
    expect(server.output).toContain('拒绝启动');
  });
});
