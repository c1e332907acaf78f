/** 下达: the quota and budget each org of the tree receives, never more than its parent has left. */
import type { Db, DbOrTx } from '../../server/db.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { contains, narrow, scopeOf } from '../../server/scope.ts';
import { Conflict, Invalid, NotFound } from '../../server/errors.ts';
import { yuan } from '../../shared/numbers.ts';
import type { z } from '../../shared/contract.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgById } from '../orgs/index.ts';
import { CAMPAIGN_STATUS_LABELS, type AllocationNode } from './campaigns.contract.ts';
import type * as C from './campaigns.contract.ts';
import * as repo from './allocations.repository.ts';
import * as beneficiaryRepo from './beneficiaries.repository.ts';
import * as campaignRepo from './campaigns.repository.ts';
import { dataScope, loadCampaign, ownsCampaign, reachOfCampaign } from './campaign-access.ts';
import { liveCounts } from './quota.service.ts';

/**
 * The allocation tree as the actor may see it: the allocations inside their part of the campaign
 * (their union and below), never the lines above it, whose figures are the campaign's or other
 * subtrees'. A union that got no allocation of its own, its people paid from one above it, sees
 * its own line with what was handed out and listed inside it, and no quota or budget. Each line
 * also counts the people the rules find in its subtree now, beside its quota and frozen list.
 */
export async function listAllocations(db: DbOrTx, actor: Actor, id: number): Promise<AllocationNode[]> {
  authorize(actor, 'campaign:read');
  const c = await loadCampaign(db, actor, id);
  const scope = dataScope(actor, c);
  const [rows, counts, covered, live] = [
    await repo.findAllocations(db, id, scope),
    await beneficiaryRepo.listCountsByOrg(db, id, scope),
    await repo.coveredFromAbove(db, id, scope),
    await liveCounts(db, c, scope),
  ];
  const eligible = (orgId: number | null) => live.find((x) => x.orgId === orgId)?.eligible ?? 0;
  const listed = (path: string) => counts.filter((x) => x.org_path.startsWith(path)).reduce((s, x) => s + x.beneficiaries, 0);
  const shown = new Set(rows.map((r) => r.a.orgId));
  const writable = can(actor, 'campaign:write') && c.campaign.mode === 'cascade' && !['ended', 'archived'].includes(c.campaign.status);
  const own: AllocationNode[] = covered
    ? [
        {
          orgId: covered.orgId,
          parentOrgId: null,
          orgName: covered.orgName,
          orgPath: scope.path,
          quota: null,
          budgetFen: null,
          childQuota: null,
          childBudgetFen: null,
          spentFen: covered.spentFen,
          beneficiaries: listed(scope.path),
          eligible: eligible(null),
          editable: false,
          canAllocateBelow: false,
        },
      ]
    : [];
  return [
    ...own,
    ...rows.map((r) => ({
      orgId: r.a.orgId,
      // The top line's parent lies above the actor's part: not shown, so not named.
      parentOrgId: r.a.parentOrgId !== null && shown.has(r.a.parentOrgId) ? r.a.parentOrgId : covered ? covered.orgId : null,
      orgName: r.orgName,
      orgPath: r.a.orgPath,
      quota: r.a.quota,
      budgetFen: r.a.budgetFen,
      childQuota: r.a.childQuota,
      childBudgetFen: r.a.childBudgetFen,
      spentFen: r.a.spentFen,
      beneficiaries: listed(r.a.orgPath),
      eligible: eligible(r.a.orgId),
      // The actor may change allocations made by an org in their subtree (and the root, if they own it).
      editable:
        writable &&
        (r.a.parentOrgId === null ? ownsCampaign(actor, c) : rows.some((p) => p.a.orgId === r.a.parentOrgId && contains(scopeOf(actor), p.a.orgPath))),
      // A union passes its own allocation further down (a county to its unions), as setAllocation allows.
      canAllocateBelow: writable && contains(scopeOf(actor), r.a.orgPath),
    })),
  ];
}

