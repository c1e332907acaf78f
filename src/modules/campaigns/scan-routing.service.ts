/**
 * Where a phone and a person should go: the points an account is on duty at (and which of them
 * hand out today, for landing a volunteer on the scan page), and, for a card of the campaign
 * whose holder another point serves, the points to send them to.
 */
import type { Db } from '../../server/db.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import { chinaToday } from '../../shared/dates.ts';
import type { DutyView, LookupElsewhere } from './campaigns.contract.ts';
import * as repo from './scan-routing.repository.ts';
import * as distributionRepo from './distribution.repository.ts';

/** The account's own duties (never a subtree's points, whatever its role), today's first. */
export async function myDuties(db: Db, actor: Actor, today = chinaToday()): Promise<DutyView[]> {
  authorize(actor, 'campaign:distribute');
  const rows = await repo.dutiesOf(db, actor.accountId ?? 0, scopeOf(actor));
  const duties = rows.map((r) => ({
    pointId: r.point_id,
    pointName: r.point_name,
    address: r.address,
    hours: r.hours,
    opensOn: r.opens_on,
    closesOn: r.closes_on,
    campaignId: r.campaign_id,
    campaignName: r.campaign_name,
    campaignStatus: r.status,
    // Hands out today: the campaign is running, within its period, and the point is open.
    today:
      r.status === 'running' &&
      r.starts_on <= today &&
      today <= r.ends_on &&
      (r.opens_on === null || r.opens_on <= today) &&
      (r.closes_on === null || today <= r.closes_on),
  }));
  return [...duties.filter((d) => d.today), ...duties.filter((d) => !d.today)];
}

/**
 * A card of the point's campaign that the point does not serve: the points that do. Who the holder
 * is comes only through the volunteer's own scope (another county's worker stays unnamed).
 * Undefined when the card is not of this campaign.
 */
export async function whereToGo(db: Db, actor: Actor, campaignId: number, beneficiaryId: number): Promise<LookupElsewhere | undefined> {
  const points = await repo.pointsServingBeneficiary(db, campaignId, beneficiaryId);
  if (!points) return undefined;
  const own = await distributionRepo.findBeneficiaryForPoint(db, campaignId, scopeOf(actor), distributionRepo.byBeneficiaryId(beneficiaryId));
  return {
    kind: 'elsewhere',
    person: own ? { name: own.name, idMasked: own.id_masked, orgName: own.org_name } : null,
    points: points.map((p) => ({
      id: p.id,
      name: p.name,
      orgName: p.org_name,
      address: p.address,
      hours: p.hours,
      opensOn: p.opens_on,
      closesOn: p.closes_on,
    })),
  };
}
