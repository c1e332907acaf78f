/**
 * Measurements for the people registry, one per invocation (so each has its own peak RSS),
 * printed as one JSON line. Orchestrated by bench/run.ts, which puts them beside their baselines.
 */
import { reachOf } from '../src/server/scope.ts';
import fs from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import Fastify from 'fastify';
import { sql } from 'drizzle-orm';
import { openEmbeddedDatabase, openServerDatabase, queryRows, type Database } from '../src/server/db.ts';
import { FieldCipher } from '../src/server/crypto.ts';
import { AuditKey, installAuditKey } from '../src/modules/audit/index.ts';
import { systemActor } from '../src/server/actor.ts';
import { readConfig } from '../src/server/config.ts';
import { copyField } from '../src/server/copy-format.ts';
import { findRoot, insertChildOrg, insertRootOrg } from '../src/modules/orgs/index.ts';
import { findJob } from '../src/modules/jobs/index.ts';
import { startApply, startCheck, uploadRoster, suggestMapping } from '../src/modules/people/people-import.service.ts';
import { listPeople } from '../src/modules/people/people.service.ts';
import { scanDuplicates } from '../src/modules/people/duplicates.repository.ts';
import { HEADERS, rosterRow, unionName, UNIONS, writeCsv, writeXlsx } from './roster.ts';

