/**
 * 账号权限 — accounts, roles, sessions.
 * Glossary: 系统管理员 system administrator, 工会管理员 union administrator (manages a subtree's accounts
 * and settings), 工会干部 union cadre (works on data), 审计员 auditor (read-only), 志愿者 volunteer,
 * 驿站站长 station manager.
 */
import { z, text, oneOf, id, Paging, pageOf } from '../../shared/contract.ts';

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

export const PERMISSIONS = [
  'org:read',
  'org:write',
  'account:read',
  'account:write',
  'policy:read',
  'policy:write',
  'audit:read',
  'person:read',
  'person:write',
  'person:import',
  'person:export',
  'person:reveal',
  'person:merge',
  'person:unmerge',
  'campaign:read',
  'campaign:write',
  'campaign:approve',
  'campaign:distribute',
  'campaign:export',
  'hardship:read',
  'hardship:write',
  'hardship:verify',
  'hardship:sensitive',
  'hardship:export',
] as const;
export type Permission = (typeof PERMISSIONS)[number];
export const PERMISSION_LABELS: Record<Permission, string> = {
  'org:read': '查看组织架构',
  'org:write': '维护组织架构（新增、编辑、移动、停用、导入）',
  'account:read': '查看账号',
  'account:write': '管理账号（新增、编辑、重置密码、强制下线）',
  'policy:read': '查看政策参数',
  'policy:write': '设置政策参数',
  'audit:read': '查看和校验审计日志',
  'person:read': '查看职工档案（证件号、手机号脱敏）',
  'person:write': '新增、修改、调转职工档案和会籍',
  'person:import': '批量导入职工档案',
  'person:export': '导出职工名单（脱敏）',
  'person:reveal': '查看完整证件号和手机号（逐次留痕）',
  'person:merge': '审核疑似重复并合并档案',
  'person:unmerge': '撤销档案合并',
  'campaign:read': '查看慰问活动、名单和进度',
  'campaign:write': '创建和编辑慰问活动、下达名额预算、设置发放点',
  'campaign:approve': '审批慰问活动（不能审批本人创建的活动）',
  'campaign:distribute': '在发放点扫码核销、录入签领表',
  'campaign:export': '导出发放台账、打印领取卡和签领表',
  'hardship:read': '查看困难职工档案（家庭收支、健康和银行信息除外）',
  'hardship:write': '建档申请、录入帮扶记录、解困脱困和销档',
  'hardship:verify': '核查、公示和审批困难职工档案（不能审批本人录入的档案）',
  'hardship:sensitive': '查看困难家庭收支、健康和银行账号（逐次留痕）',
  'hardship:export': '导出困难职工台账（脱敏）',
};

/** The one table of who may do what; server checks it, the web hides what it does not allow. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  sysadmin: PERMISSIONS,
  union_admin: [
    'org:read',
    'org:write',
    'account:read',
    'account:write',
    'policy:read',
    'policy:write',
    'person:read',
    'person:write',
    'person:import',
    'person:export',
    'person:reveal',
    'person:merge',
    'person:unmerge',
    'campaign:read',
    'campaign:write',
    'campaign:approve',
    'campaign:distribute',
    'campaign:export',
    'hardship:read',
    'hardship:write',
    'hardship:verify',
    'hardship:sensitive',
    'hardship:export',
  ],
  cadre: [
    'org:read',
    'policy:read',
    'person:read',
    'person:write',
    'person:import',
    'person:export',
    'person:merge',
    'campaign:read',
    'campaign:write',
    'campaign:distribute',
    'campaign:export',
    'hardship:read',
    'hardship:write',
    'hardship:export',
  ],
  auditor: ['org:read', 'account:read', 'policy:read', 'audit:read', 'person:read', 'campaign:read', 'hardship:read'],
  volunteer: ['org:read', 'campaign:distribute'],
  station_manager: ['org:read'],
};

/** Roles an account holding `grantor` roles may give: nobody but a system administrator makes one. */
export function assignableRoles(grantor: readonly Role[]): Role[] {
  if (grantor.includes('sysadmin')) return [...ROLES];
  if (grantor.includes('union_admin')) return ROLES.filter((r) => r !== 'sysadmin');
  return [];
}

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r]));
}

/** 8–64 characters with at least a letter and a digit. */
export const password = (label = '密码') =>
  z
    .string({ error: `请填写${label}` })
    .min(8, `${label}至少 8 位`)
    .max(64, `${label}不能超过 64 位`)
    .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), `${label}须同时包含字母和数字`);

export const LoginInput = z.object({
  username: z.string({ error: '请填写用户名' }).trim().min(1, '请填写用户名').max(64, '用户名不能超过 64 个字符'),
  password: z.string({ error: '请填写密码' }).min(1, '请填写密码').max(128, '密码不能超过 128 位'),
});
export type LoginInput = z.infer<typeof LoginInput>;

export const ChangePasswordInput = z.object({
  currentPassword: z.string({ error: '请填写当前密码' }).min(1, '请填写当前密码'),
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
  displayName: text('姓名', { max: 30 }),
  orgId: id('所属组织'),
  roles,
  password: password('初始密码'),
});
export type CreateAccountInput = z.infer<typeof CreateAccountInput>;

export const UpdateAccountInput = z
  .object({
    displayName: text('姓名', { max: 30 }),
    orgId: id('所属组织'),
    roles,
    status: oneOf(ACCOUNT_STATUSES, '状态'),
  })
  .partial();
export type UpdateAccountInput = z.infer<typeof UpdateAccountInput>;

export const ResetPasswordInput = z.object({ password: password('新密码') });

export const AccountIdParams = z.object({ id: id('账号') });

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
  q: z.string().trim().max(50).optional(),
  orgId: id('组织').optional(),
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
  permissions: z.array(z.enum(PERMISSIONS)),
  assignableRoles: z.array(z.enum(ROLES)),
  csrfToken: z.string(),
});
export type Me = z.infer<typeof Me>;

export const RoleView = z.object({
  role: z.enum(ROLES),
  label: z.string(),
  permissions: z.array(z.object({ permission: z.enum(PERMISSIONS), label: z.string() })),
  accountCount: z.number().int(),
});
