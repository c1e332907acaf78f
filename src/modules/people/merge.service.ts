/**
 * Merging two records of one person: staff pick, field by field, what the surviving record keeps;
 * every reference moves to it; the merged record stays (status 'merged') so an administrator can
 * undo the merge exactly.
 */
import type { Db } from '../../server/db.ts';
import type { ModuleManifest, PersonReference } from '../../server/module.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { Conflict, Invalid, NotFound } from '../../server/errors.ts';
import { personPinyinKeys } from '../../server/text.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgRowInScope } from '../orgs/index.ts';
import * as repo from './merge.repository.ts';
import * as dups from './duplicates.repository.ts';
import { personAuditView } from './people.service.ts';
import type { PersonDbRow } from './people.repository.ts';
import { MERGEABLE_FIELDS } from './people.contract.ts';

type Take = Partial<Record<(typeof MERGEABLE_FIELDS)[number], 'survivor' | 'merged'>>;

/** Columns restored on undo: everything but identity, keys and timestamps. */
const RESTORABLE = [
  'orgId',
  'name',
  'namePinyin',
  'nameInitials',
  'phoneEnc',
  'phoneBidx',
  'phoneMasked',
  'ethnicity',
  'address',
  'hukouType',
  'politicalStatus',
  'education',
  'employerName',
  'employerCreditCode',
  'occupation',
  'employmentForm',
  'workStatus',
  'tags',
  'notes',
] as const;

/** Every module's columns that point at a person, as their manifests declare them. */
export function personReferencesOf(modules: readonly Pick<ModuleManifest, 'personReferences'>[]): PersonReference[] {
  return modules.flatMap((m) => m.personReferences ?? []);
}

function pick(row: Partial<PersonDbRow>) {
  return Object.fromEntries(RESTORABLE.map((k) => [k, row[k]])) as Partial<PersonDbRow>;
}

async function inScope(db: Db, actor: Actor, p: PersonDbRow | undefined) {
  return p && p.status === 'active' && (await findOrgRowInScope(db, actor, p.orgId)) ? p : undefined;
}

export async function mergePeople(
  db: Db,
  actor: Actor,
  input: { survivorId: number; mergedId: number; take: Take; reason: string },
  references: readonly PersonReference[],
) {
  authorize(actor, 'person:merge');
  if (input.survivorId === input.mergedId) throw Invalid.field('mergedId', '不能把记录与自身合并');
  return db.transaction(async (tx) => {
    const locked = await repo.lockPersons(tx, [input.survivorId, input.mergedId]);
    const survivor = await inScope(
      tx as unknown as Db,
      actor,
      locked.find((p) => p.id === input.survivorId),
    );
    const merged = await inScope(
      tx as unknown as Db,
      actor,
      locked.find((p) => p.id === input.mergedId),
    );
    if (!survivor || !merged) throw new NotFound('人员');

    const changes: Partial<PersonDbRow> = {};
    for (const [field, side] of Object.entries(input.take) as [keyof Take, 'survivor' | 'merged'][]) {
      if (side !== 'merged') continue;
      if (field === 'phone') Object.assign(changes, { phoneEnc: merged.phoneEnc, phoneBidx: merged.phoneBidx, phoneMasked: merged.phoneMasked });
      else if (field === 'name') {
        const { full, initials } = personPinyinKeys(merged.name);
        Object.assign(changes, { name: merged.name, namePinyin: full, nameInitials: initials });
      } else Object.assign(changes, { [field]: merged[field] });
    }
    changes.tags = [...new Set([...survivor.tags, ...merged.tags])];

    const after = await repo.setPersonColumns(tx, survivor.id, { ...changes, version: survivor.version + 1 });
    let membershipMoved = false;
    if ((await repo.findMembershipRow(tx, merged.id)) && !(await repo.findMembershipRow(tx, survivor.id))) {
      await repo.moveMembership(tx, merged.id, survivor.id);
      membershipMoved = true;
    }
    const moved = await repo.moveReferences(tx, references, merged.id, survivor.id);
    await repo.setPersonColumns(tx, merged.id, { status: 'merged', mergedInto: survivor.id, version: merged.version + 1 });
    await dups.closePairsOf(tx, survivor.id, merged.id, actor.accountId);
    const movedCount = Object.values(moved).reduce((n, ids) => n + ids.length, 0) + (membershipMoved ? 1 : 0);
    const mergeId = await repo.insertMerge(tx, {
      survivorId: survivor.id,
      mergedId: merged.id,
      survivorBefore: { ...pick(survivor), version: survivor.version },
      mergedBefore: { ...pick(merged), version: merged.version },
      movedReferences: { ...moved, membership: membershipMoved ? [merged.id] : [], survivorVersionAfter: [after.version] },
      reason: input.reason,
      mergedBy: actor.accountId,
    });
    await recordAudit(tx, actor, {
      action: 'merge',
      entity: 'person',
      entityId: survivor.id,
      orgId: survivor.orgId,
      summary: `将 ${merged.name}（${merged.idMasked}）并入 ${survivor.name}（${survivor.idMasked}），迁移关联记录 ${movedCount} 条：${input.reason}`,
      before: { survivor: personAuditView(survivor), merged: personAuditView(merged) },
      after: personAuditView(after),
    });
    return { mergeId, survivorId: survivor.id, movedReferences: movedCount };
  });
}

/** Undoes a merge, if the surviving record has not been changed since (else staff must look first). */
export async function revertMerge(db: Db, actor: Actor, mergeId: number, references: readonly PersonReference[]) {
  authorize(actor, 'person:unmerge');
  return db.transaction(async (tx) => {
    const m = await repo.findOpenMerge(tx, mergeId);
    if (!m) throw new NotFound('合并记录');
    const locked = await repo.lockPersons(tx, [m.survivorId, m.mergedId]);
    const survivor = locked.find((p) => p.id === m.survivorId)!;
    const merged = locked.find((p) => p.id === m.mergedId)!;
    if (!(await findOrgRowInScope(tx, actor, survivor.orgId))) throw new NotFound('合并记录');
    const moved = m.movedReferences;
    if (survivor.version !== moved.survivorVersionAfter?.[0]) {
      throw new Conflict('保留的档案在合并后又被修改过，撤销会丢失这些修改；请先核对该档案');
    }
    await repo.setPersonColumns(tx, survivor.id, { ...pick(m.survivorBefore), version: survivor.version + 1 });
    const { membership, survivorVersionAfter: _v, ...refs } = moved;
    await repo.restoreReferences(tx, references, refs, merged.id);
    if (membership?.length) await repo.moveMembership(tx, survivor.id, merged.id);
    await repo.setPersonColumns(tx, merged.id, { ...pick(m.mergedBefore), status: 'active', mergedInto: null, version: merged.version + 1 });
    await repo.markReverted(tx, mergeId, actor.accountId);
    await recordAudit(tx, actor, {
      action: 'unmerge',
      entity: 'person',
      entityId: survivor.id,
      orgId: survivor.orgId,
      summary: `撤销合并：恢复 ${merged.name}（${merged.idMasked}）为独立档案`,
    });
    return { survivorId: survivor.id, restoredId: merged.id };
  });
}
