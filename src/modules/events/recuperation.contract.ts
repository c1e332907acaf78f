/**
 * 疗休养 — yearly recuperation batches: places allocated down the tree, unions nominate (推荐) or
 * workers apply (申请), each applicant scored by the policy's weights with the score explained line
 * by line, ranked with a stated tie-break, publicly noticed with masked names (公示) and open to
 * objection (异议) for the policy's days, then confirmed (确认入选); a withdrawal (退出) pulls up the
 * next in rank (递补). The selected fill in a second form (行前信息: emergency contact, health
 * declaration). 补贴台账: the subsidy per confirmed person.
 */
import { z, text, optionalText, personName, id, queryId, date, int, money } from '../../shared/contract.ts';
import { isMobilePhone } from '../../shared/ids.ts';

export const BATCH_STAGES = ['applying', 'noticed', 'confirmed'] as const;
export type BatchStage = (typeof BATCH_STAGES)[number];
export const BATCH_STAGE_LABELS: Record<BatchStage, string> = { applying: '推荐报名中', noticed: '公示中', confirmed: '已确认' };

export const APPLICATION_STATUSES = ['pending', 'selected', 'reserve', 'withdrawn'] as const;
export type RecuperationStatus = (typeof APPLICATION_STATUSES)[number];
export const APPLICATION_STATUS_LABELS: Record<RecuperationStatus, string> = { pending: '待评定', selected: '入选', reserve: '候补', withdrawn: '已退出' };

export const SOURCES = ['nominated', 'applied'] as const;
export const SOURCE_LABELS: Record<(typeof SOURCES)[number], string> = { nominated: '工会推荐', applied: '职工申请' };

export const OBJECTION_OUTCOMES = ['upheld', 'dismissed'] as const;
export const OBJECTION_OUTCOME_LABELS: Record<(typeof OBJECTION_OUTCOMES)[number], string> = { upheld: '异议成立', dismissed: '异议不成立' };

/** The order of the ranking, as the page and the API state it. */
export const TIE_BREAK = '按得分从高到低排序；得分相同时会龄长者在前，再相同时申请在先者在前，最后按申请编号';

/**
 * 一线和高危岗位: occupations that earn the front-line points (环卫、快递、外卖、货运、建筑、医护、
 * 消防、公交、农牧民工、保安 — the jobs the care campaigns call 一线).
 */
export const FRONTLINE_OCCUPATIONS = [
  'sanitation',
  'courier',
  'delivery_rider',
  'truck_driver',
  'ride_hailing_driver',
  'construction',
  'medical',
  'firefighter',
  'bus_driver',
  'migrant_farmer',
  'security',
] as const;

/** The honour tags that earn the 劳模 points. */
export const MODEL_WORKER_TAGS = ['劳模'] as const;

/**
 * The policy values scoring uses when a union has not set its own (政策参数 → 疗休养): points per
 * factor, the service-year cap, the years without a trip, the age limit and the notice days.
 */
export const SCORING_DEFAULTS = {
  recuperation_weight_model_worker: 30,
  recuperation_weight_service_year: 1,
  recuperation_service_years_cap: 30,
  recuperation_weight_frontline: 20,
  recuperation_weight_new_form: 15,
  recuperation_weight_no_recent_trip: 20,
  recuperation_interval_years: 3,
  recuperation_max_age: 60,
  recuperation_notice_days: 5,
} as const;
export type ScoringWeights = { -readonly [K in keyof typeof SCORING_DEFAULTS]: number };

export const ScoreLineView = z.object({ factor: z.string(), label: z.string(), detail: z.string(), points: z.number() });
export type ScoreLineView = z.infer<typeof ScoreLineView>;

const phone = z
  .string({ error: '请填写紧急联系人电话' })
  .transform((v) => v.replace(/[\s-]/g, ''))
  .refine(isMobilePhone, '紧急联系人电话应为 11 位大陆手机号码');

export const CreateBatchInput = z
  .object({
    orgId: id('组织单位'),
    title: text('批次名称', { max: 60 }),
    year: int('年度', { min: 2000, max: 2100 }),
    destination: text('目的地', { max: 60 }),
    startsOn: date('出发日期'),
    endsOn: date('返回日期'),
    places: int('名额', { min: 1, max: 10000 }),
    /** 每人补贴 in fen; the policy's 疗休养补贴 when left out. */
    subsidyFen: money('每人补贴', { max: 10_000_000 }).nullish(),
    description: optionalText('说明', { max: 500, multiline: true }),
  })
  .refine((v) => v.startsOn <= v.endsOn, { message: '返回日期不能早于出发日期', path: ['endsOn'] });
export type CreateBatchInput = z.infer<typeof CreateBatchInput>;

