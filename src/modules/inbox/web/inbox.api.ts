/** 待办 on the web: the summary (menu badge, home card, page) and one group paged. */
import { useEffect } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../../../web/http.ts';
import { useMe } from '../../auth/web/auth.api.ts';
import type { InboxItemsPage, InboxSummary } from '../inbox.contract.ts';

export type { InboxItemsPage, InboxSummary };

export const inboxKeys = {
  all: ['inbox'] as const,
  summary: ['inbox', 'summary'] as const,
  items: (kind: string, page: number, pageSize: number) => ['inbox', 'items', kind, page, pageSize] as const,
};

/**
 * What waits for this account. Any write anywhere in the app may settle or add an item (an
 * approval, a verification, a transfer accepted), so every successful mutation refreshes it.
 */
export function useInbox() {
  const { data: me } = useMe();
  const qc = useQueryClient();
  useEffect(
    () =>
      qc.getMutationCache().subscribe((e) => {
        if (e.type === 'updated' && e.action.type === 'success') void qc.invalidateQueries({ queryKey: inboxKeys.all });
      }),
    [qc],
  );
  return useQuery({
    queryKey: inboxKeys.summary,
    queryFn: () => http.get<InboxSummary>('/api/inbox'),
    enabled: Boolean(me) && !me?.account.mustChangePassword,
    refetchInterval: 120_000,
  });
}

/** The menu entry's count. */
export const useInboxCount = () => useInbox().data?.total;

export function useInboxItems(kind: string | null, page: number, pageSize: number) {
  return useQuery({
    queryKey: inboxKeys.items(kind ?? '', page, pageSize),
    queryFn: () => http.get<InboxItemsPage>('/api/inbox/items', { kind, page, pageSize }),
    enabled: Boolean(kind),
    placeholderData: keepPreviousData,
  });
}
