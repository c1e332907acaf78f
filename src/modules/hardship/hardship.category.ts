/**
 * 困难类别认定: the category from the household figures and the org's policy parameters, with the
 * sentence that explains it. Per-capita monthly income = (yearly disposable income − hardship
 * spending) ÷ 12 ÷ household size (DESIGN §6).
 */
import { yuan } from '../../shared/numbers.ts';
import { CATEGORY_LABELS, type Category } from './hardship.contract.ts';

export interface HouseholdFigures {
  yearlyIncomeFen: number;
  hardshipSpendingFen: number;
  householdSize: number;
  suddenEvent: boolean;
  /** Years employed in the city when the applicant is a migrant worker, else null. */
  migrantYears: number | null;
}

export interface CategoryParams {
  dibaoFen: number;
  relativeMultiplier: number;
  accidentShare: number;
  migrantMinYears: number;
}

export interface Assessment {
  category: Category | null;
  perCapitaMonthlyFen: number;
  explanation: string;
}

const y = (fen: number) => `${yuan(fen).replace(/\.00$/, '')}元`;

export function assessCategory(h: HouseholdFigures, p: CategoryParams): Assessment {
  const perCapita = Math.max(0, Math.floor((h.yearlyIncomeFen - h.hardshipSpendingFen) / 12 / h.householdSize));
  const relativeLine = Math.round(p.dibaoFen * p.relativeMultiplier);
  const base = `人均月收入 ${y(perCapita)}`;
  if (perCapita < p.dibaoFen) {
    return { category: 'deep', perCapitaMonthlyFen: perCapita, explanation: `${base} < 低保标准 ${y(p.dibaoFen)} → ${CATEGORY_LABELS.deep}` };
  }
  if (h.suddenEvent && h.hardshipSpendingFen > h.yearlyIncomeFen * p.accidentShare) {
    return {
      category: 'accident',
      perCapitaMonthlyFen: perCapita,
      explanation: `当年刚性支出 ${y(h.hardshipSpendingFen)} > 家庭年收入 ${y(h.yearlyIncomeFen)} 的 ${Math.round(p.accidentShare * 100)}%，且遭遇突发事件 → ${CATEGORY_LABELS.accident}`,
    };
  }
  if (perCapita < relativeLine) {
    const line = `相对困难线 ${y(relativeLine)}（低保 ${y(p.dibaoFen)} × ${p.relativeMultiplier}）`;
    if (h.migrantYears !== null && h.migrantYears >= p.migrantMinYears) {
      return {
        category: 'migrant',
        perCapitaMonthlyFen: perCapita,
        explanation: `${base} < ${line}，在城镇务工 ${h.migrantYears} 年（≥ ${p.migrantMinYears} 年）→ ${CATEGORY_LABELS.migrant}`,
      };
    }
    return { category: 'relative', perCapitaMonthlyFen: perCapita, explanation: `${base} < ${line} → ${CATEGORY_LABELS.relative}` };
  }
  return { category: null, perCapitaMonthlyFen: perCapita, explanation: `${base} ≥ 相对困难线 ${y(relativeLine)}，不符合困难职工认定条件` };
}
