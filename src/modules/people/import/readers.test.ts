import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { detectEncoding, readRoster } from './readers.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-readers-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const row = (i: number) => [`内蒙古自治区第${i}号环卫工人乌云其其格`, `${i}`, `呼和浩特市新城区锡林郭勒北路${i}号院`];

describe('roster readers', () => {
  it('reads Chinese text from a large .xlsx intact across stream chunks', async () => {
    const file = path.join(dir, 'big.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
    const ws = wb.addWorksheet('名册');
    for (let i = 0; i < 20000; i++) ws.addRow(row(i)).commit();
    ws.commit();
    await wb.commit();
    let n = 0;
    for await (const { cells } of readRoster(file, 'xlsx', null)) {
      expect(cells).toEqual(row(n));
      n++;
    }
    expect(n).toBe(20000);
  });

  it('tells GB18030 from UTF-8 by the bytes', () => {
    const text = '姓名,身份证号\n张三,150102198001010011\n';
    expect(detectEncoding(Buffer.from(text))).toBe('utf-8');
    expect(detectEncoding(iconv.encode(text, 'gb18030'))).toBe('gb18030');
    expect(detectEncoding(Buffer.from('\ufeff' + text))).toBe('utf-8');
  });
});
