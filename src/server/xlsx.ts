import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { chinaToday } from '../shared/dates.ts';
import { FORMULA_CELL, NUMBER_CELL, type SheetRow } from './cells.ts';

export interface XlsxColumn<T> {
  header: string;
  width?: number;
  /** Font colour of the column's cells (ARGB, e.g. FFC00000 for the problems of an error report). */
  color?: string;
  value: (row: T) => string | number | Date | null | undefined;
}

const chinaTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** 2025-12-17 08:30 in China time: what staff expect to read in a spreadsheet cell. */
export function chinaDateTime(d: Date): string {
  return chinaTime.format(d).replace(/\//g, '-');
}

export function contentDisposition(filename: string): string {
  return `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * Streams rows into an .xlsx answer (exceljs streaming writer: memory stays flat however many
 * rows). Headers bold and frozen, columns sized.
 */
export async function sendXlsx<T>(reply: FastifyReply, title: string, columns: XlsxColumn<T>[], rows: Iterable<T>) {
  const stream = new PassThrough();
  const date = chinaToday();
  reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', contentDisposition(`${title}-${date}.xlsx`));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: true });
  const sheet = workbook.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 16 }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  const colored = columns.flatMap((c, i) => (c.color ? [{ col: i + 1, font: { color: { argb: c.color } } }] : []));
  const done = (async () => {
    for (const row of rows) {
      const line = sheet.addRow(
        columns.map((c) => {
          const v = c.value(row);
          return v instanceof Date ? chinaDateTime(v) : (v ?? '');
        }),
      );
      for (const c of colored) line.getCell(c.col).font = c.font;
      line.commit();
    }
    sheet.commit();
    await workbook.commit();
  })();
  done.catch((err) => stream.destroy(err as Error));
  return reply.send(stream);
}

// ---------------------------------------------------------------- office sheets

/** How an office sheet's column is written: text, whole numbers, money (given in fen, written in 元), or days. */
export type OfficeCellType = 'text' | 'int' | 'fen' | 'date';
export type OfficeCell = string | number | Date | null | undefined;

export interface OfficeColumn<T> {
  header: string;
  width?: number;
  type?: OfficeCellType;
  value: (row: T, index: number) => OfficeCell;
}

export interface OfficeSheet<T> {
  /** The file's name (the export date is appended) and, cut to what Excel allows, the sheet's. */
  fileName: string;
  /** The first line is the sheet's title; the others (period, scope, filter, export date) follow it. */
  titleLines: string[];
  columns: OfficeColumn<T>[];
  rows: Iterable<T>;
  /** The totals row under the table, by column header; the first column says 合计 unless given. */
  totals?: Record<string, OfficeCell>;
}

export const OFFICE_DATE_FORMAT = 'yyyy"年"m"月"d"日"';
export const OFFICE_MONEY_FORMAT = '#,##0.00';
/** A leading = + - @ makes Excel read typed text as a formula: such text is stored with the text format. */
const FORMULA_LEAD = /^[=+\-@\t\r]/;

/** 2026年1月10日: a day as the title rows of office files write it. */
export const officeDate = (day: string) => `${Number(day.slice(0, 4))}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

/** A calendar day (YYYY-MM-DD or a Date read in China time) as the midnight Excel stores for it. */
export function excelDay(v: string | Date): Date {
  const day = typeof v === 'string' ? v.slice(0, 10) : chinaToday(v);
  return new Date(`${day}T00:00:00Z`);
}

function officeValue(type: OfficeCellType, v: OfficeCell): ExcelJS.CellValue {
  if (v === null || v === undefined || v === '') return null;
  if (type === 'date' && (v instanceof Date || (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)))) return excelDay(v);
  if (type === 'fen' && typeof v === 'number') return Math.round(v) / 100;
  if (v instanceof Date) return chinaDateTime(v);
  return v;
}

const thin = { style: 'thin' as const, color: { argb: 'FF999999' } };
const boxed = { top: thin, left: thin, bottom: thin, right: thin };

/**
 * The shape of every ledger an office files: title rows merged over the table (union, what, period,
 * export date), a bold header row that stays frozen on screen and repeats on every printed page,
 * typed cells (real dates, money as numbers in 元, text never read as a formula), a totals row,
 * column widths, and A4 landscape fitted to the page width. Streamed: memory stays flat.
 */
export async function sendOfficeXlsx<T>(reply: FastifyReply, sheet: OfficeSheet<T>) {
  const stream = new PassThrough();
  reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', contentDisposition(`${sheet.fileName}-${chinaToday()}.xlsx`));
  const done = writeOfficeSheet(stream, sheet);
  done.catch((err) => stream.destroy(err as Error));
  return reply.send(stream);
}

/** Writes an office sheet (see `sendOfficeXlsx`) to a stream; resolves when the file is complete. */
export async function writeOfficeSheet<T>(stream: Writable, { fileName, titleLines, columns, rows, totals }: OfficeSheet<T>) {
  const headerRow = titleLines.length + 1;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: true });
  const ws = workbook.addWorksheet(sheetName(fileName), {
    views: [{ state: 'frozen', ySplit: headerRow }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: `${headerRow}:${headerRow}`,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
  });
  ws.columns = columns.map((c) => ({ width: c.width ?? 14 }));
  const types = columns.map((c) => c.type ?? 'text');
  const last = columns.length;
  titleLines.forEach((line, i) => {
    const row = ws.getRow(i + 1);
    row.getCell(1).value = line;
    row.getCell(1).font = i === 0 ? { bold: true, size: 16 } : { size: 11 };
    row.getCell(1).alignment = { horizontal: i === 0 ? 'center' : 'left', vertical: 'middle' };
    row.height = i === 0 ? 30 : 18;
    if (last > 1) ws.mergeCells(i + 1, 1, i + 1, last);
    row.commit();
  });
  const head = ws.getRow(headerRow);
  columns.forEach((c, i) => {
    const cell = head.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEEEEE' } };
    cell.border = boxed;
  });
  head.commit();
  const put = (line: ExcelJS.Row, values: OfficeCell[], bold: boolean) => {
    values.forEach((v, i) => {
      const type = types[i]!;
      const cell = line.getCell(i + 1);
      const value = officeValue(type, v);
      cell.value = value;
      cell.border = boxed;
      if (bold) cell.font = { bold: true };
      if (value instanceof Date) cell.numFmt = OFFICE_DATE_FORMAT;
      else if (type === 'fen' && typeof value === 'number') cell.numFmt = OFFICE_MONEY_FORMAT;
      else if (typeof value === 'string' && FORMULA_LEAD.test(value)) cell.numFmt = '@';
    });
    line.commit();
  };
  let n = 0;
  for (const row of rows) {
    const index = n++;
    put(
      ws.getRow(headerRow + 1 + index),
      columns.map((c) => c.value(row, index)),
      false,
    );
  }
  if (totals) {
    put(
      ws.getRow(headerRow + 1 + n),
      columns.map((c, i) => totals[c.header] ?? (i === 0 ? '合计' : null)),
      true,
    );
  }
  ws.commit();
  await workbook.commit();
}

