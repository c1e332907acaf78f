import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import {
  dataRows,
  fenOfYuan,
  labelLookup,
  mapHeader,
  matchColumns,
  normaliseDate,
  rowErrors,
  sheetFormatOf,
  tooManyRows,
  type ImportColumn,
} from './imports.ts';
import { FORMULA_CELL, NUMBER_CELL, cellRuleOf, storageProblem } from './cells.ts';
import { readSheet } from './xlsx.ts';
import ExcelJS from 'exceljs';

const COLUMNS: ImportColumn<'name' | 'idNumber' | 'income' | 'phone'>[] = [
  { key: 'name', header: '姓名', required: true },
  { key: 'idNumber', header: '身份证号', required: true, aliases: ['公民身份号码'] },
  { key: 'income', header: '年收入（元）', required: false },
  { key: 'phone', header: '手机号', required: false },
];

const messageOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as AppError).fields[0]?.message;
  }
  return undefined;
};

describe('the upload', () => {
  const xlsx = Buffer.from('PK\x03\x04', 'latin1');
  const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  it('takes an .xlsx by its bytes and its name together', () => {
    expect(sheetFormatOf('台账.XLSX', xlsx)).toBe('xlsx');
    expect(messageOf(() => sheetFormatOf('台账.zip', xlsx))).toBe('只支持 Excel 2007 及以上的 .xlsx 文件');
    expect(messageOf(() => sheetFormatOf('台账.xlsx', Buffer.from('姓名,身份证号\n')))).toBe('只支持 Excel 2007 及以上的 .xlsx 文件');
  });
  it('tells how to save an old .xls as .xlsx, and takes CSV only where the import reads it', () => {
    expect(messageOf(() => sheetFormatOf('台账.xls', xls))).toContain('另存为 .xlsx');
    expect(sheetFormatOf('名册.csv', Buffer.from('姓名,身份证号\n'), ['xlsx', 'csv'])).toBe('csv');
    expect(messageOf(() => sheetFormatOf('名册.csv', Buffer.from('姓名\n')))).toBe('只支持 Excel 2007 及以上的 .xlsx 文件');
  });
});

describe('the header row', () => {
  it('matches headers with their required mark, spaces and bracketed notes, and aliases', () => {
    const sheet = mapHeader(['姓 名*', '公民身份号码', '年收入(元)', ''], COLUMNS);
    expect(sheet.errors).toEqual([]);
    expect(sheet.index).toEqual({ name: 0, idNumber: 1, income: 2 });
    expect(sheet.cell([' 王芳 ', '1501', '100'], 'name')).toBe('王芳');
    expect(sheet.cell(['王芳'], 'phone')).toBe('');
  });
  it('names each missing required column in row 1', () => {
    expect(mapHeader(['姓名', '手机'], COLUMNS).errors).toEqual([{ row: 1, column: '身份证号', message: '缺少「身份证号」列' }]);
  });
  it('matches a header containing a known one only when asked (the user confirms those)', () => {
    expect(matchColumns(['职工姓名', '身份证号'], COLUMNS)).toEqual({ idNumber: 1 });
    expect(matchColumns(['职工姓名', '身份证号'], COLUMNS, { partial: true })).toEqual({ name: 0, idNumber: 1 });
  });
});

describe('rows and their problems', () => {
  it('numbers rows as Excel does and leaves blank ones out', () => {
    const rows = [['姓名'], ['甲'], ['', ' '], ['乙']].map((cells, i) => ({ rowNo: i + 1, cells }));
    expect(dataRows(rows)).toEqual([
      { row: 2, cells: ['甲'] },
      { row: 4, cells: ['乙'] },
    ]);
    expect(tooManyRows(6000, 5000).message).toBe('一次最多导入 5000 行，本文件有 6000 行');
  });
  it('names a problem by its column’s header', () => {
    const errors = rowErrors(COLUMNS);
    errors.add(3, 'income', '年收入应为金额（元）');
    expect(errors.list).toEqual([{ row: 3, column: '年收入（元）', message: '年收入应为金额（元）' }]);
  });
});

describe('cell text', () => {
  it('reads dates as staff write them', () => {
    for (const s of ['2025-3-8', '2025/03/08', '2025.3.8', '2025年3月8日', '20250308']) expect(normaliseDate(s)).toBe('2025-03-08');
    expect(normaliseDate('2025-02-30')).toBeUndefined();
    expect(normaliseDate('三月八日')).toBeUndefined();
  });
  it('reads amounts in 元 as fen', () => {
    expect(fenOfYuan('22,032.5元')).toBe(2_203_250);
    expect(fenOfYuan('abc')).toBeNull();
    expect(fenOfYuan('1.234')).toBeNull();
  });
  it('reads labels, codes and the usual other words', () => {
    const map = labelLookup({ urban: '城镇户口', rural: '农村户口' }, { 农业: 'rural' });
    expect([map.get('城镇户口'), map.get('rural'), map.get('农业'), map.get('外星')]).toEqual(['urban', 'rural', 'rural', undefined]);
  });
});

