/** The check-in kit over HTTP for staff: an event's check-in lists, a new list, the lines of one, the conflicts. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { http } from '../../../web/http.ts';
import type { CheckinConflict, CheckinLinePage, CheckinListInput, CheckinListView } from '../checkin.contract.ts';

export type { CheckinConflict, CheckinListView };
export type CheckinLines = z.infer<typeof CheckinLinePage>;
export type CheckinListBody = z.input<typeof CheckinListInput>;

const keys = {
  lists: (eventId: number) => ['events', 'one', eventId, 'checkin-lists'] as const,
  conflicts: (eventId: number) => ['events', 'one', eventId, 'checkin-conflicts'] as const,
  lines: (listId: number, page: number) => ['events', 'checkin-lines', listId, page] as const,
};

export function useCheckinLists(eventId: number) {
  return useQuery({ queryKey: keys.lists(eventId), queryFn: () => http.get<CheckinListView[]>(`/api/events/${eventId}/checkin-lists`) });
}

export function useCheckinConflicts(eventId: number) {
  return useQuery({ queryKey: keys.conflicts(eventId), queryFn: () => http.get<CheckinConflict[]>(`/api/events/${eventId}/checkin-conflicts`) });
}

export function useCheckinLines(listId: number | null, page: number) {
  return useQuery({
    queryKey: keys.lines(listId ?? 0, page),
    queryFn: () => http.get<CheckinLines>(`/api/checkin/lists/${listId}/lines`, { page, pageSize: 20 }),
    enabled: listId !== null,
    placeholderData: keepPreviousData,
  });
}

export function useCreateCheckinList(eventId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CheckinListBody) => http.post<CheckinListView>(`/api/events/${eventId}/checkin-lists`, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.lists(eventId) }),
  });
}
