/** 健康守护 over HTTP for the worker's pages: programmes open to me, booking a slot, my bookings with their result summary. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../../../web/m/http.ts';
import type { MyBooking, WorkerBookingInput, WorkerProgramme } from '../health.contract.ts';

export type { MyBooking, WorkerProgramme };

const KEY = ['m', 'health'] as const;

export function useMyProgrammes() {
  return useQuery({ queryKey: [...KEY, 'programmes'], queryFn: () => http.get<WorkerProgramme[]>('/api/m/health/programmes') });
}
export function useMyBookings() {
  return useQuery({ queryKey: [...KEY, 'bookings'], queryFn: () => http.get<MyBooking[]>('/api/m/health/bookings') });
}
export function useBook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ programmeId, ...input }: WorkerBookingInput & { programmeId: number }) =>
      http.post<MyBooking>(`/api/m/health/programmes/${programmeId}/bookings`, input),
    // Refresh on failure too: a slot that filled meanwhile shows its new count.
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}
/** 取消预约: the place goes back to the day, and the programme can be booked again. */
export function useCancelBooking() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (bookingId: number) => http.post<WorkerProgramme>(`/api/m/health/bookings/${bookingId}/cancel`),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}
