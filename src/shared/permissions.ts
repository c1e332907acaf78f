/**
 * Roles and permissions, for server and web alike. The roles are the platform's; each module
 * declares its own permissions in its contract (label and the roles that hold it) and adds their
 * names to `PermissionRegistry`, so `Permission` is the union of every module's names without this
 * file knowing any module:
 *
 *   export const CAMPAIGN_PERMISSIONS = { 'campaign:read': { label: '…', roles: ['cadre'] } } satisfies PermissionDefs;
 *   declare module '../../shared/permissions.ts' {
 *     interface PermissionRegistry extends Record<keyof typeof CAMPAIGN_PERMISSIONS, true> {}
 *   }
 *
 * A system administrator holds every permission.
 */

export const ROLES = ['sysadmin', 'union_admin', 'cadre', 'auditor', 'volunteer', 'station_manager'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  sysadmin: '系统管理员',
  union_admin: '工会管理员',
  cadre: '工会干部',
  auditor: '审计员',
  volunteer: '志愿者',
  station_manager: '驿站站长',
};

/** Every module adds its permission names here (declaration merging; see above). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PermissionRegistry {}
export type Permission = Extract<keyof PermissionRegistry, string>;

export interface PermissionDef {
  /** What it allows, in Chinese, as shown on the roles page. */
  label: string;
  /** Roles that hold it besides the system administrator. */
  roles: readonly Exclude<Role, 'sysadmin'>[];
}
export type PermissionDefs = Readonly<Record<string, PermissionDef>>;

/** The permissions of all modules together: who holds what. */
export class PermissionCatalog {
  readonly all: readonly Permission[];
  private readonly defs: ReadonlyMap<Permission, PermissionDef>;

  constructor(sets: readonly PermissionDefs[]) {
    const defs = new Map<Permission, PermissionDef>();
    for (const set of sets) {
      for (const [name, def] of Object.entries(set)) {
        if (defs.has(name as Permission)) throw new Error(`permission ${name} is declared twice`);
        defs.set(name as Permission, def);
      }
    }
    this.defs = defs;
    this.all = [...defs.keys()];
  }

  label(p: Permission): string {
    return this.defs.get(p)?.label ?? p;
  }

  /** The permissions `roles` hold together. */
  of(roles: readonly Role[]): Set<Permission> {
    if (roles.includes('sysadmin')) return new Set(this.all);
    return new Set(this.all.filter((p) => this.defs.get(p)!.roles.some((r) => roles.includes(r))));
  }
}
