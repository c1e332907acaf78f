import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { renderPickupCards, renderSignoffSheet } from './print.ts';

/** Enough PDF reading to check what a person would see: pages, title, the embedded font. */
function readPdf(pdf: Buffer) {
  const text = pdf.toString('latin1');
  const pages = text.match(/\/Type \/Page(?!s)\b/g)?.length ?? 0;
  const count = Number(/\/Type \/Pages\s*\/Count (\d+)/.exec(text)?.[1]);

  const titleRef = /\/Title (\d+) 0 R/.exec(text)?.[1];
  const start = text.indexOf(`\n${titleRef} 0 obj\n(`) + `\n${titleRef} 0 obj\n(`.length;
  const raw: number[] = [];
  for (let i = start; text[i] !== ')'; i++) {
    if (text[i] === '\\') {
      i++;
      const esc = { n: 10, r: 13, t: 9, b: 8, f: 12 }[text[i] as 'n'];
      if (esc !== undefined) raw.push(esc);
      else if (/[0-7]/.test(text[i]!)) {
        const oct = /^[0-7]{1,3}/.exec(text.slice(i, i + 3))![0];
        raw.push(parseInt(oct, 8));
        i += oct.length - 1;
      } else raw.push(text.charCodeAt(i));
    } else raw.push(text.charCodeAt(i));
  }
  const bytes = Buffer.from(raw);
  const title = bytes[0] === 0xfe && bytes[1] === 0xff ? Buffer.from(bytes.subarray(2)).swap16().toString('utf16le') : bytes.toString('latin1');

  const fonts = [...text.matchAll(/\/BaseFont \/(\S+)/g)].map((m) => m[1]!);
  // ToUnicode maps of the embedded subsets: which characters the font can show.
  const toUnicode = [...text.matchAll(/stream\r?\n/g)]
    .map((m) => {
      const from = m.index + m[0].length;
      const to = text.indexOf('endstream', from);
      try {
        return inflateSync(pdf.subarray(from, to)).toString('latin1');
      } catch {
        return '';
      }
    })
    .filter((s) => s.includes('begincmap'))
    .join('\n')
    .toUpperCase();
  const covers = (s: string) => [...s].every((ch) => toUnicode.includes(`<${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`));

  return { pages, count, title, fonts, covers };
}

const people = ['张三', '李四', '王小明', '欧阳娜娜', '赵六', '钱七', '孙八', '周九', '吴十'];

describe('pick-up cards', () => {
  it('puts 8 cards on a page, titles the file and embeds a CJK subset covering the names', async () => {
    const pdf = await renderPickupCards({
      campaignName: '2026年春节送温暖',
      orgName: '市总工会',
      cards: people.map((name, i) => ({
        name,
        idMasked: '3201**********123X',
        orgName: i % 2 ? '某某区总工会某某街道工会联合会第三基层工会委员会' : '钢铁厂工会',
        packageName: '春节慰问品（米、油、面）',
        code: `NJ${1000 + i}`,
      })),
    });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const doc = readPdf(pdf);
    expect(doc.pages).toBe(2);
    expect(doc.count).toBe(2);
    expect(doc.title).toBe('2026年春节送温暖 领取卡');
    const cjk = doc.fonts.find((f) => /^[A-Z]{6}\+.*(CJK|Hei|PingFang|WenQuanYi)/i.test(f));
    expect(cjk, doc.fonts.join(', ')).toBeDefined();
    expect(doc.covers(people.join('') + '领取卡第页共慰问品')).toBe(true);
    expect(doc.covers('龘')).toBe(false);
  });

  it('still gives one page for an empty list', async () => {
    const doc = readPdf(await renderPickupCards({ campaignName: '空', orgName: '市总工会', cards: [] }));
    expect(doc.pages).toBe(1);
  });
});

describe('sign-off sheet', () => {
  it('spreads 30 rows over two landscape pages with the signature lines on the last', async () => {
    const pdf = await renderSignoffSheet({
      campaignName: '2026年春节送温暖',
      pointName: '人民广场发放点',
      orgName: '市总工会',
      rows: Array.from({ length: 30 }, (_, i) => ({
        name: people[i % people.length]!,
        idMasked: '3201**********123X',
        orgName: '钢铁厂工会',
        packageName: '慰问金',
        amountFen: 50000 + i,
      })),
    });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const doc = readPdf(pdf);
    expect(doc.pages).toBe(2);
    expect(doc.title).toBe('2026年春节送温暖 签领表');
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 841\.89 595\.28\]/);
    expect(doc.covers('序号姓名身份证号单位慰问品金额元领取日期签字经办人审核人合计＿')).toBe(true);
  });

  it('never leaves the signature lines alone: a full first page pushes rows onto the last', async () => {
    const rows = (n: number) =>
      Array.from({ length: n }, () => ({ name: '张三', idMasked: '3201**********123X', orgName: '钢铁厂', packageName: '慰问金', amountFen: 100 }));
    const pagesFor = async (n: number) => readPdf(await renderSignoffSheet({ campaignName: 'x', pointName: 'p', orgName: 'o', rows: rows(n) })).pages;
    expect(await pagesFor(0)).toBe(1);
    expect(await pagesFor(15)).toBe(1);
    expect(await pagesFor(17)).toBe(2);
  });
});
