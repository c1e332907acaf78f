/** 驿站 over HTTP for the worker's pages: the nearest open stations (anyone) and a visit by the poster's code (a registered worker). */
import { useMutation, useQuery } from '@tanstack/react-query';
import { http } from '../../../web/m/http.ts';
import type { Amenity, NearestAnswer, VisitAnswer } from '../stations.contract.ts';

export interface NearestAsk {
  lng: number;
  lat: number;
  open: boolean;
  amenity: Amenity[];
}

export function useNearest(ask: NearestAsk | null) {
  return useQuery({
    queryKey: ['m', 'stations', 'nearest', ask],
    queryFn: () =>
      http.get<NearestAnswer>('/api/public/stations/nearest', {
        lng: ask!.lng,
        lat: ask!.lat,
        datum: 'wgs84',
        open: ask!.open ? '1' : '0',
        amenity: ask!.amenity.join(',') || undefined,
        limit: 10,
      }),
    enabled: ask !== null,
  });
}

export function useVisit() {
  return useMutation({ mutationFn: (code: string) => http.post<VisitAnswer>('/api/m/stations/visits', { code }) });
}
