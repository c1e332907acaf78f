/** The HTTP API of 劳模关爱 (staff): the register and its export, a model worker's record, the priority list, the honours import, the allowance runs. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { receiveSheet, sendErrorSheet, sendImportTemplate } from '../../server/imports.ts';
import { officeDate, sendOfficeXlsx } from '../../server/xlsx.ts';
import { chinaToday } from '../../shared/dates.ts';
import { findOrgInScope } from '../orgs/index.ts';
import {
  CancelRunInput,
  CareInput,
  HONOUR_IMPORT_COLUMNS,
  HONOUR_LEVEL_LABELS,
  HonourImportQuery,
  HonourImportResult,
  HonourInput,
  HonourParams,
  ListModelWorkersQuery,
  ListPriorityQuery,
  ListRunsQuery,
  ModelWorkerPage,
  ModelWorkerView,
  MW_STATUS_LABELS,
  PersonIdParams,
  PriorityPage,
  ProfileInput,
  RevokeHonourInput,
  RunDetail,
  RunIdParams,
  RunInput,
  RunLinesQuery,
  RunPage,
  RunView,
  StatusInput,
  periodLabel,
} from './modelworkers.contract.ts';
import { getModelWorker, listModelWorkers, listPriority, modelWorkersForExport } from './register.service.ts';
import { addCare, addHonour, recordStatus, revokeHonour, setProfile, updateHonour } from './honours.service.ts';
import { cancelRun, confirmRun, createRun, getRun, listRuns, paymentFile } from './allowances.service.ts';
import { importHonours } from './honours.import.ts';
import { paymentColumns, sendCsv } from './payment-file.ts';

const MAX_EXPORT = 100_000;
const SEX = { male: '男', female: '女' } as const;

export function registerModelWorkersRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db, cipher } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['劳模关爱'];
  const view = guard('modelworkers:view');
  const manage = guard('modelworkers:manage');
  const pay = guard('modelworkers:pay');

  // ---- the register ----
  r.get(
    '/api/modelworkers',
    {
      schema: {
        tags,
        summary: '劳模名册（按荣誉等级、状态、单位筛选；有荣誉在册的职工）',
        querystring: ListModelWorkersQuery,
        response: { 200: ModelWorkerPage },
      },
      onRequest: view,
    },
    async (req) => listModelWorkers(db, requireActor(req), req.query),
  );
  r.get(
    '/api/modelworkers/export.xlsx',
    {
      schema: { tags, summary: '导出劳模名册（.xlsx，证件号脱敏）', querystring: ListModelWorkersQuery.omit({ page: true, pageSize: true }) },
      onRequest: view,
      config: { reads: 'replica' },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const items = await modelWorkersForExport(db, actor, req.query, MAX_EXPORT);
      const org = await findOrgInScope(db, actor, req.query.orgId ?? actor.orgId, 'orgId');
      const q = req.query;
      const filter = [q.level ? HONOUR_LEVEL_LABELS[q.level] : '', q.status ? MW_STATUS_LABELS[q.status] : '', q.q ? `查询“${q.q}”` : ''].filter(Boolean);
      type Row = (typeof items)[number];
      return sendOfficeXlsx<Row>(reply, {
        fileName: '劳模名册',
        titleLines: [
          `${org.name}劳模名册`,
          `${filter.length ? `筛选：${filter.join('，')}；` : ''}共 ${items.length} 人`,
          `导出日期：${officeDate(chinaToday())}`,
        ],
        columns: [
          { header: '序号', width: 6, type: 'int', value: (_r, i) => i + 1 },
          { header: '姓名', width: 10, value: (r) => r.name },
          { header: '性别', width: 6, value: (r) => SEX[r.sex] },
          { header: '年龄', width: 6, type: 'int', value: (r) => r.age },
          { header: '证件号码', width: 20, value: (r) => r.idMasked },
          { header: '所属工会', width: 28, value: (r) => r.org.name },
          {
            header: '荣誉',
            width: 44,
            value: (r) => r.details.map((d) => `${HONOUR_LEVEL_LABELS[d.level]}（${d.year}年，${d.body}${d.no ? `，证书 ${d.no}` : ''}）`).join('；'),
          },
          { header: '享受待遇', width: 8, value: (r) => (r.withBenefits ? '是' : '否') },
          { header: '状态', width: 8, value: (r) => MW_STATUS_LABELS[r.status] },
        ],
        rows: items,
      });
    },
  );

  // ---- the priority list ----
  r.get(
    '/api/modelworkers/priority',
    {
      schema: {
        tags,
        summary: '重点关爱名单（高龄、残疾或失能、独居、患病或近期住院的在世劳模，附原因；默认只列待走访的）',
        querystring: ListPriorityQuery,
        response: { 200: PriorityPage },
      },
      onRequest: view,
    },
    async (req) => listPriority(db, requireActor(req), req.query),
  );

  // ---- the honours import ----
  r.get('/api/modelworkers/import/template.xlsx', { schema: { tags, summary: '劳模荣誉名单导入模板' }, onRequest: manage }, async (_req, reply) =>
    sendImportTemplate(reply, '劳模荣誉名单导入模板', HONOUR_IMPORT_COLUMNS, [
      ['王建国', '150102195601120011', '全国劳动模范', '2015', '中共中央、国务院', 'QGLM2015-0123', '是', ''],
    ]),
  );
  r.post(
    '/api/modelworkers/import',
    {
      schema: {
        tags,
        summary: '导入劳模荣誉名单（.xlsx）：mode=check 只检查，mode=apply 全部无误时一次写入；已登记的同年度同等级荣誉跳过',
        querystring: HonourImportQuery,
        consumes: ['multipart/form-data'],
        response: { 200: HonourImportResult },
      },
      onRequest: manage,
    },
    async (req) => {
      const { rows } = await receiveSheet(req);
      return importHonours({ db, cipher }, requireActor(req), rows, { apply: req.query.mode === 'apply' });
    },
  );
  r.post(
    '/api/modelworkers/import/errors.xlsx',
    {
      schema: { tags, summary: '劳模荣誉名单导入错误报告（.xlsx：行号、列、问题及该行原始内容），上传与检查时相同的文件', consumes: ['multipart/form-data'] },
      onRequest: manage,
    },
    async (req, reply) => {
      const { rows } = await receiveSheet(req);
      const result = await importHonours({ db, cipher }, requireActor(req), rows, { apply: false });
      const byRow = new Map<number, { column: string; message: string }[]>();
      for (const e of result.errors) byRow.set(e.row, [...(byRow.get(e.row) ?? []), { column: e.column, message: e.message }]);
      return sendErrorSheet(
        reply,
        rows[0]?.cells ?? [],
        [...byRow].map(([row, errors]) => ({ row, errors, raw: rows.find((x) => x.rowNo === row)?.cells ?? [] })),
      );
    },
  );

  // ---- allowance runs ----
  r.get(
    '/api/modelworkers/runs',
    { schema: { tags, summary: '津贴发放批次', querystring: ListRunsQuery, response: { 200: RunPage } }, onRequest: view },
    async (req) => listRuns(db, requireActor(req), req.query),
  );
  r.post(
    '/api/modelworkers/runs',
    {
      schema: {
        tags,
        summary: '生成津贴发放批次（待确认）：按荣誉等级和所在单位的标准，已在其他批次、已去世、未设标准的不列入',
        body: RunInput,
        response: { 201: RunView },
      },
      onRequest: pay,
    },
    async (req, reply) => reply.code(201).send(await createRun(db, requireActor(req), req.body)),
  );
  r.get(
    '/api/modelworkers/runs/:id',
    {
      schema: { tags, summary: '发放批次及其名单（分页）和按等级的合计', params: RunIdParams, querystring: RunLinesQuery, response: { 200: RunDetail } },
      onRequest: view,
    },
    async (req) => getRun(db, requireActor(req), req.params.id, req.query),
  );
  r.post(
    '/api/modelworkers/runs/:id/confirm',
    {
      schema: { tags, summary: '确认发放（须由生成人以外的人确认；去世或荣誉撤销的先核减）', params: RunIdParams, response: { 200: RunView } },
      onRequest: pay,
    },
    async (req) => confirmRun(db, requireActor(req), req.params.id),
  );
  r.post(
    '/api/modelworkers/runs/:id/cancel',
    { schema: { tags, summary: '作废待确认的发放批次', params: RunIdParams, body: CancelRunInput, response: { 200: RunView } }, onRequest: pay },
    async (req) => cancelRun(db, requireActor(req), req.params.id, req.body.reason),
  );
  r.get(
    '/api/modelworkers/runs/:id/payment.xlsx',
    { schema: { tags, summary: '发放表（.xlsx，已确认的批次；证件号脱敏，含签收栏）', params: RunIdParams }, onRequest: view },
    async (req, reply) => {
      const { run, title, lines } = await paymentFile(db, requireActor(req), req.params.id);
      const total = lines.reduce((s, l) => s + Number(l.amount_fen), 0);
      return sendOfficeXlsx(reply, {
        fileName: `${title}发放表`,
        titleLines: [
          `${title}发放表`,
          `发放期间：${periodLabel(run.period)}；共 ${lines.length} 人`,
          `生成：${run.created_by_name ?? '系统'}；确认：${run.confirmed_by_name ?? '系统'}；发放日期：${run.paid_on ? officeDate(run.paid_on) : ''}`,
        ],
        columns: paymentColumns(run.kind, run.period),
        rows: lines,
        totals: { 金额: total },
      });
    },
  );
  r.get(
    '/api/modelworkers/runs/:id/payment.csv',
    { schema: { tags, summary: '发放表（CSV，UTF-8，已确认的批次；证件号脱敏）', params: RunIdParams }, onRequest: view },
    async (req, reply) => {
      const { run, title, lines } = await paymentFile(db, requireActor(req), req.params.id);
      return sendCsv(reply, `${title}发放表`, paymentColumns(run.kind, run.period), lines);
    },
  );

  // ---- a model worker ----
  r.get(
    '/api/modelworkers/:id',
    {
      schema: { tags, summary: '劳模档案：荣誉、状态变更、关爱档案与记录、津贴台账、重点关爱原因', params: PersonIdParams, response: { 200: ModelWorkerView } },
      onRequest: view,
    },
    async (req) => getModelWorker(db, requireActor(req), req.params.id),
  );
  r.post(
    '/api/modelworkers/:id/honours',
    {
      schema: { tags, summary: '登记荣誉（劳模标签随之生成）', params: PersonIdParams, body: HonourInput, response: { 201: ModelWorkerView } },
      onRequest: manage,
    },
    async (req, reply) => reply.code(201).send(await addHonour(db, requireActor(req), req.params.id, req.body)),
  );
  r.put(
    '/api/modelworkers/:id/honours/:honourId',
    { schema: { tags, summary: '更正荣誉', params: HonourParams, body: HonourInput, response: { 200: ModelWorkerView } }, onRequest: manage },
    async (req) => updateHonour(db, requireActor(req), req.params.id, req.params.honourId, req.body),
  );
  r.post(
    '/api/modelworkers/:id/honours/:honourId/revoke',
    {
      schema: { tags, summary: '撤销荣誉（保留记录和原因）', params: HonourParams, body: RevokeHonourInput, response: { 200: ModelWorkerView } },
      onRequest: manage,
    },
    async (req) => revokeHonour(db, requireActor(req), req.params.id, req.params.honourId, req.body),
  );
  r.post(
    '/api/modelworkers/:id/statuses',
    {
      schema: {
        tags,
        summary: '登记状态变更（在职、退休、去世；保留历史，去世后津贴停发）',
        params: PersonIdParams,
        body: StatusInput,
        response: { 200: ModelWorkerView },
      },
      onRequest: manage,
    },
    async (req) => recordStatus(db, requireActor(req), req.params.id, req.body),
  );
  r.put(
    '/api/modelworkers/:id/profile',
    {
      schema: { tags, summary: '关爱档案（独居、残疾或失能、患病）', params: PersonIdParams, body: ProfileInput, response: { 200: ModelWorkerView } },
      onRequest: manage,
    },
    async (req) => setProfile(db, requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/modelworkers/:id/care',
    {
      schema: {
        tags,
        summary: '登记关爱记录（节日慰问、生日慰问、走访、住院看望、体检、疗休养、特殊困难帮扶关联困难职工档案）',
        params: PersonIdParams,
        body: CareInput,
        response: { 201: ModelWorkerView },
      },
      onRequest: manage,
    },
    async (req, reply) => reply.code(201).send(await addCare(db, requireActor(req), req.params.id, req.body)),
  );
}
