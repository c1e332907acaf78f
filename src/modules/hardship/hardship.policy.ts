/**
 * What the policy parameters (政策参数, per org and date) say about a household: its category on the
 * assessment date, the yearly cap of each kind of assistance, and when the next 回访 falls due.
 */
import type { DbOrTx } from '../../server/db.ts';
import { Invalid } from '../../server/errors.ts';
import { getEffectivePolicy } from '../policies/index.ts';
import type { PolicyKey } from '../policies/policies.contract.ts';
import { assessCategory, type CategoryParams } from './hardship.category.ts';
import type { CaseDbRow } from './cases.repository.ts';
import type { AssistanceType, CaseInput, Category } from './hardship.contract.ts';

/** A policy value at the org on the day; a Chinese message naming it when it has not been set. */
export async function policy(db: DbOrTx, org: { path: string }, key: PolicyKey, day: string, label: string) {
  const p = await getEffectivePolicy(db, org, key, day);
  if (!p) throw Invalid.field('assessedOn', `${label}在 ${day} 尚未设置，请先在政策参数中设置`);
  return p.value;
}

/** The policy values a household's category depends on, at the org on the day. */
export async function categoryParams(db: DbOrTx, org: { path: string }, day: string): Promise<CategoryParams> {
  return {
    dibaoFen: await policy(db, org, 'dibao_monthly', day, '城乡低保标准'),
    relativeMultiplier: await policy(db, org, 'relative_hardship_multiplier', day, '相对困难线倍数'),
    accidentShare: await policy(db, org, 'accident_cost_share', day, '意外致困支出占比'),
    migrantMinYears: await policy(db, org, 'migrant_min_years', day, '困难农民工最短务工年限'),
  };
}

/** Category, per-capita income and the explanation for a household at its org on the assessment date. */
export async function assess(db: DbOrTx, org: { path: string }, input: CaseInput) {
  return assessWith(await categoryParams(db, org, input.assessedOn), input);
}

/** assess() on policy values already read (the category rules themselves; throws when none applies). */
export function assessWith(params: CategoryParams, input: CaseInput) {
  const a = assessCategory(
    {
      yearlyIncomeFen: input.yearlyIncomeFen,
      hardshipSpendingFen: input.hardshipSpendingFen,
      householdSize: 1 + input.members.length,
      suddenEvent: input.suddenEvent,
      migrantYears: input.migrantYears,
    },
    params,
  );
  if (input.kind === 'temporary') {
    // 临时救助 needs no category: the figures are kept, the file is for emergency relief.
    const category: Category | 'none' = input.overrideCategory ?? 'none';
    return { ...a, category, computed: category };
  }
  if (!a.category && !input.overrideCategory) throw Invalid.field('yearlyIncomeFen', `${a.explanation}；如确有困难，请选择类别并说明理由`);
  const category: Category | 'none' = input.overrideCategory ?? a.category!;
  return { ...a, category, computed: a.category ?? ('none' as const) };
}

/** The next 回访 after `from`, at the interval the org's policy sets. */
export async function nextFollowupDate(tx: DbOrTx, org: { path: string }, from: string) {
  const months = await policy(tx, org, 'followup_interval_months', from, '脱困回访间隔');
  return addMonths(from, months);
}

/** YYYY-MM-DD plus whole months, clamped to the month's last day (2026-01-31 + 1 → 2026-02-28). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Months of the minimum-living line that bound a type without a cap of its own while 其他帮扶上限 is not set. */
export const OTHER_AID_DEFAULT_MONTHS = 12;

/**
 * The year's cap of an assistance type for this household. Every type has one: employment and
 * legal aid, which no national rule caps, are bounded by 其他帮扶上限 (or a year of 低保), so no
 * amount is ever limited only by the size of a number.
 */
export async function capOf(db: DbOrTx, org: { path: string }, c: Pick<CaseDbRow, 'category'>, type: AssistanceType, day: string): Promise<number> {
  const dibao = async () => policy(db, org, 'dibao_monthly', day, '城乡低保标准');
  switch (type) {
    case 'medical':
      return policy(db, org, 'medical_aid_cap', day, '医疗救助上限');
    case 'temp_relief':
      return policy(db, org, 'temp_relief_cap', day, '临时救助上限');
    case 'living':
      return (await policy(db, org, c.category === 'deep' ? 'living_aid_months_deep' : 'living_aid_months_other', day, '生活救助月数上限')) * (await dibao());
    case 'study':
      return (await policy(db, org, 'study_aid_months_university', day, '助学标准')) * (await dibao());
    case 'employment':
    case 'legal': {
      const set = await getEffectivePolicy(db, org, 'other_aid_cap', day);
      return set ? set.value : OTHER_AID_DEFAULT_MONTHS * (await dibao());
    }
  }
}

/** 公示 lasts at least this many calendar days where no union has set its own (local practice: 5–7 working days). */
export const NOTICE_DAYS_DEFAULT = 5;

/** How many days the public notice lasts at least, at the org on the day. */
export async function noticeDays(db: DbOrTx, org: { path: string }, day: string): Promise<number> {
  const set = await getEffectivePolicy(db, org, 'hardship_notice_days', day);
  return set ? set.value : NOTICE_DAYS_DEFAULT;
}

/**
 * One record above this amount waits for a second sign-off where no union has set its own: ¥5,000
 * is over half a year of a typical 低保 and above the usual 临时救助 cap (¥3,000), so only the
 * unusual payments — large medical aid, a year's living aid at once — need the second pair of eyes.
 */
export const SIGNOFF_THRESHOLD_DEFAULT_FEN = 5_000_00;

export async function signoffThreshold(db: DbOrTx, org: { path: string }, day: string): Promise<number> {
  const set = await getEffectivePolicy(db, org, 'assistance_signoff_threshold', day);
  return set ? set.value : SIGNOFF_THRESHOLD_DEFAULT_FEN;
}
