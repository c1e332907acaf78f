/**
 * 职工档案 over HTTP: query keys, hooks and what each write refreshes. Every person write also
 * refreshes the audit log (it shows the change) and the home figures.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { download, http } from '../../../web/http.ts';
import type {
  CreateOccupationInput,
  CreatePersonInput,
  DuplicatePair,
  ListPeopleQuery,
  MERGEABLE_FIELDS,
  MembershipChangeInput,
  MergeResult,
  Occupation,
  PersonHistoryEntry,
  PersonRecordView,
  PersonRow,
  PersonView,
  RevealResult,
  ScanResult,
  UpdateOccupationInput,
  UpdatePersonInput,
} from '../people.contract.ts';
import type { ImportMapping, ImportSummary, ImportUpload } from '../people-import.contract.ts';
import type { JobView } from '../../jobs/jobs.contract.ts';
import { usePermissions } from '../../auth/web/auth.api.ts';

export type PeoplePage = { items: PersonRow[]; total: number; page: number; pageSize: number; totalIsEstimate: boolean };
export type PeopleFilters = Partial<Omit<ListPeopleQuery, 'page' | 'pageSize'>>;
export type OccupationView = z.infer<typeof Occupation>;
export type HistoryEntry = z.infer<typeof PersonHistoryEntry>;
export type DuplicatePairView = z.infer<typeof DuplicatePair>;
export type DuplicatePageView = { items: DuplicatePairView[]; total: number; page: number; pageSize: number };
export type ScanResultView = z.infer<typeof ScanResult>;
export type MergeResultView = z.infer<typeof MergeResult>;
export type IncomingTransfer = PersonRow & { pendingOrgName: string | null };
export type MergeableField = (typeof MERGEABLE_FIELDS)[number];
export type Take = Partial<Record<MergeableField, 'survivor' | 'merged'>>;
export type RevealField = z.infer<typeof RevealResult>['field'];
type MembershipChange = z.input<typeof MembershipChangeInput>;

export const peopleKeys = {
  all: ['people'] as const,
  list: (q: Partial<ListPeopleQuery>) => ['people', 'list', q] as const,
  detail: (id: number) => ['people', 'detail', id] as const,
  history: (id: number) => ['people', 'history', id] as const,
  record: (id: number) => ['people', 'record', id] as const,
  incoming: ['people', 'incoming'] as const,
  duplicates: (q: { level?: string; page: number; pageSize: number }) => ['people', 'duplicates', q] as const,
  occupations: ['occupations'] as const,
  job: (id: string, stage: string) => ['jobs', id, stage] as const,
};

export function usePeople(q: Partial<ListPeopleQuery>, enabled = true) {
  return useQuery({
    queryKey: peopleKeys.list(q),
    queryFn: () => http.get<PeoplePage>('/api/people', q),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function usePerson(id: number | null | undefined) {
  return useQuery({
    queryKey: peopleKeys.detail(id ?? 0),
    queryFn: () => http.get<PersonView>(`/api/people/${id}`),
    enabled: Boolean(id),
    retry: false,
  });
}

export function usePersonHistory(id: number, enabled = true) {
  return useQuery({ queryKey: peopleKeys.history(id), queryFn: () => http.get<HistoryEntry[]>(`/api/people/${id}/history`), enabled });
}

/** 职工全景: every module's sections of the person's record, as far as the caller may see. */
export function usePersonRecord(id: number) {
  return useQuery({ queryKey: peopleKeys.record(id), queryFn: () => http.get<PersonRecordView>(`/api/people/${id}/record`) });
}

/** The shared occupation code list; it changes rarely. */
export function useOccupations() {
  return useQuery({ queryKey: peopleKeys.occupations, queryFn: () => http.get<OccupationView[]>('/api/occupations'), staleTime: 10 * 60_000 });
}

/** The same list for the 职业代码表 page, whose people counts should be current when it opens. */
export function useOccupationTable() {
  return useQuery({ queryKey: peopleKeys.occupations, queryFn: () => http.get<OccupationView[]>('/api/occupations'), staleTime: 0 });
}

/** The server's rule for the shared code list: a system administrator who may write people. */
export function useCanManageOccupations() {
  const { has, me } = usePermissions();
  return has('person:write') && Boolean(me?.account.roles.includes('sysadmin'));
}

/** Adding or renaming changes every occupation select and the labels shown on people. */
function useOccupationWrite<V>(fn: (v: V) => Promise<OccupationView>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      void qc.invalidateQueries({ queryKey: ['audit'] });
      void qc.invalidateQueries({ queryKey: peopleKeys.all });
      await qc.invalidateQueries({ queryKey: peopleKeys.occupations });
    },
  });
}

export const useCreateOccupation = () => useOccupationWrite((input: CreateOccupationInput) => http.post<OccupationView>('/api/occupations', input));
export const useUpdateOccupation = () =>
  useOccupationWrite(({ code, data }: { code: string; data: UpdateOccupationInput }) =>
    http.patch<OccupationView>(`/api/occupations/${encodeURIComponent(code)}`, data),
  );

export function useIncomingTransfers(enabled = true) {
  return useQuery({ queryKey: peopleKeys.incoming, queryFn: () => http.get<IncomingTransfer[]>('/api/people/transfers/incoming'), enabled });
}

export function useDuplicates(q: { level?: 'likely' | 'possible'; page: number; pageSize: number }) {
  return useQuery({
    queryKey: peopleKeys.duplicates(q),
    queryFn: () => http.get<DuplicatePageView>('/api/people/duplicates', q),
    placeholderData: keepPreviousData,
  });
}

