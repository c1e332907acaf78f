/**
 * 审计日志 — who changed what, when; hash-chained so that tampering shows.
 */
import { z, Paging, pageOf, optionalDate, int, queryId, searchQuery, jsonValue } from '../../shared/contract.ts';
import type { PermissionDefs } from '../../shared/permissions.ts';

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'person.correction_request': '申请更正信息',
  'person.correction_accept': '采纳更正申请',
  'person.correction_reject': '未采纳更正申请',
  'person.consent': '变更个人信息授权',
  'person.self_export': '下载本人信息副本',
  create: '新增',
  update: '修改',
  move: '移动',
  status: '启用/停用',
  delete: '删除',
  import: '导入',
  login: '登录',
  login_failed: '登录失败',
  logout: '退出登录',
  password_change: '修改密码',
  password_reset: '重置密码',
  revoke_sessions: '强制下线',
  reveal: '查看敏感信息',
  export: '导出',
  merge: '合并',
  unmerge: '撤销合并',
  seal: '封存',
  'campaign.create': '新建慰问活动',
  'campaign.update': '修改慰问活动',
  'campaign.submit': '提交审批',
  'campaign.approve': '审批通过',
  'campaign.return': '退回修改',
  'campaign.start': '开始发放',
  'campaign.end': '结束活动',
  'campaign.archive': '归档活动',
  'campaign.reopen': '退回草稿',
  'campaign.allocate': '下达名额预算',
  'campaign.add': '添加慰问对象',
  'campaign.exclude': '排除慰问对象',
  'campaign.quota_rule': '设置超出配额的处理',
  'campaign.quota_cap': '按配额截取名单',
  'campaign.quota_raise': '调增配额',
  'campaign.point': '新增发放点',
  'campaign.point.update': '修改发放点',
  'campaign.stock.move': '调拨发放点库存',
  'campaign.sheet': '录入签领表',
  'campaign.reverse': '冲正发放',
  'campaign.remind': '发送领取提醒',
  'hardship.file': '建档申请',
  'hardship.update': '修改困难档案',
  'hardship.verify': '核查通过',
  'hardship.notice': '开始公示',
  'hardship.approve': '审批建档',
  'hardship.exit': '解困脱困',
  'hardship.reopen': '返困',
  'hardship.close': '销档',
  'hardship.promote': '转为困难职工档案',
  'hardship.assist': '录入帮扶',
  'hardship.signoff': '复核大额帮扶',
  'hardship.followup': '录入回访',
  'hardship.attach': '上传附件',
  'hardship.attachment.read': '查看附件',
  'hardship.apply': '职工申请帮扶',
  'hardship.apply.photo': '职工上传申请照片',
  'hardship.reveal': '查看困难家庭敏感信息',
  'hardship.import': '导入困难职工台账',
  'hardship.discover': '运行主动发现',
  'hardship.candidate.accept': '采纳发现线索',
  'hardship.candidate.dismiss': '忽略发现线索',
  'membership.apply': '提交入会申请',
  'membership.transfer_apply': '提交转会申请',
  'membership.review': '开始审核入会申请',
  'membership.approve': '入会申请通过',
  'membership.refuse': '入会申请未通过',
  'lecture.order': '宣讲点单',
  'lecture.schedule': '宣讲排期',
  'lecture.confirm': '确认宣讲排期',
  'lecture.deliver': '登记宣讲已开展',
  'lecture.close': '宣讲点单结办',
  'lecture.decline': '不受理宣讲点单',
  'lecture.cancel': '取消宣讲点单',
  'lecture.photo': '上传活动照片',
  'competition.create': '新建技能竞赛',
  'competition.trade': '新增竞赛工种',
  'competition.round': '新增竞赛轮次',
  'competition.judge': '指定评委',
  'competition.enter': '竞赛报名',
  'competition.score': '录入评分',
  'competition.close_round': '结束本轮评分',
  'competition.award': '评定竞赛奖项',
  'competition.award_revoke': '撤销竞赛奖项',
  'competition.disqualify': '取消参赛成绩',
  'event.checkin_list': '新建签到清单',
  'event.checkin_sync': '同步离线签到',
  'event.handout_sync': '同步离线发放',
  'person.honour': '记入荣誉',
  'person.honour_withdrawn': '撤销荣誉',
  'camps.create': '新建夏令营',
  'camps.child.register': '登记职工子女',
  'camps.child.read': '查看职工子女信息',
  'camps.apply': '夏令营报名',
  'camps.withdraw': '夏令营退出',
  'camps.seed': '公布摇号种子',
  'camps.draw': '夏令营摇号',
  'portal.sign_in': '职工登录',
  'portal.bind': '职工核验身份关联档案',
  'portal.bind_refused': '职工关联档案被拒',
  'portal.wechat_bind': '职工绑定微信',
  'event.create': '新建活动',
  'event.update': '修改活动',
  'event.open': '开放活动报名',
  'event.close': '截止活动报名',
  'event.finish': '结束活动',
  'event.cancel': '取消活动',
  'event.session_add': '添加活动场次',
  'event.session_update': '修改活动场次',
  'event.session_remove': '删除活动场次',
  'event.quota': '下达活动名额',
  'event.signup': '代职工报名活动',
  'event.worker_signup': '职工报名活动',
  'event.signup_cancel': '取消活动报名',
  'event.offer_accept': '确认递补名额',
  'event.offer_decline': '放弃递补名额',
  'event.offer_expire': '递补名额逾期',
  'event.attend': '登记活动到场',
  'event.unattend': '撤销活动到场',
  'event.rate': '评价活动',
  'event.certificate': '出具活动参加证明',
  'recuperation.create': '新建疗休养批次',
  'recuperation.nominate': '推荐疗休养人员',
  'recuperation.apply': '申请疗休养',
  'recuperation.notice': '公示疗休养名单',
  'recuperation.objection': '登记疗休养异议',
  'recuperation.objection_resolve': '处理疗休养异议',
  'recuperation.confirm': '确认疗休养入选名单',
  'recuperation.withdraw': '退出疗休养',
  'recuperation.second_form': '填写疗休养行前信息',
  'volunteer.backfill': '补录志愿服务时长',
  'volunteer.approve': '补录时长审核通过',
  'volunteer.reject': '补录时长审核不通过',
  'volunteer.order': '工会代点单',
  'volunteer.dispatch': '派单',
  'volunteer.decline': '不予受理服务需求',
  'volunteer.rate': '评价志愿服务',
  'volunteer.certificate': '出具志愿服务记录证明',
  'volunteer.certificate_revoke': '作废志愿服务记录证明',
  'modelworker.honour': '登记劳模荣誉',
  'modelworker.honour_update': '更正劳模荣誉',
  'modelworker.honour_revoke': '撤销劳模荣誉',
  'modelworker.status': '登记劳模状态变更',
  'modelworker.profile': '修改劳模关爱档案',
  'modelworker.care': '登记劳模关爱记录',
  'modelworker.import': '导入劳模荣誉名单',
  'modelworker.run_create': '生成劳模津贴发放批次',
  'modelworker.run_confirm': '确认发放劳模津贴',
  'modelworker.run_cancel': '作废劳模津贴发放批次',
};