/** 下达 (or change) the quota and budget of one org; the parent is the nearest allocated ancestor. */
export async function setAllocation(db: Db, actor: Actor, id: number, input: z.infer<typeof C.AllocationInput>) {
  authorize(actor, 'campaign:write');
  await db.transaction(async (tx) => {
    const c = await loadCampaign(tx, actor, id);
    const row = (await campaignRepo.lockCampaign(tx, id))!;
    if (row.status === 'ended' || row.status === 'archived') throw new Conflict(`活动${CAMPAIGN_STATUS_LABELS[row.status]}，不能再分配`);
    const org = await findOrgById(tx, input.orgId);
    // Any org of the organiser's subtree may receive an allocation, even outside the actor's own
    // scope: what decides is whether the actor may change the parent allocation (below).
    const within = org && narrow(reachOfCampaign(c), org.path);
    if (!org || !within) throw new NotFound('下达单位', 'orgId');
    if (org.id === row.orgId) {
      if (!ownsCampaign(actor, c)) throw new NotFound('下达单位', 'orgId');
      const root = (await repo.lockAllocation(tx, id, org.id))!;
      const funds = (await campaignRepo.findFunds(tx, id)).reduce((s, f) => s + f.amountFen, 0);
      if (input.budgetFen > funds) throw Invalid.field('budgetFen', `预算不能超过筹措资金合计 ¥${yuan(funds)}`);
      checkNotBelowUse(root, input);
      await repo.updateAllocation(tx, id, org.id, { quota: input.quota, budgetFen: input.budgetFen });
    } else {
      if (row.mode !== 'cascade') throw Invalid.field('orgId', '本活动由主办单位直接发放，不向下分配名额');
      const parentOrgId = await repo.nearestAllocation(tx, id, org.path.slice(0, org.path.slice(0, -1).lastIndexOf('/') + 1));
      const parent = parentOrgId ? await repo.lockAllocation(tx, id, parentOrgId) : undefined;
      if (!parent || !contains(scopeOf(actor), parent.orgPath)) throw new NotFound('下达单位', 'orgId');
      const existing = await repo.lockAllocation(tx, id, org.id);
      const before = existing ?? { quota: 0, budgetFen: 0, childQuota: 0, childBudgetFen: 0, spentFen: 0 };
      if (existing) checkNotBelowUse(existing, input);
      const dq = input.quota - before.quota;
      const db2 = input.budgetFen - before.budgetFen;
      if (parent.childBudgetFen + parent.spentFen + db2 > parent.budgetFen) {
        throw Invalid.field(
          'budgetFen',
          `超出上级可分配预算：上级剩余可分配 ¥${yuan(parent.budgetFen - parent.childBudgetFen - parent.spentFen + before.budgetFen)}`,
        );
      }
      if (parent.childQuota + dq > parent.quota)
        throw Invalid.field('quota', `超出上级可分配名额：上级剩余 ${parent.quota - parent.childQuota + before.quota} 人`);
      if (existing) {
        await repo.updateAllocation(tx, id, org.id, { quota: input.quota, budgetFen: input.budgetFen });
      } else {
        await repo.insertAllocation(tx, {
          campaignId: id,
          orgId: org.id,
          parentOrgId: parent.orgId,
          orgPath: org.path,
          quota: input.quota,
          budgetFen: input.budgetFen,
        });
        await repo.reassignBeneficiaries(tx, id, parent.orgId, org.id, within);
        await repo.reparentAllocations(tx, id, parent.orgId, org.id, within);
      }
      await repo.adjustChildTotals(tx, id, parent.orgId, dq, db2);
    }
    await recordAudit(tx, actor, {
      action: 'campaign.allocate',
      entity: 'campaign',
      entityId: id,
      orgId: org.id,
      summary: `「${row.name}」向${org.name}下达名额 ${input.quota} 人、预算 ¥${yuan(input.budgetFen)}`,
      after: input,
    });
  });
  return listAllocations(db, actor, id);
}

function checkNotBelowUse(a: repo.AllocationRow, input: { quota: number; budgetFen: number }) {
  if (input.budgetFen < a.childBudgetFen + a.spentFen) throw Invalid.field('budgetFen', `预算不能少于已下达和已发放的 ¥${yuan(a.childBudgetFen + a.spentFen)}`);
  if (input.quota < a.childQuota) throw Invalid.field('quota', `名额不能少于已下达的 ${a.childQuota} 人`);
}
