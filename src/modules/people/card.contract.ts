/**
 * 电子会员卡: the member card a worker shows on their phone, and what a staff phone learns by
 * scanning it. The card's code names nobody: an opaque membership reference, an expiry and a keyed
 * tag (see card.service.ts), valid for a minute and renewed on the page, so a screenshot goes stale.
 */
import { z } from '../../shared/contract.ts';

/** How long a card code is valid, and how often the page fetches a fresh one (well inside it). */
export const CARD_CODE_TTL_SECONDS = 60;
export const CARD_REFRESH_SECONDS = 30;

const MembershipStateEnum = z.enum(['member', 'transferring', 'withdrawn', 'expelled']);

export const MemberCardView = z.object({
  name: z.string(),
  orgName: z.string(),
  /** Null when the worker has no membership (not yet joined): no card code then. */
  membership: z
    .object({
      memberNo: z.string(),
      joinedOn: z.string(),
      state: MembershipStateEnum,
      stateLabel: z.string(),
    })
    .nullable(),
  card: z
    .object({
      code: z.string(),
      /** The code drawn as a QR symbol (an SVG data URL), so the portal ships no QR library. */
      qr: z.string(),
      expiresAt: z.string(),
      refreshSeconds: z.number().int(),
    })
    .nullable(),
});
export type MemberCardView = z.infer<typeof MemberCardView>;

export const CardVerifyInput = z.object({
  code: z.string({ error: '请扫描或输入会员码' }).trim().min(1, { error: '请扫描或输入会员码' }).max(200, { error: '会员码过长，不是本系统签发的会员码' }),
});

/**
 * A valid code. `scope: 'inside'` — the member's union lies in the staff account's subtree: name,
 * member number and joined date. `'outside'` — only that the code is a valid card of a member of
 * that union and the state: the staff account may not read the registry of another subtree.
 */
export const CardVerifyResult = z.object({
  result: z.literal('valid'),
  scope: z.enum(['inside', 'outside']),
  orgName: z.string(),
  state: MembershipStateEnum,
  stateLabel: z.string(),
  name: z.string().nullable(),
  memberNo: z.string().nullable(),
  joinedOn: z.string().nullable(),
  expiresAt: z.string(),
});
export type CardVerifyResult = z.infer<typeof CardVerifyResult>;

/** Why a code is refused (the error body carries it as `result`). */
export type CardRefusal = 'forged' | 'expired' | 'unknown';