export function exportPeople(filters: PeopleFilters, full: boolean) {
  return download('/api/people/export', { ...filters, full: full ? '1' : undefined }, full ? '职工名单（含完整证件号）.xlsx' : '职工名单.xlsx');
}

function usePeopleWrite<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      void qc.invalidateQueries({ queryKey: ['audit'] });
      await qc.invalidateQueries({ queryKey: peopleKeys.all });
    },
  });
}

export const useCreatePerson = () => usePeopleWrite((input: CreatePersonInput) => http.post<PersonView>('/api/people', input));
export const useUpdatePerson = () =>
  usePeopleWrite(({ id, data }: { id: number; data: UpdatePersonInput }) => http.patch<PersonView>(`/api/people/${id}`, data));
export const useTransferPerson = () =>
  usePeopleWrite(({ id, ...body }: { id: number; toOrgId: number; reason: string; version: number }) =>
    http.post<PersonView>(`/api/people/${id}/transfer`, body),
  );
export const useJoinUnion = () =>
  usePeopleWrite(({ id, ...body }: { id: number; joinedOn: string; memberNo: string | null }) => http.post<PersonView>(`/api/people/${id}/membership`, body));
export const useChangeMembership = () =>
  usePeopleWrite(({ id, ...body }: { id: number } & MembershipChange) => http.post<{ ok: true }>(`/api/people/${id}/membership/change`, body));
export const useScanDuplicates = () => usePeopleWrite((orgId?: number) => http.post<ScanResultView>('/api/people/duplicates/scan', { orgId }));
export const useDismissPair = () =>
  usePeopleWrite(({ id, reason }: { id: number; reason: string }) => http.post<{ ok: true }>(`/api/people/duplicates/${id}/dismiss`, { reason }));
/** A pair from the 疑似重复 queue (`pairId`), or any two records picked by hand. */
export function useMerge() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (m: { pairId?: number; survivorId: number; mergedId: number; take: Take; reason: string }) =>
      m.pairId
        ? http.post<MergeResultView>(`/api/people/duplicates/${m.pairId}/merge`, { survivorId: m.survivorId, take: m.take, reason: m.reason })
        : http.post<MergeResultView>('/api/people/merge', { survivorId: m.survivorId, mergedId: m.mergedId, take: m.take, reason: m.reason }),
    onSuccess: async (_r, m) => {
      // The merged record is gone from the registry: not refetched (it would answer 404).
      const gone = (key: readonly unknown[]) => (key[1] === 'detail' || key[1] === 'history') && key[2] === m.mergedId;
      void qc.invalidateQueries({ queryKey: ['audit'] });
      await qc.invalidateQueries({ queryKey: peopleKeys.all, predicate: (q) => !gone(q.queryKey) });
    },
  });
}

/** Full ID number or phone, for a stated reason; audited on the server, shown only where asked. */
export function useReveal() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, field, reason }: { id: number; field: RevealField; reason: string }) =>
      http.post<z.infer<typeof RevealResult>>(`/api/people/${id}/reveal`, { field, reason }),
    onSuccess: (_r, v) => {
      void qc.invalidateQueries({ queryKey: ['audit'] });
      void qc.invalidateQueries({ queryKey: peopleKeys.history(v.id) });
    },
  });
}

// ---- 导入 --------------------------------------------------------------------------------------

export const uploadImport = (file: File) => http.upload<ImportUpload>('/api/people/imports', file);
export const startImportCheck = (jobId: string, body: { mapping: ImportMapping; defaultOrgId: number | null }) =>
  http.post<JobView>(`/api/people/imports/${jobId}/check`, body);
export const startImportApply = (jobId: string, confirmUpdates: boolean) => http.post<JobView>(`/api/people/imports/${jobId}/apply`, { confirmUpdates });
export const cancelImport = (jobId: string) => http.post<unknown>(`/api/people/imports/${jobId}/cancel`, {});
export const downloadImportErrors = (jobId: string) => download(`/api/people/imports/${jobId}/errors`, undefined, '导入错误报告.xlsx');

export function isImportSummary(v: unknown): v is ImportSummary {
  return typeof v === 'object' && v !== null && typeof (v as ImportSummary).rows === 'number';
}

const ENDED = new Set(['failed', 'cancelled']);

/** Whether a background job of the import reached the end of its `stage`. */
export function jobSettled(job: JobView | undefined, stage: 'check' | 'apply'): boolean {
  if (!job) return false;
  if (ENDED.has(job.status)) return true;
  if (stage === 'check') return job.status !== 'running' && isImportSummary(job.result);
  return job.status === 'done' || (isImportSummary(job.result) && job.result.applied !== null);
}

/** An import is done and its near-duplicate scan still runs. */
export function scanPending(job: JobView | undefined): boolean {
  return job?.status === 'done' && isImportSummary(job.result) && job.result.duplicates === null;
}

/** Polls GET /api/jobs/:id every second until the stage is settled. */
export function useImportJob(jobId: string | null, stage: 'check' | 'apply' | null) {
  return useQuery({
    queryKey: peopleKeys.job(jobId ?? '', stage ?? ''),
    queryFn: () => http.get<JobView>(`/api/jobs/${jobId}`),
    enabled: Boolean(jobId && stage),
    // After an apply, also until the near-duplicate scan that follows it has reported.
    refetchInterval: (q) => (stage && jobSettled(q.state.data, stage) && !scanPending(q.state.data) ? false : 1000),
    refetchIntervalInBackground: true,
    staleTime: 0,
    gcTime: 0,
  });
}
