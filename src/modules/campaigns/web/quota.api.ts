/** 配额核对 over HTTP: each union's own list against its own quota, and the organiser's choice of rule. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../../../web/http.ts';
import type { QuotaCheck, QuotaRule } from '../campaigns.contract.ts';
import { campaignKeys } from './campaigns.api.ts';

export type { QuotaCheck, QuotaRule };

export function useQuotaCheck(id: number, enabled = true) {
  return useQuery({ queryKey: campaignKeys.part(id, 'quota-check'), queryFn: () => http.get<QuotaCheck>(`/api/campaigns/${id}/quota-check`), enabled });
}

export function useSetQuotaRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, quotaRule }: { id: number; quotaRule: QuotaRule }) => http.put<QuotaCheck>(`/api/campaigns/${id}/quota-rule`, { quotaRule }),
    onSuccess: (data, { id }) => {
      qc.setQueryData(campaignKeys.part(id, 'quota-check'), data);
      void qc.invalidateQueries({ queryKey: ['audit'] });
    },
  });
}
