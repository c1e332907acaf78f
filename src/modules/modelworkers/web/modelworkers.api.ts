/** 劳模关爱 over HTTP for the staff pages: query keys, hooks, and what each write refreshes (everything of the module). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { download, downloadForUpload, http } from '../../../web/http.ts';
import type {
  CareInput,
  HonourImportResult,
  HonourInput,
  ListModelWorkersQuery,
  ListPriorityQuery,
  ListRunsQuery,
  ModelWorkerPage,
  ModelWorkerView,
  PriorityPage,
  ProfileInput,
  RevokeHonourInput,
  RunDetail,
  RunInput,
  RunPage,
  RunView,
  StatusInput,
} from '../modelworkers.contract.ts';

const ALL = ['modelworkers'] as const;
const PEOPLE = ['people'] as const;

type Filters<Q> = Partial<Omit<Q, 'page' | 'pageSize'>>;

export function useModelWorkers(q: Partial<ListModelWorkersQuery>) {
  return useQuery({ queryKey: [...ALL, 'list', q], queryFn: () => http.get<ModelWorkerPage>('/api/modelworkers', q), placeholderData: keepPreviousData });
}
export function useModelWorker(id: number | null) {
  return useQuery({ queryKey: [...ALL, 'one', id], queryFn: () => http.get<ModelWorkerView>(`/api/modelworkers/${id}`), enabled: id !== null, retry: false });
}
export function usePriority(q: Partial<ListPriorityQuery>) {
  return useQuery({
    queryKey: [...ALL, 'priority', q],
    queryFn: () => http.get<PriorityPage>('/api/modelworkers/priority', q),
    placeholderData: keepPreviousData,
  });
}
export function useRuns(q: Partial<ListRunsQuery>) {
  return useQuery({ queryKey: [...ALL, 'runs', q], queryFn: () => http.get<RunPage>('/api/modelworkers/runs', q), placeholderData: keepPreviousData });
}
export function useRun(id: number | null, q: { q?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: [...ALL, 'run', id, q],
    queryFn: () => http.get<RunDetail>(`/api/modelworkers/runs/${id}`, q),
    enabled: id !== null,
    retry: false,
    placeholderData: keepPreviousData,
  });
}

/** A write: afterwards the module's lists and pages, and the people's (their tags follow the honours), are read again. */
function useWrite<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all([qc.invalidateQueries({ queryKey: ALL }), qc.invalidateQueries({ queryKey: PEOPLE }), qc.invalidateQueries({ queryKey: ['inbox'] })]);
    },
  });
}

export const useAddHonourFor = () =>
  useWrite(({ personId, ...body }: HonourInput & { personId: number }) => http.post<ModelWorkerView>(`/api/modelworkers/${personId}/honours`, body));
export const useUpdateHonour = (personId: number, honourId: number | null) =>
  useWrite((body: HonourInput) => http.put<ModelWorkerView>(`/api/modelworkers/${personId}/honours/${honourId ?? 0}`, body));
export const useRevokeHonour = (personId: number, honourId: number | null) =>
  useWrite((body: RevokeHonourInput) => http.post<ModelWorkerView>(`/api/modelworkers/${personId}/honours/${honourId ?? 0}/revoke`, body));
export const useRecordStatus = (personId: number) =>
  useWrite((body: StatusInput) => http.post<ModelWorkerView>(`/api/modelworkers/${personId}/statuses`, body));
export const useSetProfile = (personId: number) => useWrite((body: ProfileInput) => http.put<ModelWorkerView>(`/api/modelworkers/${personId}/profile`, body));
export const useAddCare = (personId: number | null) =>
  useWrite((body: CareInput) => http.post<ModelWorkerView>(`/api/modelworkers/${personId ?? 0}/care`, body));
export const useCreateRun = () => useWrite((body: RunInput) => http.post<RunView>('/api/modelworkers/runs', body));
export const useConfirmRun = (id: number) => useWrite(() => http.post<RunView>(`/api/modelworkers/runs/${id}/confirm`));
export const useCancelRun = (id: number) => useWrite((body: { reason: string }) => http.post<RunView>(`/api/modelworkers/runs/${id}/cancel`, body));

export function useImportHonours() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, mode }: { file: File; mode: 'check' | 'apply' }) => http.upload<HonourImportResult>(`/api/modelworkers/import?mode=${mode}`, file),
    onSuccess: async (r) => {
      if (r.applied) await Promise.all([qc.invalidateQueries({ queryKey: ALL }), qc.invalidateQueries({ queryKey: PEOPLE })]);
    },
  });
}

export const exportRegister = (q: Filters<ListModelWorkersQuery>) => download('/api/modelworkers/export.xlsx', q, '劳模名册.xlsx');
export const downloadHonourTemplate = () => download('/api/modelworkers/import/template.xlsx', undefined, '劳模荣誉名单导入模板.xlsx');
export const downloadHonourErrors = (file: File) => downloadForUpload('/api/modelworkers/import/errors.xlsx', file, '劳模荣誉名单导入错误报告.xlsx');
export const downloadPayment = (id: number, format: 'xlsx' | 'csv') =>
  download(`/api/modelworkers/runs/${id}/payment.${format}`, undefined, `发放表.${format}`);
