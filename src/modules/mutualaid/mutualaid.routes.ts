/** The HTTP API of 互助保障: staff under /api/mutualaid — plans and the payout preview, enrolment batches, claims and their steps, payment batches, statistics — and the worker's own under /api/m/mutualaid (worker.routes.ts). */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from '../../shared/contract.ts';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { receiveSheet, sendErrorSheet, sendImportTemplate } from '../../server/imports.ts';
import { fieldText, receiveUpload } from '../../server/uploads.ts';
import { sendOfficeXlsx, type OfficeColumn } from '../../server/xlsx.ts';
import { chinaToday } from '../../shared/dates.ts';
import { yuan } from '../../shared/numbers.ts';
import {
  ApproveInput,
  BankView,
  BatchIdParams,
  EnrolmentIdParams,
  BatchPage,
  BatchPaidInput,
  BatchView,
  ClaimDetail,
  ClaimIdParams,
  ClaimInput,
  ClaimPage,
  ClaimStats,
  ClaimStatsQuery,
  DocumentParams,
  ENROL_IMPORT_COLUMNS,
  EnrolByRuleInput,
  EnrolImportQuery,
  EnrolmentPage,
  EnrolmentStats,
  EnrolmentStatsQuery,
  EnrolResult,
  ListClaimsQuery,
  ListEnrolmentsQuery,
  ListPlansQuery,
  OpinionInput,
  PaymentIdParams,
  PaymentInput,
  PaymentPage,
  PaymentResultOutcome,
  PaymentView,
  PayoutView,
  PlanIdParams,
  PlanInput,
  PlanPage,
  PlanStatusInput,
  PlanView,
  PreviewInput,
  ReasonInput,
} from './mutualaid.contract.ts';
import { createPlan, getPlan, listPlans, previewPayout, setPlanStatus, updatePlan } from './plans.service.ts';
import {
  enrolByRule,
  enrolFromSheet,
  enrolmentCertificate,
  enrolmentStats,
  listBatches,
  listEnrolments,
  markBatchPaid,
  planForUpload,
} from './enrolment.service.ts';
import { certificateDisposition } from './certificate.pdf.ts';
import {
  addDocument,
  appealClaim,
  approveClaim,
  claimStats,
  createClaim,
  getClaim,
  listClaims,
  readBank,
  readDocument,
  recheckClaim,
  rejectClaim,
  reviewClaim,
} from './claims.service.ts';
import { bankFile, createPayment, importResults, listPayments, paymentForUpload } from './payments.service.ts';
import { registerMutualaidWorkerRoutes } from './worker.routes.ts';

const BatchResult = z.object({ batchId: z.number().int(), persons: z.number().int(), amountFen: z.number().int() });
const Created = z.object({ id: z.number().int() });
const Paging = z.object({
  page: ListPlansQuery.shape.page,
  pageSize: ListPlansQuery.shape.pageSize,
});

type BankRow = Awaited<ReturnType<typeof bankFile>>['rows'][number];
const BANK_COLUMNS: OfficeColumn<BankRow>[] = [
  { header: '序号', width: 6, type: 'int', value: (_r, i) => i + 1 },
  { header: '申请编号', width: 18, value: (r) => r.claimNo },
  { header: '户名', width: 10, value: (r) => r.name },
  { header: '证件号码', width: 20, value: (r) => r.idMasked },
  { header: '开户银行', width: 20, value: (r) => r.bankName },
  { header: '银行账号', width: 24, value: (r) => r.account },
  { header: '金额', width: 12, type: 'fen', value: (r) => r.amountFen },
  { header: '用途', width: 24, value: (r) => `${r.plan}互助金` },
];

