/** 适老化改造 over HTTP for the staff pages: each write refreshes everything of the module. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, http } from '../../../web/http.ts';
import { fetchMe } from '../../auth/web/auth.api.ts';
import type {
  AcceptInput,
  AssessmentInput,
  BuildInput,
  CancelInput,
  ChangeInput,
  ItemsInput,
  ListPlansQuery,
  PhotoKind,
  PlanInput,
  PlanPage,
  PlanView,
  ProgrammeInput,
  ProgrammeList,
  ProgrammeView,
  ProgressInput,
  ReviewInput,
  SettleInput,
  StatsView,
} from '../retrofits.contract.ts';

const ALL = ['retrofits'] as const;

export function useProgrammes() {
  return useQuery({ queryKey: [...ALL, 'programmes'], queryFn: () => http.get<ProgrammeList>('/api/retrofits/programmes') });
}
export function useProgramme(id: number | null) {
  return useQuery({ queryKey: [...ALL, 'programme', id], queryFn: () => http.get<ProgrammeView>(`/api/retrofits/programmes/${id}`), enabled: id !== null });
}
export function usePlans(q: Partial<ListPlansQuery>, enabled = true) {
  return useQuery({ queryKey: [...ALL, 'plans', q], queryFn: () => http.get<PlanPage>('/api/retrofits/plans', q), placeholderData: keepPreviousData, enabled });
}
export function usePlan(id: number | null) {
  return useQuery({ queryKey: [...ALL, 'plan', id], queryFn: () => http.get<PlanView>(`/api/retrofits/plans/${id}`), enabled: id !== null });
}
export function useRetrofitStats(programmeId: number | undefined) {
  return useQuery({ queryKey: [...ALL, 'stats', programmeId], queryFn: () => http.get<StatsView>('/api/retrofits/stats', programmeId ? { programmeId } : {}) });
}

function useWrite<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => void qc.invalidateQueries({ queryKey: ALL }) });
}

export const useCreateProgramme = () => useWrite((b: ProgrammeInput) => http.post<ProgrammeView>('/api/retrofits/programmes', b));
export const useCreatePlan = () => useWrite((b: PlanInput) => http.post<PlanView>('/api/retrofits/plans', b));

const plan = (id: number) => `/api/retrofits/plans/${id}`;
export const useAssess = (id: number) => useWrite((b: AssessmentInput) => http.put<PlanView>(`${plan(id)}/assessment`, b));
export const useSetItems = (id: number) => useWrite((b: ItemsInput) => http.put<PlanView>(`${plan(id)}/items`, b));
export const useSubmitPlan = (id: number) => useWrite(() => http.post<PlanView>(`${plan(id)}/submit`));
export const useReviewPlan = (id: number) => useWrite((b: ReviewInput) => http.post<PlanView>(`${plan(id)}/review`, b));
export const useStartBuild = (id: number) => useWrite((b: BuildInput) => http.post<PlanView>(`${plan(id)}/build`, b));
export const useProgress = (id: number) =>
  useWrite(({ itemId, ...b }: ProgressInput & { itemId: number }) => http.put<PlanView>(`${plan(id)}/items/${itemId}`, b));
export const useRequestChange = (id: number) => useWrite((b: ChangeInput) => http.post<PlanView>(`${plan(id)}/changes`, b));
export const useReviewChange = (id: number) =>
  useWrite(({ changeId, ...b }: ReviewInput & { changeId: number }) => http.post<PlanView>(`${plan(id)}/changes/${changeId}/review`, b));
export const useAccept = (id: number) => useWrite((b: AcceptInput) => http.post<PlanView>(`${plan(id)}/accept`, b));
export const useSettle = (id: number) => useWrite((b: SettleInput) => http.post<PlanView>(`${plan(id)}/settle`, b));
export const useCancelPlan = (id: number) => useWrite((b: CancelInput) => http.post<PlanView>(`${plan(id)}/cancel`, b));

/** Uploads a photo or the signature (a PNG drawn on the pad, or a photo of the signed form). */
export const useUploadPhoto = (id: number) =>
  useWrite(async ({ kind, file }: { kind: PhotoKind; file: Blob; name?: string }) => {
    const form = new FormData();
    form.append('kind', kind);
    form.append('file', file, (file as File).name ?? `${kind}.png`);
    const { csrfToken } = await fetchMe();
    const res = await fetch(`${plan(id)}/photos`, { method: 'POST', headers: { 'x-csrf-token': csrfToken }, body: form, credentials: 'same-origin' });
    const body = (await res.json().catch(() => ({}))) as PlanView & { message?: string; fields?: { field: string; message: string }[] };
    if (!res.ok) {
      throw new ApiError(res.status, body.message ?? `请求失败（${res.status}）`, body.fields ?? []);
    }
    return body;
  });

export const photoUrl = (planId: number, photoId: number) => `${plan(planId)}/photos/${photoId}`;
