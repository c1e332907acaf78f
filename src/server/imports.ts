/**
 * Spreadsheet imports: the pieces every .xlsx import shares, so that a module's import is its
 * columns and its row rules. The org, hardship-ledger and roster imports use them. A new import
 * (stations, model workers' honours, health results, mutual-aid enrolments …) is put together
 * like the hardship ledger's (`modules/hardship/hardship.import.ts`, `ledger.routes.ts`):
 *
 * 1. Contract: the columns, `{ key, header, required, aliases? }[]` (`ImportColumn`): `header` as
 *    the template writes it, `aliases` the headers staff's own sheets use for the same column;
 *    and a result whose `errors` are `{ row, column, message }[]` (`ImportRowError`).
 * 2. Routes: `const { rows } = await receiveSheet(req)`: one .xlsx (the name and the bytes must
 *    agree; an old .xls is told to be saved as .xlsx), at most 20 MB, read into rows of cell text
 *    with how each number or formula cell was stored (`SheetRow`); every refusal is a Chinese
 *    message on the `file` field. The template:
 *    `sendImportTemplate(reply, '…导入模板', COLUMNS, [exampleRow])` (required headers marked *).
 * 3. Use case (check and apply are one function; apply writes only when no row has a problem):
 *    ```
 *    const sheet = mapHeader(rows[0]?.cells ?? [], COLUMNS); // 缺少「身份证号」列 … in sheet.errors
 *    if (sheet.errors.length) return { applied: false, …, errors: sheet.errors };
 *    const body = dataRows(rows); // numbered as Excel shows them, blank rows left out
 *    if (body.length > MAX_ROWS) return { applied: false, …, errors: [tooManyRows(body.length, MAX_ROWS)] };
 *    const errors = rowErrors(COLUMNS);
 *    for (const r of body) {
 *      // ID numbers, phones, accounts from number cells (digits lost), names from formulas:
 *      const spoiled = sheet.spoiled(r, errors); // reported; read the others
 *      const on = normaliseDate(sheet.cell(r.cells, 'awardedOn'));
 *      if (!on) errors.add(r.row, 'awardedOn', '授予日期应为日期（格式：2025-12-17）');
 *    }
 *    if (errors.list.length || !apply) return { applied: false, …, errors: errors.list };
 *    ```
 *    Cell text is read with `normaliseDate`, `fenOfYuan` and `labelLookup` (`cells.ts`).
 *    The page shows the result with `web/components/ImportCheckPanel.tsx`.
 * 4. An import checked as a background job (the roster, whose files are too large for one
 *    request) keeps each row's problems and offers them for download: `sendErrorSheet`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parse as parseCsv } from 'csv-parse/sync';
import { Invalid } from './errors.ts';
import { megabytes, receiveUpload } from './uploads.ts';
import { readSheet, sendXlsx } from './xlsx.ts';

import { cellRuleOf, storageProblem, type SheetRow } from './cells.ts';

export { fenOfYuan, labelLookup, normaliseDate, type SheetRow } from './cells.ts';

// ---- The upload ---------------------------------------------------------------------------------

export type SheetFormat = 'xlsx' | 'csv';

/** Sheets read in one request (in memory): the org and ledger imports. */
export const MAX_SHEET_BYTES = 20 * 1024 * 1024;

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/**
 * An uploaded sheet's format, from its first bytes; its name must agree (a zip named anything but
 * .xlsx — a .docx, an .apk — is refused here, not by the reader).
 */
export function sheetFormatOf(filename: string, head: Buffer, accept: readonly SheetFormat[] = ['xlsx']): SheetFormat {
  // Excel 97–2003 files are OLE compound documents: tell staff how to get an .xlsx from one.
  if (head.subarray(0, 4).equals(OLE_MAGIC)) throw Invalid.field('file', '这是旧版 Excel（.xls）文件：请在 Excel 或 WPS 中另存为 .xlsx 后再导入');
  // .xlsx is a zip.
  const zip = head.subarray(0, 2).toString('latin1') === 'PK';
  if (zip && /\.xlsx$/i.test(filename)) return 'xlsx';
  if (!zip && accept.includes('csv') && /\.(csv|txt)$/i.test(filename)) return 'csv';
  throw Invalid.field('file', accept.includes('csv') ? '只支持 Excel .xlsx 和 CSV 文件' : '只支持 Excel 2007 及以上的 .xlsx 文件');
}

const tooLargeMessage = (maxBytes: number) => `文件超过 ${megabytes(maxBytes)}，请拆分后导入`;

export function sheetTooLarge(maxBytes: number) {
  return Invalid.field('file', tooLargeMessage(maxBytes));
}

