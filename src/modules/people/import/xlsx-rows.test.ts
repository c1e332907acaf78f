import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { isDateFormat, readXlsxRows, unescapeXml, type SheetRow } from './xlsx-rows.ts';
import { FORMULA_CELL, NUMBER_CELL } from '../../../server/cells.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-xlsx-rows-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function rowsOf(file: string): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const r of readXlsxRows(file)) rows.push(r);
  return rows;
}

/** What exceljs's own (non-streaming) reader makes of the first sheet, as cell texts, with its number and formula cells. */
async function exceljsRows(file: string): Promise<SheetRow[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const text = (v: ExcelJS.CellValue): string => {
    if (v === null || v === undefined) return '';
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if (typeof v === 'object') {
      if ('richText' in v) return v.richText.map((t) => t.text).join('');
      if ('formula' in v || 'sharedFormula' in v) return text((v as { result?: ExcelJS.CellValue }).result ?? null);
      if ('text' in v) return String(v.text);
      return '';
    }
    return String(v);
  };
  const storageOf = (v: ExcelJS.CellValue): number => {
    if (typeof v === 'number') return NUMBER_CELL;
    if (v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v))
      return FORMULA_CELL | (typeof (v as { result?: unknown }).result === 'number' ? NUMBER_CELL : 0);
    return 0;
  };
  const rows: SheetRow[] = [];
  wb.worksheets[0]!.eachRow((row, rowNo) => {
    const values = row.values as ExcelJS.CellValue[];
    const cells = Array.from({ length: values.length - 1 }, (_, i) => text(values[i + 1]).trim());
    while (cells.length && cells[cells.length - 1] === '') cells.pop();
    let storage: number[] | undefined;
    cells.forEach((c, i) => {
      const bits = c === '' ? 0 : storageOf(values[i + 1] ?? null);
      if (bits) (storage ??= [])[i] = bits;
    });
    if (cells.length) rows.push(storage ? { rowNo, cells, storage } : { rowNo, cells });
  });
  return rows;
}

