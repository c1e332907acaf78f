/** 活动 on the worker's phone: the events I may join, one event, my sign-ups and what I do with them (each refreshes both lists). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { download, http } from '../../../web/m/http.ts';
import type { z } from 'zod';
import type { MySignup, WorkerEvent } from '../events.contract.ts';
import type { MyApplicationView, OpenBatchView, SecondFormInput } from '../recuperation.contract.ts';
import type { MyCamps, MyChildInput } from '../camps.contract.ts';

export type { MySignup, WorkerEvent };

const KEY = ['m', 'events'] as const;
const MINE = ['m', 'events', 'signups'] as const;

export function useWorkerEvents() {
  return useQuery({ queryKey: [...KEY, 'list'], queryFn: () => http.get<WorkerEvent[]>('/api/m/events') });
}

export function useWorkerEvent(id: number) {
  return useQuery({ queryKey: [...KEY, 'one', id], queryFn: () => http.get<WorkerEvent>(`/api/m/events/${id}`), enabled: Number.isInteger(id) && id > 0 });
}

export function useMySignups(enabled = true) {
  return useQuery({ queryKey: MINE, queryFn: () => http.get<MySignup[]>('/api/m/events/signups'), enabled });
}

function useRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: KEY });
}

/** My check-in code for a confirmed place, fetched when I ask to show it. */
export function useMyTicket(id: number, enabled: boolean) {
  return useQuery({ queryKey: [...MINE, id, 'ticket'], queryFn: () => http.get<{ code: string; qr: string }>(`/api/m/events/signups/${id}/ticket`), enabled });
}

export function useWorkerSignUp(eventId: number) {
  const refresh = useRefresh();
  return useMutation({ mutationFn: () => http.post<MySignup>(`/api/m/events/${eventId}/signup`, { waitIfFull: true }), onSuccess: refresh });
}

/** 取消报名, 确认递补 (accept) or 放弃递补 (decline) one of my sign-ups. */
export function useSignupStep() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, step }: { id: number; step: 'cancel' | 'accept' | 'decline' }) => http.post<MySignup>(`/api/m/events/signups/${id}/${step}`),
    onSuccess: refresh,
  });
}

export function useRate() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, rating, feedback }: { id: number; rating: number; feedback: string | null }) =>
      http.post<MySignup>(`/api/m/events/signups/${id}/rating`, { rating, feedback }),
    onSuccess: refresh,
  });
}

export const downloadMyCertificate = (id: number) => download(`/api/m/events/signups/${id}/certificate.pdf`, undefined, `certificate-${id}.pdf`);

// ---- 疗休养 and 夏令营 -------------------------------------------------------------------------

export type OpenBatch = z.infer<typeof OpenBatchView>;
export type MyTripApplication = z.infer<typeof MyApplicationView>;
export type MyCampsView = z.infer<typeof MyCamps>;

const TRIPS = ['m', 'events', 'recuperation'] as const;
const CAMPS = ['m', 'events', 'camps'] as const;

export function useOpenBatches() {
  return useQuery({ queryKey: [...TRIPS, 'batches'], queryFn: () => http.get<OpenBatch[]>('/api/m/events/recuperation/batches') });
}

export function useMyTripApplications() {
  return useQuery({ queryKey: [...TRIPS, 'mine'], queryFn: () => http.get<MyTripApplication[]>('/api/m/events/recuperation/applications') });
}

/** 申请 a batch, with the health declaration. */
export function useApplyForTrip() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ batchId, healthDeclared }: { batchId: number; healthDeclared: boolean }) =>
      http.post(`/api/m/events/recuperation/batches/${batchId}/apply`, { healthDeclared }),
    onSuccess: () => qc.invalidateQueries({ queryKey: TRIPS }),
  });
}

/** 行前信息 once selected: an emergency contact and the health declaration before departure. */
export function useSecondForm() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ applicationId, ...body }: { applicationId: number } & SecondFormInput) =>
      http.post(`/api/m/events/recuperation/applications/${applicationId}/second-form`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: TRIPS }),
  });
}

export function useMyCamps() {
  return useQuery({ queryKey: CAMPS, queryFn: () => http.get<MyCampsView>('/api/m/events/camps') });
}

/** 登记子女, with the guardian's consent to the union handling the child's data. */
export function useRegisterChild() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: MyChildInput) => http.post('/api/m/events/camps/children', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: CAMPS }),
  });
}

export function useApplyForCamp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ campId, childId, dualEarner }: { campId: number; childId: number; dualEarner: boolean }) =>
      http.post(`/api/m/events/camps/${campId}/applications`, { childId, dualEarner }),
    onSuccess: () => qc.invalidateQueries({ queryKey: CAMPS }),
  });
}
