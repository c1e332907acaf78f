/** 审计日志 over HTTP: the filtered list and the chain check. */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { http } from '../../../web/http.ts';
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
