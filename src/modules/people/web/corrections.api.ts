/** The staff queue of workers' correction requests (信息更正申请). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../../../web/http.ts';
import type { CorrectionStatus, CorrectionView, MyCorrection } from '../corrections.contract.ts';

interface CorrectionPage {
  items: CorrectionView[];
  total: number;
  page: number;
  pageSize: number;
}

const key = ['people', 'corrections'] as const;

export function useCorrections(status: CorrectionStatus, page: number) {
  return useQuery({
    queryKey: [...key, status, page],
    queryFn: () => http.get<CorrectionPage>('/api/people/corrections', { status, page, pageSize: 20 }),
    placeholderData: keepPreviousData,
  });
}

function useDecision<V>(fn: (v: V) => Promise<MyCorrection>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: key });
      await qc.invalidateQueries({ queryKey: ['people'] });
      await qc.invalidateQueries({ queryKey: ['inbox'] });
    },
  });
}

export const useAcceptCorrection = () => useDecision((id: number) => http.post<MyCorrection>(`/api/people/corrections/${id}/accept`));
export const useRejectCorrection = () =>
  useDecision(({ id, reason }: { id: number; reason: string }) => http.post<MyCorrection>(`/api/people/corrections/${id}/reject`, { reason }));
