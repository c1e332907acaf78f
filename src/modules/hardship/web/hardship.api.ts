/**
 * 困难职工帮扶 over HTTP: query keys, hooks and what each write refreshes. Every write on a case
 * refreshes the case, the ledger list, the notice list and the statistics (they move together).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { ApiError, download, http, type FieldMessage } from '../../../web/http.ts';
import { fetchMe } from '../../auth/web/auth.api.ts';
import type { JobView } from '../../jobs/jobs.contract.ts';
import type {
  AssistanceInput,
  CaseAction,
  CaseInput,
  CandidatePage,
  CasePage,
  CaseView,
  DISCOVERY_RULES,
  FollowupInput,
  HardshipStats,
  HardshipTasks,
  LedgerImportResult,
  ListCasesQuery,
  NoticeRow,
} from '../hardship.contract.ts';

export type CasePageView = z.infer<typeof CasePage>;
export type CaseRowView = CasePageView['items'][number];
export type NoticeRowView = z.infer<typeof NoticeRow>;
export type StatsView = z.infer<typeof HardshipStats>;
export type Finances = NonNullable<CaseView['finances']>;
export type CaseFilters = Partial<Omit<z.output<typeof ListCasesQuery>, 'page' | 'pageSize'>>;
export type TasksView = z.infer<typeof HardshipTasks>;
export type CandidatePageView = z.infer<typeof CandidatePage>;
export type CandidateRowView = CandidatePageView['items'][number];
export type CandidateStatus = CandidateRowView['status'];
export type DiscoveryRule = (typeof DISCOVERY_RULES)[number];
export type ImportResultView = z.infer<typeof LedgerImportResult>;
export type { CaseView, JobView };

export const hardshipKeys = {
  all: ['hardship'] as const,
  list: (q: object) => ['hardship', 'list', q] as const,
  one: (id: number) => ['hardship', 'one', id] as const,
  notice: ['hardship', 'notice'] as const,
  stats: (year: number) => ['hardship', 'stats', year] as const,
  tasks: ['hardship', 'tasks'] as const,
  discovery: (q: object) => ['hardship', 'discovery', q] as const,
  job: (id: string) => ['hardship', 'job', id] as const,
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
  return useQuery({
    queryKey: hardshipKeys.stats(year),
    queryFn: () => http.get<StatsView>('/api/hardship/stats', { year }),
    placeholderData: keepPreviousData,
  });
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
  useHardshipWrite(({ id, ...body }: { id: number; action: CaseAction; reason?: string | null; version: number }) =>
    http.post<CaseView>(`/api/hardship/cases/${id}/transition`, body),
  );
export const useAddAssistance = () =>
  useHardshipWrite(({ id, ...body }: { id: number } & z.input<typeof AssistanceInput>) => http.post<CaseView>(`/api/hardship/cases/${id}/assistance`, body));
export const useSignOffAssistance = () =>
  useHardshipWrite(({ id, assistanceId }: { id: number; assistanceId: number }) =>
    http.post<CaseView>(`/api/hardship/cases/${id}/assistance/${assistanceId}/signoff`, {}),
  );
export const useAddFollowup = () =>
  useHardshipWrite(({ id, ...body }: { id: number } & z.input<typeof FollowupInput>) => http.post<CaseView>(`/api/hardship/cases/${id}/followups`, body));

// ---- 待办 ---------------------------------------------------------------------------------------

export function useTasks() {
  return useQuery({ queryKey: hardshipKeys.tasks, queryFn: () => http.get<TasksView>('/api/hardship/tasks') });
}

// ---- 证明材料 -----------------------------------------------------------------------------------

/**
 * multipart POST with extra text fields before the file (the server reads the fields that come
 * ahead of the file). http.upload sends the file alone, so this sends the form itself with the
 * session's CSRF token, fetched through the same probe that hands it to http.ts.
 */
async function postForm<T>(path: string, fields: Record<string, string>, file: File): Promise<T> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', file, file.name);
  const { csrfToken } = await fetchMe();
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers: { accept: 'application/json', 'x-csrf-token': csrfToken }, body: form, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, '无法连接服务器，请检查网络后重试');
  }
  if (res.ok) return (await res.json()) as T;
  let message = res.status === 413 ? '上传的文件过大' : `请求失败（${res.status}）`;
  let fieldMessages: FieldMessage[] = [];
  try {
    const body = (await res.json()) as { message?: string; fields?: FieldMessage[] };
    if (body.message) message = body.message;
    if (Array.isArray(body.fields)) fieldMessages = body.fields;
  } catch {
    /* not JSON: keep the status message */
  }
  throw new ApiError(res.status, message, fieldMessages);
}

export const useUploadAttachment = () =>
  useHardshipWrite(({ id, title, file }: { id: number; title: string; file: File }) =>
    postForm<CaseView>(`/api/hardship/cases/${id}/attachments`, title ? { title } : {}, file),
  );

/** Opened in a new tab: the browser sends the session cookie; each opening is audited. */
export const attachmentUrl = (caseId: number, attachmentId: number) => `/api/hardship/cases/${caseId}/attachments/${attachmentId}`;

// ---- 主动发现 -----------------------------------------------------------------------------------

export function useCandidates(q: { status: CandidateStatus; rule?: DiscoveryRule; page: number; pageSize: number }) {
  return useQuery({
    queryKey: hardshipKeys.discovery(q),
    queryFn: () => http.get<CandidatePageView>('/api/hardship/discovery', q),
    placeholderData: keepPreviousData,
  });
}

export const startDiscovery = () => http.post<JobView>('/api/hardship/discovery/run');

/** Polls GET /api/jobs/:id every second while the job runs. */
export function useJob(jobId: string | null) {
  return useQuery({
    queryKey: hardshipKeys.job(jobId ?? ''),
    queryFn: () => http.get<JobView>(`/api/jobs/${jobId}`),
    enabled: Boolean(jobId),
    refetchInterval: (q) => (q.state.data && q.state.data.status !== 'running' ? false : 1000),
    refetchIntervalInBackground: true,
    staleTime: 0,
    gcTime: 0,
  });
}

export const useAcceptCandidate = () => useHardshipWrite((id: number) => http.post<{ ok: true }>(`/api/hardship/discovery/${id}/accept`));
export const useDismissCandidate = () =>
  useHardshipWrite(({ id, reason }: { id: number; reason: string }) => http.post<{ ok: true }>(`/api/hardship/discovery/${id}/dismiss`, { reason }));

// ---- 台账导入 -----------------------------------------------------------------------------------

export const downloadImportTemplate = () => download('/api/hardship/import/template.xlsx', undefined, '困难职工台账导入模板.xlsx');
export const useImportLedger = () =>
  useHardshipWrite(({ file, mode }: { file: File; mode: 'check' | 'apply' }) => http.upload<ImportResultView>(`/api/hardship/import?mode=${mode}`, file));
