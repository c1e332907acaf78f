/**
 * How a stored policy value reads: money is kept in fen and shown in 元 with two decimals, ratios
 * are fractions shown as percent, then the unit (元/人·月, 个月/年 …).
 */
import type { PolicyKind } from '../policies.contract.ts';
import { yuan } from '../../../shared/numbers.ts';

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The number a person types for a stored value (元 for money, percent for ratios). */
export function toDisplay(kind: PolicyKind, stored: number): number {
  if (kind === 'money') return round(stored / 100, 2);
  if (kind === 'ratio') return round(stored * 100, 4);
  return stored;
}

/** The stored value for what a person typed: 元 → integer fen, percent → fraction. */
export function toStored(kind: PolicyKind, typed: number): number {
  if (kind === 'money') return Math.round(typed * 100);
  if (kind === 'ratio') return round(typed / 100, 6);
  return typed;
}

export function formatPolicyValue(kind: PolicyKind, stored: number, unit: string): string {
  if (kind === 'money') {
    return unit ? `${yuan(stored)} ${unit}` : `${yuan(stored)} 元`;
  }
  if (kind === 'ratio') return `${round(stored * 100, 2)}%${unit ? ` ${unit}` : ''}`;
  return unit ? `${stored} ${unit}` : String(stored);
}

/** The unit beside the input box. */
export function inputUnit(kind: PolicyKind, unit: string): string {
  if (kind === 'money') return '元';
  if (kind === 'ratio') return '%';
  return unit;
}
