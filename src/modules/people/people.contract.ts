/**
 * 职工档案 — one record per natural person, keyed by the identity number.
 * Glossary: 身份证号 identity number (encrypted, found by a keyed hash, shown masked), 民族
 * ethnicity, 户口 hukou (城镇/农村), 政治面貌 political status, 工作单位 employer, 所属工会 the
 * grassroots union the person belongs to, 职业 occupation, 用工形式 employment form, 会籍 union
 * membership (会员/转出中/退会/除名), 调转 moving a person to another union, 疑似重复 possible duplicate.
 */
import {
  z,
  text,
  optionalText,
  nameText,
  optionalNameText,
  personName,
  searchQuery,
  optionalDate,
  optionalChecked,
  id,
  queryId,
  queryInt,
  int,
  version,
  Paging,
  pageOf,
  date,
} from '../../shared/contract.ts';
import { isMobilePhone, isValidCreditCode } from '../../shared/ids.ts';
import { ID_TYPES } from '../../shared/idcard.ts';
import type { PermissionDefs } from '../../shared/permissions.ts';

export { ID_TYPES, ID_TYPE_LABELS, type IdType } from '../../shared/idcard.ts';

/** The 56 ethnic groups (GB/T 3304 order) and the two residual classes. */
export const ETHNICITIES = [
  '汉族',
  '蒙古族',
  '回族',
  '藏族',
  '维吾尔族',
  '苗族',
  '彝族',
  '壮族',
  '布依族',
  '朝鲜族',
  '满族',
  '侗族',
  '瑶族',
  '白族',
  '土家族',
  '哈尼族',
  '哈萨克族',
  '傣族',
  '黎族',
  '傈僳族',
  '佤族',
  '畲族',
  '高山族',
  '拉祜族',
  '水族',
  '东乡族',
  '纳西族',
  '景颇族',
  '柯尔克孜族',
  '土族',
  '达斡尔族',
  '仫佬族',
  '羌族',
  '布朗族',
  '撒拉族',
  '毛南族',
  '仡佬族',
  '锡伯族',
  '阿昌族',
  '普米族',
  '塔吉克族',
  '怒族',
  '乌孜别克族',
  '俄罗斯族',
  '鄂温克族',
  '德昂族',
  '保安族',
  '裕固族',
  '京族',
  '塔塔尔族',
  '独龙族',
  '鄂伦春族',
  '赫哲族',
  '门巴族',
  '珞巴族',
  '基诺族',
  '其他',
  '外国血统中国籍人士',
] as const;

export const SEXES = ['male', 'female'] as const;
export const SEX_LABELS = { male: '男', female: '女' } as const;

export const HUKOU_TYPES = ['urban', 'rural'] as const;
export const HUKOU_LABELS = { urban: '城镇户口', rural: '农村户口' } as const;

export const POLITICAL_STATUSES = ['party_member', 'probationary_member', 'league_member', 'democratic_party', 'independent', 'masses'] as const;
export const POLITICAL_LABELS = {
  party_member: '中共党员',
  probationary_member: '中共预备党员',
  league_member: '共青团员',
  democratic_party: '民主党派',
  independent: '无党派人士',
  masses: '群众',
} as const;

export const EDUCATIONS = ['postgraduate', 'bachelor', 'college', 'secondary_vocational', 'high_school', 'junior_high', 'primary', 'none'] as const;
export const EDUCATION_LABELS = {
  postgraduate: '研究生',
  bachelor: '大学本科',
  college: '大学专科',
  secondary_vocational: '中专/技校',
  high_school: '高中',
  junior_high: '初中',
  primary: '小学',
  none: '未上学',
} as const;

export const EMPLOYMENT_FORMS = ['standard', 'new_form', 'migrant', 'flexible'] as const;
export const EMPLOYMENT_FORM_LABELS = { standard: '标准劳动关系', new_form: '新就业形态', migrant: '农民工', flexible: '灵活就业' } as const;

export const WORK_STATUSES = ['on_duty', 'laid_off', 'unemployed', 'retired', 'sick_leave', 'early_retired'] as const;
export const WORK_STATUS_LABELS = {
  on_duty: '在岗',
  laid_off: '下岗',
  unemployed: '失业',
  retired: '退休',
  sick_leave: '病休',
  early_retired: '内退',
} as const;

