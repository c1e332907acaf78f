import { defineModule, type InboxSource } from '../../server/module.ts';
import { scopeOf } from '../../server/scope.ts';
import * as repo from './health.repository.ts';
import { HEALTH_PERMISSIONS } from './health.contract.ts';
import { registerHealthRoutes } from './health.routes.ts';
import { healthHome } from './bookings.service.ts';
import { REMIND_FOLLOWUPS } from './results.service.ts';
import { loadHealthDemo } from './health.demo.ts';

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();

const INBOX: readonly InboxSource[] = [
  {
    kind: 'health.followups',
    label: '待随访的体检异常',
    permission: 'health:results',
    list: async (db, actor, { limit, offset }) => {
      const rows = await repo.openFollowupsInbox(db, scopeOf(actor), limit, offset);
      return {
        total: rows[0]?.total ?? 0,
        items: rows.map((r) => ({ id: r.id, title: r.name, subtitle: r.programme, since: iso(r.since), link: '/health/followups' })),
      };
    },
  },
];

/** 健康守护: check-up programmes, partner hospitals and packages, slots, bookings, results with abnormal findings, follow-ups. */
export const healthModule = defineModule({
  name: 'health',
  label: '健康守护',
  permissions: HEALTH_PERMISSIONS,
  routes: registerHealthRoutes,
  personReferences: [
    { table: 'health_bookings', column: 'person_id', idColumn: 'id', uniqueWith: ['programme_id'] },
    { table: 'health_followups', column: 'person_id', idColumn: 'id' },
  ],
  orgPathCopies: [
    { table: 'health_programmes', column: 'org_path' },
    { table: 'health_bookings', column: 'org_path' },
    { table: 'health_followups', column: 'org_path' },
  ],
  schedules: [REMIND_FOLLOWUPS],
  metrics: [
    { key: 'health.checkups', label: '完成体检', unit: '人', description: '体检项目中到检或已导入体检结果的职工（每人每个项目计一次）' },
    { key: 'health.coverage', label: '体检覆盖人数', unit: '人', description: '已预约体检的职工（每人每个项目计一次），与体检对象人数相比即覆盖率' },
    { key: 'health.abnormal_followed', label: '体检异常已随访', unit: '人', description: '体检结果有异常、工会已完成随访的职工' },
  ],
  inbox: INBOX,
  portalHome: healthHome,
  demo: (tx, ctx) => loadHealthDemo(tx, ctx),
});
