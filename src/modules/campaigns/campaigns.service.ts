/** 慰问活动 use cases: create and edit a draft, read and list, and the lifecycle (提交审批 → 审批 → 开始 → 结束 → 归档, 退回草稿). */
import type { Db, DbOrTx } from '../../server/db.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { narrowTo, reachOf, scopeOf, type Scope } from '../../server/scope.ts';
import { Conflict, Forbidden, Invalid } from '../../server/errors.ts';
import { yuan } from '../../shared/numbers.ts';
import type { z } from '../../shared/contract.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgInScope } from '../orgs/index.ts';
import { CAMPAIGN_STATUS_LABELS, TRANSITIONS, type CampaignInput, type CampaignStatus, type CampaignView, type Transition } from './campaigns.contract.ts';
import type { Permission } from '../../shared/permissions.ts';
import type * as C from './campaigns.contract.ts';
import * as repo from './campaigns.repository.ts';
import { cashPart } from './package.contract.ts';
import * as eligibilityRepo from './eligibility.repository.ts';
import * as allocationRepo from './allocations.repository.ts';
import * as beneficiaryRepo from './beneficiaries.repository.ts';
import { type Loaded, dataScope, loadCampaign, ownsCampaign, reachOfCampaign, ruleOrgScopes, specOf } from './campaign-access.ts';
import { applyQuotaRule } from './quota.service.ts';

async function validateInput(db: DbOrTx, actor: Actor, input: CampaignInput) {
  const org = await findOrgInScope(db, actor, input.orgId, 'orgId');
  await ruleOrgScopes(db, actor, reachOf(org), [input.rule, ...input.packages.map((p) => p.rule)], true);
  const lastOpen = input.packages.findIndex((p) => !p.rule);
  if (lastOpen >= 0 && lastOpen < input.packages.length - 1) throw Invalid.field('packages', '不设条件的档次会领走其余所有人，请把它放在最后');
  return org;
}

/** The columns a draft's form sets. */
function editableFields(input: CampaignInput) {
  const { name, theme, kind, startsOn, endsOn, mode, maxPerPerson, overlapPolicy, description, rule } = input;
  return { name, theme, kind, startsOn, endsOn, mode, maxPerPerson, overlapPolicy, description, rule };
}

export async function createCampaign(db: Db, actor: Actor, input: CampaignInput) {
  authorize(actor, 'campaign:write');
  return db.transaction(async (tx) => {
    const org = await validateInput(tx, actor, input);
    const row = await repo.insertCampaign(tx, { ...editableFields(input), orgId: org.id, createdBy: actor.accountId });
    await repo.replaceFunds(tx, row.id, input.funds);
    await repo.replacePackages(tx, row.id, input.packages);
    const budget = input.funds.reduce((s, f) => s + f.amountFen, 0);
    // The organiser's quota starts at the number of people the rule finds; staff may change it.
    const counts = await eligibilityRepo.previewEligibility(tx, await specOf(tx, row, reachOf(org)), narrowTo(scopeOf(actor), org.path));
    const quota = counts.reduce((s, c) => s + c.persons, 0);
    await allocationRepo.insertAllocation(tx, { campaignId: row.id, orgId: org.id, parentOrgId: null, orgPath: org.path, quota, budgetFen: budget });
    await recordAudit(tx, actor, {
      action: 'campaign.create',
      entity: 'campaign',
      entityId: row.id,
      orgId: org.id,
      summary: `新建慰问活动「${input.name}」`,
      after: input,
    });
    return row.id;
  });
}

export async function updateCampaign(db: Db, actor: Actor, id: number, input: CampaignInput & { version: number }) {
  authorize(actor, 'campaign:write');
  return db.transaction(async (tx) => {
    const c = await loadCampaign(tx, actor, id);
    if (!ownsCampaign(actor, c)) throw new Forbidden('只有主办单位及其上级可以修改活动');
    const row = (await repo.lockCampaign(tx, id))!;
    if (row.status !== 'draft') throw new Conflict(`活动${CAMPAIGN_STATUS_LABELS[row.status]}，不能再修改；如需修改请先退回草稿`);
    if (row.version !== input.version) throw new Conflict('活动已被他人修改，请刷新后再改');
    const org = await validateInput(tx, actor, input);
    const root = await allocationRepo.lockAllocation(tx, id, row.orgId);
    if (org.id !== row.orgId) {
      const allocations = await allocationRepo.findAllocations(tx, id, reachOfCampaign(c));
      if (allocations.length > 1) throw Invalid.field('orgId', '已向下分配名额，不能再更换主办单位');
      throw Invalid.field('orgId', '草稿创建后不能更换主办单位，请新建活动');
    }
    const budget = input.funds.reduce((s, f) => s + f.amountFen, 0);
    if (root && budget < root.childBudgetFen) throw Invalid.field('funds', `资金合计 ¥${yuan(budget)} 少于已向下分配的预算 ¥${yuan(root.childBudgetFen)}`);
    const updated = await repo.updateCampaign(tx, id, editableFields(input));
    await repo.replaceFunds(tx, id, input.funds);
    await repo.replacePackages(tx, id, input.packages);
    await allocationRepo.updateAllocation(tx, id, row.orgId, { budgetFen: budget });
    await recordAudit(tx, actor, {
      action: 'campaign.update',
      entity: 'campaign',
      entityId: id,
      orgId: row.orgId,
      summary: `修改慰问活动「${input.name}」`,
      before: { name: row.name, rule: row.rule },
      after: input,
    });
    return updated.id;
  });
}

