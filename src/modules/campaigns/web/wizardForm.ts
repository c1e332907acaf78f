/**
 * The wizard's form values and their conversion to the API's CampaignInput: 元 typed in the form
 * become fen, the period becomes two ISO dates, a tier's rule is sent only when switched on.
 * Contract error paths are mapped back to the form's field names and steps.
 */
import dayjs, { type Dayjs } from 'dayjs';
import type { z } from 'zod';
import type { CampaignInput, FUND_SOURCES, PACKAGE_KINDS, PreviewInput } from '../campaigns.contract.ts';
import { EligibilityRule } from '../campaigns.contract.ts';
import type { CampaignView } from './campaigns.api.ts';
import { cleanRule, EMPTY_RULE, ruleToForm, type RuleForm } from '../../people/web/RuleBuilder.tsx';
import { toFen, toYuan } from '../../../web/components/money.ts';

export interface FundRow {
  source?: (typeof FUND_SOURCES)[number];
  amountYuan?: number | null;
  note?: string | null;
}
export interface ItemRow {
  name?: string;
  quantity?: number | null;
  unit?: string;
}
export interface TierRow {
  name?: string;
  kind?: (typeof PACKAGE_KINDS)[number];
  valueYuan?: number | null;
  /** A mixed tier (现金+实物): its 慰问金 and its goods' value; the unit value is their sum. */
  cashYuan?: number | null;
  goodsYuan?: number | null;
  items?: ItemRow[];
  useRule?: boolean;
  rule?: RuleForm;
}
export interface WizardValues {
  name?: string;
  theme?: string | null;
  kind?: z.input<typeof CampaignInput>['kind'];
  orgId?: number;
  period?: [Dayjs, Dayjs] | null;
  mode?: 'single' | 'cascade';
  maxPerPerson?: number;
  overlapPolicy?: 'off' | 'warn' | 'refuse';
  description?: string | null;
  funds?: FundRow[];
  rule?: RuleForm;
  packages?: TierRow[];
}

/** One hand-out's cost in fen: a mixed tier's 慰问金 plus its goods' value, any other tier's value. */
export function tierValueFen(p: TierRow): number | undefined {
  if (p.kind !== 'mixed') return toFen(p.valueYuan);
  const cash = toFen(p.cashYuan);
  const goods = toFen(p.goodsYuan);
  return cash === undefined && goods === undefined ? undefined : (cash ?? 0) + (goods ?? 0);
}

export const NEW_TIER: TierRow = { name: '', kind: 'goods', valueYuan: null, items: [{ name: '', quantity: 1, unit: '份' }], useRule: false, rule: EMPTY_RULE };

export function initialValues(orgId?: number): WizardValues {
  const today = dayjs().startOf('day');
  return {
    kind: 'festival_warmth',
    orgId,
    period: [today, today.add(30, 'day')],
    mode: 'cascade',
    maxPerPerson: 1,
    overlapPolicy: 'warn',
    funds: [{ source: 'higher_grant', amountYuan: null, note: '' }],
    rule: EMPTY_RULE,
    packages: [{ ...NEW_TIER, name: '标准档' }],
  };
}

export function fromView(c: CampaignView): WizardValues {
  return {
    name: c.name,
    theme: c.theme,
    kind: c.kind,
    orgId: c.orgId,
    period: [dayjs(c.startsOn), dayjs(c.endsOn)],
    mode: c.mode,
    maxPerPerson: c.maxPerPerson,
    overlapPolicy: c.overlapPolicy,
    description: c.description,
    funds: c.funds.map((f) => ({ source: f.source, amountYuan: toYuan(f.amountFen), note: f.note ?? '' })),
    rule: ruleToForm(c.rule as EligibilityRule),
    packages: c.packages.map((p) => ({
      name: p.name,
      kind: p.kind,
      valueYuan: toYuan(p.valueFen),
      ...(p.kind === 'mixed' && { cashYuan: toYuan(p.cashFen), goodsYuan: toYuan(p.valueFen - p.cashFen) }),
      items: p.items.map((i) => ({ ...i })),
      useRule: p.rule !== null,
      rule: ruleToForm(p.rule as EligibilityRule | null),
    })),
  };
}

const day = (d: Dayjs | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

/** What the API is sent; zod (the contract) checks it before it goes. */
export function toInput(v: WizardValues): z.input<typeof CampaignInput> {
  return {
    name: v.name ?? '',
    theme: v.theme || null,
    kind: v.kind!,
    orgId: v.orgId!,
    startsOn: day(v.period?.[0])!,
    endsOn: day(v.period?.[1])!,
    mode: v.mode!,
    maxPerPerson: v.maxPerPerson ?? 1,
    overlapPolicy: v.overlapPolicy ?? 'warn',
    description: v.description || null,
    rule: cleanRule(v.rule),
    funds: (v.funds ?? []).map((f) => ({ source: f.source!, amountFen: toFen(f.amountYuan)!, note: f.note || null })),
    packages: (v.packages ?? []).map((p) => ({
      name: p.name ?? '',
      kind: p.kind!,
      valueFen: tierValueFen(p)!,
      ...(p.kind === 'mixed' && { cashFen: toFen(p.cashYuan) ?? 0 }),
      items:
        p.kind === 'goods' || p.kind === 'mixed'
          ? (p.items ?? []).filter((i) => i.name?.trim()).map((i) => ({ name: i.name ?? '', quantity: i.quantity ?? 0, unit: i.unit ?? '' }))
          : [],
      rule: p.useRule ? cleanRule(p.rule) : null,
    })),
  };
}

/**
 * The live count's request, or null while the form cannot make one. Tiers not filled in yet
 * count with a placeholder value (their amounts are not shown).
 */
export function previewOf(v: WizardValues | undefined): z.input<typeof PreviewInput> | null {
  if (!v?.orgId || !v.period?.[0] || !v.period[1]) return null;
  const rule = cleanRule(v.rule);
  if (!EligibilityRule.safeParse(rule).success) return null;
  const tiers = v.packages?.length ? v.packages : [{ name: '', useRule: false } as TierRow];
  const packages = [];
  for (const [i, p] of tiers.entries()) {
    const r = p.useRule ? cleanRule(p.rule) : null;
    if (r && !EligibilityRule.safeParse(r).success) return null;
    packages.push({ name: p.name?.trim() || `档次${i + 1}`, kind: 'cash' as const, valueFen: tierValueFen(p) || 1, items: [], rule: r });
  }
  return { orgId: v.orgId, rule, packages, startsOn: day(v.period[0])!, endsOn: day(v.period[1])! };
}

/** Contract path → the form's field name path. */
export function formPath(path: PropertyKey[]): (string | number)[] {
  const p = path.map((x) => (typeof x === 'number' ? x : String(x)));
  const last = p[p.length - 1];
  if (last === 'startsOn' || last === 'endsOn') return ['period'];
  if (last === 'valueFen') return [...p.slice(0, -1), 'valueYuan'];
  if (last === 'cashFen') return [...p.slice(0, -1), 'cashYuan'];
  if (last === 'amountFen') return [...p.slice(0, -1), 'amountYuan'];
  return p;
}

export const STEP_FIELDS: Record<string, number> = { funds: 1, rule: 2, packages: 3 };
/** The wizard step where a field lives. */
export const stepOf = (path: (string | number)[]) => STEP_FIELDS[String(path[0])] ?? 0;
