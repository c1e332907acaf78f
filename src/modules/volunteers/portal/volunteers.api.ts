/** 志愿服务 over HTTP for the worker's pages: my volunteering (join, shifts, scans, back-fill, tasks), my orders, and the public certificate check. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../../../web/m/http.ts';
import type {
  BackfillInput,
  DoneInput,
  JoinInput,
  MyVolunteer,
  OrderInput,
  OrderList,
  OrderView,
  RateInput,
  RecordView,
  ScanAnswer,
  VerifyAnswer,
} from '../volunteers.contract.ts';

export type { MyVolunteer, OrderView, RecordView, ScanAnswer, VerifyAnswer };
export type MyShift = MyVolunteer['shifts'][number];

const KEY = ['m', 'volunteers'] as const;
const ME = [...KEY, 'me'] as const;
const ORDERS = [...KEY, 'orders'] as const;

export function useMyVolunteer() {
  return useQuery({ queryKey: ME, queryFn: () => http.get<MyVolunteer>('/api/m/volunteers/me') });
}

/** The answer is my whole volunteering page again: it replaces what the page shows. */
function useSetMe() {
  const qc = useQueryClient();
  return (me: MyVolunteer) => qc.setQueryData(ME, me);
}

function useRefreshMe() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ME });
}

export function useJoin() {
  const setMe = useSetMe();
  return useMutation({ mutationFn: (input: JoinInput) => http.post<MyVolunteer>('/api/m/volunteers/join', input), onSuccess: setMe });
}

/** 报名 or 取消报名 one shift. */
export function useShiftStep() {
  const setMe = useSetMe();
  return useMutation({
    mutationFn: ({ id, step }: { id: number; step: 'signup' | 'cancel' }) => http.post<MyVolunteer>(`/api/m/volunteers/shifts/${id}/${step}`),
    onSuccess: setMe,
  });
}

export function useScan() {
  const refresh = useRefreshMe();
  return useMutation({ mutationFn: (code: string) => http.post<ScanAnswer>('/api/m/volunteers/scan', { code }), onSuccess: refresh });
}

export function useBackfill() {
  const refresh = useRefreshMe();
  return useMutation({ mutationFn: (input: BackfillInput) => http.post<RecordView>('/api/m/volunteers/backfill', input), onSuccess: refresh });
}

/** 接单 or 完成服务 of an order dispatched to my team. */
export function useTaskStep() {
  const refresh = useRefreshMe();
  return useMutation({
    mutationFn: (a: { id: number; step: 'accept' } | { id: number; step: 'done'; input: DoneInput }) =>
      http.post<OrderView>(`/api/m/volunteers/orders/${a.id}/${a.step}`, a.step === 'done' ? a.input : undefined),
    onSuccess: refresh,
  });
}

// ---- 群众点单: what I ordered ----

export function useMyOrders() {
  return useQuery({ queryKey: ORDERS, queryFn: () => http.get<OrderList>('/api/m/volunteers/orders') });
}

function useSetOrders() {
  const qc = useQueryClient();
  return (list: OrderList) => qc.setQueryData(ORDERS, list);
}

export function usePlaceOrder() {
  const setOrders = useSetOrders();
  return useMutation({ mutationFn: (input: OrderInput) => http.post<OrderList>('/api/m/volunteers/orders', input), onSuccess: setOrders });
}

export function useCancelOrder() {
  const setOrders = useSetOrders();
  return useMutation({ mutationFn: (id: number) => http.post<OrderList>(`/api/m/volunteers/orders/${id}/cancel`), onSuccess: setOrders });
}

export function useRateOrder() {
  const setOrders = useSetOrders();
  return useMutation({
    mutationFn: ({ id, ...input }: RateInput & { id: number }) => http.post<OrderList>(`/api/m/volunteers/orders/${id}/rate`, input),
    onSuccess: setOrders,
  });
}

// ---- 证明核验 (anyone) ----

export function useVerify(code: string | null) {
  return useQuery({
    queryKey: [...KEY, 'verify', code],
    queryFn: () => http.get<VerifyAnswer>(`/api/public/volunteer-certificates/${encodeURIComponent(code!)}`, undefined, { noAuthRedirect: true }),
    enabled: !!code,
  });
}
