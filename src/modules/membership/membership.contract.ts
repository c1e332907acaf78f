/**
 * 入会 — the membership drive: workers apply online to join the union (入会申请) and are routed to
 * the right grassroots union; members move with their job (转会).
 * Glossary: 入会申请 join application, 转会 membership transfer, 联合工会 / 新就业形态工会 the union
 * that takes scattered and new-employment-form workers of an area, 入会二维码海报 the join QR
 * poster, 会员编号 member number, 统一社会信用代码 an employer's unified social credit code.
 */
import { z, text, optionalText, optionalNameText, personName, id, queryId, Paging, pageOf, optionalDate, optionalChecked } from '../../shared/contract.ts';
import { isValidCreditCode } from '../../shared/ids.ts';
import type { PermissionDefs } from '../../shared/permissions.ts';

export const APPLICATION_KINDS = ['join', 'transfer'] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number];
export const APPLICATION_KIND_LABELS: Record<ApplicationKind, string> = { join: '入会', transfer: '转会' };

/** submitted → reviewing (a staff member opened it) → approved / refused (with a reason). */
export const APPLICATION_STATUSES = ['submitted', 'reviewing', 'approved', 'refused'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = {
  submitted: '已提交',
  reviewing: '审核中',
  approved: '已通过',
  refused: '未通过',
};
export const OPEN_STATUSES = ['submitted', 'reviewing'] as const;

/** How the worker came: the union's poster QR code, the portal itself, or entered by staff. */
export const CHANNELS = ['poster', 'portal', 'staff'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, string> = { poster: '海报二维码', portal: '职工端', staff: '工会录入' };

/** Why the application went to its union: the poster's union, the employer's union, or the area's joint union. */
export const ROUTES = ['poster', 'employer', 'joint'] as const;
export type RouteKind = (typeof ROUTES)[number];
export const ROUTE_LABELS: Record<RouteKind, string> = { poster: '扫码所属工会', employer: '用人单位工会', joint: '所在地联合工会' };

const creditCode = optionalChecked(isValidCreditCode, '统一社会信用代码无效（应为 18 位，校验位不符）', { upper: true });

/** Step 2: the employer, by name or unified social credit code; the area when the employer has no union. */
export const EmployerInput = z
  .object({
    employerName: optionalNameText('工作单位', { max: 100 }),
    employerCreditCode: creditCode,
    /** A county or township union the worker picked (its joint union takes the application). */
    areaOrgId: id('所在地区').nullish(),
    /** The union of the poster the worker scanned (/m/join?org=). */
    posterOrgId: id('扫码工会').nullish(),
  })
  .refine((v) => v.employerName || v.employerCreditCode || v.posterOrgId, { message: '请填写工作单位名称或统一社会信用代码', path: ['employerName'] });
export type EmployerInput = z.infer<typeof EmployerInput>;

export const RouteResult = z.object({
  /** null when the employer has no union and no area was picked yet. */
  org: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  via: z.enum(ROUTES).nullable(),
  /** The employer has no union: pick the county or township (its joint union takes the application). */
  needsArea: z.boolean(),
  message: z.string().nullable(),
});
export type RouteResult = z.infer<typeof RouteResult>;

export const JoinApplicationInput = z.object({
  name: personName('姓名'),
  idNumber: text('身份证号', { max: 30 }),
  employerName: optionalNameText('工作单位', { max: 100 }),
  employerCreditCode: creditCode,
  areaOrgId: id('所在地区').nullish(),
  posterOrgId: id('扫码工会').nullish(),
  occupation: z.string({ error: '请选择职业' }).regex(/^[a-z][a-z0-9_]{0,39}$/, '请选择职业'),
});
export type JoinApplicationInput = z.infer<typeof JoinApplicationInput>;

export const TransferApplicationInput = z.object({
  employerName: optionalNameText('新工作单位', { max: 100 }),
  employerCreditCode: creditCode,
  areaOrgId: id('所在地区').nullish(),
  reason: optionalText('转会原因', { max: 100 }),
});
export type TransferApplicationInput = z.infer<typeof TransferApplicationInput>;

export const StepView = z.object({ status: z.enum(APPLICATION_STATUSES), at: z.string() });

/** What the worker sees of their own application. */
export const MyApplication = z.object({
  id: z.number().int(),
  kind: z.enum(APPLICATION_KINDS),
  status: z.enum(APPLICATION_STATUSES),
  name: z.string(),
  orgName: z.string(),
  fromOrgName: z.string().nullable(),
  employerName: z.string().nullable(),
  occupationLabel: z.string().nullable(),
  memberNo: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: z.string(),
  steps: z.array(StepView),
});
export type MyApplication = z.infer<typeof MyApplication>;

export const MyMembership = z.object({
  /** The worker's membership, when they are a registered member. */
  member: z.object({ memberNo: z.string(), joinedOn: z.string(), state: z.string(), orgName: z.string(), pendingOrgName: z.string().nullable() }).nullable(),
  applications: z.array(MyApplication),
});

export const AreaNode = z.object({ id: z.number().int(), name: z.string(), hasChildren: z.boolean(), jointCount: z.number().int() });
export const AreasQuery = z.object({ parentId: queryId('上级地区').optional() });
export const OccupationChoice = z.object({ code: z.string(), label: z.string() });

// ---- staff side ----------------------------------------------------------------------------

export const ApplicationRow = z.object({
  id: z.number().int(),
  kind: z.enum(APPLICATION_KINDS),
  status: z.enum(APPLICATION_STATUSES),
  channel: z.enum(CHANNELS),
  via: z.enum(ROUTES),
  name: z.string(),
  idMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  employerName: z.string().nullable(),
  employerCreditCode: z.string().nullable(),
  occupation: z.string().nullable(),
  occupationLabel: z.string().nullable(),
  orgId: z.number().int(),
  orgName: z.string(),
  fromOrgName: z.string().nullable(),
  memberNo: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
});
export type ApplicationRow = z.infer<typeof ApplicationRow>;
export const ApplicationPage = pageOf(ApplicationRow);

export const ListApplicationsQuery = Paging.extend({
  status: z.enum([...APPLICATION_STATUSES, 'open']).optional(),
  kind: z.enum(APPLICATION_KINDS).optional(),
  channel: z.enum(CHANNELS).optional(),
  occupation: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,39}$/, '请选择有效的职业')
    .optional(),
  from: optionalDate('开始日期'),
  to: optionalDate('结束日期'),
  orgId: queryId('工会').optional(),
});
export type ListApplicationsQuery = z.infer<typeof ListApplicationsQuery>;