/** Excel's sheet names: at most 31 characters, none of : \ / ? * [ ]. */
function sheetName(name: string): string {
  return [...name.replace(/[:\\/?*[\]]/g, ' ')].slice(0, 31).join('') || 'Sheet1';
}

/**
 * Reads the first sheet of an uploaded .xlsx (for small registries such as orgs): one row per
 * sheet row, blank ones included (`rows[n - 1]` is row n), each cell's text and, for numbers and
 * formulas, how it was stored (see `SheetRow`).
 */
export async function readSheet(buffer: Buffer): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    let storage: number[] | undefined;
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
      const bits = storageOf(cell.value);
      if (bits) (storage ??= [])[col - 1] = bits;
    });
    rows[n - 1] = { rowNo: n, cells: Array.from(cells, (c) => c ?? ''), ...(storage && { storage }) };
  });
  return Array.from(rows, (r, i) => r ?? { rowNo: i + 1, cells: [] });
}

/** A number (dates are Date values, not numbers) and a formula, as `cells.ts` tells them. */
function storageOf(v: ExcelJS.CellValue): number {
  if (typeof v === 'number') return NUMBER_CELL;
  if (v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v)) {
    return FORMULA_CELL | (typeof (v as { result?: unknown }).result === 'number' ? NUMBER_CELL : 0);
  }
  return 0;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v)
      return v.richText
        .map((t) => t.text)
        .join('')
        .trim();
    if ('text' in v) return String(v.text).trim();
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(v).trim();
}
