/**
 * 政策参数 — thresholds, caps and rates that each union sets for itself and its subtree, from a
 * date on (DESIGN §6: never hard-code a number a union sets). Money is stored in fen.
 */
import { z, id, queryId, date, optionalText } from '../../shared/contract.ts';
import type { PermissionDefs } from '../../shared/permissions.ts';

export const POLICY_KINDS = ['money', 'number', 'integer', 'ratio'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

export interface PolicyDefinition {
  key: string;
  label: string;
  kind: PolicyKind;
  /** Unit shown after the value, e.g. 元/人·月. */
  unit: string;
  group: string;
  description: string;
  min?: number;
  max?: number;
}

export const POLICY_DEFINITIONS = [
  {
    key: 'dibao_monthly',
    label: '城乡低保标准',
    kind: 'money',
    unit: '元/人·月',
    group: '困难职工认定',
    description: '人均月收入低于此线为深度困难；用于相对困难线与生活救助的计算',
  },
  {
    key: 'relative_hardship_multiplier',
    label: '相对困难线倍数',
    kind: 'number',
    unit: '倍低保',
    group: '困难职工认定',
    description: '人均月收入低于“低保标准 × 此倍数”为相对困难（常见为 2 倍）',
    min: 1,
    max: 5,
  },
  {
    key: 'accident_cost_share',
    label: '意外致困支出占比',
    kind: 'ratio',
    unit: '',
    group: '困难职工认定',
    description: '当年刚性支出超过家庭收入的此比例（扣除保险与救助后）可认定意外致困',
    min: 0,
    max: 1,
  },
  {
    key: 'migrant_min_years',
    label: '困难农民工最短务工年限',
    kind: 'integer',
    unit: '年',
    group: '困难职工认定',
    description: '在城镇务工满此年限的会员农民工可按困难农民工建档',
    min: 0,
    max: 10,
  },
  {
    key: 'living_aid_months_deep',
    label: '生活救助月数上限（深度困难）',
    kind: 'integer',
    unit: '个月/年',
    group: '帮扶标准',
    description: '深度困难职工每年生活救助不超过此月数的低保金额',
    min: 0,
    max: 24,
  },
  {
    key: 'living_aid_months_other',
    label: '生活救助月数上限（其他困难）',
    kind: 'integer',
    unit: '个月/年',
    group: '帮扶标准',
    description: '相对困难、意外致困职工每年生活救助不超过此月数的低保金额',
    min: 0,
    max: 24,
  },
  { key: 'medical_aid_cap', label: '医疗救助上限', kind: 'money', unit: '元/户·年', group: '帮扶标准', description: '每户每年医疗救助累计不超过此金额' },
  {
    key: 'study_aid_months_university',
    label: '助学标准（大学生）',
    kind: 'integer',
    unit: '个月低保/人·年',
    group: '帮扶标准',
    description: '金秋助学：每名在读大学生每年不超过此月数的低保金额',
    min: 0,
    max: 24,
  },
  {
    key: 'study_aid_months_high_school',
    label: '助学标准（高中生）',
    kind: 'integer',
    unit: '个月低保/人·年',
    group: '帮扶标准',
    description: '金秋助学：每名高中生每年不超过此月数的低保金额',
    min: 0,
    max: 24,
  },
  {
    key: 'other_aid_cap',
    label: '其他帮扶上限',
    kind: 'money',
    unit: '元/户·年',
    group: '帮扶标准',
    description: '就业创业帮扶、法律援助每户每年各自累计不超过此金额；未设置时按 12 个月低保标准',
  },
  { key: 'temp_relief_cap', label: '临时救助上限', kind: 'money', unit: '元/人·年', group: '帮扶标准', description: '每人每年临时救助累计不超过此金额' },
  {
    key: 'temp_relief_times',
    label: '临时救助次数上限',
    kind: 'integer',
    unit: '次/户·年',
    group: '帮扶标准',
    description: '每户每年临时救助不超过此次数，且同一原因不重复救助',
    min: 0,
    max: 12,
  },
  {
    key: 'followup_interval_months',
    label: '脱困回访间隔',
    kind: 'integer',
    unit: '个月',
    group: '帮扶标准',
    description: '解困脱困后按此间隔安排回访',
    min: 1,
    max: 24,
  },
  {
    key: 'hardship_notice_days',
    label: '公示天数',
    kind: 'integer',
    unit: '天',
    group: '困难职工认定',
    description: '困难职工建档公示至少持续的天数（自然日），期满方可审批建档；未设置时按 5 天（各地惯例为 5–7 个工作日）',
    min: 1,
    max: 30,
  },
  {
    key: 'assistance_signoff_threshold',
    label: '大额帮扶复核线',
    kind: 'money',
    unit: '元/笔',
    group: '帮扶标准',
    description: '单笔帮扶金额超过此数须由录入人以外、有审批权限的人复核后才发放并计入；未设置时按 5,000 元',
  },
  { key: 'recuperation_subsidy', label: '疗休养补贴', kind: 'money', unit: '元/人', group: '疗休养', description: '每人每次疗休养补贴金额' },
  {
    key: 'recuperation_interval_years',
    label: '疗休养间隔',
    kind: 'integer',
    unit: '年',
    group: '疗休养',
    description: '近此年数内未入选疗休养的职工按“近年未参加”权重加分；未设置时按 3 年',
    min: 0,
    max: 10,
  },
  {
    key: 'recuperation_weight_model_worker',
    label: '疗休养评分：劳模',
    kind: 'integer',
    unit: '分',
    group: '疗休养',
    description: '档案有“劳模”标签的申请人加此分；未设置时按 30 分',
    min: 0,
    max: 100,
  },
  {
    key: 'recuperation_weight_service_year',
    label: '疗休养评分：每年会龄',
    kind: 'number',
    unit: '分/年',
    group: '疗休养',
    description: '按入会年数每满一年加此分；未设置时按 1 分',
    min: 0,
    max: 10,
  },
  {
    key: 'recuperation_service_years_cap',
    label: '疗休养评分：会龄计分上限',
    kind: 'integer',
    unit: '年',
    group: '疗休养',
    description: '会龄计分最多计此年数；未设置时按 30 年',
    min: 0,
    max: 50,
  },
  {
    key: 'recuperation_weight_frontline',
    label: '疗休养评分：一线和高危岗位',
    kind: 'integer',
    unit: '分',
    group: '疗休养',
    description: '环卫、快递、外卖、货运、建筑、医护、消防、公交、农牧民工、保安等一线岗位加此分；未设置时按 20 分',
    min: 0,
    max: 100,
  },
  {
    key: 'recuperation_weight_new_form',
    label: '疗休养评分：新就业形态',
    kind: 'integer',
    unit: '分',
    group: '疗休养',
    description: '用工形式为新就业形态的申请人加此分；未设置时按 15 分',
    min: 0,
    max: 100,
  },
  {
    key: 'recuperation_weight_no_recent_trip',
    label: '疗休养评分：近年未参加',
    kind: 'integer',
    unit: '分',
    group: '疗休养',
    description: '近“疗休养间隔”年内未入选疗休养的申请人加此分；未设置时按 20 分',
    min: 0,
    max: 100,
  },
  {
    key: 'recuperation_max_age',
    label: '疗休养年龄上限',
    kind: 'integer',
    unit: '周岁',
    group: '疗休养',
    description: '出发日超过此年龄的职工不能申请或被推荐；未设置时按 60 周岁',
    min: 16,
    max: 100,
  },
  {
    key: 'recuperation_notice_days',
    label: '疗休养公示天数',
    kind: 'integer',
    unit: '天',
    group: '疗休养',
    description: '入选名单公示并接受异议的天数（自然日），期满方可确认；未设置时按 5 天',
    min: 1,
    max: 30,
  },
  {
    key: 'lecture_travel_speed_kmh',
    label: '宣讲排期路程速度',
    kind: 'number',
    unit: '公里/小时',
    group: '宣讲点单',
    description: '排期时按两地直线距离除以此速度估算主讲人或演出团队的路程时间；未设置时按 40 公里/小时',
    min: 5,
    max: 200,
  },
  {
    key: 'lecture_travel_buffer_minutes',
    label: '宣讲排期准备时间',
    kind: 'integer',
    unit: '分钟',
    group: '宣讲点单',
    description: '同一主讲人或团队相邻两场之间，在路程时间之外另留的收拾与布置时间；未设置时按 30 分钟',
    min: 0,
    max: 480,
  },
  {
    key: 'competition_score_spread',
    label: '评分分歧阈值',
    kind: 'number',
    unit: '分',
    group: '技能竞赛',
    description: '同一选手的最高分与最低分之差超过此数时标记评分分歧，提请复核；未设置时按 10 分',
    min: 0,
    max: 100,
  },
  {
    key: 'volunteer_points_per_hour',
    label: '志愿服务积分',
    kind: 'number',
    unit: '分/小时',
    group: '志愿服务',
    description: '每小时经核实的志愿服务折算的积分',
    min: 0,
    max: 100,
  },
  {
    key: 'station_inspection_interval_days',
    label: '驿站巡查周期',
    kind: 'integer',
    unit: '天',
    group: '工会驿站',
    description: '每个驿站两次巡查考核之间最多相隔的天数，超过即列入逾期未巡查；未设置时按 90 天',
    min: 7,
    max: 366,
  },
  {
    key: 'mw_honorary_national_model',
    label: '荣誉津贴：全国劳动模范',
    kind: 'money',
    unit: '元/人·月',
    group: '劳模待遇',
    description: '享受待遇的全国劳动模范每月的荣誉津贴；未设置则不发放。一人有多项荣誉的，按标准最高的一项发放',
  },
  {
    key: 'mw_honorary_national_advanced',
    label: '荣誉津贴：全国先进工作者',
    kind: 'money',
    unit: '元/人·月',
    group: '劳模待遇',
    description: '享受待遇的全国先进工作者每月的荣誉津贴；未设置则不发放。一人有多项荣誉的，按标准最高的一项发放',
  },
  {
    key: 'mw_honorary_national_mayday',
    label: '荣誉津贴：全国五一劳动奖章',
    kind: 'money',
    unit: '元/人·月',
    group: '劳模待遇',
    description: '享受待遇的全国五一劳动奖章每月的荣誉津贴；未设置则不发放。一人有多项荣誉的，按标准最高的一项发放',
  },
  {
    key: 'mw_honorary_ministerial',
    label: '荣誉津贴：省部级劳动模范',
    kind: 'money',
    unit: '元/人·月',
    group: '劳模待遇',
    description: '享受待遇的省部级劳动模范每月的荣誉津贴；未设置则不发放。一人有多项荣誉的，按标准最高的一项发放',
  },
  {
    key: 'mw_honorary_provincial',
    label: '荣誉津贴：自治区（省）级劳动模范',
    kind: 'money',
    unit: '元/人·月',
    group: '劳模待遇',
    description: '享受待遇的自治区（省）级劳动模范每月的荣誉津贴；未设置则不发放。一人有多项荣誉的，按标准最高的一项发放',
  },
  {
    key: 'mw_honorary_city',
    label: '荣誉津贴：盟市级劳动模范',
    kind: 'money',
    unit: '元/人·月',
    group: '劳模待遇',
    description: '享受待遇的盟市级劳动模范每月的荣誉津贴；未设置则不发放。一人有多项荣誉的，按标准最高的一项发放',
  },
  {
    key: 'mw_living_national_model',
    label: '生活补助：全国劳动模范',
    kind: 'money',
    unit: '元/人·年',
    group: '劳模待遇',
    description: '享受待遇的全国劳动模范每年的生活补助；未设置则不发放。一人有多项荣誉的，按标准最高的一项发放',
  },
  {
    key: 'mw_living_national_advanced',
    label: '生活补助：全国先进工作者',
    kind: 'money',
    unit: '元/人·年',
    group: '劳模待遇',
    description: '享受待遇的全国先进工作者每年的生活补助；未设置则不发放。一人有多项荣誉的，按标准最高的一项发放',
  },
  {
    key: 'mw_living_national_mayday',
    label: '生活补助：全国五一劳动奖章',
    kind: 'money',
    unit: '元/人·年',
    group: '劳模待遇',
    description: '享受待遇的全国五一劳动奖章每年的生活补助；未设置则不发放。一人有多项荣誉的，按标准最高的一项发放',
  },
  {
    key: 'mw_living_ministerial',
    label: '生活补助：省部级劳动模范',
    kind: 'money',
    unit: '元/人·年',
    group: '劳模待遇',
    description: '享受待遇的省部级劳动模范每年的生活补助；未设置则不发放。一人有多项荣誉的，按标准最高的一项发放',
  },
  {
    key: 'mw_living_provincial',
    label: '生活补助：自治区（省）级劳动模范',
    kind: 'money',
    unit: '元/人·年',
    group: '劳模待遇',
    description: '享受待遇的自治区（省）级劳动模范每年的生活补助；未设置则不发放。一人有多项荣誉的，按标准最高的一项发放',
  },
  {
    key: 'mw_living_city',
    label: '生活补助：盟市级劳动模范',
    kind: 'money',
    unit: '元/人·年',
    group: '劳模待遇',
    description: '享受待遇的盟市级劳动模范每年的生活补助；未设置则不发放。一人有多项荣誉的，按标准最高的一项发放',
  },
  {
    key: 'mw_priority_age',
    label: '重点关爱年龄',
    kind: 'integer',
    unit: '周岁',
    group: '劳模待遇',
    description: '达到此年龄的劳模列入重点关爱名单；未设置时按 80 周岁',
    min: 60,
    max: 100,
  },
  {
    key: 'mw_priority_visit_days',
    label: '重点关爱走访间隔',
    kind: 'integer',
    unit: '天',
    group: '劳模待遇',
    description: '重点关爱的劳模超过此天数没有走访、看望或慰问即列为待走访；未设置时按 90 天',
    min: 7,
    max: 366,
  },
  {
    key: 'mutualaid_large_claim',
    label: '大额互助金线',
    kind: 'money',
    unit: '元/次',
    group: '互助保障',
    description: '一次审批给付达到此金额的互助金申请，将职工及其家庭推送到困难职工帮扶的主动发现线索；未设置则不推送',
  },
  {
    key: 'sign_in_codes_per_minute',
    label: '验证码每分钟发送上限',
    kind: 'integer',
    unit: '条/手机号',
    group: '职工端登录',
    description: '同一手机号每分钟最多发送的登录验证码条数；未设置时按 1 条（不超过短信服务商的每号码限额）',
    min: 1,
    max: 1,
  },
  {
    key: 'sign_in_codes_per_hour',
    label: '验证码每小时发送上限',
    kind: 'integer',
    unit: '条/手机号',
    group: '职工端登录',
    description: '同一手机号每小时最多发送的登录验证码条数；未设置时按 5 条',
    min: 1,
    max: 5,
  },
  {
    key: 'sign_in_codes_per_day',
    label: '验证码每日发送上限',
    kind: 'integer',
    unit: '条/手机号',
    group: '职工端登录',
    description: '同一手机号 24 小时内最多发送的登录验证码条数；未设置时按 10 条',
    min: 1,
    max: 10,
  },
  {
    key: 'sign_in_codes_per_ip_hour',
    label: '同一网络地址每小时验证码上限',
    kind: 'integer',
    unit: '条/小时',
    group: '职工端登录',
    description: '同一网络地址每小时最多请求的登录验证码条数（防止批量试探手机号）；未设置时按 20 条',
    min: 1,
    max: 100000,
  },
  {
    key: 'sign_in_codes_all_hour',
    label: '全站每小时验证码上限',
    kind: 'integer',
    unit: '条/小时',
    group: '职工端登录',
    description: '全站每小时最多发送的登录验证码条数（防止短信费用被刷）；未设置时按 2,000 条',
    min: 1,
    max: 10000000,
  },
  {
    key: 'identity_checks_per_day',
    label: '身份核验每日次数上限',
    kind: 'integer',
    unit: '次/职工',
    group: '职工端登录',
    description: '职工以姓名和身份证号关联档案时，24 小时内最多可核验失败的次数；未设置时按 5 次',
    min: 1,
    max: 20,
  },
] as const satisfies readonly PolicyDefinition[];

export type PolicyKey = (typeof POLICY_DEFINITIONS)[number]['key'];
export const POLICY_KEYS = POLICY_DEFINITIONS.map((d) => d.key) as [PolicyKey, ...PolicyKey[]];
export const policyDefinition = (key: string): PolicyDefinition | undefined => POLICY_DEFINITIONS.find((d) => d.key === key);

/** Checks a value against its definition; returns a Chinese message or null. */
export function policyValueProblem(def: PolicyDefinition, value: number): string | null {
  if (!Number.isFinite(value)) return `${def.label}须为数字`;
  if ((def.kind === 'money' || def.kind === 'integer') && !Number.isInteger(value)) {
    return def.kind === 'money' ? `${def.label}最多保留两位小数` : `${def.label}须为整数`;
  }
  if (value < (def.min ?? 0)) return `${def.label}不能小于 ${def.min ?? 0}`;
  if (def.max !== undefined && value > def.max) return `${def.label}不能大于 ${def.max}`;
  if (def.kind === 'money' && value > 100_000_000_00) return `${def.label}金额过大`;
  return null;
}

export const SetPolicyInput = z.object({
  orgId: id('组织'),
  key: z.enum(POLICY_KEYS, { error: '请选择有效的参数' }),
  /** In the stored unit: fen for money, a fraction for ratios. */
  value: z.number({ error: (iss) => (iss.input == null ? '请填写参数值' : '参数值必须是数字') }),
  effectiveFrom: date('生效日期'),
  note: optionalText('依据或说明', { max: 200 }),
});
export type SetPolicyInput = z.infer<typeof SetPolicyInput>;

export const PolicyQuery = z.object({ orgId: queryId('组织').optional(), date: date('日期').optional() });

const PolicyValueRow = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  value: z.number(),
  effectiveFrom: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
  /** Not yet in effect, so it may still be withdrawn. */
  pending: z.boolean(),
});

