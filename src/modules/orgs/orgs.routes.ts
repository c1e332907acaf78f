import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import ExcelJS from 'exceljs';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { contentDisposition, sendXlsx } from '../../server/xlsx.ts';
import { receiveSheet } from '../../server/imports.ts';
import { z } from '../../shared/contract.ts';
import {
  CreateOrgInput,
  Division,
  DivisionQuery,
  ImportQuery,
  MoveOrgInput,
  ORG_IMPORT_COLUMNS,
  ORG_STATUS_LABELS,
  ORG_TYPE_LABELS,
  OrgDetail,
  OrgIdParams,
  OrgImportResult,
  OrgSearchPage,
  OrgStats,
  OrgStatsQuery,
  OrgTreeNode,
  SearchOrgsQuery,
  SetOrgStatusInput,
  TransferTarget,
  TransferTargetsQuery,
  TreeQuery,
  UpdateOrgInput,
} from './orgs.contract.ts';
import * as orgs from './orgs.service.ts';
import { importOrgs } from './orgs.import.ts';
import { childDivisions } from './divisions.ts';
import type { OrgRow } from './orgs.schema.ts';

const summary = (o: OrgRow) => ({
  id: o.id,
  parentId: o.parentId,
  name: o.name,
  shortName: o.shortName,
  type: o.type,
  status: o.status,
  depth: o.depth,
  divisionCode: o.divisionCode,
});

const node = (r: { org: OrgRow; childCount: number; descendantCount: number }) => ({
  ...summary(r.org),
  childCount: r.childCount,
  descendantCount: r.descendantCount,
});

function detail(r: Awaited<ReturnType<typeof orgs.getOrg>>) {
  const o = r.org;
  return {
    ...node(r),
    creditCode: o.creditCode,
    address: o.address,
    contactName: o.contactName,
    contactPhone: o.contactPhone,
    foundedOn: o.foundedOn,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    trail: r.trail,
    can: r.can,
  };
}

