/**
 * 技能竞赛 — skills competitions run by a union for its subtree: a contest (an event of kind
 * 'competition'), its trades (工种), rounds (预赛 → 复赛 → 决赛, the top N of a round advance),
 * individual or team entries (参赛), judges (评委) per round and trade, their scores, the ranking and
 * the awards (一等奖, 二等奖, 三等奖, 优秀奖).
 * Glossary: 去掉一个最高分和一个最低分 dropping the highest and the lowest score, 最后得分 the result,
 * 评分分歧 judges disagreeing (highest − lowest above the policy's 评分分歧阈值), 并列 a tie, 晋级 advance.
 */
import { z, Paging, pageOf, decimal, id, int, nameText, oneOf, optionalNameText, optionalText, personName, queryId, text } from '../../shared/contract.ts';

export const ENTRY_KINDS = ['individual', 'team'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
export const ENTRY_KIND_LABELS: Record<EntryKind, string> = { individual: '个人赛', team: '团体赛' };

export const PRIZES = ['first', 'second', 'third', 'merit'] as const;
export type Prize = (typeof PRIZES)[number];
export const PRIZE_LABELS: Record<Prize, string> = { first: '一等奖', second: '二等奖', third: '三等奖', merit: '优秀奖' };

export const ROUND_STATUSES = ['open', 'closed'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];
export const ROUND_STATUS_LABELS: Record<RoundStatus, string> = { open: '评分中', closed: '已结束' };

/** The tag an award puts on the person's record (职工档案), when the organiser chooses so. */
export const HONOUR_TAG = '技能竞赛获奖';

/** Used when the organiser's union (and those above it) set no 评分分歧阈值. */
export const DEFAULT_SPREAD_POINTS = 10;

/** How the result and the ranking are made, as the score sheet states it. */
export const SCORING_RULE =
  '最后得分：评委不少于 3 人时去掉一个最高分和一个最低分后取平均分；不足 3 人时取全部评分的平均分。' +
  '排名：最后得分高者在前；相同时全部评分的平均分高者在前；仍相同为并列，名次相同。' +
  '最高分与最低分之差超过评分分歧阈值时标记“评分分歧”。';

export const CreateCompetitionInput = z.object({
  orgId: id('主办工会'),
  title: nameText('竞赛名称', { max: 100 }),
  hosts: optionalText('主办单位', { max: 200 }),
  description: optionalText('竞赛说明', { max: 2000, multiline: true }),
});
export type CreateCompetitionInput = z.infer<typeof CreateCompetitionInput>;

export const ListCompetitionsQuery = Paging.extend({ orgId: queryId('主办工会').optional() });
export type ListCompetitionsQuery = z.infer<typeof ListCompetitionsQuery>;

export const CompetitionParams = z.object({ id: queryId('竞赛') });
export const RoundParams = z.object({ id: queryId('竞赛'), roundId: queryId('轮次') });
export const TradeParams = z.object({ id: queryId('竞赛'), tradeId: queryId('工种') });
export const EntryParams = z.object({ id: queryId('竞赛'), entryId: queryId('参赛选手') });

const prizeCount = (label: string) => int(label, { min: 0, max: 100 });

export const AddTradeInput = z.object({
  name: nameText('工种', { max: 40 }),
  occupation: optionalNameText('职业', { max: 40 }),
  firstPrizes: prizeCount('一等奖名额'),
  secondPrizes: prizeCount('二等奖名额'),
  thirdPrizes: prizeCount('三等奖名额'),
  meritPrizes: prizeCount('优秀奖名额'),
});
export type AddTradeInput = z.infer<typeof AddTradeInput>;

export const AddRoundInput = z.object({
  name: nameText('轮次名称', { max: 20 }),
  /** The top N of each trade go on to the next round; absent: everyone scored goes on (or it is the last round). */
  advance: int('晋级名额', { min: 1, max: 1000 }).nullish(),
});
export type AddRoundInput = z.infer<typeof AddRoundInput>;

export const AddJudgeInput = z.object({
  roundId: id('轮次'),
  tradeId: id('工种'),
  name: personName('评委姓名'),
  accountId: id('评委账号').nullish(),
});
export type AddJudgeInput = z.infer<typeof AddJudgeInput>;

export const EnterInput = z
  .object({
    tradeId: id('工种'),
    kind: oneOf(ENTRY_KINDS, '参赛形式'),
    teamName: optionalNameText('队名', { max: 40 }),
    personIds: z.array(id('参赛人员'), { error: '请选择参赛人员' }).min(1, '请选择参赛人员').max(10, '一个队最多 10 人'),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'individual' && v.personIds.length !== 1) ctx.addIssue({ code: 'custom', path: ['personIds'], message: '个人赛只能选择一名参赛人员' });
    if (v.kind === 'team' && !v.teamName) ctx.addIssue({ code: 'custom', path: ['teamName'], message: '团体赛请填写队名' });
    if (v.kind === 'team' && v.personIds.length < 2) ctx.addIssue({ code: 'custom', path: ['personIds'], message: '团体赛至少需要两名队员' });
    if (v.kind === 'individual' && v.teamName) ctx.addIssue({ code: 'custom', path: ['teamName'], message: '个人赛不填写队名' });
  });
export type EnterInput = z.infer<typeof EnterInput>;

