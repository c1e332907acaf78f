/**
 * 组织架构 — the union tree.
 * Glossary: 总工会 federation (national → provincial 省级/自治区 → city 盟市 → county 旗县区),
 * 产业工会 industrial union, 园区工会 park union, 基层工会 grassroots union, 村(社区)级工会 village or
 * community union, 联合工会 joint union of small employers, 行政区划代码 GB/T 2260 division code,
 * 统一社会信用代码 GB 32100 unified social credit code.
 */
import {
  z,
  text,
  optionalText,
  optionalNameText,
  orgName,
  searchQuery,
  optionalDate,
  optionalChecked,
  oneOf,
  id,
  queryId,
  Paging,
  pageOf,
} from '../../shared/contract.ts';
import { isContactPhone, isValidCreditCode } from '../../shared/ids.ts';
import type { PermissionDefs } from '../../shared/permissions.ts';

export const ORG_TYPES = ['national', 'provincial', 'city', 'county', 'industrial', 'park', 'grassroots', 'village', 'joint'] as const;
export type OrgType = (typeof ORG_TYPES)[number];

export const ORG_TYPE_LABELS: Record<OrgType, string> = {
  national: '全国总工会',
  provincial: '省级总工会',
  city: '盟市总工会',
  county: '旗县区总工会',
  industrial: '产业工会',
  park: '园区工会',
  grassroots: '基层工会',
  village: '村(社区)级工会',
  joint: '联合工会',
};

/** Federations follow the administrative tree; their rank orders them top-down. */
export const FEDERATION_RANK: Partial<Record<OrgType, number>> = { national: 0, provincial: 1, city: 2, county: 3 };
export const isFederation = (t: OrgType) => FEDERATION_RANK[t] !== undefined;
/** Federations below the national one carry a GB/T 2260 division code. */
export const needsDivisionCode = (t: OrgType) => isFederation(t) && t !== 'national';

/**
 * Which kind of union may sit under which. Federations nest by rank (a district federation may sit
 * directly under a municipality's federation, as 密云区 under 北京市); industrial unions hang under
 * federations; grassroots-type unions under federations, industrial, park and joint unions, and
 * a grassroots union may have branch unions (分工会). Village unions have none below them.
 */
export function canContain(parent: OrgType, child: OrgType): boolean {
  const pr = FEDERATION_RANK[parent];
  const cr = FEDERATION_RANK[child];
  if (cr !== undefined) return pr !== undefined && cr > pr;
  if (child === 'industrial') return pr !== undefined;
  if (parent === 'village') return false;
  if (child === 'grassroots') return true;
  // park, joint, village
  return pr !== undefined || parent === 'industrial' || parent === 'park' || parent === 'joint';
}

export const ORG_STATUSES = ['active', 'inactive'] as const;
export type OrgStatus = (typeof ORG_STATUSES)[number];
export const ORG_STATUS_LABELS: Record<OrgStatus, string> = { active: '正常', inactive: '已停用' };

const divisionCode = optionalChecked((v) => /^\d{6}$/.test(v), '行政区划代码应为 6 位数字');
const creditCode = optionalChecked(isValidCreditCode, '统一社会信用代码无效（应为 18 位，且校验位正确）', { upper: true });
const contactPhone = optionalChecked(isContactPhone, '联系电话格式不正确（手机号或 0471-1234567）');

const orgFields = {
  name: orgName('组织名称', { max: 100 }),
  shortName: optionalNameText('简称', { max: 30 }),
  type: oneOf(ORG_TYPES, '组织类型'),
  divisionCode,
  creditCode,
  address: optionalText('地址', { max: 200 }),
  contactName: optionalNameText('联系人', { max: 30 }),
  contactPhone,
  foundedOn: optionalDate('成立日期'),
};

export const CreateOrgInput = z.object({ parentId: id('上级组织'), ...orgFields });
export type CreateOrgInput = z.infer<typeof CreateOrgInput>;

export const UpdateOrgInput = z.object(orgFields).partial();
export type UpdateOrgInput = z.infer<typeof UpdateOrgInput>;

export const MoveOrgInput = z.object({ parentId: id('新的上级组织') });
export const SetOrgStatusInput = z.object({ status: oneOf(ORG_STATUSES, '状态') });

export const OrgIdParams = z.object({ id: queryId('组织') });

export const OrgSummary = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  name: z.string(),
  shortName: z.string().nullable(),
  type: z.enum(ORG_TYPES),
  status: z.enum(ORG_STATUSES),
  depth: z.number().int(),
  divisionCode: z.string().nullable(),
});
export type OrgSummary = z.infer<typeof OrgSummary>;

export const OrgTreeNode = OrgSummary.extend({
  childCount: z.number().int(),
  descendantCount: z.number().int(),
});
export type OrgTreeNode = z.infer<typeof OrgTreeNode>;

