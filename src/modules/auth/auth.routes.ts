import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor, SESSION_COOKIE, sessionCookieOptions } from '../../server/http.ts';
import { z, Ok, ErrorBody } from '../../shared/contract.ts';
import { sendXlsx } from '../../server/xlsx.ts';
import {
  AccountIdParams,
  AccountPage,
  AccountStats,
  AccountView,
  ChangePasswordInput,
  CreateAccountInput,
  ListAccountsQuery,
  LoginInput,
  Me,
  ResetPasswordInput,
  RoleView,
  ROLES,
  ROLE_LABELS,
  UpdateAccountInput,
  ACCOUNT_STATUS_LABELS,
} from './auth.contract.ts';
import { changeMyPassword, describeMe, login, logout, permissionCatalog, revokeMySessions, type ResolvedSession } from './sessions.service.ts';
import * as accounts from './accounts.service.ts';
import type { AccountViewRow } from './auth.repository.ts';
import type { Actor } from '../../server/actor.ts';

function presentAccount(actor: Actor, r: AccountViewRow) {
  return {
    ...r,
    roles: r.roles as (typeof ROLES)[number][],
    lockedUntil: r.lockedUntil?.toISOString() ?? null,
    lastLoginAt: r.lastLoginAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    can: { edit: accounts.canEditAccount(actor, r) },
  };
}

export function registerAuthRoutes(app: FastifyInstance, { db, config, modules }: AppDeps) {
  const catalog = permissionCatalog(modules);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const settings = { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours };
  const authTags = ['登录与会话'];
  const tags = ['账号权限'];

  r.post(
    '/api/auth/login',
    { schema: { tags: authTags, summary: '登录', body: LoginInput, response: { 200: Ok, 401: ErrorBody, 429: ErrorBody } } },
    async (req, reply) => {
      const { token, maxAgeSeconds } = await login(db, req.body, { ip: req.ip, userAgent: req.headers['user-agent'] }, settings);
      reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(req, config.cookieSecure, maxAgeSeconds));
      return { ok: true as const };
    },
  );

  r.post('/api/auth/logout', { schema: { tags: authTags, summary: '退出登录', response: { 200: Ok } }, onRequest: guard() }, async (req, reply) => {
    await logout(db, requireActor(req));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  r.get('/api/auth/me', { schema: { tags: authTags, summary: '当前账号、权限与 CSRF 令牌', response: { 200: Me } }, onRequest: guard() }, async (req) =>
    describeMe(req.session as ResolvedSession),
  );

  r.post(
    '/api/auth/password',
    { schema: { tags: authTags, summary: '修改本人密码', body: ChangePasswordInput, response: { 200: Ok } }, onRequest: guard() },
    async (req) => {
      await changeMyPassword(db, requireActor(req), req.body);
      return { ok: true as const };
    },
  );

  r.post(
    '/api/auth/sessions/revoke-all',
    { schema: { tags: authTags, summary: '退出本人所有设备', response: { 200: z.object({ revoked: z.number().int() }) } }, onRequest: guard() },
    async (req, reply) => {
      const revoked = await revokeMySessions(db, requireActor(req));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { revoked };
    },
  );

  r.get('/api/roles', { schema: { tags, summary: '角色与权限', response: { 200: z.array(RoleView) } }, onRequest: guard('account:read') }, async (req) => {
    const stats = await accounts.getAccountStats(db, requireActor(req));
    return ROLES.map((role) => ({
      role,
      label: ROLE_LABELS[role],
      permissions: [...catalog.of([role])].map((permission) => ({ permission, label: catalog.label(permission) })),
      accountCount: stats.byRole.find((b) => b.role === role)?.count ?? 0,
    }));
  });

  r.get(
    '/api/accounts',
    { schema: { tags, summary: '账号列表', querystring: ListAccountsQuery, response: { 200: AccountPage } }, onRequest: guard('account:read') },
    async (req) => {
      const actor = requireActor(req);
      const { items, total } = await accounts.findAccounts(db, actor, req.query);
      return { items: items.map((a) => presentAccount(actor, a)), total, page: req.query.page, pageSize: req.query.pageSize };
    },
  );

  r.get(
    '/api/accounts/stats',
    { schema: { tags, summary: '本级及下级账号数', response: { 200: AccountStats } }, onRequest: guard('org:read'), config: { reads: 'replica' } },
    async (req) => accounts.getAccountStats(db, requireActor(req)),
  );

  r.get(
    '/api/accounts/export',
    {
      schema: { tags, summary: '导出账号列表（.xlsx）', querystring: ListAccountsQuery.omit({ page: true, pageSize: true }) },
      onRequest: guard('account:read'),
      config: { reads: 'replica' },
    },
    async (req, reply) => {
      const rows = await accounts.findAccountsForExport(db, requireActor(req), req.query);
      return sendXlsx(
        reply,
        '账号列表',
        [
          { header: '用户名', width: 18, value: (a: AccountViewRow) => a.username },
          { header: '姓名', width: 12, value: (a) => a.displayName },
          { header: '所属组织', width: 30, value: (a) => a.orgName },
          { header: '角色', width: 24, value: (a) => a.roles.map((x) => ROLE_LABELS[x as (typeof ROLES)[number]]).join('、') },
          { header: '状态', width: 8, value: (a) => ACCOUNT_STATUS_LABELS[a.status] },
          { header: '最近登录', width: 20, value: (a) => a.lastLoginAt },
          { header: '创建时间', width: 20, value: (a) => a.createdAt },
        ],
        rows,
      );
    },
  );

  r.get(
    '/api/accounts/:id',
    { schema: { tags, summary: '账号详情', params: AccountIdParams, response: { 200: AccountView } }, onRequest: guard('account:read') },
    async (req) => {
      const actor = requireActor(req);
      return presentAccount(actor, await accounts.getAccount(db, actor, req.params.id));
    },
  );

  r.post(
    '/api/accounts',
    { schema: { tags, summary: '新增账号', body: CreateAccountInput, response: { 201: AccountView } }, onRequest: guard('account:write') },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await accounts.createAccount(db, actor, req.body);
      return reply.status(201).send(presentAccount(actor, await accounts.getAccount(db, actor, id)));
    },
  );

  r.patch(
    '/api/accounts/:id',
    {
      schema: { tags, summary: '修改账号（姓名、组织、角色、状态）', params: AccountIdParams, body: UpdateAccountInput, response: { 200: AccountView } },
      onRequest: guard('account:write'),
    },
    async (req) => {
      const actor = requireActor(req);
      await accounts.updateAccount(db, actor, { id: req.params.id, data: req.body });
      return presentAccount(actor, await accounts.getAccount(db, actor, req.params.id));
    },
  );

  r.post(
    '/api/accounts/:id/reset-password',
    {
      schema: { tags, summary: '重置密码（并解除锁定）', params: AccountIdParams, body: ResetPasswordInput, response: { 200: Ok } },
      onRequest: guard('account:write'),
    },
    async (req) => {
      await accounts.resetPassword(db, requireActor(req), { id: req.params.id, password: req.body.password });
      return { ok: true as const };
    },
  );

  r.post(
    '/api/accounts/:id/revoke-sessions',
    {
      schema: { tags, summary: '强制下线', params: AccountIdParams, response: { 200: z.object({ revoked: z.number().int() }) } },
      onRequest: guard('account:write'),
    },
    async (req) => ({ revoked: await accounts.revokeSessions(db, requireActor(req), req.params.id) }),
  );
}
