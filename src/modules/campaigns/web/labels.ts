/**
 * How campaign values read on screen: status colours, the rule as one line of Chinese, the
 * contract's labels picked by code. Pages pass the Chinese through t() for English.
 */
import {
  CAMPAIGN_KIND_LABELS,
  CAMPAIGN_STATUS_LABELS,
  MEMBERSHIP_FILTER_LABELS,
  PACKAGE_KIND_LABELS,
  type CampaignStatus,
  type EligibilityRule,
} from '../campaigns.contract.ts';
import { EMPLOYMENT_FORM_LABELS } from '../../people/people.contract.ts';

export const STATUS_COLORS: Record<CampaignStatus, string> = {
  draft: 'default',
  submitted: 'gold',
  approved: 'blue',
  running: 'green',
  ended: 'orange',
  archived: 'default',
};
export const kindLabel = (k: keyof typeof CAMPAIGN_KIND_LABELS) => CAMPAIGN_KIND_LABELS[k];
export const statusLabel = (s: CampaignStatus) => CAMPAIGN_STATUS_LABELS[s];
export const packageKindLabel = (k: keyof typeof PACKAGE_KIND_LABELS) => PACKAGE_KIND_LABELS[k];
export const MODE_LABELS = { single: '主办单位直接发放', cascade: '逐级下达名额' } as const;

type T = (zh: string, vars?: Record<string, string | number>) => string;

/**
 * The rule in words ("职业：环卫工人、快递员；年龄 45–60 岁"), for summaries. Occupation codes
 * and org ids are named through the lookups the page has.
 */
export function ruleText(
  rule: Partial<EligibilityRule> | null | undefined,
  t: T,
  names: { occupation: (code: string) => string; org: (id: number) => string },
): string {
  if (!rule) return t('其余所有人');
  const parts: string[] = [];
  if (rule.occupations?.length) parts.push(`${t('职业')}：${rule.occupations.map(names.occupation).join('、')}`);
  if (rule.employmentForms?.length) parts.push(`${t('用工形式')}：${rule.employmentForms.map((f) => t(EMPLOYMENT_FORM_LABELS[f])).join('、')}`);
  if (rule.tagsAny?.length) parts.push(`${t('标签（任一）')}：${rule.tagsAny.join('、')}`);
  if (rule.orgIds?.length) parts.push(`${t('单位')}：${rule.orgIds.map(names.org).join('、')}`);
  if (rule.membership && rule.membership !== 'any') parts.push(t(MEMBERSHIP_FILTER_LABELS[rule.membership]));
  if (rule.sex) parts.push(rule.sex === 'male' ? t('男') : t('女'));
  if (rule.ageMin != null || rule.ageMax != null) {
    if (rule.ageMin != null && rule.ageMax != null) parts.push(t('年龄 {a}–{b} 岁', { a: rule.ageMin, b: rule.ageMax }));
    else if (rule.ageMin != null) parts.push(t('{a} 岁及以上', { a: rule.ageMin }));
    else parts.push(t('{b} 岁及以下', { b: rule.ageMax! }));
  }
  return parts.length ? parts.join('；') : t('主办单位下所有职工');
}
