import { useQuery } from '@tanstack/react-query';
import { http } from './http.ts';
import { useWorker } from './session.ts';
import type { WorkerHome } from '../../modules/portal/portal.contract.ts';

/** Every module's counts that concern me: one request however many tiles the home page has. */
export const homeKey = ['m', 'home'] as const;

/**
 * My counts under a module's tile (`{ toPickUp: 1 }`), or undefined while loading or when nobody is
 * signed in. The 消息 tab's badge reads the same answer, so it is refreshed every minute; it is also
 * refreshed after every change the worker makes (main.tsx), so a note never lags an action.
 */
export function useHomeCounts(module: string): Record<string, number> | undefined {
  const signedIn = !!useWorker();
  const q = useQuery({
    queryKey: homeKey,
    queryFn: () => http.get<WorkerHome>('/api/m/home', undefined, { noAuthRedirect: true }),
    enabled: signedIn,
    refetchInterval: 60_000,
    staleTime: 15_000,
  });
  return signedIn ? q.data?.counts[module] : undefined;
}