export const AUDIT_ENTITY_LABELS: Record<string, string> = {
  lecture_performer: '主讲人或演出团队',
  lecture_item: '宣讲菜单项目',
  station: '驿站',
  volunteer: '志愿者',
  volunteer_team: '志愿服务队',
  volunteer_project: '志愿服务项目',
  volunteer_record: '志愿服务时长',
  volunteer_order: '志愿服务需求',
  volunteer_certificate: '志愿服务记录证明',
  model_worker: '劳模档案',
  model_worker_run: '劳模津贴发放批次',
  lecture_order: '宣讲点单',
  person_correction: '更正申请',
  org: '组织',
  account: '账号',
  session: '会话',
  policy: '政策参数',
  person: '职工档案',
  occupation: '职业',
  audit: '审计日志',
  campaign: '慰问活动',
  campaign_point: '发放点',
  disbursement_line: '发放台账',
  hardship_case: '困难职工档案',
  hardship_candidate: '发现线索',
  membership_application: '入会申请',
  competition: '技能竞赛',
  competition_entry: '竞赛参赛',
  event_checkin_list: '签到清单',
  event: '活动',
  camp_child: '职工子女',
  camp_application: '夏令营申请',
  job: '后台任务',
  worker_account: '职工端账号',
  event_signup: '活动报名',
  recuperation_batch: '疗休养批次',
  recuperation_application: '疗休养申请',
  recuperation_objection: '疗休养异议',
};

