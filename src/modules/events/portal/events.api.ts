/** 活动 on the worker's phone: the events I may join, one event, my sign-ups and what I do with them (each refreshes both lists). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { download, http } from '../../../web/m/http.ts';
import type { MySignup, WorkerEvent } from '../events.contract.ts';

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
