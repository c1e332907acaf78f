/**
 * The text a reader of a pdfkit PDF sees, page by page. pdfkit writes Chinese as glyph numbers of
 * an embedded font subset (Identity-H), so the strings in the page are mapped back to characters
 * through that font's ToUnicode CMap, which pdfkit writes for every subset. Enough for the PDFs
 * this application makes (one level of pages, no object streams); not a general PDF reader.
 */
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

function readObjects(pdf: Buffer): Map<number, PdfObject> {
  const src = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  for (const m of src.matchAll(/(?:^|\n)(\d+) 0 obj\n/g)) {
    const from = m.index + m[0].length;
    const streamAt = src.indexOf('\nstream\n', from);
    const endAt = src.indexOf('\nendobj', from);
    if (streamAt !== -1 && streamAt < endAt) {
      const dict = src.slice(from, streamAt);
      const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
      const start = streamAt + '\nstream\n'.length;
      const raw = pdf.subarray(start, start + length);
      objects.set(Number(m[1]), { dict, stream: /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw });
    } else {
      objects.set(Number(m[1]), { dict: src.slice(from, endAt) });
    }
  }
  return objects;
}

const ref = (dict: string, key: string) => Number(new RegExp(`/${key} (\\d+) 0 R`).exec(dict)?.[1]);
/** A CMap's destination string: UTF-16BE hex, which pdfkit writes with a space between the code units of a ligature (<0066 0069> for ﬁ). */
const utf16 = (hex: string) => Buffer.from(hex.replace(/\s+/g, ''), 'hex').swap16().toString('utf16le');

/** A ToUnicode CMap as code → text (bfchar entries and both forms of bfrange). */
function readCMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, text] of block[1]!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f\s]+)>/gi)) map.set(parseInt(code!, 16), utf16(text!));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, list, start] of block[1]!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*(?:\[([^\]]*)\]|<([0-9a-f]+)>)/gi)) {
      const first = parseInt(lo!, 16);
      const last = parseInt(hi!, 16);
      if (list !== undefined) {
        [...list.matchAll(/<([0-9a-f\s]+)>/gi)].forEach((d, i) => map.set(first + i, utf16(d[1]!)));
      } else {
        const base = parseInt(start!, 16);
        for (let c = first; c <= last; c++) map.set(c, String.fromCodePoint(base + c - first));
      }
    }
  }
  return map;
}

/**
 * Each page's text runs in the order they are drawn: one string per BT…ET block (a line of a
 * paragraph, a table cell), the glyphs of CID fonts mapped through their ToUnicode CMaps and the
 * strings of simple fonts read as Latin-1.
 */
export function pdfTextRuns(pdf: Buffer): string[][] {
  const objects = readObjects(pdf);
  const get = (n: number) => objects.get(n)?.dict ?? '';
  const root = [...objects.values()].find((o) => /\/Type \/Pages\b/.test(o.dict))!;
  const kids = [.../\/Kids \[([^\]]*)\]/.exec(root.dict)![1]!.matchAll(/(\d+) 0 R/g)].map((k) => Number(k[1]));
  return kids.map((pageRef) => {
    const page = get(pageRef);
    const resources = /\/Resources (\d+) 0 R/.test(page) ? get(ref(page, 'Resources')) : page;
    const fontsDict = /\/Font <<([\s\S]*?)>>/.exec(resources)?.[1] ?? '';
    const fonts = new Map<string, Map<number, string> | null>();
    for (const [, name, n] of fontsDict.matchAll(/\/(\S+) (\d+) 0 R/g)) {
      const toUnicode = ref(get(Number(n)), 'ToUnicode');
      fonts.set(name!, toUnicode ? readCMap(objects.get(toUnicode)!.stream!.toString('latin1')) : null);
    }
    const contents = objects.get(ref(page, 'Contents'))!.stream!.toString('latin1');
    const runs: string[] = [];
    for (const block of contents.matchAll(/\bBT\b([\s\S]*?)\bET\b/g)) {
      let cmap: Map<number, string> | null = null;
      let run = '';
      for (const op of block[1]!.matchAll(/\/(\S+) [\d.]+ Tf|<([0-9a-f]*)>|\(((?:\\.|[^\\)])*)\)/gi)) {
        if (op[1] !== undefined) cmap = fonts.get(op[1]) ?? null;
        else if (op[2] !== undefined && cmap) {
          for (let i = 0; i < op[2].length; i += 4) run += cmap.get(parseInt(op[2].slice(i, i + 4), 16)) ?? '\ufffd';
        } else if (op[2] !== undefined) run += Buffer.from(op[2], 'hex').toString('latin1');
        else if (op[3] !== undefined) run += op[3].replace(/\\(.)/g, '$1');
      }
      runs.push(run);
    }
    return runs;
  });
}
