import type { Db, DbOrTx } from '../../server/db.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import { Forbidden, Invalid, NotFound, registerConstraintMessage } from '../../server/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgInScope, scopeOfOrg } from '../orgs/index.ts';
import * as repo from './auth.repository.ts';
import { hashPassword } from './passwords.ts';
import { clearLoginDelays } from './login-throttle.service.ts';
import { assignableRoles, ROLE_LABELS, type CreateAccountInput, type ListAccountsQuery, type Role, type UpdateAccountInput } from './auth.contract.ts';

registerConstraintMessage('accounts_username_key', 'username', '该用户名已被使用');

/** What an account looks like in the audit log: never the password hash. */
const auditView = (a: repo.AccountRow) => ({
  username: a.username,
  displayName: a.displayName,
  orgId: a.orgId,
  roles: a.roles,
  status: a.status,
  mustChangePassword: a.mustChangePassword,
});

const ADMIN_ROLES: readonly string[] = ['sysadmin', 'union_admin'];

/**
 * Why the actor may not change this account (in scope, checked by the caller), or null when they
 * may: a system administrator's account only by one; another administrator of the actor's own
 * union only from a higher union (a peer could otherwise reset a colleague's password and sign in
 * as them, or lock them out).
 */
function editRefusal(actor: Actor, target: { id: number; orgId: number; roles: readonly string[] }): string | null {
  if (actor.roles.includes('sysadmin')) return null;
  if (target.roles.includes('sysadmin')) return '只有系统管理员可以修改系统管理员账号';
  if (target.id !== actor.accountId && target.orgId === actor.orgId && target.roles.some((r) => ADMIN_ROLES.includes(r))) {
    return '同级工会的管理员账号须由上级工会或系统管理员修改';
  }
  return null;
}

/** Whether the actor may change this account (the page offers its buttons only then). */
export function canEditAccount(actor: Actor, target: { id: number; orgId: number; roles: readonly string[] }) {
  return can(actor, 'account:write') && editRefusal(actor, target) === null;
}

function checkAssignable(actor: Actor, roles: readonly Role[]) {
  const allowed = assignableRoles(actor.roles);
  const bad = roles.find((r) => !allowed.includes(r));
  if (bad) throw Invalid.field('roles', `您不能授予「${ROLE_LABELS[bad]}」角色`);
}

async function loadEditable(db: Db, actor: Actor, id: number) {
  authorize(actor, 'account:write');
  const view = await repo.findAccountInScope(db, scopeOf(actor), id);
  if (!view) throw new NotFound('账号');
  const refusal = editRefusal(actor, view);
  if (refusal) throw new Forbidden(refusal);
  return (await repo.findAccountById(db, id))!;
}

/** Accounts of the actor's subtree, filtered and paged; `orgId` narrows to that org's subtree. */
export async function findAccounts(db: Db, actor: Actor, query: ListAccountsQuery) {
  authorize(actor, 'account:read');
  const within = query.orgId ? await scopeOfOrg(db, actor, query.orgId) : undefined;
  return repo.findAccounts(db, scopeOf(actor), query, within);
}

export async function findAccountsForExport(db: Db, actor: Actor, query: Partial<ListAccountsQuery>) {
  authorize(actor, 'account:read');
  const within = query.orgId ? await scopeOfOrg(db, actor, query.orgId) : undefined;
  return repo.findAllAccounts(db, scopeOf(actor), query, within, 50_000);
}

export async function getAccount(db: Db, actor: Actor, id: number) {
  authorize(actor, 'account:read');
  const row = await repo.findAccountInScope(db, scopeOf(actor), id);
  if (!row) throw new NotFound('账号');
  return row;
}

export async function getAccountStats(db: Db, actor: Actor) {
  authorize(actor, 'org:read');
  return repo.countAccountsByRole(db, scopeOf(actor));
}

