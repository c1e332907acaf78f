/** The drive's part of the inbox (待办): join and transfer applications waiting for the receiving union. */
import type { InboxSource } from '../../server/module.ts';
import { scopeOf } from '../../server/scope.ts';
import * as repo from './membership.repository.ts';

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();

export const MEMBERSHIP_INBOX: readonly InboxSource[] = [
  {
    kind: 'membership.approve',
    label: '待审批的入会申请',
    permission: 'membership:approve',
    list: async (db, actor, { limit, offset }) => {
      const rows = await repo.openInScope(db, scopeOf(actor), limit, offset);
      return {
        total: rows[0]?.total ?? 0,
        items: rows.map((r) => ({
          id: r.id,
          title: `${r.name}（${r.kind === 'join' ? '入会' : '转会'}）`,
          subtitle: r.org_name,
          since: iso(r.created_at),
          link: `/membership?status=open&focus=${r.id}`,
        })),
      };
    },
  },
];
