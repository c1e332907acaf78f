/**
 * 电子会员卡: the code on a worker's member card and its verification by a staff phone.
 *
 * The code is `NJM1-<reference>-<expiry>-<tag>`: the membership's reference (the person record's
 * number, base 36 — no name, ID number or phone), the second it expires (base 36), and a keyed tag
 * over both (HMAC-SHA-256 under a subkey derived from the installation's data key, with a purpose
 * of its own, so no other code of the system verifies as a card). Nothing is stored: a code is
 * valid for CARD_CODE_TTL_SECONDS, the page fetches a fresh one well before, and a screenshot or a
 * code read off someone's screen is refused once the minute has passed.
 */
import { qrSvgDataUrl } from '../../server/qr.ts';
import type { Db } from '../../server/db.ts';
import type { FieldCipher } from '../../server/crypto.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { contains, scopeOf } from '../../server/scope.ts';
import { AppError, NotFound } from '../../server/errors.ts';
import { CARD_CODE_TTL_SECONDS, CARD_REFRESH_SECONDS, type CardRefusal, type CardVerifyResult, type MemberCardView } from './card.contract.ts';
import { MEMBERSHIP_STATE_LABELS } from './people.contract.ts';
import { findCardHolder } from './card.repository.ts';

const PREFIX = 'NJM1';
const PURPOSE = 'member-card';
const CODE = /^NJM1-([0-9A-Z]{1,12})-([0-9A-Z]{1,10})-([A-Za-z0-9_-]{16})$/;

export interface CardDeps {
  db: Db;
  cipher: FieldCipher;
}

/** A card code for the person, valid until `now + ttl`. */
export function cardCodeFor(cipher: FieldCipher, personId: number, now = Date.now(), ttlSeconds = CARD_CODE_TTL_SECONDS) {
  const ref = personId.toString(36).toUpperCase();
  const expiresAt = Math.floor(now / 1000) + ttlSeconds;
  const exp = expiresAt.toString(36).toUpperCase();
  return { code: `${PREFIX}-${ref}-${exp}-${cipher.tag(PURPOSE, `${ref}.${exp}`)}`, expiresAt: new Date(expiresAt * 1000) };
}

function refused(result: CardRefusal, message: string): AppError {
  return new AppError(400, message, [{ field: 'code', message }], { result });
}

/** The person and expiry a code names, or the Chinese reason it is refused (forged before expired: an altered expiry is a forgery). */
export function readCardCode(cipher: FieldCipher, code: string, now = Date.now()): { personId: number; expiresAt: Date } {
  const m = CODE.exec(code.trim());
  if (!m || cipher.tag(PURPOSE, `${m[1]}.${m[2]}`) !== m[3]) {
    throw refused('forged', '会员码无效：不是本系统签发的电子会员卡，或已被篡改');
  }
  const expiresAt = new Date(parseInt(m[2]!, 36) * 1000);
  if (expiresAt.getTime() < now) {
    throw refused('expired', `会员码已过期（有效期 ${CARD_CODE_TTL_SECONDS} 秒，截图或旧码无效）：请职工刷新电子会员卡后重新出示`);
  }
  return { personId: parseInt(m[1]!, 36), expiresAt };
}

/** The signed-in worker's own card: who they are, their membership, and a fresh code when they have one. */
export async function myCard(deps: CardDeps, personId: number): Promise<MemberCardView> {
  const holder = await findCardHolder(deps.db, personId);
  if (!holder) throw new NotFound('职工档案');
  if (!holder.state || !holder.memberNo || !holder.joinedOn) return { name: holder.name, orgName: holder.orgName, membership: null, card: null };
  const { code, expiresAt } = cardCodeFor(deps.cipher, personId);
  return {
    name: holder.name,
    orgName: holder.orgName,
    membership: { memberNo: holder.memberNo, joinedOn: holder.joinedOn, state: holder.state, stateLabel: MEMBERSHIP_STATE_LABELS[holder.state] },
    card: { code, qr: await qrSvgDataUrl(code), expiresAt: expiresAt.toISOString(), refreshSeconds: CARD_REFRESH_SECONDS },
  };
}

/**
 * 核验会员卡: a staff account scans a worker's card. Inside the account's subtree it reads who the
 * member is; outside it, only that the card is a valid one of a member of that union, and the state.
 */
export async function verifyCard(deps: CardDeps, actor: Actor, code: string): Promise<CardVerifyResult> {
  authorize(actor, 'person:read');
  const { personId, expiresAt } = readCardCode(deps.cipher, code);
  const holder = await findCardHolder(deps.db, personId);
  if (!holder?.state) throw refused('unknown', '会员码对应的会籍已不存在：请职工到所在工会核实会籍');
  const inside = contains(scopeOf(actor), holder.orgPath);
  return {
    result: 'valid',
    scope: inside ? 'inside' : 'outside',
    orgName: holder.orgName,
    state: holder.state,
    stateLabel: MEMBERSHIP_STATE_LABELS[holder.state],
    name: inside ? holder.name : null,
    memberNo: inside ? holder.memberNo : null,
    joinedOn: inside ? holder.joinedOn : null,
    expiresAt: expiresAt.toISOString(),
  };
}
