import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../server/db.ts';
import type { Actor } from '../../server/actor.ts';
import { Unauthorized, Invalid } from '../../server/errors.ts';
import { recordAudit } from '../audit/index.ts';
import * as repo from './auth.repository.ts';
import { admitLogin, admitSuccess, clientAddress, countLoginFailure } from './login-throttle.service.ts';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.ts';
import { assignableRoles, type LoginInput, type Me, type Role } from './auth.contract.ts';
import { PermissionCatalog } from '../../shared/permissions.ts';
import type { ModuleManifest } from '../../server/module.ts';
import { staffSignIns } from './auth.counters.ts';

export interface SessionSettings {
  idleMinutes: number;
  maxHours: number;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface ResolvedSession {
  actor: Actor;
  csrfToken: string;
  mustChangePassword: boolean;
  me: Omit<Me, 'csrfToken' | 'permissions' | 'assignableRoles'>;
}

/** Reads the session behind a cookie token, or undefined when it is unknown, expired or revoked. */
export async function resolveSession(
  db: Db,
  token: string,
  ip: string,
  settings: SessionSettings,
  catalog: PermissionCatalog,
): Promise<ResolvedSession | undefined> {
  const id = sha256(token);
  const s = await repo.findLiveSession(db, id, settings.idleMinutes);
  if (!s) return undefined;
  // Sliding idle expiry, written at most once a minute per session.
  if (Date.now() - s.lastSeenAt.getTime() > 60_000) await repo.touchSession(db, id);
  return {
    actor: {
      accountId: s.accountId,
      username: s.username,
      displayName: s.displayName,
      orgId: s.orgId,
      orgPath: s.orgPath,
      roles: s.roles,
      permissions: catalog.of(s.roles),
      sessionId: id,
      ip,
    },
    csrfToken: s.csrfToken,
    mustChangePassword: s.mustChangePassword,
    me: {
      account: { id: s.accountId, username: s.username, displayName: s.displayName, roles: s.roles, mustChangePassword: s.mustChangePassword },
      org: { id: s.orgId, name: s.orgName, type: s.orgType },
    },
  };
}

/** The permissions of every module of the app (the auth module answers who holds what). */
export function permissionCatalog(modules: readonly Pick<ModuleManifest, 'permissions'>[]): PermissionCatalog {
  return new PermissionCatalog(modules.flatMap((m) => (m.permissions ? [m.permissions] : [])));
}

export function describeMe(resolved: ResolvedSession): Me {
  return {
    ...resolved.me,
    permissions: [...resolved.actor.permissions],
    assignableRoles: assignableRoles(resolved.actor.roles),
    csrfToken: resolved.csrfToken,
  };
}

/**
 * Checks a username and password and opens a session. Failures are throttled (see
 * login-throttle.service.ts) and audited. Returns the cookie token; only its hash is stored.
 */
export async function login(db: Db, input: LoginInput, ctx: { ip: string; userAgent: string | undefined }, settings: SessionSettings) {
  const found = await repo.findAccountByUsername(db, input.username);
  const address = clientAddress(ctx.ip);
  const gate = await admitLogin(db, { name: input.username.toLowerCase(), address, accountId: found?.account.id });
  const ok = found ? await verifyPassword(found.account.passwordHash, input.password) : await verifyAgainstDummy(input.password);

  if (!ok) {
    staffSignIns.inc({ outcome: 'failed' });
    await countLoginFailure(db, gate, (failuresHere) =>
      db.transaction((tx) =>
        recordAudit(
          tx,
          { ...anonymous(ctx.ip), username: input.username.slice(0, 64) },
          {
            action: 'login_failed',
            entity: 'session',
            entityId: found?.account.id ?? null,
            orgId: found?.account.orgId ?? null,
            summary: `登录失败（此地址第 ${failuresHere} 次）`,
          },
        ),
      ),
    );
  }

  const { account, orgStatus } = found!;
  if (account.status !== 'active') throw new Unauthorized('账号已停用，请联系本级工会管理员');
  if (orgStatus !== 'active') throw new Unauthorized('账号所属组织已停用，请联系上级工会管理员');

  const token = randomBytes(32).toString('base64url');
  const id = sha256(token);
  await db.transaction(async (tx) => {
    await admitSuccess(tx, gate, account.id, address);
    await repo.insertSession(tx, {
      id,
      accountId: account.id,
      csrfToken: randomBytes(24).toString('base64url'),
      expiresAt: new Date(Date.now() + settings.maxHours * 3_600_000),
      ip: ctx.ip,
      userAgent: ctx.userAgent?.slice(0, 300) ?? null,
    });
    await repo.updateAccount(tx, account.id, { lastLoginAt: new Date() });
    const actor = { ...anonymous(ctx.ip), accountId: account.id, username: account.username, orgId: account.orgId };
    await recordAudit(tx, actor, { action: 'login', entity: 'session', entityId: account.id, orgId: account.orgId, summary: '登录成功' });
  });
  await repo.deleteExpiredSessions(db);
  staffSignIns.inc({ outcome: 'ok' });
  return { token, maxAgeSeconds: settings.maxHours * 3600 };
}

function anonymous(ip: string): Actor {
  return { accountId: null, username: 'anonymous', orgId: 0, orgPath: '/0/', roles: [], permissions: new Set(), sessionId: null, ip };
}

export async function logout(db: Db, actor: Actor) {
  await db.transaction(async (tx) => {
    if (actor.sessionId) await repo.deleteSession(tx, actor.sessionId);
    await recordAudit(tx, actor, { action: 'logout', entity: 'session', entityId: actor.accountId, orgId: actor.orgId });
  });
}

/** Ends every session of the actor's account, this one included ("退出所有设备"). */
export async function revokeMySessions(db: Db, actor: Actor) {
  return db.transaction(async (tx) => {
    const n = await repo.deleteSessionsOf(tx, actor.accountId!);
    await recordAudit(tx, actor, {
      action: 'revoke_sessions',
      entity: 'account',
      entityId: actor.accountId,
      orgId: actor.orgId,
      summary: `结束本人全部 ${n} 个会话`,
    });
    return n;
  });
}

/** Changes the actor's own password; other sessions of the account are ended. */
export async function changeMyPassword(db: Db, actor: Actor, input: { currentPassword: string; newPassword: string }) {
  const account = await repo.findAccountById(db, actor.accountId!);
  if (!account || !(await verifyPassword(account.passwordHash, input.currentPassword))) {
    throw Invalid.field('currentPassword', '当前密码不正确');
  }
  if (input.currentPassword === input.newPassword) throw Invalid.field('newPassword', '新密码不能与当前密码相同');
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await repo.updateAccount(tx, account.id, { passwordHash, mustChangePassword: false, passwordChangedAt: new Date() });
    await repo.deleteSessionsOf(tx, account.id, actor.sessionId ?? undefined);
    await recordAudit(tx, actor, { action: 'password_change', entity: 'account', entityId: account.id, orgId: account.orgId, summary: '修改本人密码' });
  });
}

export type { Role };
