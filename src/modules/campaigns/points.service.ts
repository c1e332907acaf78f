/** 发放点: where beneficiaries pick up, who is on duty there, its stock, and who is still to come. */
import type { Db, DbOrTx } from '../../server/db.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { contains, narrowTo, scopeOf, type Scope } from '../../server/scope.ts';
import { Conflict, Invalid, NotFound } from '../../server/errors.ts';
import { chinaToday } from '../../shared/dates.ts';
import type { z } from '../../shared/contract.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgInScope } from '../orgs/index.ts';
import { CAMPAIGN_STATUS_LABELS, type PointView } from './campaigns.contract.ts';
import type * as C from './campaigns.contract.ts';
import * as repo from './points.repository.ts';
import * as campaignRepo from './campaigns.repository.ts';
import * as beneficiaryRepo from './beneficiaries.repository.ts';
import { dataScope, loadCampaign, reachOfCampaign } from './campaign-access.ts';
import { presentFrozen } from './beneficiaries.service.ts';

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
    const packages = await campaignRepo.findPackages(tx, id);
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
export function dutyOnly(actor: Actor) {
  return !can(actor, 'campaign:write');
}

export async function myPoints(db: Db, actor: Actor) {
  authorize(actor, 'campaign:distribute');
  return presentPoints(db, await repo.listPoints(db, repo.pointsForAccount(actor.accountId ?? 0, scopeOf(actor), dutyOnly(actor))));
}

/** The subtree a point serves (its org's), found in the actor's scope. */
export function pointScope(actor: Actor, p: { orgPath: string }): Scope {
  return narrowTo(scopeOf(actor), p.orgPath);
}

export async function loadPoint(db: DbOrTx, actor: Actor, pointId: number) {
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
  const { rows, total } = await beneficiaryRepo.listFrozen(
    db,
    p.point.campaignId,
    pointScope(actor, p),
    { q: q.q, state: 'pending' },
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  return { items: rows.map(presentFrozen), total, page: q.page, pageSize: q.pageSize, frozen: true };
}
