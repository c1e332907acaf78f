import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { readSheet, sendXlsx } from '../../server/xlsx.ts';
import { importLedger } from './hardship.import.ts';
import { HUKOU_LABELS, POLITICAL_LABELS, SEX_LABELS, WORK_STATUS_LABELS } from '../people/people.contract.ts';
import { Invalid } from '../../server/errors.ts';
import { z, text, Ok } from '../../shared/contract.ts';
import { presentJob } from '../jobs/index.ts';
import { JobView } from '../jobs/jobs.contract.ts';
import { chinaToday } from '../../shared/dates.ts';
import {
  AssistanceInput,
  CASE_KIND_LABELS,
  CASE_STATUS_LABELS,
  CATEGORY_LABELS,
  CAUSE_LABELS,
  HOUSING_LABELS,
  CaseIdParams,
  CaseInput,
  CasePage,
  CaseView,
  LEDGER_IMPORT_COLUMNS,
  LedgerImportQuery,
  LedgerImportResult,
  AttachmentParams,
  MAX_ATTACHMENT_BYTES,
  CandidateIdParams,
  CandidatePage,
  DismissInput,
  ListCandidatesQuery,
  FollowupInput,
  HardshipTasks,
  HardshipStats,
  ListCasesQuery,
  NoticeRow,
  TransitionInput,
} from './hardship.contract.ts';
import * as svc from './hardship.service.ts';

const MAX_EXPORT = 200_000;

