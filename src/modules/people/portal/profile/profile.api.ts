/** 我的资料's queries and writes. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { download, http } from '../../../../web/m/http.ts';
import type { ConsentsInput, ConsentsView, WorkerProfile } from '../../profile.contract.ts';
import type { CorrectionRequestInput, MyCorrection } from '../../corrections.contract.ts';

const key = ['m', 'profile'] as const;

export function useProfile() {
  return useQuery({ queryKey: key, queryFn: () => http.get<WorkerProfile>('/api/m/profile') });
}

export function useConsents() {
  return useQuery({ queryKey: [...key, 'consents'], queryFn: () => http.get<ConsentsView>('/api/m/profile/consents') });
}

export function useSetConsents() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ConsentsInput) => http.put<ConsentsView>('/api/m/profile/consents', input),
    onSuccess: (data) => qc.setQueryData([...key, 'consents'], data),
  });
}

export function useRequestCorrection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CorrectionRequestInput) => http.post<MyCorrection>('/api/m/profile/corrections', input),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
}

export function downloadMyData() {
  return download('/api/m/profile/export', undefined, 'personal-data.json');
}
