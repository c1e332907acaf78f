import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { isDateFormat, readXlsxRows, unescapeXml, type SheetRow } from './xlsx-rows.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-xlsx-rows-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function rowsOf(file: string): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const r of readXlsxRows(file)) rows.push(r);
  return rows;
}

/** What exceljs's own (non-streaming) reader makes of the first sheet, as cell texts. */
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
  const rows: SheetRow[] = [];
  wb.worksheets[0]!.eachRow((row, rowNo) => {
    const values = row.values as ExcelJS.CellValue[];
    const cells = Array.from({ length: values.length - 1 }, (_, i) => text(values[i + 1]).trim());
    while (cells.length && cells[cells.length - 1] === '') cells.pop();
    if (cells.length) rows.push({ rowNo, cells });
  });
  return rows;
}

describe('xlsx rows', () => {
  it('reads what exceljs reads: shared and rich text, numbers, dates, formulas, booleans, gaps, entities', async () => {
    const file = path.join(dir, 'mixed.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('职工名册');
    wb.addWorksheet('说明').addRow(['这张表不应被读到']);
    ws.addRow(['姓名', '身份证号', '手机号', '入会日期', '工龄', '备注', '党员', '合计']);
    ws.addRow(['乌云其其格', '15010219800101001X', 13900000001, new Date(Date.UTC(2018, 4, 1)), 12.5, 'A&B <公司> "优秀" \'员工\'', true, { formula: 'E2*2', result: 25 }]);
    ws.addRow(['  张 伟  ', '150102198001010011', '', new Date(Date.UTC(2020, 0, 31)), 0, { richText: [{ text: '富', font: { bold: true } }, { text: '文本' }] }, false, { formula: 'A3', result: '张 伟' }]);
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
    expect(rows[1]).toEqual({ rowNo: 2, cells: ['乌云其其格', '15010219800101001X', '13900000001', '2018-05-01', '12.5', 'A&B <公司> "优秀" \'员工\'', 'true', '25'] });
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