export function registerHardshipRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db, cipher } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['困难职工帮扶'];

  r.get(
    '/api/hardship/cases',
    {
      schema: {
        tags,
        summary: '困难职工台账（增量/存量/返困，城镇困难职工/困难农民工，类别，原因，单位）',
        querystring: ListCasesQuery,
        response: { 200: CasePage },
      },
      onRequest: guard('hardship:read'),
    },
    async (req) => svc.listCases(db, requireActor(req), req.query),
  );
  r.post(
    '/api/hardship/cases',
    { schema: { tags, summary: '建档申请（类别按家庭收支和政策参数计算）', body: CaseInput, response: { 201: CaseView } }, onRequest: guard('hardship:write') },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await svc.fileCase({ db, cipher }, actor, req.body);
      return reply.status(201).send(await svc.getCase(db, actor, id));
    },
  );
  r.get(
    '/api/hardship/cases/:id',
    {
      schema: { tags, summary: '困难职工档案（时间线、帮扶记录；家庭收支另行查看）', params: CaseIdParams, response: { 200: CaseView } },
      onRequest: guard('hardship:read'),
    },
    async (req) => svc.getCase(db, requireActor(req), req.params.id),
  );
  r.put(
    '/api/hardship/cases/:id',
    {
      schema: {
        tags,
        summary: '修改档案或年度复核（重新认定类别）',
        params: CaseIdParams,
        body: CaseInput.and(z.object({ version: z.number().int() })),
        response: { 200: CaseView },
      },
      onRequest: guard('hardship:write'),
    },
    async (req) => {
      const actor = requireActor(req);
      await svc.updateCase({ db, cipher }, actor, req.params.id, req.body);
      return svc.getCase(db, actor, req.params.id);
    },
  );
  r.post(
    '/api/hardship/cases/:id/reveal',
    {
      schema: {
        tags,
        summary: '查看家庭收支、健康和银行账号（须说明原因，留痕）',
        params: CaseIdParams,
        body: z.object({ reason: text('查看原因', { max: 100 }) }),
        response: { 200: CaseView.shape.finances.unwrap() },
      },
      onRequest: guard('hardship:sensitive'),
    },
    async (req) => svc.reveal({ db, cipher }, requireActor(req), req.params.id, req.body.reason),
  );
  r.post(
    '/api/hardship/cases/:id/transition',
    {
      schema: { tags, summary: '核查、公示、审批建档、解困脱困、返困、销档', params: CaseIdParams, body: TransitionInput, response: { 200: CaseView } },
      onRequest: guard('hardship:read'),
    },
    async (req) => {
      const actor = requireActor(req);
      await svc.transition(db, actor, req.params.id, req.body);
      return svc.getCase(db, actor, req.params.id);
    },
  );
  r.post(
    '/api/hardship/cases/:id/assistance',
    {
      schema: { tags, summary: '录入帮扶记录（年度上限在同一事务中检查）', params: CaseIdParams, body: AssistanceInput, response: { 200: CaseView } },
      onRequest: guard('hardship:write'),
    },
    async (req) => {
      const actor = requireActor(req);
      await svc.addAssistance(db, actor, req.params.id, req.body);
      return svc.getCase(db, actor, req.params.id);
    },
  );
  r.post(
    '/api/hardship/cases/:id/followups',
    {
      schema: {
        tags,
        summary: '登记回访（发现返困则重新帮扶，否则按间隔安排下次回访）',
        params: CaseIdParams,
        body: FollowupInput,
        response: { 200: CaseView },
      },
      onRequest: guard('hardship:write'),
    },
    async (req) => svc.completeFollowup(db, requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/hardship/cases/:id/attachments',
    {
      schema: {
        tags,
        summary: '上传证明材料（PDF、JPG、PNG，每个不超过 5 MB；字段 title 为材料名称，须放在 file 之前）',
        params: CaseIdParams,
        consumes: ['multipart/form-data'],
        response: { 200: CaseView },
      },
      onRequest: guard('hardship:write'),
    },
    async (req) => {
      const file = await req.file({ limits: { fileSize: MAX_ATTACHMENT_BYTES + 1, files: 1 } });
      if (!file) throw Invalid.field('file', '请选择要上传的文件');
      let data: Buffer;
      try {
        data = await file.toBuffer();
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw Invalid.field('file', '单个文件不能超过 5 MB');
        throw err;
      }
      if (file.file.truncated) throw Invalid.field('file', '单个文件不能超过 5 MB');
      const field = file.fields.title as { value?: unknown } | undefined;
      const title = typeof field?.value === 'string' && field.value.trim() ? field.value.trim().slice(0, 60) : file.filename;
      return svc.addAttachment(db, requireActor(req), req.params.id, { title, filename: file.filename, data });
    },
  );
  r.get(
    '/api/hardship/cases/:id/attachments/:attachmentId',
    { schema: { tags, summary: '查看证明材料（须有敏感信息权限，留痕）', params: AttachmentParams }, onRequest: guard('hardship:sensitive') },
    async (req, reply) => {
      const a = await svc.readAttachment(db, requireActor(req), req.params.id, req.params.attachmentId);
      return reply
        .header('content-type', a.mime)
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
        .header('cache-control', 'private, no-store')
        .send(a.data);
    },
  );
  r.post(
    '/api/hardship/import',
    {
      schema: {
        tags,
        summary: '导入原有困难职工台账（.xlsx）：mode=check 只检查，mode=apply 全部无误时一次写入；已有档案的人员跳过',
        querystring: LedgerImportQuery,
        consumes: ['multipart/form-data'],
        response: { 200: LedgerImportResult },
      },
      onRequest: guard('hardship:write'),
    },
    async (req) => {
      const file = await req.file();
      if (!file) throw Invalid.field('file', '请选择要导入的 .xlsx 文件');
      const buffer = await file.toBuffer();
      if (!file.filename.toLowerCase().endsWith('.xlsx') || buffer.subarray(0, 2).toString('latin1') !== 'PK')
        throw Invalid.field('file', '只支持 Excel 2007 及以上的 .xlsx 文件');
      let rows: string[][];
      try {
        rows = await readSheet(buffer);
      } catch {
        throw Invalid.field('file', '无法读取该文件，请确认是有效的 .xlsx 文件');
      }
      return importLedger({ db, cipher }, requireActor(req), rows, { apply: req.query.mode === 'apply' });
    },
  );
  r.get('/api/hardship/import/template.xlsx', { schema: { tags, summary: '台账导入模板' }, onRequest: guard('hardship:write') }, async (_req, reply) =>
    sendXlsx(
      reply,
      '困难职工台账导入模板',
      LEDGER_IMPORT_COLUMNS.map((c, i) => ({ header: c.required ? `${c.header}*` : c.header, width: 16, value: (r: string[]) => r[i] })),
      [['王建国', '150102198503120011', '深度困难', '本人或家属患大病重病', '子女教育', '3', '22032', '0', '租房', '2025-03-01', '2025-03-10']],
    ),
  );
  r.get(
    '/api/hardship/tasks',
    { schema: { tags, summary: '待办：到期和逾期的回访、年度复核', response: { 200: HardshipTasks } }, onRequest: guard('hardship:read') },
    async (req) => svc.tasks(db, requireActor(req)),
  );
  r.post(
    '/api/hardship/discovery/run',
    { schema: { tags, summary: '数据比对主动发现（后台任务，返回任务）', response: { 202: JobView } }, onRequest: guard('hardship:write') },
    async (req, reply) => reply.status(202).send(presentJob(await svc.startDiscovery(db, requireActor(req), req.log))),
  );
  r.get(
    '/api/hardship/discovery',
    {
      schema: { tags, summary: '主动发现线索（待处理、已采纳、不予采纳）', querystring: ListCandidatesQuery, response: { 200: CandidatePage } },
      onRequest: guard('hardship:read'),
    },
    async (req) => svc.listCandidates(db, requireActor(req), req.query),
  );
  r.post(
    '/api/hardship/discovery/:id/accept',
    { schema: { tags, summary: '采纳线索（随后建档申请或复核）', params: CandidateIdParams, response: { 200: Ok } }, onRequest: guard('hardship:write') },
    async (req) => {
      await svc.decideCandidate(db, requireActor(req), req.params.id, { accept: true });
      return { ok: true as const };
    },
  );
  r.post(
    '/api/hardship/discovery/:id/dismiss',
    {
      schema: { tags, summary: '不予采纳（须说明理由；同一证据不再提出）', params: CandidateIdParams, body: DismissInput, response: { 200: Ok } },
      onRequest: guard('hardship:write'),
    },
    async (req) => {
      await svc.decideCandidate(db, requireActor(req), req.params.id, { accept: false, reason: req.body.reason });
      return { ok: true as const };
    },
  );
  r.get(
    '/api/hardship/notice',
    { schema: { tags, summary: '公示名单（姓名脱敏）', response: { 200: z.array(NoticeRow) } }, onRequest: guard('hardship:read') },
    async (req) => svc.noticeList(db, requireActor(req)),
  );
  r.get(
    '/api/hardship/stats',
    {
      schema: {
        tags,
        summary: '困难职工统计（逐级汇总）',
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
        response: { 200: HardshipStats },
      },
      onRequest: guard('hardship:read'),
    },
    async (req) => svc.stats(db, requireActor(req), req.query.year ?? Number(chinaToday().slice(0, 4))),
  );
  r.get(
    '/api/hardship/ledger.xlsx',
    {
      schema: {
        tags,
        summary: '导出困难职工台账（.xlsx，证件号脱敏，不含家庭收支和健康信息）',
        querystring: ListCasesQuery.omit({ page: true, pageSize: true }),
      },
      onRequest: guard('hardship:export'),
    },
    async (req, reply) => {
      const items = await svc.ledgerForExport(db, requireActor(req), req.query, MAX_EXPORT);
      let n = 0;
      return sendXlsx(
        reply,
        '困难职工台账',
        [
          { header: '序号', width: 7, value: () => ++n },
          { header: '档案号', width: 16, value: (c: (typeof items)[number]) => c.caseNo },
          { header: '姓名', width: 10, value: (c) => c.name },
          { header: '身份证号', width: 22, value: (c) => c.idMasked },
          { header: '性别', width: 6, value: (c) => SEX_LABELS[c.sex] },
          { header: '民族', width: 8, value: (c) => c.ethnicity },
          { header: '出生日期', width: 12, value: (c) => c.birthDate },
          { header: '政治面貌', width: 10, value: (c) => (c.politicalStatus ? POLITICAL_LABELS[c.politicalStatus as keyof typeof POLITICAL_LABELS] : '') },
          { header: '工作状态', width: 8, value: (c) => (c.workStatus ? WORK_STATUS_LABELS[c.workStatus as keyof typeof WORK_STATUS_LABELS] : '') },
          { header: '工作单位', width: 22, value: (c) => c.employerName },
          { header: '所属工会', width: 26, value: (c) => c.orgName },
          { header: '户口性质', width: 10, value: (c) => (c.hukouType ? HUKOU_LABELS[c.hukouType as keyof typeof HUKOU_LABELS] : '') },
          { header: '档案类型', width: 14, value: (c) => CASE_KIND_LABELS[c.kind] },
          { header: '困难类别', width: 12, value: (c) => CATEGORY_LABELS[c.category] },
          { header: '主要致困原因', width: 18, value: (c) => CAUSE_LABELS[c.mainCause] },
          { header: '次要致困原因', width: 22, value: (c) => c.secondaryCauses.map((x) => CAUSE_LABELS[x]).join('、') },
          { header: '家庭人口', width: 9, value: (c) => c.householdSize },
          { header: '住房情况', width: 10, value: (c) => HOUSING_LABELS[c.housing as keyof typeof HOUSING_LABELS] },
          { header: '医疗保险', width: 9, value: (c) => (c.medicalInsurance ? '已参保' : '未参保') },
          { header: '状态', width: 10, value: (c) => CASE_STATUS_LABELS[c.status] },
          { header: '返困', width: 6, value: (c) => (c.relapsed ? '是' : '') },
          { header: '核定日期', width: 12, value: (c) => c.assessedOn },
          { header: '建档日期', width: 12, value: (c) => c.filedOn },
          { header: '累计帮扶金额', width: 14, value: (c) => c.assistanceFen / 100 },
          { header: '建档人', width: 10, value: (c) => c.filerName },
          { header: '审核人', width: 10, value: (c) => c.verifierName },
        ],
        items,
      );
    },
  );
}