export function unreadableSheet(accept: readonly SheetFormat[] = ['xlsx']) {
  return Invalid.field('file', `无法读取该文件，请确认它是有效的 ${accept.includes('csv') ? '.xlsx 或 CSV' : '.xlsx'} 文件`);
}

/** UTF-8 unless the first bytes are not valid UTF-8, then GB18030. A UTF-8 BOM settles it. */
export function detectEncoding(head: Buffer): 'utf-8' | 'gb18030' {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  // Cut at the last complete line so a multi-byte character split by the sample does not mislead.
  const cut = head.lastIndexOf(0x0a);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(cut > 0 ? head.subarray(0, cut) : head);
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** A CSV in UTF-8 or GB18030 (what Excel in China saves by default) as rows of trimmed cell text, numbered by the line each row ends on. */
function readCsvSheet(data: Buffer): SheetRow[] {
  const text = new TextDecoder(detectEncoding(data.subarray(0, 64 * 1024)), { ignoreBOM: false }).decode(data);
  const records = parseCsv(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, info: true }) as unknown as {
    record: string[];
    info: { lines: number };
  }[];
  return records.map(({ record, info }) => ({ rowNo: info.lines, cells: record }));
}

/**
 * The request's sheet, checked and read into rows of trimmed cell text: an .xlsx (its first
 * worksheet; `rows[n - 1]` is row n), or, where `accept` has it, a CSV (its rows in order, each
 * with the line it ends on as `rowNo`).
 */
export async function receiveSheet(
  req: FastifyRequest,
  { maxBytes = MAX_SHEET_BYTES, accept = ['xlsx'] as readonly SheetFormat[] } = {},
): Promise<{ filename: string; rows: SheetRow[] }> {
  const file = await receiveUpload(req, {
    maxBytes,
    missing: accept.includes('csv') ? '请选择要导入的 .xlsx 或 CSV 文件' : '请选择要导入的 .xlsx 文件',
    tooLarge: tooLargeMessage(maxBytes),
  });
  const format = sheetFormatOf(file.filename, file.data, accept);
  try {
    return { filename: file.filename, rows: format === 'csv' ? readCsvSheet(file.data) : await readSheet(file.data) };
  } catch {
    throw unreadableSheet(accept);
  }
}

// ---- The header row -----------------------------------------------------------------------------

export interface ImportColumn<K extends string = string> {
  readonly key: K;
  /** As the template writes it; the column is named so in every problem reported. */
  readonly header: string;
  readonly required: boolean;
  /** Other headers that mean this column in staff's own sheets (身份证号码, 公民身份号码 …). */
  readonly aliases?: readonly string[];
}

/** Column index (0-based) of each column the sheet has. */
export type ColumnIndex<K extends string> = Partial<Record<K, number>>;

/** A header as compared: no spaces, no required mark (*), no colon, no note in brackets ("收入（元）"). */
export function normaliseHeader(h: string): string {
  return h.replace(/[\s*＊:：]/g, '').replace(/[（(].*?[)）]/g, '');
}

/**
 * Which column of the sheet holds each of `columns`: a header equal to the column's header or an
 * alias first; with `partial`, then a header containing one ("职工身份证号码"). Partial matches
 * are for imports where the user confirms the mapping (the roster); whole-file imports, which
 * apply without showing it, match whole headers only.
 */
export function matchColumns<K extends string>(headers: readonly string[], columns: readonly ImportColumn<K>[], { partial = false } = {}): ColumnIndex<K> {
  const norm = headers.map(normaliseHeader);
  const names = columns.map((c) => [c.header, ...(c.aliases ?? [])].map(normaliseHeader).filter(Boolean));
  const used = new Set<number>();
  const index: ColumnIndex<K> = {};
  for (const exact of partial ? [true, false] : [true]) {
    columns.forEach((c, ci) => {
      if (index[c.key] !== undefined) return;
      const i = norm.findIndex((h, idx) => !used.has(idx) && names[ci]!.some((a) => (exact ? h === a : h.includes(a))));
      if (i >= 0) {
        index[c.key] = i;
        used.add(i);
      }
    });
  }
  return index;
}

/** The required columns `index` has no column for. */
export function missingColumns<K extends string>(columns: readonly ImportColumn<K>[], index: Partial<Record<K, number | null>>): ImportColumn<K>[] {
  return columns.filter((c) => c.required && (index[c.key] ?? null) === null);
}

/**
 * The header row of a whole-file import: a problem (row 1) for each missing required column, the
 * reader of a row's cell by column key ('' when the sheet has no such column), and the check of a
 * row's cells whose storage lost what staff typed (`storageProblem`, by each column's header).
 */
