/** The drive's figures, rolled up the tree under the viewer, and each union's join QR poster. */
import type { Db } from '../../server/db.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import { Invalid } from '../../server/errors.ts';
import { addDays, chinaToday } from '../../shared/dates.ts';
import { findOrgInScope, scopeOfOrg } from '../orgs/index.ts';
import { MEMBER_UNION_TYPES, ORG_TYPE_LABELS } from '../orgs/orgs.contract.ts';
import * as repo from './membership.repository.ts';
import { CHANNELS, type DriveStats } from './membership.contract.ts';
import { renderJoinPoster } from './poster.pdf.ts';

const hours = (v: number | string | null) => (v === null ? null : Math.round(Number(v) * 10) / 10);

/**
 * Join applications made in the period to unions of the subtree: totals, by channel (poster QR,
 * portal, staff entry — joins staff made in the registry directly), occupation and day, the median
 * hours from submission to approval, and each union directly under the viewed one rolled up.
 */
export async function driveStats(db: Db, actor: Actor, q: { orgId?: number; from?: string | null; to?: string | null }): Promise<DriveStats> {
  authorize(actor, 'membership:read');
  const within = q.orgId ? await scopeOfOrg(db, actor, q.orgId, 'orgId') : scopeOf(actor);
  const to = q.to ?? chinaToday();
  const from = q.from ?? addDays(to, -29);
  if (from > to) throw Invalid.field('from', '开始日期不能晚于结束日期');
  const org = (await findOrgInScope(db, actor, q.orgId ?? actor.orgId))!;
  const [totals, byChannel, byOccupation, byDay, byOrg, staff] = await Promise.all([
    repo.driveTotals(db, within, from, to),
    repo.driveBy(db, within, from, to, 'channel'),
    repo.driveBy(db, within, from, to, 'occupation'),
    repo.driveBy(db, within, from, to, 'day'),
    repo.driveByChild(db, within, from, to),
    repo.staffJoins(db, within, from, to),
  ]);
  const channel = new Map(byChannel.map((r) => [r.key, r]));
  return {
    orgId: org.id,
    orgName: org.name,
    from,
    to,
    applications: totals.applications,
    approved: totals.approved,
    refused: totals.refused,
    open: totals.open,
    medianHoursToApproval: hours(totals.median),
    byChannel: CHANNELS.map((c) => {
      const r = channel.get(c);
      const extra = c === 'staff' ? staff : 0;
      return { channel: c, applications: (r?.applications ?? 0) + extra, approved: (r?.approved ?? 0) + extra };
    }),
    byOccupation: byOccupation.map((r) => ({ occupation: r.key, label: r.label ?? '未填职业', applications: r.applications, approved: r.approved })),
    byDay: byDay.map((r) => ({ day: r.key!, applications: r.applications, approved: r.approved })),
    byOrg: byOrg.map((r) => ({
      orgId: r.org_id,
      orgName: r.org_name,
      applications: r.applications,
      approved: r.approved,
      medianHoursToApproval: hours(r.median),
    })),
  };
}

/** The union's 入会二维码 poster: the QR opens the portal's join page with the union, so applications go to it. */
export async function joinPoster(db: Db, actor: Actor, orgId: number, origin: string) {
  authorize(actor, 'membership:read');
  const org = await findOrgInScope(db, actor, orgId);
  if (!(MEMBER_UNION_TYPES as readonly string[]).includes(org.type))
    throw Invalid.field('orgId', `「${org.name}」是${ORG_TYPE_LABELS[org.type]}，职工只加入基层、联合、园区或村级工会：请为其下的工会打印海报`);
  const url = `${origin}/m/join?org=${org.id}`;
  const pdf = await renderJoinPoster({ unionName: org.name, url, contactPhone: org.contactPhone ?? null, address: org.address ?? null, today: chinaToday() });
  return { pdf, fileName: `${org.name}入会二维码.pdf` };
}
