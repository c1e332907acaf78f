/**
 * Generates a realistic roster of N workers (valid, unique ID numbers from Inner Mongolia's
 * counties; the usual Chinese headers) as .xlsx (exceljs streaming writer) and .csv, and the same
 * people as already-processed COPY rows of `persons` for the raw COPY baseline.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { withCheckCharacter } from '../src/shared/idcard.ts';

export const HEADERS = ['姓名', '身份证号', '手机号', '所属工会', '工作单位', '职业', '用工形式', '民族', '工作状态', '住址'];
/** People are spread over this many grassroots unions, as in a real federation's roster. */
export const UNIONS = 500;
export const unionName = (n: number) => `基准测试第${n}基层工会`;

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文海燕鹏飞波宇辉晨阳斌鑫宁浩凯亮慧颖琳丹晶欣雪梅';
const OCC = ['环卫工人', '快递员', '外卖送餐员', '货车司机', '网约车司机', '建筑工人'];
const FORMS = ['标准劳动关系', '新就业形态', '新就业形态', '新就业形态', '新就业形态', '农民工'];
const REGIONS = [
  '150102',
  '150103',
  '150104',
  '150105',
  '150121',
  '150202',
  '150203',
  '150204',
  '150302',
  '150402',
  '150502',
  '150602',
  '150702',
  '150802',
  '150902',
  '152201',
  '152501',
  '152921',
];

/** Row i of the roster: deterministic, all IDs distinct. */
export function rosterRow(i: number): string[] {
  const region = REGIONS[i % REGIONS.length]!;
  const k = Math.floor(i / REGIONS.length);
  const day = k % 9000; // ~24 years of birth dates
  const date = new Date(Date.UTC(1965, 0, 1) + day * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  // Distinct for every (region, day) up to 9 million rows, and spread like real sequence numbers.
  const seq = (Math.floor(k / 9000) + 37 * day) % 1000;
  const first17 = `${region}${date}${String(seq).padStart(3, '0')}`;
  const s = SURNAMES[i % SURNAMES.length]!;
  const g = GIVEN[(i * 7) % GIVEN.length]! + (i % 3 ? GIVEN[(i * 13) % GIVEN.length]! : '');
  const o = i % OCC.length;
  return [
    s + g,
    withCheckCharacter(first17),
    `13${String(100000000 + ((i * 7919) % 900000000)).padStart(9, '0')}`,
    unionName((i * 31) % UNIONS),
    `${OCC[o]}服务公司${i % 500}`,
    OCC[o]!,
    FORMS[o]!,
    i % 6 === 0 ? '蒙古族' : '汉族',
    '在岗',
    `内蒙古自治区呼和浩特市新城区第${i % 300}街${i % 97}号`,
  ];
}

export async function writeXlsx(path: string, rows: number) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('职工名册');
  ws.addRow(HEADERS).commit();
  for (let i = 0; i < rows; i++) ws.addRow(rosterRow(i)).commit();
  ws.commit();
  await wb.commit();
}

export async function writeCsv(path: string, rows: number) {
  const out = fs.createWriteStream(path);
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  out.write('\ufeff' + HEADERS.join(',') + '\n');
  for (let i = 0; i < rows; i++) {
    if (!out.write(rosterRow(i).map(quote).join(',') + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