export function mapHeader<K extends string>(header: readonly string[], columns: readonly ImportColumn<K>[]) {
  const index = matchColumns(header, columns);
  const ruled = columns.flatMap((c) => {
    const rule = cellRuleOf(c.header);
    const i = index[c.key];
    return rule && i !== undefined ? [{ key: c.key, header: c.header, rule, i }] : [];
  });
  return {
    index,
    errors: missingColumns(columns, index).map((c): ImportRowError => ({ row: 1, column: c.header, message: `缺少「${c.header}」列` })),
    cell(cells: readonly string[], key: K): string {
      const i = index[key];
      return i === undefined ? '' : (cells[i] ?? '').trim();
    },
    /**
     * The row's cells that cannot be trusted — an ID number, phone or account from a number cell
     * (digits lost) or in exponent form, a name from a formula — each added to `errors`; their
     * columns are returned, so the row's own checks skip them instead of reading a wrong value.
     */
    spoiled(r: DataRow, errors: { add(row: number, key: K, message: string): void }): Set<K> {
      const keys = new Set<K>();
      for (const c of ruled) {
        const problem = storageProblem(c.rule, c.header, (r.cells[c.i] ?? '').trim(), r.storage?.[c.i]);
        if (!problem) continue;
        errors.add(r.row, c.key, problem);
        keys.add(c.key);
      }
      return keys;
    },
  };
}

// ---- Rows and their problems --------------------------------------------------------------------

/** A problem of an imported sheet: the row as Excel numbers it (the header is 1) and the column's header. */
export interface ImportRowError {
  row: number;
  column: string;
  message: string;
}

export interface DataRow {
  /** As Excel numbers it (the header is row 1). */
  row: number;
  cells: string[];
  /** How its number and formula cells were stored (see `SheetRow`). */
  storage?: number[];
}

/** The rows under the header (`rows[0]`), blank ones left out. */
export function dataRows(rows: readonly SheetRow[]): DataRow[] {
  return rows
    .slice(1)
    .filter((r) => r.cells.some((c) => c.trim() !== ''))
    .map((r) => ({ row: r.rowNo, cells: r.cells, ...(r.storage && { storage: r.storage }) }));
}

/** The one problem of a sheet larger than an import takes at once. */
export function tooManyRows(count: number, max: number): ImportRowError {
  return { row: 1, column: '', message: `一次最多导入 ${max} 行，本文件有 ${count} 行` };
}

/** The problems of a check, each named by row and by its column's header. */
export function rowErrors<K extends string>(columns: readonly ImportColumn<K>[]) {
  const headers = new Map<string, string>(columns.map((c) => [c.key, c.header]));
  const list: ImportRowError[] = [];
  return {
    list,
    add(row: number, key: K, message: string) {
      list.push({ row, column: headers.get(key) ?? key, message });
    },
  };
}

// ---- Sheets sent back ---------------------------------------------------------------------------

/** The template of an import: the headers (required ones marked *, which matching ignores) and example rows. */
export function sendImportTemplate(reply: FastifyReply, title: string, columns: readonly ImportColumn[], examples: readonly string[][]) {
  return sendXlsx(
    reply,
    title,
    columns.map((c, i) => ({ header: c.required ? `${c.header}*` : c.header, width: 16, value: (r: readonly string[]) => r[i] })),
    examples,
  );
}

/** A row's problems and the row as it was in the sheet, for the error report. */
export interface RowProblems {
  row: number;
  errors: readonly { column: string; message: string }[];
  raw: readonly string[];
}

/**
 * The error report (导入错误报告.xlsx): one line per problem — row, column, problem (in red) — then
 * the row's cells under the sheet's own headers, so staff can find and correct each one.
 */
export function sendErrorSheet(reply: FastifyReply, headers: readonly string[], rows: Iterable<RowProblems>) {
  type Line = { row: number; column: string; message: string; raw: readonly string[] };
  function* lines(): Generator<Line> {
    for (const r of rows) for (const e of r.errors) yield { row: r.row, column: e.column, message: e.message, raw: r.raw };
  }
  return sendXlsx<Line>(
    reply,
    '导入错误报告',
    [
      { header: '行号', width: 8, value: (l) => l.row },
      { header: '列', width: 14, value: (l) => l.column },
      { header: '问题', width: 50, color: 'FFC00000', value: (l) => l.message },
      ...headers.map((h, i) => ({ header: `原表：${h}`, width: 16, value: (l: Line) => l.raw[i] })),
    ],
    lines(),
  );
}