/** Tags staff use most; others may be added (up to 10 characters each). */
export const COMMON_TAGS = ['劳模', '困难职工', '女职工', '退休', '工伤', '残疾', '少数民族', '退役军人', '单亲', '大病'] as const;

export const MEMBERSHIP_STATES = ['member', 'transferring', 'withdrawn', 'expelled'] as const;
export type MembershipState = (typeof MEMBERSHIP_STATES)[number];
export const MEMBERSHIP_STATE_LABELS: Record<MembershipState, string> = { member: '会员', transferring: '转出中', withdrawn: '退会', expelled: '除名' };

const phone = optionalChecked(isMobilePhone, '手机号应为 11 位大陆手机号码');
const creditCode = optionalChecked(isValidCreditCode, '单位统一社会信用代码无效', { upper: true });

/** An optional choice: blank or absent becomes null, anything else must be one of `values`. */
const optionalEnum = <const T extends readonly [string, ...string[]]>(values: T, label: string) =>
  z
    .string({ error: `请选择有效的${label}` })
    .refine((v) => v === '' || (values as readonly string[]).includes(v), `请选择有效的${label}`)
    .nullish()
    .transform((v) => (v ? (v as T[number]) : null));

/** An occupation's code: what people and campaign rules refer to. */
const OCCUPATION_CODE = /^[a-z][a-z0-9_]{0,39}$/;
export const occupationCode = (label = '职业') => z.string({ error: `请选择有效的${label}` }).regex(OCCUPATION_CODE, `请选择有效的${label}`);

/** A tag staff put on a person (劳模, 困难职工 …). */
export const tag = () => nameText('标签', { max: 10 });

const tags = z
  .array(tag())
  .max(20, '标签不超过 20 个')
  .default([])
  .transform((t) => [...new Set(t)]);

/** The fields a person is entered with. Sex and birth date are not here: they come from the ID number. */
export const personFields = {
  name: personName('姓名'),
  idNumber: text('证件号码', { max: 30 }),
  phone,
  ethnicity: optionalEnum(ETHNICITIES, '民族'),
  address: optionalText('住址', { max: 200 }),
  hukouType: optionalEnum(HUKOU_TYPES, '户口类型'),
  politicalStatus: optionalEnum(POLITICAL_STATUSES, '政治面貌'),
  education: optionalEnum(EDUCATIONS, '文化程度'),
  employerName: optionalNameText('工作单位', { max: 100 }),
  employerCreditCode: creditCode,
  orgId: id('所属工会'),
  occupation: z
    .string({ error: '请选择有效的职业' })
    .refine((v) => v === '' || OCCUPATION_CODE.test(v), '请选择有效的职业')
    .nullish()
    .transform((v) => v || null),
  employmentForm: optionalEnum(EMPLOYMENT_FORMS, '用工形式'),
  workStatus: optionalEnum(WORK_STATUSES, '工作状态'),
  tags,
  notes: optionalText('备注', { max: 500, multiline: true }),
};

export const CreatePersonInput = z.object(personFields);
export type CreatePersonInput = z.infer<typeof CreatePersonInput>;

/** `version` guards against overwriting someone else's change made since the form was opened. */
export const UpdatePersonInput = z.object(personFields).omit({ orgId: true }).partial().extend({ version: version() });
export type UpdatePersonInput = z.infer<typeof UpdatePersonInput>;

export const PersonIdParams = z.object({ id: queryId('人员') });

export const MembershipView = z.object({
  memberNo: z.string(),
  joinedOn: z.string(),
  state: z.enum(MEMBERSHIP_STATES),
  pendingOrgId: z.number().int().nullable(),
  pendingOrgName: z.string().nullable(),
});

export const PersonView = z.object({
  id: z.number().int(),
  name: z.string(),
  sex: z.enum(SEXES),
  birthDate: z.string(),
  age: z.number().int(),
  idType: z.enum(ID_TYPES),
  idMasked: z.string(),
  phoneMasked: z.string().nullable(),
  ethnicity: z.string().nullable(),
  address: z.string().nullable(),
  hukouType: z.enum(HUKOU_TYPES).nullable(),
  politicalStatus: z.enum(POLITICAL_STATUSES).nullable(),
  education: z.enum(EDUCATIONS).nullable(),
  employerName: z.string().nullable(),
  employerCreditCode: z.string().nullable(),
  orgId: z.number().int(),
  orgName: z.string(),
  occupation: z.string().nullable(),
  occupationLabel: z.string().nullable(),
  employmentForm: z.enum(EMPLOYMENT_FORMS).nullable(),
  workStatus: z.enum(WORK_STATUSES).nullable(),
  tags: z.array(z.string()),
  notes: z.string().nullable(),
  membership: MembershipView.nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  can: z.object({ edit: z.boolean(), reveal: z.boolean(), merge: z.boolean(), transfer: z.boolean() }),
});
export type PersonView = z.infer<typeof PersonView>;

