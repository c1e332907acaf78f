/** Colours and words the 劳模关爱 pages share. */
import type { HonourLevel, MwStatus, PriorityReason, RunStatus } from '../modelworkers.contract.ts';
import { DISABILITY_LABELS, PRIORITY_REASON_LABELS } from '../modelworkers.contract.ts';

export const LEVEL_COLORS: Record<HonourLevel, string> = {
  national_model: 'red',
  national_advanced: 'red',
  national_mayday: 'volcano',
  ministerial: 'orange',
  provincial: 'gold',
  city: 'blue',
};
export const STATUS_COLORS: Record<MwStatus, string> = { working: 'green', retired: 'blue', deceased: 'default' };
export const RUN_COLORS: Record<RunStatus, string> = { draft: 'gold', paid: 'green', cancelled: 'default' };

type T = (zh: string, vars?: Record<string, string | number>) => string;

/** A priority reason as the pages say it: 高龄（84 周岁）, 患病：糖尿病, 近期住院（2026年3月2日）. */
export function reasonText(r: PriorityReason, t: T, tx: (s: string | null) => string, date: (d: string) => string): string {
  switch (r.code) {
    case 'aged':
      return t('高龄（{age} 周岁）', { age: r.age ?? 0 });
    case 'incapacitated':
      return r.note === 'semi_incapacitated' || r.note === 'incapacitated' ? t(DISABILITY_LABELS[r.note]) : t(PRIORITY_REASON_LABELS[r.code]);
    case 'ill':
      return t('患病：{note}', { note: tx(r.note) });
    case 'hospital':
      return t('近期住院（{d}）', { d: r.on ? date(r.on) : '' });
    default:
      return t(PRIORITY_REASON_LABELS[r.code]);
  }
}

/** A period as the pages say it: 2026年3月, 2026年度. */
export const periodText = (period: string, t: T) =>
  period.length === 4 ? t('{y}年度', { y: period }) : t('{y}年{m}月', { y: period.slice(0, 4), m: Number(period.slice(5, 7)) });
