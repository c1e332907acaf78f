import { useQuery } from '@tanstack/react-query';
import { http } from './http.ts';
import type { WorkerMe } from '../../modules/portal/portal.contract.ts';

export type { WorkerMe };

/** Who is signed in on this phone; undefined while loading, null when nobody is. */
export function useWorker(): WorkerMe | null | undefined {
  const q = useQuery({
    queryKey: ['m', 'me'],
    queryFn: async () => {
      try {
        return await http.get<WorkerMe>('/api/m/me', undefined, { noAuthRedirect: true });
      } catch (e) {
        if ((e as { status?: number }).status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
  return q.data;
}
