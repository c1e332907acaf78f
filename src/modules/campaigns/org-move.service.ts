/**
 * A union moving to another parent takes its part of every campaign still to be run along: its own
 * allocations hang from the nearest allocation of the new place, its beneficiaries paid from an
 * allocation of the old place are paid from the new one, and the quota and budget travel with them
 * through the tree (taken off the old branch up to the common ancestor, added down the new one), so
 * no union's free budget changes except where the money was paid directly. When that cannot be
 * done the move is refused with the reason — never half done. Lines already written keep their
 * payer: what was spent where is history. Campaigns that ended keep their allocations as they were.
 */
import type { DbOrTx } from '../../server/db.ts';
import type { OrgMove } from '../../server/module.ts';
import { reachOf } from '../../server/scope.ts';
import { Conflict } from '../../server/errors.ts';
import { yuan } from '../../shared/numbers.ts';
import { recordAudit } from '../audit/index.ts';
import * as repo from './allocations.repository.ts';

interface Node {
  orgId: number;
  orgName: string;
  parentOrgId: number | null;
  quota: number;
  budgetFen: number;
  childQuota: number;
  childBudgetFen: number;
  spentFen: number;
  touched: boolean;
}

/** One thing a moving subtree holds: an allocation of its own (`child`), or people paid from the payer's own funds (`own`). */
interface Holding {
  kind: 'child' | 'own';
  from: number;
  persons: number;
  fen: number;
}

export async function carryCampaignsAlong(tx: DbOrTx, move: OrgMove): Promise<void> {
  const subtree = reachOf({ path: move.fromPath });
  for (const c of await repo.campaignsTouchingSubtree(tx, subtree)) {
    if (!move.toPath.startsWith(c.organiser_path)) {
      throw new Conflict(
        `${move.orgName}正在参加慰问活动「${c.name}」，新的上级${move.newParent.name}不在该活动的范围内。请待活动结束后再移动，或先将其从该活动中移出`,
      );
    }
    const rows = await repo.lockAllAllocations(tx, c.id);
    const nodes = new Map<number, Node>(rows.map((r) => [r.a.orgId, { ...r.a, orgName: r.orgName, touched: false }]));
    const newPayer = (await repo.nearestAllocation(tx, c.id, move.newParent.path))!;
    const held = await repo.subtreeHoldings(tx, c.id, subtree);
    const holdings: Holding[] = [
      ...held.allocations.map((a) => ({ kind: 'child' as const, from: a.parentOrgId, persons: a.quota, fen: a.budgetFen })),
      ...held.paid.map((p) => ({ kind: 'own' as const, from: p.payerOrgId, persons: p.persons, fen: p.remainingFen })),
    ];
    let carried = { persons: 0, fen: 0 };
    for (const h of holdings) {
      if (h.from === newPayer) continue;
      transfer(nodes, h, newPayer);
      carried = { persons: carried.persons + h.persons, fen: carried.fen + h.fen };
    }
    for (const n of nodes.values()) {
      if (!n.touched) continue;
      if (n.quota < 0 || n.childQuota > n.quota || n.budgetFen < 0 || n.childBudgetFen + n.spentFen > n.budgetFen) {
        throw new Conflict(
          `慰问活动「${c.name}」正在进行：${n.orgName}的剩余名额或预算不足以把${move.orgName}的分配随同转到${move.newParent.name}之下` +
            `（需转移 ${carried.persons} 人、¥${yuan(carried.fen)}）。请先在该活动中调整分配，或待活动结束后再移动`,
        );
      }
    }
    for (const n of nodes.values()) if (n.touched) await repo.updateAllocation(tx, c.id, n.orgId, pick(n));
    for (const a of held.allocations) if (a.parentOrgId !== newPayer) await repo.setAllocationParent(tx, c.id, a.orgId, newPayer);
    for (const p of held.paid) if (p.payerOrgId !== newPayer) await repo.changePayer(tx, c.id, subtree, p.payerOrgId, newPayer);
    if (carried.persons || carried.fen) {
      await recordAudit(tx, move.actor, {
        action: 'campaign.allocate',
        entity: 'campaign',
        entityId: c.id,
        orgId: move.orgId,
        summary: `${move.orgName}移至${move.newParent.name}之下，「${c.name}」中的名额 ${carried.persons} 人、预算 ¥${yuan(carried.fen)}随同转移，由${nodes.get(newPayer)!.orgName}的分配支付`,
        after: { holdings, newPayerOrgId: newPayer },
      });
    }
  }
}

/**
 * Moves a holding from hanging at `h.from` to hanging at `to`: every allocation on the old branch
 * below the common ancestor gives up the quota and budget, every one on the new branch receives
 * them, and the common ancestor's delegated totals change only by what it paid or pays directly.
 */
function transfer(nodes: Map<number, Node>, h: Holding, to: number) {
  const chain = (id: number) => {
    const out: Node[] = [];
    for (let n = nodes.get(id); n; n = n.parentOrgId === null ? undefined : nodes.get(n.parentOrgId)) out.push(n);
    return out;
  };
  const oldChain = chain(h.from);
  const newChain = chain(to);
  const common = newChain.find((n) => oldChain.includes(n))!;
  const oldBranch = oldChain.slice(0, oldChain.indexOf(common));
  const newBranch = newChain.slice(0, newChain.indexOf(common));
  const add = (n: Node, sign: 1 | -1, delegated: boolean, own: boolean) => {
    n.touched = true;
    if (own) {
      n.quota += sign * h.persons;
      n.budgetFen += sign * h.fen;
    }
    if (delegated) {
      n.childQuota += sign * h.persons;
      n.childBudgetFen += sign * h.fen;
    }
  };
  for (const n of oldBranch) add(n, -1, n.orgId !== h.from || h.kind === 'child', true);
  for (const n of newBranch) add(n, 1, n.orgId !== to || h.kind === 'child', true);
  // The common ancestor: it delegated through the old branch (or held the allocation as its child),
  // and now delegates through the new branch (or holds it as its child).
  const before = oldBranch.length > 0 || (h.kind === 'child' && h.from === common.orgId);
  const after = newBranch.length > 0 || (h.kind === 'child' && to === common.orgId);
  if (before) add(common, -1, true, false);
  if (after) add(common, 1, true, false);
}

function pick(n: Node) {
  return { quota: n.quota, budgetFen: n.budgetFen, childQuota: n.childQuota, childBudgetFen: n.childBudgetFen };
}
