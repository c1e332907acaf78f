import { defineModule } from '../../server/module.ts';
import { MUTUALAID_PERMISSIONS } from './mutualaid.contract.ts';
import { registerMutualaidRoutes } from './mutualaid.routes.ts';
import { loadMutualaidDemo } from './mutualaid.demo.ts';
import { mutualaidHome } from './worker.service.ts';
import { MUTUALAID_INBOX, mutualaidRecord } from './mutualaid.inbox.ts';

/** 互助保障: plans with a payout formula, enrolment batches and union-gifted cover, claims with four eyes, payment batches; the worker's own cover and claims on the portal. */
export const mutualaidModule = defineModule({
  name: 'mutualaid',
  label: '互助保障',
  permissions: MUTUALAID_PERMISSIONS,
  routes: registerMutualaidRoutes,
  personReferences: [
    // One enrolment per plan and period: one the surviving record already has stays with it.
    { table: 'mutualaid_enrolments', column: 'person_id', idColumn: 'id', uniqueWith: ['plan_id', 'period'] },
    { table: 'mutualaid_claims', column: 'person_id', idColumn: 'id' },
  ],
  metrics: [
    { key: 'mutualaid.enrolled', label: '互助保障参保', unit: '人', description: '参加互助保障计划的职工（每人每个计划每期计一次，含工会赠送）' },
    { key: 'mutualaid.gifted', label: '工会赠送保障', unit: '人', description: '由工会出资赠送保障的职工（如新就业形态劳动者意外保障）' },
    { key: 'mutualaid.paid', label: '互助金给付', unit: '元', description: '已支付的互助金合计' },
    { key: 'mutualaid.claims', label: '互助金申请', unit: '人次', description: '受理的互助金申请（含驳回）' },
  ],
  inbox: MUTUALAID_INBOX,
  personRecord: mutualaidRecord,
  portalHome: mutualaidHome,
  demo: (tx, ctx) => loadMutualaidDemo(tx, ctx),
});
