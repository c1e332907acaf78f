/** The registry's part of the inbox (待办): duplicate pairs to review and membership transfers to accept. */
import type { InboxSource } from '../../server/module.ts';
import { scopeOf } from '../../server/scope.ts';
import { DUPLICATE_LEVEL_LABELS } from './people.contract.ts';
import * as repo from './inbox.repository.ts';

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();

export const PEOPLE_INBOX: readonly InboxSource[] = [
  {
    kind: 'people.duplicates',
    label: '待核实的疑似重复档案',
    permission: 'person:merge',
    list: async (db, actor, { limit, offset }) => {
      const rows = await repo.openPairs(db, scopeOf(actor), limit, offset);
      return {
        total: rows[0]?.total ?? 0,
        items: rows.map((r) => ({
          id: Number(r.id),
          title: r.a_name === r.b_name ? r.a_name : `${r.a_name} / ${r.b_name}`,
          subtitle: `${r.org_name} · ${DUPLICATE_LEVEL_LABELS[r.level]}`,
          since: iso(r.found_at),
          link: '/people/duplicates',
        })),
      };
    },
  },
  {
    kind: 'people.transfer',
    label: '待接收的会籍转入',
    permission: 'person:write',
    list: async (db, actor, { limit, offset }) => {
      const rows = await repo.incomingTransfers(db, scopeOf(actor), limit, offset);
      return {
        total: rows[0]?.total ?? 0,
        items: rows.map((r) => ({
          id: Number(r.id),
          title: r.name,
          subtitle: `${r.from_name} → ${r.to_name}`,
          since: iso(r.since),
          link: '/people?incoming=1',
        })),
      };
    },
  },
];
