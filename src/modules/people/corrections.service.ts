/** 信息更正申请: a worker's request from the portal, and its decision in the staff queue. */
import type { Db } from '../../server/db.ts';
import type { FieldCipher } from '../../server/crypto.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import { Conflict, Invalid, NotFound, registerConstraintMessage } from '../../server/errors.ts';
import type { WorkerActor } from '../../server/worker.ts';
import { recordAudit } from '../audit/index.ts';
import { notify } from '../messages/index.ts';
import { protectPhone } from './identity.ts';
import { updatePerson } from './people.service.ts';
import * as repo from './corrections.repository.ts';
import * as profiles from './profile.repository.ts';
import { ownPerson } from './own-record.ts';
import { workerAuditActor } from './profile.actor.ts';
import { checkProposed, currentShown, shown } from './corrections.fields.ts';
import {
  CORRECTABLE_FIELD_LABELS,
  type CorrectableField,
  type CorrectionRequestInput,
  type CorrectionView,
  type ListCorrectionsQuery,
  type MyCorrection,
} from './corrections.contract.ts';
import type { UpdatePersonInput } from './people.contract.ts';

registerConstraintMessage('person_corrections_open_key', 'field', '这一项已有待处理的更正申请，请等工会处理后再提');

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentMyCorrection(c: repo.CorrectionRow): MyCorrection {
  return {
    id: c.id,
    field: c.field as CorrectableField,
    proposed: c.proposedShown,
    note: c.note,
    status: c.status,
    createdAt: c.createdAt.toISOString(),
    decidedAt: iso(c.decidedAt),
    reason: c.reason,
  };
}

/** A worker asks that a field of their own record be corrected; it waits in their union's queue. */
export async function requestCorrection(
  { db, cipher }: { db: Db; cipher: FieldCipher },
  worker: WorkerActor & { personId: number },
  input: CorrectionRequestInput,
) {
  const person = await ownPerson(db, worker.personId);
  if (!person) throw new NotFound('职工档案');
  const checked = checkProposed(input.field, input.value);
  if ('problem' in checked) throw Invalid.field('value', checked.problem);
  let proposed = checked.value;
  let proposedShown = shown(input.field, checked.value)!;
  if (input.field === 'phone') {
    const p = protectPhone(cipher, checked.value);
    if ('problem' in p) throw Invalid.field('value', p.problem);
    proposed = p.phoneEnc!;
    proposedShown = p.phoneMasked!;
  }
  const current = currentShown(person.person, input.field);
  if (input.field !== 'phone' && proposedShown === current)
    throw Invalid.field('value', `${CORRECTABLE_FIELD_LABELS[input.field]}已经是「${current}」，无需更正`);
  const org = (await profiles.orgOfPerson(db, worker.personId))!;
  return db.transaction(async (tx) => {
    const row = await repo.insertCorrection(tx, { personId: worker.personId, field: input.field, proposed, proposedShown, current, note: input.note ?? null });
    await recordAudit(tx, workerAuditActor(worker, org), {
      action: 'person.correction_request',
      entity: 'person_correction',
      entityId: row.id,
      orgId: org.id,
      summary: `${person.person.name} 申请更正${CORRECTABLE_FIELD_LABELS[input.field]}`,
      after: { personId: worker.personId, field: input.field, proposed: proposedShown, current, note: row.note },
    });
    return presentMyCorrection(row);
  });
}

/** The staff queue: requests of people in the actor's subtree (as the tree is now). */
export async function listCorrections(db: Db, actor: Actor, q: ListCorrectionsQuery) {
  authorize(actor, 'person:read');
  const rows = await repo.listInScope(db, scopeOf(actor), q.status, q.pageSize, (q.page - 1) * q.pageSize);
  const decide = can(actor, 'person:write');
  const items: CorrectionView[] = rows.map((r) => ({
    ...presentMyCorrection(r.c),
    personId: r.c.personId,
    personName: r.personName,
    orgName: r.orgName,
    current: r.c.current,
    decidedBy: r.decidedBy,
    can: { decide: decide && r.c.status === 'open' },
  }));
  return { items, total: rows[0]?.total ?? 0, page: q.page, pageSize: q.pageSize };
}

/**
 * Accepts a request: the record is edited through the registry's ordinary edit (its checks, its
 * audit entry, its version), in the same transaction as the decision, and the worker is told.
 */
export async function acceptCorrection({ db, cipher }: { db: Db; cipher: FieldCipher }, actor: Actor, id: number) {
  authorize(actor, 'person:write');
  return db.transaction(async (tx) => {
    const found = await repo.lockOpenInScope(tx, scopeOf(actor), id);
    if (!found) throw new NotFound('更正申请');
    if (found.c.status !== 'open') throw new Conflict('该申请已处理，请刷新后查看');
    const field = found.c.field as CorrectableField;
    const value = field === 'phone' ? cipher.decrypt('phone', found.c.proposed) : found.c.proposed;
    // The edit's own transaction nests in this one (a savepoint): the decision and the change commit together.
    await updatePerson({ db: tx, cipher }, actor, { id: found.c.personId, data: { [field]: value, version: found.version } as UpdatePersonInput });
    const decided = (await repo.decide(tx, id, { status: 'accepted', by: actor.accountId, reason: null }))!;
    await recordAudit(tx, actor, {
      action: 'person.correction_accept',
      entity: 'person_correction',
      entityId: id,
      orgId: found.orgId,
      summary: `采纳 ${found.personName} 的${CORRECTABLE_FIELD_LABELS[field]}更正申请`,
      after: { status: 'accepted', field, proposed: found.c.proposedShown },
    });
    await notify(tx, {
      to: { personId: found.c.personId },
      kind: 'people.correction_accepted',
      title: `您的${CORRECTABLE_FIELD_LABELS[field]}已更正`,
      body: `工会已按您的申请把${CORRECTABLE_FIELD_LABELS[field]}更正为「${found.c.proposedShown}」。`,
      link: '/profile',
    });
    return presentMyCorrection(decided);
  });
}

/** Refuses a request with a reason the worker reads in the portal. */
export async function rejectCorrection(db: Db, actor: Actor, id: number, reason: string) {
  authorize(actor, 'person:write');
  return db.transaction(async (tx) => {
    const found = await repo.lockOpenInScope(tx, scopeOf(actor), id);
    if (!found) throw new NotFound('更正申请');
    if (found.c.status !== 'open') throw new Conflict('该申请已处理，请刷新后查看');
    const field = found.c.field as CorrectableField;
    const decided = (await repo.decide(tx, id, { status: 'rejected', by: actor.accountId, reason }))!;
    await recordAudit(tx, actor, {
      action: 'person.correction_reject',
      entity: 'person_correction',
      entityId: id,
      orgId: found.orgId,
      summary: `未采纳 ${found.personName} 的${CORRECTABLE_FIELD_LABELS[field]}更正申请`,
      after: { status: 'rejected', field, reason },
    });
    await notify(tx, {
      to: { personId: found.c.personId },
      kind: 'people.correction_rejected',
      title: `您的${CORRECTABLE_FIELD_LABELS[field]}更正申请未采纳`,
      body: `原因：${reason}`,
      link: '/profile',
    });
    return presentMyCorrection(decided);
  });
}
