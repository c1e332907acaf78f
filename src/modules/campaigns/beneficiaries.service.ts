/**
 * 慰问对象: the count and list the rule finds while a campaign is a draft, the list frozen at
 * approval, its comparison with a re-run of the rule, and people added or excluded by hand.
 */
import type { Db } from '../../server/db.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { contains, narrowTo, reachOf, scopeOf } from '../../server/scope.ts';
import { Conflict, Invalid, NotFound } from '../../server/errors.ts';
import type { z } from '../../shared/contract.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgInScope } from '../orgs/index.ts';
import { findPersonInScope } from '../people/index.ts';
import { CAMPAIGN_STATUS_LABELS, LIVE_LIST_STATUSES, type BeneficiaryRow } from './campaigns.contract.ts';
import type * as C from './campaigns.contract.ts';
import * as eligibilityRepo from './eligibility.repository.ts';
import * as campaignRepo from './campaigns.repository.ts';
import * as repo from './beneficiaries.repository.ts';
import * as allocationRepo from './allocations.repository.ts';
import { dataScope, iso, loadCampaign, reachOfCampaign, ruleOrgScopes, specOf } from './campaign-access.ts';

export async function previewForInput(db: Db, actor: Actor, input: z.infer<typeof C.PreviewInput>) {
  authorize(actor, 'campaign:read');
  const org = await findOrgInScope(db, actor, input.orgId, 'orgId');
  const reach = reachOf(org);
  const spec: eligibilityRepo.EligibilitySpec = {
    campaignId: null,
    reach,
    rule: input.rule,
    tiers: input.packages.map((p, i) => ({ id: null, index: i, rule: p.rule })),
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    orgScopes: await ruleOrgScopes(db, actor, reach, [input.rule, ...input.packages.map((p) => p.rule)], false),
  };
  const rows = await eligibilityRepo.previewEligibility(db, spec, narrowTo(scopeOf(actor), org.path));
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
  const packages = await campaignRepo.findPackages(db, id);
  const tiers = packages.map((p) => ({ id: p.id, index: p.sort, name: p.name, valueFen: p.valueFen }));
  const scope = dataScope(actor, c);
  if (LIVE_LIST_STATUSES.includes(c.campaign.status))
    return presentPreview(await eligibilityRepo.previewEligibility(db, await specOf(db, c.campaign, reachOfCampaign(c)), scope), tiers);
  const counts = await repo.frozenByTier(db, id, scope);
  return presentPreview(counts, tiers);
}

export async function listBeneficiaries(db: Db, actor: Actor, id: number, q: z.infer<typeof C.ListBeneficiariesQuery>) {
  authorize(actor, 'campaign:read');
  const c = await loadCampaign(db, actor, id);
  const scope = dataScope(actor, c);
  const within = q.orgId ? narrowTo(scopeOf(actor), (await findOrgInScope(db, actor, q.orgId, 'orgId')).path) : undefined;
  const offset = (q.page - 1) * q.pageSize;
  if (LIVE_LIST_STATUSES.includes(c.campaign.status)) {
    const spec = await specOf(db, c.campaign, reachOfCampaign(c));
    const packages = await campaignRepo.findPackages(db, id);
    const { rows, total } = await eligibilityRepo.listComputed(
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

export function presentFrozen(r: repo.FrozenRow): BeneficiaryRow {
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
  if (LIVE_LIST_STATUSES.includes(c.campaign.status)) throw new Conflict('审批前尚未冻结名单，名单随条件实时计算');
  const spec = { ...(await specOf(db, c.campaign, reachOfCampaign(c))), campaignId: id };
  const d = await eligibilityRepo.snapshotDiff(db, spec, dataScope(actor, c), 200);
  const packages = await campaignRepo.findPackages(db, id);
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
    const row = (await campaignRepo.lockCampaign(tx, id))!;
    if (row.status === 'ended' || row.status === 'archived') throw new Conflict(`活动${CAMPAIGN_STATUS_LABELS[row.status]}，名单不能再调整`);
    const person = await findPersonInScope(tx, actor, input.personId);
    if (!person) throw new NotFound('职工', 'personId');
    if (!contains(reachOfCampaign(c), person.orgPath)) throw Invalid.field('personId', '此人不在主办单位之下，不能列入本活动');
    const packages = await campaignRepo.findPackages(tx, id);
    if (input.packageId && !packages.some((p) => p.id === input.packageId)) throw new NotFound('慰问档次', 'packageId');
    await repo.upsertAdjustment(tx, {
      campaignId: id,
      personId: input.personId,
      kind: input.kind,
      packageId: input.packageId,
      reason: input.reason,
      byAccountId: actor.accountId,
    });
    if (!LIVE_LIST_STATUSES.includes(row.status)) {
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
          const allocationOrgId = (await allocationRepo.nearestAllocation(tx, id, person.orgPath))!;
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
