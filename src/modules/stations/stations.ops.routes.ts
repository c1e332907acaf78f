/** The HTTP API of running a 工会驿站: managers, photos, inspections, goods, services, and the list as a spreadsheet. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { receiveSheet, sendErrorSheet, sendImportTemplate } from '../../server/imports.ts';
import { fieldText, megabytes, receiveUpload } from '../../server/uploads.ts';
import { sendXlsx } from '../../server/xlsx.ts';
import { ListStationsQuery } from './stations.contract.ts';
import {
  AssignManagerInput,
  GoodsInput,
  GoodsList,
  GoodsView,
  InspectionInput,
  InspectionList,
  LedgerPage,
  LedgerQuery,
  ManagerList,
  MAX_PHOTO_BYTES,
  OverduePage,
  OverdueQuery,
  PhotoList,
  ServiceInput,
  ServiceList,
  ServiceParams,
  ServiceStats,
  ServiceStatsQuery,
  STATION_IMPORT_COLUMNS,
  StationAccountParams,
  StationGoodsParams,
  StationImportQuery,
  StationImportResult,
  StationParams,
  StationPhotoParams,
  StockInInput,
  StockOutInput,
} from './stations.ops.contract.ts';
import * as ops from './stations.ops.service.ts';
import { exportCells, importStations, stationsForExport } from './stations.import.ts';

const MAX_EXPORT = 50_000;

export function registerStationOpsRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['工会驿站'];

  // ---- the list as a spreadsheet ----
  r.get(
    '/api/stations/export.xlsx',
    {
      schema: { tags, summary: '导出驿站（.xlsx，与导入模板同列，可改后再导入）', querystring: ListStationsQuery.omit({ page: true, pageSize: true }) },
      onRequest: guard('stations:read'),
      config: { reads: 'replica' },
    },
    async (req, reply) => {
      const items = await stationsForExport(db, requireActor(req), req.query, MAX_EXPORT);
      return sendXlsx(
        reply,
        '驿站名录',
        STATION_IMPORT_COLUMNS.map((c, i) => ({
          header: c.header,
          width: c.key === 'address' || c.key === 'openingHours' ? 30 : 16,
          value: (s: string[]) => s[i],
        })),
        items.map(exportCells),
      );
    },
  );
  r.get('/api/stations/import/template.xlsx', { schema: { tags, summary: '驿站导入模板' }, onRequest: guard('stations:manage') }, async (_req, reply) =>
    sendImportTemplate(reply, '驿站导入模板', STATION_IMPORT_COLUMNS, [
      [
        '户外劳动者服务站',
        '中山路户外劳动者服务站',
        '呼和浩特市新城区总工会',
        '呼和浩特市新城区中山东路 1 号',
        '111.673830',
        '40.814310',
        '高德地图',
        'GCJ-02',
        '24/7',
        'Mo-Su 08:00-20:00',
        '桌椅休息、饮用水、微波炉、手机充电',
        '0471-6961234',
      ],
    ]),
  );
  r.post(
    '/api/stations/import',
    {
      schema: {
        tags,
        summary: '导入驿站（.xlsx）：mode=check 只检查，mode=apply 全部无误时一次写入；承建工会已有的同名驿站跳过',
        querystring: StationImportQuery,
        consumes: ['multipart/form-data'],
        response: { 200: StationImportResult },
      },
      onRequest: guard('stations:manage'),
    },
    async (req) => {
      const { rows } = await receiveSheet(req);
      return importStations(db, requireActor(req), rows, { apply: req.query.mode === 'apply' });
    },
  );
  r.post(
    '/api/stations/import/errors.xlsx',
    {
      schema: { tags, summary: '驿站导入错误报告（.xlsx：行号、列、问题及该行原始内容），上传与检查时相同的文件', consumes: ['multipart/form-data'] },
      onRequest: guard('stations:manage'),
    },
    async (req, reply) => {
      const { rows } = await receiveSheet(req);
      const result = await importStations(db, requireActor(req), rows, { apply: false });
      const byRow = new Map<number, { column: string; message: string }[]>();
      for (const e of result.errors) byRow.set(e.row, [...(byRow.get(e.row) ?? []), { column: e.column, message: e.message }]);
      const header = rows[0]?.cells ?? [];
      return sendErrorSheet(
        reply,
        header,
        [...byRow].map(([row, errors]) => ({ row, errors, raw: rows.find((x) => x.rowNo === row)?.cells ?? [] })),
      );
    },
  );

  // ---- inspections across stations, services roll-up ----
  r.get(
    '/api/stations/inspections/overdue',
    {
      schema: { tags, summary: '逾期未巡查的驿站（超过巡查周期，按逾期天数）', querystring: OverdueQuery, response: { 200: OverduePage } },
      onRequest: guard('stations:read'),
    },
    async (req) => ops.overdueInspections(db, requireActor(req), req.query),
  );
  r.get(
    '/api/stations/services/stats',
    {
      schema: { tags, summary: '服务进驿站统计（按类别、驿站汇总场次和参与人次）', querystring: ServiceStatsQuery, response: { 200: ServiceStats } },
      onRequest: guard('stations:read'),
      config: { reads: 'replica' },
    },
    async (req) => ops.serviceStats(db, requireActor(req), req.query),
  );

  // ---- managers ----
  r.get(
    '/api/stations/:id/managers',
    { schema: { tags, summary: '驿站站长', params: StationParams, response: { 200: ManagerList } }, onRequest: guard('stations:read') },
    async (req) => ops.listManagers(db, requireActor(req), req.params.id),
  );
  r.get(
    '/api/stations/:id/managers/candidates',
    {
      schema: { tags, summary: '可指定为本驿站站长的账号（本级及下级“驿站站长”角色）', params: StationParams, response: { 200: ManagerList } },
      onRequest: guard('stations:manage'),
    },
    async (req) => ops.managerCandidates(db, requireActor(req), req.params.id),
  );
  r.post(
    '/api/stations/:id/managers',
    {
      schema: { tags, summary: '指定站长', params: StationParams, body: AssignManagerInput, response: { 200: ManagerList } },
      onRequest: guard('stations:manage'),
    },
    async (req) => ops.assignManager(db, requireActor(req), req.params.id, req.body.accountId),
  );
  r.delete(
    '/api/stations/:id/managers/:accountId',
    { schema: { tags, summary: '取消站长', params: StationAccountParams, response: { 200: ManagerList } }, onRequest: guard('stations:manage') },
    async (req) => ops.unassignManager(db, requireActor(req), req.params.id, req.params.accountId),
  );

  // ---- photos ----
  r.get(
    '/api/stations/:id/photos',
    { schema: { tags, summary: '驿站照片', params: StationParams, response: { 200: PhotoList } }, onRequest: guard('stations:read') },
    async (req) => ops.listPhotos(db, requireActor(req), req.params.id),
  );
  r.post(
    '/api/stations/:id/photos',
    {
      schema: {
        tags,
        summary: `上传驿站照片（JPG、PNG、WebP，每张不超过 ${megabytes(MAX_PHOTO_BYTES)}；字段 caption 为说明，须放在 file 之前）`,
        params: StationParams,
        consumes: ['multipart/form-data'],
        response: { 200: PhotoList },
      },
      onRequest: guard('stations:operate'),
    },
    async (req) => {
      const file = await receiveUpload(req, {
        maxBytes: MAX_PHOTO_BYTES,
        missing: '请选择要上传的照片',
        tooLarge: `照片不能超过 ${megabytes(MAX_PHOTO_BYTES)}，请压缩后再上传`,
      });
      return ops.addPhoto(db, requireActor(req), req.params.id, { filename: file.filename, data: file.data, caption: fieldText(file, 'caption') });
    },
  );
  r.get(
    '/api/stations/:id/photos/:photoId',
    { schema: { tags, summary: '查看驿站照片', params: StationPhotoParams }, onRequest: guard('stations:read') },
    async (req, reply) => {
      const p = await ops.readPhoto(db, requireActor(req), req.params.id, req.params.photoId);
      return reply
        .header('content-type', p.mime)
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(p.filename)}`)
        .header('cache-control', 'private, max-age=3600')
        .header('x-content-type-options', 'nosniff')
        .send(p.data);
    },
  );
  r.delete(
    '/api/stations/:id/photos/:photoId',
    {
      schema: { tags, summary: '删除驿站照片（删除封面时最早的另一张成为封面）', params: StationPhotoParams, response: { 200: PhotoList } },
      onRequest: guard('stations:operate'),
    },
    async (req) => ops.removePhoto(db, requireActor(req), req.params.id, req.params.photoId),
  );
  r.post(
    '/api/stations/:id/photos/:photoId/cover',
    { schema: { tags, summary: '设为封面照片', params: StationPhotoParams, response: { 200: PhotoList } }, onRequest: guard('stations:operate') },
    async (req) => ops.setCoverPhoto(db, requireActor(req), req.params.id, req.params.photoId),
  );

  // ---- inspections ----
  r.get(
    '/api/stations/:id/inspections',
    {
      schema: { tags, summary: '巡查考核记录、当前星级和下次巡查日期', params: StationParams, response: { 200: InspectionList } },
      onRequest: guard('stations:read'),
    },
    async (req) => ops.listInspections(db, requireActor(req), req.params.id),
  );
  r.post(
    '/api/stations/:id/inspections',
    {
      schema: {
        tags,
        summary: '登记巡查考核（五项各 20 分，按总分评 1–5 星）',
        params: StationParams,
        body: InspectionInput,
        response: { 200: InspectionList },
      },
      onRequest: guard('stations:manage'),
    },
    async (req) => ops.recordInspection(db, requireActor(req), req.params.id, req.body),
  );

  // ---- goods ----
  r.get(
    '/api/stations/:id/goods',
    { schema: { tags, summary: '爱心物资及结存', params: StationParams, response: { 200: GoodsList } }, onRequest: guard('stations:read') },
    async (req) => ops.listGoods(db, requireActor(req), req.params.id),
  );
  r.post(
    '/api/stations/:id/goods',
    { schema: { tags, summary: '新增物资品种', params: StationParams, body: GoodsInput, response: { 201: GoodsView } }, onRequest: guard('stations:operate') },
    async (req, reply) => reply.status(201).send(await ops.addGoods(db, requireActor(req), req.params.id, req.body)),
  );
  r.put(
    '/api/stations/:id/goods/:goodsId',
    {
      schema: { tags, summary: '修改物资品种（名称、单位、库存提醒下限）', params: StationGoodsParams, body: GoodsInput, response: { 200: GoodsView } },
      onRequest: guard('stations:operate'),
    },
    async (req) => ops.updateGoods(db, requireActor(req), req.params.id, req.params.goodsId, req.body),
  );
  r.post(
    '/api/stations/:id/goods/:goodsId/in',
    {
      schema: { tags, summary: '物资入库（捐赠）', params: StationGoodsParams, body: StockInInput, response: { 200: GoodsView } },
      onRequest: guard('stations:operate'),
    },
    async (req) => ops.stockIn(db, requireActor(req), req.params.id, req.params.goodsId, req.body),
  );
  r.post(
    '/api/stations/:id/goods/:goodsId/out',
    {
      schema: { tags, summary: '物资出库（结存不足时拒绝）', params: StationGoodsParams, body: StockOutInput, response: { 200: GoodsView } },
      onRequest: guard('stations:operate'),
    },
    async (req) => ops.stockOut(db, requireActor(req), req.params.id, req.params.goodsId, req.body),
  );
  r.get(
    '/api/stations/:id/stock',
    {
      schema: { tags, summary: '物资台账（入库、出库及结存，最新在前）', params: StationParams, querystring: LedgerQuery, response: { 200: LedgerPage } },
      onRequest: guard('stations:read'),
    },
    async (req) => ops.stockLedger(db, requireActor(req), req.params.id, req.query),
  );

  // ---- services ----
  r.get(
    '/api/stations/:id/services',
    { schema: { tags, summary: '服务进驿站活动及分类汇总', params: StationParams, response: { 200: ServiceList } }, onRequest: guard('stations:read') },
    async (req) => ops.listServices(db, requireActor(req), req.params.id),
  );
  r.post(
    '/api/stations/:id/services',
    {
      schema: { tags, summary: '登记服务进驿站活动', params: StationParams, body: ServiceInput, response: { 200: ServiceList } },
      onRequest: guard('stations:operate'),
    },
    async (req) => ops.recordService(db, requireActor(req), req.params.id, req.body),
  );
  r.delete(
    '/api/stations/:id/services/:serviceId',
    { schema: { tags, summary: '删除服务活动（登记有误时）', params: ServiceParams, response: { 200: ServiceList } }, onRequest: guard('stations:operate') },
    async (req) => ops.removeService(db, requireActor(req), req.params.id, req.params.serviceId),
  );
}
