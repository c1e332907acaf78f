/** 疗休养 over HTTP for the staff page: batches, ranking, notice, objections, confirmation, withdrawal; each change refreshes the batch. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { download, http } from '../../../web/http.ts';
import type { BatchView, ConfirmResult, CreateBatchInput, NoticeView, ObjectionView, Ranking, WithdrawResult } from '../recuperation.contract.ts';

export type BatchRow = z.infer<typeof BatchView>;
export type RankingView = z.infer<typeof Ranking>;
export type ApplicantRow = RankingView['items'][number];
export type NoticeData = z.infer<typeof NoticeView>;
export type ObjectionRow = z.infer<typeof ObjectionView>;

const base = '/api/events/recuperation/batches';
export const recuperationKeys = {
  all: ['recuperation'] as const,
  batches: ['recuperation', 'batches'] as const,
  batch: (id: number, part: string) => ['recuperation', id, part] as const,
};

export const useBatches = () => useQuery({ queryKey: recuperationKeys.batches, queryFn: () => http.get<BatchRow[]>(base) });
export const useRanking = (id: number | undefined) =>
  useQuery({ queryKey: recuperationKeys.batch(id ?? 0, 'ranking'), queryFn: () => http.get<RankingView>(`${base}/${id}/ranking`), enabled: !!id });
export const useNotice = (id: number | undefined, enabled: boolean) =>
  useQuery({ queryKey: recuperationKeys.batch(id ?? 0, 'notice'), queryFn: () => http.get<NoticeData>(`${base}/${id}/notice`), enabled: !!id && enabled });
export const useObjections = (id: number | undefined, enabled: boolean) =>
  useQuery({
    queryKey: recuperationKeys.batch(id ?? 0, 'objections'),
    queryFn: () => http.get<ObjectionRow[]>(`${base}/${id}/objections`),
    enabled: !!id && enabled,
  });

function useChange<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => void qc.invalidateQueries({ queryKey: recuperationKeys.all }) });
}

export const useCreateBatch = () => useChange((input: z.input<typeof CreateBatchInput>) => http.post<BatchRow>(base, input));
export const useNominate = (id: number) =>
  useChange((input: { personId: number; healthDeclared: boolean }) => http.post<{ id: number }>(`${base}/${id}/nominations`, input));
export const usePublishNotice = (id: number) => useChange(() => http.post<BatchRow>(`${base}/${id}/notice`));
export const useConfirm = (id: number) => useChange(() => http.post<z.infer<typeof ConfirmResult>>(`${base}/${id}/confirm`));
export const useRecordObjection = (id: number) =>
  useChange((input: { applicationId: number; text: string }) => http.post<{ id: number }>(`${base}/${id}/objections`, input));
export const useResolveObjection = (id: number) =>
  useChange(({ objectionId, ...body }: { objectionId: number; outcome: 'upheld' | 'dismissed'; reason: string }) =>
    http.post<ObjectionRow[]>(`${base}/${id}/objections/${objectionId}/resolve`, body),
  );
export const useWithdraw = (id: number) =>
  useChange(({ applicationId, reason }: { applicationId: number; reason: string }) =>
    http.post<z.infer<typeof WithdrawResult>>(`${base}/${id}/applications/${applicationId}/withdraw`, { reason }),
  );
export const downloadLedger = (id: number) => download(`${base}/${id}/ledger.xlsx`, undefined, '疗休养补贴台账.xlsx');
