import { sql } from 'drizzle-orm';
import { defineModule, type InboxSource } from '../../server/module.ts';
import { queryRows } from '../../server/db.ts';
import { pathInScope, scopeOf } from '../../server/scope.ts';
import { VOLUNTEERS_PERMISSIONS } from './volunteers.contract.ts';
import { registerVolunteersRoutes } from './volunteers.routes.ts';
import { loadDemoVolunteers } from './volunteers.demo.ts';

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();

const INBOX: readonly InboxSource[] = [
  {
    kind: 'volunteers.review',
    label: '待审核的补录服务时长',
    permission: 'volunteers:approve',
    list: async (db, actor, { limit, offset }) => {
      // Whoever entered a back-fill does not review it, so it is not waiting for them.
      const rows = await queryRows<{ id: number; name: string; project: string | null; since: Date | string; total: number }>(
        db,
        sql`select r.id::int as id, p.name, j.name as project, r.created_at as since, count(*) over ()::int as total
              from volunteer_records r join volunteers v on v.id = r.volunteer_id join persons p on p.id = v.person_id
              left join volunteer_projects j on j.id = r.project_id
             where r.status = 'pending' and ${pathInScope(scopeOf(actor), sql`r.org_path`)} and r.created_by is distinct from ${actor.accountId}
             order by r.created_at, r.id limit ${limit} offset ${offset}`,
      );
      return {
        total: rows[0]?.total ?? 0,
        items: rows.map((r) => ({ id: r.id, title: r.name, subtitle: r.project, since: iso(r.since), link: '/volunteers?tab=records' })),
      };
    },
  },
  {
    kind: 'volunteers.dispatch',
    label: '待派单的志愿服务需求',
    permission: 'volunteers:manage',
    list: async (db, actor, { limit, offset }) => {
      const rows = await queryRows<{ id: number; title: string; org: string; since: Date | string; total: number }>(
        db,
        sql`select d.id, d.title, o.name as org, d.created_at as since, count(*) over ()::int as total
              from volunteer_orders d join orgs o on o.id = d.org_id
             where d.status = 'ordered' and ${pathInScope(scopeOf(actor), sql`d.org_path`)}
             order by d.created_at, d.id limit ${limit} offset ${offset}`,
      );
      return {
        total: rows[0]?.total ?? 0,
        items: rows.map((r) => ({ id: r.id, title: r.title, subtitle: r.org, since: iso(r.since), link: '/volunteers?tab=orders' })),
      };
    },
  },
];

/** 志愿服务: volunteers, teams, projects and shifts with QR check-in, 三单制 orders, verified hours and certificates. */
export const volunteersModule = defineModule({
  name: 'volunteers',
  label: '志愿服务',
  permissions: VOLUNTEERS_PERMISSIONS,
  routes: registerVolunteersRoutes,
  personReferences: [
    { table: 'volunteers', column: 'person_id', idColumn: 'id', uniqueWith: [] },
    { table: 'volunteer_orders', column: 'person_id', idColumn: 'id' },
  ],
  orgPathCopies: [
    { table: 'volunteers', column: 'org_path' },
    { table: 'volunteer_teams', column: 'org_path' },
    { table: 'volunteer_projects', column: 'org_path' },
    { table: 'volunteer_records', column: 'org_path' },
    { table: 'volunteer_orders', column: 'org_path' },
    { table: 'volunteer_certificates', column: 'org_path' },
  ],
  metrics: [
    { key: 'volunteers.volunteers', label: '在册志愿者', unit: '人', description: '登记在册、未退出的志愿者' },
    { key: 'volunteers.hours', label: '志愿服务时长', unit: '小时', description: '有效的服务时长：扫码签到签退、审核通过的补录和完成的派单服务，按分钟累计' },
    { key: 'volunteers.orders_done', label: '完成的点单服务', unit: '个', description: '三单制中志愿者完成的服务需求' },
  ],
  inbox: INBOX,
  demo: (tx, ctx) => loadDemoVolunteers(tx, ctx),
});
