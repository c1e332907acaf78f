/**
 * 困难职工帮扶 over HTTP: query keys, hooks and what each write refreshes. Every write on a case
 * refreshes the case, the ledger list, the notice list and the statistics (they move together).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { download, http } from '../../../web/http.ts';
import type { AssistanceInput, CaseAction, CaseInput, CasePage, CaseView, HardshipStats, ListCasesQuery, NoticeRow } from '../hardship.contract.ts';

export type CasePageView = z.infer<typeof CasePage>;
export type CaseRowView = CasePageView['items'][number];
export type NoticeRowView = z.infer<typeof NoticeRow>;
export type StatsView = z.infer<typeof HardshipStats>;
export type Finances = NonNullable<CaseView['finances']>;
export type CaseFilters = Partial<Omit<z.output<typeof ListCasesQuery>, 'page' | 'pageSize'>>;
export type { CaseView };

export const hardshipKeys = {
  all: ['hardship'] as const,
  list: (q: object) => ['hardship', 'list', q] as const,
  one: (id: number) => ['hardship', 'one', id] as const,
  notice: ['hardship', 'notice'] as const,
  stats: (year: number) => ['hardship', 'stats', year] as const,
};

export function useCases(q: CaseFilters & { page: number; pageSize: number }) {
  return useQuery({ queryKey: hardshipKeys.list(q), queryFn: () => http.get<CasePageView>('/api/hardship/cases', q), placeholderData: keepPreviousData });
}

export function useCase(id: number | null) {
  return useQuery({ queryKey: hardshipKeys.one(id ?? 0), queryFn: () => http.get<CaseView>(`/api/hardship/cases/${id}`), enabled: Boolean(id), retry: false });
}

export function useNotice() {
  return useQuery({ queryKey: hardshipKeys.notice, queryFn: () => http.get<NoticeRowView[]>('/api/hardship/notice') });
}

export function useStats(year: number) {
  return useQuery({ queryKey: hardshipKeys.stats(year), queryFn: () => http.get<StatsView>('/api/hardship/stats', { year }), placeholderData: keepPreviousData });
}

export const exportLedger = (filters: CaseFilters) => download('/api/hardship/ledger.xlsx', filters, '困难职工台账.xlsx');

/** Reading the household finances is audited: the server logs the reason; the answer is not cached. */
export const revealFinances = (id: number, reason: string) => http.post<Finances>(`/api/hardship/cases/${id}/reveal`, { reason });

function useHardshipWrite<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      void qc.invalidateQueries({ queryKey: ['audit'] });
      await qc.invalidateQueries({ queryKey: hardshipKeys.all });
    },
  });
}

export const useCreateCase = () => useHardshipWrite((input: z.input<typeof CaseInput>) => http.post<CaseView>('/api/hardship/cases', input));
export const useTransition = () =>
  useHardshipWrite(({ id, ...body }: { id: number; action: CaseAction; reason?: string | null; version: number }) => http.post<CaseView>(`/api/hardship/cases/${id}/transition`, body));
export const useAddAssistance = () =>
  useHardshipWrite(({ id, ...body }: { id: number } & z.input<typeof AssistanceInput>) => http.post<CaseView>(`/api/hardship/cases/${id}/assistance`, body));