export const PersonRow = PersonView.pick({
  id: true,
  name: true,
  sex: true,
  birthDate: true,
  age: true,
  idMasked: true,
  phoneMasked: true,
  orgId: true,
  orgName: true,
  employerName: true,
  occupation: true,
  occupationLabel: true,
  employmentForm: true,
  workStatus: true,
  tags: true,
}).extend({ membershipState: z.enum(MEMBERSHIP_STATES).nullable() });
export type PersonRow = z.infer<typeof PersonRow>;

export const PERSON_SORTS = ['name', 'birthDate', 'createdAt', 'updatedAt'] as const;

export const ListPeopleQuery = Paging.extend({
  /** Name, pinyin, initials, last four of the ID, a full ID number or a phone number. */
  q: searchQuery('查询条件', { max: 40 }),
  orgId: queryId('所属工会').optional(),
  occupation: occupationCode().optional(),
  employmentForm: z.enum(EMPLOYMENT_FORMS).optional(),
  workStatus: z.enum(WORK_STATUSES).optional(),
  sex: z.enum(SEXES).optional(),
  tag: searchQuery('标签', { max: 10 }),
  membership: z.enum([...MEMBERSHIP_STATES, 'none']).optional(),
  employer: searchQuery('工作单位', { max: 50 }),
  ageFrom: queryInt('最小年龄', { min: 0, max: 120 }).optional(),
  ageTo: queryInt('最大年龄', { min: 0, max: 120 }).optional(),
  sort: z.enum(PERSON_SORTS).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
});
export type ListPeopleQuery = z.infer<typeof ListPeopleQuery>;
export const PeoplePage = pageOf(PersonRow).extend({ totalIsEstimate: z.boolean() });

export const RevealInput = z.object({ field: z.enum(['idNumber', 'phone']), reason: text('查看原因', { max: 100 }) });
export const RevealResult = z.object({ field: z.enum(['idNumber', 'phone']), value: z.string().nullable() });

export const TransferPersonInput = z.object({ toOrgId: id('调入工会'), reason: text('调转原因', { max: 100 }), version: version() });

export const PersonHistoryEntry = z.object({
  at: z.string(),
  action: z.string(),
  summary: z.string().nullable(),
  actorName: z.string(),
});

export const JoinInput = z.object({
  memberNo: optionalText('会员编号', { max: 30 }),
  joinedOn: date('入会日期'),
});
export const MembershipChangeInput = z.object({
  action: z.enum(['withdraw', 'expel', 'rejoin', 'transfer_out', 'accept_transfer', 'reject_transfer']),
  toOrgId: id('转入工会').optional(),
  reason: text('原因', { max: 100 }),
  on: optionalDate('日期'),
});

/**
 * 职业代码表: shared by every union. `sort` orders the choices (built-ins 10–150, added 500,
 * 其他 900); `peopleCount` is how many people of the caller's scope hold it — null for an
 * account that may not read the registry.
 */
export const Occupation = z.object({
  code: z.string(),
  label: z.string(),
  builtin: z.boolean(),
  sort: z.number().int(),
  peopleCount: z.number().int().nullable(),
});
export const CreateOccupationInput = z.object({
  code: z
    .string({ error: '请填写职业代码' })
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,39}$/, '职业代码须为小写字母开头的字母、数字或下划线（2–40 位）'),
  label: nameText('职业名称', { max: 20 }),
});
export type CreateOccupationInput = z.infer<typeof CreateOccupationInput>;
export const OccupationCodeParams = z.object({ code: occupationCode('职业代码') });
/** The code is the key people and campaign rules refer to, so it never changes; the name and order may. */
export const UpdateOccupationInput = z
  .object({
    label: nameText('职业名称', { max: 20 }).optional(),
    sort: int('排序号', { min: 0, max: 9999 }).optional(),
  })
  .refine((v) => v.label !== undefined || v.sort !== undefined, '请填写要修改的职业名称或排序号');
