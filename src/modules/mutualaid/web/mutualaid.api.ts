/** 互助保障 over HTTP for the staff pages: each write refreshes everything of the module. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { download, downloadForUpload, http } from '../../../web/http.ts';
import type { z } from '../../../shared/contract.ts';
import type {
  BatchPage,
  ClaimDetail,
  ClaimPage,
  ClaimStats,
  EnrolmentPage,
  EnrolmentStats,
  EnrolResult,
  PaymentPage,
  PayoutView,
  PlanPage,
  PlanView,
} from '../mutualaid.contract.ts';

const ALL = ['mutualaid'] as const;
type Of<T extends z.ZodType> = z.infer<T>;

export const usePlans = () =>
  useQuery({ queryKey: [...ALL, 'plans'], queryFn: () => http.get<Of<typeof PlanPage>>('/api/mutualaid/plans', { pageSize: 200 }) });
export const useBatches = (planId: number | undefined) =>
  useQuery({
    queryKey: [...ALL, 'batches', planId],
    queryFn: () => http.get<Of<typeof BatchPage>>(`/api/mutualaid/plans/${planId}/batches`, { pageSize: 100 }),
    enabled: !!planId,
  });
export const useClaims = (q: { status?: string; page: number }) =>
  useQuery({
    queryKey: [...ALL, 'claims', q],
    queryFn: () => http.get<Of<typeof ClaimPage>>('/api/mutualaid/claims', { pageSize: 20, page: q.page, ...(q.status ? { status: q.status } : {}) }),
    placeholderData: keepPreviousData,
  });
export const useClaim = (id: number | undefined) =>
  useQuery({ queryKey: [...ALL, 'claim', id], queryFn: () => http.get<ClaimDetail>(`/api/mutualaid/claims/${id}`), enabled: !!id });
export const useEnrolments = (planId: number | undefined) =>
  useQuery({
    queryKey: [...ALL, 'enrolments', planId],
    queryFn: () =>
      http.get<{ items: { id: number; name: string; idMasked: string; org: string; coverFrom: string; coverTo: string }[] }>(
        `/api/mutualaid/plans/${planId}/enrolments`,
        { pageSize: 200 },
      ),
    enabled: !!planId,
  });
/** 参保名单 of a plan, a page at a time, searched by name or pinyin. */
export const useEnrolmentPage = (planId: number | undefined, q: { q: string; page: number }) =>
  useQuery({
    queryKey: [...ALL, 'enrolment-page', planId, q],
    queryFn: () => http.get<Of<typeof EnrolmentPage>>(`/api/mutualaid/plans/${planId}/enrolments`, { pageSize: 20, page: q.page, ...(q.q ? { q: q.q } : {}) }),
    enabled: !!planId,
    placeholderData: keepPreviousData,
  });
/** 保障凭证 (PDF) of one enrolment: opened in a new tab, to print. */
export const certificateUrl = (enrolmentId: number) => `/api/mutualaid/enrolments/${enrolmentId}/certificate.pdf`;
export const usePayments = () =>
  useQuery({ queryKey: [...ALL, 'payments'], queryFn: () => http.get<Of<typeof PaymentPage>>('/api/mutualaid/payments', { pageSize: 100 }) });
export const useEnrolmentStats = (planId: number | undefined) =>
  useQuery({
    queryKey: [...ALL, 'enrolment-stats', planId],
    queryFn: () => http.get<Of<typeof EnrolmentStats>>('/api/mutualaid/stats/enrolment', planId ? { planId } : {}),
  });
export const useClaimStats = () =>
  useQuery({ queryKey: [...ALL, 'claim-stats'], queryFn: () => http.get<Of<typeof ClaimStats>>('/api/mutualaid/stats/claims') });

function useWrite<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ALL }) });
}
/** 登记缴费: the day a worker's own contribution was paid at the desk. */
export const useMarkBatchPaid = () =>
  useWrite(({ id, paidOn }: { id: number; paidOn: string }) => http.post<{ id: number; paidOn: string }>(`/api/mutualaid/batches/${id}/paid`, { paidOn }));
export const useCreatePlan = () => useWrite((input: unknown) => http.post<PlanView>('/api/mutualaid/plans', input));
export const useUpdatePlan = (id: number) => useWrite((input: unknown) => http.put<PlanView>(`/api/mutualaid/plans/${id}`, input));
export const usePlanStatus = () =>
  useWrite(({ id, status }: { id: number; status: 'open' | 'closed' }) => http.post<PlanView>(`/api/mutualaid/plans/${id}/status`, { status }));
export const usePreview = () => useMutation({ mutationFn: (input: unknown) => http.post<PayoutView>('/api/mutualaid/payout-preview', input) });
export const useEnrol = (planId: number) =>
  useWrite((input: unknown) => http.post<{ persons: number; amountFen: number }>(`/api/mutualaid/plans/${planId}/enrol`, input));
export const useCreateClaim = () => useWrite((input: unknown) => http.post<ClaimDetail>('/api/mutualaid/claims', input));
export const useClaimStep = () =>
  useWrite(({ id, step, body }: { id: number; step: 'review' | 'recheck' | 'approve' | 'reject' | 'appeal'; body: unknown }) =>
    http.post<ClaimDetail>(`/api/mutualaid/claims/${id}/${step}`, body),
  );
export const useCreatePayment = () => useWrite((orgId: number) => http.post<{ id: number }>('/api/mutualaid/payments', { orgId }));
export const useImportResults = () =>
  useWrite(({ id, file }: { id: number; file: File }) =>
    http.upload<{ paid: number; failed: number; errors: { row: number; column: string; message: string }[] }>(`/api/mutualaid/payments/${id}/results`, file),
  );

/** The employer list import, for the shared dialog: `created` is how many the batch enrols. */
export function useImportEnrolment(planId: number, orgId: number, paidOn: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ file, mode }: { file: File; mode: 'check' | 'apply' }) => {
      const r = await http.upload<Of<typeof EnrolResult>>(`/api/mutualaid/plans/${planId}/enrol/import?mode=${mode}&orgId=${orgId}&paidOn=${paidOn}`, file);
      return { ...r, created: r.enrolled };
    },
    onSuccess: async (r) => {
      if (r.applied) await qc.invalidateQueries({ queryKey: ALL });
    },
  });
}
export const downloadEnrolTemplate = () => download('/api/mutualaid/enrol/template.xlsx', undefined, '互助保障参保名单模板.xlsx');
export const downloadEnrolErrors = (planId: number, orgId: number, paidOn: string) => (file: File) =>
  downloadForUpload(`/api/mutualaid/plans/${planId}/enrol/errors.xlsx?orgId=${orgId}&paidOn=${paidOn}`, file, '参保名单错误报告.xlsx');
export const downloadBankFile = (id: number, format: 'xlsx' | 'csv') =>
  download(`/api/mutualaid/payments/${id}/bank.${format}`, undefined, `银行代发文件.${format}`);
