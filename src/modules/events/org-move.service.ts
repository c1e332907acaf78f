/**
 * A union moving to another parent keeps the places it was given in every event still to be held:
 * its rows of places hang from the nearest row of its new place instead of the old one, the old
 * branch gets the places back as its own, and the new branch gives them out of its own free places.
 * When the new branch has too few, or the event's organiser does not reach the new place, the move
 * is refused with the reason — never half done. Events over or cancelled keep their rows as they were.
 */
import type { DbOrTx } from '../../server/db.ts';
import type { OrgMove } from '../../server/module.ts';
import { Conflict } from '../../server/errors.ts';
import { recordAudit } from '../audit/index.ts';
import * as repo from './events.repository.ts';

export async function carryEventPlacesAlong(tx: DbOrTx, move: OrgMove): Promise<void> {
  for (const top of await repo.quotaTopsMoving(tx, move.fromPath)) {
    if (!move.toPath.startsWith(top.organiser_path)) {
      throw new Conflict(
        `${top.org_name}在活动「${top.title}」中分得 ${top.places} 个名额，新的上级${move.newParent.name}不在该活动的范围内。请待活动结束后再移动，或先收回其名额`,
      );
    }
    await repo.lockEvent(tx, top.event_id);
    const to = (await repo.coveringQuota(tx, top.event_id, move.newParent.path))!;
    if (to.org_id === top.parent_org_id) continue;
    const free = await repo.freeOf(tx, top.event_id, to.org_id);
    if (free < top.places) {
      throw new Conflict(
        `活动「${top.title}」：${to.org_name}还可分配 ${free} 个名额，不足以接收${top.org_name}的 ${top.places} 个名额。请先调整该活动的名额，或待活动结束后再移动`,
      );
    }
    if (top.parent_org_id !== null) await repo.addChildPlaces(tx, top.event_id, top.parent_org_id, -top.places);
    await repo.addChildPlaces(tx, top.event_id, to.org_id, top.places);
    await repo.setQuotaParent(tx, top.event_id, top.org_id, to.org_id);
    await repo.bumpVersion(tx, top.event_id);
    await recordAudit(tx, move.actor, {
      action: 'event.quota',
      entity: 'event',
      entityId: top.event_id,
      orgId: top.org_id,
      summary: `${move.orgName}移至${move.newParent.name}之下，「${top.title}」中${top.org_name}的 ${top.places} 个名额随同转移，改由${to.org_name}下达`,
      before: { from: top.parent_org_id },
      after: { from: to.org_id, places: top.places },
    });
  }
}
