/** 宣讲点单 over HTTP for the staff page: the menu, orders and their steps (each refreshes the board and the figures), the schedule check, statistics. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { http } from '../../../web/http.ts';
import type {
  CloseInput,
  LectureStats,
  MenuItemView,
  OrderInput,
  OrderPage,
  OrderView,
  OrderStatus,
  PerformerView,
  ScheduleCheck,
} from '../lectures.contract.ts';

export type MenuItem = z.infer<typeof MenuItemView>;
export type Performer = z.infer<typeof PerformerView>;
export type Order = z.infer<typeof OrderView>;
export type OrderPageData = z.infer<typeof OrderPage>;
export type StatsData = z.infer<typeof LectureStats>;
export type CheckData = z.infer<typeof ScheduleCheck>;

const base = '/api/events/lectures';
export const lectureKeys = {
  all: ['lectures'] as const,
  menu: ['lectures', 'menu'] as const,
  performers: ['lectures', 'performers'] as const,
  orders: (q: object) => ['lectures', 'orders', q] as const,
  stats: (q: object) => ['lectures', 'stats', q] as const,
};

export const useMenu = () => useQuery({ queryKey: lectureKeys.menu, queryFn: () => http.get<MenuItem[]>(`${base}/menu`) });
export const usePerformers = () => useQuery({ queryKey: lectureKeys.performers, queryFn: () => http.get<Performer[]>(`${base}/performers`) });
export const useOrders = (q: { status?: OrderStatus; page: number; pageSize: number }) =>
  useQuery({ queryKey: lectureKeys.orders(q), queryFn: () => http.get<OrderPageData>(`${base}/orders`, q), placeholderData: keepPreviousData });
export const useLectureStats = (q: { year?: number }) =>
  useQuery({ queryKey: lectureKeys.stats(q), queryFn: () => http.get<StatsData>(`${base}/stats`, q), placeholderData: keepPreviousData });

/** 排期检查: asked as the dialog's times change; writes nothing. */
export const checkSchedule = (id: number, startsAt: string, endsAt: string) => http.get<CheckData>(`${base}/orders/${id}/schedule-check`, { startsAt, endsAt });

function useLectureWrite<A, R>(fn: (a: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => void qc.invalidateQueries({ queryKey: lectureKeys.all }) });
}

export const usePlaceOrder = () => useLectureWrite((body: z.input<typeof OrderInput>) => http.post<Order>(`${base}/orders`, body));
export const useSchedule = () =>
  useLectureWrite(({ id, startsAt, endsAt }: { id: number; startsAt: string; endsAt: string }) =>
    http.post<Order>(`${base}/orders/${id}/schedule`, { startsAt, endsAt }),
  );
export const useStep = () => useLectureWrite(({ id, step }: { id: number; step: 'confirm' | 'deliver' }) => http.post<Order>(`${base}/orders/${id}/${step}`));
export const useWithReason = () =>
  useLectureWrite(({ id, step, reason }: { id: number; step: 'decline' | 'cancel'; reason: string }) =>
    http.post<Order>(`${base}/orders/${id}/${step}`, { reason }),
  );
export const useCloseOrder = () =>
  useLectureWrite(({ id, body }: { id: number; body: z.input<typeof CloseInput> }) => http.post<Order>(`${base}/orders/${id}/close`, body));
export const useUploadPhoto = () => useLectureWrite(({ id, file }: { id: number; file: File }) => http.upload<Order>(`${base}/orders/${id}/photos`, file));
export const photoUrl = (orderId: number, photoId: number) => `${base}/orders/${orderId}/photos/${photoId}`;
