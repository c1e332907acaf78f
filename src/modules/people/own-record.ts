import type { DbOrTx } from '../../server/db.ts';
import { reachOf, type Scope } from '../../server/scope.ts';
import { findRoot } from '../orgs/index.ts';
import { findPersonInScope } from './people.repository.ts';

/**
 * The whole tree: a worker's own record is theirs wherever it sits. Only used with the person the
 * worker's phone is bound to, never with an id from a request.
 */
export async function wholeTree(db: DbOrTx): Promise<Scope> {
  return reachOf((await findRoot(db))!);
}

/** The worker's own person with org, occupation and membership (active only: a merged record leads nowhere). */
export async function ownPerson(db: DbOrTx, personId: number) {
  return findPersonInScope(db, await wholeTree(db), personId);
}
