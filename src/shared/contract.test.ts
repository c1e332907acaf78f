/** The shared field builders: what each field takes, what it refuses, and the Chinese it says. */
import { describe, expect, it } from 'vitest';
import { date, id, money, nameText, optionalText, orgName, Paging, personName, queryId, queryInt, searchQuery, text, z } from './contract.ts';
import { CreateOrgInput } from '../modules/orgs/orgs.contract.ts';
import { CampaignInput } from '../modules/campaigns/campaigns.contract.ts';
import { CaseInput } from '../modules/hardship/hardship.contract.ts';

const messageOf = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? null : r.error.issues[0]!.message;
};

describe('numbers in a JSON body are JSON numbers', () => {
  it('refuses null, "", true, "0x10", "1e3", NaN-like strings and numbers in strings for an amount, naming the field', () => {
    const amount = money('家庭年可支配收入');
    for (const v of ['', true, '0x10', '1e3', 'NaN', '12', [], {}]) expect(messageOf(amount, v), String(v)).toBe('家庭年可支配收入必须是数字');
    expect(messageOf(amount, null)).toBe('请填写家庭年可支配收入');
    expect(messageOf(amount, -1)).toBe('家庭年可支配收入不能为负数');
    expect(messageOf(amount, 1e20)).toBe('家庭年可支配收入超出上限（1亿元）');
    expect(messageOf(amount, 1.5)).toBe('家庭年可支配收入须精确到分');
    expect(amount.parse(0)).toBe(0);
    expect(amount.parse(10_000_000_000)).toBe(10_000_000_000);
  });

  it('takes ids as positive integers only: an org is not created under the root by parentId true', () => {
    for (const v of [true, '5', null, 0, -1, 1.5, 2 ** 31, 1e20]) expect(messageOf(id('上级组织'), v), String(v)).toBe('上级组织无效');
    const r = CreateOrgInput.safeParse({ parentId: true, name: '某工会', type: 'grassroots' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['parentId', '上级组织无效']]);
  });

  it('does not read a household income of true as 1 fen', () => {
    const r = CaseInput.safeParse({ personId: 1, yearlyIncomeFen: true, housing: 'rented', mainCause: 'serious_illness', assessedOn: '2026-03-01' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['yearlyIncomeFen', '家庭年可支配收入必须是数字']]);
  });
});

describe('numbers in the address are read from decimal digits only', () => {
  it('reads 7 and 007, and refuses hex, exponents, signs, decimals, spaces and repeated keys', () => {
    const year = queryInt('年度', { min: 2000, max: 2100 });
    expect(year.parse('2026')).toBe(2026);
    expect(queryId('活动').parse('007')).toBe(7);
    for (const v of ['0x10', '1e3', '-1', '+1', '1.5', ' 1', '', 'NaN', '99999999999', ['1', '2']])
      expect(messageOf(queryId('活动'), v), String(v)).toBe('活动无效');
    expect(messageOf(year, '1999')).toBe('年度须为 2000–2100 之间的整数');
    expect(Paging.parse({})).toEqual({ page: 1, pageSize: 20 });
    expect(messageOf(Paging, { pageSize: '999' })).toBe('每页最多 200 条');
  });
});

describe('dates', () => {
  it('takes real calendar days between 1900 and 2100 only', () => {
    const on = date('帮扶日期');
    expect(on.parse('2024-02-29')).toBe('2024-02-29');
    for (const v of ['0000-01-01', '1899-12-31', '2101-01-01', '2025-02-29', '2025-13-01', '20250101', '2025-1-1', '+02025-01-01', '2025-01-01\u0000']) {
      expect(messageOf(on, v), v).toBe('帮扶日期不是有效日期（格式：2025-12-17，年份 1900–2100）');
    }
  });
});