/** What the UI may offer on an org, computed on the server. */
export const OrgCan = z.object({ edit: z.boolean(), addChild: z.boolean(), move: z.boolean(), setStatus: z.boolean() });

export const OrgDetail = OrgSummary.extend({
  creditCode: z.string().nullable(),
  address: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  foundedOn: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  childCount: z.number().int(),
  descendantCount: z.number().int(),
  /** From the actor's own org down to this one: the breadcrumb. */
  trail: z.array(z.object({ id: z.number().int(), name: z.string() })),
  can: OrgCan,
});
export type OrgDetail = z.infer<typeof OrgDetail>;

export const TreeQuery = z.object({ parentId: queryId('上级组织').optional() });

export const SearchOrgsQuery = Paging.extend({
  q: searchQuery('查询条件', { max: 50 }),
  type: z.enum(ORG_TYPES).optional(),
  status: z.enum(ORG_STATUSES).optional(),
  /** Limit to the subtree of this org (within the actor's scope). */
  within: queryId('组织').optional(),
});
export type SearchOrgsQuery = z.infer<typeof SearchOrgsQuery>;
export const OrgSearchHit = OrgSummary.extend({ trail: z.string() });
export const OrgSearchPage = pageOf(OrgSearchHit);

/**
 * Unions a worker belongs to directly, so the ones a membership can move into: 基层工会 and its
 * regional forms (联合工会, 园区工会, 村(社区)级工会). Federations and industrial unions hold
 * unions, not members.
 */
export const MEMBER_UNION_TYPES = ['grassroots', 'joint', 'park', 'village'] as const satisfies readonly OrgType[];

/** 转入工会 lookup across the whole tree: two characters at least, so it is a search and not a listing. */
export const TRANSFER_QUERY_MIN = 2;
export const TransferTargetsQuery = z.object({ q: text('查找条件', { min: TRANSFER_QUERY_MIN, max: 50 }) });
export type TransferTargetsQuery = z.infer<typeof TransferTargetsQuery>;

/** A union a worker may move to, anywhere in the tree: directory facts only. */
export const TransferTarget = z.object({
  id: z.number().int(),
  name: z.string(),
  type: z.enum(ORG_TYPES),
  /** Names of the unions above it, top-down, without the national federation all share. */
  ancestors: z.array(z.string()),
  /** Inside the actor's own subtree, where a 调转 takes effect at once. */
  inScope: z.boolean(),
});
export type TransferTarget = z.infer<typeof TransferTarget>;

export const OrgStatsQuery = z.object({ orgId: queryId('组织').optional() });
export const OrgStats = z.object({
  orgId: z.number().int(),
  total: z.number().int(),
  active: z.number().int(),
  byType: z.array(z.object({ type: z.enum(ORG_TYPES), count: z.number().int() })),
});
export type OrgStats = z.infer<typeof OrgStats>;

export const Division = z.object({ code: z.string(), name: z.string(), level: z.enum(['province', 'city', 'county']) });
export const DivisionQuery = z.object({
  parent: z
    .string({ error: '上级区划代码应为 6 位数字' })
    .regex(/^\d{6}$/, '上级区划代码应为 6 位数字')
    .optional(),
});

/** Columns of the org import sheet, in order; the header row must use these names. */
export const ORG_IMPORT_COLUMNS = [
  { key: 'name', header: '组织名称', required: true },
  { key: 'shortName', header: '简称', required: false },
  { key: 'type', header: '组织类型', required: true },
  { key: 'parent', header: '上级组织', required: true },
  { key: 'divisionCode', header: '行政区划代码', required: false },
  { key: 'creditCode', header: '统一社会信用代码', required: false },
  { key: 'address', header: '地址', required: false },
  { key: 'contactName', header: '联系人', required: false },
  { key: 'contactPhone', header: '联系电话', required: false },
  { key: 'foundedOn', header: '成立日期', required: false },
] as const;

export const ImportRowError = z.object({ row: z.number().int(), column: z.string(), message: z.string() });
export const OrgImportResult = z.object({
  applied: z.boolean(),
  rows: z.number().int(),
  toCreate: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(ImportRowError),
});
export type OrgImportResult = z.infer<typeof OrgImportResult>;
export const ImportQuery = z.object({ mode: z.enum(['check', 'apply']).default('check') });

/** Permissions of this module: what each allows and which roles hold it (a system administrator holds all). */
export const ORG_PERMISSIONS = {
  'org:read': { label: '查看组织架构', roles: ['union_admin', 'cadre', 'auditor', 'volunteer', 'station_manager'] },
  'org:write': { label: '维护组织架构（新增、编辑、移动、停用、导入）', roles: ['union_admin'] },
} satisfies PermissionDefs;
declare module '../../shared/permissions.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface PermissionRegistry extends Record<keyof typeof ORG_PERMISSIONS, true> {}
}