export const ListAuditQuery = Paging.extend({
  entity: searchQuery('对象类型', { max: 40 }),
  entityId: searchQuery('对象编号', { max: 40 }),
  action: searchQuery('操作', { max: 40 }),
  actor: searchQuery('操作人', { max: 64 }),
  orgId: queryId('组织').optional(),
  from: optionalDate('开始日期'),
  to: optionalDate('结束日期'),
});
export type ListAuditQuery = z.infer<typeof ListAuditQuery>;

/** A record's fields as the entry keeps them, before or after the change (plain JSON: dates are strings). */
export const AuditSnapshot = z.record(z.string(), jsonValue());
export type AuditSnapshot = z.infer<typeof AuditSnapshot>;

export const AuditEntryView = z.object({
  id: z.number().int(),
  at: z.string(),
  actorAccountId: z.number().int().nullable(),
  actorName: z.string(),
  orgId: z.number().int().nullable(),
  orgName: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  summary: z.string().nullable(),
  before: AuditSnapshot.nullable(),
  after: AuditSnapshot.nullable(),
  ip: z.string().nullable(),
  hash: z.string(),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;
export const AuditPage = pageOf(AuditEntryView);
export const AuditIdParams = z.object({ id: queryId('日志') });

export const AuditVerifyResult = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  /** The first entry where the chain breaks, and why. */
  brokenAt: z.number().int().nullable(),
  problem: z.string().nullable(),
  verifiedAt: z.string(),
  /** Signed anchors the chain was compared with (those kept by the server and those supplied). */
  anchorsChecked: z.number().int(),
});
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;

/**
 * One signed anchor of the chain's head: after `entries` entries the last one was `lastId` with
 * hash `lastHash`, at `at`. The signature is Ed25519 over the lines
 * `niangjia-audit-anchor`, entries, lastId, lastHash, at (joined by "\n"), so it can be checked with
 * the public key alone.
 */
export const AuditAnchor = z.object({
  at: z.iso.datetime({ offset: true, error: '锚点时间不是有效时间' }),
  entries: int('锚点条数', { min: 0, max: Number.MAX_SAFE_INTEGER }),
  lastId: int('锚点日志编号', { min: 0, max: Number.MAX_SAFE_INTEGER }),
  lastHash: z.string().regex(/^[0-9a-f]{64}$/, { error: '锚点哈希应为 64 位十六进制' }),
  signature: z
    .string({ error: '锚点签名应为 Base64' })
    .max(200, '锚点签名应为 Base64')
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, '锚点签名应为 Base64'),
});
export type AuditAnchor = z.infer<typeof AuditAnchor>;

/** The anchors as an auditor downloads them, and gives them back to the verifier later. */
export const AuditAnchorFile = z.object({
  algorithm: z.literal('Ed25519'),
  /** Base64 of the raw 32-byte public key. */
  publicKey: z.string().max(100),
  exportedAt: z.string(),
  anchors: z.array(AuditAnchor).max(100_000, { error: '锚点最多 100000 个' }),
});
export type AuditAnchorFile = z.infer<typeof AuditAnchorFile>;

/** Anchors the auditor kept (a file downloaded earlier), compared with the chain besides the server's own. */
export const AuditVerifyInput = z.object({ anchors: z.array(AuditAnchor).max(100_000, { error: '锚点最多 100000 个' }).default([]) });
export type AuditVerifyInput = z.infer<typeof AuditVerifyInput>;

/** Permissions of this module: what each allows and which roles hold it (a system administrator holds all). */
export const AUDIT_PERMISSIONS = {
  'audit:read': { label: '查看和校验审计日志', roles: ['auditor'] },
} satisfies PermissionDefs;
declare module '../../shared/permissions.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface PermissionRegistry extends Record<keyof typeof AUDIT_PERMISSIONS, true> {}
}
