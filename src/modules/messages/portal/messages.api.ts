/** 消息's queries, shared by the page and the tab badge. */
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { http } from '../../../web/m/http.ts';
import { useHomeCounts } from '../../../web/m/home.ts';
import type { MessagesPage } from '../messages.contract.ts';

const PAGE_SIZE = 20;
export const messagesKey = ['m', 'messages'] as const;

export function useMessages() {
  return useInfiniteQuery({
    queryKey: [...messagesKey, 'list'],
    queryFn: ({ pageParam }) => http.get<MessagesPage>(`/api/m/messages?page=${pageParam}&pageSize=${PAGE_SIZE}`),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });
}

/** The tab badge: how many messages I have not read (only for a signed-in worker; the home counts, refreshed every minute). */
export function useUnreadMessages(): number | undefined {
  return useHomeCounts('messages')?.unread;
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => http.post(`/api/m/messages/${id}/read`),
    onSuccess: () => qc.invalidateQueries({ queryKey: messagesKey }),
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => http.post('/api/m/messages/read-all'),
    onSuccess: () => qc.invalidateQueries({ queryKey: messagesKey }),
  });
}
