/** The member card's query: a fresh code every CARD_REFRESH_SECONDS while the page is open. */
import { useQuery } from '@tanstack/react-query';
import { http } from '../../../web/m/http.ts';
import { CARD_REFRESH_SECONDS, type MemberCardView } from '../card.contract.ts';

export function useMyCard() {
  return useQuery({
    queryKey: ['m', 'card'],
    queryFn: () => http.get<MemberCardView>('/api/m/card'),
    refetchInterval: CARD_REFRESH_SECONDS * 1000,
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: 'always',
    staleTime: 0,
    gcTime: 0,
  });
}
