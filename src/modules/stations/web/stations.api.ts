/** 工会驿站 over HTTP for the staff pages: the list, one station, saves and status changes (each refreshes the list). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../../../web/http.ts';
import type { Datum } from '../../../shared/geo.ts';
import type {
  ListStationsQuery,
  MapSettings,
  StationInput,
  StationMapAnswer,
  StationPage,
  StationStatusInput,
  StationView,
  VisitStats,
} from '../stations.contract.ts';

export const stationKeys = {
  all: ['stations'] as const,
  list: (q: object) => ['stations', 'list', q] as const,
  stats: (q: object) => ['stations', 'stats', q] as const,
};

export function useStations(q: Partial<ListStationsQuery>) {
  return useQuery({
    queryKey: stationKeys.list(q),
    queryFn: () => http.get<StationPage>('/api/stations', { ...q, amenity: q.amenity?.join(',') || undefined }),
    placeholderData: keepPreviousData,
  });
}

export function useVisitStats(q: { from: string; to: string }) {
  return useQuery({ queryKey: stationKeys.stats(q), queryFn: () => http.get<VisitStats>('/api/stations/visits/stats', q) });
}

/** How the map is drawn (the provider's tiles or the outlines): read once. */
export function useMapSettings() {
  return useQuery({ queryKey: ['stations', 'map-settings'], queryFn: () => http.get<MapSettings>('/api/public/stations/map/settings'), staleTime: Infinity });
}

/** The clusters of a viewport, with the list's filters. */
export function loadStationMap(q: Pick<Partial<ListStationsQuery>, 'type' | 'status' | 'amenity' | 'orgId'>, bbox: string, zoom: number, datum: Datum) {
  return http.get<StationMapAnswer>('/api/stations/map', {
    bbox,
    zoom,
    datum,
    type: q.type,
    status: q.status,
    orgId: q.orgId,
    amenity: q.amenity?.join(',') || undefined,
  });
}

function useRefresh() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: stationKeys.all });
}

export function useSaveStation(id: number | null) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: StationInput) => (id ? http.put<StationView>(`/api/stations/${id}`, body) : http.post<StationView>('/api/stations', body)),
    onSuccess: refresh,
  });
}

export function useStationStatus() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, ...body }: StationStatusInput & { id: number }) => http.post<StationView>(`/api/stations/${id}/status`, body),
    onSuccess: refresh,
  });
}
