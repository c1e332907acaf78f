/**
 * The demo contest: 新城区's skills competition with two trades. 快递员's 预赛 is scored by three
 * judges (one entrant's judges disagree beyond the 10-point threshold) and closed, its top three in
 * the 决赛, which two of its judges have begun to score; 道路清扫保洁 has its entrants and a team.
 */
import type { Db, DbOrTx } from '../../server/db.ts';
import type { DemoContext } from '../../server/module.ts';
import { systemActor } from '../../server/actor.ts';
import { reachOf } from '../../server/scope.ts';
import { peopleOfSubtree } from './competitions.repository.ts';
import { addJudge, addRound, addTrade, closeRound, createCompetition, enter, recordScore } from './competitions.service.ts';

const PRELIM_SCORES: number[][] = [
  [88.5, 90, 86],
  [96, 74, 85.5],
  [81, 83.5, 82],
  [76, 79, 77.5],
  [90.5, 89, 91],
];

export async function loadCompetitionDemo(tx: DbOrTx, ctx: DemoContext) {
  const db = tx as Db;
  const actor = systemActor(ctx.root);
  const org = ctx.org('呼和浩特市新城区总工会');
  const people = await peopleOfSubtree(tx, reachOf(org), 9);
  if (people.length < 9) return;
  const year = ctx.today.slice(0, 4);
  const { id } = await createCompetition(db, actor, {
    orgId: org.id,
    title: `${year}年新城区职工职业技能大赛`,
    hosts: '呼和浩特市新城区总工会、新城区人力资源和社会保障局',
    description: '以赛促学、以赛促训，面向新城区一线职工和新就业形态劳动者。',
  });
  const courier = await addTrade(db, actor, id, { name: '快递员', occupation: 'courier', firstPrizes: 1, secondPrizes: 1, thirdPrizes: 1, meritPrizes: 0 });
  const cleaning = await addTrade(db, actor, id, {
    name: '道路清扫保洁',
    occupation: 'sanitation',
    firstPrizes: 1,
    secondPrizes: 2,
    thirdPrizes: 3,
    meritPrizes: 2,
  });
  const prelim = await addRound(db, actor, id, { name: '预赛', advance: 3 });
  const final = await addRound(db, actor, id, { name: '决赛', advance: null });
  const judges = async (roundId: number, tradeId: number, names: string[]) => {
    const ids: number[] = [];
    for (const name of names) ids.push((await addJudge(db, actor, id, { roundId, tradeId, name, accountId: null })).id);
    return ids;
  };
  const prelimJudges = await judges(prelim.id, courier.id, ['王建国', '李秀兰', '张志强']);
  const finalJudges = await judges(final.id, courier.id, ['王建国', '李秀兰', '赵文博']);
  await judges(prelim.id, cleaning.id, ['刘淑芬', '陈立军', '孙海燕']);
  const entries: number[] = [];
  for (const p of people.slice(0, 5))
    entries.push((await enter(db, actor, id, { tradeId: courier.id, kind: 'individual', teamName: null, personIds: [p.id] })).id);
  for (const p of people.slice(5, 7)) await enter(db, actor, id, { tradeId: cleaning.id, kind: 'individual', teamName: null, personIds: [p.id] });
  await enter(db, actor, id, { tradeId: cleaning.id, kind: 'team', teamName: '锡林路保洁队', personIds: people.slice(7, 9).map((p) => p.id) });
  for (const [i, row] of PRELIM_SCORES.entries())
    for (const [j, score] of row.entries()) await recordScore(db, actor, id, { roundId: prelim.id, judgeId: prelimJudges[j]!, entryId: entries[i]!, score });
  await closeRound(db, actor, id, prelim.id);
  // 决赛 under way: the first two judges have scored the two best of the 预赛.
  for (const [i, entry] of [entries[4]!, entries[0]!].entries())
    for (const judgeId of finalJudges.slice(0, 2)) await recordScore(db, actor, id, { roundId: final.id, judgeId, entryId: entry, score: 93 - i * 2.5 });
}
