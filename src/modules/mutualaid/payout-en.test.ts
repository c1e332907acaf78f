import { describe, expect, it } from 'vitest';
import { PayoutFormula } from './mutualaid.contract.ts';
import { computePayout, describeFormula } from './payout.ts';
import { payoutInEnglish } from './web/payout-en.ts';

const HAN = /\p{Script=Han}/u;
/** Every part kind, each cap, and the cases that leave a part out. */
const formulas = [
  PayoutFormula.parse({
    parts: [
      { type: 'per_day', perDayFen: 50_00, fromDay: 4, maxDays: 5 },
      { type: 'share', deductibleFen: 1_000_00, ratio: 0.625 },
      {
        type: 'grade',
        table: [
          { grade: 1, amountFen: 100_000_00 },
          { grade: 10, amountFen: 5_000_00 },
        ],
      },
      { type: 'fixed', amountFen: 10_000_00 },
    ],
    perClaimCapFen: 3_000_00,
    yearlyCapFen: 8_000_00,
    lifetimeCapFen: 20_000_00,
  }),
  PayoutFormula.parse({ parts: [{ type: 'per_day', perDayFen: 80_00, fromDay: 1, maxDays: null }] }),
];
const cases = [
  { hospitalDays: null, outOfPocketFen: null, disabilityGrade: null, diagnosed: false },
  { hospitalDays: 10, outOfPocketFen: 500_00, disabilityGrade: 5, diagnosed: true },
  { hospitalDays: 2, outOfPocketFen: 3_500_00, disabilityGrade: 10, diagnosed: false },
  { hospitalDays: 30, outOfPocketFen: 20_000_00, disabilityGrade: 1, diagnosed: true },
];
const used = [
  { thisYearFen: 0, lifetimeFen: 0 },
  { thisYearFen: 6_500_00, lifetimeFen: 6_500_00 },
  { thisYearFen: 0, lifetimeFen: 19_000_00 },
];

describe('the payout in English', () => {
  it('reads every line and explanation the formula writes, leaving no Chinese', () => {
    let seen = 0;
    for (const f of formulas) {
      for (const line of describeFormula(f)) {
        const en = payoutInEnglish(line);
        expect(en, line).not.toBeNull();
        expect(en, line).not.toMatch(HAN);
        seen++;
      }
      for (const c of cases)
        for (const u of used) {
          const p = computePayout(f, c, u);
          for (const text of [...p.lines, p.explanation]) {
            const en = payoutInEnglish(text);
            expect(en, text).not.toBeNull();
            expect(en, text).not.toMatch(HAN);
            seen++;
          }
        }
    }
    expect(seen).toBeGreaterThan(100);
  });

  it('keeps the figures', () => {
    const p = computePayout(formulas[0]!, cases[3]!, used[1]!);
    expect(payoutInEnglish(p.explanation)).toBe(
      'Computed under the plan: ¥122,125.00; within the caps, payable: ¥1,500.00. Hospital allowance: 30 days in hospital; counted from day 4: 5 days (at most 5 paid) × ¥50.00 a day = ¥250.00; Medical costs: (out-of-pocket ¥20,000.00 − deductible ¥1,000.00) × 62.5% = ¥11,875.00; Disability: grade 1, ¥100,000.00 by the table; On diagnosis: diagnosed, a lump sum of ¥10,000.00; Total ¥122,125.00; Above the per-claim cap of ¥3,000.00: the cap is paid; ¥6,500.00 already paid this term; of the yearly cap of ¥8,000.00 only ¥1,500.00 is left, so ¥1,500.00 is not paid.',
    );
    expect(payoutInEnglish('某个其他说明')).toBeNull();
  });
});