export function registerOrgRoutes(app: FastifyInstance, { db, modules }: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['组织架构'];

  r.get(
    '/api/orgs/tree',
    { schema: { tags, summary: '组织树的一层（懒加载）', querystring: TreeQuery, response: { 200: z.array(OrgTreeNode) } }, onRequest: guard('org:read') },
    async (req) => (await orgs.getTreeLevel(db, requireActor(req), req.query.parentId)).map(node),
  );

  r.get(
    '/api/orgs/search',
    {
      schema: { tags, summary: '按名称、拼音、首字母或代码查找组织', querystring: SearchOrgsQuery, response: { 200: OrgSearchPage } },
      onRequest: guard('org:read'),
    },
    async (req) => {
      const { items, total } = await orgs.searchOrgs(db, requireActor(req), req.query);
      return { items: items.map((i) => ({ ...summary(i.org), trail: i.trail })), total, page: req.query.page, pageSize: req.query.pageSize };
    },
  );

  // Crosses the actor's scope on purpose (see findTransferTargets); TransferTarget is the allowlist.
  r.get(
    '/api/orgs/transfer-targets',
    {
      schema: { tags, summary: '查找转入工会（全部地区，仅名称、类型与上级）', querystring: TransferTargetsQuery, response: { 200: z.array(TransferTarget) } },
      onRequest: guard('person:write'),
    },
    async (req) =>
      (await orgs.findTransferTargets(db, requireActor(req), req.query)).map((o) => ({
        id: o.id,
        name: o.name,
        type: o.type,
        ancestors: o.ancestors,
        inScope: o.inScope,
      })),
  );

  r.get(
    '/api/orgs/stats',
    {
      schema: { tags, summary: '下辖组织按类型统计', querystring: OrgStatsQuery, response: { 200: OrgStats } },
      onRequest: guard('org:read'),
      config: { reads: 'replica' },
    },
    async (req) => orgs.getOrgStats(db, requireActor(req), req.query.orgId),
  );

  r.get(
    '/api/orgs/export',
    {
      schema: { tags, summary: '导出组织（.xlsx）', querystring: z.object({ within: OrgIdParams.shape.id.optional() }) },
      onRequest: guard('org:read'),
      config: { reads: 'replica' },
    },
    async (req, reply) => {
      const rows = await orgs.findOrgsForExport(db, requireActor(req), req.query.within);
      const byId = new Map(rows.map((o) => [o.id, o]));
      return sendXlsx(
        reply,
        '组织架构',
        [
          { header: '组织名称', width: 32, value: (o: OrgRow) => o.name },
          { header: '简称', width: 14, value: (o) => o.shortName },
          { header: '组织类型', width: 14, value: (o) => ORG_TYPE_LABELS[o.type] },
          { header: '上级组织', width: 32, value: (o) => (o.parentId ? (byId.get(o.parentId)?.name ?? '') : '') },
          { header: '行政区划代码', width: 14, value: (o) => o.divisionCode },
          { header: '统一社会信用代码', width: 22, value: (o) => o.creditCode },
          { header: '地址', width: 30, value: (o) => o.address },
          { header: '联系人', width: 10, value: (o) => o.contactName },
          { header: '联系电话', width: 16, value: (o) => o.contactPhone },
          { header: '成立日期', width: 12, value: (o) => o.foundedOn },
          { header: '状态', width: 8, value: (o) => ORG_STATUS_LABELS[o.status] },
        ],
        rows,
      );
    },
  );

  r.get('/api/orgs/import/template', { schema: { tags, summary: '组织导入模板（.xlsx）' }, onRequest: guard('org:write') }, async (_req, reply) => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('组织导入');
    sheet.columns = ORG_IMPORT_COLUMNS.map((c) => ({
      header: c.required ? `${c.header}*` : c.header,
      width: c.key === 'name' || c.key === 'parent' ? 30 : 16,
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.addRow(['示例街道总工会（请删除此行）', '示例工会', '基层工会', '（填写已有上级组织的名称或代码）', '', '', '', '', '', '2020-05-01']);
    const guide = workbook.addWorksheet('填写说明');
    guide.columns = [{ width: 20 }, { width: 80 }];
    guide.addRow(['组织类型可填', Object.values(ORG_TYPE_LABELS).join('、')]);
    guide.addRow(['上级组织', '填写已有组织的名称、行政区划代码或统一社会信用代码，或本表中更靠前一行的组织名称']);
    guide.addRow(['行政区划代码', '总工会必填，6 位 GB/T 2260 代码，须与组织级别一致并在上级区划之内']);
    guide.addRow(['重复导入', '同一上级下已存在的同名组织会跳过，不会重复创建']);
    const buffer = await workbook.xlsx.writeBuffer();
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', contentDisposition('组织导入模板.xlsx'))
      .send(Buffer.from(buffer));
  });

  r.post(
    '/api/orgs/import',
    {
      schema: {
        tags,
        summary: '导入组织（.xlsx）：mode=check 只检查，mode=apply 全部无误时一次写入',
        querystring: ImportQuery,
        consumes: ['multipart/form-data'],
        response: { 200: OrgImportResult },
      },
      onRequest: guard('org:write'),
    },
    async (req) => {
      const actor = requireActor(req);
      const { rows } = await receiveSheet(req);
      return importOrgs(db, actor, rows, { apply: req.query.mode === 'apply' });
    },
  );

  r.get(
    '/api/orgs/:id',
    { schema: { tags, summary: '组织详情（含面包屑与可执行操作）', params: OrgIdParams, response: { 200: OrgDetail } }, onRequest: guard('org:read') },
    async (req) => detail(await orgs.getOrg(db, requireActor(req), req.params.id)),
  );

  r.post(
    '/api/orgs',
    { schema: { tags, summary: '新增下级组织', body: CreateOrgInput, response: { 201: OrgDetail } }, onRequest: guard('org:write') },
    async (req, reply) => {
      const actor = requireActor(req);
      const row = await orgs.createOrg(db, actor, req.body);
      return reply.status(201).send(detail(await orgs.getOrg(db, actor, row.id)));
    },
  );

  r.patch(
    '/api/orgs/:id',
    { schema: { tags, summary: '修改组织信息', params: OrgIdParams, body: UpdateOrgInput, response: { 200: OrgDetail } }, onRequest: guard('org:write') },
    async (req) => {
      const actor = requireActor(req);
      await orgs.updateOrg(db, actor, { id: req.params.id, data: req.body });
      return detail(await orgs.getOrg(db, actor, req.params.id));
    },
  );

  r.post(
    '/api/orgs/:id/move',
    { schema: { tags, summary: '移动组织（连同下级）', params: OrgIdParams, body: MoveOrgInput, response: { 200: OrgDetail } }, onRequest: guard('org:write') },
    async (req) => {
      const actor = requireActor(req);
      await orgs.moveOrg(db, actor, { id: req.params.id, parentId: req.body.parentId }, modules);
      return detail(await orgs.getOrg(db, actor, req.params.id));
    },
  );

  r.post(
    '/api/orgs/:id/status',
    { schema: { tags, summary: '停用或启用组织', params: OrgIdParams, body: SetOrgStatusInput, response: { 200: OrgDetail } }, onRequest: guard('org:write') },
    async (req) => {
      const actor = requireActor(req);
      await orgs.setOrgStatus(db, actor, { id: req.params.id, status: req.body.status });
      return detail(await orgs.getOrg(db, actor, req.params.id));
    },
  );

  r.get(
    '/api/divisions',
    {
      schema: { tags, summary: 'GB/T 2260 行政区划（省→地市→县区）', querystring: DivisionQuery, response: { 200: z.array(Division) } },
      onRequest: guard('org:read'),
    },
    async (req) => childDivisions(req.query.parent),
  );
}