/** Creates an account in an org of the actor's subtree; it must change its password at first login. */
export async function createAccount(db: Db, actor: Actor, input: CreateAccountInput) {
  authorize(actor, 'account:write');
  const org = await findOrgInScope(db, actor, input.orgId, 'orgId');
  checkAssignable(actor, input.roles);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const row = await repo.insertAccount(tx, {
      username: input.username,
      displayName: input.displayName,
      orgId: org.id,
      roles: input.roles,
      passwordHash,
      mustChangePassword: true,
    });
    await recordAudit(tx, actor, {
      action: 'create',
      entity: 'account',
      entityId: row.id,
      orgId: row.orgId,
      summary: `新增账号 ${row.username}`,
      after: auditView(row),
    });
    return row.id;
  });
}

/** Changes name, org, roles or status. Disabling or moving an account ends its sessions at once. */
export async function updateAccount(db: Db, actor: Actor, { id, data }: { id: number; data: UpdateAccountInput }) {
  const before = await loadEditable(db, actor, id);
  if (data.orgId !== undefined && data.orgId !== before.orgId) await findOrgInScope(db, actor, data.orgId, 'orgId');
  if (data.roles) checkAssignable(actor, data.roles);
  if (id === actor.accountId) {
    if (data.status === 'disabled') throw Invalid.field('status', '不能停用自己的账号');
    if (data.roles && !data.roles.some((r) => r === 'sysadmin' || r === 'union_admin') && before.roles.some((r) => r === 'sysadmin' || r === 'union_admin')) {
      throw Invalid.field('roles', '不能取消自己的管理员角色，请由其他管理员操作');
    }
    if (data.orgId !== undefined && data.orgId !== before.orgId) throw Invalid.field('orgId', '不能调整自己所属的组织，请由上级管理员操作');
  }
  return db.transaction(async (tx) => {
    const after = await repo.updateAccount(tx, id, data);
    if (after.status === 'disabled' || after.orgId !== before.orgId) await repo.deleteSessionsOf(tx, id);
    await recordAudit(tx, actor, {
      action: 'update',
      entity: 'account',
      entityId: id,
      orgId: after.orgId,
      summary: `修改账号 ${after.username}`,
      before: auditView(before),
      after: auditView(after),
    });
    return id;
  });
}

/** Sets a new password chosen by an administrator; the owner must change it at next login. Unlocks the account. */
export async function resetPassword(db: Db, actor: Actor, { id, password }: { id: number; password: string }) {
  const target = await loadEditable(db, actor, id);
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await repo.updateAccount(tx, id, { passwordHash, mustChangePassword: true, passwordChangedAt: new Date() });
    await repo.deleteSessionsOf(tx, id);
    await clearLoginDelays(tx, target.username);
    await recordAudit(tx, actor, {
      action: 'password_reset',
      entity: 'account',
      entityId: id,
      orgId: target.orgId,
      summary: `重置账号 ${target.username} 的密码并解除锁定`,
    });
  });
}

/** Ends every session of an account (forced sign-out). */
export async function revokeSessions(db: Db, actor: Actor, id: number) {
  const target = await loadEditable(db, actor, id);
  return db.transaction(async (tx) => {
    const n = await repo.deleteSessionsOf(tx, id);
    await recordAudit(tx, actor, {
      action: 'revoke_sessions',
      entity: 'account',
      entityId: id,
      orgId: target.orgId,
      summary: `强制下线账号 ${target.username}（${n} 个会话）`,
    });
    return n;
  });
}

/**
 * An account made by the system itself (first start, demo data, tests), not by a person: no scope
 * or role check, no audit entry of its own (the caller records what it did).
 */
export function insertSystemAccount(tx: DbOrTx, values: Parameters<typeof repo.insertAccount>[1]) {
  return repo.insertAccount(tx, values);
}

/** How many accounts exist (none before the first start). */
export function countAccounts(db: DbOrTx) {
  return repo.countAccounts(db);
}
