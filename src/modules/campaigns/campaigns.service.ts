/** 慰问活动 use cases: create and edit a draft, read and list, and the lifecycle (审批 → 开始 → 结束 → 归档, 退回草稿). */
import type { Db, DbOrTx } from '../../server/db.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { narrowTo, reachOf, scopeOf, type Scope } from '../../server/scope.ts';
import { Conflict, Forbidden, Invalid } from '../../server/errors.ts';
import { yuan } from '../../shared/numbers.ts';
import type { z } from '../../shared/contract.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgInScope } from '../orgs/index.ts';
import { CAMPAIGN_STATUS_LABELS, type CampaignInput, type CampaignView } from './campaigns.contract.ts';
import type * as C from './campaigns.contract.ts';
import * as repo from './campaigns.repository.ts';
import * as eligibilityRepo from './eligibility.repository.ts';
import { cashPart } from './package.contract.ts';
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
    approvedBy: await repo.accountName(db, r.approvedBy),
    approvedAt: r.approvedAt?.toISOString() ?? null,
    frozenAt: r.frozenAt?.toISOString() ?? null,
    version: r.version,
    can: {
      edit: owner && can(actor, 'campaign:write') && r.status === 'draft',
      approve: owner && can(actor, 'campaign:approve') && r.status === 'draft' && r.createdBy !== actor.accountId,
      transition: owner && can(actor, 'campaign:write'),
      allocate: can(actor, 'campaign:write') && r.mode === 'cascade' && (r.status === 'draft' || r.status === 'approved' || r.status === 'running'),
      distribute: can(actor, 'campaign:distribute') && r.status === 'running',
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

export async function transition(db: Db, actor: Actor, id: number, input: z.infer<typeof C.TransitionInput>) {
  authorize(actor, input.action === 'approve' ? 'campaign:approve' : 'campaign:write');
  await db.transaction(async (tx) => {
    const c = await loadCampaign(tx, actor, id);
    if (!ownsCampaign(actor, c)) throw new Forbidden('只有主办单位及其上级可以改变活动状态');
    const row = (await repo.lockCampaign(tx, id))!;
    if (row.version !== input.version) throw new Conflict('活动已被他人修改，请刷新后再操作');
    const from = row.status;
    const need = { approve: 'draft', start: 'approved', end: 'running', archive: 'ended', reopen: 'approved' } as const;
    if (from !== need[input.action]) throw new Conflict(`活动当前为「${CAMPAIGN_STATUS_LABELS[from]}」，不能执行此操作`);
    const set: Partial<repo.CampaignRow> = {};
    if (input.action === 'approve') {
      if (row.createdBy !== null && row.createdBy === actor.accountId) throw new Forbidden('活动须由创建人以外的人审批（四眼原则）');
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
      Object.assign(set, { status: 'draft', approvedBy: null, approvedAt: null, frozenAt: null });
    } else {
      set.status = ({ start: 'running', end: 'ended', archive: 'archived' } as const)[input.action];
    }
    await repo.updateCampaign(tx, id, set);
    await recordAudit(tx, actor, {
      action: `campaign.${input.action}`,
      entity: 'campaign',
      entityId: id,
      orgId: row.orgId,
      summary: `慰问活动「${row.name}」：${CAMPAIGN_STATUS_LABELS[from]} → ${CAMPAIGN_STATUS_LABELS[set.status ?? from]}`,
      before: { status: from },
      after: { status: set.status },
    });
  });
  return getCampaign(db, actor, id);
}
