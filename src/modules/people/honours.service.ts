/**
 * 荣誉: a tag another module's record earns a person (技能竞赛获奖 from an award). Staff tags such as
 * 劳模 are kept by hand on the record; this one comes with the reason, written to the person's
 * history (the audit entry), inside the caller's transaction so tag and award exist together.
 */
import type { DbOrTx } from '../../server/db.ts';
import type { Actor } from '../../server/actor.ts';
import type { Scope } from '../../server/scope.ts';
import { NotFound } from '../../server/errors.ts';
import { recordAudit } from '../audit/index.ts';
import * as repo from './honours.repository.ts';

type Locked = NonNullable<Awaited<ReturnType<typeof repo.lockPersonTags>>>;
type HonourInput = { personId: number; tag: string; reason: string };

/** The person's history entry for an honour given or withdrawn, with the tags before and after. */
async function recordHonour(tx: DbOrTx, actor: Actor, person: Locked, input: HonourInput, given: boolean, after: string[]) {
  await recordAudit(tx, actor, {
    action: given ? 'person.honour' : 'person.honour_withdrawn',
    entity: 'person',
    entityId: person.id,
    orgId: person.orgId,
    summary: `${person.name} ${given ? '记入' : '撤销'}荣誉「${input.tag}」：${input.reason}`,
    before: { tags: person.tags },
    after: { tags: after },
  });
}

/**
 * Puts `tag` on a person of `scope` and records why; the caller has authorized the act it comes
 * from. A tag the record already has stays once, and the entry still records the new reason.
 * Returns whether the tag was new.
 */
export async function addPersonHonour(tx: DbOrTx, actor: Actor, scope: Scope, input: HonourInput) {
  const person = await repo.lockPersonTags(tx, scope, input.personId);
  if (!person) throw new NotFound('人员');
  const after = await repo.appendTag(tx, person.id, input.tag);
  await recordHonour(tx, actor, person, input, true, after ?? person.tags);
  return after !== undefined;
}

/**
 * Takes `tag` off a person of `scope` when what earned it is withdrawn (an award revoked), and
 * records why; the caller has checked that nothing else of theirs still earns it. Returns whether
 * the record had the tag. A person no longer in the scope (moved away) is left as they are.
 */
export async function withdrawPersonHonour(tx: DbOrTx, actor: Actor, scope: Scope, input: HonourInput) {
  const person = await repo.lockPersonTags(tx, scope, input.personId);
  if (!person) return false;
  const after = await repo.dropTag(tx, person.id, input.tag);
  if (after === undefined) return false;
  await recordHonour(tx, actor, person, input, false, after);
  return true;
}
