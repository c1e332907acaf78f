/** The campaigns' part of the inbox (待办): what waits for this account's approval. */
import type { InboxSource } from '../../server/module.ts';
import { scopeOf } from '../../server/scope.ts';
import { iso } from './campaign-access.ts';
import * as repo from './inbox.repository.ts';

export const CAMPAIGN_INBOX: readonly InboxSource[] = [
  {
    kind: 'campaigns.approve',
    label: '待审批的慰问活动',
    permission: 'campaign:approve',
    // The same rule as the transition's: at or above the organiser, neither author nor submitter.
    list: async (db, actor, { limit, offset }) => {
      const rows = await repo.awaitingApproval(db, scopeOf(actor), actor.accountId, limit, offset);
      return {
        total: rows[0]?.total ?? 0,
        items: rows.map((r) => ({
          id: r.id,
          title: r.name,
          subtitle: r.submitter ? `${r.org_name} · ${r.submitter}提交` : r.org_name,
          since: iso(r.submitted_at)!,
          link: `/campaigns/${r.id}`,
        })),
      };
    },
  },
];
