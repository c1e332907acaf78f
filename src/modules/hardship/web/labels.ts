/**
 * How hardship values read on screen: status and category colours. The contract's labels are the
 * Chinese; pages pass them through t() for English. Money is formatted by web/components/money.ts.
 */
import { CASE_KIND_LABELS, CATEGORY_LABELS, type CaseStatus, type Category } from '../hardship.contract.ts';

export const STATUS_COLORS: Record<CaseStatus, string> = {
  applied: 'gold',
  verified: 'blue',
  noticed: 'purple',
  active: 'green',
  exited: 'cyan',
  closed: 'default',
};
export const CATEGORY_COLORS: Record<Category | 'none', string> = {
  deep: 'red',
  relative: 'orange',
  accident: 'magenta',
  migrant: 'geekblue',
  none: 'default',
};
/** 临时救助 files carry no category. */
export const categoryLabel = (c: Category | 'none') => (c === 'none' ? '未认定' : CATEGORY_LABELS[c]);
export const kindLabel = (k: keyof typeof CASE_KIND_LABELS) => CASE_KIND_LABELS[k];
export const STOCK_LABELS = { new: '增量', existing: '存量', relapsed: '返困' } as const;
export const MIGRANT_LABELS = { '0': '城镇困难职工', '1': '困难农民工' } as const;
