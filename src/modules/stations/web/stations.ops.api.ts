/** Running a station over HTTP for the staff pages: one station, its managers, photos, inspections, goods, services; import and export. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { download, downloadForUpload, http } from '../../../web/http.ts';
import type { ListStationsQuery, StationView } from '../stations.contract.ts';
import type {
  GoodsInput,
  GoodsList,
  GoodsView,
  InspectionInput,
  InspectionList,
  LedgerPage,
  ManagerList,
  OverduePage,
  PhotoList,
  ServiceInput,
  ServiceList,
  StationImportResult,
  StockInInput,
  StockOutInput,
} from '../stations.ops.contract.ts';
import { stationKeys } from './stations.api.ts';

const keys = {
  station: (id: number) => ['stations', 'one', id] as const,
  part: (id: number, part: string, q?: object) => ['stations', 'one', id, part, q ?? {}] as const,
  overdue: ['stations', 'overdue'] as const,
};

export const useStation = (id: number | null) =>
  useQuery({ queryKey: keys.station(id ?? 0), queryFn: () => http.get<StationView>(`/api/stations/${id}`), enabled: id !== null });
export const useManagers = (id: number) =>
  useQuery({ queryKey: keys.part(id, 'managers'), queryFn: () => http.get<ManagerList>(`/api/stations/${id}/managers`) });
export const useManagerCandidates = (id: number, enabled: boolean) =>
  useQuery({ queryKey: keys.part(id, 'candidates'), queryFn: () => http.get<ManagerList>(`/api/stations/${id}/managers/candidates`), enabled });
export const usePhotos = (id: number) => useQuery({ queryKey: keys.part(id, 'photos'), queryFn: () => http.get<PhotoList>(`/api/stations/${id}/photos`) });
export const useInspections = (id: number) =>
  useQuery({ queryKey: keys.part(id, 'inspections'), queryFn: () => http.get<InspectionList>(`/api/stations/${id}/inspections`) });
export const useGoods = (id: number) => useQuery({ queryKey: keys.part(id, 'goods'), queryFn: () => http.get<GoodsList>(`/api/stations/${id}/goods`) });
export const useLedger = (id: number, q: { page: number; pageSize: number; goodsId?: number }) =>
  useQuery({ queryKey: keys.part(id, 'ledger', q), queryFn: () => http.get<LedgerPage>(`/api/stations/${id}/stock`, q) });
export const useServices = (id: number) =>
  useQuery({ queryKey: keys.part(id, 'services'), queryFn: () => http.get<ServiceList>(`/api/stations/${id}/services`) });
export const useOverdue = () =>
  useQuery({ queryKey: keys.overdue, queryFn: () => http.get<OverduePage>('/api/stations/inspections/overdue', { pageSize: 50 }) });

/** A write to one station; its records (and the list, whose figures may change) are read again. */
function useStationWrite<A, R>(id: number, fn: (a: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.station(id) });
      void qc.invalidateQueries({ queryKey: keys.overdue });
      void qc.invalidateQueries({ queryKey: stationKeys.list({}).slice(0, 2) });
    },
  });
}

export const useAssignManager = (id: number) =>
  useStationWrite(id, (accountId: number) => http.post<ManagerList>(`/api/stations/${id}/managers`, { accountId }));
export const useUnassignManager = (id: number) =>
  useStationWrite(id, (accountId: number) => http.delete<ManagerList>(`/api/stations/${id}/managers/${accountId}`));
export const useUploadPhoto = (id: number) => useStationWrite(id, (file: File) => http.upload<PhotoList>(`/api/stations/${id}/photos`, file));
export const useDeletePhoto = (id: number) => useStationWrite(id, (photoId: number) => http.delete<PhotoList>(`/api/stations/${id}/photos/${photoId}`));
export const useCoverPhoto = (id: number) => useStationWrite(id, (photoId: number) => http.post<PhotoList>(`/api/stations/${id}/photos/${photoId}/cover`));
export const useRecordInspection = (id: number) =>
  useStationWrite(id, (body: InspectionInput) => http.post<InspectionList>(`/api/stations/${id}/inspections`, body));
export const useAddGoods = (id: number) => useStationWrite(id, (body: GoodsInput) => http.post<GoodsView>(`/api/stations/${id}/goods`, body));
export const useStockMove = (id: number) =>
  useStationWrite(id, ({ goodsId, direction, body }: { goodsId: number; direction: 'in' | 'out'; body: StockInInput | StockOutInput }) =>
    http.post<GoodsView>(`/api/stations/${id}/goods/${goodsId}/${direction}`, body),
  );
export const useRecordService = (id: number) => useStationWrite(id, (body: ServiceInput) => http.post<ServiceList>(`/api/stations/${id}/services`, body));
export const useDeleteService = (id: number) =>
  useStationWrite(id, (serviceId: number) => http.delete<ServiceList>(`/api/stations/${id}/services/${serviceId}`));

// ---- the list as a spreadsheet ----

export const exportStations = (q: Partial<ListStationsQuery>) =>
  download('/api/stations/export.xlsx', { ...q, page: undefined, pageSize: undefined, amenity: q.amenity?.join(',') || undefined }, '驿站名录.xlsx');
export const downloadStationTemplate = () => download('/api/stations/import/template.xlsx', undefined, '驿站导入模板.xlsx');

export function useImportStations() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, mode }: { file: File; mode: 'check' | 'apply' }) => http.upload<StationImportResult>(`/api/stations/import?mode=${mode}`, file),
    onSuccess: (r) => {
      if (r.applied) void qc.invalidateQueries({ queryKey: stationKeys.all });
    },
  });
}

/** The error report of a checked file: the same file sent again, the answer saved as 导入错误报告.xlsx. */
export const downloadImportErrors = (file: File) => downloadForUpload('/api/stations/import/errors.xlsx', file, '驿站导入错误报告.xlsx');
