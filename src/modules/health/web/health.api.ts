/** 健康守护 over HTTP for the staff pages: each write refreshes everything of the module. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../../../web/http.ts';
import type { z } from '../../../shared/contract.ts';
import type {
  BookingPage,
  BulkBookingInput,
  BulkBookingResult,
  FollowupPage,
  HospitalInput,
  PackageInput,
  ProgrammeInput,
  ProgrammePage,
  ProgrammeStats,
  ProgrammeView,
  ResultImportResult,
  SlotGenerateInput,
} from '../health.contract.ts';

const ALL = ['health'] as const;
type Page<T extends z.ZodType> = z.infer<T>;

export function useProgrammes() {
  return useQuery({ queryKey: [...ALL, 'programmes'], queryFn: () => http.get<Page<typeof ProgrammePage>>('/api/health/programmes', { pageSize: 200 }) });
}
export function useProgramme(id: number | undefined) {
  return useQuery({ queryKey: [...ALL, 'programme', id], queryFn: () => http.get<ProgrammeView>(`/api/health/programmes/${id}`), enabled: !!id });
}
export function useBookings(id: number | undefined, page: number) {
  return useQuery({
    queryKey: [...ALL, 'bookings', id, page],
    queryFn: () => http.get<Page<typeof BookingPage>>(`/api/health/programmes/${id}/bookings`, { page, pageSize: 20 }),
    enabled: !!id,
    placeholderData: keepPreviousData,
  });
}
export function useFollowups(status: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: [...ALL, 'followups', status],
    queryFn: () => http.get<Page<typeof FollowupPage>>('/api/health/followups', { pageSize: 200, ...(status ? { status } : {}) }),
    enabled,
  });
}
export function useStats(id: number | undefined) {
  return useQuery({ queryKey: [...ALL, 'stats', id], queryFn: () => http.get<ProgrammeStats>(`/api/health/programmes/${id}/stats`), enabled: !!id });
}

function useWrite<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ALL }) });
}
export const useCreateProgramme = () => useWrite((input: ProgrammeInput) => http.post<ProgrammeView>('/api/health/programmes', input));
export const useProgrammeStatus = (id: number) => useWrite((status: string) => http.post<ProgrammeView>(`/api/health/programmes/${id}/status`, { status }));
export const useAddHospital = (id: number) => useWrite((input: HospitalInput) => http.post<ProgrammeView>(`/api/health/programmes/${id}/hospitals`, input));
export const useAddPackage = (id: number) => useWrite((input: PackageInput) => http.post<ProgrammeView>(`/api/health/programmes/${id}/packages`, input));
export const useGenerateSlots = (id: number) =>
  useWrite((input: SlotGenerateInput) => http.post<{ added: number }>(`/api/health/programmes/${id}/slots`, input));
export const useBulkBook = (id: number) =>
  useWrite((input: Partial<BulkBookingInput>) => http.post<z.infer<typeof BulkBookingResult>>(`/api/health/programmes/${id}/bookings`, input));
export const useAttendance = () =>
  useWrite(({ id, attended }: { id: number; attended: boolean }) => http.post(`/api/health/bookings/${id}/attendance`, { attended }));
export const useCancelBooking = () =>
  useWrite(({ id, reason }: { id: number; reason: string }) => http.post<ProgrammeView>(`/api/health/bookings/${id}/cancel`, { reason }));
export const useImportResults = (id: number) =>
  useWrite(({ file, mode }: { file: File; mode: 'check' | 'apply' }) =>
    http.upload<ResultImportResult>(`/api/health/programmes/${id}/results/import?mode=${mode}`, file),
  );
export const useFollowupDone = () => useWrite(({ id, note }: { id: number; note: string }) => http.post(`/api/health/followups/${id}/done`, { note }));
export const useRemind = () => useWrite((id: number) => http.post(`/api/health/followups/${id}/remind`));
