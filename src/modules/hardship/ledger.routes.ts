/** The 台账 as a spreadsheet: importing a union's existing ledger (with its template) and exporting the ledger. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { receiveSheet, sendImportTemplate } from '../../server/imports.ts';
import { sendXlsx } from '../../server/xlsx.ts';
import { HUKOU_LABELS, POLITICAL_LABELS, SEX_LABELS, WORK_STATUS_LABELS } from '../people/people.contract.ts';
import {
  CASE_KIND_LABELS,
  CASE_STATUS_LABELS,
  CATEGORY_LABELS,
  CAUSE_LABELS,
  HOUSING_LABELS,
  LEDGER_IMPORT_COLUMNS,
  LedgerImportQuery,
  LedgerImportResult,
  ListCasesQuery,
} from './hardship.contract.ts';
import { importLedger } from './hardship.import.ts';
import { ledgerForExport } from './cases.service.ts';

const MAX_EXPORT = 200_000;

export function registerLedgerRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db, cipher } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['困难职工帮扶'];

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
      const { rows } = await receiveSheet(req);
      return importLedger({ db, cipher }, requireActor(req), rows, { apply: req.query.mode === 'apply' });
    },
  );
  r.get('/api/hardship/import/template.xlsx', { schema: { tags, summary: '台账导入模板' }, onRequest: guard('hardship:write') }, async (_req, reply) =>
    sendImportTemplate(reply, '困难职工台账导入模板', LEDGER_IMPORT_COLUMNS, [
      ['王建国', '150102198503120011', '深度困难', '本人或家属患大病重病', '子女教育', '3', '22032', '0', '租房', '2025-03-01', '2025-03-10'],
    ]),
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
      const items = await ledgerForExport(db, requireActor(req), req.query, MAX_EXPORT);
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
