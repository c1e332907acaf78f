import { defineModule } from '../../server/module.ts';
import { CAMPAIGN_PERMISSIONS } from './campaigns.contract.ts';
import { registerCampaignRoutes } from './campaigns.routes.ts';
import { loadDemoCampaigns } from './demo.ts';
import { carryCampaignsAlong } from './org-move.service.ts';
import { CAMPAIGN_INBOX } from './inbox.service.ts';
import { campaignsRecord } from './record.service.ts';
import { registerBenefitsRoutes } from './benefits.routes.ts';
import { benefitsHome, remindPickups } from './benefits.service.ts';

/** 慰问活动: care campaigns, allocations, frozen beneficiary lists, on-site distribution. */
export const campaignsModule = defineModule({
  name: 'campaigns',
  label: '慰问活动',
  permissions: CAMPAIGN_PERMISSIONS,
  routes(app, deps) {
    registerCampaignRoutes(app, deps);
    registerBenefitsRoutes(app, deps);
  },
  schedules: [
    // 领取提醒: once when a campaign runs, once more three days before the point closes (keyed, so re-runs add nothing).
    { name: 'campaigns.pickup-reminders', everyMinutes: 60, run: async ({ db }) => void (await remindPickups(db)) },
  ],
  // The ledger, by month of the line's time (its spanning keys in disbursement_line_keys).
  partitionedTables: [{ table: 'disbursement_lines', column: 'at' }],
  personReferences: [
    { table: 'campaign_beneficiaries', column: 'person_id', idColumn: 'id' },
    { table: 'campaign_adjustments', column: 'person_id', idColumn: 'id' },
    { table: 'disbursement_lines', column: 'person_id', idColumn: 'id' },
  ],
  orgPathCopies: [
    { table: 'campaign_allocations', column: 'org_path' },
    { table: 'campaign_beneficiaries', column: 'org_path' },
    { table: 'disbursement_lines', column: 'org_path' },
    { table: 'campaign_progress', column: 'org_path' },
    { table: 'campaign_list_counts', column: 'org_path' },
  ],
  onOrgMove: carryCampaignsAlong,
  inbox: CAMPAIGN_INBOX,
  personRecord: campaignsRecord,
  portalHome: benefitsHome,
  metrics: [
    { key: 'campaigns.handouts', label: '慰问人次', unit: '人次', description: '发放台账中的发放记录（冲正记录相抵）' },
    { key: 'campaigns.beneficiaries', label: '慰问人数', unit: '人', description: '领取过慰问品或慰问金的不同职工' },
    { key: 'campaigns.amount', label: '慰问金额', unit: '元', description: '发放台账的金额合计（含物资折价）' },
  ],
  demo: (tx, ctx) => {
    const volunteer = ctx.accounts.get('miyun_volunteer');
    const author = ctx.accounts.get('xinchengqu_cadre');
    const clerk = ctx.accounts.get('nmg_admin');
    const nmg = ctx.org('内蒙古自治区总工会');
    return loadDemoCampaigns(
      tx,
      ctx.cipher,
      {
        root: ctx.root,
        nmg,
        cities: ctx.orgs.filter((o) => o.type === 'city' && o.parentId === nmg.id),
        miyun: ctx.org('北京市密云区总工会'),
        xinCheng: ctx.org('呼和浩特市新城区总工会'),
      },
      volunteer ? { id: volunteer, username: 'miyun_volunteer' } : undefined,
      ctx.today,
      author ? { id: author, username: 'xinchengqu_cadre' } : undefined,
      clerk ? { id: clerk, username: 'nmg_admin', displayName: '内蒙古管理员' } : undefined,
    );
  },
});
