/** 入会 over HTTP for the staff pages: the queue, decisions (each refreshes the queue, the statistics and the inbox), statistics. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { http } from '../../../web/http.ts';
import type { ApplicationPage, ApplicationRow, BulkApproveResult, DriveStats, ListApplicationsQuery } from '../membership.contract.ts';

export type ApplicationPageView = z.infer<typeof ApplicationPage>;
export type ApplicationView = z.infer<typeof ApplicationRow>;
export type BulkResultView = z.infer<typeof BulkApproveResult>;
export type StatsView = z.infer<typeof DriveStats>;
export type ApplicationFilters = Partial<Omit<z.output<typeof ListApplicationsQuery>, 'page' | 'pageSize'>>;

export const membershipKeys = {
  all: ['membership'] as const,
  list: (q: object) => ['membership', 'list', q] as const,
  stats: (q: object) => ['membership', 'stats', q] as const,
};

export function useApplications(q: ApplicationFilters & { page: number; pageSize: number }) {
  return useQuery({
    queryKey: membershipKeys.list(q),
    queryFn: () => http.get<ApplicationPageView>('/api/membership/applications', q),
    placeholderData: keepPreviousData,
  });
}

export function useDriveStats(q: { orgId?: number; from?: string; to?: string }) {
  return useQuery({ queryKey: membershipKeys.stats(q), queryFn: () => http.get<StatsView>('/api/membership/stats', q), placeholderData: keepPreviousData });
}

function useRefresh() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: membershipKeys.all });
    void qc.invalidateQueries({ queryKey: ['inbox'] });
  };
}

export function useReview() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (id: number) => http.post<ApplicationView>(`/api/membership/applications/${id}/review`), onSuccess: refresh });
}

export function useApprove() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (id: number) => http.post<{ id: number; memberNo: string }>(`/api/membership/applications/${id}/approve`),
    onSuccess: refresh,
  });
}

export function useRefuse() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, reason }: { id: number; reason: string }) => http.post<ApplicationView>(`/api/membership/applications/${id}/refuse`, { reason }),
    onSuccess: refresh,
  });
}

export function useBulkApprove() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (applicationIds: number[]) => http.post<BulkResultView>('/api/membership/applications/bulk-approve', { applicationIds }),
    onSuccess: refresh,
  });
}
