import { PassThrough } from 'node:stream';
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