const args = Object.fromEntries(process.argv.slice(3).map((a) => a.replace(/^--/, '').split('=')) as [string, string][]);
const mode = process.argv[2];
const out = (o: Record<string, unknown>) => console.log(JSON.stringify({ mode, ...o, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;
const KEY = Buffer.alloc(32, 9);
// The writes below append to the audit chain, which needs a key (a fixed one: figures only).
installAuditKey(new AuditKey(KEY));
/** The server's logger (pino), on stderr: a failed background job says why there, away from the figures on stdout. */
const log = Fastify({ logger: { level: 'warn', stream: process.stderr } }).log;

async function openDb(target: string): Promise<Database> {
  return target.startsWith('pglite:') ? openEmbeddedDatabase(target.slice(7)) : openServerDatabase(target, 4);
}

/** Root org and one grassroots union to import into; returns the actor and the union. */
async function ensureTree(db: Database['db']) {
  return db.transaction(async (tx) => {
    let root = await findRoot(tx);
    if (!root) root = await insertRootOrg(tx, (r) => systemActor(r), { name: '内蒙古自治区总工会', type: 'provincial', divisionCode: '150000' });
    const actor = systemActor(root);
    const existing = await queryRows<{ id: number; name: string }>(tx, sql`select id, name from orgs where name like '基准测试%'`);
    const byName = new Map(existing.map((o) => [o.name, o.id]));
    for (let n = 0; n < UNIONS; n++) {
      if (byName.has(unionName(n))) continue;
      const org = await insertChildOrg(tx, actor, {
        parentId: root.id,
        name: unionName(n),
        shortName: null,
        type: 'grassroots',
        divisionCode: null,
        creditCode: null,
        address: null,
        contactName: null,
        contactPhone: null,
        foundedOn: null,
      });
      byName.set(org.name, org.id);
    }
    return { actor, unionId: byName.get(unionName(0))! };
  });
}

async function waitJob(db: Database['db'], id: string, status: string) {
  for (;;) {
    const job = await findJob(db, id);
    if (job?.status === status) return job;
    if (job?.status === 'failed') throw new Error(`job failed: ${job.error}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main() {
  switch (mode) {
    case 'gen': {
      const rows = Number(args.rows);
      const dir = args.dir!;
      fs.mkdirSync(dir, { recursive: true });
      let t0 = process.hrtime.bigint();
      await writeXlsx(path.join(dir, 'roster.xlsx'), rows);
      const xlsxSeconds = seconds(t0);
      t0 = process.hrtime.bigint();
      await writeCsv(path.join(dir, 'roster.csv'), rows);
      // Person-shaped rows for the raw COPY baseline: same sizes as real ones, no crypto.
      const copy = fs.createWriteStream(path.join(dir, 'persons.tsv'));
      for (let i = 0; i < rows; i++) {
        const r = rosterRow(i);
        const b = `${i}`.padStart(43, 'x');
        const line = [
          2 + (i % UNIONS),
          copyField(r[0]),
          'wangwei',
          'ww',
          i % 2 ? 'male' : 'female',
          '1980-01-01',
          'resident',
          `v1.${'A'.repeat(62)}${i}`,
          b,
          `${r[1]!.slice(0, 6)}********${r[1]!.slice(14)}`,
          r[1]!.slice(14),
          `v1.${'B'.repeat(52)}`,
          `p${b}`,
          '139****0000',
          copyField(r[4]),
          'courier',
          'new_form',
        ].join('\t');
        if (!copy.write(line + '\n')) await once(copy, 'drain');
      }
      copy.end();
      await once(copy, 'finish');
      out({ rows, xlsxSeconds, csvAndTsvSeconds: seconds(t0), xlsxBytes: fs.statSync(path.join(dir, 'roster.xlsx')).size });
      break;
    }
    case 'bare-read': {
      const t0 = process.hrtime.bigint();
      let rows = 0;
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(args.file!, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit' });
      for await (const sheet of reader) for await (const _row of sheet) rows++;
      const s = seconds(t0);
      out({ rows: rows - 1, seconds: s, rowsPerSecond: (rows - 1) / s });
      break;
    }
    case 'crypto': {
      const rows = Number(args.rows);
      const key = randomBytes(32);
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < rows; i++) {
        const r = rosterRow(i);
        for (const v of [r[1]!, r[2]!]) {
          const c = createCipheriv('aes-256-gcm', key, randomBytes(12));
          c.update(v);
          c.final();
          c.getAuthTag();
          createHmac('sha256', key).update(v).digest('base64url');
        }
      }
      const s = seconds(t0);
      out({ rows, seconds: s, rowsPerSecond: rows / s });
      break;
    }
    case 'copy': {
      const database = await openDb(args.db!);
      await ensureTree(database.db);
      const t0 = process.hrtime.bigint();
      const stream = fs.createReadStream(args.file!, { encoding: 'utf8', highWaterMark: 1 << 20 });
      await database.copyInto(
        'persons',
        [
          'org_id',
          'name',
          'name_pinyin',
          'name_initials',
          'sex',
          'birth_date',
          'id_type',
          'id_number_enc',
          'id_number_bidx',
          'id_masked',
          'id_last4',
          'phone_enc',
          'phone_bidx',
          'phone_masked',
          'employer_name',
          'occupation',
          'employment_form',
        ],
        stream as AsyncIterable<string>,
      );
      const s = seconds(t0);
      const [n] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from persons`);
      await database.close();
      out({ rows: n!.n, seconds: s, rowsPerSecond: n!.n / s });
      break;
    }
    case 'import': {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-bench-'));
      const target = args.db === 'pglite' ? `pglite:${dataDir}/db` : args.db!;
      const database = await openDb(target);
      const { actor, unionId } = await ensureTree(database.db);
      const deps = { db: database.db, cipher: new FieldCipher(KEY), copyInto: database.copyInto, dataDir, bulkLoadMinRows: readConfig({}).importBulkMinRows };
      const file = args.file!;
      const t0 = process.hrtime.bigint();
      const up = await uploadRoster(deps, actor, { filename: path.basename(file), stream: fs.createReadStream(file), truncated: () => false });
      await startCheck(deps, actor, { id: up.jobId, mapping: suggestMapping(HEADERS), defaultOrgId: unionId }, log);
      const checked = await waitJob(database.db, up.jobId, 'waiting');
      const checkSeconds = seconds(t0);
      await startApply(deps, actor, { id: up.jobId, confirmUpdates: true }, log);
      const done = await waitJob(database.db, up.jobId, 'done');
      const s = seconds(t0);
      // Not timed: the near-duplicate scan that follows an import (the import is done for the user).
      while (((await findJob(database.db, up.jobId))?.result as { duplicates?: unknown } | null)?.duplicates == null)
        await new Promise((r) => setTimeout(r, 200));
      const applied = (done.result as { applied: { inserted: number } }).applied;
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      out({ rows: applied.inserted, checkSeconds, seconds: s, rowsPerSecond: applied.inserted / s, summary: checked.result });
      break;
    }
    case 'search': {
      const database = await openDb(args.db!);
      const { actor } = await ensureTree(database.db);
      const deps = { db: database.db, cipher: new FieldCipher(KEY) };
      const total = Number(args.rows);
      const pct = (xs: number[], p: number) => xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
      const timeQueries = async (make: (i: number) => string) => {
        const times: number[] = [];
        for (let i = 0; i < 200; i++) {
          const q = make(Math.floor(Math.random() * total));
          const t0 = process.hrtime.bigint();
          await listPeople(deps, actor, { q, page: 1, pageSize: 20, sort: 'name', order: 'asc' });
          times.push(seconds(t0) * 1000);
        }
        return { p50: pct(times, 0.5), p95: pct(times, 0.95) };
      };
      // Warm-up, untimed: each pooled connection maps the shared buffers it touches on first use
      // (page faults worth tens of milliseconds per query on a fresh connection), as a server's
      // long-lived pool has long done.
      for (let i = 0; i < 100; i++) {
        const n = Math.floor(Math.random() * total);
        for (const q of [rosterRow(n)[0]!, n % 2 ? 'ww' : 'zj', rosterRow(n)[2]!])
          await listPeople(deps, actor, { q, page: 1, pageSize: 20, sort: 'name', order: 'asc' });
      }
      const pk: number[] = [];
      for (let i = 0; i < 200; i++) {
        const t0 = process.hrtime.bigint();
        await queryRows(database.db, sql`select * from persons where id = ${1 + Math.floor(Math.random() * total)}`);
        pk.push(seconds(t0) * 1000);
      }
      const name = await timeQueries((i) => rosterRow(i)[0]!);
      const initials = await timeQueries((i) => (i % 2 ? 'ww' : 'zj'));
      const phone = await timeQueries((i) => rosterRow(i)[2]!);
      await database.close();
      out({ primaryKey: { p50: pct(pk, 0.5), p95: pct(pk, 0.95) }, name, initials, phone });
      break;
    }
    case 'dupscan': {
      const database = await openDb(args.db!);
      const root = (await findRoot(database.db))!;
      // Plant near-duplicates of the kinds the scan looks for.
      await database.db
        .execute(sql`insert into persons (org_id, name, name_pinyin, name_initials, sex, birth_date, id_type, id_number_enc, id_number_bidx, id_masked, id_last4)
        select org_id, name, name_pinyin, name_initials, sex, birth_date, id_type, id_number_enc, id_number_bidx || 'dup', id_masked, id_last4
        from persons order by id limit 1000`);
      let t0 = process.hrtime.bigint();
      await queryRows(database.db, sql`select count(*) from persons where name is not null`);
      const fullScan = seconds(t0);
      t0 = process.hrtime.bigint();
      const r = await scanDuplicates(database.db, reachOf(root));
      const s = seconds(t0);
      await database.close();
      out({ scanned: r.scanned, found: r.found, likely: r.likely, seconds: s, fullScanSeconds: fullScan });
      break;
    }
    default:
      throw new Error(`unknown mode ${mode}`);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
