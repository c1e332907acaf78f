/** 活动 over HTTP for the staff pages: the list, one event with its sessions, places and sign-ups, and every change (each refreshes the event and the list). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { download, http } from '../../../web/http.ts';
import type {
  AudiencePreview,
  AudiencePreviewInput,
  EventInput,
  EventPage,
  EventTransition,
  EventView,
  ListEventsQuery,
  ListSignupsQuery,
  QuotaNode,
  SessionInput,
  SignupPage,
  SignupRow,
} from '../events.contract.ts';

export type { EventView, QuotaNode, SignupRow };
export type EventPageView = z.infer<typeof EventPage>;
export type SignupPageView = z.infer<typeof SignupPage>;
export type EventBody = z.input<typeof EventInput>;
export type SessionBody = z.input<typeof SessionInput>;
export type EventFilters = Partial<Omit<z.output<typeof ListEventsQuery>, 'page' | 'pageSize'>>;
export type SignupFilters = Partial<Omit<z.output<typeof ListSignupsQuery>, 'page' | 'pageSize'>>;

export const eventKeys = {
  all: ['events'] as const,
  list: (q: object) => ['events', 'list', q] as const,
  one: (id: number) => ['events', 'one', id] as const,
  signups: (id: number, q: object) => ['events', 'one', id, 'signups', q] as const,
};

export function useEvents(q: EventFilters & { page: number; pageSize: number }) {
  return useQuery({ queryKey: eventKeys.list(q), queryFn: () => http.get<EventPageView>('/api/events', q), placeholderData: keepPreviousData });
}

export function useEvent(id: number | null) {
  return useQuery({ queryKey: eventKeys.one(id ?? 0), queryFn: () => http.get<EventView>(`/api/events/${id}`), enabled: id !== null });
}

export function useSignups(id: number, q: SignupFilters & { page: number; pageSize: number }) {
  return useQuery({
    queryKey: eventKeys.signups(id, q),
    queryFn: () => http.get<SignupPageView>(`/api/events/${id}/signups`, q),
    placeholderData: keepPreviousData,
  });
}

/** How many people an audience reaches in the organiser's subtree, asked while the form is filled in. */
export function useAudienceReach(body: z.input<typeof AudiencePreviewInput> | null) {
  return useQuery({
    queryKey: ['events', 'reach', body],
    queryFn: () => http.post<z.infer<typeof AudiencePreview>>('/api/events/audience-preview', body),
    enabled: body !== null,
    placeholderData: keepPreviousData,
  });
}

/** After a change: the event (sessions, counts, places), its sign-ups and the list. */
function useRefresh() {
  const qc = useQueryClient();
  return (view?: EventView) => {
    if (view) qc.setQueryData(eventKeys.one(view.id), view);
    void qc.invalidateQueries({ queryKey: eventKeys.all });
  };
}

export function useCreateEvent() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (body: EventBody) => http.post<EventView>('/api/events', body), onSuccess: refresh });
}

export function useUpdateEvent(id: number) {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (body: { version: number; data: EventBody }) => http.put<EventView>(`/api/events/${id}`, body), onSuccess: refresh });
}

export function useTransition(id: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: { action: EventTransition; version: number; reason?: string | null }) => http.post<EventView>(`/api/events/${id}/transition`, body),
    onSuccess: refresh,
  });
}

export function useSaveSession(id: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ sessionId, body }: { sessionId?: number; body: SessionBody }) =>
      sessionId ? http.put<EventView>(`/api/events/${id}/sessions/${sessionId}`, body) : http.post<EventView>(`/api/events/${id}/sessions`, body),
    onSuccess: refresh,
  });
}

export function useDeleteSession(id: number) {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (sessionId: number) => http.delete<EventView>(`/api/events/${id}/sessions/${sessionId}`), onSuccess: refresh });
}

export function useSaveQuota(id: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: { orgId: number; places: number }) => http.put<QuotaNode[]>(`/api/events/${id}/quotas`, body),
    onSuccess: () => refresh(),
  });
}

export function useSignUp(id: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: { personId: number; waitIfFull: boolean }) => http.post<SignupRow>(`/api/events/${id}/signups`, body),
    onSuccess: () => refresh(),
  });
}

export function useCancelSignup(id: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ signupId, reason }: { signupId: number; reason?: string }) =>
      http.post<SignupRow>(`/api/events/${id}/signups/${signupId}/cancel`, { reason }),
    onSuccess: () => refresh(),
  });
}

export function useAttendance(id: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ signupId, attended }: { signupId: number; attended: boolean }) =>
      http.post<SignupRow>(`/api/events/${id}/signups/${signupId}/attendance`, { attended }),
    onSuccess: () => refresh(),
  });
}

export const downloadCertificate = (id: number, signupId: number) =>
  download(`/api/events/${id}/signups/${signupId}/certificate.pdf`, undefined, `certificate-${signupId}.pdf`);

/** The union's calendar feed (its subtree's events), for a calendar app on the same signed-in browser. */
export const calendarUrl = (orgId: number) => `/api/events/calendar/${orgId}.ics`;
