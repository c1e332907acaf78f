import { defineModule, type InboxSource, type PersonRecordSource } from '../../server/module.ts';
import { scopeOf } from '../../server/scope.ts';
import { yuan } from '../../shared/numbers.ts';
import { chinaToday } from '../../shared/dates.ts';
import * as repo from './retrofits.repository.ts';
import { RETROFITS_PERMISSIONS, STAGE_LABELS } from './retrofits.contract.ts';
import { registerRetrofitsRoutes } from './retrofits.routes.ts';
import { loadDemoRetrofits } from './retrofits.demo.ts';

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();

const INBOX: readonly InboxSource[] = [
  {
    kind: 'retrofits.approve',
    label: '待审批的适老化改造方案',
    permission: 'retrofits:approve',
    list: async (db, actor, { limit, offset }) => {
      const rows = await repo.plansToApprove(db, scopeOf(actor), actor.accountId, limit, offset);
      return {
        total: rows[0]?.total ?? 0,
        items: rows.map((r) => ({ id: r.id, title: r.name, subtitle: r.programme, since: iso(r.since), link: `/retrofits/plans/${r.id}` })),
      };
    },
  },
  {
    kind: 'retrofits.change',
    label: '待审批的改造费用变更',
    permission: 'retrofits:approve',
    list: async (db, actor, { limit, offset }) => {
      const rows = await repo.changesToApprove(db, scopeOf(actor), actor.accountId, limit, offset);
      return {
        total: rows[0]?.total ?? 0,
        items: rows.map((r) => ({
          id: r.id,
          title: r.name,
          subtitle: `追加 ${yuan(r.amount_fen)} 元`,
          since: iso(r.since),
          link: `/retrofits/plans/${r.plan_id}`,
        })),
      };
    },
  },
];

/** The person page's list of their retrofits (only for people who have one). */
const retrofitsRecord: PersonRecordSource = async (db, scope, personId) => {
  const plans = await repo.plansOfPerson(db, scope, personId);
  // Most workers are not model workers: their record shows no empty retrofit section.
  if (!plans.length) return [];
  return [
    {
      kind: 'retrofits.plans',
      title: '适老化改造',
      empty: '没有适老化改造记录',
      rows: plans.map((p) => ({
        date: chinaToday(p.updated_at instanceof Date ? p.updated_at : new Date(p.updated_at)),
        what: p.programme_name,
        detail: `${p.items} 项改造，完成 ${p.items_done} 项`,
        amountFen: p.stage === 'settled' ? Number(p.actual_fen) : Number(p.approved_fen) || null,
        place: p.org_name,
        state: STAGE_LABELS[p.stage],
        link: `/retrofits/plans/${p.id}`,
        reversal: false,
      })),
    },
  ];
};

/** 适老化改造 (一户一策): programmes with a budget, per-household plans for model workers from survey to settlement. */
export const retrofitsModule = defineModule({
  name: 'retrofits',
  label: '适老化改造',
  permissions: RETROFITS_PERMISSIONS,
  routes: registerRetrofitsRoutes,
  personReferences: [{ table: 'retrofit_plans', column: 'person_id', idColumn: 'id' }],
  orgPathCopies: [
    { table: 'retrofit_programmes', column: 'org_path' },
    { table: 'retrofit_plans', column: 'org_path' },
  ],
  metrics: [
    { key: 'retrofits.households', label: '完成适老化改造的劳模家庭', unit: '个', description: '改造方案已验收或已结算的户数（一户一策）' },
    { key: 'retrofits.spent', label: '适老化改造支出', unit: '元', description: '已审计结算的改造方案的实际费用合计' },
    { key: 'retrofits.plans', label: '适老化改造方案', unit: '个', description: '未取消的改造方案（含进行中的）' },
  ],
  personRecord: retrofitsRecord,
  inbox: INBOX,
  demo: (tx, ctx) => loadDemoRetrofits(tx, ctx),
});
