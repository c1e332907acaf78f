/** 入会 over HTTP for the worker's pages, shared by the pages and the home tile's note. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { http } from '../../../web/m/http.ts';
import { useHomeCounts } from '../../../web/m/home.ts';
import type { AreaNode, MyMembership, OccupationChoice, RouteResult } from '../membership.contract.ts';
import { useT } from './i18n.ts';

export type MyMembershipView = z.infer<typeof MyMembership>;
export type AreaView = z.infer<typeof AreaNode>;
export type RouteView = z.infer<typeof RouteResult>;
export type EmployerBody = { employerName?: string; employerCreditCode?: string; areaOrgId?: number; posterOrgId?: number };

export function useMyMembership(enabled = true) {
  return useQuery({ queryKey: ['m', 'membership'], queryFn: () => http.get<MyMembershipView>('/api/m/membership'), enabled, staleTime: 10_000 });
}

export function useOccupationChoices() {
  return useQuery({
    queryKey: ['m', 'occupations'],
    queryFn: () => http.get<z.infer<typeof OccupationChoice>[]>('/api/m/membership/occupations'),
    staleTime: 600_000,
  });
}

export function useAreas(parentId: number | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['m', 'areas', parentId ?? 0],
    queryFn: () => http.get<AreaView[]>('/api/m/membership/areas', { parentId }),
    enabled,
    staleTime: 600_000,
  });
}

export const routeFor = (body: EmployerBody) => http.post<RouteView>('/api/m/membership/route', body);

export function useSubmit(path: 'applications' | 'transfer') {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => http.post<{ id: number; orgName: string }>(`/api/m/membership/${path}`, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['m', 'membership'] });
      void qc.invalidateQueries({ queryKey: ['m', 'me'] });
    },
  });
}

/** The home tile's note: an application in review. */
export function useJoinNote(): string | undefined {
  const t = useT();
  const n = useHomeCounts('membership')?.inReview ?? 0;
  return n > 0 ? t('{n} 项审核中', { n: String(n) }) : undefined;
}
