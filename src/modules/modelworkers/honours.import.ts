/**
 * 荣誉名单导入: a union's existing list of model workers' honours (.xlsx) moved in. Every row is
 * checked — the worker must be in the registry of the importer's subtree under that name, the level
 * known, the year not in the future, a certificate number not taken within its level (in the
 * database or by an earlier row), every field by the honour form's own rules — then all rows are
 * written in one transaction or none. An honour the person already has (same level and year) is
 * skipped, so importing the same sheet twice changes nothing. The 劳模 tags follow in the database.
 */
import type { Db } from '../../server/db.ts';
import type { FieldCipher } from '../../server/crypto.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import { dataRows, labelLookup, mapHeader, rowErrors, tooManyRows, type DataRow, type SheetRow } from '../../server/imports.ts';
import { chinaToday } from '../../shared/dates.ts';
import { parseIdNumber } from '../../shared/idcard.ts';
import { recordAudit } from '../audit/index.ts';
import { idIndex } from '../people/index.ts';
import * as repo from './modelworkers.repository.ts';
import {
  HONOUR_IMPORT_COLUMNS,
  HONOUR_LEVELS,
  HONOUR_LEVEL_ALIASES,
  HONOUR_LEVEL_LABELS,
  HONOUR_LEVEL_TAGS,
  HonourInput,
  type HonourImportKey,
  type HonourImportResult,
} from './modelworkers.contract.ts';

const MAX_ROWS = 10_000;

const LEVEL_BY_LABEL = labelLookup(HONOUR_LEVEL_LABELS, {
  ...HONOUR_LEVEL_ALIASES,
  ...Object.fromEntries(HONOUR_LEVELS.map((l) => [HONOUR_LEVEL_TAGS[l], l])),
});
const BENEFITS: Record<string, boolean> = { 是: true, 享受: true, Y: true, y: true, 否: false, 不享受: false, N: false, n: false };
/** The honour form's field → the sheet's column (a problem found by the form's rules). */
const FIELD_COLUMN: Record<string, HonourImportKey> = {
  level: 'level',
  year: 'year',
  awardingBody: 'awardingBody',
  certificateNo: 'certificateNo',
  withBenefits: 'withBenefits',
  note: 'note',
};

interface Planned {
  row: number;
  person: { id: number; name: string; org_id: number };
  input: HonourInput;
}

