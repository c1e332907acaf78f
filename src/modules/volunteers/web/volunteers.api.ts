/** 志愿服务 over HTTP for the staff pages: each write refreshes everything of the module. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../../../web/http.ts';
import type {
  CertificateView,
  ListOrdersQuery,
  ListRecordsQuery,
  ListVolunteersQuery,
  OrderPage,
  OrderView,
  ProjectInput,
  ProjectList,
  ProjectView,
  RecordPage,
  RecordView,
  ReviewInput,
  ShiftInput,
  ShiftRoster,
  StaffBackfillInput,
  StaffOrderInput,
  TeamInput,
  TeamList,
  TeamView,
  VolunteerInput,
  VolunteerPage,
  VolunteerStats,
  VolunteerView,
} from '../volunteers.contract.ts';

const ALL = ['volunteers'] as const;

export function useVolunteers(q: Partial<ListVolunteersQuery>) {
  return useQuery({ queryKey: [...ALL, 'list', q], queryFn: () => http.get<VolunteerPage>('/api/volunteers', q), placeholderData: keepPreviousData });
}
export function useTeams() {
  return useQuery({ queryKey: [...ALL, 'teams'], queryFn: () => http.get<TeamList>('/api/volunteers/teams') });
}
export function useProjects() {
  return useQuery({ queryKey: [...ALL, 'projects'], queryFn: () => http.get<ProjectList>('/api/volunteers/projects') });
}
export function useRoster(shiftId: number | null) {
  return useQuery({
    queryKey: [...ALL, 'roster', shiftId],
    queryFn: () => http.get<ShiftRoster>(`/api/volunteers/shifts/${shiftId}`),
    enabled: shiftId !== null,
  });
}
export function useRecords(q: Partial<ListRecordsQuery>) {
  return useQuery({ queryKey: [...ALL, 'records', q], queryFn: () => http.get<RecordPage>('/api/volunteers/records', q), placeholderData: keepPreviousData });
}
export function useOrders(q: Partial<ListOrdersQuery>) {
  return useQuery({ queryKey: [...ALL, 'orders', q], queryFn: () => http.get<OrderPage>('/api/volunteers/orders', q), placeholderData: keepPreviousData });
}
export function useCertificates(volunteerId: number | null) {
  return useQuery({
    queryKey: [...ALL, 'certificates', volunteerId],
    queryFn: () => http.get<{ items: CertificateView[] }>(`/api/volunteers/${volunteerId}/certificates`),
    enabled: volunteerId !== null,
  });
}
export function useVolunteerStats(q: { from: string; to: string }) {
  return useQuery({ queryKey: [...ALL, 'stats', q], queryFn: () => http.get<VolunteerStats>('/api/volunteers/stats', q) });
}

/** A write of the module: every list of it is read again after. */
function useWrite<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => void qc.invalidateQueries({ queryKey: ALL }) });
}

export const useRegisterVolunteer = () => useWrite((b: VolunteerInput) => http.post<VolunteerView>('/api/volunteers', b));
export const useCreateTeam = () => useWrite((b: TeamInput) => http.post<TeamView>('/api/volunteers/teams', b));
export const useAddMember = () =>
  useWrite(({ teamId, ...b }: { teamId: number; volunteerId: number; leader: boolean }) => http.post<TeamView>(`/api/volunteers/teams/${teamId}/members`, b));
export const useRemoveMember = () =>
  useWrite(({ teamId, volunteerId }: { teamId: number; volunteerId: number }) =>
    http.delete<TeamView>(`/api/volunteers/teams/${teamId}/members/${volunteerId}`),
  );
export const useCreateProject = () => useWrite((b: ProjectInput) => http.post<ProjectView>('/api/volunteers/projects', b));
export const useProjectStatus = () =>
  useWrite(({ id, status }: { id: number; status: 'open' | 'closed' }) => http.post<ProjectView>(`/api/volunteers/projects/${id}/status`, { status }));
export const useAddShift = () =>
  useWrite(({ projectId, ...b }: ShiftInput & { projectId: number }) => http.post<ProjectView>(`/api/volunteers/projects/${projectId}/shifts`, b));
export const useStaffSignUp = () =>
  useWrite(({ shiftId, volunteerId }: { shiftId: number; volunteerId: number }) =>
    http.post<ShiftRoster>(`/api/volunteers/shifts/${shiftId}/signups`, { volunteerId }),
  );
export const useStaffBackfill = () => useWrite((b: StaffBackfillInput) => http.post<RecordView>('/api/volunteers/records', b));
export const useReview = () => useWrite(({ id, ...b }: ReviewInput & { id: number }) => http.post<RecordView>(`/api/volunteers/records/${id}/review`, b));
export const useStaffOrder = () => useWrite((b: StaffOrderInput) => http.post<OrderView>('/api/volunteers/orders', b));
export const useDispatch = () =>
  useWrite(({ id, teamId }: { id: number; teamId: number }) => http.post<OrderView>(`/api/volunteers/orders/${id}/dispatch`, { teamId }));
export const useDecline = () =>
  useWrite(({ id, reason }: { id: number; reason: string }) => http.post<OrderView>(`/api/volunteers/orders/${id}/decline`, { reason }));
export const useStaffRate = () =>
  useWrite(({ id, ...b }: { id: number; rating: number; comment?: string | null }) => http.post<OrderView>(`/api/volunteers/orders/${id}/rate`, b));
export const useIssueCertificate = () =>
  useWrite(({ volunteerId, ...b }: { volunteerId: number; from: string; to: string }) =>
    http.post<CertificateView>(`/api/volunteers/${volunteerId}/certificates`, b),
  );
export const useRevokeCertificate = () =>
  useWrite(({ id, reason }: { id: number; reason: string }) => http.post<CertificateView>(`/api/volunteers/certificates/${id}/revoke`, { reason }));
