/**
 * Roster import, as a background job: upload → column mapping → check (parse in this thread,
 * validate and encrypt in worker threads, COPY into staging, match set-based) → the user reads the
 * summary and the error sheet → apply, all rows in one transaction, or nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, Db, DbOrTx } from '../../server/db.ts';
import type { FieldCipher } from '../../server/crypto.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { scopeOf, type Scope } from '../../server/scope.ts';
import { Conflict, Invalid, NotFound, pgErrorOf } from '../../server/errors.ts';
import {
  matchColumns,
  missingColumns,
  sheetFormatOf,
  sheetTooLarge,
  unreadableSheet,
  type ImportColumn,
  type RowProblems,
  type SheetFormat,
} from '../../server/imports.ts';
import { storageMessages } from '../../server/cells.ts';
import { chinaToday } from '../../shared/dates.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgInScope } from '../orgs/index.ts';
import {
  getJob,
  progressReporter,
  runJob,
  startJob,
  transitionJob,
  findJob,
  updateJob,
  expireWaitingJobs,
  findActiveJobIds,
  type JobRow,
} from '../jobs/index.ts';
import * as repo from './people-import.repository.ts';
import { scanDuplicates } from './duplicates.repository.ts';
import { IMPORT_COPY_COLUMNS } from './people-import.schema.ts';
import { readRoster, sniffEncoding, type RosterFormat, type SheetRow } from './import/readers.ts';
import { RowCheckPool } from './import/worker-pool.ts';
import { PERSON_IMPORT_FIELDS, type ImportMapping, type ImportSummary, type ImportUpload, type PersonImportField } from './people-import.contract.ts';

export const IMPORT_KIND = 'people-import';
export const MAX_IMPORT_BYTES = 300 * 1024 * 1024;
const BATCH = 2000;

export interface ImportDeps {
  db: Db;
  cipher: FieldCipher;
  copyInto: Database['copyInto'];
  dataDir: string;
  /** From this many new people up, and at least as many as are registered, apply rebuilds the indexes (Config.importBulkMinRows). */
  bulkLoadMinRows: number;
}

interface ImportParams {
  fileName: string;
  filePath: string;
  format: RosterFormat;
  encoding: 'utf-8' | 'gb18030' | null;
  headers: string[];
  mapping?: ImportMapping;
  /** The union the importer chose for new people whose 所属工会 is blank; none: such a row is an error. */
  defaultOrgId?: number;
  actor?: { orgPath: string; orgId: number };
}

const ROSTER_FORMATS: readonly SheetFormat[] = ['xlsx', 'csv'];
const ROSTER_COLUMNS: readonly ImportColumn<PersonImportField>[] = PERSON_IMPORT_FIELDS.map((f) => ({
  key: f.key,
  header: f.label,
  required: f.required,
  aliases: f.aliases,
}));

/** The problems of cells whose storage lost what staff typed (an ID number from a number cell …), counted for the check's summary. */
const CELL_FORMAT_MESSAGES = ROSTER_COLUMNS.flatMap((c) => storageMessages(c.header));

const BLANK_ORG = '所属工会为空：请填写所属工会，或在导入时选择“所属工会为空的行导入到”哪个工会';

/** The usual Chinese headers → fields: exact names first, then headers that contain a known name (the user confirms them). */
export function suggestMapping(headers: string[]): ImportMapping {
  return matchColumns(headers, ROSTER_COLUMNS, { partial: true });
}

