/**
 * 账号权限 — accounts, roles, sessions.
 * Glossary: 系统管理员 system administrator, 工会管理员 union administrator (manages a subtree's accounts
 * and settings), 工会干部 union cadre (works on data), 审计员 auditor (read-only), 志愿者 volunteer,
 * 驿站站长 station manager.
 */
import { z, nameText, oneOf, id, queryId, searchQuery, textProblem, Paging, pageOf } from '../../shared/contract.ts';
import { ROLES, type PermissionDefs, type Role } from '../../shared/permissions.ts';

export { ROLES, ROLE_LABELS, type Role, type Permission } from '../../shared/permissions.ts';

/** Roles an account holding `grantor` roles may give: nobody but a system administrator makes one. */
export function assignableRoles(grantor: readonly Role[]): Role[] {
  if (grantor.includes('sysadmin')) return [...ROLES];
  if (grantor.includes('union_admin')) return ROLES.filter((r) => r !== 'sysadmin');
  return [];
}

/** 8–64 characters with at least a letter and a digit. */
export const password = (label = '密码') =>
  z
    .string({ error: `请填写${label}` })
    .min(8, `${label}至少 8 位`)
    .max(64, `${label}不能超过 64 位`)
    .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), `${label}须同时包含字母和数字`)
    .refine((p) => !textProblem(label, p), `${label}不能包含控制字符或无法识别的字符`);

export const LoginInput = z.object({
  username: z
    .string({ error: '请填写用户名' })
    .trim()
    .min(1, '请填写用户名')
    .max(64, '用户名不能超过 64 个字符')
    // A failed sign-in records the name typed, so it is held to what a name may contain.
    .refine((v) => !textProblem('用户名', v, { name: true }), '用户名含有不允许的字符'),
  password: z
    .string({ error: '请填写密码' })
    .min(1, '请填写密码')
    .max(128, '密码不能超过 128 位')
    .refine((v) => !textProblem('密码', v), '密码含有无法识别的字符'),
});
export type LoginInput = z.infer<typeof LoginInput>;

export const ChangePasswordInput = z.object({
  currentPassword: z
    .string({ error: '请填写当前密码' })
    .min(1, '请填写当前密码')
    .max(128, '当前密码不能超过 128 位')
    .refine((v) => !textProblem('当前密码', v), '当前密码含有无法识别的字符'),
  newPassword: password('新密码'),
});

const username = z
  .string({ error: '请填写用户名' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9_.-]{2,31}$/, '用户名须以字母开头，3–32 位字母、数字、下划线、点或横线');

export const ACCOUNT_STATUSES = ['active', 'disabled'] as const;
export const ACCOUNT_STATUS_LABELS = { active: '正常', disabled: '已停用' } as const;

const roles = z.array(oneOf(ROLES, '角色')).min(1, '请至少选择一个角色').max(ROLES.length);

export const CreateAccountInput = z.object({
  username,
  displayName: nameText('姓名', { max: 30 }),
  orgId: id('所属组织'),
  roles,
  password: password('初始密码'),
});
export type CreateAccountInput = z.infer<typeof CreateAccountInput>;

export const UpdateAccountInput = z
  .object({
    displayName: nameText('姓名', { max: 30 }),
    orgId: id('所属组织'),
    roles,
    status: oneOf(ACCOUNT_STATUSES, '状态'),
  })
  .partial();
export type UpdateAccountInput = z.infer<typeof UpdateAccountInput>;

export const ResetPasswordInput = z.object({ password: password('新密码') });

export const AccountIdParams = z.object({ id: queryId('账号') });

export const AccountView = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  roles: z.array(z.enum(ROLES)),
  status: z.enum(ACCOUNT_STATUSES),
  mustChangePassword: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  can: z.object({ edit: z.boolean() }),
});
export type AccountView = z.infer<typeof AccountView>;

export const ListAccountsQuery = Paging.extend({
  q: searchQuery('查询条件', { max: 50 }),
  orgId: queryId('组织').optional(),
  role: z.enum(ROLES).optional(),
  status: z.enum(ACCOUNT_STATUSES).optional(),
  sort: z.enum(['username', 'createdAt', 'lastLoginAt']).default('username'),
  order: z.enum(['asc', 'desc']).default('asc'),
});
export type ListAccountsQuery = z.infer<typeof ListAccountsQuery>;
export const AccountPage = pageOf(AccountView);

export const AccountStats = z.object({
  total: z.number().int(),
  active: z.number().int(),
  byRole: z.array(z.object({ role: z.enum(ROLES), count: z.number().int() })),
});

/** Who is signed in, what they may do, and the token to send with writes. */
export const Me = z.object({
  account: z.object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    roles: z.array(z.enum(ROLES)),
    mustChangePassword: z.boolean(),
  }),
  org: z.object({ id: z.number().int(), name: z.string(), type: z.string() }),
  permissions: z.array(z.string()),
  assignableRoles: z.array(z.enum(ROLES)),
  csrfToken: z.string(),
});
export type Me = z.infer<typeof Me>;

export const RoleView = z.object({
  role: z.enum(ROLES),
  label: z.string(),
  permissions: z.array(z.object({ permission: z.string(), label: z.string() })),
  accountCount: z.number().int(),
});

/** Permissions of this module: what each allows and which roles hold it (a system administrator holds all). */
export const ACCOUNT_PERMISSIONS = {
  'account:read': { label: '查看账号', roles: ['union_admin', 'auditor'] },
  'account:write': { label: '管理账号（新增、编辑、重置密码、强制下线）', roles: ['union_admin'] },
} satisfies PermissionDefs;
declare module '../../shared/permissions.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface PermissionRegistry extends Record<keyof typeof ACCOUNT_PERMISSIONS, true> {}
}
