/**
 * 夏令营 — summer camps for workers' children. Glossary: 子女 child, 监护人 guardian (the registry
 * person the child is linked to), 单独同意 separate consent (PIPL art. 28/31: a child's data is
 * sensitive personal information), 营期 a camp, 预留名额 places reserved for a priority group,
 * 摇号 draw, 随机种子 seed, 候补 waiting list, 申请编号 application number.
 *
 * The draw anyone can re-run (see `camps-draw.contract.ts`): the seed is published before the draw, every
 * application's key is HMAC-SHA-256(seed, application number), and the list is the keys in order.
 */
import { z, date, id, int, nameText, oneOf, optionalText, pageOf, Paging, personName, queryId, text } from '../../shared/contract.ts';
import { ID_TYPES } from '../../shared/idcard.ts';

/** 年级: 0 学前 (kindergarten's last year), 1–6 小学, 7–9 初中, 10–12 高中. */
export const GRADES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;
export const GRADE_LABELS: Record<number, string> = {
  0: '学前班',
  1: '一年级',
  2: '二年级',
  3: '三年级',
  4: '四年级',
  5: '五年级',
  6: '六年级',
  7: '初一',
  8: '初二',
  9: '初三',
  10: '高一',
  11: '高二',
  12: '高三',
};

/**
 * 优先群体, in the order the draw fills their reserved places. How each is known: 困难职工 — the
 * guardian has a hardship file 帮扶中 (approved, receiving assistance); 劳模 — the guardian's tag 劳模;
 * 环卫工人 — the guardian's occupation `sanitation`; 新就业形态 — the guardian's employment form
 * `new_form`; 双职工家庭 — declared on the application (both parents work).
 */
export const CAMP_GROUPS = ['hardship', 'model_worker', 'sanitation', 'new_form', 'dual_earner'] as const;
export type CampGroup = (typeof CAMP_GROUPS)[number];
export const CAMP_GROUP_LABELS: Record<CampGroup, string> = {
  hardship: '困难职工子女',
  model_worker: '劳模子女',
  sanitation: '环卫工人子女',
  new_form: '新就业形态劳动者子女',
  dual_earner: '双职工家庭子女',
};

export const CONSENT_RELATIONS = ['father', 'mother', 'guardian'] as const;
export const CONSENT_RELATION_LABELS: Record<(typeof CONSENT_RELATIONS)[number], string> = { father: '父亲', mother: '母亲', guardian: '其他监护人' };

/** applied → selected (has a place) | waiting (in line, by draw order) | not drawn yet; withdrawn at any time. */
export const APPLICATION_STATUSES = ['applied', 'selected', 'waiting', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = { applied: '待摇号', selected: '已录取', waiting: '候补', withdrawn: '已退出' };

/** How a place was won: a group's reserved place, the general draw, or moved up from the waiting list. */
export const WON_VIA = [...CAMP_GROUPS, 'draw', 'waitlist'] as const;
export type WonVia = (typeof WON_VIA)[number];
export const WON_VIA_LABELS: Record<WonVia, string> = { ...CAMP_GROUP_LABELS, draw: '摇号', waitlist: '候补递补' };

/** The phase of a camp's selection. */
export const CAMP_PHASES = ['open', 'published', 'drawn'] as const;
export const CAMP_PHASE_LABELS: Record<(typeof CAMP_PHASES)[number], string> = { open: '报名中', published: '已公布种子', drawn: '已摇号' };

/** What a guardian agrees to, recorded with the child (who, when, for what). */
export const ConsentInput = z.object(
  {
    givenBy: personName('同意人姓名'),
    relation: oneOf(CONSENT_RELATIONS, '与子女关系'),
    givenOn: date('同意日期'),
    purpose: text('同意用途', { max: 200 }),
  },
  { error: '须记录监护人对处理子女信息的单独同意（同意人、日期、用途）' },
);
export type ConsentInput = z.infer<typeof ConsentInput>;

export const ChildInput = z.object({
  guardianPersonId: id('监护人'),
  name: personName('子女姓名'),
  idNumber: text('子女证件号码', { max: 30 }),
  grade: int('年级', { min: 0, max: 12 }),
  consent: ConsentInput,
});
export type ChildInput = z.infer<typeof ChildInput>;

/** The worker registers their own child; they are the guardian and give the consent themselves. */
export const MyChildInput = z.object({
  name: personName('子女姓名'),
  idNumber: text('子女证件号码', { max: 30 }),
  grade: int('年级', { min: 0, max: 12 }),
  relation: oneOf(CONSENT_RELATIONS, '与子女关系'),
  consent: z.literal(true, { error: '须同意工会为报名夏令营处理子女的个人信息' }),
});
export type MyChildInput = z.infer<typeof MyChildInput>;

/** A child as lists show it: masked; the full record comes only with the audited reveal. */
export const ChildRow = z.object({
  id: z.number().int(),
  guardianPersonId: z.number().int(),
  guardianName: z.string(),
  nameMasked: z.string(),
  idMasked: z.string(),
  sex: z.enum(['male', 'female']),
  grade: z.number().int(),
  birthYear: z.number().int(),
  consentGivenBy: z.string(),
  consentGivenOn: z.string(),
});
export type ChildRow = z.infer<typeof ChildRow>;

export const ChildDetails = ChildRow.extend({
  name: z.string(),
  idNumber: z.string(),
  idType: z.enum(ID_TYPES),
  birthDate: z.string(),
  consentRelation: z.enum(CONSENT_RELATIONS),
  consentPurpose: z.string(),
  consentChannel: z.enum(['staff', 'worker']),
});
export type ChildDetails = z.infer<typeof ChildDetails>;

export const ChildrenQuery = Paging.extend({ guardianPersonId: queryId('监护人').optional() });
export const ChildPage = pageOf(ChildRow);
export const ChildIdParams = z.object({ childId: queryId('子女') });
export const RevealInput = z.object({ reason: text('查看原因', { max: 100 }) });

const reservedPlaces = (label: string) => int(`${label}预留名额`, { min: 0, max: 10_000 }).default(0);
export const ReservedInput = z.object({
  hardship: reservedPlaces('困难职工子女'),
  model_worker: reservedPlaces('劳模子女'),
  sanitation: reservedPlaces('环卫工人子女'),
  new_form: reservedPlaces('新就业形态劳动者子女'),
  dual_earner: reservedPlaces('双职工家庭子女'),
});
export type Reserved = Record<CampGroup, number>;

export const CampInput = z.object({
  orgId: id('主办工会'),
  title: nameText('营期名称', { max: 60 }),
  description: optionalText('营期介绍', { max: 500, multiline: true }),
  place: text('营地', { max: 100 }),
  startsOn: date('开营日期'),
  endsOn: date('结营日期'),
  places: int('名额', { min: 1, max: 10_000 }),
  minAge: int('最小年龄', { min: 3, max: 18 }),
  maxAge: int('最大年龄', { min: 3, max: 18 }),
  minGrade: int('最低年级', { min: 0, max: 12 }),
  maxGrade: int('最高年级', { min: 0, max: 12 }),
  reserved: ReservedInput,
});
export type CampInput = z.infer<typeof CampInput>;

export const CampIdParams = z.object({ id: queryId('夏令营') });
export const ApplicationIdParams = CampIdParams.extend({ applicationId: queryId('申请') });

export const CampRow = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  place: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  places: z.number().int(),
  taken: z.number().int(),
  minAge: z.number().int(),
  maxAge: z.number().int(),
  minGrade: z.number().int(),
  maxGrade: z.number().int(),
  reserved: z.record(z.enum(CAMP_GROUPS), z.number().int()),
  phase: z.enum(CAMP_PHASES),
  applications: z.number().int(),
  seed: z.string().nullable(),
  announcedValue: z.string().nullable(),
  publishedAt: z.string().nullable(),
  drawnAt: z.string().nullable(),
  /** Whether the caller's scope holds the organiser (publish the seed, run the draw). */
  can: z.object({ manage: z.boolean() }),
});
export type CampRow = z.infer<typeof CampRow>;
export const CampPage = pageOf(CampRow);
export const CampsQuery = Paging;

