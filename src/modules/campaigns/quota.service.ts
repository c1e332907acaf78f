/**
 * 名额与名单: a union's quota and the people frozen for it must agree. Before approval the check
 * shows, per allocation, the people it pays for against its own quota; the organiser chooses what
 * the freeze does where a list exceeds its quota (cut it at the quota in QUOTA_CAP_ORDER, or raise
 * the quota within the parent's free budget); approval applies it in the freeze's transaction and
 * refuses while the choice is missing; pick-up cards are never printed for people no quota covers.
 */
import type { Db, DbOrTx } from '../../server/db.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { contains, type Scope } from '../../server/scope.ts';
import { Conflict, Forbidden, Invalid } from '../../server/errors.ts';
import { yuan } from '../../shared/numbers.ts';
import type { z } from '../../shared/contract.ts';
import { recordAudit } from '../audit/index.ts';
import { QUOTA_EXCEEDED_REASON, QUOTA_RULE_LABELS, type QuotaCheck } from './campaigns.contract.ts';
import type * as C from './campaigns.contract.ts';
import * as repo from './quota.repository.ts';
import * as allocationRepo from './allocations.repository.ts';
import * as campaignRepo from './campaigns.repository.ts';
import { type Loaded, dataScope, loadCampaign, ownsCampaign, reachOfCampaign, specOf } from './campaign-access.ts';

/** The live count per allocation of a scope (and, under `null`, everyone in the scope). */
export async function liveCounts(db: DbOrTx, c: Loaded, scope: Scope) {
  const spec = { ...(await specOf(db, c.campaign, reachOfCampaign(c))), campaignId: c.campaign.id };
  return repo.eligibleByAllocation(db, spec, scope);
}

interface Part {
  orgId: number;
  orgName: string;
  quota: number;
  childQuota: number;
  budgetFen: number;
  childBudgetFen: number;
  spentFen: number;
  listed: number;
  costFen: number;
}

type Line = Part & { parentOrgId: number | null; orgPath: string };

const ownQuota = (p: Part) => p.quota - p.childQuota;
const freeBudget = (p: Pick<Part, 'budgetFen' | 'childBudgetFen' | 'spentFen'>) => p.budgetFen - p.childBudgetFen - p.spentFen;

function present(p: Part) {
  return {
    orgId: p.orgId,
    orgName: p.orgName,
    quota: p.quota,
    ownQuota: ownQuota(p),
    listed: p.listed,
    difference: p.listed - ownQuota(p),
    extraBudgetFen: p.listed > ownQuota(p) ? Math.max(0, p.costFen - freeBudget(p)) : 0,
  };
}

/** 配额核对: per allocation of the actor's part, its own list against its own quota. */
export async function quotaCheck(db: Db, actor: Actor, id: number): Promise<QuotaCheck> {
  authorize(actor, 'campaign:read');
  const c = await loadCampaign(db, actor, id);
  const scope = dataScope(actor, c);
  const frozen = c.campaign.frozenAt !== null;
  const allocations = await allocationRepo.findAllocations(db, id, scope);
  const counts = frozen ? await repo.frozenByAllocation(db, id, scope) : (await liveCounts(db, c, scope)).filter((x) => x.orgId !== null);
  const lines = allocations.map(({ a, orgName }) => {
    const n = counts.find((x) => x.orgId === a.orgId);
    return present({ ...a, orgName, listed: n?.own ?? 0, costFen: n?.ownCostFen ?? 0 });
  });
  return { quotaRule: c.campaign.quotaRule, frozen, canChoose: canChoose(actor, c), lines, version: c.campaign.version };
}

const canChoose = (actor: Actor, c: Loaded) => ownsCampaign(actor, c) && can(actor, 'campaign:write') && c.campaign.frozenAt === null;

/** The organiser chooses what the freeze does with a list over its quota (until the list is frozen). */
export async function setQuotaRule(db: Db, actor: Actor, id: number, input: z.infer<typeof C.QuotaRuleInput>) {
  authorize(actor, 'campaign:write');
  await db.transaction(async (tx) => {
    const c = await loadCampaign(tx, actor, id);
    if (!ownsCampaign(actor, c)) throw new Forbidden('只有主办单位及其上级可以选择超出配额的处理方式');
    const row = (await campaignRepo.lockCampaign(tx, id))!;
    if (row.frozenAt !== null) throw new Conflict('名单已冻结，超出配额的处理方式不能再改；如需修改请先退回草稿');
    if (row.quotaRule === input.quotaRule) return;
    await campaignRepo.updateCampaign(tx, id, { quotaRule: input.quotaRule });
    await recordAudit(tx, actor, {
      action: 'campaign.quota_rule',
      entity: 'campaign',
      entityId: id,
      orgId: row.orgId,
      summary: `「${row.name}」超出配额的处理方式：${QUOTA_RULE_LABELS[input.quotaRule]}`,
      before: { quotaRule: row.quotaRule },
      after: input,
    });
  });
  return quotaCheck(db, actor, id);
}

/**
 * The freeze's quota step, in approval's transaction right after the list is written: where an
 * allocation pays for more people than its own quota, the campaign's rule cuts the list or raises
 * the quota; without a rule, approval is refused with the unions named.
 */
