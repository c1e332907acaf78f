/**
 * Streaming readers of roster files, one array of cell texts per row (header row first), in
 * constant memory: exceljs's streaming workbook reader for .xlsx, csv-parse for .csv in UTF-8 or
 * GB18030 (Excel in China saves CSV in GB18030 by default), detected from the bytes.
 */
import fs from 'node:fs';
import { Transform } from 'node:stream';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse';

export type RosterFormat = 'xlsx' | 'csv';

/** Calls `onBytes` with the number of file bytes read so far (for progress). */
function counted(path: string, onBytes?: (n: number) => void) {
  const stream = fs.createReadStream(path, { highWaterMark: 1 << 20 });
  let n = 0;
  if (onBytes) stream.on('data', (chunk) => onBytes((n += chunk.length)));
  return stream;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('error' in v) return '';
    return '';
  }
  // Long digit strings typed into a number cell lose nothing up to 15 digits; an 18-digit ID
  // number stored as a number has already lost its last digits in Excel and will fail its check.
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  return String(v);
}

async function* readXlsx(path: string, onBytes?: (n: number) => void): AsyncGenerator<string[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(counted(path, onBytes), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
  });
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const values = (row as ExcelJS.Row).values as ExcelJS.CellValue[];
      const cells: string[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]).trim());
      yield cells;
    }
    return; // the first sheet only
  }
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

function decoder(encoding: 'utf-8' | 'gb18030') {
  const d = new TextDecoder(encoding, { ignoreBOM: false });
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      cb(null, d.decode(chunk, { stream: true }));
    },
    flush(cb) {
      cb(null, d.decode());
    },
  });
}

async function* readCsv(path: string, encoding: 'utf-8' | 'gb18030', onBytes?: (n: number) => void): AsyncGenerator<string[]> {
  const parser = counted(path, onBytes)
    .pipe(decoder(encoding))
    .pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }));
  for await (const record of parser) yield record as string[];
}

export async function sniffEncoding(path: string): Promise<'utf-8' | 'gb18030'> {
  const fd = await fs.promises.open(path, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await fd.read(buf, 0, buf.length, 0);
    return detectEncoding(buf.subarray(0, bytesRead));
  } finally {
    await fd.close();
  }
}

export async function* readRoster(path: string, format: RosterFormat, encoding: 'utf-8' | 'gb18030' | null, onBytes?: (n: number) => void) {
  if (format === 'xlsx') yield* readXlsx(path, onBytes);
  else yield* readCsv(path, encoding ?? (await sniffEncoding(path)), onBytes);
}
