/** The 台账 as a spreadsheet: importing a union's existing ledger (with its template) and exporting the ledger. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { receiveSheet, sendImportTemplate } from '../../server/imports.ts';
import { officeDate, sendOfficeXlsx } from '../../server/xlsx.ts';
import { chinaToday } from '../../shared/dates.ts';
import { findOrgInScope } from '../orgs/index.ts';
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
        summary: '导出困难职工台账（.xlsx：标题、筛选条件、户数和帮扶金额合计；证件号脱敏，不含家庭收支和健康信息）',
        querystring: ListCasesQuery.omit({ page: true, pageSize: true }),
      },
      onRequest: guard('hardship:export'),
      config: { reads: 'replica' },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const items = await ledgerForExport(db, actor, req.query, MAX_EXPORT);
      const scope = req.query.orgId ? await findOrgInScope(db, actor, req.query.orgId, 'orgId') : await findOrgInScope(db, actor, actor.orgId, 'orgId');
      const q = req.query;
      const filter = [
        q.year ? `${q.year}年度` : '',
        q.kind ? CASE_KIND_LABELS[q.kind] : '',
        q.status ? CASE_STATUS_LABELS[q.status] : '',
        q.category ? CATEGORY_LABELS[q.category] : '',
        q.cause ? CAUSE_LABELS[q.cause] : '',
        q.stock ? { new: '增量', existing: '存量', relapsed: '返困' }[q.stock] : '',
        q.migrant === '1' ? '农民工' : '',
        q.q ? `查询“${q.q}”` : '',
      ].filter(Boolean);
      type Line = (typeof items)[number];
      const day = (d: string | null | undefined) => d ?? null;
      return sendOfficeXlsx<Line>(reply, {
        fileName: '困难职工台账',
        titleLines: [
          `${scope.name} 困难职工档案台账`,
          `范围：${scope.name}及下级工会\u3000\u3000筛选：${filter.length ? filter.join('、') : '全部档案'}\u3000\u3000导出日期：${officeDate(chinaToday())}`,
        ],
        columns: [
          { header: '序号', width: 7, type: 'int', value: (_, i) => i + 1 },
          { header: '档案号', width: 16, value: (c) => c.caseNo },
          { header: '姓名', width: 10, value: (c) => c.name },
          { header: '身份证号', width: 21, value: (c) => c.idMasked },
          { header: '性别', width: 6, value: (c) => SEX_LABELS[c.sex] },
          { header: '民族', width: 8, value: (c) => c.ethnicity },
          { header: '出生日期', width: 15, type: 'date', value: (c) => day(c.birthDate) },
          { header: '政治面貌', width: 10, value: (c) => (c.politicalStatus ? POLITICAL_LABELS[c.politicalStatus as keyof typeof POLITICAL_LABELS] : '') },
          { header: '工作状态', width: 8, value: (c) => (c.workStatus ? WORK_STATUS_LABELS[c.workStatus as keyof typeof WORK_STATUS_LABELS] : '') },
          { header: '工作单位', width: 22, value: (c) => c.employerName },
          { header: '所属工会', width: 26, value: (c) => c.orgName },
          { header: '户口性质', width: 10, value: (c) => (c.hukouType ? HUKOU_LABELS[c.hukouType as keyof typeof HUKOU_LABELS] : '') },
          { header: '档案类型', width: 14, value: (c) => CASE_KIND_LABELS[c.kind] },
          { header: '困难类别', width: 12, value: (c) => CATEGORY_LABELS[c.category] },
          { header: '主要致困原因', width: 18, value: (c) => CAUSE_LABELS[c.mainCause] },
          { header: '次要致困原因', width: 22, value: (c) => c.secondaryCauses.map((x) => CAUSE_LABELS[x]).join('、') },
          { header: '家庭人口', width: 9, type: 'int', value: (c) => c.householdSize },
          { header: '住房情况', width: 10, value: (c) => HOUSING_LABELS[c.housing as keyof typeof HOUSING_LABELS] },
          { header: '医疗保险', width: 9, value: (c) => (c.medicalInsurance ? '已参保' : '未参保') },
          { header: '状态', width: 10, value: (c) => CASE_STATUS_LABELS[c.status] },
          { header: '返困', width: 6, value: (c) => (c.relapsed ? '是' : '') },
          { header: '核定日期', width: 15, type: 'date', value: (c) => day(c.assessedOn) },
          { header: '建档日期', width: 15, type: 'date', value: (c) => day(c.filedOn) },
          { header: '累计帮扶金额（元）', width: 14, type: 'fen', value: (c) => c.assistanceFen },
          { header: '建档人', width: 10, value: (c) => c.filerName },
          { header: '审核人', width: 10, value: (c) => c.verifierName },
        ],
        rows: items,
        totals: { 序号: '合计', 姓名: `${items.length} 户`, '累计帮扶金额（元）': items.reduce((s, c) => s + c.assistanceFen, 0) },
      });
    },
  );
}
