/**
 * 体检结果 and 异常随访. Results come from the hospitals' sheets: each row one line of a person's
 * report, matched by ID number (its keyed hash) to a booking of the programme in the importer's
 * subtree. Rows are checked in memory, loaded by COPY into a staging table and matched set-based;
 * nothing is written unless every row is right. A booking with an abnormal line gets one follow-up
 * task and the worker a message. Reading results or follow-ups takes `health:results` and is
 * audited every time; statistics are counts only.
 */
import { randomUUID } from 'node:crypto';
import type { Database, Db, DbOrTx } from '../../server/db.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import { Conflict, NotFound } from '../../server/errors.ts';
import type { FieldCipher } from '../../server/crypto.ts';
import { dataRows, mapHeader, rowErrors, type SheetRow } from '../../server/imports.ts';
import { copyField } from '../../server/copy-format.ts';
import { addDays, chinaToday } from '../../shared/dates.ts';
import { parseIdNumber } from '../../shared/idcard.ts';
import type { ScheduleContext } from '../../server/module.ts';
import { recordAudit } from '../audit/index.ts';
import { idIndex } from '../people/index.ts';
import { notify } from '../messages/index.ts';
import { scopeOfOrg } from '../orgs/index.ts';
import * as repo from './health.repository.ts';
import { iso, readerScope, ruleDay, ruleScopes, visibleProgramme } from './health.service.ts';
import { judgeLine } from './results.flag.ts';
import {
  FOLLOWUP_STATUS_LABELS,
  RESULT_IMPORT_COLUMNS,
  type FollowupRow,
  type FollowupStatus,
  type ProgrammeStats,
  type ResultImportResult,
} from './health.contract.ts';

/** Rows one import takes (a county's whole year of reports: 10,000 people × 20 items). */
export const MAX_RESULT_ROWS = 200_000;
/** Days a follow-up is due after the results arrive. */
export const FOLLOWUP_DAYS = 30;
/** Errors reported at most (the first ones, in row order). */
const MAX_ERRORS = 500;

export interface ResultImportDeps {
  db: Db;
  cipher: FieldCipher;
  copyInto: Database['copyInto'];
}

const NOT_BOOKED = '该职工未预约本次体检（或不在本单位范围内），不能导入其结果';

/** The programme results may be imported into: the actor's to read, past its draft (404 / 409 before any file is read). */
export async function importTarget(db: DbOrTx, actor: Actor, programmeId: number) {
  authorize(actor, 'health:results');
  const g = await visibleProgramme(db, actor, programmeId);
  if (g.status === 'draft') throw new Conflict(`体检项目「${g.title}」尚未开放预约，不能导入结果`);
  return g;
}

