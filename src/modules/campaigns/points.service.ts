/** 发放点: where beneficiaries pick up, who is on duty there, its stock, and who is still to come. */
import type { Db, DbOrTx } from '../../server/db.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { contains, narrowTo, scopeOf, type Scope } from '../../server/scope.ts';
import { Conflict, Invalid, NotFound } from '../../server/errors.ts';
import { chinaToday, chinesePeriod } from '../../shared/dates.ts';
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

/** A point's setup; hours and closing date may be left out (open until the campaign ends). */
type PointSetup = Omit<z.infer<typeof C.PointInput>, 'hours' | 'closesOn'> & Partial<Pick<z.infer<typeof C.PointInput>, 'hours' | 'closesOn'>>;

/** A point's dates lie within the campaign's period, the opening day first. */
function checkPointDates(c: { startsOn: string; endsOn: string }, input: { opensOn: string | null; closesOn?: string | null }) {
  const period = chinesePeriod(c.startsOn, c.endsOn);
  if (input.opensOn && (input.opensOn < c.startsOn || input.opensOn > c.endsOn)) throw Invalid.field('opensOn', `开放日期须在活动期内（${period}）`);
  if (input.closesOn && (input.closesOn < c.startsOn || input.closesOn > c.endsOn)) throw Invalid.field('closesOn', `截止日期须在活动期内（${period}）`);
  if (input.opensOn && input.closesOn && input.closesOn < input.opensOn) throw Invalid.field('closesOn', '截止日期不能早于开放日期');
}

/** Accounts put on duty lie in the actor's scope (the point's org does, so anyone of that scope may serve). */
async function checkDuty(tx: DbOrTx, actor: Actor, ids: number[]) {
  const duty = await repo.accountsInScope(tx, ids, scopeOf(actor));
  if (duty.length !== new Set(ids).size) throw Invalid.field('dutyAccountIds', '值守人员须是本单位或下级单位的账号');
}

export async function createPoint(db: Db, actor: Actor, id: number, input: PointSetup) {
  authorize(actor, 'campaign:write');
  const pointId = await db.transaction(async (tx) => {
    const c = await loadCampaign(tx, actor, id);
    if (c.campaign.status === 'ended' || c.campaign.status === 'archived')
      throw new Conflict(`活动${CAMPAIGN_STATUS_LABELS[c.campaign.status]}，不能再设发放点`);
    const org = await findOrgInScope(tx, actor, input.orgId, 'orgId');
    if (!contains(reachOfCampaign(c), org.path)) throw Invalid.field('orgId', '发放点须设在主办单位或其下级单位');
    checkPointDates(c.campaign, input);
    await checkDuty(tx, actor, input.dutyAccountIds);
    const packages = await campaignRepo.findPackages(tx, id);
    for (const s of input.stock) if (!packages.some((p) => p.id === s.packageId)) throw new NotFound('慰问档次', 'stock');
    const point = await repo.insertPoint(tx, {
      campaignId: id,
      orgId: org.id,
      name: input.name,
      address: input.address,
      hours: input.hours ?? null,
      opensOn: input.opensOn,
      closesOn: input.closesOn ?? null,
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
      hours: r.point.hours,
      opensOn: r.point.opensOn,
      closesOn: r.point.closesOn,
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

/** Loads a point of a campaign the actor may change (campaign:write, not ended or archived). */
async function loadEditablePoint(tx: DbOrTx, actor: Actor, pointId: number) {
  const p = await loadPoint(tx, actor, pointId);
  const c = await loadCampaign(tx, actor, p.point.campaignId);
  if (c.campaign.status === 'ended' || c.campaign.status === 'archived')
    throw new Conflict(`活动${CAMPAIGN_STATUS_LABELS[c.campaign.status]}，发放点不能再修改`);
  return { p, c };
}

/** 修改发放点 after setup: name, place, hours, opening dates and who is on duty; audited with before and after. */
export async function updatePoint(db: Db, actor: Actor, pointId: number, input: z.infer<typeof C.UpdatePointInput>) {
  authorize(actor, 'campaign:write');
  await db.transaction(async (tx) => {
    const { p, c } = await loadEditablePoint(tx, actor, pointId);
    checkPointDates(c.campaign, input);
    await checkDuty(tx, actor, input.dutyAccountIds);
    const before = p.point;
    const after = { ...input, dutyAccountIds: [...new Set(input.dutyAccountIds)] };
    await repo.updatePoint(tx, pointId, after);
    await recordAudit(tx, actor, {
      action: 'campaign.point.update',
      entity: 'campaign_point',
      entityId: pointId,
      orgId: before.orgId,
      summary: `修改发放点「${input.name}」`,
      before: {
        name: before.name,
        address: before.address,
        hours: before.hours,
        opensOn: before.opensOn,
        closesOn: before.closesOn,
        dutyAccountIds: before.dutyAccountIds,
      },
      after,
    });
  });
  return getPoint(db, actor, pointId);
}

/**
 * 库存调拨: moves stock of a tier from this point to another point of the same campaign. Both stock
 * rows are locked in point order (as confirmations lock one of them), the source keeps at least what
 * it has issued (its check constraint holds even against a hand-out committed meanwhile), and only
 * a point that counts the tier's stock can take more of it.
 */
export async function moveStock(db: Db, actor: Actor, pointId: number, input: z.infer<typeof C.StockMoveInput>) {
  authorize(actor, 'campaign:write');
  await db.transaction(async (tx) => {
    const { p } = await loadEditablePoint(tx, actor, pointId);
    if (input.toPointId === pointId) throw Invalid.field('toPointId', '调入发放点不能是调出发放点本身');
    const to = await repo.findPoint(tx, scopeOf(actor), input.toPointId);
    if (!to || to.point.campaignId !== p.point.campaignId) throw new NotFound('本活动的调入发放点', 'toPointId');
    const rows = await repo.lockStock(tx, [pointId, input.toPointId], input.packageId);
    const from = rows.find((r) => r.point_id === pointId);
    if (!from) throw Invalid.field('packageId', `发放点「${p.point.name}」没有该档次的库存`);
    const left = from.quantity - from.issued;
    if (input.quantity > left) throw Invalid.field('quantity', `发放点「${p.point.name}」该档次尚余 ${left} 份，调拨数量不能超过 ${left}`);
    // A point without a stock row for the tier hands it out without counting: nothing to move into.
    if (!rows.some((r) => r.point_id === input.toPointId)) throw Invalid.field('toPointId', `发放点「${to.point.name}」未设该档次库存（不限量发放），无需调入`);
    await repo.takeStock(tx, pointId, input.packageId, input.quantity);
    await repo.addStock(tx, input.toPointId, input.packageId, input.quantity);
    await repo.insertStockMove(tx, {
      campaignId: p.point.campaignId,
      fromPointId: pointId,
      toPointId: input.toPointId,
      packageId: input.packageId,
      quantity: input.quantity,
      reason: input.reason,
      byAccountId: actor.accountId,
    });
    await recordAudit(tx, actor, {
      action: 'campaign.stock.move',
      entity: 'campaign_point',
      entityId: pointId,
      orgId: p.point.orgId,
      summary: `库存调拨：「${p.point.name}」→「${to.point.name}」${input.quantity} 份${input.reason ? `（${input.reason}）` : ''}`,
      before: { from: { quantity: from.quantity, issued: from.issued } },
      after: input,
    });
  });
  return listPoints(db, actor, (await loadPoint(db, actor, pointId)).point.campaignId);
}
