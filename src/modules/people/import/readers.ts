/**
 * Streaming readers of roster files, one row of cell texts at a time with its row number (header
 * row first), in constant memory: the first worksheet of an .xlsx (xlsx-rows.ts), csv-parse for
 * .csv in UTF-8 or GB18030 (Excel in China saves CSV in GB18030 by default), detected from the bytes.
 */
import fs from 'node:fs';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import { readXlsxRows, type SheetRow } from './xlsx-rows.ts';
import { detectEncoding } from '../../../server/imports.ts';

export { detectEncoding };

export type RosterFormat = 'xlsx' | 'csv';
export type { SheetRow };

/** Calls `onProgress` with the share of the file read so far. */
function counted(path: string, onProgress?: (share: number) => void) {
  const stream = fs.createReadStream(path, { highWaterMark: 1 << 20 });
  if (onProgress) {
    const size = fs.statSync(path).size || 1;
    let n = 0;
    stream.on('data', (chunk) => onProgress((n += chunk.length) / size));
  }
  return stream;
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

async function* readCsv(path: string, encoding: 'utf-8' | 'gb18030', onProgress?: (share: number) => void): AsyncGenerator<SheetRow> {
  const parser = counted(path, onProgress)
    .pipe(decoder(encoding))
    .pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, info: true }));
  // The row number is the line the record ends on, as a spreadsheet opening the file would number it.
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) yield { rowNo: info.lines, cells: record };
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

export async function* readRoster(
  path: string,
  format: RosterFormat,
  encoding: 'utf-8' | 'gb18030' | null,
  onProgress?: (share: number) => void,
): AsyncGenerator<SheetRow> {
  if (format === 'xlsx') yield* readXlsxRows(path, { onProgress });
  else yield* readCsv(path, encoding ?? (await sniffEncoding(path)), onProgress);
}
