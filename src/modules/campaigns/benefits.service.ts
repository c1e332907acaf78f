/**
 * 我的权益 on the worker's phone, and the pick-up reminders. A worker reads only their own: every
 * query here is by the signed-in worker's person, never by an id from the page.
 */
import { qrSvgDataUrl } from '../../server/qr.ts';
import type { Db, DbOrTx } from '../../server/db.ts';
import type { WorkerActor } from '../../server/worker.ts';
import type { FieldCipher } from '../../server/crypto.ts';
import { reachOf } from '../../server/scope.ts';
import { systemActor } from '../../server/actor.ts';
import { addDays, chinaToday, chineseDate } from '../../shared/dates.ts';
import { recordAudit } from '../audit/index.ts';
import { notify } from '../messages/index.ts';
import { findRoot } from '../orgs/index.ts';
import { assistanceOf } from '../hardship/index.ts';
import { ASSISTANCE_LABELS, FUND_SOURCE_LABELS } from '../hardship/hardship.contract.ts';
import type { MyBenefitLine, MyBenefits } from './benefits.contract.ts';
import { cashPart, packageContent } from './package.contract.ts';
import { qrCodeFor } from './distribution.service.ts';
import { campaignsRecord } from './record.service.ts';
import * as repo from './benefits.repository.ts';

const label = (labels: Record<string, string>, key: string) => labels[key] ?? key;

/** The 我的权益 tile: how many hand-outs wait for me (none for a worker not in the registry). */
export async function benefitsHome(db: DbOrTx, w: WorkerActor): Promise<{ toPickUp: number }> {
  return { toPickUp: w.personId === null ? 0 : await repo.countToPickUp(db, w.personId) };
}

/** The signed-in worker's benefits: pick-ups waiting in running campaigns, and everything received over the years. */
export async function myBenefits(deps: { db: Db; cipher: FieldCipher }, personId: number): Promise<MyBenefits> {
  const { db, cipher } = deps;
  const places = await repo.findMyPlaces(db, personId);
  const pickups = await Promise.all(
    places.map(async (p) => {
      const received = p.received >= p.maxCount;
      // The same code the printed pick-up card carries, so the volunteer's scan page takes either.
      const code = received ? null : qrCodeFor(cipher, p.beneficiaryId);
      return {
        campaignId: p.campaignId,
        campaignName: p.campaignName,
        startsOn: p.startsOn,
        endsOn: p.endsOn,
        content: packageContent({ kind: p.packageKind, valueFen: p.valueFen, cashFen: p.cashFen, items: p.items }) || p.packageName,
        packageName: p.packageName,
        cashFen: cashPart({ kind: p.packageKind, valueFen: p.valueFen, cashFen: p.cashFen }),
        valueFen: p.valueFen,
        code,
        qr: code ? await qrSvgDataUrl(code) : null,
        point: p.pointName
          ? { name: p.pointName, orgName: p.pointOrgName!, address: p.address, hours: p.hours, opensOn: p.opensOn, closesOn: p.closesOn }
          : null,
        lastDay: p.closesOn && p.closesOn < p.endsOn ? p.closesOn : p.endsOn,
        received,
        receivedCount: p.received,
        maxCount: p.maxCount,
        receivedOn: p.receivedOn,
      };
    }),
  );

  // The worker's own lines wherever they were written: the whole tree, read by their person only.
  const root = await findRoot(db);
  const everywhere = reachOf(root!);
  const [handOuts] = await campaignsRecord(db, everywhere, personId);
  const paid = (await assistanceOf(db, everywhere, personId)).filter((a) => a.status === 'paid');
  const history: MyBenefitLine[] = [
    ...handOuts!.rows.map((r) => ({
      date: r.date!,
      source: 'campaign' as const,
      what: r.what,
      detail: r.detail,
      amountFen: r.amountFen ?? 0,
      place: r.place,
      state: r.state ?? '已发放',
      reversal: r.reversal,
    })),
    ...paid.map((a) => ({
      date: a.on,
      source: 'assistance' as const,
      what: label(ASSISTANCE_LABELS, a.type),
      detail: `资金来源：${label(FUND_SOURCE_LABELS, a.fundSource)}`,
      amountFen: a.amountFen,
      place: a.orgName,
      state: '已发放',
      reversal: false,
    })),
  ].sort((a, b) => (a.date === b.date ? 0 : a.date < b.date ? 1 : -1));
  const lines = history.filter((l) => l.source === 'campaign');
  return {
    pickups,
    history,
    totals: {
      // A reversal line carries the negative amount and cancels one hand-out.
      handOutFen: lines.reduce((s, l) => s + l.amountFen, 0),
      handOuts: lines.filter((l) => !l.reversal).length - lines.filter((l) => l.reversal).length,
      assistanceFen: paid.reduce((s, a) => s + a.amountFen, 0),
      assistances: paid.length,
    },
  };
}

