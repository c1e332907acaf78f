import type { Db } from '../../server/db.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import { NotFound } from '../../server/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { scopeOfOrg } from '../orgs/index.ts';
import * as repo from './duplicates.repository.ts';
import { mergePeople } from './merge.service.ts';
import type { PersonReference } from '../../server/module.ts';

/** Scans the actor's subtree (or one org's subtree within it) and queues the pairs found. */
export async function scanForDuplicates(db: Db, actor: Actor, orgId?: number) {
  authorize(actor, 'person:merge');
  const scope = await scopeOfOrg(db, actor, orgId ?? actor.orgId);
  const started = Date.now();
  const r = await repo.scanDuplicates(db, scope);
  return { ...r, seconds: (Date.now() - started) / 1000 };
}

export async function listDuplicatePairs(db: Db, actor: Actor, q: { level?: 'likely' | 'possible'; page: number; pageSize: number }) {
  authorize(actor, 'person:merge');
  return repo.findOpenPairs(db, scopeOf(actor), q);
}

/** "Not the same person": the pair is closed and not proposed again. */
export async function dismissPair(db: Db, actor: Actor, { id, reason }: { id: number; reason: string }) {
  authorize(actor, 'person:merge');
  const pair = await repo.findOpenPairInScope(db, scopeOf(actor), id);
  if (!pair) throw new NotFound('疑似重复记录');
  await db.transaction(async (tx) => {
    await repo.decidePair(tx, id, 'dismissed', actor.accountId, reason);
    await recordAudit(tx, actor, {
      action: 'update',
      entity: 'person',
      entityId: pair.aId,
      orgId: actor.orgId,
      summary: `确认 ${pair.aId} 与 ${pair.bId} 不是同一人：${reason}`,
    });
  });
}

/** Merges the two records of a pair (see merge.service). */
export async function mergePair(
  db: Db,
  actor: Actor,
  input: { id: number; survivorId: number; take: Parameters<typeof mergePeople>[2]['take']; reason: string },
  references: readonly PersonReference[],
) {
  const pair = await repo.findOpenPairInScope(db, scopeOf(actor), input.id);
  if (!pair) throw new NotFound('疑似重复记录');
  const mergedId = pair.aId === input.survivorId ? pair.bId : pair.aId;
  return mergePeople(db, actor, { survivorId: input.survivorId, mergedId, take: input.take, reason: input.reason }, references);
}