export async function applyQuotaRule(tx: DbOrTx, actor: Actor, c: Loaded, row: campaignRepo.CampaignRow) {
  const locked = await allocationRepo.lockAllAllocations(tx, row.id);
  const counts = await repo.frozenByAllocation(tx, row.id, reachOfCampaign(c));
  const parts = new Map<number, Line>(
    locked.map(({ a, orgName }) => {
      const n = counts.find((x) => x.orgId === a.orgId);
      return [a.orgId, { ...a, orgName, listed: n?.own ?? 0, costFen: n?.ownCostFen ?? 0 }];
    }),
  );
  const over = [...parts.values()].filter((p) => p.listed > ownQuota(p));
  if (!over.length) return;
  const before = over.map((p) => ({ orgId: p.orgId, listed: p.listed, ownQuota: ownQuota(p) }));
  const named = over.map((p) => `${p.orgName}名单 ${p.listed} 人、名额 ${ownQuota(p)} 人`).join('；');
  if (!row.quotaRule) throw Invalid.field('quotaRule', `名单超出配额（${named}），请选择超出配额的处理方式：按配额截取名单，或调增配额`);
  let summary: string;
  if (row.quotaRule === 'cap') {
    const cut = await repo.capToQuota(tx, row.id, QUOTA_EXCEEDED_REASON);
    summary = cut.map((x) => `${parts.get(x.org_id)?.orgName ?? ''}截去 ${x.cut} 人`).join('、');
  } else {
    const raised = await raiseQuotas(tx, row, parts);
    summary = raised.map((p) => `${p.orgName}名额调增至 ${p.quota} 人`).join('、');
  }
  await recordAudit(tx, actor, {
    action: `campaign.quota_${row.quotaRule}`,
    entity: 'campaign',
    entityId: row.id,
    orgId: row.orgId,
    summary: `「${row.name}」名单超出配额，${QUOTA_RULE_LABELS[row.quotaRule]}：${summary}`,
    after: { unions: before },
  });
}

/**
 * 调增配额: deepest first, each allocation paying for more people than its own quota gets its quota
 * raised by the excess; a parent whose children would then hold more than it has is raised too
 * (and, if its own people then lack places, in its turn). The budget of a raised allocation grows
 * by what its list costs beyond its free budget, taken from its parent's free budget (the
 * organiser's from the campaign's funds); when that does not stretch the approval is refused, the
 * union named. Answers the allocations whose quota was raised.
 */
async function raiseQuotas(tx: DbOrTx, row: campaignRepo.CampaignRow, parts: Map<number, Line>) {
  const changed = new Set<number>();
  const raised: Line[] = [];
  const funds = (await campaignRepo.findFunds(tx, row.id)).reduce((s, f) => s + f.amountFen, 0);
  for (const p of [...parts.values()].sort((a, b) => b.orgPath.length - a.orgPath.length)) {
    const excess = p.listed - ownQuota(p);
    if (excess <= 0) continue;
    p.quota += excess;
    changed.add(p.orgId);
    raised.push(p);
    for (let node = p, add = excess; node.parentOrgId !== null && add > 0;) {
      const parent = parts.get(node.parentOrgId)!;
      parent.childQuota += add;
      add = Math.max(0, parent.childQuota - parent.quota);
      parent.quota += add;
      changed.add(parent.orgId);
      node = parent;
    }
    const need = p.costFen - freeBudget(p);
    if (need <= 0) continue;
    const parent = p.parentOrgId !== null ? parts.get(p.parentOrgId)! : undefined;
    if (parent) {
      if (freeBudget(parent) < need)
        throw Invalid.field(
          'quotaRule',
          `${p.orgName}调增名额到 ${p.quota} 人需追加预算 ¥${yuan(need)}，上级${parent.orgName}可分配预算仅剩 ¥${yuan(Math.max(0, freeBudget(parent)))}，不能调增；请先增加上级预算，或改为按配额截取名单`,
        );
      parent.childBudgetFen += need;
    } else if (p.budgetFen + need > funds) {
      throw Invalid.field(
        'quotaRule',
        `${p.orgName}调增名额到 ${p.quota} 人需追加预算 ¥${yuan(need)}，超出筹措资金合计 ¥${yuan(funds)}，不能调增；请先增加资金，或改为按配额截取名单`,
      );
    }
    p.budgetFen += need;
  }
  for (const orgId of changed) {
    const p = parts.get(orgId)!;
    await allocationRepo.updateAllocation(tx, row.id, orgId, {
      quota: p.quota,
      childQuota: p.childQuota,
      budgetFen: p.budgetFen,
      childBudgetFen: p.childBudgetFen,
    });
  }
  return raised;
}

/**
 * Pick-up cards only for people a quota covers: printing is refused while an allocation paying for
 * someone in the printed part lists more people than its own quota. Figures of allocations above
 * the actor's part are not theirs to see: those are named without numbers.
 */
export async function refuseUncovered(db: DbOrTx, actor: Actor, c: Loaded, within: Scope) {
  const rows = await repo.uncoveredPayers(db, c.campaign.id, within);
  if (!rows.length) return;
  const mine = dataScope(actor, c);
  const named = rows
    .map((r) => (contains(mine, r.org_path) ? `${r.org_name}名单 ${r.listed} 人、名额 ${r.own_quota} 人` : `${r.org_name}的名额不足以覆盖名单`))
    .join('；');
  throw new Conflict(`名单超出配额（${named}），超出的人没有名额，不能打印领取卡；请先调整名额或名单`);
}
