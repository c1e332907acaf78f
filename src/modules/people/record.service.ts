/**
 * 职工全景: one page per worker. Every module that holds something about a person contributes its
 * sections through its manifest (`personRecord`); this use case checks the person first, then
 * collects them. A person's record shows only what the caller's subtree may see: each module reads
 * its own tables through the caller's scope, so a county sees the person's hand-outs its own line
 * gave, never one another county gave before the person moved.
 */
import type { Db } from '../../server/db.ts';
import type { ModuleManifest, PersonRecordSection, PersonRecordSource } from '../../server/module.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import { NotFound } from '../../server/errors.ts';
import * as people from './people.repository.ts';
import * as repo from './record.repository.ts';
import { MEMBERSHIP_STATE_LABELS, type MembershipState, type PersonRecordView } from './people.contract.ts';

const MOVEMENT_LABELS: Record<string, string> = {
  join: '入会',
  withdraw: '退会',
  expel: '除名',
  rejoin: '重新入会',
  transfer_out: '会籍转出',
  transfer_in: '会籍转入',
  transfer_rejected: '会籍转入被拒',
  transfer: '调转',
};

/** Everything the union holds and did for a person, section by section, as the actor's subtree may see it. */
export async function getPersonRecord(
  db: Db,
  actor: Actor,
  personId: number,
  modules: readonly Pick<ModuleManifest, 'personRecord'>[],
): Promise<PersonRecordView> {
  authorize(actor, 'person:read');
  const scope = scopeOf(actor);
  if (!(await people.findPersonInScope(db, scope, personId))) throw new NotFound('人员');
  const sections: PersonRecordSection[] = [];
  for (const m of modules) if (m.personRecord) sections.push(...(await m.personRecord(db, scope, personId)));
  const derivedTags = (await repo.findDerivedTags(db, personId)).map(({ tag, reason, since }) => ({ tag, reason, since }));
  return { personId, derivedTags, sections };
}

/** The people module's sections: membership with its events and transfers, and the tags. */
export const peopleRecord: PersonRecordSource = async (db, scope, personId) => {
  const [membership, movements, tags, derived] = [
    await repo.findMembership(db, scope, personId),
    await repo.findMovements(db, scope, personId),
    await repo.findTags(db, personId),
    await repo.findDerivedTags(db, personId),
  ];
  const other = '其他工会';
  const membershipRows = [
    ...(membership
      ? [
          {
            date: membership.joinedOn,
            what: `会员编号 ${membership.memberNo}`,
            detail: null,
            amountFen: null,
            place: membership.orgName ?? other,
            state: MEMBERSHIP_STATE_LABELS[membership.state as MembershipState] ?? membership.state,
            link: null,
            reversal: false,
          },
        ]
      : []),
    ...movements.map((m) => ({
      date: m.on,
      what: MOVEMENT_LABELS[m.action] ?? m.action,
      detail: [m.fromName || m.toName ? `${m.fromName ?? other} → ${m.toName ?? other}` : null, m.reason].filter(Boolean).join('；') || null,
      amountFen: null,
      place: m.toName ?? (m.kind === 'transfer' ? other : null),
      state: null,
      link: null,
      reversal: false,
    })),
  ];
  const byTag = new Map(derived.map((d) => [d.tag, d]));
  return [
    { kind: 'people.membership', title: '会籍', empty: '未入会', rows: membershipRows },
    {
      kind: 'people.tags',
      title: '标签',
      empty: '没有标签',
      rows: tags.map((tag) => {
        const d = byTag.get(tag);
        return {
          date: d?.since ?? null,
          what: tag,
          detail: d?.reason ?? null,
          amountFen: null,
          place: null,
          state: d ? '自动' : '手工',
          link: null,
          reversal: false,
        };
      }),
    },
  ];
};
