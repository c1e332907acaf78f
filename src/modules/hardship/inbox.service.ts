/** The hardship files' part of the inbox (待办): files to verify, notice and approve, follow-ups due. */
import type { InboxSource } from '../../server/module.ts';
import { scopeOf } from '../../server/scope.ts';
import { chinaToday } from '../../shared/dates.ts';
import type { CaseAction } from './hardship.contract.ts';
import * as repo from './inbox.repository.ts';
import { awaitedBy } from './lifecycle.service.ts';

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();

/** Files waiting for a lifecycle step this account may take (the filer never sees its own). */
function stepSource(kind: string, label: string, step: CaseAction): InboxSource {
  const rule = awaitedBy(step);
  return {
    kind,
    label,
    permission: rule.permission,
    list: async (db, actor, { limit, offset }) => {
      const rows = await repo.casesAwaiting(db, scopeOf(actor), rule, rule.notByFiler ? actor.accountId : undefined, limit, offset);
      return {
        total: rows[0]?.total ?? 0,
        items: rows.map((r) => ({ id: r.id, title: `${r.name}（${r.case_no}）`, subtitle: r.org_name, since: iso(r.since), link: `/hardship/${r.id}` })),
      };
    },
  };
}

export const HARDSHIP_INBOX: readonly InboxSource[] = [
  stepSource('hardship.verify', '待核查的困难职工档案', 'verify'),
  stepSource('hardship.notice', '待公示的困难职工档案', 'notice'),
  stepSource('hardship.approve', '待审批建档的困难职工档案', 'approve'),
  {
    kind: 'hardship.followup',
    label: '到期的回访',
    permission: 'hardship:write',
    list: async (db, actor, { limit, offset }) => {
      const rows = await repo.followupsDue(db, scopeOf(actor), chinaToday(), limit, offset);
      return {
        total: rows[0]?.total ?? 0,
        items: rows.map((r) => ({ id: r.id, title: `${r.name}（${r.case_no}）`, subtitle: r.org_name, since: r.due_on, link: `/hardship/${r.case_id}` })),
      };
    },
  },
];