const FORMULA_LEAD = /^[=+\-@\t\r]/;
function csvCell(v: string | number | Date | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  const safe = FORMULA_LEAD.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
function sendCsv(reply: FastifyReply, title: string, rows: readonly BankRow[]) {
  const lines = [
    BANK_COLUMNS.map((c) => csvCell(c.header)).join(','),
    ...rows.map((r, i) =>
      BANK_COLUMNS.map((c) => csvCell(c.type === 'fen' ? yuan(Number(c.value(r, i))).replaceAll(',', '') : (c.value(r, i) as string | number))).join(','),
    ),
  ];
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="payment.csv"; filename*=UTF-8''${encodeURIComponent(`${title}-${chinaToday()}.csv`)}`)
    .send(`\uFEFF${lines.join('\r\n')}\r\n`);
}

export function registerMutualaidRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db, cipher } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['互助保障'];
  const view = guard('mutualaid:view');
  const manage = guard('mutualaid:manage');
  const claim = guard('mutualaid:claim');
  const review = guard('mutualaid:review');
  const approve = guard('mutualaid:approve');
  const pay = guard('mutualaid:pay');
  const sensitive = guard('mutualaid:sensitive');

  // ---- plans ----
  r.get(
    '/api/mutualaid/plans',
    { schema: { tags, summary: '互助保障计划', querystring: ListPlansQuery, response: { 200: PlanPage } }, onRequest: view },
    async (req) => listPlans(db, requireActor(req), req.query),
  );
  r.post(
    '/api/mutualaid/plans',
    { schema: { tags, summary: '新建互助保障计划（草稿）', body: PlanInput, response: { 201: PlanView } }, onRequest: manage },
    async (req, reply) => reply.code(201).send(await createPlan(db, requireActor(req), req.body)),
  );
  r.get(
    '/api/mutualaid/plans/:id',
    { schema: { tags, summary: '互助保障计划详情', params: PlanIdParams, response: { 200: PlanView } }, onRequest: view },
    async (req) => getPlan(db, requireActor(req), req.params.id),
  );
  r.put(
    '/api/mutualaid/plans/:id',
    { schema: { tags, summary: '修改草稿计划', params: PlanIdParams, body: PlanInput, response: { 200: PlanView } }, onRequest: manage },
    async (req) => updatePlan(db, requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/mutualaid/plans/:id/status',
    { schema: { tags, summary: '开放参保或结束计划', params: PlanIdParams, body: PlanStatusInput, response: { 200: PlanView } }, onRequest: manage },
    async (req) => setPlanStatus(db, requireActor(req), req.params.id, req.body.status),
  );
  r.post(
    '/api/mutualaid/payout-preview',
    { schema: { tags, summary: '给付试算：按给付公式和示例情形计算互助金并逐项说明', body: PreviewInput, response: { 200: PayoutView } }, onRequest: view },
    async (req) => previewPayout(requireActor(req), req.body),
  );

  // ---- enrolment ----
  r.post(
    '/api/mutualaid/plans/:id/enrol',
    {
      schema: {
        tags,
        summary: '按条件从职工档案批量参保，或工会赠送保障（gifted）',
        params: PlanIdParams,
        body: EnrolByRuleInput,
        response: { 201: BatchResult },
      },
      onRequest: manage,
    },
    async (req, reply) => reply.code(201).send(await enrolByRule(db, requireActor(req), req.params.id, req.body)),
  );
  r.get('/api/mutualaid/enrol/template.xlsx', { schema: { tags, summary: '用人单位参保名单模板' }, onRequest: manage }, async (_req, reply) =>
    sendImportTemplate(reply, '互助保障参保名单模板', ENROL_IMPORT_COLUMNS, [['张三', '150102199001010011', '某某物流有限公司']]),
  );
  r.post(
    '/api/mutualaid/plans/:id/enrol/import',
    {
      schema: {
        tags,
        summary: '导入用人单位参保名单（.xlsx）：mode=check 只检查，mode=apply 全部无误时一次参保；已参保的跳过',
        params: PlanIdParams,
        querystring: EnrolImportQuery,
        consumes: ['multipart/form-data'],
        response: { 200: EnrolResult },
      },
      onRequest: manage,
    },
    async (req) => {
      await planForUpload(db, requireActor(req), req.params.id);
      const { rows } = await receiveSheet(req);
      const q = req.query;
      return enrolFromSheet({ db, cipher }, requireActor(req), req.params.id, rows, { apply: q.mode === 'apply', orgId: q.orgId, paidOn: q.paidOn });
    },
  );
  r.post(
    '/api/mutualaid/plans/:id/enrol/errors.xlsx',
    {
      schema: {
        tags,
        summary: '参保名单错误报告（.xlsx），上传与检查时相同的文件',
        params: PlanIdParams,
        querystring: EnrolImportQuery,
        consumes: ['multipart/form-data'],
      },
      onRequest: manage,
    },
    async (req, reply) => {
      await planForUpload(db, requireActor(req), req.params.id);
      const { rows } = await receiveSheet(req);
      const result = await enrolFromSheet({ db, cipher }, requireActor(req), req.params.id, rows, {
        apply: false,
        orgId: req.query.orgId,
        paidOn: req.query.paidOn,
      });
      const byRow = new Map<number, { column: string; message: string }[]>();
      for (const e of result.errors) byRow.set(e.row, [...(byRow.get(e.row) ?? []), { column: e.column, message: e.message }]);
      return sendErrorSheet(
        reply,
        rows[0]?.cells ?? [],
        [...byRow].map(([row, errors]) => ({ row, errors, raw: rows.find((x) => x.rowNo === row)?.cells ?? [] })),
      );
    },
  );
  r.get(
    '/api/mutualaid/plans/:id/batches',
    { schema: { tags, summary: '参保批次', params: PlanIdParams, querystring: Paging, response: { 200: BatchPage } }, onRequest: view },
    async (req) => listBatches(db, requireActor(req), req.params.id, req.query),
  );
  r.post(
    '/api/mutualaid/batches/:id/paid',
    {
      schema: {
        tags,
        summary: '登记职工自行参保的保费已缴（缴费日期，只登记一次）',
        params: BatchIdParams,
        body: BatchPaidInput,
        response: { 200: BatchView },
      },
      onRequest: manage,
    },
    async (req) => markBatchPaid(db, requireActor(req), req.params.id, req.body.paidOn),
  );
  r.get(
    '/api/mutualaid/plans/:id/enrolments',
    {
      schema: {
        tags,
        summary: '参保名单（证件号脱敏，含保障凭证号）',
        params: PlanIdParams,
        querystring: ListEnrolmentsQuery,
        response: { 200: EnrolmentPage },
      },
      onRequest: view,
      config: { reads: 'replica' },
    },
    async (req) => listEnrolments(db, requireActor(req), req.params.id, req.query),
  );
  r.get(
    '/api/mutualaid/enrolments/:id/certificate.pdf',
    { schema: { tags, summary: '打印保障凭证（PDF，证件号脱敏）', params: EnrolmentIdParams }, onRequest: view },
    async (req, reply) => {
      const { pdf, fileName } = await enrolmentCertificate(db, requireActor(req), req.params.id);
      return reply.type('application/pdf').header('content-disposition', certificateDisposition(fileName)).send(pdf);
    },
  );
  r.get(
    '/api/mutualaid/stats/enrolment',
    {
      schema: { tags, summary: '参保人数：按职业和下级工会（逐级汇总）', querystring: EnrolmentStatsQuery, response: { 200: EnrolmentStats } },
      onRequest: view,
      config: { reads: 'replica' },
    },
    async (req) => enrolmentStats(db, requireActor(req), req.query),
  );

  // ---- claims ----
  r.get(
    '/api/mutualaid/claims',
    { schema: { tags, summary: '互助金申请', querystring: ListClaimsQuery, response: { 200: ClaimPage } }, onRequest: view },
    async (req) => listClaims(db, requireActor(req), req.query),
  );
  r.post(
    '/api/mutualaid/claims',
    {
      schema: { tags, summary: '受理互助金申请（核对计划要求的材料、保障期、等待期和发票）', body: ClaimInput, response: { 201: ClaimDetail } },
      onRequest: claim,
    },
    async (req, reply) => reply.code(201).send(await createClaim({ db, cipher }, requireActor(req), req.body)),
  );
  r.get(
    '/api/mutualaid/claims/:id',
    {
      schema: { tags, summary: '互助金申请详情（给付说明、材料清单、疑点、办理记录）', params: ClaimIdParams, response: { 200: ClaimDetail } },
      onRequest: view,
    },
    async (req) => getClaim(db, requireActor(req), req.params.id),
  );
  r.post(
    '/api/mutualaid/claims/:id/review',
    { schema: { tags, summary: '审核', params: ClaimIdParams, body: OpinionInput, response: { 200: ClaimDetail } }, onRequest: review },
    async (req) => reviewClaim(db, requireActor(req), req.params.id, req.body.opinion),
  );
  r.post(
    '/api/mutualaid/claims/:id/recheck',
    { schema: { tags, summary: '复核（须由审核人以外的人）', params: ClaimIdParams, body: OpinionInput, response: { 200: ClaimDetail } }, onRequest: review },
    async (req) => recheckClaim(db, requireActor(req), req.params.id, req.body.opinion),
  );
  r.post(
    '/api/mutualaid/claims/:id/approve',
    {
      schema: {
        tags,
        summary: '审批：按计划和已给付金额核定，限额在同一事务中核对',
        params: ClaimIdParams,
        body: ApproveInput,
        response: { 200: ClaimDetail },
      },
      onRequest: approve,
    },
    async (req) => approveClaim(db, requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/mutualaid/claims/:id/reject',
    { schema: { tags, summary: '驳回（须说明理由）', params: ClaimIdParams, body: ReasonInput, response: { 200: ClaimDetail } }, onRequest: review },
    async (req) => rejectClaim(db, requireActor(req), req.params.id, req.body.reason),
  );
  r.post(
    '/api/mutualaid/claims/:id/appeal',
    {
      schema: { tags, summary: '申诉：驳回的申请重新受理（须说明理由）', params: ClaimIdParams, body: ReasonInput, response: { 200: ClaimDetail } },
      onRequest: claim,
    },
    async (req) => appealClaim(db, requireActor(req), req.params.id, req.body.reason),
  );
  r.post(
    '/api/mutualaid/claims/:id/documents',
    {
      schema: {
        tags,
        summary: '上传申请材料（PDF、JPG、PNG，字段 kind 为材料类型）',
        params: ClaimIdParams,
        consumes: ['multipart/form-data'],
        response: { 201: Created },
      },
      onRequest: claim,
    },
    async (req, reply) => {
      const file = await receiveUpload(req, { maxBytes: 10 * 1024 * 1024, missing: '请选择要上传的材料', tooLarge: '申请材料不能超过 10 MB' });
      return reply.code(201).send(await addDocument(db, requireActor(req), req.params.id, fieldText(file, 'kind'), file));
    },
  );
  r.get(
    '/api/mutualaid/claims/:id/documents/:docId',
    { schema: { tags, summary: '查看申请材料（敏感个人信息，逐次留痕）', params: DocumentParams }, onRequest: sensitive },
    async (req, reply) => {
      const d = await readDocument(db, requireActor(req), req.params.id, req.params.docId);
      return reply
        .header('content-type', d.mime)
        .header('cache-control', 'no-store')
        .header('content-disposition', `inline; filename="document"; filename*=UTF-8''${encodeURIComponent(d.fileName)}`)
        .send(d.content);
    },
  );
  r.get(
    '/api/mutualaid/claims/:id/bank',
    { schema: { tags, summary: '查看收款银行账号（敏感个人信息，逐次留痕）', params: ClaimIdParams, response: { 200: BankView } }, onRequest: sensitive },
    async (req) => readBank(db, cipher, requireActor(req), req.params.id),
  );
  r.get(
    '/api/mutualaid/stats/claims',
    {
      schema: { tags, summary: '互助金统计：申请、核定、实付金额，按状态、下级工会和月份', querystring: ClaimStatsQuery, response: { 200: ClaimStats } },
      onRequest: view,
      config: { reads: 'replica' },
    },
    async (req) => claimStats(db, requireActor(req), req.query),
  );

  // ---- payments ----
  r.get(
    '/api/mutualaid/payments',
    { schema: { tags, summary: '互助金支付批次', querystring: Paging, response: { 200: PaymentPage } }, onRequest: view },
    async (req) => listPayments(db, requireActor(req), req.query),
  );
  r.post(
    '/api/mutualaid/payments',
    { schema: { tags, summary: '生成支付批次（本单位及下级已审批未支付的申请）', body: PaymentInput, response: { 201: PaymentView } }, onRequest: pay },
    async (req, reply) => reply.code(201).send(await createPayment(db, requireActor(req), req.body.orgId)),
  );
  r.get(
    '/api/mutualaid/payments/:id/bank.xlsx',
    { schema: { tags, summary: '银行代发文件（.xlsx，含收款账号，逐次留痕）', params: PaymentIdParams }, onRequest: pay },
    async (req, reply) => {
      const f = await bankFile(db, cipher, requireActor(req), req.params.id);
      return sendOfficeXlsx<BankRow>(reply, { fileName: f.title, titleLines: [f.title, `共 ${f.rows.length} 笔`], columns: BANK_COLUMNS, rows: f.rows });
    },
  );
  r.get(
    '/api/mutualaid/payments/:id/bank.csv',
    { schema: { tags, summary: '银行代发文件（.csv，含收款账号，逐次留痕）', params: PaymentIdParams }, onRequest: pay },
    async (req, reply) => {
      const f = await bankFile(db, cipher, requireActor(req), req.params.id);
      return sendCsv(reply, f.title, f.rows);
    },
  );
  r.post(
    '/api/mutualaid/payments/:id/results',
    {
      schema: {
        tags,
        summary: '导入银行支付结果（.xlsx 或 CSV：申请编号、支付结果、说明）',
        params: PaymentIdParams,
        consumes: ['multipart/form-data'],
        response: { 200: PaymentResultOutcome },
      },
      onRequest: pay,
    },
    async (req) => {
      await paymentForUpload(db, requireActor(req), req.params.id);
      // Banks hand results back as .xlsx or as CSV (often GB18030): both are read.
      const { rows } = await receiveSheet(req, { accept: ['xlsx', 'csv'] });
      return importResults(db, requireActor(req), req.params.id, rows);
    },
  );

  registerMutualaidWorkerRoutes(app, deps);
}
