import { Forbidden } from './errors.ts';
import type { Permission, Role } from '../shared/permissions.ts';

/**
 * Who is acting, read fresh from the database on every request (see modules/auth sessions):
 * moving an account or its org takes effect on the next request.
 */
export interface Actor {
  /** null when the system itself acts (first start, demo loader, command-line tools). */
  accountId: number | null;
  username: string;
  /** The name shown for the account (经办人 on records); the username when absent. */
  displayName?: string;
  orgId: number;
  /** Materialized path of the actor's org: the actor's scope is everything under it. */
  orgPath: string;
  roles: readonly Role[];
  permissions: ReadonlySet<Permission>;
  sessionId: string | null;
  ip: string | null;
}

export function systemActor(root: { id: number; path: string }): Actor {
  return {
    accountId: null,
    username: 'system',
    orgId: root.id,
    orgPath: root.path,
    roles: ['sysadmin'],
    // A system administrator holds every permission (see can()).
    permissions: new Set(),
    sessionId: null,
    ip: null,
  };
}

export function can(actor: Pick<Actor, 'roles' | 'permissions'>, permission: Permission): boolean {
  return actor.roles.includes('sysadmin') || actor.permissions.has(permission);
}

/** The first line of a use case: refuses an actor whose roles do not grant `permission`. */
export function authorize(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw new Forbidden();
}