describe('cells whose storage lost what staff typed', () => {
  const LOST = '身份证号单元格是数字格式，Excel 已丢失末尾数字，请将该列设为文本后重新填写';

  it('knows a column by its header: ID numbers, phones, accounts, codes, names', () => {
    expect(['身份证号', '手机号', '联系电话', '银行账号', '统一社会信用代码', '会员编号', '姓名', '组织名称', '住址'].map(cellRuleOf)).toEqual([
      'idNumber',
      'phone',
      'phone',
      'bankAccount',
      'code',
      'code',
      'name',
      'name',
      undefined,
    ]);
  });

  it('refuses an ID number from any number cell, even one that passes the check digit', () => {
    expect(storageProblem('idNumber', '身份证号', '150302199506037000', NUMBER_CELL)).toBe(LOST);
    expect(storageProblem('idNumber', '身份证号', '150302950603712', NUMBER_CELL)).toBe(LOST);
    expect(storageProblem('idNumber', '身份证号', '150302199506037123')).toBeUndefined();
  });

  it('refuses a number in exponent form, as a CSV saved by Excel has it, whatever the cell', () => {
    expect(storageProblem('idNumber', '身份证号', '1.50302199506037E+17')).toContain('科学计数法');
    expect(storageProblem('bankAccount', '银行账号', '6.22848E+18')).toContain('银行账号是科学计数法');
  });

  it('takes an 11-digit mobile number from a number cell (it survives), not a landline that lost its 0', () => {
    expect(storageProblem('phone', '手机号', '13900000001', NUMBER_CELL)).toBeUndefined();
    expect(storageProblem('phone', '联系电话', '4715551234', NUMBER_CELL)).toContain('联系电话单元格是数字格式');
    expect(storageProblem('phone', '手机号', '13900000001.5', NUMBER_CELL)).toBeDefined();
  });

  it('takes a short code from a number cell, not one longer than Excel keeps; refuses any bank account', () => {
    expect(storageProblem('code', '会员编号', '1001', NUMBER_CELL)).toBeUndefined();
    expect(storageProblem('code', '会员编号', '15010220180000000', NUMBER_CELL)).toContain('会员编号单元格是数字格式');
    expect(storageProblem('bankAccount', '银行账号', '1234', NUMBER_CELL)).toBeDefined();
  });

  it('refuses a name from a formula, not one typed', () => {
    expect(storageProblem('name', '姓名', '张三', FORMULA_CELL)).toBe('姓名单元格是公式，请粘贴为数值后重新导入');
    expect(storageProblem('name', '姓名', '张三')).toBeUndefined();
  });

  it('reads how each cell of an .xlsx was stored and reports the spoiled ones by row and column', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['姓名', '身份证号', '手机号', '年收入（元）']);
    // What Excel stores for 150302199506037123 typed into a General cell: 15 significant digits.
    ws.addRow(['王芳', 1.50302199506037e17, 13900000001, 22032]);
    ws.addRow([{ formula: 'CONCATENATE("张","三")', result: '张三' }, '150302199506037123', 4715551234, '']);
    ws.addRow(['李四', { formula: 'A1', result: 1.50302199506037e17 }, '', '']);
    const rows = await readSheet(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(rows[1]).toEqual({
      rowNo: 2,
      cells: ['王芳', '150302199506037000', '13900000001', '22032'],
      storage: [undefined, NUMBER_CELL, NUMBER_CELL, NUMBER_CELL],
    });

    const sheet = mapHeader(rows[0]!.cells, COLUMNS);
    const errors = rowErrors(COLUMNS);
    const spoiled = dataRows(rows).map((r) => [...sheet.spoiled(r, errors)]);
    expect(spoiled).toEqual([['idNumber'], ['name', 'phone'], ['idNumber']]);
    expect(errors.list).toEqual([
      { row: 2, column: '身份证号', message: LOST },
      { row: 3, column: '姓名', message: '姓名单元格是公式，请粘贴为数值后重新导入' },
      { row: 3, column: '手机号', message: '手机号单元格是数字格式，Excel 可能已改动其中的数字，请将该列设为文本后重新填写' },
      { row: 4, column: '身份证号', message: LOST },
    ]);
  });
});
