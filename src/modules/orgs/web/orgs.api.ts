/**
 * The org tree over HTTP: query keys, hooks, and invalidation after writes. Tree levels are
 * cached one query per parent (`['orgs','tree',parentId]`), so every tree on screen (the page's
 * Tree, each OrgTreeSelect, the 下级组织 table) reads the same cache and refreshes together after
 * an `invalidateQueries(['orgs'])`.
 */
import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { z } from 'zod';
import { download, http } from '../../../web/http.ts';
import type {
  CreateOrgInput,
  Division,
  OrgDetail,
  OrgImportResult,
  OrgSearchHit,
  OrgStats,
  OrgStatus,
  OrgTreeNode,
  SearchOrgsQuery,
  TransferTarget,
  UpdateOrgInput,
} from '../orgs.contract.ts';
import { TRANSFER_QUERY_MIN } from '../orgs.contract.ts';

export type DivisionView = z.infer<typeof Division>;
export type OrgSearchHitView = z.infer<typeof OrgSearchHit>;
export type OrgSearchPage = { items: OrgSearchHitView[]; total: number; page: number; pageSize: number };

export const orgKeys = {
  all: ['orgs'] as const,
  tree: (parentId: number | null) => ['orgs', 'tree', parentId ?? 'root'] as const,
  detail: (id: number) => ['orgs', 'detail', id] as const,
  search: (q: Partial<SearchOrgsQuery>) => ['orgs', 'search', q] as const,
  stats: (orgId?: number) => ['orgs', 'stats', orgId ?? 'own'] as const,
  transferTargets: (q: string) => ['orgs', 'transfer-targets', q] as const,
  divisions: (parent?: string) => ['divisions', parent ?? 'root'] as const,
};

export const fetchTreeLevel = (parentId?: number | null) => http.get<OrgTreeNode[]>('/api/orgs/tree', { parentId: parentId ?? undefined });

export const fetchOrg = (id: number) => http.get<OrgDetail>(`/api/orgs/${id}`);

export const treeLevelQuery = (parentId: number | null) => ({
  queryKey: orgKeys.tree(parentId),
  queryFn: () => fetchTreeLevel(parentId),
  staleTime: 60_000,
});

export function useOrg(id: number | null | undefined) {
  return useQuery({ queryKey: orgKeys.detail(id ?? 0), queryFn: () => fetchOrg(id!), enabled: Boolean(id), retry: false });
}

export function useTreeLevel(parentId: number | null, enabled = true) {
  return useQuery({ ...treeLevelQuery(parentId), enabled });
}

/**
 * A lazily loaded tree: the actor's own org at the top, the children of every parent in `loaded`
 * below it. `load(id)` adds a parent and resolves when its children are in the cache.
 */
export function useLazyOrgTree(enabled = true) {
  const qc = useQueryClient();
  const [loaded, setLoaded] = useState<number[]>([]);
  const root = useQuery({ ...treeLevelQuery(null), enabled });
  const levels = useQueries({
    queries: loaded.map((id) => ({ ...treeLevelQuery(id), enabled, retry: false })),
    combine: (results) => results.map((r) => r.data),
  });
  const childrenOf = new Map<number, OrgTreeNode[]>();
  loaded.forEach((id, i) => {
    const d = levels[i];
    if (d) childrenOf.set(id, d);
  });
  const load = useCallback(
    async (id: number) => {
      setLoaded((prev) => (prev.includes(id) ? prev : [...prev, id]));
      await qc.ensureQueryData(treeLevelQuery(id));
    },
    [qc],
  );
  const loadMany = useCallback((ids: number[]) => {
    setLoaded((prev) => {
      const add = ids.filter((id) => !prev.includes(id));
      return add.length ? [...prev, ...add] : prev;
    });
  }, []);
  return { roots: root.data ?? [], rootLoading: root.isLoading, rootError: root.error, childrenOf, load, loadMany };
}

export function useOrgSearch(q: Partial<SearchOrgsQuery>, enabled: boolean) {
  return useQuery({
    queryKey: orgKeys.search(q),
    queryFn: () => http.get<OrgSearchPage>('/api/orgs/search', q),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/**
 * Receiving unions for a transfer, searched across the whole tree (not only the caller's
 * subtree); asks nothing until `q` has enough characters for the server to accept it.
 */
export function useTransferTargets(q: string) {
  return useQuery({
    queryKey: orgKeys.transferTargets(q),
    queryFn: () => http.get<TransferTarget[]>('/api/orgs/transfer-targets', { q }),
    enabled: q.length >= TRANSFER_QUERY_MIN,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export function useOrgStats(orgId?: number, enabled = true) {
  return useQuery({ queryKey: orgKeys.stats(orgId), queryFn: () => http.get<OrgStats>('/api/orgs/stats', { orgId }), enabled });
}

/** GB/T 2260 children of a division (provinces when `parent` is absent); the list never changes. */
export const divisionsQuery = (parent?: string) => ({
  queryKey: orgKeys.divisions(parent),
  queryFn: () => http.get<DivisionView[]>('/api/divisions', { parent }),
  staleTime: Infinity,
  gcTime: Infinity,
});

export function useDivisions(parent: string | undefined, enabled = true) {
  return useQuery({ ...divisionsQuery(parent), enabled });
}

/** The division one level up: 150102 → 150100, 150100 → 150000, 150000 → none. */
export function parentDivisionCode(code: string): string | undefined {
  if (!/^\d{6}$/.test(code) || code.endsWith('0000')) return undefined;
  return code.endsWith('00') ? `${code.slice(0, 2)}0000` : `${code.slice(0, 4)}00`;
}

/** The name of a division code (e.g. 150102 → 新城区), looked up among its siblings. */
export function useDivisionName(code: string | null | undefined): string | undefined {
  const valid = Boolean(code && /^\d{6}$/.test(code));
  const { data } = useDivisions(valid ? parentDivisionCode(code!) : undefined, valid);
  return data?.find((d) => d.code === code)?.name;
}

function useOrgWrite<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      // Names and places shown elsewhere refresh in the background; the tree and details first.
      void qc.invalidateQueries({ queryKey: ['accounts'] });
      void qc.invalidateQueries({ queryKey: ['policies'] });
      void qc.invalidateQueries({ queryKey: ['audit'] });
      await qc.invalidateQueries({ queryKey: orgKeys.all });
    },
  });
}

export const useCreateOrg = () => useOrgWrite((input: CreateOrgInput) => http.post<OrgDetail>('/api/orgs', input));
export const useUpdateOrg = () => useOrgWrite(({ id, data }: { id: number; data: UpdateOrgInput }) => http.patch<OrgDetail>(`/api/orgs/${id}`, data));
export const useMoveOrg = () => useOrgWrite(({ id, parentId }: { id: number; parentId: number }) => http.post<OrgDetail>(`/api/orgs/${id}/move`, { parentId }));
export const useSetOrgStatus = () =>
  useOrgWrite(({ id, status }: { id: number; status: OrgStatus }) => http.post<OrgDetail>(`/api/orgs/${id}/status`, { status }));

/** mode=check validates only; mode=apply writes everything or nothing. */
export const useImportOrgs = () =>
  useOrgWrite(({ file, mode }: { file: File; mode: 'check' | 'apply' }) => http.upload<OrgImportResult>(`/api/orgs/import?mode=${mode}`, file));

export const exportOrgs = (within?: number) => download('/api/orgs/export', { within }, '组织架构.xlsx');
export const downloadOrgTemplate = () => download('/api/orgs/import/template', undefined, '组织导入模板.xlsx');
