/** 驿站 over HTTP for the worker's pages: the nearest open stations (anyone) and a visit by the poster's code (a registered worker). */
import { useMutation, useQuery } from '@tanstack/react-query';
import { http } from '../../../web/m/http.ts';
import type { Datum } from '../../../shared/geo.ts';
import type { Amenity, MapSettings, NearestAnswer, StationMapAnswer, VisitAnswer } from '../stations.contract.ts';

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

/** How the map is drawn (the provider's tiles or the outlines): read once. */
export function useMapSettings() {
  return useQuery({
    queryKey: ['m', 'stations', 'map-settings'],
    queryFn: () => http.get<MapSettings>('/api/public/stations/map/settings'),
    staleTime: Infinity,
  });
}

/** The open stations of a viewport, clustered. */
export function loadPublicStationMap(bbox: string, zoom: number, datum: Datum) {
  return http.get<StationMapAnswer>('/api/public/stations/map', { bbox, zoom, datum });
}
