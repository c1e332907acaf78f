import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { OFFICE_DATE_FORMAT, writeOfficeSheet } from './xlsx.ts';

async function write(rows: { name: string; on: string; fen: number }[]) {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => stream.on('end', resolve));
  await writeOfficeSheet(stream, {
    fileName: '某某工会二〇二六年春节送温暖发放台账（很长的名字超过三十一个字符）',
    titleLines: ['某某工会 春节送温暖 发放台账', '活动期间：2026年1月10日至2026年2月10日'],
    columns: [
      { header: '序号', type: 'int', value: (_, i) => i + 1 },
      { header: '姓名', value: (r) => r.name },
      { header: '金额', type: 'fen', value: (r) => r.fen },
      { header: '发放日期', type: 'date', value: (r) => r.on },
    ],
    rows,
    totals: { 姓名: `${rows.length} 人`, 金额: rows.reduce((s, r) => s + r.fen, 0) },
  });
  await ended;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
}

describe('office sheet', () => {
  it('writes title rows, a frozen and repeated header, real dates, money in 元 and a totals row, set for A4 landscape', async () => {
    const ws = await write([
      { name: '张三', on: '2026-01-12', fen: 50000 },
      { name: '李四', on: '2026-01-13', fen: 20050 },
    ]);
    expect(ws.getCell('A1').value).toBe('某某工会 春节送温暖 发放台账');
    expect(ws.getCell('A1').isMerged).toBe(true);
    expect(ws.getCell('A3').value).toBe('序号');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToWidth: 1, printTitlesRow: '3:3' });
    const on = ws.getCell('D4');
    expect(on.value).toEqual(new Date('2026-01-12T00:00:00Z'));
    expect(on.numFmt).toBe(OFFICE_DATE_FORMAT);
    expect(ws.getCell('C5').value).toBe(200.5);
    expect(ws.getCell('A6').value).toBe('合计');
    expect(ws.getCell('C6').value).toBe(700.5);
    expect(ws.name.length).toBeLessThanOrEqual(31);
  });

  it('stores text that starts like a formula as text, never as a formula', async () => {
    const ws = await write([
      { name: '=HYPERLINK("http://x","y")', on: '2026-01-12', fen: 1 },
      { name: '+1', on: '2026-01-12', fen: 1 },
      { name: '-2', on: '2026-01-12', fen: 1 },
      { name: '@SUM(A1)', on: '2026-01-12', fen: 1 },
    ]);
    for (const row of [4, 5, 6, 7]) {
      const cell = ws.getCell(`B${row}`);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
      expect(cell.numFmt).toBe('@');
    }
    expect(ws.getCell('B4').value).toBe('=HYPERLINK("http://x","y")');
  });
});
