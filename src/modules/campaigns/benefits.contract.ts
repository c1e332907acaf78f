/**
 * 我的权益 (worker portal): the hand-outs waiting for me in running campaigns, each with the code
 * of my pick-up card, where and when to collect it and what I receive; and what the union has
 * given me over the years (送温暖 hand-outs from the campaign ledger, assistance paid).
 */
import { z } from '../../shared/contract.ts';

export const MyPickup = z.object({
  campaignId: z.number().int(),
  campaignName: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  /** What I receive in words (慰问金500元 + 大米10斤), the tier's name, and the cash part. */
  content: z.string(),
  packageName: z.string(),
  cashFen: z.number().int(),
  valueFen: z.number().int(),
  /** The pick-up card's code (the same as on the printed card) and its QR symbol as an SVG data URL; null once received. */
  code: z.string().nullable(),
  qr: z.string().nullable(),
  point: z
    .object({
      name: z.string(),
      orgName: z.string(),
      address: z.string().nullable(),
      hours: z.string().nullable(),
      opensOn: z.string().nullable(),
      closesOn: z.string().nullable(),
    })
    .nullable(),
  /** The last day I can collect: the point's closing day, else the campaign's end. */
  lastDay: z.string(),
  received: z.boolean(),
  receivedCount: z.number().int(),
  maxCount: z.number().int(),
  /** The day of the last hand-out to me in this campaign, or null. */
  receivedOn: z.string().nullable(),
});
export type MyPickup = z.infer<typeof MyPickup>;

export const MyBenefitLine = z.object({
  date: z.string(),
  /** 慰问发放 from a campaign's ledger, or 帮扶 paid on a hardship file. */
  source: z.enum(['campaign', 'assistance']),
  what: z.string(),
  detail: z.string().nullable(),
  amountFen: z.number().int(),
  place: z.string().nullable(),
  /** 已发放 / 已冲正 / 冲正记录: a correction is a line of its own, never an edit. */
  state: z.string(),
  reversal: z.boolean(),
});
export type MyBenefitLine = z.infer<typeof MyBenefitLine>;

export const MyBenefits = z.object({
  pickups: z.array(MyPickup),
  /** Newest first. */
  history: z.array(MyBenefitLine),
  totals: z.object({
    /** Net of reversals. */
    handOutFen: z.number().int(),
    handOuts: z.number().int(),
    assistanceFen: z.number().int(),
    assistances: z.number().int(),
  }),
});
export type MyBenefits = z.infer<typeof MyBenefits>;
