/**
 * The registry's writes that the membership drive makes inside its own approval transaction: the
 * new member's person record (or the existing one moved to the receiving union), the transfer row,
 * the membership and its events. The drive decides; these write the registry's rows as the
 * registry's own use cases do, so the rows and their constraints stay this module's.
 */
import type { DbOrTx } from '../../server/db.ts';
import * as repo from './people.repository.ts';

export function insertPerson(tx: DbOrTx, row: Parameters<typeof repo.insertPerson>[1]) {
  return repo.insertPerson(tx, row);
}

export function updatePersonRow(tx: DbOrTx, id: number, changes: Parameters<typeof repo.updatePerson>[2]) {
  return repo.updatePerson(tx, id, changes);
}

export function insertTransfer(tx: DbOrTx, row: Parameters<typeof repo.insertTransfer>[1]) {
  return repo.insertTransfer(tx, row);
}

export function updateMembership(tx: DbOrTx, personId: number, changes: Parameters<typeof repo.updateMembership>[2]) {
  return repo.updateMembership(tx, personId, changes);
}

export function insertMembershipEvent(tx: DbOrTx, row: Parameters<typeof repo.insertMembershipEvent>[1]) {
  return repo.insertMembershipEvent(tx, row);
}
