import { defineModule } from '../../server/module.ts';
import { MEMBERSHIP_PERMISSIONS } from './membership.contract.ts';
import { registerMembershipRoutes } from './membership.routes.ts';
import { MEMBERSHIP_INBOX } from './inbox.service.ts';
import { loadDemoApplications } from './demo.ts';
import { membershipHome } from './apply.service.ts';

/** 入会: join applications from the portal routed to the right union, approval with member numbers, transfers, drive statistics. */
export const membershipModule = defineModule({
  name: 'membership',
  label: '入会',
  permissions: MEMBERSHIP_PERMISSIONS,
  routes: registerMembershipRoutes,
  personReferences: [{ table: 'membership_applications', column: 'person_id', idColumn: 'id' }],
  metrics: [
    { key: 'membership.applications', label: '入会申请', unit: '人次', description: '职工端和扫码海报提交的入会申请（含未通过的）' },
    { key: 'membership.approvals', label: '入会审批通过', unit: '人', description: '审批通过、分配会员编号的入会申请' },
    { key: 'membership.hours_to_approval', label: '入会审批用时（中位数，小时）', unit: '个', description: '从提交到审批通过的小时数的中位数' },
  ],
  inbox: MEMBERSHIP_INBOX,
  portalHome: membershipHome,
  demo: (tx, ctx) => loadDemoApplications(tx, ctx),
});