/** Checks the sheet and, with `apply` and no problem in any row, records its honours in one transaction. */
export async function importHonours(
  deps: { db: Db; cipher: FieldCipher },
  actor: Actor,
  rows: SheetRow[],
  opts: { apply: boolean },
): Promise<HonourImportResult> {
  authorize(actor, 'modelworkers:manage');
  const { db, cipher } = deps;
  const sheet = mapHeader(rows[0]?.cells ?? [], HONOUR_IMPORT_COLUMNS);
  if (sheet.errors.length) return { applied: false, rows: 0, created: 0, skipped: 0, errors: sheet.errors };
  const body = dataRows(rows);
  if (body.length > MAX_ROWS) return { applied: false, rows: body.length, created: 0, skipped: 0, errors: [tooManyRows(body.length, MAX_ROWS)] };
  const errors = rowErrors(HONOUR_IMPORT_COLUMNS);
  const { cell } = sheet;
  const today = chinaToday();

  // ID numbers first, looked up in one query; a number cell that lost digits is reported, not looked up.
  const spoiled = body.map((r) => sheet.spoiled(r, errors));
  const keys = body.map((r, i) => {
    if (spoiled[i]!.has('idNumber')) return null;
    const parsed = parseIdNumber(cell(r.cells, 'idNumber'), today);
    if (!parsed.ok) errors.add(r.row, 'idNumber', parsed.message);
    return parsed.ok ? idIndex(cipher, parsed.number) : null;
  });
  const found = new Map((await repo.personsByIdIndex(db, scopeOf(actor), [...new Set(keys.filter((k): k is string => !!k))])).map((p) => [p.bidx, p]));

  const checkRow = (r: DataRow, i: number): HonourInput | null => {
    const before = errors.list.length;
    const text = (k: HonourImportKey) => cell(r.cells, k);
    const levelText = text('level');
    const level = LEVEL_BY_LABEL.get(levelText.replace(/\s/g, ''));
    if (!level) errors.add(r.row, 'level', `无法识别的荣誉等级「${levelText}」，应为：${HONOUR_LEVELS.map((l) => HONOUR_LEVEL_LABELS[l]).join('、')}`);
    const yearText = text('year').replace(/年$/, '');
    const year = /^\d{4}$/.test(yearText) ? Number(yearText) : undefined;
    if (year === undefined) errors.add(r.row, 'year', '授予年份应为四位数的年份，如 2015');
    const benefitsText = text('withBenefits');
    const withBenefits = benefitsText ? BENEFITS[benefitsText] : true;
    if (withBenefits === undefined) errors.add(r.row, 'withBenefits', '享受待遇应填“是”或“否”（不填按“是”）');
    if (errors.list.length > before) return null;
    const parsed = HonourInput.safeParse({
      level,
      year,
      awardingBody: text('awardingBody'),
      certificateNo: spoiled[i]!.has('certificateNo') ? null : text('certificateNo') || null,
      withBenefits,
      note: text('note') || null,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = FIELD_COLUMN[String(issue.path[0])];
        if (key) errors.add(r.row, key, issue.message);
      }
      return null;
    }
    return errors.list.length > before ? null : parsed.data;
  };

  const candidates: Planned[] = [];
  for (const [i, r] of body.entries()) {
    const key = keys[i];
    const person = key ? found.get(key) : undefined;
    if (key && !person) errors.add(r.row, 'idNumber', '职工档案中没有此人（或不在本单位及下级），请先登记职工档案');
    if (person && !spoiled[i]!.has('name') && cell(r.cells, 'name') !== person.name)
      errors.add(r.row, 'name', `姓名与职工档案不一致（档案为“${person.name}”）`);
    const input = checkRow(r, i);
    if (person && input) candidates.push({ row: r.row, person, input });
  }

  // Within the file: the same honour twice, a certificate number twice in a level. Then against the database.
  const existing = await repo.existingHonours(
    db,
    [...new Set(candidates.map((c) => c.person.id))],
    candidates.flatMap((c) => (c.input.certificateNo ? [{ level: c.input.level, no: c.input.certificateNo }] : [])),
  );
  const seenHonour = new Map<string, number>();
  const seenCertificate = new Map<string, number>();
  const planned: Planned[] = [];
  let skipped = 0;
  for (const c of candidates) {
    const honourKey = `${c.person.id}|${c.input.level}|${c.input.year}`;
    const certKey = c.input.certificateNo ? `${c.input.level}|${c.input.certificateNo}` : null;
    if (seenHonour.has(honourKey)) {
      errors.add(c.row, 'year', `与第 ${seenHonour.get(honourKey)} 行是同一人同一年度的同一等级荣誉`);
      continue;
    }
    seenHonour.set(honourKey, c.row);
    if (certKey && seenCertificate.has(certKey)) {
      errors.add(c.row, 'certificateNo', `与第 ${seenCertificate.get(certKey)} 行的证书编号相同（同一等级的证书编号不能重复）`);
      continue;
    }
    if (certKey) seenCertificate.set(certKey, c.row);
    if (existing.own.has(honourKey)) {
      skipped++;
      continue;
    }
    if (certKey && existing.taken.has(certKey)) {
      errors.add(c.row, 'certificateNo', `证书编号「${c.input.certificateNo}」已登记在另一项${HONOUR_LEVEL_LABELS[c.input.level]}荣誉上`);
      continue;
    }
    planned.push(c);
  }

  const result = { rows: body.length, skipped };
  if (errors.list.length || !opts.apply || !planned.length) {
    return { applied: false, ...result, created: opts.apply ? 0 : planned.length, errors: errors.list.sort((a, b) => a.row - b.row) };
  }
  await db.transaction(async (tx) => {
    await repo.insertHonours(
      tx,
      planned.map((p) => ({ personId: p.person.id, ...p.input, createdBy: actor.accountId })),
    );
    await recordAudit(tx, actor, {
      action: 'modelworker.import',
      entity: 'model_worker',
      orgId: actor.orgId,
      summary: `导入劳模荣誉名单：新增 ${planned.length} 项，已登记跳过 ${skipped} 项`,
      after: { rows: body.length, created: planned.length, skipped },
    });
  });
  return { applied: true, ...result, created: planned.length, errors: [] };
}