export type UpdateOccupationInput = z.infer<typeof UpdateOccupationInput>;

export const DUPLICATE_LEVELS = ['likely', 'possible'] as const;
export const DUPLICATE_LEVEL_LABELS = { likely: '很可能重复', possible: '可能重复' } as const;
export const DuplicatePair = z.object({
  id: z.number().int(),
  score: z.number(),
  level: z.enum(DUPLICATE_LEVELS),
  reasons: z.array(z.string()),
  a: PersonRow,
  b: PersonRow,
  foundAt: z.string(),
});
export const DuplicatePage = pageOf(DuplicatePair);
export const ListDuplicatesQuery = Paging.extend({ level: z.enum(DUPLICATE_LEVELS).optional() });
export const ScanResult = z.object({
  scanned: z.number().int(),
  found: z.number().int(),
  likely: z.number().int(),
  possible: z.number().int(),
  seconds: z.number(),
});

/** Fields chosen one by one when two records are merged; the survivor keeps its ID number. */
export const MERGEABLE_FIELDS = [
  'name',
  'phone',
  'ethnicity',
  'address',
  'hukouType',
  'politicalStatus',
  'education',
  'employerName',
  'employerCreditCode',
  'occupation',
  'employmentForm',
  'workStatus',
  'notes',
] as const;
/** For each field, which record's value to keep; absent means the survivor's. */
export const MergeTake = z.partialRecord(z.enum(MERGEABLE_FIELDS), z.enum(['survivor', 'merged'])).default({});
export const MergeInput = z.object({
  survivorId: id('保留记录'),
  mergedId: id('并入记录'),
  take: MergeTake,
  reason: text('合并原因', { max: 100 }),
});
export const MergePairInput = z.object({ survivorId: id('保留记录'), take: MergeTake, reason: text('合并原因', { max: 100 }) });
export const DismissPairInput = z.object({ reason: text('原因', { max: 100 }) });
export const ScanInput = z.object({ orgId: id('组织').optional() });
export const MergeResult = z.object({ mergeId: z.number().int(), survivorId: z.number().int(), movedReferences: z.number().int() });

/**
 * 职工全景: everything the union holds and did for a person, one section per module (membership,
 * hand-outs, hardship file and assistance …), as far as the caller's subtree may see.
 */
export const PersonRecordRowView = z.object({
  date: z.string().nullable(),
  what: z.string(),
  detail: z.string().nullable(),
  amountFen: z.number().int().nullable(),
  place: z.string().nullable(),
  state: z.string().nullable(),
  link: z.string().nullable(),
  reversal: z.boolean(),
});
export const PersonRecordSectionView = z.object({
  kind: z.string(),
  title: z.string(),
  empty: z.string(),
  rows: z.array(PersonRecordRowView),
});
/** A tag that follows from a record (自动): staff cannot remove it; it goes when the record says so. */
export const DerivedTagView = z.object({ tag: z.string(), reason: z.string(), since: z.string() });
export const PersonRecordView = z.object({
  personId: z.number().int(),
  derivedTags: z.array(DerivedTagView),
  sections: z.array(PersonRecordSectionView),
});
export type PersonRecordView = z.infer<typeof PersonRecordView>;
export type PersonRecordSectionView = z.infer<typeof PersonRecordSectionView>;

/** Permissions of this module: what each allows and which roles hold it (a system administrator holds all). */
export const PERSON_PERMISSIONS = {
  'person:read': { label: '查看职工档案（证件号、手机号脱敏）', roles: ['union_admin', 'cadre', 'auditor'] },
  'person:write': { label: '新增、修改、调转职工档案和会籍', roles: ['union_admin', 'cadre'] },
  'person:import': { label: '批量导入职工档案', roles: ['union_admin', 'cadre'] },
  'person:export': { label: '导出职工名单（脱敏）', roles: ['union_admin', 'cadre'] },
  'person:reveal': { label: '查看完整证件号和手机号（逐次留痕）', roles: ['union_admin'] },
  'person:merge': { label: '审核疑似重复并合并档案', roles: ['union_admin', 'cadre'] },
  'person:unmerge': { label: '撤销档案合并', roles: ['union_admin'] },
} satisfies PermissionDefs;
declare module '../../shared/permissions.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface PermissionRegistry extends Record<keyof typeof PERSON_PERMISSIONS, true> {}
}
