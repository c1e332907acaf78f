/** Money as the pages show it: fen in, ¥ with two decimals out, 万 for large totals. */
import { describe, expect, it } from 'vitest';
import { count, money, moneyTotal, setNumberLocale, toFen, toYuan } from './money.ts';

describe('money on the pages', () => {
  it('shows fen as yuan with separators and two decimals', () => {
    expect(money(123456)).toBe('¥1,234.56');
    expect(money(null)).toBe('—');
  });

  it('writes a total of 1万元 or more in 万', () => {
    expect(moneyTotal(999_999)).toBe('¥9,999.99');
    expect(moneyTotal(49_600_000)).toBe('¥49.6万');
    expect(count(49_600)).toBe('4.96万');
  });

  it('never writes 万 or 亿 in English: grouped digits, then millions and billions', () => {
    setNumberLocale('en');
    try {
      expect(moneyTotal(20_000_000)).toBe('¥200,000.00');
      expect(moneyTotal(230_000_000)).toBe('¥2.3 million');
      expect(moneyTotal(123_000_000_000)).toBe('¥1.23 billion');
      expect(count(49_600)).toBe('49,600');
      expect(money(123456)).toBe('¥1,234.56');
    } finally {
      setNumberLocale('zh-CN');
    }
    expect(moneyTotal(20_000_000)).toBe('¥20万');
    expect(count(49_600)).toBe('4.96万');
  });

  it('writes 萬 and 億 in 繁體', () => {
    setNumberLocale('zh-TW');
    try {
      expect(moneyTotal(20_000_000)).toBe('¥20萬');
      expect(count(1.2e8)).toBe('1.2億');
    } finally {
      setNumberLocale('zh-CN');
    }
  });

  it('turns the 元 a form holds into whole fen and back', () => {
    expect(toFen(12.345)).toBe(1235);
    expect(toFen(undefined)).toBeUndefined();
    expect(toYuan(1235)).toBe(12.35);
  });
});
