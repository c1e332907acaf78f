/**
 * Runs the people-registry benchmarks, each in its own process, and prints every figure beside
 * the baseline measured in the same run on the same machine, then one JSON line with them all.
 *   import .xlsx (PostgreSQL)  vs  bare exceljs streaming read of the same file
 *   import .csv  (PostgreSQL)  vs  raw COPY of the same rows into the same table
 *   import .xlsx (PGlite)      vs  bare exceljs read of that file
 *   search p95                 vs  primary-key read p95
 *   duplicate scan             vs  a full scan of the table
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const PGLITE_ROWS = Number(process.env.BENCH_PGLITE_ROWS ?? 100_000);
const SERVER = process.env.BENCH_DB_URL;
if (!SERVER) throw new Error('BENCH_DB_URL is not set: run `npm run bench`');

type Result = Record<string, any>;
function run(mode: string, args: Record<string, string | number>): Result {
  const argv = ['--import', 'tsx', 'bench/people.bench.ts', mode, ...Object.entries(args).map(([k, v]) => `--${k}=${v}`)];
  const stdout = execFileSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop()!;
  const r = JSON.parse(line) as Result;
  process.stderr.write(`  ${mode} ${JSON.stringify(args)} → ${line}\n`);
  return r;
}

async function freshDatabase(name: string) {
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(SERVER!);
  u.pathname = `/${name}`;
  return u.toString();
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-bench-'));
  const small = path.join(dir, 'small');
  try {
    process.stderr.write(`machine: ${os.cpus().length} cores, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB, node ${process.version}\n`);
    run('gen', { rows: ROWS, dir });
    run('gen', { rows: PGLITE_ROWS, dir: small });
    const db = await freshDatabase('niangjia_bench');

    const crypto = run('crypto', { rows: 200_000 });
    const bare = run('bare-read', { file: path.join(dir, 'roster.xlsx') });
    const copy = run('copy', { db, file: path.join(dir, 'persons.tsv') });
    const xlsx = run('import', { db, file: path.join(dir, 'roster.xlsx') });
    const csv = run('import', { db, file: path.join(dir, 'roster.csv') });
    const search = run('search', { db, rows: ROWS });
    const scan = run('dupscan', { db });
    const bareSmall = run('bare-read', { file: path.join(small, 'roster.xlsx') });
    const pglite = run('import', { db: 'pglite', file: path.join(small, 'roster.xlsx') });

    const rows: [string, string, string, string][] = [
      ['baseline: HMAC + AES-GCM (ID and phone), one core', `${fmt(crypto.rowsPerSecond)} rows/s`, '', ''],
      [`baseline: bare exceljs streaming read, ${fmt(ROWS)} rows × 10`, `${fmt(bare.rowsPerSecond)} rows/s`, '', ''],
      [`baseline: raw COPY into persons, ${fmt(ROWS)} rows`, `${fmt(copy.rowsPerSecond)} rows/s`, '', ''],
      [`.xlsx import into PostgreSQL, ${fmt(xlsx.rows)} rows`, `${fmt(xlsx.rowsPerSecond)} rows/s`, `${fmt(xlsx.rowsPerSecond / bare.rowsPerSecond, 2)} × bare read`, `goal ≥ 0.6; peak RSS ${fmt(xlsx.maxRssMb)} MiB (goal < 1024)`],
      [`.csv import into PostgreSQL, ${fmt(csv.rows)} rows`, `${fmt(csv.rowsPerSecond)} rows/s`, `${fmt(csv.rowsPerSecond / copy.rowsPerSecond, 2)} × raw COPY`, `goal ≥ 0.2; peak RSS ${fmt(csv.maxRssMb)} MiB`],
      [`.xlsx import into PGlite, ${fmt(pglite.rows)} rows`, `${fmt(pglite.rowsPerSecond)} rows/s`, `${fmt(pglite.rowsPerSecond / bareSmall.rowsPerSecond, 2)} × bare read (${fmt(bareSmall.rowsPerSecond)} rows/s)`, `peak RSS ${fmt(pglite.maxRssMb)} MiB`],
      [`search by name among ${fmt(ROWS)}`, `p95 ${fmt(search.name.p95, 1)} ms`, `${fmt(search.name.p95 / search.primaryKey.p95, 1)} × PK read p95 (${fmt(search.primaryKey.p95, 2)} ms)`, 'goal p95 < 50 ms'],
      [`search by pinyin initials among ${fmt(ROWS)}`, `p95 ${fmt(search.initials.p95, 1)} ms`, `${fmt(search.initials.p95 / search.primaryKey.p95, 1)} × PK read p95`, 'goal p95 < 50 ms'],
      [`search by phone among ${fmt(ROWS)}`, `p95 ${fmt(search.phone.p95, 1)} ms`, `${fmt(search.phone.p95 / search.primaryKey.p95, 1)} × PK read p95`, 'goal p95 < 50 ms'],
      [`fuzzy-duplicate scan over ${fmt(scan.scanned)} persons`, `${fmt(scan.seconds, 1)} s (${fmt(scan.found)} pairs)`, `${fmt(scan.seconds / scan.fullScanSeconds, 1)} × a full table scan (${fmt(scan.fullScanSeconds, 2)} s)`, 'goal < 60 s'],
    ];
    const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
    console.log('');
    for (const r of rows) console.log(`${r[0].padEnd(w[0]!)}  ${r[1].padStart(w[1]!)}  ${r[2].padEnd(w[2]!)}  ${r[3]}`);
    console.log(
      JSON.stringify({
        bench: 'people',
        date: new Date().toISOString(),
        rows: ROWS,
        cryptoRowsPerSecondPerCore: Math.round(crypto.rowsPerSecond),
        bareXlsxRowsPerSecond: Math.round(bare.rowsPerSecond),
        rawCopyRowsPerSecond: Math.round(copy.rowsPerSecond),
        xlsxImportRowsPerSecond: Math.round(xlsx.rowsPerSecond),
        xlsxImportRatio: +(xlsx.rowsPerSecond / bare.rowsPerSecond).toFixed(3),
        xlsxImportPeakRssMb: xlsx.maxRssMb,
        csvImportRowsPerSecond: Math.round(csv.rowsPerSecond),
        csvImportRatio: +(csv.rowsPerSecond / copy.rowsPerSecond).toFixed(3),
        pgliteRows: pglite.rows,
        pgliteImportRatio: +(pglite.rowsPerSecond / bareSmall.rowsPerSecond).toFixed(3),
        searchP95Ms: { name: +search.name.p95.toFixed(1), initials: +search.initials.p95.toFixed(1), phone: +search.phone.p95.toFixed(1), primaryKey: +search.primaryKey.p95.toFixed(2) },
        dupScanSeconds: +scan.seconds.toFixed(1),
        dupScanPairs: scan.found,
      }),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