export async function getCampaign(db: Db, actor: Actor, id: number): Promise<CampaignView> {
  authorize(actor, 'campaign:read');
  const c = await loadCampaign(db, actor, id);
  const [figures, funds, packages] = [await repo.campaignFigures(db, [id], dataScope(actor, c)), await repo.findFunds(db, id), await repo.findPackages(db, id)];
  const f = figures.get(id)!;
  const owner = ownsCampaign(actor, c);
  const r = c.campaign;
  return {
    ...summaryOf(c, f),
    description: r.description,
    maxPerPerson: r.maxPerPerson,
    overlapPolicy: r.overlapPolicy,
    rule: r.rule,
    // The funds are the whole campaign's: for the organiser and above, not for a union taking part below it.
    funds: owner ? funds.map((x) => ({ id: x.id, source: x.source, amountFen: x.amountFen, note: x.note })) : [],
    packages: packages.map(presentPackage),
    createdBy: await repo.accountName(db, r.createdBy),
    submittedBy: await repo.accountName(db, r.submittedBy),
    submittedAt: r.submittedAt?.toISOString() ?? null,
    returnReason: r.status === 'draft' ? r.returnReason : null,
    approvedBy: await repo.accountName(db, r.approvedBy),
    approvedAt: r.approvedAt?.toISOString() ?? null,
    frozenAt: r.frozenAt?.toISOString() ?? null,
    version: r.version,
    can: {
      edit: owner && can(actor, 'campaign:write') && r.status === 'draft',
      approve: actionsFor(actor, c).includes('approve'),
      transition: owner && can(actor, 'campaign:write'),
      allocate:
        can(actor, 'campaign:write') &&
        r.mode === 'cascade' &&
        (r.status === 'draft' || r.status === 'submitted' || r.status === 'approved' || r.status === 'running'),
      distribute: can(actor, 'campaign:distribute') && r.status === 'running',
      actions: actionsFor(actor, c),
      refused: refusedFor(actor, c),
    },
  };
}

function presentPackage(p: repo.PackageRow): C.PackageView {
  return { id: p.id, name: p.name, kind: p.kind, valueFen: p.valueFen, cashFen: cashPart(p), items: p.items, rule: p.rule, sort: p.sort };
}

function summaryOf(c: Loaded, f: repo.CampaignFigures) {
  const r = c.campaign;
  return {
    id: r.id,
    name: r.name,
    theme: r.theme,
    kind: r.kind as C.CampaignView['kind'],
    orgId: r.orgId,
    orgName: c.orgName,
    startsOn: r.startsOn,
    endsOn: r.endsOn,
    mode: r.mode,
    status: r.status,
    ...f,
  };
}

export async function listCampaigns(db: Db, actor: Actor, q: z.infer<typeof C.ListCampaignsQuery>) {
  authorize(actor, 'campaign:read');
  const { rows, total } = await repo.listCampaigns(db, scopeOf(actor), q);
  // One figures query per scope (the actor's own, or each organiser below them), not per row.
  const byScope = new Map<string, { scope: Scope; ids: number[] }>();
  for (const c of rows) {
    const scope = dataScope(actor, c);
    const group = byScope.get(scope.path) ?? { scope, ids: [] };
    group.ids.push(c.campaign.id);
    byScope.set(scope.path, group);
  }
  const figures = new Map<number, repo.CampaignFigures>();
  for (const { scope, ids } of byScope.values()) for (const [id, f] of await repo.campaignFigures(db, ids, scope)) figures.set(id, f);
  const items = rows.map((c) => summaryOf(c, figures.get(c.campaign.id)!));
  return { items, total, page: q.page, pageSize: q.pageSize };
}

/**
 * The lifecycle: where each step may start and what it needs. 退回草稿 sends back a campaign waiting
 * for approval (with a reason for its author) or an approved one not yet started (its list is thawed).
 */
const STEP_FROM: Record<Transition, readonly CampaignStatus[]> = {
  submit: ['draft'],
  approve: ['submitted'],
  start: ['approved'],
  end: ['running'],
  archive: ['ended'],
  reopen: ['submitted', 'approved'],
};
const STEP_PERMISSION: Record<Transition, Permission> = {
  submit: 'campaign:write',
  approve: 'campaign:approve',
  start: 'campaign:write',
  end: 'campaign:write',
  archive: 'campaign:write',
  reopen: 'campaign:write',
};

/**
 * 四眼原则: approval is never by the author nor by whoever submitted it. The one rule for the route,
 * the page's buttons and the inbox; the database keeps it too (campaigns_four_eyes_check,
 * campaigns_four_eyes_submit_check).
 */
