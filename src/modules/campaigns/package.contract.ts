/**
 * What a tier hands out, in words for ledgers, cards and sign-off sheets: the 慰问金 and the goods
 * with their quantities (“慰问金500元 + 大米10斤、食用油1桶”), not the tier's name. Shared by
 * server and web.
 */
import { yuanWan } from '../../shared/numbers.ts';

export interface PackageContentSource {
  kind: string;
  valueFen: number;
  /** Stored cash part; tiers written before it was recorded read 0, so a cash tier's is its value. */
  cashFen: number;
  items: { name: string; quantity: number; unit: string }[];
}

/** The cash one hand-out of the tier pays: all of a cash tier, the 慰问金 of a mixed one, none for goods or vouchers. */
export function cashPart(p: Pick<PackageContentSource, 'kind' | 'valueFen' | 'cashFen'>): number {
  if (p.kind === 'cash') return p.valueFen;
  if (p.kind === 'mixed') return p.cashFen;
  return 0;
}

export function packageContent(p: PackageContentSource): string {
  const parts: string[] = [];
  const cash = cashPart(p);
  if (cash > 0) parts.push(`慰问金${yuanWan(cash)}`);
  if (p.kind === 'voucher') parts.push(`消费券${yuanWan(p.valueFen)}`);
  const goods = p.items.map((i) => `${i.name}${i.quantity}${i.unit}`).join('、');
  if (goods) parts.push(goods);
  return parts.join(' + ');
}
