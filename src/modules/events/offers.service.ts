/**
 * 候补递补: a freed place goes to the first in line (by sign-up order) as an offer held for the
 * event's offer hours; accepted it is theirs, declined or expired it moves on. Each step runs in
 * its caller's transaction, so a place is never held twice and never lost.
 */
import type { Db, DbOrTx } from '../../server/db.ts';
import type { Actor } from '../../server/actor.ts';
import { recordAudit } from '../audit/index.ts';
import { notify } from '../messages/index.ts';
import * as events from './events.repository.ts';
import * as repo from './signups.repository.ts';

/** The portal page of a worker's sign-ups. */
export const MY_EVENTS_PAGE = '/events/mine';

/** 2026年10月1日 09:00, in China time. */
const chinaDateTime = (at: Date) => {
  const f = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}年${p.month}月${p.day}日 ${p.hour}:${p.minute}`;
};

/**
 * Offers free places to the first people waiting, as many as the event (and each person's quota
 * row) has free, each told through the portal and a text message. Returns how many were offered.
 */
export async function offerFreedPlaces(
  tx: DbOrTx,
  event: { id: number; title: string; offer_hours: number; status: string; capacity?: number | null },
  max = 100,
) {
  if (event.status !== 'open' && event.status !== 'closed') return 0;
  let offered = 0;
  while (offered < max) {
    const line = await repo.waitingInLine(tx, event.id, 50);
    if (!line.length) break;
    let took = false;
    for (const w of line) {
      const quota = await events.coveringQuota(tx, event.id, w.org_path);
      if (!(await repo.takePlace(tx, event.id, quota?.org_id ?? null))) {
        // Without rows of places, nobody further down the line can take one either.
        if (!quota) return offered;
        continue;
      }
      const until = await repo.markOffered(tx, w.id, quota?.org_id ?? null, event.offer_hours);
      await notify(tx, {
        to: { personId: w.person_id },
        kind: 'events.offered',
        title: '候补名额待确认',
        body: `您候补的活动「${event.title}」有了空余名额，请在${chinaDateTime(new Date(until))}前确认参加，逾期名额将递补给下一位。`,
        link: MY_EVENTS_PAGE,
        sms: true,
        dedupeKey: `events.offered:${w.id}`,
      });
      offered += 1;
      took = true;
      break;
    }
    if (!took) break;
  }
  return offered;
}

/** Gives back a sign-up's place (confirmed or offered) and offers it to the next in line. */
export async function freePlace(
  tx: DbOrTx,
  signup: { event_id: number; quota_org_id: number | null },
  event: { id: number; title: string; offer_hours: number; status: string },
) {
  await repo.releasePlace(tx, signup.event_id, signup.quota_org_id);
  await offerFreedPlaces(tx, event);
}

/** Who the audit log names when an offer runs out. */
const expiryActor = (orgId: number, orgPath: string): Actor => ({
  accountId: null,
  username: '系统（递补逾期）',
  orgId,
  orgPath,
  roles: [],
  permissions: new Set(),
  sessionId: null,
  ip: null,
});

/**
 * 递补逾期: every offer whose time ran out becomes 'expired' and its place goes to the next in line —
 * one offer per transaction, claimed with SKIP LOCKED so two app processes never take the same.
 */
export async function expireOffers(db: Db, limit = 1000): Promise<number> {
  let n = 0;
  while (n < limit) {
    const done = await db.transaction(async (tx) => {
      const claimed = await repo.claimExpiredOffer(tx);
      if (!claimed) return false;
      const s = (await repo.signupById(tx, claimed.id))!;
      const e = (await events.eventById(tx, claimed.event_id))!;
      await repo.setSignupStatus(tx, s.id, 'expired');
      await freePlace(tx, s, e);
      await recordAudit(tx, expiryActor(e.org_id, e.org_path), {
        action: 'event.offer_expire',
        entity: 'event_signup',
        entityId: s.id,
        orgId: s.org_id,
        summary: `${s.name}未在时限内确认「${e.title}」的递补名额，名额递补给下一位`,
      });
      return true;
    });
    if (!done) break;
    n += 1;
  }
  return n;
}