export const ApplyInput = z.object({
  childId: id('子女'),
  dualEarner: z.boolean({ error: '请选择是否双职工家庭' }).default(false),
});
export type ApplyInput = z.infer<typeof ApplyInput>;

export const ApplicationRow = z.object({
  id: z.number().int(),
  no: z.number().int(),
  childId: z.number().int(),
  childNameMasked: z.string(),
  grade: z.number().int(),
  age: z.number().int(),
  guardianName: z.string(),
  groups: z.array(z.enum(CAMP_GROUPS)),
  status: z.enum(APPLICATION_STATUSES),
  wonVia: z.enum(WON_VIA).nullable(),
  drawRank: z.number().int().nullable(),
  waitingNo: z.number().int().nullable(),
  source: z.enum(['staff', 'worker']),
  createdAt: z.string(),
});
export type ApplicationRow = z.infer<typeof ApplicationRow>;
export const ApplicationList = z.array(ApplicationRow);

export const PublishSeedInput = z.object({
  announcedValue: text('公开随机数来源', { max: 200 }),
});
export const WithdrawInput = z.object({ reason: text('退出原因', { max: 100 }) });

/** One line of the published draw: numbers and groups only, never a name. */
export const DrawLine = z.object({
  rank: z.number().int(),
  no: z.number().int(),
  key: z.string(),
  groups: z.array(z.enum(CAMP_GROUPS)),
  outcome: z.enum([...WON_VIA, 'waiting']),
  waitingNo: z.number().int().nullable(),
});
export type DrawLine = z.infer<typeof DrawLine>;

export const DrawResult = z.object({
  campId: z.number().int(),
  title: z.string(),
  places: z.number().int(),
  reserved: z.record(z.enum(CAMP_GROUPS), z.number().int()),
  seed: z.string().nullable(),
  announcedValue: z.string().nullable(),
  publishedAt: z.string().nullable(),
  drawnAt: z.string().nullable(),
  algorithm: z.string(),
  lines: z.array(DrawLine),
});
export type DrawResult = z.infer<typeof DrawResult>;

export const DrawCheck = z.object({
  identical: z.boolean(),
  checked: z.number().int(),
  /** The first rank where a fresh run differs from the stored result, if any. */
  firstDifference: z.number().int().nullable(),
  seed: z.string(),
});

/** The worker's side: camps open to them, their children (masked) and their applications. */
export const MyCamps = z.object({
  camps: z.array(CampRow.omit({ can: true })),
  children: z.array(ChildRow),
  applications: z.array(ApplicationRow.extend({ campId: z.number().int(), campTitle: z.string() })),
});
