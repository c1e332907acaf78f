import { defineModule } from '../../server/module.ts';
import { HARDSHIP_PERMISSIONS } from './hardship.contract.ts';
import { registerHardshipRoutes } from './hardship.routes.ts';
import { loadDemoHardship } from './demo.ts';
import { HARDSHIP_INBOX } from './inbox.service.ts';
import { hardshipRecord } from './record.service.ts';
import { helpHome } from './self-apply.service.ts';

/** 困难职工帮扶: case files, lifecycle, assistance, follow-ups, discovery. */
export const hardshipModule = defineModule({
  name: 'hardship',
  label: '困难职工帮扶',
  permissions: HARDSHIP_PERMISSIONS,
  routes: registerHardshipRoutes,
  personReferences: [
    { table: 'hardship_cases', column: 'person_id', idColumn: 'id' },
    { table: 'hardship_members', column: 'person_id', idColumn: 'id' },
    // A lead the surviving record already has (same rule, same evidence) stays with the merged record.
    { table: 'hardship_candidates', column: 'person_id', idColumn: 'id', uniqueWith: ['rule', 'evidence'] },
  ],
  personRecord: hardshipRecord,
  portalHome: helpHome,
  orgPathCopies: [
    { table: 'hardship_assistance', column: 'org_path' },
    { table: 'hardship_candidates', column: 'org_path' },
  ],
  metrics: [
    { key: 'hardship.cases', label: '在档困难职工', unit: '人', description: '建档且未解困、未销档的困难职工档案（一户一档）' },
    { key: 'hardship.assistance_times', label: '帮扶人次', unit: '人次', description: '帮扶记录的条数' },
    { key: 'hardship.assistance_amount', label: '帮扶金额', unit: '元', description: '帮扶记录的金额合计' },
  ],
  inbox: HARDSHIP_INBOX,
  demo: (tx, ctx) => loadDemoHardship(tx, ctx.cipher, ctx.root, ctx.today),
});
