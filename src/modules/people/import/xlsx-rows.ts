/**
 * The rows of an .xlsx file's first worksheet as cell texts, streamed in constant memory (apart
 * from the shared-string table, which every reader must hold), several times faster than
 * exceljs's streaming reader — parsing is the main thread's share of a province-scale import.
 *
 * The file is opened with yauzl (random access: the shared strings and styles are read first,
 * wherever Excel put them in the archive), the sheet is inflated with zlib and its XML is scanned
 * on the bytes for the few elements a worksheet's cells use: `<row r>`, `<c r t s>`, `<v>`, and
 * `<is><t>` (inline strings, rich-text runs, without phonetic `<rPh>` runs). Cell texts are what
 * exceljs would give: shared and inline strings, numbers as JavaScript prints them, date-formatted
 * numbers and ISO dates as YYYY-MM-DD, booleans as true/false, errors as empty; each trimmed. Number
 * (not date) and formula cells are marked in the row's `storage`, as `cells.ts` defines it.
 */
import { createInflateRaw } from 'node:zlib';
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { FORMULA_CELL, NUMBER_CELL, type SheetRow } from '../../../server/cells.ts';

export type { SheetRow };

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: true }, (err, zip) => (err ? reject(err) : resolve(zip))),
  );
}

async function entriesOf(zip: ZipFile): Promise<Map<string, Entry>> {
  const entries = new Map<string, Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: Entry) => {
      entries.set(e.fileName.replace(/^\//, ''), e);
      zip.readEntry();
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return entries;
}

/** The entry's raw (deflated) bytes as a stream; inflated by the caller, so progress can count raw bytes. */
function rawStream(zip: ZipFile, entry: Entry): Promise<Readable> {
  // yauzl refuses `decompress: false` for an entry stored without compression (its bytes are the data).
  const options = entry.compressionMethod === 0 ? {} : { decompress: false as const };
  return new Promise((resolve, reject) => zip.openReadStream(entry, options, (err, s) => (err ? reject(err) : resolve(s))));
}

async function* inflated(zip: ZipFile, entry: Entry, onRaw?: (n: number) => void): AsyncGenerator<Buffer> {
  const raw = await rawStream(zip, entry);
  // A reader that stops early (the upload reads six rows) must let go of the file: the zip's
  // descriptor is closed only when every stream opened on it has ended or been destroyed.
  try {
    if (entry.compressionMethod === 0) {
      for await (const chunk of raw) {
        onRaw?.((chunk as Buffer).length);
        yield chunk as Buffer;
      }
      return;
    }
    if (entry.compressionMethod !== 8) throw new Error(`unsupported zip compression ${entry.compressionMethod}`);
    const inflate = createInflateRaw({ chunkSize: 1 << 20 });
    try {
      if (onRaw) raw.on('data', (c: Buffer) => onRaw(c.length));
      raw.on('error', (e) => inflate.destroy(e));
      raw.pipe(inflate);
      for await (const chunk of inflate) yield chunk as Buffer;
    } finally {
      inflate.destroy();
    }
  } finally {
    raw.destroy();
  }
}

async function readText(zip: ZipFile, entry: Entry | undefined): Promise<string> {
  if (!entry) return '';
  const chunks: Buffer[] = [];
  for await (const c of inflated(zip, entry)) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML character references and the five named entities; OOXML's _xHHHH_ escapes for control characters. */
export function unescapeXml(s: string): string {
  if (s.includes('&')) {
    s = s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
      e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENTITY[e]!,
    );
  }
  if (s.includes('_x')) s = s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return s;
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** The path of the workbook's first sheet (in tab order), and whether dates count from 1904. */
function firstSheet(workbookXml: string, relsXml: string): { path: string; date1904: boolean } {
  const sheet = /<(?:\w+:)?sheet\s[^>]*>/.exec(workbookXml)?.[0];
  const rid = sheet && /\sr:id="([^"]*)"/.exec(sheet)?.[1];
  const rel = rid ? [...relsXml.matchAll(/<Relationship\s[^>]*>/g)].map((m) => m[0]).find((r) => attr(r, 'Id') === rid) : undefined;
  const target = rel ? attr(rel, 'Target') : undefined;
  const workbookPr = /<(?:\w+:)?workbookPr\s[^>]*>/.exec(workbookXml)?.[0] ?? '';
  const date1904 = /\sdate1904="(1|true)"/.test(workbookPr);
  if (!target) return { path: 'xl/worksheets/sheet1.xml', date1904 };
  return { path: target.startsWith('/') ? target.slice(1) : `xl/${target}`.replace(/\/[^/]+\/\.\.\//g, '/'), date1904 };
}

/** Built-in number formats that show dates or times (ECMA-376 §18.8.30, with the CJK date formats). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A custom format code shows a date when, outside quotes, escapes and [colour] brackets, it has y, m, d, h or s. */
export function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\\.|\[[^\]]*\]|_.|\*./g, '');
  return /[ymdhs]/i.test(bare) && !/^[#0.,%\s]*$/.test(bare) && !/general/i.test(bare);
}

/** Indexes of the cell formats (`s` of a cell) that show dates. */
function dateStyles(stylesXml: string): Set<number> {
  const custom = new Map<number, string>();
  for (const m of stylesXml.matchAll(/<(?:\w+:)?numFmt\s[^>]*>/g)) {
    const id = Number(attr(m[0], 'numFmtId'));
    custom.set(id, unescapeXml(attr(m[0], 'formatCode') ?? ''));
  }
  const xfs = /<(?:\w+:)?cellXfs[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(stylesXml)?.[1] ?? '';
  const dates = new Set<number>();
  let i = 0;
  for (const m of xfs.matchAll(/<(?:\w+:)?xf[\s>/][^>]*>/g)) {
    const id = Number(attr(m[0], 'numFmtId') ?? 0);
    const code = custom.get(id);
    if (code !== undefined ? isDateFormat(code) : DATE_FORMAT_IDS.has(id)) dates.add(i);
    i++;
  }
  return dates;
}

const B = (s: string) => Buffer.from(s, 'latin1');
const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const T_OPEN = B('<t');
const T_CLOSE = B('</t>');
const RPH_OPEN = B('<rPh');
const RPH_CLOSE = B('</rPh>');

/** The text of `<t>` elements in [from, to), phonetic runs excluded (a shared string or an inline string). */
function runsText(whole: Buffer, from: number, to: number): string {
  // A view bounded to the element, so that no search runs past it.
  const buf = whole.subarray(from, to);
  let phonetic = buf.indexOf(RPH_OPEN);
  let out = '';
  let i = 0;
  for (;;) {
    const t = buf.indexOf(T_OPEN, i);
    if (t < 0) break;
    if (phonetic >= 0 && t > phonetic) {
      const end = buf.indexOf(RPH_CLOSE, phonetic);
      if (end < 0) break;
      i = end + RPH_CLOSE.length;
      phonetic = buf.indexOf(RPH_OPEN, i);
      continue;
    }
    const after = buf[t + 2];
    if (after !== GT && after !== 0x20 && after !== SLASH) {
      i = t + 2;
      continue;
    }
    const open = buf.indexOf(GT, t);
    if (buf[open - 1] === SLASH) {
      i = open + 1;
      continue;
    }
    const close = buf.indexOf(T_CLOSE, open);
    if (close < 0) break;
    out += unescapeXml(buf.toString('utf8', open + 1, close));
    i = close + T_CLOSE.length;
  }
  return out;
}

/**
 * The next `byte` in [from, to), or -1. Tags and values are a few bytes long: a plain loop finds
 * them faster than Buffer#indexOf, whose call costs more than the scan.
 */
function find(buf: Buffer, byte: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (buf[i] === byte) return i;
  return -1;
}

/** A cell's type attribute, read without decoding for the usual ones (s, str, n, b, e, d). */
function cellType(buf: Buffer, from: number, to: number): string {
  const c = buf[from];
  if (to - from === 1) {
    if (c === 0x73) return 's';
    if (c === 0x6e) return 'n';
    if (c === 0x62) return 'b';
    if (c === 0x65) return 'e';
    if (c === 0x64) return 'd';
  } else if (to - from === 3 && c === 0x73 && buf[from + 1] === 0x74 && buf[from + 2] === 0x72) return 'str';
  return buf.toString('latin1', from, to);
}

/** The decimal digits in [from, to) as a number (NaN if there is anything else). */
function digits(buf: Buffer, from: number, to: number): number {
  if (from >= to) return NaN;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

/** The attributes of a start tag [from, to) that cells and rows use: r, t, s (value ranges, or -1). */
const tag = { r: -1, rEnd: -1, t: -1, tEnd: -1, s: -1, sEnd: -1 };
function scanTag(buf: Buffer, from: number, to: number) {
  tag.r = tag.t = tag.s = -1;
  for (let i = from; i < to; i++) {
    if (buf[i] !== 0x20) continue;
    const name = buf[i + 1];
    if (buf[i + 2] !== 0x3d || buf[i + 3] !== 0x22) continue; // ="
    const start = i + 4;
    const end = find(buf, 0x22, start, to);
    if (end < 0) break;
    if (name === 0x72) {
      tag.r = start;
      tag.rEnd = end;
    } else if (name === 0x74) {
      tag.t = start;
      tag.tEnd = end;
    } else if (name === 0x73) {
      tag.s = start;
      tag.sEnd = end;
    }
    i = end;
  }
}

/** Splits a stream of XML bytes at the end of each complete `close` element and hands over whole pieces. */
async function* wholeElements(chunks: AsyncIterable<Buffer>, close: Buffer): AsyncGenerator<Buffer> {
  let tail: Buffer | null = null;
  for await (const chunk of chunks) {
    const buf: Buffer = tail ? Buffer.concat([tail, chunk]) : chunk;
    const last = buf.lastIndexOf(close);
    if (last < 0) {
      tail = buf;
      continue;
    }
    const cut = last + close.length;
    yield buf.subarray(0, cut);
    tail = cut < buf.length ? Buffer.from(buf.subarray(cut)) : null;
  }
  if (tail) yield tail;
}

async function sharedStrings(zip: ZipFile, entry: Entry | undefined): Promise<string[]> {
  const strings: string[] = [];
  if (!entry) return strings;
  const SI_OPEN = B('<si');
  const SI_CLOSE = B('</si>');
  const PLAIN_END = B('</t></si>');
  for await (const buf of wholeElements(inflated(zip, entry), SI_CLOSE)) {
    let i = 0;
    for (;;) {
      const si = buf.indexOf(SI_OPEN, i);
      if (si < 0) break;
      const open = find(buf, GT, si, buf.length);
      if (open < 0) break;
      if (buf[open - 1] === SLASH) {
        strings.push('');
        i = open + 1;
        continue;
      }
      // Nearly every string is one plain run, <si><t>…</t></si> (text holds no '<': it is escaped).
      if (buf[open + 1] === LT && buf[open + 2] === 0x74 && (buf[open + 3] === GT || buf[open + 3] === 0x20)) {
        const text = find(buf, GT, open + 3, buf.length) + 1;
        const close = text > 0 && buf[text - 2] !== SLASH ? find(buf, LT, text, buf.length) : -1;
        if (close >= 0 && buf.compare(PLAIN_END, 0, PLAIN_END.length, close, close + PLAIN_END.length) === 0) {
          strings.push(unescapeXml(buf.toString('utf8', text, close)));
          i = close + PLAIN_END.length;
          continue;
        }
      }
      const end = buf.indexOf(SI_CLOSE, open);
      if (end < 0) break;
      strings.push(runsText(buf, open + 1, end));
      i = end + SI_CLOSE.length;
    }
  }
  return strings;
}

/** "AB12" → 27 (0-based column of a cell reference). */
function columnOf(buf: Buffer, from: number): number {
  let col = 0;
  for (let i = from; ; i++) {
    const ch = buf[i]!;
    if (ch < 0x41 || ch > 0x5a) break;
    col = col * 26 + (ch - 0x40);
  }
  return col - 1;
}

const excelDate = (serial: number, date1904: boolean) => new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000)).toISOString().slice(0, 10);

export interface XlsxRowsOptions {
  /** Called with the share (0–1) of the sheet's compressed bytes read so far. */
  onProgress?: (share: number) => void;
}

/** The first worksheet's rows; rows without cells are skipped, row numbers are Excel's. */
export async function* readXlsxRows(path: string, options: XlsxRowsOptions = {}): AsyncGenerator<SheetRow> {
  const zip = await openZip(path);
  try {
    const entries = await entriesOf(zip);
    const [workbookXml, relsXml, stylesXml] = await Promise.all([
      readText(zip, entries.get('xl/workbook.xml')),
      readText(zip, entries.get('xl/_rels/workbook.xml.rels')),
      readText(zip, entries.get('xl/styles.xml')),
    ]);
    const { path: sheetPath, date1904 } = firstSheet(workbookXml, relsXml);
    const sheet = entries.get(sheetPath);
    if (!sheet) throw new Error(`worksheet ${sheetPath} not found`);
    const shared = await sharedStrings(zip, entries.get('xl/sharedStrings.xml'));
    const dates = dateStyles(stylesXml);

    const ROW_OPEN = B('<row');
    const ROW_CLOSE = B('</row>');
    const C_CLOSE = B('</c>');
    const V_OPEN = B('<v>');
    const V_CLOSE = B('</v>');
    const VALUE_CELL_END = B('</v></c>');
    const INLINE_START = B('<is><t');
    const INLINE_END = B('</t></is>');
    const SHEET_DATA_END = B('</sheetData>');

    let read = 0;
    const size = sheet.compressedSize || 1;
    const onRaw = options.onProgress ? (n: number) => options.onProgress!(Math.min(1, (read += n) / size)) : undefined;
    let lastRow = 0;
    for await (const buf of wholeElements(inflated(zip, sheet, onRaw), ROW_CLOSE)) {
      const stop = buf.indexOf(SHEET_DATA_END);
      const limit = stop >= 0 ? stop : buf.length;
      let i = 0;
      for (;;) {
        const row = buf.indexOf(ROW_OPEN, i);
        if (row < 0 || row >= limit) break;
        const next = buf[row + 4];
        if (next !== 0x20 && next !== GT && next !== SLASH) {
          i = row + 4;
          continue;
        }
        const rowTagEnd = find(buf, GT, row, limit);
        if (rowTagEnd < 0) break;
        scanTag(buf, row + 4, rowTagEnd);
        const rowNo = tag.r >= 0 ? digits(buf, tag.r, tag.rEnd) || parseInt(buf.toString('latin1', tag.r, tag.rEnd), 10) : lastRow + 1;
        lastRow = rowNo;
        if (buf[rowTagEnd - 1] === SLASH) {
          i = rowTagEnd + 1;
          continue;
        }
        const rowEnd = buf.indexOf(ROW_CLOSE, rowTagEnd);
        const cells: string[] = [];
        let storage: number[] | undefined;
        let col = -1;
        let j = rowTagEnd + 1;
        for (;;) {
          // The next element in the row; cells are <c …>…</c> or <c …/>, anything else is skipped.
          const c = find(buf, LT, j, rowEnd);
          if (c < 0) break;
          const after = buf[c + 2];
          if (buf[c + 1] !== 0x63 || (after !== 0x20 && after !== GT && after !== SLASH)) {
            j = c + 1;
            continue;
          }
          const tagEnd = find(buf, GT, c, rowEnd);
          if (tagEnd < 0) break;
          scanTag(buf, c + 2, tagEnd);
          col = tag.r >= 0 ? columnOf(buf, tag.r) : col + 1;
          if (buf[tagEnd - 1] === SLASH) {
            j = tagEnd + 1;
            continue;
          }
          const type = tag.t < 0 ? 'n' : cellType(buf, tag.t, tag.tEnd);
          // The value is usually the cell's only child, <c …><v>…</v></c>; otherwise (a formula, an
          // inline string) the cell's end is searched for.
          let v = buf[tagEnd + 1] === LT && buf[tagEnd + 2] === 0x76 && buf[tagEnd + 3] === GT ? tagEnd + 1 : -1;
          let vEnd = v >= 0 ? find(buf, LT, v + 3, rowEnd) : -1;
          let cellEnd: number;
          if (vEnd >= 0 && buf.compare(VALUE_CELL_END, 0, VALUE_CELL_END.length, vEnd, vEnd + VALUE_CELL_END.length) === 0) {
            cellEnd = vEnd + V_CLOSE.length;
          } else {
            cellEnd = buf.indexOf(C_CLOSE, tagEnd);
            v = buf.subarray(0, cellEnd).indexOf(V_OPEN, tagEnd);
            vEnd = v >= 0 ? find(buf, LT, v + 3, cellEnd) : -1;
          }
          j = cellEnd + C_CLOSE.length;
          // A formula's <f> comes first in its cell (never in the usual <c><v>…</v></c>).
          let bits = buf[tagEnd + 1] === LT && buf[tagEnd + 2] === 0x66 ? FORMULA_CELL : 0;
          let text = '';
          if (type === 'inlineStr') {
            // Usually one plain run, <is><t>…</t></is> (text holds no '<': it is escaped).
            const opened =
              buf.compare(INLINE_START, 0, INLINE_START.length, tagEnd + 1, tagEnd + 7) === 0 && (buf[tagEnd + 7] === GT || buf[tagEnd + 7] === 0x20);
            const run = opened ? find(buf, GT, tagEnd + 7, cellEnd) + 1 : 0;
            const close = run > 0 && buf[run - 2] !== SLASH ? find(buf, LT, run, cellEnd) : -1;
            text =
              close >= 0 && close + INLINE_END.length === cellEnd && buf.compare(INLINE_END, 0, INLINE_END.length, close, cellEnd) === 0
                ? unescapeXml(buf.toString('utf8', run, close))
                : runsText(buf, tagEnd + 1, cellEnd);
          } else {
            if (v < 0) continue;
            if (type === 's') {
              text = shared[digits(buf, v + 3, vEnd)] ?? '';
            } else {
              const raw = buf.toString('utf8', v + 3, vEnd);
              if (type === 'str') text = unescapeXml(raw);
              else if (type === 'b') text = raw === '1' || raw === 'true' ? 'true' : 'false';
              else if (type === 'e') text = '';
              else if (type === 'd') text = raw.slice(0, 10);
              else {
                const n = Number(raw);
                const style = tag.s >= 0 ? digits(buf, tag.s, tag.sEnd) : 0;
                if (Number.isNaN(n)) text = raw;
                else if (dates.has(style)) text = excelDate(n, date1904);
                else {
                  text = String(n);
                  bits |= NUMBER_CELL;
                }
              }
            }
          }
          text = text.trim();
          if (text !== '') {
            while (cells.length < col) cells.push('');
            cells[col] = text;
            if (bits) (storage ??= [])[col] = bits;
          }
        }
        i = rowEnd + ROW_CLOSE.length;
        if (cells.length) yield storage ? { rowNo, cells, storage } : { rowNo, cells };
      }
      if (stop >= 0) return;
    }
  } finally {
    zip.close();
  }
}