/** How many days before the last day the second reminder goes. */
export const CLOSING_REMINDER_DAYS = 3;
const BATCH = 500;

type Stage = 'start' | 'closing';
const KEY: Record<Stage, string> = { start: 'campaigns.pickup.start:', closing: 'campaigns.pickup.closing:' };

function reminderOf(stage: Stage, w: repo.WaitingRow) {
  const content = packageContent({ kind: w.packageKind, valueFen: w.valueFen, cashFen: w.cashFen, items: w.items }) || '慰问品';
  const where = w.pointName ? `到「${w.pointName}」${w.address ? `（${w.address}）` : ''}` : '按本单位工会的通知';
  const hours = w.hours ? `，时间：${w.hours}` : '';
  return stage === 'start'
    ? {
        title: `「${w.campaignName}」待领取`,
        body: `您在「${w.campaignName}」的慰问名单中（${content}）。请于${chineseDate(w.lastDay)}前${where}领取${hours}，出示“我的权益”中的领取码或纸质领取卡。`,
      }
    : {
        title: `「${w.campaignName}」领取即将截止`,
        body: `您的${content}还未领取，${chineseDate(w.lastDay)}截止。请尽快${where}领取${hours}。`,
      };
}

/**
 * 领取提醒: tells everyone on a running campaign's list who has not collected yet, once when the
 * campaign runs, and once again when their point closes within CLOSING_REMINDER_DAYS (those already
 * that close get only this one). Each notice is keyed by stage, campaign and person, so a re-run adds
 * nothing; each batch is one transaction with its audit entries (one per campaign and stage).
 */
export async function remindPickups(db: Db, today = chinaToday()): Promise<{ start: number; closing: number }> {
  const soon = addDays(today, CLOSING_REMINDER_DAYS);
  const sent = { start: 0, closing: 0 };
  const system = systemActor((await findRoot(db))!);
  for (const stage of ['closing', 'start'] as const) {
    const filter = stage === 'closing' ? { closingWithin: soon } : { notClosingWithin: soon };
    for (;;) {
      const batch = await repo.findWaiting(db, { keyPrefix: KEY[stage], today, limit: BATCH, ...filter });
      if (!batch.length) break;
      await db.transaction(async (tx) => {
        const perCampaign = new Map<number, { name: string; orgId: number; n: number }>();
        for (const w of batch) {
          const made = await notify(tx, {
            to: { personId: w.personId },
            kind: 'campaigns.pickup',
            ...reminderOf(stage, w),
            link: '/benefits',
            sms: true,
            dedupeKey: `${KEY[stage]}${w.campaignId}:${w.personId}`,
          });
          if (made === null) continue;
          const c = perCampaign.get(w.campaignId) ?? { name: w.campaignName, orgId: w.campaignOrgId, n: 0 };
          c.n++;
          perCampaign.set(w.campaignId, c);
          sent[stage]++;
        }
        for (const [campaignId, c] of perCampaign) {
          await recordAudit(tx, system, {
            action: 'campaign.remind',
            entity: 'campaign',
            entityId: campaignId,
            orgId: c.orgId,
            summary: `「${c.name}」向 ${c.n} 名未领取的慰问对象发送${stage === 'start' ? '领取' : '截止前'}提醒（站内消息和短信）`,
          });
        }
      });
      if (batch.length < BATCH) break;
    }
  }
  return sent;
}
