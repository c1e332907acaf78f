/** 政策参数 over HTTP: the sheet of an org on a day, setting a value, withdrawing a pending one. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../../../web/http.ts';
import type { PolicySheet, SetPolicyInput } from '../policies.contract.ts';

export const policyKeys = {
  all: ['policies'] as const,
  sheet: (orgId: number | undefined, date: string | undefined) => ['policies', 'sheet', orgId ?? 'own', date ?? 'today'] as const,
};

export function usePolicySheet(orgId: number | undefined, date?: string) {
  return useQuery({
    queryKey: policyKeys.sheet(orgId, date),
    queryFn: () => http.get<PolicySheet>('/api/policies', { orgId, date }),
    placeholderData: keepPreviousData,
  });
}

function usePolicyWrite<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all([qc.invalidateQueries({ queryKey: policyKeys.all }), qc.invalidateQueries({ queryKey: ['audit'] })]);
    },
  });
}

export const useSetPolicy = () => usePolicyWrite((input: SetPolicyInput) => http.post<PolicySheet>('/api/policies', input));
export const useWithdrawPolicy = () => usePolicyWrite((id: number) => http.delete(`/api/policies/${id}`));