function fourEyesRefusal(actor: Actor, r: Pick<repo.CampaignRow, 'createdBy' | 'submittedBy'>, a: Transition): string | null {
  if (a !== 'approve' || actor.accountId === null) return null;
  if (r.createdBy === actor.accountId) return '活动须由创建人以外的人审批（四眼原则）';
  if (r.submittedBy === actor.accountId) return '活动须由提交审批人以外的人审批（四眼原则）';
  return null;
}

/** The steps this actor's role and place allow on the campaign in its state, before the four-eyes rule. */
function stepsOpenTo(actor: Actor, c: Loaded): Transition[] {
  if (!ownsCampaign(actor, c)) return [];
  return TRANSITIONS.filter((a) => STEP_FROM[a].includes(c.campaign.status) && can(actor, STEP_PERMISSION[a]));
}

/** The steps this actor may take on the campaign now (the page shows a button for each). */
export function actionsFor(actor: Actor, c: Loaded): Transition[] {
  return stepsOpenTo(actor, c).filter((a) => !fourEyesRefusal(actor, c.campaign, a));
}

/** The steps the four-eyes rule keeps from this actor now, with why (the page says so). */
export function refusedFor(actor: Actor, c: Loaded): { action: Transition; reason: string }[] {
  return stepsOpenTo(actor, c).flatMap((a) => {
    const reason = fourEyesRefusal(actor, c.campaign, a);
    return reason ? [{ action: a, reason }] : [];
  });
}

/** A lifecycle step (see STEP_FROM); answers the campaign as the actor now sees it. */
export async function transition(db: Db, actor: Actor, id: number, input: Omit<z.infer<typeof C.TransitionInput>, 'reason'> & { reason?: string | null }) {
  authorize(actor, STEP_PERMISSION[input.action]);
  await db.transaction(async (tx) => {
    const c = await loadCampaign(tx, actor, id);
    if (!ownsCampaign(actor, c)) throw new Forbidden('只有主办单位及其上级可以改变活动状态');
    const row = (await repo.lockCampaign(tx, id))!;
    if (row.version !== input.version) throw new Conflict('活动已被他人修改，请刷新后再操作');
    const from = row.status;
    if (!STEP_FROM[input.action].includes(from)) throw new Conflict(`活动当前为「${CAMPAIGN_STATUS_LABELS[from]}」，不能执行此操作`);
    const refusal = fourEyesRefusal(actor, row, input.action);
    if (refusal) throw new Forbidden(refusal);
    const set: Partial<repo.CampaignRow> = {};
    if (input.action === 'submit') {
      const root = await allocationRepo.lockAllocation(tx, id, row.orgId);
      if (!root || root.budgetFen <= 0) throw Invalid.field('funds', '请先登记资金来源，预算为 0 的活动不能提交审批');
      Object.assign(set, { status: 'submitted', submittedBy: actor.accountId, submittedAt: new Date(), returnReason: null });
    } else if (input.action === 'reopen' && from === 'submitted') {
      if (!input.reason) throw Invalid.field('reason', '请填写退回原因，创建人据此修改');
      Object.assign(set, { status: 'draft', submittedBy: null, submittedAt: null, returnReason: input.reason ?? null });
    } else if (input.action === 'approve') {
      const root = await allocationRepo.lockAllocation(tx, id, row.orgId);
      if (!root || root.budgetFen <= 0) throw Invalid.field('funds', '请先登记资金来源，预算为 0 的活动不能审批');
      const n = await eligibilityRepo.freezeBeneficiaries(
        tx,
        { ...(await specOf(tx, row, reachOfCampaign(c))), campaignId: id },
        row.maxPerPerson,
        row.overlapPolicy,
      );
      if (n === 0) throw Invalid.field('rule', '按当前条件没有慰问对象，不能审批');
      await applyQuotaRule(tx, actor, c, row);
      await beneficiaryRepo.refreshListCounts(tx, id);
      Object.assign(set, { status: 'approved', approvedBy: actor.accountId, approvedAt: new Date(), frozenAt: new Date() });
    } else if (input.action === 'reopen') {
      await beneficiaryRepo.deleteBeneficiaries(tx, id);
      await beneficiaryRepo.refreshListCounts(tx, id);
      Object.assign(set, {
        status: 'draft',
        submittedBy: null,
        submittedAt: null,
        approvedBy: null,
        approvedAt: null,
        frozenAt: null,
        returnReason: input.reason ?? null,
      });
    } else {
      set.status = ({ start: 'running', end: 'ended', archive: 'archived' } as const)[input.action];
    }
    await repo.updateCampaign(tx, id, set);
    await recordAudit(tx, actor, {
      action: `campaign.${input.action}`,
      entity: 'campaign',
      entityId: id,
      orgId: row.orgId,
      summary: `慰问活动「${row.name}」：${CAMPAIGN_STATUS_LABELS[from]} → ${CAMPAIGN_STATUS_LABELS[set.status ?? from]}${input.reason ? `（${input.reason}）` : ''}`,
      before: { status: from },
      after: { status: set.status, reason: input.reason ?? null },
    });
  });
  return getCampaign(db, actor, id);
}