describe('text', () => {
  it('refuses NUL and other control characters, direction overrides and lone surrogates, naming the field', () => {
    const name = text('活动名称');
    expect(messageOf(name, 'a\u0000b')).toBe('活动名称含有换行或控制字符，请删除');
    expect(messageOf(name, 'a\u0085b')).toBe('活动名称含有换行或控制字符，请删除');
    expect(messageOf(name, '第一行\n第二行')).toBe('活动名称含有换行或控制字符，请删除');
    expect(messageOf(name, '\u202Etxt.exe')).toBe('活动名称含有文字方向控制符，请删除');
    expect(messageOf(name, '\u2066a\u2069')).toBe('活动名称含有文字方向控制符，请删除');
    expect(messageOf(name, '慰问\ud800')).toBe('活动名称含有无法识别的字符，请重新输入');
    expect(messageOf(name, '\udc00慰问')).toBe('活动名称含有无法识别的字符，请重新输入');
    expect(name.parse('  夏送清凉 😀 ')).toBe('夏送清凉 😀');
  });

  it('keeps line breaks and tabs in text of several lines, and still refuses NUL there', () => {
    const notes = optionalText('备注', { multiline: true });
    expect(notes.parse('第一行\r\n第二行\t完')).toBe('第一行\n第二行\t完');
    expect(messageOf(notes, '第一行\u0000')).toBe('备注含有控制字符，请删除');
    expect(notes.parse('   ')).toBe(null);
  });

  it('refuses zero-width characters, markup and a leading formula in names only', () => {
    for (const schema of [nameText('档次名称'), orgName()]) {
      expect(messageOf(schema, '张\u200B三')).toMatch(/含有不可见的字符，请删除$/);
      expect(messageOf(schema, '工\u2060会')).toMatch(/含有不可见的字符，请删除$/);
      expect(messageOf(schema, '<script>alert(1)</script>')).toMatch(/不能包含“<”或“>”$/);
      for (const f of ["=cmd|' /C calc'!A0", '+1', '-1', '@SUM(A1)']) expect(messageOf(schema, f)).toMatch(/不能以 =、\+、-、@ 开头$/);
    }
    expect(messageOf(orgName(), '新城区=环卫工会')).toBe(null);
    expect(optionalText('备注').parse('<b>加急</b>')).toBe('<b>加急</b>');
  });

  it('refuses in a search what cannot be text, and takes the rest', () => {
    expect(messageOf(searchQuery(), '张\u0000')).toBe('查询条件含有换行或控制字符，请删除');
    expect(searchQuery().parse('<script>')).toBe('<script>');
    expect(searchQuery().parse(undefined)).toBe(undefined);
  });
});

describe('person names', () => {
  const name = personName();
  it('takes Chinese characters, the middle dot of minority and foreign names, and Latin letters', () => {
    expect(name.parse('李秀英')).toBe('李秀英');
    expect(name.parse('买买提・艾力')).toBe('买买提·艾力');
    expect(name.parse('阿依古丽•买买提')).toBe('阿依古丽·买买提');
    expect(name.parse('阿卜杜拉 ‧ 热合曼')).toBe('阿卜杜拉·热合曼');
    expect(name.parse('ＬＩ　ＮＡ')).toBe('LI NA');
    expect(name.parse('  Zoë  Müller ')).toBe('Zoë Müller');
  });
  it('refuses digits, markup, formulas, invisible characters and single characters', () => {
    expect(messageOf(name, '张三1')).toBe('姓名只能包含汉字、字母和间隔号“·”');
    expect(messageOf(name, '·张三')).toBe('姓名只能包含汉字、字母和间隔号“·”');
    expect(messageOf(name, '张··三')).toBe('姓名只能包含汉字、字母和间隔号“·”');
    expect(messageOf(name, '<script>')).toBe('姓名不能包含“<”或“>”');
    expect(messageOf(name, '=cmd')).toBe('姓名不能以 =、+、-、@ 开头');
    expect(messageOf(name, '张\u200B三')).toBe('姓名含有不可见的字符，请删除');
    expect(messageOf(name, '张\u202E三')).toBe('姓名含有文字方向控制符，请删除');
    expect(messageOf(name, '张\ud800')).toBe('姓名含有无法识别的字符，请重新输入');
    expect(messageOf(name, '张')).toBe('姓名至少 2 个字');
    expect(messageOf(name, '')).toBe('请填写姓名');
    expect(messageOf(name, '张'.repeat(51))).toBe('姓名不能超过 50 个字');
  });
});

describe('totals are capped, not only their parts', () => {
  it('refuses a campaign whose funds add up to more than 1亿元, though each is within it', () => {
    const campaign = (amounts: number[]) => ({
      name: '两节送温暖',
      kind: 'festival_warmth',
      orgId: 1,
      startsOn: '2026-01-01',
      endsOn: '2026-02-28',
      mode: 'single',
      rule: {},
      funds: amounts.map((amountFen) => ({ source: 'own_budget', amountFen })),
      packages: [{ name: '慰问金', kind: 'cash', valueFen: 500_00 }],
    });
    expect(CampaignInput.safeParse(campaign([6_000_000_000, 4_000_000_000])).success).toBe(true);
    const r = CampaignInput.safeParse(campaign([6_000_000_000, 4_000_000_001]));
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['funds', '资金合计不能超过 1亿元']]);
  });
});
