/** 大额复核: who may sign off an assistance record waiting for it (the case page's button and the route alike). */
import { can, type Actor } from '../../server/actor.ts';

export const SIGNOFF_FOUR_EYES = '大额帮扶须由录入人以外的人复核（四眼原则）';

/** Anyone with the approval permission but the record's recorder, while it waits. */
export function canSignOff(actor: Actor, a: { status: string; handledBy: number | null }) {
  return a.status === 'pending' && can(actor, 'hardship:verify') && (a.handledBy === null || a.handledBy !== actor.accountId);
}