/** 0–100, at most one decimal (85.5); kept as tenths. */
export const ScoreInput = z.object({
  roundId: id('轮次'),
  judgeId: id('评委'),
  entryId: id('参赛选手'),
  score: decimal('评分', { min: 0, max: 100 }).refine((v) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-9, '评分最多保留一位小数'),
});
export type ScoreInput = z.infer<typeof ScoreInput>;

export const SheetQuery = z.object({ tradeId: queryId('工种') });

export const AwardInput = z.object({ honour: z.boolean({ error: '请选择是否在获奖职工档案中记入荣誉' }) });

/** 撤销奖项: the trade's prizes are taken back (the honours they put on records with them), so they can be given again. */
export const RevokeAwardsInput = z.object({ reason: text('撤销原因', { min: 2, max: 200 }) });
export type RevokeAwardsInput = z.infer<typeof RevokeAwardsInput>;
/** 取消成绩: the entry leaves the rankings (a rule broken); its scores are kept. */
export const DisqualifyInput = z.object({ reason: text('取消成绩的原因', { min: 2, max: 200 }) });
export type DisqualifyInput = z.infer<typeof DisqualifyInput>;

// ---- Views ----

export const CompetitionRow = z.object({
  id: z.number().int(),
  title: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  status: z.string(),
  trades: z.number().int(),
  entries: z.number().int(),
  createdAt: z.string(),
});
export const CompetitionPage = pageOf(CompetitionRow);

export const TradeView = z.object({
  id: z.number().int(),
  name: z.string(),
  occupation: z.string().nullable(),
  firstPrizes: z.number().int(),
  secondPrizes: z.number().int(),
  thirdPrizes: z.number().int(),
  meritPrizes: z.number().int(),
  awarded: z.boolean(),
});
export const RoundView = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  name: z.string(),
  advance: z.number().int().nullable(),
  status: z.enum(ROUND_STATUSES),
});
export const JudgeView = z.object({
  id: z.number().int(),
  roundId: z.number().int(),
  tradeId: z.number().int(),
  name: z.string(),
  accountId: z.number().int().nullable(),
});
export const EntryMemberView = z.object({ personId: z.number().int(), name: z.string(), orgName: z.string() });
export const EntryView = z.object({
  id: z.number().int(),
  tradeId: z.number().int(),
  kind: z.enum(ENTRY_KINDS),
  /** The team's name, or the person's. */
  label: z.string(),
  members: z.array(EntryMemberView),
  award: z.object({ prize: z.enum(PRIZES), rank: z.number().int(), honoured: z.boolean() }).nullable(),
  /** 已取消成绩: out of every ranking since. */
  disqualified: z.object({ at: z.string(), reason: z.string() }).nullable(),
});
export const CompetitionDetail = z.object({
  id: z.number().int(),
  title: z.string(),
  hosts: z.string().nullable(),
  description: z.string().nullable(),
  orgId: z.number().int(),
  orgName: z.string(),
  status: z.string(),
  /** 评分分歧阈值 in force for the organiser today, in points. */
  spreadPoints: z.number(),
  trades: z.array(TradeView),
  rounds: z.array(RoundView),
  judges: z.array(JudgeView),
  entries: z.array(EntryView),
  can: z.object({
    manage: z.boolean(),
    /** New trades, rounds, judges, entries and scores: not once the contest is finished or cancelled. */
    change: z.boolean(),
    /** Corrections of its results (取消成绩, 撤销奖项, awarding again): not once cancelled. */
    correct: z.boolean(),
  }),
});
export type CompetitionDetail = z.infer<typeof CompetitionDetail>;

export const SheetRow = z.object({
  entryId: z.number().int(),
  label: z.string(),
  members: z.array(z.string()),
  /** Each judge's score in points (one decimal), null while not given, in the order of `judges`. */
  scores: z.array(z.number().nullable()),
  /** 最后得分 (two decimals), null while nobody scored. */
  result: z.number().nullable(),
  /** Mean of every score, the first tie-break. */
  mean: z.number().nullable(),
  highest: z.number().nullable(),
  lowest: z.number().nullable(),
  /** Judges disagree: highest − lowest above the threshold. */
  flagged: z.boolean(),
  /** 1 for the first; equal results and tie-breaks share a rank; null while unscored. */
  rank: z.number().int().nullable(),
  complete: z.boolean(),
  /** In the next round (after this round was closed). */
  advanced: z.boolean(),
  award: z.enum(PRIZES).nullable(),
});
export type SheetRow = z.infer<typeof SheetRow>;
export const ScoreSheet = z.object({
  round: RoundView,
  trade: z.object({ id: z.number().int(), name: z.string() }),
  judges: z.array(z.object({ id: z.number().int(), name: z.string() })),
  spreadPoints: z.number(),
  rule: z.string(),
  rows: z.array(SheetRow),
});
export type ScoreSheet = z.infer<typeof ScoreSheet>;

export const Created = z.object({ id: z.number().int() });
export const RevokeResult = z.object({
  revoked: z.number().int(),
  /** People whose record lost the honour tag (none kept it through another award). */
  withdrawn: z.number().int(),
});
export const AwardResult = z.object({
  awarded: z.number().int(),
  /** People whose record got the honour tag. */
  honoured: z.number().int(),
});
