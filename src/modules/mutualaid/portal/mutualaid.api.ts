/** 互助保障 over HTTP for the worker's pages: plans I may join, my cover and claims, filing a claim with photos, an appeal. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../../../web/m/http.ts';
import type { z } from '../../../shared/contract.ts';
import type { DocumentKind } from '../mutualaid.contract.ts';
import type { MyClaim, MyCover, MyEnrolment, WorkerClaimInput, WorkerPlan } from '../worker.contract.ts';

export type { MyClaim, MyCover, MyEnrolment, WorkerPlan };
export type ClaimBody = z.input<typeof WorkerClaimInput>;

const KEY = ['m', 'mutualaid'] as const;

export function usePlans() {
  return useQuery({ queryKey: [...KEY, 'plans'], queryFn: () => http.get<WorkerPlan[]>('/api/m/mutualaid/plans') });
}
export function useCover() {
  return useQuery({ queryKey: [...KEY, 'cover'], queryFn: () => http.get<MyCover>('/api/m/mutualaid/cover') });
}
export function useEnrol() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (planId: number) => http.post<MyEnrolment>(`/api/m/mutualaid/plans/${planId}/enrol`, { agree: true }),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}
/** One form: the claim's fields as JSON first (the server reads them before the photos), then each photo under its document's kind. */
export function useFileClaim() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ claim, photos }: { claim: ClaimBody; photos: { kind: DocumentKind; file: File }[] }) => {
      const form = new FormData();
      form.append('claim', JSON.stringify(claim));
      for (const p of photos) form.append(p.kind, p.file, p.file.name);
      return http.form<MyClaim>('/api/m/mutualaid/claims', form);
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}
export function useAppeal() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: number; reason: string }) => http.post<MyClaim>(`/api/m/mutualaid/claims/${id}/appeal`, { reason }),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}
