import type { Db, DbOrTx } from '../../server/db.ts';
import type { FieldCipher } from '../../server/crypto.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { contains, intersect, narrow, narrowTo, reachOf, scopeOf, type Scope } from '../../server/scope.ts';
import { AppError, Conflict, Forbidden, Invalid, NotFound, pgErrorOf, registerConstraintMessage } from '../../server/errors.ts';
import { chinaToday } from '../../shared/dates.ts';
import { wan, yuan, yuanWan } from '../../shared/numbers.ts';
import { parseIdNumber } from '../../shared/idcard.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgInScope, findOrgById } from '../orgs/index.ts';
import { findPersonInScope, idIndex } from '../people/index.ts';
import * as repo from './campaigns.repository.ts';
import {
  CAMPAIGN_STATUS_LABELS,
  FUND_SOURCE_LABELS,
  FUND_SOURCES,
  QR_PREFIX,
  type AllocationNode,
  type BeneficiaryRow,
  type CampaignInput,
  type CampaignView,
  type EligibilityRule,
  type LookupResult,
  type PointView,
  type ProgressNode,
  type ProgressView,
} from './campaigns.contract.ts';
import type { z } from '../../shared/contract.ts';
import type * as C from './campaigns.contract.ts';

registerConstraintMessage('campaign_beneficiaries_person_key', 'personId', '此人已在本活动的慰问名单中');
registerConstraintMessage('campaign_points_name_key', 'name', '本活动已有同名发放点');
registerConstraintMessage('campaigns_four_eyes_check', 'action', '活动须由创建人以外的人审批');
registerConstraintMessage('disbursement_lines_seq_key', 'beneficiaryId', '此人本次慰问已领取，不能重复发放');
registerConstraintMessage('campaign_allocations_budget_check', 'budgetFen', '预算不足：已下达和已发放的金额不能超过预算');

export interface CampaignDeps {
  db: Db;
  cipher: FieldCipher;
}

type Loaded = NonNullable<Awaited<ReturnType<typeof repo.findCampaign>>>;

/**
 * Whose data of a campaign an actor sees: what the actor's subtree and the organiser's have in
 * common (the deeper of the two). A campaign found by `findCampaign` always shares one.
 */
function dataScope(actor: Actor, c: Loaded): Scope {
  const scope = intersect(scopeOf(actor), reachOf({ path: c.orgPath }));
  if (!scope) throw new NotFound('慰问活动');
  return scope;
}

/** Whether the actor sits at or above the organiser (may edit, approve, run the campaign itself). */
function ownsCampaign(actor: Actor, c: Loaded): boolean {
  return contains(scopeOf(actor), c.orgPath);
}

async function loadCampaign(db: DbOrTx, actor: Actor, id: number): Promise<Loaded> {
  const c = await repo.findCampaign(db, scopeOf(actor), id);
  if (!c) throw new NotFound('慰问活动');
  return c;
}

/**
 * Scopes of the orgs the rules name, each narrowed from the organiser's reach. Each org must be in
 * the actor's scope (404 otherwise). One outside the reach is refused when `refuse` is set (saving
 * a campaign); a live preview leaves it out, so it matches nobody.
 */
