/**
 * 技能竞赛's use cases: contests of the actor's subtree, their trades, rounds, judges and entries,
 * judges' scores, the score sheet with results, disagreement flags and ranking (the rule is in
 * competitions.scoring.ts), closing a round (the top N advance), and awards that can honour the
 * winners' records. People entered are registry persons of the organiser's subtree.
 */
import type { Db, DbOrTx } from '../../server/db.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { narrowTo, scopeOf } from '../../server/scope.ts';
import { Conflict, Invalid, NotFound, registerConstraintMessage } from '../../server/errors.ts';
import { chinaToday } from '../../shared/dates.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgInScope, scopeOfOrg } from '../orgs/index.ts';
import { addPersonHonour, findPersonInScope, withdrawPersonHonour } from '../people/index.ts';
import { getEffectivePolicy } from '../policies/index.ts';
import * as repo from './competitions.repository.ts';
import { points, prizeOf, rankStandings, standingOf } from './competitions.scoring.ts';
import type { CompetitionRoundRow } from './competitions.schema.ts';
import {
  DEFAULT_SPREAD_POINTS,
  HONOUR_TAG,
  PRIZE_LABELS,
  SCORING_RULE,
  type AddJudgeInput,
  type AddRoundInput,
  type AddTradeInput,
  type CompetitionDetail,
  type CreateCompetitionInput,
  type DisqualifyInput,
  type RevokeAwardsInput,
  type EnterInput,
  type ListCompetitionsQuery,
  type Prize,
  type ScoreInput,
  type ScoreSheet,
} from './competitions.contract.ts';

registerConstraintMessage('competition_scores_judge_entry_key', 'entryId', '该评委已为该选手在本轮评过分，每位评委对每位选手每轮只评一次');
registerConstraintMessage('competition_entry_members_trade_key', 'personIds', '该职工已报名本工种，每人每个工种只能报名一次');
registerConstraintMessage('competition_entry_members_person_key', 'personIds', '同一职工在队中只能出现一次');
registerConstraintMessage('competition_trades_name_key', 'name', '本竞赛已有同名工种');
registerConstraintMessage('competition_rounds_name_key', 'name', '本竞赛已有同名轮次');
registerConstraintMessage('competition_rounds_seq_key', 'name', '轮次正在添加，请刷新后重试');
registerConstraintMessage('competition_judges_name_key', 'name', '该评委已在本轮本工种的评委名单中');
registerConstraintMessage('competition_judges_account_key', 'accountId', '该账号已是本轮本工种的评委');
registerConstraintMessage('competition_entries_team_key', 'teamName', '本工种已有同名队伍');
registerConstraintMessage('competition_awards_pkey', 'tradeId', '该工种已评定奖项');

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();
const pts = (tenths: number) => tenths / 10;

async function contestOf(db: DbOrTx, actor: Actor, id: number, lock = false) {
  const contest = await repo.findCompetitionInScope(db, scopeOf(actor), id, lock);
  if (!contest) throw new NotFound('技能竞赛');
  return contest;
}

/**
 * What a contest's state leaves open: nothing once cancelled; once finished, only corrections of
 * its results (取消成绩, 撤销奖项 and awarding again), never new trades, rounds, judges, entries or scores.
 */
function refuseWhenOver(c: repo.CompetitionDbRow, what: string, correction = false) {
  if (c.status === 'cancelled') throw new Conflict(`「${c.title}」已取消，不能再${what}`);
  if (c.status === 'finished' && !correction) throw new Conflict(`「${c.title}」已结束，不能再${what}`);
}

/** 评分分歧阈值 in force for the organiser today, in points. */
async function spreadPoints(db: DbOrTx, orgPath: string) {
  const policy = await getEffectivePolicy(db, { path: orgPath }, 'competition_score_spread', chinaToday());
  return policy?.value ?? DEFAULT_SPREAD_POINTS;
}