export const ApplicationIdParams = z.object({ id: queryId('入会申请') });
export const OrgIdParams = z.object({ id: queryId('工会') });
export const RefuseInput = z.object({ reason: text('不通过原因', { max: 200 }) });
export const ApproveResult = z.object({ id: z.number().int(), memberNo: z.string() });
export const BulkApproveInput = z.object({
  applicationIds: z.array(id('入会申请')).min(1, '请选择要审批的申请').max(200, '一次最多审批 200 条'),
});
export const BulkApproveResult = z.object({
  approved: z.number().int(),
  failed: z.number().int(),
  rows: z.array(z.object({ id: z.number().int(), name: z.string(), ok: z.boolean(), memberNo: z.string().nullable(), message: z.string().nullable() })),
});

export const StatsQuery = z.object({ orgId: queryId('工会').optional(), from: optionalDate('开始日期'), to: optionalDate('结束日期') });
export const DriveStats = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  from: z.string(),
  to: z.string(),
  applications: z.number().int(),
  approved: z.number().int(),
  refused: z.number().int(),
  open: z.number().int(),
  /** Median hours from submission to approval, null when nothing was approved. */
  medianHoursToApproval: z.number().nullable(),
  byChannel: z.array(z.object({ channel: z.enum(CHANNELS), applications: z.number().int(), approved: z.number().int() })),
  byOccupation: z.array(z.object({ occupation: z.string().nullable(), label: z.string(), applications: z.number().int(), approved: z.number().int() })),
  byDay: z.array(z.object({ day: z.string(), applications: z.number().int(), approved: z.number().int() })),
  /** Each union directly under the viewed one, with its subtree rolled up. */
  byOrg: z.array(
    z.object({
      orgId: z.number().int(),
      orgName: z.string(),
      applications: z.number().int(),
      approved: z.number().int(),
      medianHoursToApproval: z.number().nullable(),
    }),
  ),
});
export type DriveStats = z.infer<typeof DriveStats>;

/** Permissions of this module (a system administrator holds all). */
export const MEMBERSHIP_PERMISSIONS = {
  'membership:read': { label: '查看入会申请和入会统计', roles: ['union_admin', 'cadre', 'auditor'] },
  'membership:approve': { label: '审批入会和转会申请（分配会员编号）', roles: ['union_admin', 'cadre'] },
} satisfies PermissionDefs;
declare module '../../shared/permissions.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface PermissionRegistry extends Record<keyof typeof MEMBERSHIP_PERMISSIONS, true> {}
}
