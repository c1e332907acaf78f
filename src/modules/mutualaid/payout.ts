/**
 * 互助金计算: a plan's payout formula (data) applied to a claim's facts, then the caps — per claim,
 * the plan year (what the person was already approved this period) and a lifetime — each step
 * said in words, as the hardship category is explained, so staff and the worker read why.
 * Pure: the service passes what was approved before and checks it again under the row lock.
 */
import { yuan } from '../../shared/numbers.ts';
import type { ClaimFacts, PayoutFormula, PayoutPart, PayoutView } from './mutualaid.contract.ts';

const y = (fen: number) => `${yuan(fen)}元`;
const pct = (r: number) => `${Math.round(r * 10000) / 100}%`;

function part(p: PayoutPart, f: ClaimFacts): { fen: number; line: string } {
  switch (p.type) {
    case 'per_day': {
      if (f.hospitalDays === null) return { fen: 0, line: '住院津贴：未填写住院天数，本项不计' };
      const counted = Math.max(0, f.hospitalDays - p.fromDay + 1);
      const days = p.maxDays === null ? counted : Math.min(counted, p.maxDays);
      const from = p.fromDay > 1 ? `自第 ${p.fromDay} 天起` : '';
      const limit = p.maxDays !== null && counted > p.maxDays ? `（最多给付 ${p.maxDays} 天）` : '';
      return {
        fen: days * p.perDayFen,
        line: `住院津贴：住院 ${f.hospitalDays} 天，${from}计 ${days} 天${limit} × 每天 ${y(p.perDayFen)} = ${y(days * p.perDayFen)}`,
      };
    }
    case 'share': {
      if (f.outOfPocketFen === null) return { fen: 0, line: '医疗费补助：未填写自付医疗费用，本项不计' };
      const above = Math.max(0, f.outOfPocketFen - p.deductibleFen);
      const fen = Math.floor(above * p.ratio);
      if (!above) return { fen: 0, line: `医疗费补助：自付费用 ${y(f.outOfPocketFen)} 未超过起付线 ${y(p.deductibleFen)}，本项为 0` };
      return { fen, line: `医疗费补助：（自付费用 ${y(f.outOfPocketFen)} − 起付线 ${y(p.deductibleFen)}）× ${pct(p.ratio)} = ${y(fen)}` };
    }
    case 'grade': {
      if (f.disabilityGrade === null) return { fen: 0, line: '伤残给付：未评定伤残等级，本项不计' };
      const row = p.table.find((r) => r.grade === f.disabilityGrade);
      if (!row) return { fen: 0, line: `伤残给付：${f.disabilityGrade} 级伤残不在本计划给付表内，本项为 0` };
      return { fen: row.amountFen, line: `伤残给付：${f.disabilityGrade} 级伤残，按给付表 ${y(row.amountFen)}` };
    }
    case 'fixed':
      return f.diagnosed ? { fen: p.amountFen, line: `确诊给付：已确诊，一次性给付 ${y(p.amountFen)}` } : { fen: 0, line: '确诊给付：未确诊，本项不计' };
  }
}

/** Words for a formula itself (the plan page, the portal). */
export function describeFormula(formula: PayoutFormula): string[] {
  const lines = formula.parts.map((p) => {
    switch (p.type) {
      case 'per_day':
        return `住院津贴：${p.fromDay > 1 ? `住院第 ${p.fromDay} 天起` : '住院'}每天 ${y(p.perDayFen)}${p.maxDays !== null ? `，最多 ${p.maxDays} 天` : ''}`;
      case 'share':
        return `医疗费补助：自付费用超过起付线 ${y(p.deductibleFen)} 的部分按 ${pct(p.ratio)} 给付`;
      case 'grade':
        return `伤残给付：${[...p.table]
          .sort((a, b) => a.grade - b.grade)
          .map((r) => `${r.grade} 级 ${y(r.amountFen)}`)
          .join('，')}`;
      case 'fixed':
        return `确诊给付：一次性 ${y(p.amountFen)}`;
    }
  });
  if (formula.perClaimCapFen !== null) lines.push(`单次最高 ${y(formula.perClaimCapFen)}`);
  if (formula.yearlyCapFen !== null) lines.push(`每个保障期累计最高 ${y(formula.yearlyCapFen)}`);
  if (formula.lifetimeCapFen !== null) lines.push(`终身累计最高 ${y(formula.lifetimeCapFen)}`);
  return lines;
}

/**
 * The payout of a claim: the sum of the formula's parts, then the per-claim cap, what is left of
 * the yearly cap after `usedThisYearFen`, and of the lifetime cap after `usedLifetimeFen`.
 */
export function computePayout(formula: PayoutFormula, facts: ClaimFacts, used: { thisYearFen: number; lifetimeFen: number }): PayoutView {
  const parts = formula.parts.map((p) => part(p, facts));
  const computed = parts.reduce((s, p) => s + p.fen, 0);
  const lines = parts.map((p) => p.line);
  if (parts.length > 1) lines.push(`合计 ${y(computed)}`);
  let payable = computed;
  if (formula.perClaimCapFen !== null && payable > formula.perClaimCapFen) {
    lines.push(`超过单次限额 ${y(formula.perClaimCapFen)}，按限额给付`);
    payable = formula.perClaimCapFen;
  }
  if (formula.yearlyCapFen !== null) {
    const left = Math.max(0, formula.yearlyCapFen - used.thisYearFen);
    if (payable > left) {
      lines.push(`本保障期已给付 ${y(used.thisYearFen)}，年度限额 ${y(formula.yearlyCapFen)} 仅余 ${y(left)}，超出部分 ${y(payable - left)} 不予给付`);
      payable = left;
    }
  }
  if (formula.lifetimeCapFen !== null) {
    const left = Math.max(0, formula.lifetimeCapFen - used.lifetimeFen);
    if (payable > left) {
      lines.push(`累计已给付 ${y(used.lifetimeFen)}，终身限额 ${y(formula.lifetimeCapFen)} 仅余 ${y(left)}，超出部分 ${y(payable - left)} 不予给付`);
      payable = left;
    }
  }
  const explanation =
    payable === computed
      ? `按计划计算应给付 ${y(payable)}。${lines.join('；')}。`
      : `按计划计算 ${y(computed)}，受限额约束应给付 ${y(payable)}。${lines.join('；')}。`;
  return { computedFen: computed, payableFen: payable, excessFen: computed - payable, lines, explanation };
}
