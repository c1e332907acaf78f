import { defineModule } from '../../server/module.ts';
import { MODELWORKERS_PERMISSIONS } from './modelworkers.contract.ts';
import { registerModelWorkersRoutes } from './modelworkers.routes.ts';
import { loadDemoModelWorkers } from './modelworkers.demo.ts';
import { MODELWORKERS_INBOX, modelWorkersRecord } from './record.service.ts';

/** 劳模关爱: honours and the 劳模 tags that follow, status over time, allowances by level in runs with four eyes, care records, the priority list. */
export const modelWorkersModule = defineModule({
  name: 'modelworkers',
  label: '劳模关爱',
  permissions: MODELWORKERS_PERMISSIONS,
  routes: registerModelWorkersRoutes,
  personReferences: [
    { table: 'model_worker_honours', column: 'person_id', idColumn: 'id' },
    { table: 'model_worker_statuses', column: 'person_id', idColumn: 'id' },
    // One care profile per person: the surviving record keeps its own.
    { table: 'model_worker_profiles', column: 'person_id', idColumn: 'person_id', uniqueWith: [] },
    { table: 'model_worker_care_records', column: 'person_id', idColumn: 'id' },
    // Paid once per allowance and period: a line the surviving record already has for it stays with the merged record.
    { table: 'model_worker_allowance_lines', column: 'person_id', idColumn: 'id', uniqueWith: ['kind', 'period'] },
  ],
  personRecord: modelWorkersRecord,
  metrics: [
    {
      key: 'modelworkers.model_workers',
      label: '在册劳模',
      unit: '人',
      description: '有未撤销荣誉的职工（按最高荣誉等级分列：全国劳模、全国先进工作者、五一劳动奖章、省部级、省级、盟市级）',
    },
    { key: 'modelworkers.deceased', label: '已故劳模', unit: '人', description: '登记为去世的劳模（津贴自去世后的下一期起停发）' },
    { key: 'modelworkers.allowance_paid', label: '劳模津贴发放', unit: '元', description: '已确认发放的荣誉津贴和生活补助合计（按发放期间）' },
    { key: 'modelworkers.allowance_times', label: '津贴发放人次', unit: '人次', description: '已确认发放批次中的人员条数' },
    {
      key: 'modelworkers.care_visits',
      label: '劳模关爱人次',
      unit: '人次',
      description: '节日慰问、生日慰问、走访、住院看望、体检、疗休养和特殊困难帮扶的记录条数',
    },
    { key: 'modelworkers.priority', label: '重点关爱劳模', unit: '人', description: '80 周岁以上（各地可设）、残疾或失能、独居、患病或近期住院的在世劳模' },
  ],
  inbox: MODELWORKERS_INBOX,
  demo: (tx, ctx) => loadDemoModelWorkers(tx, ctx),
});