/** A minimal .xlsx (stored zip entries) around the given sheet XML, for cell forms exceljs does not write. */
function handMadeXlsx(file: string, sheetData: string) {
  const files: [string, string][] = [
    ['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'],
    [
      'xl/workbook.xml',
      '<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ],
    ['xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'],
    ['xl/worksheets/sheet1.xml', `<worksheet><sheetData>${sheetData}</sheetData></worksheet>`],
  ];
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of files) {
    const data = Buffer.from(text, 'utf8');
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    central.push(entry, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const dirSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(dirSize, 12);
  end.writeUInt32LE(offset, 16);
  fs.writeFileSync(file, Buffer.concat([...locals, ...central, end]));
}

describe('xlsx rows', () => {
  it('reads inline strings in their every form: plain, preserved spaces, rich runs, phonetic runs, empty, escaped', async () => {
    const file = path.join(dir, 'inline.xlsx');
    const cell = (ref: string, inner: string) => `<c r="${ref}" t="inlineStr"><is>${inner}</is></c>`;
    handMadeXlsx(
      file,
      `<row r="1">${cell('A1', '<t>姓名</t>')}${cell('B1', '<t xml:space="preserve"> 住址 </t>')}</row>` +
        `<row r="2">${cell('A2', '<r><rPr><b/></rPr><t>乌云</t></r><r><t>其其格</t></r>')}${cell('B2', '<t>东胜区</t><rPh sb="0" eb="3"><t>ドンション</t></rPh>')}${cell('C2', '<t/>')}${cell('D2', '<t>A&amp;B &lt;公司&gt;_x000D_</t>')}</row>` +
        `<row r="4"><c r="B4" t="inlineStr"><is><t>李四</t></is></c><c r="C4" t="str"><v>外卖送餐员</v></c><c r="D4"><v>13900000001</v></c></row>`,
    );
    expect(await rowsOf(file)).toEqual([
      { rowNo: 1, cells: ['姓名', '住址'] },
      { rowNo: 2, cells: ['乌云其其格', '东胜区', '', 'A&B <公司>'] },
      { rowNo: 4, cells: ['', '李四', '外卖送餐员', '13900000001'], storage: [undefined, undefined, undefined, NUMBER_CELL] },
    ]);
  });

  it('reads what exceljs reads: shared and rich text, numbers, dates, formulas, booleans, gaps, entities', async () => {
    const file = path.join(dir, 'mixed.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('职工名册');
    wb.addWorksheet('说明').addRow(['这张表不应被读到']);
    ws.addRow(['姓名', '身份证号', '手机号', '入会日期', '工龄', '备注', '党员', '合计']);
    ws.addRow([
      '乌云其其格',
      '15010219800101001X',
      13900000001,
      new Date(Date.UTC(2018, 4, 1)),
      12.5,
      'A&B <公司> "优秀" \'员工\'',
      true,
      { formula: 'E2*2', result: 25 },
    ]);
    ws.addRow([
      '  张 伟  ',
      '150102198001010011',
      '',
      new Date(Date.UTC(2020, 0, 31)),
      0,
      { richText: [{ text: '富', font: { bold: true } }, { text: '文本' }] },
      false,
      { formula: 'A3', result: '张 伟' },
    ]);
    ws.getCell('D2').numFmt = 'yyyy"年"m"月"d"日"';
    ws.getCell('D3').numFmt = 'yyyy-mm-dd';
    ws.getCell('E2').numFmt = '0.00';
    ws.getRow(5).getCell(3).value = '隔一行、跳过两列';
    ws.getRow(6).getCell(1).value = { text: '链接', hyperlink: 'https://example.org/?a=1&b=2' };
    ws.getRow(7).getCell(2).value = 123456789012345;
    ws.getRow(8).getCell(1).value = '第一行\n第二行';
    await wb.xlsx.writeFile(file);

    const rows = await rowsOf(file);
    expect(rows).toEqual(await exceljsRows(file));
    expect(rows[1]).toEqual({
      rowNo: 2,
      cells: ['乌云其其格', '15010219800101001X', '13900000001', '2018-05-01', '12.5', 'A&B <公司> "优秀" \'员工\'', 'true', '25'],
      // The phone and 工龄 are numbers (the date is not), 合计 a formula with a number result.
      storage: [undefined, undefined, NUMBER_CELL, undefined, NUMBER_CELL, undefined, undefined, NUMBER_CELL | FORMULA_CELL],
    });
    // A formula with a text result is a formula, not a number.
    expect(rows[2]!.storage?.[7]).toBe(FORMULA_CELL);
    expect(rows[2]!.cells[0]).toBe('张 伟');
    expect(rows.map((r) => r.rowNo)).toEqual([1, 2, 3, 5, 6, 7, 8]);
    expect(rows[3]!.cells).toEqual(['', '', '隔一行、跳过两列']);
  });

  it('reads a roster saved by LibreOffice Calc (shared strings, date cells) as exceljs does', async () => {
    const file = new URL('../fixtures/libreoffice-roster.xlsx', import.meta.url).pathname;
    const rows = await rowsOf(file);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows).toEqual(await exceljsRows(file));
  });

  it('streams a large inline-string sheet with Chinese text split across chunks, and reports progress', async () => {
    const file = path.join(dir, 'big.xlsx');
    const w = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
    const ws = w.addWorksheet('名册');
    const row = (i: number) => [`内蒙古自治区第${i}号环卫工人乌云其其格`, `${i}`, `呼和浩特市新城区锡林郭勒北路${i}号院`];
    for (let i = 0; i < 30000; i++) ws.addRow(row(i)).commit();
    ws.commit();
    await w.commit();
    let n = 0;
    let last = 0;
    for await (const r of readXlsxRows(file, { onProgress: (s) => (last = s) })) {
      expect(r).toEqual({ rowNo: n + 1, cells: row(n) });
      n++;
    }
    expect(n).toBe(30000);
    expect(last).toBe(1);
  });

  it.runIf(fs.existsSync('/proc/self/fd'))('lets go of the file when the reader stops after a few rows (the upload preview)', async () => {
    const file = path.join(dir, 'big.xlsx');
    // The descriptors this process holds on that file (other descriptors come and go meanwhile).
    const holding = () =>
      fs.readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return fs.readlinkSync(`/proc/self/fd/${fd}`) === file;
        } catch {
          return false;
        }
      }).length;
    for (let k = 0; k < 5; k++) {
      for await (const r of readXlsxRows(file)) if (r.rowNo >= 3) break;
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(holding()).toBe(0);
  });

  it('unescapes XML and OOXML escapes, and tells date formats from number formats', () => {
    expect(unescapeXml('&lt;a&gt; &amp;&quot;&apos; &#20013;&#x6587; _x000D_')).toBe('<a> &"\' 中文 \r');
    for (const f of ['yyyy-mm-dd', 'yyyy"年"m"月"d"日"', '[$-804]yyyy/m/d', 'h:mm:ss', 'm/d/yy']) expect(isDateFormat(f), f).toBe(true);
    for (const f of ['0.00', '#,##0', '0%', '"元"0.00', '[Red]0.0', 'General', '@']) expect(isDateFormat(f), f).toBe(false);
  });
});