/** 导入体检结果: check every row; with `apply`, write them all in one transaction or none. */
export async function importResults(
  deps: ResultImportDeps,
  actor: Actor,
  programmeId: number,
  rows: readonly SheetRow[],
  opts: { apply: boolean },
): Promise<ResultImportResult> {
  const { db } = deps;
  const g = await importTarget(db, actor, programmeId);
  const within = readerScope(actor, g);
  const sheet = mapHeader(rows[0]?.cells ?? [], RESULT_IMPORT_COLUMNS);
  const empty = { applied: false, rows: 0, abnormal: 0, followUps: 0 };
  if (sheet.errors.length) return { ...empty, errors: sheet.errors };
  const body = dataRows(rows);
  if (body.length > MAX_RESULT_ROWS)
    return { ...empty, rows: body.length, errors: [{ row: 1, column: '', message: `一次最多导入 ${MAX_RESULT_ROWS} 行，本文件有 ${body.length} 行` }] };
  const errors = rowErrors(RESULT_IMPORT_COLUMNS);
  const today = chinaToday();
  const importId = randomUUID();
  const lines: string[] = [];
  const bidxOf = new Map<string, string>();
  let abnormal = 0;
  for (const r of body) {
    const spoiled = sheet.spoiled(r, errors);
    const raw = sheet.cell(r.cells, 'idNumber');
    let bidx: string | undefined;
    if (!spoiled.has('idNumber')) {
      bidx = bidxOf.get(raw);
      if (!bidx) {
        const parsed = parseIdNumber(raw, today);
        if (!parsed.ok) errors.add(r.row, 'idNumber', raw ? parsed.message : '请填写身份证号');
        else {
          bidx = idIndex(deps.cipher, parsed.number);
          bidxOf.set(raw, bidx);
        }
      }
    }
    const item = sheet.cell(r.cells, 'item');
    const value = sheet.cell(r.cells, 'value');
    if (!item) errors.add(r.row, 'item', '请填写检查项目');
    else if (item.length > 60) errors.add(r.row, 'item', '检查项目不能超过 60 个字');
    if (!value) errors.add(r.row, 'value', '请填写结果');
    else if (value.length > 500) errors.add(r.row, 'value', '结果不能超过 500 个字');
    const unit = sheet.cell(r.cells, 'unit');
    const range = sheet.cell(r.cells, 'range');
    const flag = sheet.cell(r.cells, 'flag');
    const verdict = judgeLine(value, range, flag);
    if ('problem' in verdict) errors.add(r.row, 'flag', verdict.problem);
    if (errors.list.length || !bidx || 'problem' in verdict) continue;
    if (verdict.abnormal) abnormal++;
    lines.push(
      `${importId}\t${r.row}\t${bidx}\t${copyField(item)}\t${copyField(value)}\t${copyField(unit || null)}\t${copyField(range || null)}\t${copyField(flag || null)}\t${verdict.abnormal ? 't' : 'f'}\n`,
    );
  }
  const result = (more: Partial<ResultImportResult>): ResultImportResult => ({
    ...empty,
    rows: body.length,
    abnormal,
    errors: errors.list.slice(0, MAX_ERRORS),
    ...more,
  });
  if (errors.list.length) return result({});
  if (!body.length) return result({ errors: [{ row: 2, column: '', message: '表中没有数据行' }] });

  await deps.copyInto('health_result_staging', ['import_id', 'row_no', 'id_bidx', 'item', 'value', 'unit', 'range', 'flag', 'abnormal'], chunked(lines));
  try {
    await repo.analyzeStaging(db);
    const problems = await repo.stagingProblems(db, importId, g.id, within, MAX_ERRORS);
    if (problems.length) {
      const e = rowErrors(RESULT_IMPORT_COLUMNS);
      for (const p of problems) {
        if (p.problem === 'not_booked') e.add(p.row_no, 'idNumber', NOT_BOOKED);
        else e.add(p.row_no, 'item', '同一职工的同一检查项目在表中重复出现');
      }
      return result({ errors: e.list });
    }
    if (!opts.apply) return result({});
    return await db.transaction(async (tx) => {
      // Status changes wait for the import, and the import for them.
      if ((await repo.lockProgramme(tx, g.id)) === 'draft') throw new Conflict(`体检项目「${g.title}」尚未开放预约，不能导入结果`);
      const written = await repo.applyStaging(tx, importId, g.id);
      const opened = await repo.openFollowups(tx, importId, g.id, addDays(today, FOLLOWUP_DAYS));
      // The workers are told by the follow-up schedule (REMIND_FOLLOWUPS), outside this transaction.
      await recordAudit(tx, actor, {
        action: 'health.results_import',
        entity: 'health_programme',
        entityId: g.id,
        orgId: actor.orgId,
        summary: `「${g.title}」导入体检结果 ${written.n} 行，其中异常 ${written.abnormal} 行，新建随访 ${opened.length} 个`,
      });
      return result({ applied: true, abnormal: written.abnormal, followUps: opened.length });
    });
  } finally {
    await repo.clearStaging(db, importId);
  }
}

/** COPY input in chunks of lines (~1 MB each). */
async function* chunked(lines: readonly string[]) {
  let buf: string[] = [];
  let size = 0;
  for (const l of lines) {
    buf.push(l);
    size += l.length;
    if (size > 1_000_000) {
      yield buf.join('');
      buf = [];
      size = 0;
    }
  }
  if (buf.length) yield buf.join('');
}

/** 查看体检结果: one booking's lines; the read is audited. */
export async function bookingResults(db: Db, actor: Actor, bookingId: number) {
  authorize(actor, 'health:results');
  const b = await repo.bookingIn(db, scopeOf(actor), bookingId);
  if (!b) throw new NotFound('预约');
  const lines = await repo.resultsOf(db, bookingId);
  await db.transaction((tx) =>
    recordAudit(tx, actor, {
      action: 'health.results_read',
      entity: 'health_booking',
      entityId: bookingId,
      orgId: b.org_id,
      summary: `查看${b.name}（${b.id_masked}）的体检结果 ${lines.length} 项`,
    }),
  );
  return { bookingId, name: b.name, lines };
}

function presentFollowup(f: repo.FollowupDbRow): FollowupRow {
  return {
    id: f.id,
    bookingId: f.booking_id,
    programmeId: f.programme_id,
    programmeTitle: f.programme_title,
    personId: f.person_id,
    name: f.name,
    orgName: f.org_name,
    findings: f.findings,
    status: f.status,
    dueOn: f.due_on,
    note: f.note,
    remindedAt: iso(f.reminded_at),
    createdAt: iso(f.created_at)!,
  };
}