async function ruleOrgScopes(db: DbOrTx, actor: Actor, reach: Scope, rules: (EligibilityRule | null)[], refuse: boolean) {
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
async function savedOrgScopes(db: DbOrTx, reach: Scope, rules: (EligibilityRule | null)[]) {
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
async function specOf(db: DbOrTx, c: repo.CampaignRow, reach: Scope): Promise<repo.EligibilitySpec> {
  const packages = await repo.findPackages(db, c.id);
  const rule = c.rule as EligibilityRule;
  return {
    campaignId: c.id,
    reach,
    rule,
    tiers: packages.map((p) => ({ id: p.id, index: p.sort, rule: p.rule as EligibilityRule | null })),
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    orgScopes: await savedOrgScopes(db, reach, [rule, ...packages.map((p) => p.rule as EligibilityRule | null)]),
  };
}

/** The organiser's subtree of a loaded campaign: the reach of its rules and allocations. */
const reachOfCampaign = (c: Loaded): Scope => reachOf({ path: c.orgPath });

// ---- Campaigns --------------------------------------------------------------------------------

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
    const counts = await repo.previewEligibility(tx, await specOf(tx, row, reachOf(org)), narrowTo(scopeOf(actor), org.path));
    const quota = counts.reduce((s, c) => s + c.persons, 0);
    await repo.insertAllocation(tx, { campaignId: row.id, orgId: org.id, parentOrgId: null, orgPath: org.path, quota, budgetFen: budget });
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
    const root = await repo.lockAllocation(tx, id, row.orgId);
    if (org.id !== row.orgId) {
      const allocations = await repo.findAllocations(tx, id);
      if (allocations.length > 1) throw Invalid.field('orgId', '已向下分配名额，不能再更换主办单位');
      throw Invalid.field('orgId', '草稿创建后不能更换主办单位，请新建活动');
    }
    const budget = input.funds.reduce((s, f) => s + f.amountFen, 0);
    if (root && budget < root.childBudgetFen) throw Invalid.field('funds', `资金合计 ¥${yuan(budget)} 少于已向下分配的预算 ¥${yuan(root.childBudgetFen)}`);
    const updated = await repo.updateCampaign(tx, id, editableFields(input));
    await repo.replaceFunds(tx, id, input.funds);
    await repo.replacePackages(tx, id, input.packages);
    await repo.updateAllocation(tx, id, row.orgId, { budgetFen: budget });
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
    funds: funds.map((x) => ({ id: x.id, source: x.source as C.CampaignView['funds'][number]['source'], amountFen: x.amountFen, note: x.note })),
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
  return { id: p.id, name: p.name, kind: p.kind, valueFen: p.valueFen, items: p.items as C.PackageView['items'], rule: p.rule, sort: p.sort };
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
      const root = await repo.lockAllocation(tx, id, row.orgId);
      if (!root || root.budgetFen <= 0) throw Invalid.field('funds', '请先登记资金来源，预算为 0 的活动不能审批');
      const n = await repo.freezeBeneficiaries(tx, { ...(await specOf(tx, row, reachOfCampaign(c))), campaignId: id }, row.maxPerPerson, row.overlapPolicy);
      if (n === 0) throw Invalid.field('rule', '按当前条件没有慰问对象，不能审批');
      await repo.refreshListCounts(tx, id);
      Object.assign(set, { status: 'approved', approvedBy: actor.accountId, approvedAt: new Date(), frozenAt: new Date() });
    } else if (input.action === 'reopen') {
      await repo.deleteBeneficiaries(tx, id);
      await repo.refreshListCounts(tx, id);
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

// ---- Targeting --------------------------------------------------------------------------------

export async function previewForInput(db: Db, actor: Actor, input: z.infer<typeof C.PreviewInput>) {
  authorize(actor, 'campaign:read');
  const org = await findOrgInScope(db, actor, input.orgId, 'orgId');
  const reach = reachOf(org);
  const spec: repo.EligibilitySpec = {
    campaignId: null,
    reach,
    rule: input.rule,
    tiers: input.packages.map((p, i) => ({ id: null, index: i, rule: p.rule })),
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    orgScopes: await ruleOrgScopes(db, actor, reach, [input.rule, ...input.packages.map((p) => p.rule)], false),
  };
  const rows = await repo.previewEligibility(db, spec, narrowTo(scopeOf(actor), org.path));
  return presentPreview(
    rows,
    input.packages.map((p, i) => ({ id: null, index: i, name: p.name, valueFen: p.valueFen })),
  );
}

function presentPreview(
  rows: { tier: number; persons: number; overlapping: number }[],
  tiers: { id: number | null; index: number; name: string; valueFen: number }[],
): z.infer<typeof C.EligibilityPreview> {
  const byPackage = tiers.map((t) => {
    const r = rows.find((x) => x.tier === t.index);
    const persons = r?.persons ?? 0;
    return { packageId: t.id, name: t.name, persons, amountFen: persons * t.valueFen };
  });
  return {
    total: byPackage.reduce((s, p) => s + p.persons, 0),
    amountFen: byPackage.reduce((s, p) => s + p.amountFen, 0),
    byPackage,
    overlapping: rows.reduce((s, r) => s + r.overlapping, 0),
  };
}

export async function campaignEligibility(db: Db, actor: Actor, id: number) {
  authorize(actor, 'campaign:read');
  const c = await loadCampaign(db, actor, id);
  const packages = await repo.findPackages(db, id);
  const tiers = packages.map((p) => ({ id: p.id, index: p.sort, name: p.name, valueFen: p.valueFen }));
  const scope = dataScope(actor, c);
  if (c.campaign.status === 'draft') return presentPreview(await repo.previewEligibility(db, await specOf(db, c.campaign, reachOfCampaign(c)), scope), tiers);
  const counts = await repo.frozenByTier(db, id, scope);
  return presentPreview(counts, tiers);
}

export async function listBeneficiaries(db: Db, actor: Actor, id: number, q: z.infer<typeof C.ListBeneficiariesQuery>) {
  authorize(actor, 'campaign:read');
  const c = await loadCampaign(db, actor, id);
  const scope = dataScope(actor, c);
  const within = q.orgId ? narrowTo(scopeOf(actor), (await findOrgInScope(db, actor, q.orgId, 'orgId')).path) : undefined;
  const offset = (q.page - 1) * q.pageSize;
  if (c.campaign.status === 'draft') {
    const spec = await specOf(db, c.campaign, reachOfCampaign(c));
    const packages = await repo.findPackages(db, id);
    const { rows, total } = await repo.listComputed(
      db,
      spec,
      scope,
      { q: q.q, within, excludedOnly: q.state === 'excluded', includedOnly: q.state === 'pending' },
      q.state === 'received' ? 0 : q.pageSize,
      offset,
    );
    const items: BeneficiaryRow[] = rows.map((r) => {
      const pk = packages.find((p) => p.sort === r.tier);
      return {
        id: null,
        personId: Number(r.person_id),
        name: r.name,
        idMasked: r.id_masked,
        orgId: r.org_id,
        orgName: r.org_name,
        occupation: r.occupation,
        packageId: pk?.id ?? null,
        packageName: pk?.name ?? null,
        amountFen: pk?.valueFen ?? 0,
        source: r.source,
        excluded: r.excluded,
        reason: r.reason,
        overlap: r.overlap,
        received: 0,
        lastReceivedAt: null,
      };
    });
    return { items, total: q.state === 'received' ? 0 : total, page: q.page, pageSize: q.pageSize, frozen: false };
  }
  const { rows, total } = await repo.listFrozen(db, id, scope, { q: q.q, within, state: q.state }, q.pageSize, offset);
  return { items: rows.map(presentFrozen), total, page: q.page, pageSize: q.pageSize, frozen: true };
}

function iso(v: Date | string | null): string | null {
  if (v === null) return null;
  return (v instanceof Date ? v : new Date(v)).toISOString();
}

function presentFrozen(r: repo.FrozenRow): BeneficiaryRow {
  return {
    id: Number(r.id),
    personId: Number(r.person_id),
    name: r.name,
    idMasked: r.id_masked,
    orgId: r.org_id,
    orgName: r.org_name,
    occupation: r.occupation,
    packageId: r.package_id,
    packageName: r.package_name,
    amountFen: Number(r.amount_fen),
    source: r.source,
    excluded: r.excluded,
    reason: r.reason,
    overlap: r.overlap,
    received: r.received,
    lastReceivedAt: iso(r.last_received_at),
  };
}

export async function snapshotDiff(db: Db, actor: Actor, id: number): Promise<z.infer<typeof C.SnapshotDiff>> {
  authorize(actor, 'campaign:read');
  const c = await loadCampaign(db, actor, id);
  if (c.campaign.status === 'draft') throw new Conflict('草稿尚未冻结名单，名单随条件实时计算');
  const spec = { ...(await specOf(db, c.campaign, reachOfCampaign(c))), campaignId: id };
  const d = await repo.snapshotDiff(db, spec, dataScope(actor, c), 200);
  const packages = await repo.findPackages(db, id);
  return {
    frozenAt: c.campaign.frozenAt?.toISOString() ?? null,
    added: d.added.map((r) => {
      const pk = packages.find((p) => p.sort === r.tier);
      return {
        id: null,
        personId: Number(r.person_id),
        name: r.name,
        idMasked: r.id_masked,
        orgId: r.org_id,
        orgName: r.org_name,
        occupation: null,
        packageId: pk?.id ?? null,
        packageName: pk?.name ?? null,
        amountFen: pk?.valueFen ?? 0,
        source: r.source,
        excluded: false,
        reason: null,
        overlap: null,
        received: 0,
        lastReceivedAt: null,
      };
    }),
    removed: d.removed.map(presentFrozen),
    addedTotal: d.addedTotal,
    removedTotal: d.removedTotal,
  };
}

/** 添加/排除 one person with a reason. Before approval it shapes the computed list; after, it changes the frozen one. */
export async function adjust(db: Db, actor: Actor, id: number, input: z.infer<typeof C.AdjustmentInput>) {
  authorize(actor, 'campaign:write');
  await db.transaction(async (tx) => {
    const c = await loadCampaign(tx, actor, id);
    const row = (await repo.lockCampaign(tx, id))!;
    if (row.status === 'ended' || row.status === 'archived') throw new Conflict(`活动${CAMPAIGN_STATUS_LABELS[row.status]}，名单不能再调整`);
    const person = await findPersonInScope(tx, actor, input.personId);
    if (!person) throw new NotFound('职工', 'personId');
    if (!contains(reachOfCampaign(c), person.orgPath)) throw Invalid.field('personId', '此人不在主办单位之下，不能列入本活动');
    const packages = await repo.findPackages(tx, id);
    if (input.packageId && !packages.some((p) => p.id === input.packageId)) throw new NotFound('慰问档次', 'packageId');
    await repo.upsertAdjustment(tx, {
      campaignId: id,
      personId: input.personId,
      kind: input.kind,
      packageId: input.packageId,
      reason: input.reason,
      byAccountId: actor.accountId,
    });
    if (row.status !== 'draft') {
      const existing = await repo.findBeneficiaryByPerson(tx, id, input.personId);
      if (input.kind === 'exclude') {
        if (!existing || existing.excluded) throw Invalid.field('personId', '此人不在慰问名单中');
        if (existing.received > 0) throw new Conflict('此人已领取，不能排除；如系误发，请在台账中冲正后再排除');
        await repo.excludeBeneficiary(tx, existing.id, input.reason);
        await repo.bumpListCount(tx, id, existing.orgId, existing.orgPath, -1);
      } else {
        if (existing && !existing.excluded) throw Invalid.field('personId', '此人已在慰问名单中');
        const pk = packages.find((p) => p.id === input.packageId) ?? packages[packages.length - 1]!;
        if (existing) {
          await repo.restoreBeneficiary(tx, existing.id, pk.id, pk.valueFen, input.reason);
        } else {
          const allocationOrgId = (await repo.nearestAllocation(tx, id, person.orgPath))!;
          await repo.insertBeneficiary(tx, {
            campaignId: id,
            personId: input.personId,
            orgId: person.orgId,
            orgPath: person.orgPath,
            allocationOrgId,
            packageId: pk.id,
            amountFen: pk.valueFen,
            source: 'manual',
            reason: input.reason,
            maxCount: row.maxPerPerson,
          });
        }
        await repo.bumpListCount(tx, id, person.orgId, person.orgPath, 1);
      }
    }
    await recordAudit(tx, actor, {
      action: `campaign.${input.kind}`,
      entity: 'campaign',
      entityId: id,
      orgId: person.orgId,
      summary: `${input.kind === 'add' ? '添加' : '排除'}慰问对象 ${person.name}：${input.reason}`,
      after: input,
    });
  });
}

// ---- Allocation -------------------------------------------------------------------------------

export async function listAllocations(db: DbOrTx, actor: Actor, id: number): Promise<AllocationNode[]> {
  authorize(actor, 'campaign:read');
  const c = await loadCampaign(db, actor, id);
  const scope = dataScope(actor, c);
  const rows = await repo.findAllocations(db, id);
  // Counts of the whole campaign: an allocation above the actor shows its full list.
  const counts = await repo.listCountsByOrg(db, id, reachOfCampaign(c));
  const writable = can(actor, 'campaign:write') && c.campaign.mode === 'cascade' && !['ended', 'archived'].includes(c.campaign.status);
  return rows
    .filter((r) => contains(scope, r.a.orgPath) || scope.path.startsWith(r.a.orgPath))
    .map((r) => ({
      orgId: r.a.orgId,
      parentOrgId: r.a.parentOrgId,
      orgName: r.orgName,
      orgPath: r.a.orgPath,
      quota: r.a.quota,
      budgetFen: r.a.budgetFen,
      childQuota: r.a.childQuota,
      childBudgetFen: r.a.childBudgetFen,
      spentFen: r.a.spentFen,
      beneficiaries: counts.filter((x) => x.org_path.startsWith(r.a.orgPath)).reduce((s, x) => s + x.beneficiaries, 0),
      // The actor may change allocations made by an org in their subtree (and the root, if they own it).
      editable:
        writable &&
        (r.a.parentOrgId === null ? ownsCampaign(actor, c) : rows.some((p) => p.a.orgId === r.a.parentOrgId && contains(scopeOf(actor), p.a.orgPath))),
    }));
}

/** 下达 (or change) the quota and budget of one org; the parent is the nearest allocated ancestor. */
export async function setAllocation(db: Db, actor: Actor, id: number, input: z.infer<typeof C.AllocationInput>) {
  authorize(actor, 'campaign:write');
  await db.transaction(async (tx) => {
    const c = await loadCampaign(tx, actor, id);
    const row = (await repo.lockCampaign(tx, id))!;
    if (row.status === 'ended' || row.status === 'archived') throw new Conflict(`活动${CAMPAIGN_STATUS_LABELS[row.status]}，不能再分配`);
    const org = await findOrgById(tx, input.orgId);
    // Any org of the organiser's subtree may receive an allocation, even outside the actor's own
    // scope: what decides is whether the actor may change the parent allocation (below).
    const within = org && narrow(reachOfCampaign(c), org.path);
    if (!org || !within) throw new NotFound('下达单位', 'orgId');
    if (org.id === row.orgId) {
      if (!ownsCampaign(actor, c)) throw new NotFound('下达单位', 'orgId');
      const root = (await repo.lockAllocation(tx, id, org.id))!;
      const funds = (await repo.findFunds(tx, id)).reduce((s, f) => s + f.amountFen, 0);
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

// ---- Points -----------------------------------------------------------------------------------

export async function createPoint(db: Db, actor: Actor, id: number, input: z.infer<typeof C.PointInput>) {
  authorize(actor, 'campaign:write');
  const pointId = await db.transaction(async (tx) => {
    const c = await loadCampaign(tx, actor, id);
    if (c.campaign.status === 'ended' || c.campaign.status === 'archived')
      throw new Conflict(`活动${CAMPAIGN_STATUS_LABELS[c.campaign.status]}，不能再设发放点`);
    const org = await findOrgInScope(tx, actor, input.orgId, 'orgId');
    if (!contains(reachOfCampaign(c), org.path)) throw Invalid.field('orgId', '发放点须设在主办单位或其下级单位');
    // The point's org lies in the actor's scope, so anyone of that scope may be put on duty.
    const duty = await repo.accountsInScope(tx, input.dutyAccountIds, scopeOf(actor));
    if (duty.length !== new Set(input.dutyAccountIds).size) throw Invalid.field('dutyAccountIds', '值守人员须是本单位或下级单位的账号');
    const packages = await repo.findPackages(tx, id);
    for (const s of input.stock) if (!packages.some((p) => p.id === s.packageId)) throw new NotFound('慰问档次', 'stock');
    const point = await repo.insertPoint(tx, {
      campaignId: id,
      orgId: org.id,
      name: input.name,
      address: input.address,
      opensOn: input.opensOn,
      dutyAccountIds: [...new Set(input.dutyAccountIds)],
    });
    await repo.insertStock(
      tx,
      input.stock.map((s) => ({ pointId: point.id, packageId: s.packageId, quantity: s.quantity })),
    );
    await recordAudit(tx, actor, {
      action: 'campaign.point',
      entity: 'campaign_point',
      entityId: point.id,
      orgId: org.id,
      summary: `设立发放点「${input.name}」`,
      after: input,
    });
    return point.id;
  });
  return getPoint(db, actor, pointId);
}

async function presentPoints(db: DbOrTx, rows: Awaited<ReturnType<typeof repo.listPoints>>): Promise<PointView[]> {
  const today = chinaToday();
  const d = await repo.pointDetails(
    db,
    rows.map((r) => r.point.id),
    today,
  );
  return rows.map((r) => {
    const issued = d.issued.find((x) => x.point_id === r.point.id);
    return {
      id: r.point.id,
      campaignId: r.point.campaignId,
      campaignName: r.campaignName,
      campaignStatus: r.campaignStatus,
      name: r.point.name,
      orgId: r.point.orgId,
      orgName: r.orgName,
      address: r.point.address,
      opensOn: r.point.opensOn,
      duty: d.duty.filter((x) => x.point_id === r.point.id).map((x) => ({ accountId: x.account_id, name: x.name })),
      stock: d.stock
        .filter((x) => x.point_id === r.point.id)
        .map((x) => ({ packageId: x.package_id, packageName: x.package_name, quantity: x.quantity, issued: x.issued })),
      issuedToday: issued?.today ?? 0,
      issued: issued?.total ?? 0,
    };
  });
}

export async function listPoints(db: Db, actor: Actor, id: number) {
  authorize(actor, 'campaign:read');
  const c = await loadCampaign(db, actor, id);
  return presentPoints(db, await repo.listPoints(db, repo.pointsOfCampaign(id, dataScope(actor, c))));
}

/** Volunteers (who only distribute) see the points they are on duty at; staff, all of their subtree's. */
function dutyOnly(actor: Actor) {
  return !can(actor, 'campaign:write');
}

export async function myPoints(db: Db, actor: Actor) {
  authorize(actor, 'campaign:distribute');
  return presentPoints(db, await repo.listPoints(db, repo.pointsForAccount(actor.accountId ?? 0, scopeOf(actor), dutyOnly(actor))));
}

/** The subtree a point serves (its org's), found in the actor's scope. */
function pointScope(actor: Actor, p: { orgPath: string }): Scope {
  return narrowTo(scopeOf(actor), p.orgPath);
}

async function loadPoint(db: DbOrTx, actor: Actor, pointId: number) {
  const p = await repo.findPoint(db, scopeOf(actor), pointId);
  if (!p || (dutyOnly(actor) && !p.point.dutyAccountIds.includes(actor.accountId ?? -1))) throw new NotFound('发放点');
  return p;
}

export async function getPoint(db: Db, actor: Actor, pointId: number): Promise<PointView> {
  if (!can(actor, 'campaign:read')) authorize(actor, 'campaign:distribute');
  const p = await loadPoint(db, actor, pointId);
  return (await presentPoints(db, [p]))[0]!;
}

/** The point's people still to receive, for entering a signed paper sheet (volunteers on duty too). */
export async function pointPending(db: Db, actor: Actor, pointId: number, q: { q?: string; page: number; pageSize: number }) {
  authorize(actor, 'campaign:distribute');
  const p = await loadPoint(db, actor, pointId);
  const { rows, total } = await repo.listFrozen(
    db,
    p.point.campaignId,
    pointScope(actor, p),
    { q: q.q, state: 'pending' },
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  return { items: rows.map(presentFrozen), total, page: q.page, pageSize: q.pageSize, frozen: true };
}

// ---- QR codes and lookup ----------------------------------------------------------------------

/** The code on a pick-up card: beneficiary number and a keyed tag; it names nobody and cannot be guessed. */
export function qrCodeFor(cipher: FieldCipher, beneficiaryId: number): string {
  const n = beneficiaryId.toString(36).toUpperCase();
  return `${QR_PREFIX}-${n}-${cipher.tag('campaign-card', n)}`;
}

export function beneficiaryOfCode(cipher: FieldCipher, code: string): number | null {
  const m = /^NJ1-([0-9A-Z]{1,12})-([A-Za-z0-9_-]{16})$/.exec(code.trim());
  if (!m || cipher.tag('campaign-card', m[1]!) !== m[2]) return null;
  return parseInt(m[1]!, 36);
}

export async function beneficiaryCode(deps: CampaignDeps, actor: Actor, id: number, beneficiaryId: number) {
  authorize(actor, 'campaign:export');
  const c = await loadCampaign(deps.db, actor, id);
  const b = await repo.findBeneficiaryInScope(deps.db, id, beneficiaryId, dataScope(actor, c));
  if (!b) throw new NotFound('慰问对象');
  return { code: qrCodeFor(deps.cipher, b.id) };
}

export async function lookup(deps: CampaignDeps, actor: Actor, pointId: number, code: string): Promise<LookupResult> {
  authorize(actor, 'campaign:distribute');
  const { db, cipher } = deps;
  const p = await loadPoint(db, actor, pointId);
  let where;
  const trimmed = code.trim().toUpperCase();
  if (trimmed.startsWith(`${QR_PREFIX}-`)) {
    const bid = beneficiaryOfCode(cipher, code);
    if (bid === null) throw Invalid.field('code', '二维码无效：不是本系统签发的领取码，或已被篡改');
    where = repo.byBeneficiaryId(bid);
  } else {
    const parsed = parseIdNumber(trimmed, chinaToday());
    if (!parsed.ok) throw Invalid.field('code', `证件号码有误：${parsed.message}`);
    where = repo.byIdIndex(parsed.type, idIndex(cipher, parsed.number));
  }
  const b = await repo.findBeneficiaryForPoint(db, p.point.campaignId, pointScope(actor, p), where);
  if (!b) throw new NotFound('本发放点的慰问名单中没有此人；慰问对象');
  const last = b.received > 0 ? await repo.lastIssue(db, Number(b.id)) : undefined;
  const warnings: string[] = [];
  if (b.excluded) warnings.push(`已排除：${b.reason ?? ''}`);
  if (b.overlap) warnings.push(`本期已在「${b.overlap}」中列为慰问对象`);
  if (p.campaignStatus !== 'running') warnings.push(`活动${CAMPAIGN_STATUS_LABELS[p.campaignStatus]}，暂不能发放`);
  if (last && b.received >= b.max_count) warnings.push(alreadyReceived(b.name, last.at, last.point_name ?? '签领表录入', last.handler ?? '—').message);
  const today = chinaToday();
  return {
    beneficiaryId: Number(b.id),
    name: b.name,
    idMasked: b.id_masked,
    sex: b.sex,
    age: ageOn(b.birth_date, today),
    orgName: b.org_name,
    employerName: b.employer_name,
    packageName: b.package_name,
    packageKind: b.package_kind,
    items: b.items,
    amountFen: Number(b.amount_fen),
    received: b.received,
    maxPerPerson: b.max_count,
    lastReceived: last ? { at: iso(last.at)!, pointName: last.point_name ?? '签领表录入', handler: last.handler ?? '—' } : null,
    checks: [
      `请本人说出出生日期（应为 ${b.birth_date.slice(0, 4)}年${Number(b.birth_date.slice(5, 7))}月${Number(b.birth_date.slice(8, 10))}日）`,
      `请核对身份证末四位（应为 ${b.id_masked.slice(-4)}）`,
      `请确认工作单位：${b.employer_name ?? b.org_name}`,
    ],
    warnings,
  };
}

function ageOn(birthDate: string, day: string) {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

function chinaTime(v: Date | string) {
  const d = new Date((v instanceof Date ? v : new Date(v)).getTime() + 8 * 3600_000);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

// ---- Confirmation -----------------------------------------------------------------------------

/** Words for the refusals the confirm function raises (SQLSTATE NJ4xx, message = tag). */
function refusal(err: unknown): AppError | undefined {
  const pg = pgErrorOf(err);
  if (!pg?.code?.startsWith('NJ')) return undefined;
  const tag = pg.message ?? '';
  if (pg.code === 'NJ404') return new NotFound(tag === 'point' ? '发放点' : '慰问对象');
  if (pg.code === 'NJ403') return new Forbidden('您不在此发放点的值守名单中');
  if (pg.code === 'NJ400') return Invalid.field('idempotencyKey', '幂等键已用于另一人的发放，请重新扫码');
  if (tag.startsWith('status:')) return new Conflict(`活动${CAMPAIGN_STATUS_LABELS[tag.slice(7) as keyof typeof CAMPAIGN_STATUS_LABELS] ?? ''}，暂不能发放`);
  if (tag === 'excluded') return new Conflict('此人已从慰问名单中排除，不能发放');
  if (tag === 'stock') return new Conflict('本发放点该档次慰问品已发完，请补充库存或到其他发放点领取');
  if (tag === 'budget') return new Conflict('本单位分配的预算已用完，不能再发放；请联系上级追加预算');
  return undefined;
}

/** Said when the person already has their hand-out (another phone, another point, a paper sheet). */
function alreadyReceived(name: string, at: Date | string, point: string, handler: string) {
  return new Conflict(`${name}已于${chinaTime(at)}在「${point}」领取（经办人 ${handler}），不能重复发放`);
}

export async function confirm(db: Db, actor: Actor, pointId: number, input: z.infer<typeof C.ConfirmInput>, day = chinaToday()) {
  authorize(actor, 'campaign:distribute');
  try {
    const r = await repo.confirm(db, {
      pointId,
      beneficiaryId: input.beneficiaryId,
      key: `scan:${input.idempotencyKey}`,
      accountId: actor.accountId,
      scope: scopeOf(actor),
      dutyOnly: dutyOnly(actor),
      day,
    });
    if (r.already_point !== null) throw alreadyReceived(r.person_name, r.at, r.already_point, r.already_handler ?? '—');
    return {
      lineId: Number(r.line_id),
      created: r.created,
      name: r.person_name,
      packageName: r.package_name,
      amountFen: Number(r.amount_fen),
      at: iso(r.at)!,
      handler: actor.displayName ?? actor.username,
    };
  } catch (err) {
    throw refusal(err) ?? err;
  }
}

/** Signed paper sheets entered afterwards: all rows or none (people already served are skipped). */
export async function bulkConfirm(db: Db, actor: Actor, pointId: number, input: z.infer<typeof C.BulkConfirmInput>) {
  authorize(actor, 'campaign:distribute');
  if (input.signedOn > chinaToday()) throw Invalid.field('signedOn', '签领日期不能晚于今天');
  const p = await loadPoint(db, actor, pointId);
  let created = 0;
  let already = 0;
  const refused: { beneficiaryId: number; message: string }[] = [];
  await db.transaction(async (tx) => {
    for (const bid of [...new Set(input.beneficiaryIds)]) {
      try {
        const r = await tx.transaction(async (sp) =>
          repo.confirm(sp, {
            pointId,
            beneficiaryId: bid,
            key: `sheet:${input.batchKey}:${bid}`,
            accountId: actor.accountId,
            scope: scopeOf(actor),
            dutyOnly: dutyOnly(actor),
            day: input.signedOn,
          }),
        );
        if (r.created) created++;
        else already++;
      } catch (err) {
        const e = refusal(err);
        if (!e) throw err;
        refused.push({ beneficiaryId: bid, message: e.message });
      }
    }
    if (refused.length)
      throw new Invalid(
        `${refused.length} 人不能录入，整批未保存：${refused
          .slice(0, 3)
          .map((r) => r.message)
          .join('；')}`,
        [{ field: 'beneficiaryIds', message: `${refused.length} 人不能录入` }],
      );
    await recordAudit(tx, actor, {
      action: 'campaign.sheet',
      entity: 'campaign_point',
      entityId: pointId,
      orgId: p.point.orgId,
      summary: `录入签领表：新增 ${created} 人，已领取 ${already} 人`,
      after: { batchKey: input.batchKey, signedOn: input.signedOn, count: input.beneficiaryIds.length },
    });
  });
  return { created, already, refused };
}

export async function reverse(db: Db, actor: Actor, id: number, input: z.infer<typeof C.ReverseInput>) {
  authorize(actor, 'campaign:write');
  await db.transaction(async (tx) => {
    const c = await loadCampaign(tx, actor, id);
    const row = (await repo.lockCampaign(tx, id))!;
    if (row.status === 'archived') throw new Conflict('活动已归档，台账不能再冲正');
    const line = await repo.findLineInCampaign(tx, id, input.lineId, dataScope(actor, c));
    if (!line) throw new NotFound('发放记录', 'lineId');
    if (line.kind !== 'issue') throw Invalid.field('lineId', '冲正记录不能再冲正');
    if (await repo.isReversed(tx, line.id)) throw new Conflict('这条发放记录已冲正过');
    const rev = await repo.reverseLine(tx, line, { reason: input.reason, accountId: actor.accountId, day: chinaToday(), key: `reverse:${line.id}` });
    await recordAudit(tx, actor, {
      action: 'campaign.reverse',
      entity: 'disbursement_line',
      entityId: rev.id,
      orgId: line.orgId,
      summary: `冲正发放记录 #${line.id}（¥${yuan(line.amountFen)}）：${input.reason}`,
      before: { lineId: line.id, amountFen: line.amountFen },
      after: { reversalId: rev.id },
    });
  });
}

// ---- Ledger -----------------------------------------------------------------------------------

export async function ledger(db: Db, actor: Actor, id: number, q: z.infer<typeof C.ListLedgerQuery>) {
  authorize(actor, 'campaign:read');
  const c = await loadCampaign(db, actor, id);
  const within = q.orgId ? narrowTo(scopeOf(actor), (await findOrgInScope(db, actor, q.orgId, 'orgId')).path) : undefined;
  const { rows, total } = await repo.listLedger(db, id, dataScope(actor, c), { q: q.q, pointId: q.pointId, within }, q.pageSize, (q.page - 1) * q.pageSize);
  return { items: rows.map(presentLedger), total, page: q.page, pageSize: q.pageSize };
}

export function presentLedger(r: repo.LedgerDbRow) {
  return {
    lineId: Number(r.id),
    kind: r.kind,
    name: r.name,
    idMasked: r.id_masked,
    orgName: r.org_name,
    packageName: r.package_name,
    amountFen: Number(r.amount_fen),
    on: String(r.on).slice(0, 10),
    at: iso(r.at)!,
    pointName: r.point_name,
    handler: r.handler,
    reason: r.reason,
    reversed: r.reversed,
  };
}

export async function ledgerForExport(db: Db, actor: Actor, id: number, limit: number) {
  authorize(actor, 'campaign:export');
  const c = await loadCampaign(db, actor, id);
  const { rows } = await repo.listLedger(db, id, dataScope(actor, c), {}, limit, 0);
  return { campaign: c, rows: rows.map(presentLedger) };
}

// ---- Progress and briefing --------------------------------------------------------------------

/**
 * The whole tree's progress of one campaign from the pre-aggregated counters: each org's own
 * counters, summed up its ancestors in memory (a few hundred rows, not the ledger).
 */
export async function progress(db: DbOrTx, actor: Actor, id: number): Promise<ProgressView> {
  authorize(actor, 'campaign:read');
  const c = await loadCampaign(db, actor, id);
  const scope = dataScope(actor, c);
  const [own, lists, allocations, byDay, stock] = [
    await repo.progressByOrg(db, id, scope),
    await repo.listCountsByOrg(db, id, scope),
    await repo.findAllocations(db, id),
    await repo.progressByDay(db, id, scope),
    await repo.stockOfCampaign(db, id, scope),
  ];
  const paths = new Set<string>();
  const add = (path: string) => {
    for (const p of ancestry(path, scope.path)) paths.add(p);
  };
  for (const r of own) add(r.org_path);
  for (const r of lists) add(r.org_path);
  for (const a of allocations) if (contains(scope, a.a.orgPath)) add(a.a.orgPath);
  paths.add(scope.path);
  const orgRows = await repo.orgsByPaths(db, [...paths]);
  const nodes = new Map<string, ProgressNode>();
  const rootDepth = scope.path.split('/').length;
  for (const o of orgRows) {
    nodes.set(o.path, {
      orgId: o.id,
      parentOrgId: o.path === scope.path ? null : o.parent_id,
      orgName: o.name,
      depth: o.path.split('/').length - rootDepth,
      quota: null,
      budgetFen: null,
      beneficiaries: 0,
      persons: 0,
      personTimes: 0,
      amountFen: 0,
    });
  }
  const up = (path: string, f: (n: ProgressNode) => void) => {
    for (const p of ancestry(path, scope.path)) {
      const n = nodes.get(p);
      if (n) f(n);
    }
  };
  for (const r of own) up(r.org_path, (n) => ((n.persons += r.persons), (n.personTimes += r.person_times), (n.amountFen += Number(r.amount_fen))));
  for (const r of lists) up(r.org_path, (n) => (n.beneficiaries += r.beneficiaries));
  for (const a of allocations) {
    const n = nodes.get(a.a.orgPath);
    if (!n) continue;
    n.quota = a.a.quota;
    n.budgetFen = a.a.budgetFen;
  }
  const list = [...nodes.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, n]) => n);
  return {
    campaignId: id,
    total: nodes.get(scope.path)!,
    nodes: list,
    byDay: byDay.map((d) => ({ day: d.day, persons: d.persons, personTimes: d.person_times, amountFen: Number(d.amount_fen) })),
    stock: stock.map((s) => ({ pointId: s.point_id, pointName: s.point_name, packageName: s.package_name, quantity: s.quantity, issued: s.issued })),
  };
}

/** "约" when 万/亿 formatting rounded the number ("约940万元"), as the articles write it. */
function roundedMark(n: number): string {
  const shown = wan(n);
  const unit = shown.endsWith('亿') ? 1e8 : shown.endsWith('万') ? 1e4 : 0;
  return unit && Math.abs(Number(shown.slice(0, -1)) * unit - n) > 1e-6 ? '约' : '';
}

/** The paths from `root` down to `path` (itself included): /1/2/ under /1/ → /1/, /1/2/. */
export function ancestry(path: string, root: string): string[] {
  const out: string[] = [];
  for (let i = root.length; i > 0 && i <= path.length; i = path.indexOf('/', i) + 1) out.push(path.slice(0, i));
  return out;
}

// ---- Briefing ---------------------------------------------------------------------------------

/**
 * 简报: one paragraph in the style of the union's news items, every figure computed from the
 * records and linked to the page that lists them.
 */
export async function briefing(db: Db, actor: Actor, id: number): Promise<z.infer<typeof C.Briefing>> {
  const p = await progress(db, actor, id);
  const c = await loadCampaign(db, actor, id);
  const scope = dataScope(actor, c);
  const whole = scope.path === c.orgPath;
  const funds = (await repo.fundsBySource(db, id)).sort((a, b) => FUND_SOURCES.indexOf(a.source as never) - FUND_SOURCES.indexOf(b.source as never));
  const fundsTotal = funds.reduce((s, f) => s + Number(f.amountFen), 0);
  const reached = await repo.countOrgsReached(db, id, scope);
  const base = `/campaigns/${id}`;
  const figures: z.infer<typeof C.BriefingFigure>[] = [];
  const fig = (key: string, text: string, tab: string) => {
    figures.push({ key, text, href: `${base}?tab=${tab}` });
    return text;
  };
  const money = (fen: number) => `${roundedMark(fen / 100)}${yuanWan(fen)}`;
  const count = (n: number, unit: string) => `${roundedMark(n)}${wan(n)}${unit}`;
  const t = p.total;
  const theme = c.campaign.theme ? `以“${c.campaign.theme}”为主题，` : '';
  const who = whole ? `${c.orgName}开展「${c.campaign.name}」${theme}` : `在「${c.campaign.name}」中，${t.orgName}`;
  const parts: string[] = [];
  if (whole && fundsTotal > 0) {
    const bySource = funds
      .filter((f) => Number(f.amountFen) > 0)
      .map((f) => `${FUND_SOURCE_LABELS[f.source as keyof typeof FUND_SOURCE_LABELS] ?? f.source}${yuanWan(Number(f.amountFen))}`);
    parts.push(`各级工会累计筹措${fig('funds', money(fundsTotal), 'overview')}专项资金${bySource.length > 1 ? `（其中${bySource.join('、')}）` : ''}`);
  } else if (t.budgetFen) {
    parts.push(`获分配预算${fig('budget', money(t.budgetFen), 'allocation')}`);
  }
  parts.push(`确定慰问对象${fig('beneficiaries', count(t.beneficiaries, '人'), 'beneficiaries')}`);
  const done =
    t.personTimes > 0
      ? `已将温暖送达${fig('persons', count(t.persons, '名'), 'ledger')}职工，发放${fig('personTimes', count(t.personTimes, '人次'), 'ledger')}、金额${fig('amount', money(t.amountFen), 'ledger')}，覆盖${fig('orgs', `${reached}个`, 'progress')}单位`
      : '发放尚未开始';
  const rate =
    t.beneficiaries > 0 && t.personTimes > 0 ? `，完成率${fig('rate', `${Math.round((t.persons / t.beneficiaries) * 1000) / 10}%`, 'progress')}` : '';
  const today = chinaToday();
  const asOf = `截至${Number(today.slice(0, 4))}年${Number(today.slice(5, 7))}月${Number(today.slice(8, 10))}日`;
  return { text: `${who}${parts.join('，')}；${asOf}，${done}${rate}。`, figures };
}

// ---- Printing ---------------------------------------------------------------------------------

/** Who gets a pick-up card: the list of the actor's part (or one org's subtree), pending only by default. */
export async function printList(db: Db, actor: Actor, id: number, orgId: number | undefined, pendingOnly: boolean, limit: number) {
  authorize(actor, 'campaign:export');
  const c = await loadCampaign(db, actor, id);
  if (c.campaign.status === 'draft') throw new Conflict('名单审批冻结后才能打印领取卡');
  const org = orgId ? await findOrgInScope(db, actor, orgId, 'orgId') : undefined;
  const data = dataScope(actor, c);
  const within = (org && narrow(data, org.path)) ?? data;
  const rows = await repo.beneficiariesForPrint(db, id, within, pendingOnly, limit + 1);
  if (rows.length > limit) throw Invalid.field('orgId', `一次最多打印 ${limit} 张，请选择下级单位分批打印`);
  return { campaign: c.campaign, orgName: org?.name ?? c.orgName, rows };
}

/** The sign-off sheet of a point: its subtree's beneficiaries who have not received yet. */
export async function signoffList(db: Db, actor: Actor, pointId: number, limit: number) {
  const view = await getPoint(db, actor, pointId);
  const p = (await repo.findPoint(db, scopeOf(actor), pointId))!;
  const rows = await repo.beneficiariesForPrint(db, view.campaignId, pointScope(actor, p), true, limit + 1);
  if (rows.length > limit) throw new Invalid(`签领表超过 ${limit} 人，请按下级单位分设发放点`);
  return { view, rows };
}