export const BatchIdParams = z.object({ id: queryId('疗休养批次') });
export const ApplicationParams = z.object({ id: queryId('疗休养批次'), applicationId: queryId('疗休养申请') });
export const ObjectionParams = z.object({ id: queryId('疗休养批次'), objectionId: queryId('异议') });
export const WorkerApplicationParams = z.object({ applicationId: queryId('疗休养申请') });

export const NominateInput = z.object({
  personId: id('推荐人员'),
  healthDeclared: z.boolean({ error: '请确认健康声明' }),
});
export const ApplyInput = z.object({ healthDeclared: z.boolean({ error: '请确认健康声明' }) });

export const QuotaInput = z.object({ orgId: id('分配单位'), places: int('名额', { min: 0, max: 10000 }) });
export const ObjectionInput = z.object({ applicationId: id('被异议人员'), text: text('异议内容', { max: 500, multiline: true }) });
export const ResolveInput = z.object({ outcome: z.enum(OBJECTION_OUTCOMES, { error: '请选择处理结果' }), reason: text('处理理由', { max: 300 }) });
export const WithdrawInput = z.object({ reason: text('退出原因', { max: 200 }) });
export const SecondFormInput = z.object({
  emergencyName: personName('紧急联系人'),
  emergencyPhone: phone,
  healthDeclared: z.literal(true, { error: '请确认行前健康声明' }),
});
export type SecondFormInput = z.infer<typeof SecondFormInput>;

export const BatchView = z.object({
  id: z.number().int(),
  title: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  year: z.number().int(),
  destination: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  places: z.number().int(),
  taken: z.number().int(),
  subsidyFen: z.number().int(),
  stage: z.enum(BATCH_STAGES),
  noticeStartsOn: z.string().nullable(),
  noticeEndsOn: z.string().nullable(),
  applicants: z.number().int(),
  /** The actor organises it (or is above the organiser): notice, objections, confirmation, ledger. */
  canManage: z.boolean(),
});
export type BatchView = z.infer<typeof BatchView>;

export const RankedApplicant = z.object({
  id: z.number().int(),
  personId: z.number().int(),
  name: z.string(),
  orgName: z.string(),
  source: z.enum(SOURCES),
  status: z.enum(APPLICATION_STATUSES),
  score: z.number().int(),
  serviceYears: z.number().int(),
  explanation: z.array(ScoreLineView),
  excludedReason: z.string().nullable(),
  /** Place in the ranking (1 = first); null for the excluded and the withdrawn. */
  rank: z.number().int().nullable(),
  /** Within the places as ranked now. */
  withinPlaces: z.boolean(),
  appliedAt: z.string(),
  secondFormDone: z.boolean(),
  emergencyName: z.string().nullable(),
  emergencyPhoneMasked: z.string().nullable(),
});
export type RankedApplicant = z.infer<typeof RankedApplicant>;
export const Ranking = z.object({ tieBreak: z.string(), items: z.array(RankedApplicant) });

export const NoticeLine = z.object({ rank: z.number().int(), maskedName: z.string(), orgName: z.string(), score: z.number().int() });
export const NoticeView = z.object({
  title: z.string(),
  unionName: z.string(),
  noticeStartsOn: z.string(),
  noticeEndsOn: z.string(),
  places: z.number().int(),
  tieBreak: z.string(),
  rows: z.array(NoticeLine),
});

export const ObjectionView = z.object({
  id: z.number().int(),
  applicationId: z.number().int(),
  name: z.string(),
  text: z.string(),
  recordedAt: z.string(),
  outcome: z.enum(OBJECTION_OUTCOMES).nullable(),
  resolution: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});

export const ConfirmResult = z.object({ selected: z.number().int(), reserve: z.number().int() });
export const WithdrawResult = z.object({ withdrawn: z.number().int(), pulledUp: z.object({ id: z.number().int(), name: z.string() }).nullable() });

export const LedgerLine = z.object({
  id: z.number().int(),
  name: z.string(),
  idMasked: z.string(),
  orgName: z.string(),
  kind: z.enum(['grant', 'reversal']),
  amountFen: z.number().int(),
  createdAt: z.string(),
});

// ---- worker side ---------------------------------------------------------------------------

export const OpenBatchView = z.object({
  id: z.number().int(),
  title: z.string(),
  orgName: z.string(),
  destination: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  places: z.number().int(),
  subsidyFen: z.number().int(),
  applied: z.boolean(),
});
export const MyApplicationView = z.object({
  id: z.number().int(),
  batchId: z.number().int(),
  title: z.string(),
  destination: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  stage: z.enum(BATCH_STAGES),
  status: z.enum(APPLICATION_STATUSES),
  score: z.number().int(),
  explanation: z.array(ScoreLineView),
  excludedReason: z.string().nullable(),
  rank: z.number().int().nullable(),
  secondFormDone: z.boolean(),
});
