import { describe, expect, it } from 'vitest';
import { checkCharacter, maskIdNumber, maskPhone, parseIdNumber } from './idcard.ts';

const today = '2026-11-23';
const make = (first17: string) => first17 + checkCharacter(first17);

describe('identity numbers', () => {
  it('accepts a resident ID and derives birth date and sex from it', () => {
    const id = make('15010219900307123');
    expect(parseIdNumber(id, today)).toMatchObject({ ok: true, type: 'resident', birthDate: '1990-03-07', sex: 'male' });
    expect(parseIdNumber(make('64010419851111002'), today)).toMatchObject({ ok: true, sex: 'female' });
  });

  it('knows the GB 11643 check character, X included', () => {
    // The standard's example: 11010519491231002X.
    expect(parseIdNumber('11010519491231002X', today)).toMatchObject({ ok: true, birthDate: '1949-12-31', sex: 'female' });
    expect(parseIdNumber('11010519491231002x', today).ok).toBe(true);
    expect(parseIdNumber('110105194912310021', today)).toEqual({ ok: false, message: '证件号码校验位不正确，请核对' });
  });

  it('refuses impossible dates, future births, bad regions and bad lengths', () => {
    expect(parseIdNumber(make('15010219900230123'), today)).toEqual({ ok: false, message: '证件号码中的出生日期无效' });
    expect(parseIdNumber(make('15010220300101123'), today)).toEqual({ ok: false, message: '证件号码中的出生日期无效' });
    expect(parseIdNumber(make('99010219900101123'), today).ok).toBe(false);
    expect(parseIdNumber(make('15000019900101123'), today)).toEqual({ ok: false, message: '证件号码的地区码 150000 无效' });
    expect(parseIdNumber('1501021990', today)).toEqual({ ok: false, message: '证件号码应为 18 位（最后一位可为 X）' });
  });

  it('accepts residence permits of Hong Kong, Macao and Taiwan residents and foreigners’ permanent residence IDs', () => {
    expect(parseIdNumber(make('81000019880808001'), today)).toMatchObject({ ok: true, type: 'hmt_residence' });
    expect(parseIdNumber(make('83000019920202002'), today)).toMatchObject({ ok: true, type: 'hmt_residence', sex: 'female' });
    expect(parseIdNumber(make('91115619850606001'), today)).toMatchObject({ ok: true, type: 'foreigner_permanent', birthDate: '1985-06-06' });
  });

  it('masks to region and last four, phones to first three and last four', () => {
    expect(maskIdNumber('150102199003071234')).toBe('150102********1234');
    expect(maskPhone('13912345678')).toBe('139****5678');
  });
});