/** Saves an uploaded roster to disk (streamed), reads its header and first rows, proposes a mapping. */
export async function uploadRoster(
  deps: ImportDeps,
  actor: Actor,
  file: { filename: string; stream: Readable; truncated: () => boolean },
): Promise<ImportUpload> {
  authorize(actor, 'person:import');
  const dir = path.join(deps.dataDir, 'imports');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = path.join(dir, `upload-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  try {
    await pipeline(file.stream, fs.createWriteStream(tmp, { mode: 0o600 }));
    if (file.truncated()) throw sheetTooLarge(MAX_IMPORT_BYTES);
    const head = Buffer.alloc(8);
    const fd = fs.openSync(tmp, 'r');
    fs.readSync(fd, head, 0, 8, 0);
    fs.closeSync(fd);
    const format: RosterFormat = sheetFormatOf(file.filename, head, ROSTER_FORMATS);
    const encoding = format === 'csv' ? await sniffEncoding(tmp) : null;
    const rows: string[][] = [];
    try {
      for await (const { cells } of readRoster(tmp, format, encoding)) {
        rows.push(cells);
        if (rows.length >= 6) break;
      }
    } catch {
      throw unreadableSheet(ROSTER_FORMATS);
    }
    const headers = rows[0] ?? [];
    if (!headers.some((h) => h)) throw Invalid.field('file', '第一行应为表头（姓名、身份证号等），但它是空的');
    const job = await startJob(deps.db, actor, IMPORT_KIND, {});
    const filePath = path.join(dir, `${job.id}.${format}`);
    fs.renameSync(tmp, filePath);
    const params: ImportParams = { fileName: file.filename, filePath, format, encoding, headers };
    await updateJob(deps.db, job.id, { params, status: 'waiting', phase: '对应列', message: `已上传 ${file.filename}` });
    return { jobId: job.id, fileName: file.filename, format, encoding, headers, sample: rows.slice(1), mapping: suggestMapping(headers) };
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

async function loadImportJob(db: Db, actor: Actor, id: string) {
  authorize(actor, 'person:import');
  const job = await getJob(db, actor, id);
  if (job.kind !== IMPORT_KIND) throw new NotFound('导入任务');
  return job as JobRow & { params: ImportParams };
}

/**
 * Starts checking every row with the chosen mapping; the job reports progress until it waits for
 * the user. New people with a blank 所属工会 go to `defaultOrgId` when the importer chose one, and
 * are errors otherwise: nobody lands in a union nobody picked.
 */
export async function startCheck(
  deps: ImportDeps,
  actor: Actor,
  { id, mapping, defaultOrgId }: { id: string; mapping: ImportMapping; defaultOrgId?: number | null },
  log: FastifyBaseLogger,
) {
  const job = await loadImportJob(deps.db, actor, id);
  if (job.status !== 'waiting' || job.phase !== '对应列') throw new Conflict('该导入已开始检查或已结束');
  const [unmapped] = missingColumns(ROSTER_COLUMNS, mapping);
  if (unmapped) throw Invalid.field(`mapping.${unmapped.key}`, `请为「${unmapped.header}」选择对应的列`);
  if ((mapping.org ?? null) === null && !defaultOrgId) throw Invalid.field('defaultOrgId', '表格没有“所属工会”列，请选择这些人员导入到哪个工会');
  const defaultOrg = defaultOrgId ? await findOrgInScope(deps.db, actor, defaultOrgId, 'defaultOrgId') : undefined;
  const params: ImportParams = { ...job.params, mapping, defaultOrgId: defaultOrg?.id, actor: { orgPath: actor.orgPath, orgId: actor.orgId } };
  const started = await transitionJob(deps.db, id, 'waiting', { status: 'running', phase: '检查', params, done: 0, total: null, message: '正在逐行检查' });
  if (!started) throw new Conflict('该导入已开始检查');
  runJob({ db: deps.db, log }, id, () => runCheck(deps, actor, started as JobRow & { params: ImportParams }), { failMessage: '检查时出错，请重新上传' });
  return started;
}

class Cancelled extends Error {}

/**
 * Checked batches on their way from the workers to the COPY stream, put back in file order (the
 * staging table then holds rows in the order of the sheet, and so will `persons`). At most `max`
 * batches are out — handed to a worker and not yet taken by the COPY — which bounds memory; the
 * producer waits in `reserve` for room. Any failure, or the consumer stopping, stops both sides.
 */
class OrderedBatches<T> {
  private readonly done = new Map<number, { item: T; count: number }>();
  private nextSeq = 0;
  private nextOut = 0;
  private closed = false;
  private stopped: Error | undefined;
  private wakeConsumer: (() => void) | undefined;
  private wakeProducer: (() => void) | undefined;
  constructor(private readonly max: number) {}

  /** A sequence number for the next batch, once there is room for it. */
  async reserve(): Promise<number> {
    while (!this.stopped && this.nextSeq - this.nextOut >= this.max) await new Promise<void>((r) => (this.wakeProducer = r));
    if (this.stopped) throw this.stopped;
    return this.nextSeq++;
  }
  put(seq: number, item: T, count: number) {
    this.done.set(seq, { item, count });
    this.wake();
  }
  close() {
    this.closed = true;
    this.wake();
  }
  fail(err: Error) {
    this.stopped ??= err;
    this.wake();
  }
  private wake() {
    const c = this.wakeConsumer;
    const p = this.wakeProducer;
    this.wakeConsumer = this.wakeProducer = undefined;
    c?.();
    p?.();
  }
  async *[Symbol.asyncIterator]() {
    try {
      for (;;) {
        if (this.stopped) throw this.stopped;
        const next = this.done.get(this.nextOut);
        if (next) {
          this.done.delete(this.nextOut++);
          this.wake();
          yield next;
        } else if (this.closed && this.nextOut === this.nextSeq) return;
        else await new Promise<void>((r) => (this.wakeConsumer = r));
      }
    } finally {
      this.fail(new Cancelled());
    }
  }
}

async function runCheck(deps: ImportDeps, actor: Actor, job: JobRow & { params: ImportParams }) {
  const { db } = deps;
  const p = job.params;
  const report = progressReporter(db, job.id);
  const [orgIndex, occupations] = await Promise.all([repo.orgIndex(db, scopeOf(actor)), repo.occupationIndex(db)]);
  const pool = new RowCheckPool({
    key: new Uint8Array(deps.cipher.master),
    today: chinaToday(),
    jobId: job.id,
    mapping: p.mapping!,
    orgs: orgIndex,
    occupations,
  });
  let share = 0;
  let rows = 0;
  let batches = 0;
  try {
    const source = readRoster(p.filePath, p.format, p.encoding, (s) => (share = s));
    // Parsing (this thread) runs ahead of the checks (workers) by a few batches per worker and does
    // not wait for the database: checked batches queue up, in file order, for the COPY stream.
    const queue = new OrderedBatches<Uint8Array>(pool.size * 4);
    // The file's own duplicate ID numbers: each good row's key prefix is remembered with its row,
    // and the rows of a prefix seen twice go to the database, which compares just their full keys.
    const firstRowOfKey = new Map<number, number>();
    const rowsToCompare = new Set<number>();
    const produce = (async () => {
      let batch: SheetRow[] = [];
      let first = true;
      const submit = async () => {
        const rowsOfBatch = batch;
        batch = [];
        const seq = await queue.reserve();
        pool.check(rowsOfBatch).then(
          (r) => {
            const keys = r.keys;
            for (let k = 0; k < keys.length; k += 2) {
              const first = firstRowOfKey.get(keys[k]!);
              if (first === undefined) firstRowOfKey.set(keys[k]!, keys[k + 1]!);
              else rowsToCompare.add(first).add(keys[k + 1]!);
            }
            queue.put(seq, r.lines, r.rows);
          },
          (err: Error) => queue.fail(err),
        );
      };
      for await (const row of source) {
        if (first) {
          first = false; // the header
          continue;
        }
        if (row.cells.every((c) => c === '')) continue;
        batch.push(row);
        if (batch.length === BATCH) await submit();
      }
      if (batch.length) await submit();
      queue.close();
    })().catch((err: Error) => queue.fail(err));
    async function* lines() {
      for await (const { item, count } of queue) {
        rows += count;
        // Row count is known only at the end: estimate it from the share of the file read.
        const total = share > 0 ? Math.max(rows, Math.round(rows / share)) : null;
        await report({ done: rows, total });
        if (++batches % 25 === 0 && (await findJob(db, job.id))?.status === 'cancelled') throw new Cancelled();
        yield item;
      }
      await produce;
    }
    await deps.copyInto('people_import_rows', [...IMPORT_COPY_COLUMNS], lines());
    firstRowOfKey.clear();
    await report({ done: rows, total: rows, phase: '比对', message: '正在与已有档案比对' }, true);
    await db.transaction(async (tx) => {
      await repo.matchStagedRows(tx, job.id, scopeOf(actor), [...rowsToCompare]);
      if (p.defaultOrgId === undefined) await repo.refuseBlankOrg(tx, job.id, BLANK_ORG);
    });
    const counts = await repo.countStaged(db, job.id);
    if (counts.rows === 0) throw new Invalid('表格中没有数据行');
    const known = counts.unchanged + counts.update;
    const cellFormat = await repo.countStagedProblems(db, job.id, CELL_FORMAT_MESSAGES);
    const summary: ImportSummary = { ...counts, mostlyExisting: counts.update > 0 && known * 2 > known + counts.new, applied: null, cellFormat };
    await transitionJob(db, job.id, 'running', {
      status: 'waiting',
      phase: '待确认',
      done: counts.rows,
      total: counts.rows,
      result: summary,
      message: counts.errorRows ? `有 ${counts.errorRows} 行错误，请下载错误报告改正后重新上传` : '检查通过，请确认导入',
    });
  } catch (err) {
    await repo.deleteStaged(db, job.id);
    if (err instanceof Cancelled) return;
    throw err;
  } finally {
    await pool.close();
  }
}

/** Applies a checked import: new people, updates (confirmed when most rows are known), memberships — all or none. */
export async function startApply(deps: ImportDeps, actor: Actor, { id, confirmUpdates }: { id: string; confirmUpdates: boolean }, log: FastifyBaseLogger) {
  const job = await loadImportJob(deps.db, actor, id);
  const summary = job.result as ImportSummary | null;
  if (job.status !== 'waiting' || job.phase !== '待确认' || !summary) throw new Conflict('该导入尚未检查完成或已经结束');
  if (summary.errorRows > 0) throw new Conflict(`还有 ${summary.errorRows} 行错误：表格不会部分导入，请改正后重新上传`);
  if (summary.mostlyExisting && !confirmUpdates) {
    throw new Conflict(`本文件大部分人员已在册（${summary.unchanged + summary.update} 人），其中 ${summary.update} 人的信息将被表中数据更新，请确认`);
  }
  const started = await transitionJob(deps.db, id, 'waiting', { status: 'running', phase: '写入', message: '正在写入' });
  if (!started) throw new Conflict('该导入正在写入或已经结束');
  runJob({ db: deps.db, log }, id, () => runApply(deps, actor, started as JobRow & { params: ImportParams }, summary, log).catch(registeredMeanwhile), {
    failMessage: '写入时出错，未导入任何数据，请重新上传',
    cleanUp: () => repo.deleteStaged(deps.db, id),
  });
  return started;
}

/** A unique ID or member number taken since the check: someone registered one of the sheet's people meanwhile. */
function registeredMeanwhile(err: unknown): never {
  if (pgErrorOf(err)?.code === '23505') throw new Conflict('检查之后又有人登记了表中的证件号码或会员编号，请重新上传检查');
  throw err;
}

async function runApply(deps: ImportDeps, actor: Actor, job: JobRow & { params: ImportParams }, summary: ImportSummary, log: FastifyBaseLogger) {
  const { db } = deps;
  const p = job.params;
  const today = chinaToday();
  const applied = await db.transaction(async (tx) => {
    let inserted = 0;
    if (summary.new) {
      // A load as large as the registry itself (the first roster of a province) rebuilds the
      // indexes instead of inserting into them, if the registry can be locked within a few seconds.
      const bulk = summary.new >= deps.bulkLoadMinRows && summary.new >= (await repo.estimatePersons(tx));
      const rebuilt = bulk && (await repo.withPersonsRebuilt(tx, 5000, async () => (inserted = await repo.insertNewPeople(tx, job.id, p.defaultOrgId, true))));
      if (!rebuilt) inserted = await repo.insertNewPeople(tx, job.id, p.defaultOrgId);
    }
    const updated = summary.update ? await repo.updateMatchedPeople(tx, job.id) : 0;
    // Memberships come from a 会员编号 or 入会日期 column; without either there is nothing to look for.
    const hasMembership = (p.mapping?.memberNo ?? null) !== null || (p.mapping?.joinedOn ?? null) !== null;
    const members = hasMembership ? await repo.insertMemberships(tx, job.id, today) : 0;
    await recordAudit(tx, actor, {
      action: 'import',
      entity: 'person',
      entityId: job.id,
      orgId: actor.orgId,
      summary: `导入职工名册「${p.fileName}」：新增 ${inserted} 人，更新 ${updated} 人，无变化 ${summary.unchanged} 人，新建会籍 ${members} 个`,
    });
    return { inserted, updated, members };
  });
  fs.rmSync(p.filePath, { force: true });
  const message = `已导入：新增 ${applied.inserted} 人，更新 ${applied.updated} 人`;
  const changed = applied.inserted + applied.updated > 0;
  const result: ImportSummary = { ...summary, applied, duplicates: changed ? null : { found: 0, likely: 0 } };
  await updateJob(db, job.id, { status: 'done', phase: '完成', result, message });
  runJob({ db, log }, job.id, () => afterApply(db, actor, job.id, result, message), {
    // The import stands; say that the comparison did not run, so staff can start it by hand.
    recordFailure: () => updateJob(db, job.id, { result: { ...result, duplicates: { found: 0, likely: 0, failed: true } } }),
  });
}

/**
 * What follows an applied import, once the user has it: the staged rows go, the planner learns the
 * new figures, and the people just registered are compared with the others — a typo in an ID
 * number, the same name and birth date — by the near-duplicate scan of the importer's subtree,
 * which queues the pairs for review and adds what it found to the job.
 */
async function afterApply(db: Db, actor: Actor, jobId: string, result: ImportSummary, message: string) {
  await repo.deleteStaged(db, jobId);
  const changed = result.applied!.inserted + result.applied!.updated;
  if (changed > 10_000) await repo.analyzePersons(db);
  if (!changed) return;
  const scan = await scanDuplicates(db, scopeOf(actor));
  await updateJob(db, jobId, {
    result: { ...result, duplicates: { found: scan.found, likely: scan.likely } },
    message: scan.found ? `${message}；发现 ${scan.found} 对疑似重复，请到「疑似重复」核对` : message,
  });
}

export async function cancelImport(deps: ImportDeps, actor: Actor, id: string) {
  const job = await loadImportJob(deps.db, actor, id);
  if (job.status === 'done' || job.status === 'failed' || job.status === 'cancelled') return job;
  if (job.phase === '写入') throw new Conflict('正在写入，不能取消');
  const row = await updateJob(deps.db, id, { status: 'cancelled', phase: '已取消', message: '已取消' });
  if (job.status === 'waiting') await repo.deleteStaged(deps.db, id);
  fs.rmSync(job.params.filePath, { force: true });
  return row!;
}

/**
 * The rows with errors, for the error sheet: row number, column, problem, and the row as it was.
 * The cells are read again from the uploaded file (kept until the import is applied or cancelled),
 * the one place that has every row as the sheet has it: the staging keeps only the checked values,
 * and some problems (a repeated ID number, a person outside the subtree) are found only there.
 */
export async function importErrors(db: Db, actor: Actor, id: string): Promise<{ headers: string[]; rows: RowProblems[] }> {
  const job = await loadImportJob(db, actor, id);
  const p = job.params;
  const staged = await repo.stagedErrors(db, id, 100_000);
  const cells = new Map<number, string[]>(staged.map((r) => [r.rowNo, []]));
  const last = staged.at(-1)?.rowNo ?? 0;
  if (last > 0 && fs.existsSync(p.filePath)) {
    for await (const row of readRoster(p.filePath, p.format, p.encoding)) {
      if (cells.has(row.rowNo)) cells.set(row.rowNo, row.cells);
      if (row.rowNo >= last) break;
    }
  }
  return { headers: p.headers, rows: staged.map((r) => ({ row: r.rowNo, errors: r.errors ?? [], raw: cells.get(r.rowNo) ?? [] })) };
}

/**
 * Housekeeping at start: imports nobody confirmed within a day are cancelled, their staged rows
 * and uploaded files removed (the staging of jobs that ended a day ago goes too).
 */
export async function cleanUpImports(db: Db, dataDir: string) {
  await expireWaitingJobs(db, 24);
  await repo.deleteStaleStaging(db);
  const dir = path.join(dataDir, 'imports');
  if (!fs.existsSync(dir)) return;
  const active = await findActiveJobIds(db);
  for (const f of fs.readdirSync(dir)) {
    if (!active.has(f.replace(/\.(xlsx|csv)$/, ''))) fs.rmSync(path.join(dir, f), { force: true });
  }
}

/**
 * The unions of a subtree by every name an import sheet may give them (full name, short name,
 * division or credit code): other modules' imports resolve their union column with it.
 */
export function importOrgIndex(db: DbOrTx, scope: Scope) {
  return repo.orgIndex(db, scope);
}
