/** The 申请帮扶 portal pages' server calls: query keys, hooks and what a change refreshes. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../../../web/m/http.ts';
import type { HelpRequestList, HelpRequestView, SelfTestResult } from '../help-request.contract.ts';
import type { z } from '../../../shared/contract.ts';
import type { HelpRequestInput, HouseholdFigures } from '../help-request.contract.ts';

export type { HelpRequestView, SelfTestResult };
export type FiguresBody = z.input<typeof HouseholdFigures>;
export type ApplicationBody = z.input<typeof HelpRequestInput>;

const KEY = ['m', 'hardship', 'applications'] as const;

/** My applications, newest first. */
export function useMyHelpRequests(enabled = true) {
  return useQuery({ queryKey: KEY, queryFn: () => http.get<HelpRequestList>('/api/m/hardship/applications'), enabled });
}

export function useHelpRequest(id: number) {
  return useQuery({ queryKey: [...KEY, id], queryFn: () => http.get<HelpRequestView>(`/api/m/hardship/applications/${id}`) });
}

export function useSelfTest() {
  return useMutation({ mutationFn: (body: FiguresBody) => http.post<SelfTestResult>('/api/m/hardship/self-test', body) });
}

export function useApply() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ApplicationBody) => http.post<HelpRequestView>('/api/m/hardship/applications', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export function useAddPhoto(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => http.upload<HelpRequestView>(`/api/m/hardship/applications/${id}/photos`, file),
    onSuccess: (view) => {
      qc.setQueryData([...KEY, id], view);
      return qc.invalidateQueries({ queryKey: KEY, exact: true });
    },
  });
}

/** Where a photo the worker sent is read from (the worker's cookie goes with it). */
export const photoUrl = (id: number, photoId: number) => `/api/m/hardship/applications/${id}/photos/${photoId}`;
