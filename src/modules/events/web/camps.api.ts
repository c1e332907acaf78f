/** 夏令营 over HTTP for the staff page: camps, children (masked; the audited reveal), applications, the seed, the draw and its check. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { http } from '../../../web/http.ts';
import type {
  ApplicationRow,
  ApplyInput,
  CampInput,
  CampRow,
  ChildDetails,
  ChildInput,
  ChildPage,
  ChildRow,
  DrawCheck,
  DrawResult,
} from '../camps.contract.ts';

const base = '/api/events/camps';
export const campKeys = {
  all: ['camps'] as const,
  list: ['camps', 'list'] as const,
  one: (id: number) => ['camps', id] as const,
  applications: (id: number) => ['camps', id, 'applications'] as const,
  draw: (id: number) => ['camps', id, 'draw'] as const,
  children: ['camps', 'children'] as const,
};

export function useCamps() {
  return useQuery({ queryKey: campKeys.list, queryFn: () => http.get<{ items: CampRow[]; total: number }>(base, { page: 1, pageSize: 100 }) });
}
export function useCamp(id: number | undefined) {
  return useQuery({ queryKey: campKeys.one(id ?? 0), queryFn: () => http.get<CampRow>(`${base}/${id}`), enabled: !!id });
}
export function useApplications(id: number | undefined, enabled: boolean) {
  return useQuery({
    queryKey: campKeys.applications(id ?? 0),
    queryFn: () => http.get<ApplicationRow[]>(`${base}/${id}/applications`),
    enabled: !!id && enabled,
  });
}
export function useDraw(id: number | undefined) {
  return useQuery({ queryKey: campKeys.draw(id ?? 0), queryFn: () => http.get<DrawResult>(`${base}/${id}/draw`), enabled: !!id });
}
export function useChildren(enabled: boolean) {
  return useQuery({
    queryKey: campKeys.children,
    queryFn: () => http.get<z.infer<typeof ChildPage>>(`${base}/children`, { page: 1, pageSize: 100 }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

function useChange<B, R>(send: (body: B) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: send, onSuccess: () => void qc.invalidateQueries({ queryKey: campKeys.all }) });
}

export const useCreateCamp = () => useChange((body: z.input<typeof CampInput>) => http.post<CampRow>(base, body));
export const useRegisterChild = () => useChange((body: z.input<typeof ChildInput>) => http.post<ChildRow>(`${base}/children`, body));
export const useApply = (id: number) => useChange((body: z.input<typeof ApplyInput>) => http.post<ApplicationRow>(`${base}/${id}/applications`, body));
export const useWithdraw = (id: number) =>
  useChange(({ applicationId, reason }: { applicationId: number; reason: string }) =>
    http.post<{ promotedNo: number | null }>(`${base}/${id}/applications/${applicationId}/withdraw`, { reason }),
  );
export const usePublishSeed = (id: number) => useChange((announcedValue: string) => http.post<CampRow>(`${base}/${id}/seed`, { announcedValue }));
export const useRunDraw = (id: number) => useChange(() => http.post<CampRow>(`${base}/${id}/draw`));
/** Reading a child's details is audited on the server: a mutation, never cached. */
export const useRevealChild = () =>
  useMutation({
    mutationFn: ({ childId, reason }: { childId: number; reason: string }) => http.post<ChildDetails>(`${base}/children/${childId}/reveal`, { reason }),
  });
export const checkDraw = (id: number) => http.get<z.infer<typeof DrawCheck>>(`${base}/${id}/draw/check`);
