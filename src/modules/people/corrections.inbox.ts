/** The registry's inbox group (待办) of workers' correction requests, and the references the requests hold to a person. */
import type { InboxSource, PersonReference } from '../../server/module.ts';
import { scopeOf } from '../../server/scope.ts';
import * as repo from './corrections.repository.ts';
import { CORRECTABLE_FIELD_LABELS, type CorrectableField } from './corrections.contract.ts';

export const CORRECTIONS_INBOX: InboxSource = {
  kind: 'people.corrections',
  label: '待处理的信息更正申请',
  permission: 'person:write',
  list: async (db, actor, { limit, offset }) => {
    const rows = await repo.listInScope(db, scopeOf(actor), 'open', limit, offset);
    return {
      total: rows[0]?.total ?? 0,
      items: rows.map((r) => ({
        id: r.c.id,
        title: r.personName,
        subtitle: `${r.orgName} · 更正${CORRECTABLE_FIELD_LABELS[r.c.field as CorrectableField]}`,
        since: r.c.createdAt.toISOString(),
        link: '/people/corrections',
      })),
    };
  },
};

/** A merge moves a worker's requests and consents to the surviving record (a consent the survivor already has stays). */
export const PROFILE_PERSON_REFERENCES: readonly PersonReference[] = [
  { table: 'person_corrections', column: 'person_id', idColumn: 'id' },
  { table: 'person_consents', column: 'person_id', idColumn: 'id', uniqueWith: ['purpose'] },
];
