/** The HTTP API of 工会驿站: staff under /api/stations, visits under /api/m/stations, the nearest search for anyone under /api/public. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { requireRegisteredWorker, workerGuard } from '../../server/worker.ts';
import { contentDisposition } from '../../server/xlsx.ts';
import {
  ListStationsQuery,
  NearestAnswer,
  MapSettings,
  NearestQuery,
  PublicStationMapQuery,
  StationIdParams,
  StationInput,
  StationMapAnswer,
  StationMapQuery,
  StationPage,
  StationStatusInput,
  StationView,
  VisitAnswer,
  VisitInput,
  VisitStats,
  VisitStatsQuery,
} from './stations.contract.ts';
import {
  createStation,
  getStation,
  listStations,
  nearestStations,
  recordVisit,
  setStationStatus,
  stationPoster,
  updateStation,
  visitStats,
} from './stations.service.ts';
import { publicStationMap, stationMap } from './stations.map.ts';
import { mapSettings } from './map-settings.ts';

export function registerStationsRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['工会驿站'];
  const wtags = ['职工端·驿站'];

  // ---- worker (and anyone: where the stations are is public) ----
  r.get(
    '/api/public/stations/nearest',
    {
      schema: {
        tags: wtags,
        summary: '附近开放的驿站（按距离，可按设施和时间筛选；手机 GPS 定位为 WGS-84）',
        querystring: NearestQuery,
        response: { 200: NearestAnswer },
      },
    },
    async (req) => nearestStations(db, req.query),
  );
  r.get(
    '/api/public/stations/map',
    {
      schema: {
        tags: wtags,
        summary: '驿站地图：开放中的驿站按视野和缩放级别聚合（点的坐标系随底图）',
        querystring: PublicStationMapQuery,
        response: { 200: StationMapAnswer },
      },
    },
    async (req) => publicStationMap(db, req.query),
  );
  r.get(
    '/api/public/stations/map/settings',
    { schema: { tags: wtags, summary: '驿站地图的底图：服务商、坐标系和审图号（未配置时为区域轮廓底图）', response: { 200: MapSettings } } },
    async () => mapSettings(deps.config.map),
  );
  r.post(
    '/api/m/stations/visits',
    { schema: { tags: wtags, summary: '扫码到站（每人每站每小时记一次）', body: VisitInput, response: { 200: VisitAnswer } }, onRequest: workerGuard() },
    async (req) => recordVisit(db, requireRegisteredWorker(req), req.body.code),
  );

  // ---- staff ----
  r.get(
    '/api/stations',
    {
      schema: { tags, summary: '驿站列表（按名称、类型、状态、设施、承建工会筛选）', querystring: ListStationsQuery, response: { 200: StationPage } },
      onRequest: guard('stations:read'),
    },
    async (req) => listStations(db, requireActor(req), req.query),
  );
  r.get(
    '/api/stations/map',
    {
      schema: { tags, summary: '驿站地图：本级及下级的驿站按视野和缩放级别聚合', querystring: StationMapQuery, response: { 200: StationMapAnswer } },
      onRequest: guard('stations:read'),
    },
    async (req) => stationMap(db, requireActor(req), req.query),
  );
  r.post(
    '/api/stations',
    { schema: { tags, summary: '登记驿站', body: StationInput, response: { 201: StationView } }, onRequest: guard('stations:manage') },
    async (req, reply) => reply.status(201).send(await createStation(db, requireActor(req), req.body)),
  );
  r.get(
    '/api/stations/visits/stats',
    {
      schema: { tags, summary: '到站统计（按日、驿站、下级工会、职业汇总）', querystring: VisitStatsQuery, response: { 200: VisitStats } },
      onRequest: guard('stations:read'),
      config: { reads: 'replica' },
    },
    async (req) => visitStats(db, requireActor(req), req.query),
  );
  r.get(
    '/api/stations/:id',
    { schema: { tags, summary: '驿站', params: StationIdParams, response: { 200: StationView } }, onRequest: guard('stations:read') },
    async (req) => getStation(db, requireActor(req), req.params.id),
  );
  r.put(
    '/api/stations/:id',
    { schema: { tags, summary: '修改驿站', params: StationIdParams, body: StationInput, response: { 200: StationView } }, onRequest: guard('stations:manage') },
    async (req) => updateStation(db, requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/stations/:id/status',
    {
      schema: { tags, summary: '运营、暂停或撤销（暂停和撤销须说明原因）', params: StationIdParams, body: StationStatusInput, response: { 200: StationView } },
      onRequest: guard('stations:manage'),
    },
    async (req) => setStationStatus(db, requireActor(req), req.params.id, req.body),
  );
  r.get(
    '/api/stations/:id/poster.pdf',
    { schema: { tags, summary: '打印到站二维码海报（PDF）', params: StationIdParams }, onRequest: guard('stations:read') },
    async (req, reply) => {
      const { pdf, fileName } = await stationPoster(db, requireActor(req), req.params.id, `${req.protocol}://${req.host}`);
      return reply.type('application/pdf').header('content-disposition', contentDisposition(fileName).replace('export.xlsx', 'poster.pdf')).send(pdf);
    },
  );
}
