/** 审计日志 over HTTP: the filtered list, the chain check and the signed anchors' download. */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { download, http } from '../../../web/http.ts';
import type { AuditEntryView, AuditVerifyResult, ListAuditQuery } from '../audit.contract.ts';

export type AuditPage = { items: AuditEntryView[]; total: number; page: number; pageSize: number };
export type AuditFilters = Partial<ListAuditQuery>;

export const auditKeys = {
  all: ['audit'] as const,
  list: (q: AuditFilters) => ['audit', 'list', q] as const,
};

export function useAuditEntries(q: AuditFilters) {
  return useQuery({
    queryKey: auditKeys.list(q),
    queryFn: () => http.get<AuditPage>('/api/audit', q),
    placeholderData: keepPreviousData,
  });
}

export function useVerifyAudit() {
  return useMutation({ mutationFn: () => http.post<AuditVerifyResult>('/api/audit/verify') });
}

/** Saves the signed anchors of the chain as a JSON file, for the auditor to keep and give back to the verifier. */
export function useDownloadAnchors() {
  return useMutation({ mutationFn: () => download('/api/audit/anchors', undefined, 'audit-anchors.json') });
}
