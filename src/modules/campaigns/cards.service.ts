/** 领取卡: one card per beneficiary of a union's subtree, in the list's order, with what to collect, where and when. */
import type { Db } from '../../server/db.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { narrow } from '../../server/scope.ts';
import { Conflict, Invalid } from '../../server/errors.ts';
import { officeDate } from '../../server/xlsx.ts';
import { findOrgInScope } from '../orgs/index.ts';
import { LIVE_LIST_STATUSES } from './campaigns.contract.ts';
import { packageContent } from './package.contract.ts';
import * as repo from './reporting.repository.ts';
import { dataScope, loadCampaign } from './campaign-access.ts';
import { refuseUncovered } from './quota.service.ts';

/** 2026年1月10日至2月10日 每天9:00–17:00, or what of it the point records. */
function whenOf(opensOn: string | null, closesOn: string | null, hours: string | null): string {
  const days =
    opensOn && closesOn
      ? `${officeDate(opensOn)}至${officeDate(closesOn)}`
      : opensOn
        ? `${officeDate(opensOn)}起`
        : closesOn
          ? `${officeDate(closesOn)}前`
          : '';
  return [days, hours ?? ''].filter(Boolean).join(' ');
}

/** The cards of the actor's part of a campaign, or of one union's subtree (`orgId`); pending people only by default. */
export async function pickupCards(db: Db, actor: Actor, id: number, orgId: number | undefined, pendingOnly: boolean, limit: number) {
  authorize(actor, 'campaign:export');
  const c = await loadCampaign(db, actor, id);
  if (LIVE_LIST_STATUSES.includes(c.campaign.status)) throw new Conflict('名单审批冻结后才能打印领取卡');
  const org = orgId ? await findOrgInScope(db, actor, orgId, 'orgId') : undefined;
  const data = dataScope(actor, c);
  const within = (org && narrow(data, org.path)) ?? data;
  // Never a card for someone no quota covers: the organiser settles the list first.
  await refuseUncovered(db, actor, c, within);
  const rows = await repo.cardsForPrint(db, id, within, pendingOnly, limit + 1);
  if (rows.length > limit) throw Invalid.field('orgId', `一次最多打印 ${limit} 张，请选择下级单位分批打印`);
  return {
    campaign: c.campaign,
    orgName: org?.name ?? c.orgName,
    cards: rows.map((r) => ({
      beneficiaryId: Number(r.id),
      name: r.name,
      idMasked: r.id_masked,
      orgName: r.org_name,
      content: packageContent({ kind: r.package_kind, valueFen: Number(r.value_fen), cashFen: Number(r.cash_fen), items: r.items }) || r.package_name,
      place: r.point_name ? [r.point_name, r.point_address].filter(Boolean).join('，') : '请留意本单位工会通知',
      time: r.point_name ? whenOf(r.opens_on, r.closes_on, r.point_hours) || '活动期间' : '',
    })),
  };
}
