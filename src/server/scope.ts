/**
 * Data scope, in one place: an actor sees their org and everything below it, nothing else.
 * Repositories put these conditions in their WHERE clauses; a row outside the scope is simply not
 * found (404), so its existence does not leak. Paths are read fresh per request (see actor.ts).
 * The tree is the platform's `orgs` table (the orgs module owns its rows; every module's rows point into it).
 *
 * A `Scope` is a branded value: only the functions of this file make one — from an actor, from a
 * campaign's own org (the reach of its rules), or by narrowing a scope to a subtree inside it — so a
 * repository handed a scope can narrow it but never widen it, and never takes a raw path string.
 */
import { sql, type SQL, type Column } from 'drizzle-orm';
import type { Actor } from './actor.ts';

declare const scopeBrand: unique symbol;

/** A subtree of the union tree that a query may reach. */
export interface Scope {
  /** Materialized path of the subtree's top org (`/1/5/12/`). */
  readonly path: string;
  readonly [scopeBrand]: true;
}

const PATH = /^(\/\d+)+\/$/;

function make(path: string): Scope {
  if (!PATH.test(path)) throw new Error(`invalid org path ${path}`);
  return Object.freeze({ path }) as Scope;
}

/** The actor's scope: their org and everything below it. */
export function scopeOf(actor: Pick<Actor, 'orgPath'>): Scope {
  return make(actor.orgPath);
}

/**
 * The reach of an org's own rules (a campaign's eligibility and allocation, a policy's
 * inheritance): the org's subtree. For system work (the demo, jobs) that acts for the org itself;
 * what a person may see of it is always intersected with their own scope (`intersect`).
 */
export function reachOf(org: { path: string }): Scope {
  return make(org.path);
}

/** `path` lies in `scope` (the org itself or below it). */
export function contains(scope: Scope, path: string): boolean {
  return path.startsWith(scope.path);
}

/** The subtree of `path` when it lies inside `scope`; undefined when it does not (the caller answers 404). */
export function narrow(scope: Scope, path: string): Scope | undefined {
  return contains(scope, path) ? make(path) : undefined;
}

/**
 * The subtree of an org already found inside `scope` (by a scoped query): an invariant, so a path
 * outside it is a programming error (500), never a way around the scope.
 */
export function narrowTo(scope: Scope, path: string): Scope {
  const narrowed = narrow(scope, path);
  if (!narrowed) throw new Error(`org path ${path} lies outside the scope ${scope.path}`);
  return narrowed;
}

/** What two scopes have in common: the deeper one when one contains the other, else nothing. */
export function intersect(a: Scope, b: Scope): Scope | undefined {
  if (contains(a, b.path)) return b;
  if (contains(b, a.path)) return a;
  return undefined;
}

/** LIKE pattern of a scope for SQL written by hand. Paths hold only digits and slashes, so nothing needs escaping. */
export function scopePattern(scope: Scope): string {
  return `${scope.path}%`;
}

/** `column` (an org path) lies in the scope. */
export function pathInScope(scope: Scope, pathColumn: Column | SQL): SQL {
  return sql`${pathColumn} like ${scopePattern(scope)}`;
}

/** `column` (an org id) names an org in the scope, as the tree is now. */
export function orgInScope(scope: Scope, orgIdColumn: Column | SQL): SQL {
  return sql`${orgIdColumn} in (select o.id from orgs o where o.path like ${scopePattern(scope)})`;
}