export const PolicyItem = z.object({
  key: z.enum(POLICY_KEYS),
  label: z.string(),
  kind: z.enum(POLICY_KINDS),
  unit: z.string(),
  group: z.string(),
  description: z.string(),
  effective: z.object({ value: z.number(), effectiveFrom: z.string(), orgId: z.number().int(), orgName: z.string(), inherited: z.boolean() }).nullable(),
  own: z.array(PolicyValueRow),
});
export type PolicyItem = z.infer<typeof PolicyItem>;

export const PolicySheet = z.object({
  org: z.object({ id: z.number().int(), name: z.string() }),
  date: z.string(),
  canEdit: z.boolean(),
  items: z.array(PolicyItem),
});
export type PolicySheet = z.infer<typeof PolicySheet>;

export const PolicyIdParams = z.object({ id: queryId('参数记录') });

/** Permissions of this module: what each allows and which roles hold it (a system administrator holds all). */
export const POLICY_PERMISSIONS = {
  'policy:read': { label: '查看政策参数', roles: ['union_admin', 'cadre', 'auditor'] },
  'policy:write': { label: '设置政策参数', roles: ['union_admin'] },
} satisfies PermissionDefs;
declare module '../../shared/permissions.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface PermissionRegistry extends Record<keyof typeof POLICY_PERMISSIONS, true> {}
}
