/** 技能竞赛 over HTTP for the staff page: contests, one contest, its score sheets, and every change (each refreshes the contest and its sheets). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { http } from '../../../web/http.ts';
import type {
  AddJudgeInput,
  AddRoundInput,
  AddTradeInput,
  AwardResult,
  CompetitionDetail,
  CompetitionPage,
  CreateCompetitionInput,
  DisqualifyInput,
  EnterInput,
  RevokeResult,
  ScoreInput,
  ScoreSheet,
} from '../competitions.contract.ts';

export type CompetitionView = CompetitionDetail;
export type CompetitionPageView = z.infer<typeof CompetitionPage>;
export type ScoreSheetView = ScoreSheet;

const base = '/api/events/competitions';
export const competitionKeys = {
  all: ['competitions'] as const,
  list: (q: object) => ['competitions', 'list', q] as const,
  one: (id: number) => ['competitions', id] as const,
  sheet: (id: number, roundId: number, tradeId: number) => ['competitions', id, 'sheet', roundId, tradeId] as const,
};

export function useCompetitions(q: { page: number; pageSize: number }) {
  return useQuery({ queryKey: competitionKeys.list(q), queryFn: () => http.get<CompetitionPageView>(base, q), placeholderData: keepPreviousData });
}

export function useCompetition(id: number | undefined) {
  return useQuery({ queryKey: competitionKeys.one(id ?? 0), queryFn: () => http.get<CompetitionView>(`${base}/${id}`), enabled: !!id });
}

export function useScoreSheet(id: number | undefined, roundId: number | undefined, tradeId: number | undefined) {
  return useQuery({
    queryKey: competitionKeys.sheet(id ?? 0, roundId ?? 0, tradeId ?? 0),
    queryFn: () => http.get<ScoreSheetView>(`${base}/${id}/rounds/${roundId}/sheet`, { tradeId }),
    enabled: !!id && !!roundId && !!tradeId,
  });
}

function useChange<B, R = { id: number }>(send: (body: B) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: send, onSuccess: () => void qc.invalidateQueries({ queryKey: competitionKeys.all }) });
}

export const useCreateCompetition = () => useChange((body: z.input<typeof CreateCompetitionInput>) => http.post<{ id: number }>(base, body));
export const useAddTrade = (id: number) => useChange((body: z.input<typeof AddTradeInput>) => http.post<{ id: number }>(`${base}/${id}/trades`, body));
export const useAddRound = (id: number) => useChange((body: z.input<typeof AddRoundInput>) => http.post<{ id: number }>(`${base}/${id}/rounds`, body));
export const useAddJudge = (id: number) => useChange((body: z.input<typeof AddJudgeInput>) => http.post<{ id: number }>(`${base}/${id}/judges`, body));
export const useEnter = (id: number) => useChange((body: z.input<typeof EnterInput>) => http.post<{ id: number }>(`${base}/${id}/entries`, body));
export const useScore = (id: number) => useChange((body: z.input<typeof ScoreInput>) => http.post<{ id: number }>(`${base}/${id}/scores`, body));
export const useCloseRound = (id: number) => useChange((roundId: number) => http.post<{ ok: true }>(`${base}/${id}/rounds/${roundId}/close`));
export const useAward = (id: number) =>
  useChange(({ tradeId, honour }: { tradeId: number; honour: boolean }) =>
    http.post<z.infer<typeof AwardResult>>(`${base}/${id}/trades/${tradeId}/awards`, { honour }),
  );
export const useRevokeAwards = (id: number) =>
  useChange(({ tradeId, reason }: { tradeId: number; reason: string }) =>
    http.post<z.infer<typeof RevokeResult>>(`${base}/${id}/trades/${tradeId}/awards/revoke`, { reason }),
  );
export const useDisqualify = (id: number) =>
  useChange(({ entryId, ...body }: { entryId: number } & z.input<typeof DisqualifyInput>) =>
    http.post<{ ok: true }>(`${base}/${id}/entries/${entryId}/disqualify`, body),
  );
