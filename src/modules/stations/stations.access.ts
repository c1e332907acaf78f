import { can, type Actor } from '../../server/actor.ts';

/** The account a 站长's reads are limited to; null for staff who see every station of their subtree. */
export function managerOf(actor: Actor): number | null {
  return can(actor, 'stations:all') ? null : (actor.accountId ?? 0);
}
