import { describe, expect, it } from 'vitest';
import { PayoutFormula } from './mutualaid.contract.ts';
import { computePayout, describeFormula } from './payout.ts';

/** 在职职工住院互助 as the demo states it: ¥50 a day from the 4th day, 60% above ¥1,000, ¥3,000 a claim, ¥8,000 a year. */
const hospital = PayoutFormula.parse({
  parts: [
    { type: 'per_day', perDayFen: 50_00, fromDay: 4, maxDays: 90 },
    { type: 'share', deductibleFen: 1_000_00, ratio: 0.6 },
  ],
  perClaimCapFen: 3_000_00,
  yearlyCapFen: 8_000_00,
});
const accident = PayoutFormula.parse({
  parts: [
    {
      type: 'grade',
      table: [
        { grade: 1, amountFen: 100_000_00 },
        { grade: 10, amountFen: 5_000_00 },
      ],
    },
  ],
  lifetimeCapFen: 100_000_00,
});
const facts = (f: Partial<{ hospitalDays: number; outOfPocketFen: number; disabilityGrade: number; diagnosed: boolean }>) => ({
  hospitalDays: null,
  outOfPocketFen: null,
  disabilityGrade: null,
  diagnosed: false,
  ...f,
});
const none = { thisYearFen: 0, lifetimeFen: 0 };

describe('the payout formula', () => {
  it('counts hospital days from the plan’s day and a share above the deductible, and says so', () => {
    const p = computePayout(hospital, facts({ hospitalDays: 10, outOfPocketFen: 3_500_00 }), none);
    // 7 days × 50 = 350; (3,500 − 1,000) × 60% = 1,500
    expect(p).toMatchObject({ computedFen: 1_850_00, payableFen: 1_850_00, excessFen: 0 });
    expect(p.lines[0]).toBe('住院津贴：住院 10 天，自第 4 天起计 7 天 × 每天 50.00元 = 350.00元');
    expect(p.lines[1]).toBe('医疗费补助：（自付费用 3,500.00元 − 起付线 1,000.00元）× 60% = 1,500.00元');
    expect(p.explanation).toMatch(/^按计划计算应给付 1,850.00元。/);
  });

  it('stops at the per-claim cap and at what is left of the yearly cap, naming the excess', () => {
    const big = computePayout(hospital, facts({ hospitalDays: 30, outOfPocketFen: 20_000_00 }), none);
    expect(big).toMatchObject({ computedFen: 12_750_00, payableFen: 3_000_00 });
    expect(big.lines).toContain('超过单次限额 3,000.00元，按限额给付');
    const late = computePayout(hospital, facts({ hospitalDays: 30, outOfPocketFen: 20_000_00 }), { thisYearFen: 6_500_00, lifetimeFen: 6_500_00 });
    expect(late).toMatchObject({ payableFen: 1_500_00, excessFen: 11_250_00 });
    expect(late.explanation).toContain('年度限额 8,000.00元 仅余 1,500.00元，超出部分 1,500.00元 不予给付');
  });

  it('pays a disability grade from the table within the lifetime cap', () => {
    expect(computePayout(accident, facts({ disabilityGrade: 10 }), none)).toMatchObject({ payableFen: 5_000_00 });
    expect(computePayout(accident, facts({ disabilityGrade: 5 }), none).lines[0]).toBe('伤残给付：5 级伤残不在本计划给付表内，本项为 0');
    expect(computePayout(accident, facts({ disabilityGrade: 1 }), { thisYearFen: 0, lifetimeFen: 99_000_00 })).toMatchObject({ payableFen: 1_000_00 });
  });

  it('reads a formula in words', () => {
    expect(describeFormula(hospital)).toEqual([
      '住院津贴：住院第 4 天起每天 50.00元，最多 90 天',
      '医疗费补助：自付费用超过起付线 1,000.00元 的部分按 60% 给付',
      '单次最高 3,000.00元',
      '每个保障期累计最高 8,000.00元',
    ]);
  });

  it('refuses a formula with a repeated grade or no part, in Chinese', () => {
    const r = PayoutFormula.safeParse({
      parts: [
        {
          type: 'grade',
          table: [
            { grade: 1, amountFen: 1 },
            { grade: 1, amountFen: 2 },
          ],
        },
      ],
    });
    expect(r.success ? '' : r.error.issues[0]!.message).toBe('伤残等级不能重复');
    const e = PayoutFormula.safeParse({ parts: [] });
    expect(e.success ? '' : e.error.issues[0]!.message).toBe('请至少设置一项给付方式');
  });
});
