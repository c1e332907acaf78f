/**
 * How every campaign use case finds its campaign and decides what of it the actor sees (Scope
 * values, never path strings), and the eligibility of a saved campaign as its queries take it.
 * The words for the module's database constraints are registered here, once for all use cases.
 */
import type { Db, DbOrTx } from '../../server/db.ts';
import type { FieldCipher } from '../../server/crypto.ts';
import type { Actor } from '../../server/actor.ts';
import { contains, intersect, narrow, reachOf, scopeOf, type Scope } from '../../server/scope.ts';
import { Invalid, NotFound, registerConstraintMessage } from '../../server/errors.ts';
import { findOrgInScope, findOrgById } from '../orgs/index.ts';
import type { EligibilityRule } from './campaigns.contract.ts';
import * as campaignRepo from './campaigns.repository.ts';
import * as eligibilityRepo from './eligibility.repository.ts';

// What a person is told when one of the module's database constraints refuses a write.
registerConstraintMessage('campaign_beneficiaries_person_key', 'personId', '此人已在本活动的慰问名单中');
registerConstraintMessage('campaign_points_name_key', 'name', '本活动已有同名发放点');
registerConstraintMessage('campaigns_four_eyes_check', 'action', '活动须由创建人以外的人审批');
registerConstraintMessage('disbursement_lines_seq_key', 'beneficiaryId', '此人本次慰问已领取，不能重复发放');
registerConstraintMessage('campaign_allocations_budget_check', 'budgetFen', '预算不足：已下达和已发放的金额不能超过预算');

export interface CampaignDeps {
  db: Db;
  cipher: FieldCipher;
}

export type Loaded = NonNullable<Awaited<ReturnType<typeof campaignRepo.findCampaign>>>;

/**
 * Whose data of a campaign an actor sees: what the actor's subtree and the organiser's have in
 * common (the deeper of the two). A campaign found by `findCampaign` always shares one.
 */
export function dataScope(actor: Actor, c: Loaded): Scope {
  const scope = intersect(scopeOf(actor), reachOf({ path: c.orgPath }));
  if (!scope) throw new NotFound('慰问活动');
  return scope;
}

/** Whether the actor sits at or above the organiser (may edit, approve, run the campaign itself). */
export function ownsCampaign(actor: Actor, c: Loaded): boolean {
  return contains(scopeOf(actor), c.orgPath);
}

export async function loadCampaign(db: DbOrTx, actor: Actor, id: number): Promise<Loaded> {
  const c = await campaignRepo.findCampaign(db, scopeOf(actor), id);
  if (!c) throw new NotFound('慰问活动');
  return c;
}

/** The organiser's subtree of a loaded campaign: the reach of its rules and allocations. */
export const reachOfCampaign = (c: Loaded): Scope => reachOf({ path: c.orgPath });

/**
 * Scopes of the orgs the rules name, each narrowed from the organiser's reach. Each org must be in
 * the actor's scope (404 otherwise). One outside the reach is refused when `refuse` is set (saving
 * a campaign); a live preview leaves it out, so it matches nobody.
 */
export async function ruleOrgScopes(db: DbOrTx, actor: Actor, reach: Scope, rules: (EligibilityRule | null)[], refuse: boolean) {
  const found: { id: number; path: string }[] = [];
  for (const id of new Set(rules.flatMap((r) => r?.orgIds ?? []))) found.push(await findOrgInScope(db, actor, id, 'rule.orgIds'));
  const map = new Map<number, Scope>();
  for (const org of found) {
    const scope = narrow(reach, org.path);
    if (scope) map.set(org.id, scope);
    else if (refuse) throw Invalid.field('rule.orgIds', `所选单位（${org.id}）不在主办单位之下`);
  }
  return map;
}

/**
 * Rule org ids of a saved campaign are looked up without the actor's scope check (they were
 * checked when saved); an org since moved out of the reach matches nobody.
 */
export async function savedOrgScopes(db: DbOrTx, reach: Scope, rules: (EligibilityRule | null)[]) {
  const map = new Map<number, Scope>();
  for (const r of rules)
    for (const id of r?.orgIds ?? []) {
      const o = await findOrgById(db, id);
      const scope = o && narrow(reach, o.path);
      if (scope) map.set(id, scope);
    }
  return map;
}

/** The eligibility of a saved campaign; `reach` is its organiser's subtree. */
export async function specOf(db: DbOrTx, c: campaignRepo.CampaignRow, reach: Scope): Promise<eligibilityRepo.EligibilitySpec> {
  const packages = await campaignRepo.findPackages(db, c.id);
  const rule = c.rule;
  return {
    campaignId: c.id,
    reach,
    rule,
    tiers: packages.map((p) => ({ id: p.id, index: p.sort, rule: p.rule })),
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    orgScopes: await savedOrgScopes(db, reach, [rule, ...packages.map((p) => p.rule)]),
  };
}

export function iso(v: Date | string | null): string | null {
  if (v === null) return null;
  return (v instanceof Date ? v : new Date(v)).toISOString();
}