/** 异常随访: follow-ups in the actor's subtree; the list names findings, so it is audited too. */
export async function listFollowups(db: Db, actor: Actor, q: { status?: FollowupStatus; programmeId?: number; page: number; pageSize: number }) {
  authorize(actor, 'health:results');
  const { rows, total } = await repo.listFollowups(db, scopeOf(actor), { ...q, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  if (rows.length) {
    await db.transaction((tx) =>
      recordAudit(tx, actor, {
        action: 'health.followups_read',
        entity: 'health_followup',
        entityId: null,
        orgId: actor.orgId,
        summary: `查看异常随访名单 ${rows.length} 条（${q.status ? FOLLOWUP_STATUS_LABELS[q.status] : '全部'}）：${rows.map((r) => r.id).join('、')}`,
      }),
    );
  }
  return { items: rows.map(presentFollowup), total, page: q.page, pageSize: q.pageSize };
}

async function followupIn(tx: DbOrTx, actor: Actor, id: number) {
  const f = await repo.followupIn(tx, scopeOf(actor), id);
  if (!f) throw new NotFound('随访');
  return f;
}

/** 完成随访: with what was found or done. */
export async function closeFollowup(db: Db, actor: Actor, id: number, note: string) {
  authorize(actor, 'health:results');
  await db.transaction(async (tx) => {
    const f = await followupIn(tx, actor, id);
    if (!(await repo.closeFollowup(tx, id, note, actor.accountId))) throw new Conflict(`${f.name}的随访已完成`);
    await recordAudit(tx, actor, {
      action: 'health.followup_done',
      entity: 'health_followup',
      entityId: id,
      orgId: actor.orgId,
      summary: `完成${f.name}的体检异常随访`,
    });
  });
  return presentFollowup((await repo.followupIn(db, scopeOf(actor), id))!);
}

/** 提醒: a message to the worker's portal inbox (and phone) now. */
export async function remindFollowup(db: Db, actor: Actor, id: number) {
  authorize(actor, 'health:results');
  await db.transaction(async (tx) => {
    const f = await followupIn(tx, actor, id);
    if (f.status !== 'open') throw new Conflict(`${f.name}的随访已完成，无需提醒`);
    await sendReminder(tx, { id, person_id: f.person_id, programme_title: f.programme_title }, true);
    await recordAudit(tx, actor, {
      action: 'health.followup_remind',
      entity: 'health_followup',
      entityId: id,
      orgId: actor.orgId,
      summary: `提醒${f.name}体检异常复查`,
    });
  });
  return presentFollowup((await repo.followupIn(db, scopeOf(actor), id))!);
}

async function sendReminder(tx: DbOrTx, f: { id: number; person_id: number; programme_title: string; findings?: string; first?: boolean }, sms: boolean) {
  await notify(
    tx,
    f.first
      ? {
          to: { personId: f.person_id },
          kind: 'health.followup',
          title: '体检结果提示：请关注异常项目',
          body: `您在「${f.programme_title}」中的体检结果有需要关注的项目（${f.findings ?? ''}）。请持体检报告到医院复查或咨询医生，工会将在 ${FOLLOWUP_DAYS} 天内与您联系随访。`,
          link: '/m/health',
          sms,
          dedupeKey: `health.followup.${f.id}`,
        }
      : {
          to: { personId: f.person_id },
          kind: 'health.followup_reminder',
          title: '复查提醒',
          body: `您在「${f.programme_title}」中的体检结果有需要关注的项目，请尽快到医院复查；如已复查，请告知所在工会。`,
          link: '/m/health',
          sms,
          dedupeKey: `health.followup_reminder.${f.id}.${chinaToday()}`,
        },
  );
  await repo.markReminded(tx, f.id);
}

/**
 * Telling workers of their abnormal findings: a follow-up just opened by an import gets its first
 * notice within minutes (outside the import's transaction, so a large import stays one fast load),
 * and one still open past its due day a reminder once a week.
 */
export const REMIND_FOLLOWUPS = {
  name: 'health.remind_followups',
  everyMinutes: 10,
  run: async ({ db }: Pick<ScheduleContext, 'db'>) => {
    for (;;) {
      const due = await repo.dueFollowups(db, chinaToday(), 500);
      if (!due.length) return;
      await db.transaction(async (tx) => {
        for (const f of due) await sendReminder(tx, f, true);
      });
      if (due.length < 500) return;
    }
  },
};

// ---- Statistics ---------------------------------------------------------------------------------

function presentFigure(r: repo.FigureRow) {
  return { key: r.key ?? '', label: r.label ?? '', audience: r.audience, booked: r.booked, done: r.done, abnormal: r.abnormal, followedUp: r.followed_up };
}

/** 统计: coverage and abnormal findings by occupation and by child union, counts only. */
export async function programmeStats(db: Db, actor: Actor, programmeId: number, q: { orgId?: number }): Promise<ProgrammeStats> {
  authorize(actor, 'health:read');
  const g = await visibleProgramme(db, actor, programmeId);
  let within = readerScope(actor, g);
  if (q.orgId) {
    const org = await scopeOfOrg(db, actor, q.orgId, 'orgId');
    if (!org.path.startsWith(within.path)) throw new NotFound('单位', 'orgId');
    within = org;
  }
  const scopes = await ruleScopes(db, null, { path: g.org_path }, g.audience);
  const day = ruleDay(g);
  const [total, byOccupation, byOrg] = await Promise.all([
    repo.figures(db, g.id, within, g.audience, scopes, day, 'total'),
    repo.figures(db, g.id, within, g.audience, scopes, day, 'occupation'),
    repo.figures(db, g.id, within, g.audience, scopes, day, 'org'),
  ]);
  const none = { key: 'total', label: '合计', audience: 0, booked: 0, done: 0, abnormal: 0, followed_up: 0 };
  return { total: presentFigure(total[0] ?? none), byOccupation: byOccupation.map(presentFigure), byOrg: byOrg.map(presentFigure) };
}
