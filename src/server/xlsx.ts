import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { chinaToday } from '../shared/dates.ts';

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

/** Reads the first sheet of an uploaded .xlsx into rows of cell text (for small registries such as orgs). */
export async function readSheet(buffer: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    rows[n - 1] = Array.from(cells, (c) => c ?? '');
  });
  return Array.from(rows, (r) => r ?? []);
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
