/**
 * Data scope, in one place: an actor sees their org and everything below it, nothing else.
 * Repositories put these conditions in their WHERE clauses; a row outside the scope is simply not
 * found (404), so its existence does not leak. Paths are read fresh per request (see actor.ts).
 * The tree is the platform's `orgs` table (the orgs module owns its rows; every module's rows point into it).
 */
import { sql, type SQL, type Column } from 'drizzle-orm';
import type { Actor } from './actor.ts';

/** LIKE pattern for a subtree. Paths hold only digits and slashes, so nothing needs escaping. */
export function subtreePattern(path: string): string {
  if (!/^(\/\d+)+\/$/.test(path)) throw new Error(`invalid org path ${path}`);
  return `${path}%`;
}

/** `column` (an org path) lies in the actor's subtree. */
export function pathInScope(actor: Pick<Actor, 'orgPath'>, pathColumn: Column | SQL): SQL {
  return sql`${pathColumn} like ${subtreePattern(actor.orgPath)}`;
}

/** `column` (an org id) names an org in the actor's subtree. */
export function orgInScope(actor: Pick<Actor, 'orgPath'>, orgIdColumn: Column | SQL): SQL {
  return sql`${orgIdColumn} in (select o.id from orgs o where o.path like ${subtreePattern(actor.orgPath)})`;
}

/** `column` (an org id) names an org in the subtree of `path` (itself already checked to be in scope). */
export function orgUnder(path: string, orgIdColumn: Column | SQL): SQL {
  return sql`${orgIdColumn} in (select o.id from orgs o where o.path like ${subtreePattern(path)})`;
}