/** Contests organised in the actor's subtree (or one union's subtree inside it), newest first. */
export async function listCompetitions(db: Db, actor: Actor, q: ListCompetitionsQuery) {
  authorize(actor, 'events:read');
  const scope = q.orgId ? await scopeOfOrg(db, actor, q.orgId, 'orgId') : scopeOf(actor);
  const [rows, total] = await Promise.all([repo.listCompetitions(db, scope, q), repo.countCompetitions(db, scope)]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      orgId: r.org_id,
      orgName: r.org_name,
      status: r.status,
      trades: r.trades,
      entries: r.entries,
      createdAt: iso(r.created_at),
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** A contest with its trades, rounds, judges and entries (with their awards). */
export async function getCompetition(db: DbOrTx, actor: Actor, id: number): Promise<CompetitionDetail> {
  authorize(actor, 'events:read');
  const c = await contestOf(db, actor, id);
  const [trades, rounds, judges, entries, spread] = await Promise.all([
    repo.listTrades(db, id),
    repo.listRounds(db, id),
    repo.listJudges(db, id),
    repo.listEntries(db, id),
    spreadPoints(db, c.org_path),
  ]);
  return {
    id: c.id,
    title: c.title,
    hosts: c.hosts,
    description: c.description,
    orgId: c.org_id,
    orgName: c.org_name,
    status: c.status,
    spreadPoints: spread,
    trades: trades.map((t) => ({
      id: t.id,
      name: t.name,
      occupation: t.occupation,
      firstPrizes: t.first_prizes,
      secondPrizes: t.second_prizes,
      thirdPrizes: t.third_prizes,
      meritPrizes: t.merit_prizes,
      awarded: t.awarded,
    })),
    rounds: rounds.map((r) => ({ id: r.id, seq: r.seq, name: r.name, advance: r.advance, status: r.status })),
    judges: judges.map((j) => ({ id: j.id, roundId: j.round_id, tradeId: j.trade_id, name: j.name, accountId: j.account_id })),
    entries: entries.map(presentEntry),
    can: {
      manage: can(actor, 'events:manage'),
      change: can(actor, 'events:manage') && c.status !== 'finished' && c.status !== 'cancelled',
      correct: can(actor, 'events:manage') && c.status !== 'cancelled',
    },
  };
}

function labelOf(e: repo.EntryDbRow) {
  return e.team_name ?? e.members[0]?.name ?? `#${e.id}`;
}

function presentEntry(e: repo.EntryDbRow) {
  return {
    id: e.id,
    tradeId: e.trade_id,
    kind: e.kind,
    label: labelOf(e),
    members: e.members,
    award: e.prize ? { prize: e.prize, rank: e.rank!, honoured: !!e.honoured } : null,
    disqualified: e.disqualified_at ? { at: iso(e.disqualified_at), reason: e.disqualify_reason! } : null,
  };
}

/** 新建技能竞赛: an event of kind 'competition' organised by a union of the actor's subtree. */
export async function createCompetition(db: Db, actor: Actor, input: CreateCompetitionInput) {
  authorize(actor, 'events:manage');
  const org = await findOrgInScope(db, actor, input.orgId, 'orgId');
  return db.transaction(async (tx) => {
    const id = await repo.insertCompetition(tx, { ...input, orgId: org.id, createdBy: actor.accountId });
    await recordAudit(tx, actor, {
      action: 'competition.create',
      entity: 'competition',
      entityId: id,
      orgId: org.id,
      summary: `新建技能竞赛「${input.title}」，主办工会 ${org.name}`,
      after: input,
    });
    return { id };
  });
}

/** 工种 with its prize ranges; refused once the contest's first round is closed. */
export async function addTrade(db: Db, actor: Actor, id: number, input: AddTradeInput) {
  authorize(actor, 'events:manage');
  return db.transaction(async (tx) => {
    const c = await contestOf(tx, actor, id, true);
    refuseWhenOver(c, '新增工种');
    if (input.occupation && !(await repo.occupationExists(tx, input.occupation)))
      throw Invalid.field('occupation', `职业「${input.occupation}」不在职业代码表中`);
    const trade = await repo.insertTrade(tx, { eventId: id, ...input });
    await recordAudit(tx, actor, {
      action: 'competition.trade',
      entity: 'competition',
      entityId: id,
      orgId: c.org_id,
      summary: `「${c.title}」新增工种 ${input.name}（一等奖 ${input.firstPrizes} 名、二等奖 ${input.secondPrizes} 名、三等奖 ${input.thirdPrizes} 名、优秀奖 ${input.meritPrizes} 名）`,
      after: input,
    });
    return { id: trade.id };
  });
}

/** 轮次, after the last one; refused after the last round was closed (its ranking is the final one). */
export async function addRound(db: Db, actor: Actor, id: number, input: AddRoundInput) {
  authorize(actor, 'events:manage');
  return db.transaction(async (tx) => {
    const c = await contestOf(tx, actor, id, true);
    refuseWhenOver(c, '新增轮次');
    const rounds = await repo.listRounds(tx, id);
    const last = rounds[rounds.length - 1];
    if (last?.status === 'closed') throw new Conflict(`「${last.name}」已结束评分，不能在其后添加轮次`, [{ field: 'name', message: '最后一轮已结束' }]);
    const round = await repo.insertRound(tx, { eventId: id, name: input.name, advance: input.advance ?? null });
    await recordAudit(tx, actor, {
      action: 'competition.round',
      entity: 'competition',
      entityId: id,
      orgId: c.org_id,
      summary: `「${c.title}」新增第 ${round.seq} 轮「${input.name}」${input.advance ? `，前 ${input.advance} 名晋级` : ''}`,
      after: { seq: round.seq, ...input },
    });
    return { id: round.id };
  });
}

/** 评委 of one round and trade: a named person, or an account of the organiser's subtree (named by it). */
export async function addJudge(db: Db, actor: Actor, id: number, input: AddJudgeInput) {
  authorize(actor, 'events:manage');
  return db.transaction(async (tx) => {
    const c = await contestOf(tx, actor, id, true);
    refuseWhenOver(c, '指定评委');
    const round = await repo.findRound(tx, id, input.roundId);
    if (!round) throw new NotFound('轮次', 'roundId');
    const trade = await repo.findTrade(tx, id, input.tradeId);
    if (!trade) throw new NotFound('工种', 'tradeId');
    if (round.status === 'closed') throw new Conflict(`「${round.name}」已结束评分，不能再指定评委`, [{ field: 'roundId', message: '该轮已结束' }]);
    if (input.accountId && !(await repo.accountInScope(tx, narrowTo(scopeOf(actor), c.org_path), input.accountId))) throw new NotFound('评委账号', 'accountId');
    const judge = await repo.insertJudge(tx, { roundId: round.id, tradeId: trade.id, name: input.name, accountId: input.accountId ?? null });
    await recordAudit(tx, actor, {
      action: 'competition.judge',
      entity: 'competition',
      entityId: id,
      orgId: c.org_id,
      summary: `「${c.title}」${round.name}·${trade.name} 评委：${input.name}`,
      after: { roundId: round.id, tradeId: trade.id, name: input.name, accountId: input.accountId ?? null },
    });
    return { id: judge.id };
  });
}

/**
 * 报名: one person, or a team of distinct people, of the organiser's subtree, in one trade; a
 * person is in at most one entry of a trade (the database refuses a second). Entries close when
 * the first round is closed.
 */
export async function enter(db: Db, actor: Actor, id: number, input: EnterInput) {
  authorize(actor, 'events:manage');
  return db.transaction(async (tx) => {
    const c = await contestOf(tx, actor, id, true);
    refuseWhenOver(c, '报名');
    const trade = await repo.findTrade(tx, id, input.tradeId, true);
    if (!trade) throw new NotFound('工种', 'tradeId');
    const [first] = await repo.listRounds(tx, id);
    if (first?.status === 'closed') throw new Conflict(`「${first.name}」已结束，不能再报名`, [{ field: 'tradeId', message: '报名已截止' }]);
    const organiser = { ...actor, orgPath: c.org_path };
    const people: { id: number; name: string }[] = [];
    for (const personId of input.personIds) {
      const person = await findPersonInScope(tx, organiser, personId);
      if (!person) throw new NotFound(`参赛人员（第 ${people.length + 1} 位）`, 'personIds');
      const twice = people.find((p) => p.id === person.id);
      if (twice) throw Invalid.field('personIds', `${person.name}在队员中出现了两次，同一职工在队中只能出现一次`);
      const already = await repo.entryOfPersonInTrade(tx, trade.id, person.id);
      if (already)
        throw new Conflict(`${person.name}已报名${trade.name}（${already.label}），每人每个工种只能报名一次`, [
          { field: 'personIds', message: `${person.name}已报名${trade.name}` },
        ]);
      people.push(person);
    }
    const entryId = await repo.insertEntry(tx, {
      eventId: id,
      tradeId: trade.id,
      kind: input.kind,
      teamName: input.kind === 'team' ? input.teamName : null,
      createdBy: actor.accountId,
      personIds: people.map((p) => p.id),
    });
    const names = people.map((p) => p.name).join('、');
    await recordAudit(tx, actor, {
      action: 'competition.enter',
      entity: 'competition_entry',
      entityId: entryId,
      orgId: c.org_id,
      summary: `「${c.title}」${trade.name} 报名：${input.kind === 'team' ? `${input.teamName}（${names}）` : names}`,
      after: { tradeId: trade.id, kind: input.kind, teamName: input.teamName, personIds: people.map((p) => p.id) },
    });
    return { id: entryId };
  });
}

/**
 * 评分: one judge's score of one entry in an open round, once. The round row is shared-locked so
 * closing the round waits for scores being written; a second score by the same judge is refused
 * here with the first one named, and by the database's unique key when two arrive at once.
 */
export async function recordScore(db: Db, actor: Actor, id: number, input: ScoreInput) {
  authorize(actor, 'events:manage');
  return db.transaction(async (tx) => {
    const c = await contestOf(tx, actor, id, true);
    refuseWhenOver(c, '录入评分');
    const round = await repo.findRound(tx, id, input.roundId, 'share');
    if (!round) throw new NotFound('轮次', 'roundId');
    if (round.status === 'closed') throw new Conflict(`「${round.name}」已结束评分，不能再录入评分`, [{ field: 'roundId', message: '该轮已结束评分' }]);
    const judge = await repo.findJudge(tx, id, input.judgeId);
    if (!judge) throw new NotFound('评委', 'judgeId');
    if (judge.round_id !== round.id) throw Invalid.field('judgeId', `${judge.name}不是「${round.name}」的评委`);
    const entry = await repo.findEntry(tx, id, input.entryId);
    if (!entry) throw new NotFound('参赛选手', 'entryId');
    const label = labelOf(entry);
    if (entry.trade_id !== judge.trade_id) throw Invalid.field('entryId', `${label}不在评委${judge.name}所评的工种`);
    if (!(await repo.entryInRound(tx, round, entry.id))) throw Invalid.field('entryId', `${label}未进入「${round.name}」`);
    if (entry.disqualified_at) throw Invalid.field('entryId', `${label}已被取消成绩（${entry.disqualify_reason}），不能再评分`);
    const earlier = await repo.findScore(tx, judge.id, entry.id);
    if (earlier)
      throw new Conflict(`评委${judge.name}已在「${round.name}」为${label}评过分（${pts(earlier.tenths)} 分），每位评委对每位选手每轮只评一次`, [
        { field: 'entryId', message: `评委${judge.name}已为${label}评过分` },
      ]);
    const tenths = Math.round(input.score * 10);
    const scoreId = await repo.insertScore(tx, {
      roundId: round.id,
      tradeId: judge.trade_id,
      judgeId: judge.id,
      entryId: entry.id,
      tenths,
      createdBy: actor.accountId,
    });
    await recordAudit(tx, actor, {
      action: 'competition.score',
      entity: 'competition_entry',
      entityId: entry.id,
      orgId: c.org_id,
      summary: `「${c.title}」${round.name}：评委${judge.name}为${label}评分 ${pts(tenths)} 分`,
      after: { roundId: round.id, judgeId: judge.id, score: pts(tenths) },
    });
    return { id: scoreId };
  });
}

interface RankedRow {
  entry: repo.EntryDbRow;
  standing: ReturnType<typeof rankStandings>[number];
  byJudge: Map<number, number>;
}

/** Every entry of the round and trade with its scores, standing and rank. */
async function rankRound(db: DbOrTx, round: CompetitionRoundRow, tradeId: number, spread: number): Promise<RankedRow[]> {
  const [all, scores] = await Promise.all([repo.entriesOfRound(db, round, tradeId), repo.scoresOfRound(db, round.id, tradeId)]);
  // An entry whose results were cancelled is in no ranking: neither advancing nor awarded.
  const entries = all.filter((e) => !e.disqualified_at);
  const byEntry = new Map<number, Map<number, number>>(entries.map((e) => [e.id, new Map()]));
  for (const s of scores) byEntry.get(s.entryId)?.set(s.judgeId, s.tenths);
  const standings = rankStandings(entries.map((e) => standingOf(e.id, [...byEntry.get(e.id)!.values()], Math.round(spread * 10))));
  const entryById = new Map(entries.map((e) => [e.id, e]));
  return standings.map((standing) => ({ entry: entryById.get(standing.entryId)!, standing, byJudge: byEntry.get(standing.entryId)! }));
}

/** 评分表: a round's judges and entries of one trade, each entry's scores, result, flag and rank. */
export async function scoreSheet(db: Db, actor: Actor, id: number, roundId: number, tradeId: number): Promise<ScoreSheet> {
  authorize(actor, 'events:read');
  const c = await contestOf(db, actor, id);
  const round = await repo.findRound(db, id, roundId);
  if (!round) throw new NotFound('轮次');
  const trade = await repo.findTrade(db, id, tradeId);
  if (!trade) throw new NotFound('工种', 'tradeId');
  const spread = await spreadPoints(db, c.org_path);
  const [judges, rounds, ranked] = await Promise.all([repo.listJudges(db, id), repo.listRounds(db, id), rankRound(db, round, trade.id, spread)]);
  const panel = judges.filter((j) => j.round_id === round.id && j.trade_id === trade.id);
  const next = rounds.find((r) => r.seq === round.seq + 1);
  const advanced = new Set(next ? (await repo.entriesOfRound(db, next, trade.id)).map((e) => e.id) : []);
  const isFinal = !next;
  return {
    round: { id: round.id, seq: round.seq, name: round.name, advance: round.advance, status: round.status },
    trade: { id: trade.id, name: trade.name },
    judges: panel.map((j) => ({ id: j.id, name: j.name })),
    spreadPoints: spread,
    rule: SCORING_RULE,
    rows: ranked.map(({ entry, standing: s, byJudge }) => ({
      entryId: entry.id,
      label: labelOf(entry),
      members: entry.members.map((m) => m.name),
      scores: panel.map((j) => (byJudge.has(j.id) ? pts(byJudge.get(j.id)!) : null)),
      result: points(s.keptSum, s.keptCount),
      mean: points(s.sum, s.count),
      highest: s.highest === null ? null : pts(s.highest),
      lowest: s.lowest === null ? null : pts(s.lowest),
      flagged: s.flagged,
      rank: s.rank,
      complete: panel.length > 0 && panel.every((j) => byJudge.has(j.id)),
      advanced: advanced.has(entry.id),
      award: isFinal ? entry.prize : null,
    })),
  };
}

/**
 * 结束本轮: no more scores; in each trade the top `advance` by the round's ranking (all tied at
 * the cut, all scored when no number is set) go on to the next round, when there is one.
 */
export async function closeRound(db: Db, actor: Actor, id: number, roundId: number) {
  authorize(actor, 'events:manage');
  return db.transaction(async (tx) => {
    const c = await contestOf(tx, actor, id, true);
    refuseWhenOver(c, '结束评分');
    const round = await repo.findRound(tx, id, roundId, 'update');
    if (!round) throw new NotFound('轮次');
    if (round.status === 'closed') throw new Conflict(`「${round.name}」已结束评分`);
    const rounds = await repo.listRounds(tx, id);
    const previous = rounds.find((r) => r.seq === round.seq - 1);
    if (previous && previous.status !== 'closed') throw new Conflict(`请先结束「${previous.name}」，再结束「${round.name}」`);
    const next = rounds.find((r) => r.seq === round.seq + 1);
    const spread = await spreadPoints(tx, c.org_path);
    const moved: string[] = [];
    if (next) {
      for (const trade of await repo.listTrades(tx, id)) {
        const ranked = await rankRound(tx, round, trade.id, spread);
        const going = ranked.filter((r) => r.standing.rank !== null && (round.advance === null || r.standing.rank <= round.advance)).map((r) => r.entry.id);
        await repo.insertAdvances(tx, next.id, going);
        moved.push(`${trade.name} ${going.length} 名`);
      }
    }
    await repo.closeRound(tx, round.id);
    await recordAudit(tx, actor, {
      action: 'competition.close_round',
      entity: 'competition',
      entityId: id,
      orgId: c.org_id,
      summary: `「${c.title}」${round.name}结束评分${next ? `，晋级「${next.name}」：${moved.join('、') || '无'}` : ''}`,
    });
    return { ok: true as const };
  });
}

/**
 * 评定奖项: the trade's prizes by its rank ranges over the last round's ranking (the last round must
 * be closed; a tie shares the prize of its rank). With `honour`, every member of an awarded entry
 * gets the 技能竞赛获奖 tag on their record, with the award as the reason. Given once per trade.
 */
export async function awardTrade(db: Db, actor: Actor, id: number, tradeId: number, { honour }: { honour: boolean }) {
  authorize(actor, 'events:manage');
  return db.transaction(async (tx) => {
    const c = await contestOf(tx, actor, id, true);
    refuseWhenOver(c, '评定奖项', true);
    const trade = await repo.findTrade(tx, id, tradeId, true);
    if (!trade) throw new NotFound('工种');
    const [awarded] = (await repo.listTrades(tx, id)).filter((t) => t.id === trade.id && t.awarded);
    if (awarded) throw new Conflict(`${trade.name}已评定奖项，不能重复评定`);
    const rounds = await repo.listRounds(tx, id);
    const final = rounds[rounds.length - 1];
    if (!final) throw new Conflict('本竞赛还没有轮次，无法评定奖项');
    if (final.status !== 'closed') throw new Conflict(`请先结束「${final.name}」的评分，再评定奖项`);
    const ranked = await rankRound(tx, final, trade.id, await spreadPoints(tx, c.org_path));
    const awards = ranked.flatMap(({ entry, standing }) => {
      const prize = standing.rank === null ? null : prizeOf(standing.rank, trade);
      return prize ? [{ entry, prize, rank: standing.rank! }] : [];
    });
    if (!awards.length) throw new Conflict(`${trade.name}在「${final.name}」没有得分的选手，无法评定奖项`);
    await repo.insertAwards(
      tx,
      awards.map((a) => ({ entryId: a.entry.id, tradeId: trade.id, prize: a.prize, rank: a.rank, honoured: honour, awardedBy: actor.accountId })),
    );
    let honoured = 0;
    if (honour) {
      const organiser = narrowTo(scopeOf(actor), c.org_path);
      for (const a of awards)
        for (const m of a.entry.members) {
          const reason = `${c.title} ${trade.name} ${PRIZE_LABELS[a.prize]}（第 ${a.rank} 名${a.entry.team_name ? `，${a.entry.team_name}` : ''}）`;
          await addPersonHonour(tx, actor, organiser, { personId: m.personId, tag: HONOUR_TAG, reason });
          honoured += 1;
        }
    }
    const counts = (Object.keys(PRIZE_LABELS) as Prize[])
      .map((p) => [PRIZE_LABELS[p], awards.filter((a) => a.prize === p).length] as const)
      .filter(([, n]) => n > 0)
      .map(([label, n]) => `${label} ${n} 名`);
    await recordAudit(tx, actor, {
      action: 'competition.award',
      entity: 'competition',
      entityId: id,
      orgId: c.org_id,
      summary: `「${c.title}」${trade.name}评定奖项：${counts.join('、')}${honour ? `，${honoured} 人记入职工档案荣誉` : ''}`,
      after: { tradeId: trade.id, awards: awards.map((a) => ({ entryId: a.entry.id, prize: a.prize, rank: a.rank })), honour },
    });
    return { awarded: awards.length, honoured };
  });
}

/**
 * 撤销奖项: takes back a trade's prizes, with the reason (a result corrected, an entry found to have
 * broken the rules), so they can be given again from the ranking as it now stands. The honour each
 * prize put on a record is taken off with it, unless another award (another trade or contest)
 * still earns that person the same honour.
 */
export async function revokeAwards(db: Db, actor: Actor, id: number, tradeId: number, { reason }: RevokeAwardsInput) {
  authorize(actor, 'events:manage');
  return db.transaction(async (tx) => {
    const c = await contestOf(tx, actor, id, true);
    const trade = await repo.findTrade(tx, id, tradeId, true);
    if (!trade) throw new NotFound('工种');
    const revoked = await repo.deleteAwards(tx, trade.id);
    if (!revoked.length) throw new Conflict(`${trade.name}尚未评定奖项，无需撤销`);
    const honouredIds = [...new Set(revoked.filter((a) => a.honoured).flatMap((a) => a.person_ids))];
    const keep = await repo.stillHonoured(tx, honouredIds);
    const organiser = narrowTo(scopeOf(actor), c.org_path);
    let withdrawn = 0;
    for (const personId of honouredIds) {
      if (keep.has(personId)) continue;
      const took = await withdrawPersonHonour(tx, actor, organiser, { personId, tag: HONOUR_TAG, reason: `${c.title} ${trade.name}奖项撤销：${reason}` });
      if (took) withdrawn += 1;
    }
    await recordAudit(tx, actor, {
      action: 'competition.award_revoke',
      entity: 'competition',
      entityId: id,
      orgId: c.org_id,
      summary: `「${c.title}」${trade.name}撤销奖项 ${revoked.length} 个：${reason}${withdrawn ? `，${withdrawn} 人的档案撤销荣誉` : ''}`,
      before: { tradeId: trade.id, awards: revoked.map((a) => ({ entryId: a.entry_id, prize: a.prize, rank: a.rank, honoured: a.honoured })) },
      after: { tradeId: trade.id, awards: [], reason },
    });
    return { revoked: revoked.length, withdrawn };
  });
}

/**
 * 取消成绩: an entry found to have broken the rules leaves every ranking from now on (its scores are
 * kept and rounds already closed keep who advanced). A trade whose prizes were given has them
 * revoked first, so a prize is never left on a cancelled result.
 */
export async function disqualify(db: Db, actor: Actor, id: number, entryId: number, { reason }: DisqualifyInput) {
  authorize(actor, 'events:manage');
  return db.transaction(async (tx) => {
    const c = await contestOf(tx, actor, id, true);
    refuseWhenOver(c, '取消成绩', true);
    const entry = await repo.findEntry(tx, id, entryId);
    if (!entry) throw new NotFound('参赛选手');
    const label = labelOf(entry);
    if (entry.disqualified_at) throw new Conflict(`${label}的成绩已取消（${entry.disqualify_reason}）`);
    const trade = (await repo.listTrades(tx, id)).find((t) => t.id === entry.trade_id)!;
    if (trade.awarded) throw new Conflict(`${trade.name}已评定奖项：请先撤销${trade.name}的奖项，再取消${label}的成绩`);
    await repo.disqualifyEntry(tx, entry.id, reason, actor.accountId);
    await recordAudit(tx, actor, {
      action: 'competition.disqualify',
      entity: 'competition_entry',
      entityId: entry.id,
      orgId: c.org_id,
      summary: `「${c.title}」${trade.name}：取消${label}的成绩：${reason}`,
      after: { reason },
    });
    return { ok: true as const };
  });
}
