/** 我的权益's query, shared by the page and the home tile's note. */
import { useQuery } from '@tanstack/react-query';
import { http } from '../../../web/m/http.ts';
import { useHomeCounts } from '../../../web/m/home.ts';
import type { MyBenefits } from '../benefits.contract.ts';
import { useT } from './i18n.ts';

export function useMyBenefits(enabled = true) {
  return useQuery({ queryKey: ['m', 'benefits'], queryFn: () => http.get<MyBenefits>('/api/m/benefits'), enabled, staleTime: 30_000 });
}

/** The home tile's note: how many hand-outs wait for me (only for a worker in the registry). */
export function usePickupNote(): string | undefined {
  const t = useT();
  const n = useHomeCounts('campaigns')?.toPickUp ?? 0;
  return n > 0 ? t('{n} 项待领取', { n: String(n) }) : undefined;
}
