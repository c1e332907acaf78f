/**
 * The self-test's answer in plain Chinese for the worker: the same category rules as a staff-filed
 * file (hardship.category.ts), said with the household's own figures and the union's lines
 * ("您家人均月收入 ¥1,000，低于本地低保标准 ¥760 的 2 倍 ¥1,520，可按相对困难申请").
 */
import { yuan } from '../../shared/numbers.ts';
import { assessCategory, type Assessment, type CategoryParams, type HouseholdFigures as Figures } from './hardship.category.ts';
import { CATEGORY_LABELS } from './hardship.contract.ts';
import type { HouseholdFigures, SelfTestResult } from './help-request.contract.ts';

/** ¥1,234 or ¥1,234.50: whole yuan without the decimals. */
const money = (fen: number) => `¥${yuan(fen).replace(/\.00$/, '')}`;

/** The figures the category rules read, from what the worker entered. */
export function figuresOf(h: HouseholdFigures): Figures {
  return {
    yearlyIncomeFen: h.monthlyIncomeFen * 12,
    hardshipSpendingFen: h.medicalSpendingFen + h.educationSpendingFen + h.otherSpendingFen,
    householdSize: h.householdSize,
    suddenEvent: h.suddenEvent,
    migrantYears: h.migrantYears,
  };
}

function formulaOf(h: HouseholdFigures, a: Assessment): string {
  const spending = h.medicalSpendingFen + h.educationSpendingFen + h.otherSpendingFen;
  return `人均月收入 =（家庭月收入 ${money(h.monthlyIncomeFen)} × 12 − 全年刚性支出 ${money(spending)}）÷ 12 ÷ 家庭人口 ${h.householdSize} 人 = ${money(a.perCapitaMonthlyFen)}`;
}

/** Why this category, in the worker's words, with the figures. */
function sentenceOf(h: HouseholdFigures, a: Assessment, p: CategoryParams, relativeLine: number): string {
  const income = `您家人均月收入 ${money(a.perCapitaMonthlyFen)}`;
  const line = `本地低保标准 ${money(p.dibaoFen)} 的 ${p.relativeMultiplier} 倍 ${money(relativeLine)}`;
  switch (a.category) {
    case 'deep':
      return `${income}，低于本地低保标准 ${money(p.dibaoFen)}，可按${CATEGORY_LABELS.deep}申请。`;
    case 'relative':
      return `${income}，低于${line}，可按${CATEGORY_LABELS.relative}申请。`;
    case 'migrant':
      return `${income}，低于${line}，且您进城务工已满 ${h.migrantYears} 年（本地要求至少 ${p.migrantMinYears} 年），可按${CATEGORY_LABELS.migrant}申请。`;
    case 'accident': {
      const f = figuresOf(h);
      return `您家今年的刚性支出 ${money(f.hardshipSpendingFen)}，超过家庭年收入 ${money(f.yearlyIncomeFen)} 的 ${Math.round(p.accidentShare * 100)}%，又遭遇了突发事件，可按${CATEGORY_LABELS.accident}申请。`;
    }
    case null:
      return `${income}，不低于${line}，暂不符合困难职工认定条件。如遇突发困难，可联系所在工会咨询临时救助。`;
  }
}

/** The self-test: category, figures and the sentences that explain it. */
export function selfTestOf(h: HouseholdFigures, p: CategoryParams): SelfTestResult & { assessment: Assessment } {
  const a = assessCategory(figuresOf(h), p);
  const relativeLine = Math.round(p.dibaoFen * p.relativeMultiplier);
  return {
    category: a.category,
    categoryLabel: a.category ? CATEGORY_LABELS[a.category] : null,
    perCapitaMonthlyFen: a.perCapitaMonthlyFen,
    dibaoFen: p.dibaoFen,
    relativeLineFen: relativeLine,
    explanation: sentenceOf(h, a, p, relativeLine),
    formula: formulaOf(h, a),
    eligible: a.category !== null,
    assessment: a,
  };
}
