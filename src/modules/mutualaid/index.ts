/**
 * What other modules may use of 互助保障: the payout calculator and its words (a person's record or
 * the portal may explain a plan's formula).
 */
export { computePayout, describeFormula } from './payout.ts';
