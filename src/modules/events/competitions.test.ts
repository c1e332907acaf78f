import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { queryRows } from '../../server/db.ts';
import { pgErrorOf } from '../../server/errors.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { chinaToday } from '../../shared/dates.ts';
import { points, prizeOf, rankStandings, standingOf } from './competitions.scoring.ts';
import { loadCompetitionDemo } from './competitions.demo.ts';

let t: TestApp;
let xcq: TestClient;
let sh: TestClient;
const base = '/api/events/competitions';
/** Registry people of 新城区 (the organiser's subtree) and one of 赛罕区. */
const people: { id: number; name: string }[] = [];
let saihanPerson: number;

const NAMES = ['王电工', '李焊工', '张快递', '刘师傅', '陈技师', '赵班长'];

async function addPerson(c: TestClient, name: string, orgId: number, seq: number) {
  const res = await c.post('/api/people', { name, idNumber: withCheckCharacter(`15010219850101${String(100 + seq)}`), orgId });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

beforeAll(async () => {
  t = await createTestApp();
  xcq = await t.as('xcq_admin');
  sh = await t.as('sh_admin');
  for (const [i, name] of NAMES.entries()) people.push({ id: await addPerson(xcq, name, t.seed.xinChengSanitation.id, i), name });
  saihanPerson = await addPerson(sh, '孙赛罕', t.seed.saihanJoint.id, 50);
});
afterAll(() => t.close());

/** A contest of 新城区 with one trade, a 预赛 (top 2 advance) and a 决赛, three judges in each. */
async function contest(title: string) {
  const { id } = (await xcq.post(base, { orgId: t.seed.xinCheng.id, title, hosts: null, description: null })).json();
  const trade = (
    await xcq.post(`${base}/${id}/trades`, { name: '电工', occupation: null, firstPrizes: 1, secondPrizes: 1, thirdPrizes: 0, meritPrizes: 1 })
  ).json().id;
  const prelim = (await xcq.post(`${base}/${id}/rounds`, { name: '预赛', advance: 2 })).json().id;
  const final = (await xcq.post(`${base}/${id}/rounds`, { name: '决赛' })).json().id;
  const judges = async (roundId: number) => {
    const ids: number[] = [];
    for (const name of ['王评委', '李评委', '张评委']) ids.push((await xcq.post(`${base}/${id}/judges`, { roundId, tradeId: trade, name })).json().id);
    return ids;
  };
  return { id, trade, prelim, final, prelimJudges: await judges(prelim), finalJudges: await judges(final) };
}

const score = (c: TestClient, id: number, body: { roundId: number; judgeId: number; entryId: number; score: unknown }) => c.post(`${base}/${id}/scores`, body);

/** The constraint the database names when it refuses `query`. */
async function refusedBy(query: ReturnType<typeof sql>) {
  try {
    await t.db.execute(query);
  } catch (err) {
    return pgErrorOf(err)?.constraint;
  }
  return undefined;
}

async function rowCount(table: string) {
  const [row] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from ${sql.identifier(table)}`);
  return row!.n;
}

describe('the judging rule', () => {
  it('drops the highest and the lowest score with three judges or more, averages all with fewer', () => {
    expect(points(standingOf(1, [800, 900, 700], 100).keptSum, 1)).toBe(80);
    const three = standingOf(1, [855, 920, 780], 100);
    expect([three.keptSum, three.keptCount]).toEqual([855, 1]);
    const five = standingOf(1, [900, 880, 860, 700, 990], 100);
    expect(points(five.keptSum, five.keptCount)).toBe(88);
    const two = standingOf(1, [800, 851], 100);
    expect(points(two.keptSum, two.keptCount)).toBe(82.55);
    expect(standingOf(1, [], 100)).toMatchObject({ count: 0, highest: null, flagged: false });
  });

  it('flags judges who disagree by more than the threshold, not by exactly it', () => {
    expect(standingOf(1, [900, 800, 850], 100).flagged).toBe(false);
    expect(standingOf(1, [901, 800, 850], 100).flagged).toBe(true);
  });

  it('ranks by result, then the mean of all scores, then shares the rank; unscored entries last without a rank', () => {
    const ranked = rankStandings([
      standingOf(1, [800, 850, 900], 100), // result 85, mean 85
      standingOf(2, [700, 850, 990], 100), // result 85, mean 84.67
      standingOf(3, [850, 850, 850], 100), // result 85, mean 85: ties with 1
      standingOf(4, [], 100),
      standingOf(5, [910, 900, 920], 100), // result 91
    ]);
    expect(ranked.map((s) => [s.entryId, s.rank])).toEqual([
      [5, 1],
      [1, 2],
      [3, 2],
      [2, 4],
      [4, null],
    ]);
  });

  it('gives prizes by rank ranges', () => {
    const p = { firstPrizes: 1, secondPrizes: 2, thirdPrizes: 0, meritPrizes: 1 };
    expect([1, 2, 3, 4, 5].map((r) => prizeOf(r, p))).toEqual(['first', 'second', 'second', 'merit', null]);
  });
});

describe('contests', () => {
  it('refuses a stranger, names a wrong field, keeps another county out, and creates one in the subtree', async () => {
    expect((await t.anonymous().post(base, { orgId: t.seed.xinCheng.id, title: '大赛' })).statusCode).toBe(401);
    expect((await t.anonymous().get(base)).statusCode).toBe(401);
    const bad = await xcq.post(base, { orgId: t.seed.xinCheng.id, title: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0]).toMatchObject({ field: 'title', message: '请填写竞赛名称' });
    const sibling = await xcq.post(base, { orgId: t.seed.saihan.id, title: '赛罕区大赛' });
    expect(sibling.statusCode).toBe(404);
    const before = await rowCount('events');
    const ok = await xcq.post(base, { orgId: t.seed.xinCheng.id, title: '新城区职工技能大赛', hosts: '新城区总工会' });
    expect(ok.statusCode).toBe(201);
    expect(await rowCount('events')).toBe(before + 1);
    const detail = (await xcq.get(`${base}/${ok.json().id}`)).json();
    expect(detail).toMatchObject({ title: '新城区职工技能大赛', orgName: '呼和浩特市新城区总工会', spreadPoints: 10, can: { manage: true } });
    const [event] = await queryRows<{ kind: string }>(t.db, sql`select kind from events where id = ${ok.json().id}`);
    expect(event!.kind).toBe('competition');
    expect((await sh.get(`${base}/${ok.json().id}`)).statusCode).toBe(404);
    expect((await sh.get(base)).json().items.map((c: { id: number }) => c.id)).not.toContain(ok.json().id);
    expect((await xcq.get(base)).json().items.map((c: { id: number }) => c.id)).toContain(ok.json().id);
    const auditor = await t.as('sh_auditor');
    expect((await auditor.post(base, { orgId: t.seed.saihan.id, title: '审计员的大赛' })).statusCode).toBe(403);
  });
});

describe('entries', () => {
  it('enters a person once per trade and a team of distinct people of the organiser’s subtree', async () => {
    const c = await contest('报名测试赛');
    const url = `${base}/${c.id}/entries`;
    expect((await t.anonymous().post(url, { tradeId: c.trade, kind: 'individual', personIds: [people[0]!.id] })).statusCode).toBe(401);
    const two = await xcq.post(url, { tradeId: c.trade, kind: 'individual', personIds: [people[0]!.id, people[1]!.id] });
    expect(two.statusCode).toBe(400);
    expect(two.json().fields[0]).toMatchObject({ field: 'personIds', message: '个人赛只能选择一名参赛人员' });
    expect((await xcq.post(url, { tradeId: c.trade, kind: 'individual', personIds: [saihanPerson] })).statusCode).toBe(404);
    expect((await sh.post(url, { tradeId: c.trade, kind: 'individual', personIds: [saihanPerson] })).statusCode).toBe(404);
    expect((await xcq.post(url, { tradeId: c.trade, kind: 'individual', personIds: [people[0]!.id] })).statusCode).toBe(201);
    const members = await rowCount('competition_entry_members');
    const again = await xcq.post(url, { tradeId: c.trade, kind: 'team', teamName: '一队', personIds: [people[1]!.id, people[0]!.id] });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe(`${people[0]!.name}已报名电工（${people[0]!.name}），每人每个工种只能报名一次`);
    const twice = await xcq.post(url, { tradeId: c.trade, kind: 'team', teamName: '二队', personIds: [people[1]!.id, people[2]!.id, people[1]!.id] });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().fields[0]).toMatchObject({ field: 'personIds', message: expect.stringContaining(`${people[1]!.name}在队员中出现了两次`) });
    expect(await rowCount('competition_entry_members')).toBe(members);
    const team = await xcq.post(url, { tradeId: c.trade, kind: 'team', teamName: '二队', personIds: [people[1]!.id, people[2]!.id] });
    expect(team.statusCode).toBe(201);
    const detail = (await xcq.get(`${base}/${c.id}`)).json();
    expect(detail.entries.find((e: { id: number }) => e.id === team.json().id)).toMatchObject({
      kind: 'team',
      label: '二队',
      members: [{ name: people[1]!.name }, { name: people[2]!.name }],
    });
  });

  it('is kept by the database too: a person twice in a trade or in a team is refused whatever the code', async () => {
    const c = await contest('约束测试赛');
    const { id: entryId } = (await xcq.post(`${base}/${c.id}/entries`, { tradeId: c.trade, kind: 'individual', personIds: [people[3]!.id] })).json();
    expect(await refusedBy(sql`insert into competition_entry_members (entry_id, trade_id, person_id) values (${entryId}, ${c.trade}, ${people[3]!.id})`)).toBe(
      'competition_entry_members_person_key',
    );
    const [other] = await queryRows<{ id: number }>(
      t.db,
      sql`insert into competition_entries (event_id, trade_id, kind, team_name) values (${c.id}, ${c.trade}, 'team', '三队') returning id`,
    );
    expect(
      await refusedBy(sql`insert into competition_entry_members (entry_id, trade_id, person_id) values (${other!.id}, ${c.trade}, ${people[3]!.id})`),
    ).toBe('competition_entry_members_trade_key');
  });
});

describe('scoring, ranking and awards', () => {
  let c: Awaited<ReturnType<typeof contest>>;
  const entries: number[] = [];

  beforeAll(async () => {
    c = await contest('全流程测试赛');
    for (const p of people.slice(0, 4))
      entries.push((await xcq.post(`${base}/${c.id}/entries`, { tradeId: c.trade, kind: 'individual', personIds: [p.id] })).json().id);
  });

  it('refuses a stranger, a score out of range or with two decimals, another county, and records a score', async () => {
    const body = { roundId: c.prelim, judgeId: c.prelimJudges[0]!, entryId: entries[0]!, score: 88.5 };
    expect((await score(t.anonymous(), c.id, body)).statusCode).toBe(401);
    for (const [bad, message] of [
      [100.5, '评分不能大于 100'],
      [-1, '评分不能小于 0'],
      [88.55, '评分最多保留一位小数'],
      ['88', '评分必须是数字'],
    ] as const) {
      const res = await score(xcq, c.id, { ...body, score: bad });
      expect(res.statusCode).toBe(400);
      expect(res.json().fields[0]).toMatchObject({ field: 'score', message });
    }
    expect((await score(sh, c.id, body)).statusCode).toBe(404);
    expect(await rowCount('competition_scores')).toBe(0);
    expect((await score(xcq, c.id, body)).statusCode).toBe(201);
    const [row] = await queryRows<{ tenths: number }>(t.db, sql`select tenths from competition_scores`);
    expect(row!.tenths).toBe(885);
  });

  it('refuses a judge scoring an entry twice, also when both arrive at once, with the first score named', async () => {
    const again = await score(xcq, c.id, { roundId: c.prelim, judgeId: c.prelimJudges[0]!, entryId: entries[0]!, score: 90 });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('评委王评委已在「预赛」为王电工评过分（88.5 分），每位评委对每位选手每轮只评一次');
    const body = { roundId: c.prelim, judgeId: c.prelimJudges[1]!, entryId: entries[0]!, score: 92 };
    const both = await Promise.all([score(xcq, c.id, body), score(xcq, c.id, { ...body, score: 93 })]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(both.find((r) => r.statusCode === 409)!.json().message).toMatch(/评委李评委已在「预赛」为王电工评过分|该评委已为该选手在本轮评过分/);
    const [n] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from competition_scores where judge_id = ${c.prelimJudges[1]!} and entry_id = ${entries[0]!}`,
    );
    expect(n!.n).toBe(1);
    // The unique key holds whatever the code does.
    expect(
      await refusedBy(
        sql`insert into competition_scores (round_id, trade_id, judge_id, entry_id, tenths) values (${c.prelim}, ${c.trade}, ${c.prelimJudges[0]!}, ${entries[0]!}, 700)`,
      ),
    ).toBe('competition_scores_judge_entry_key');
  });

  it('refuses a judge of another round and an entry that did not advance', async () => {
    const wrongJudge = await score(xcq, c.id, { roundId: c.prelim, judgeId: c.finalJudges[0]!, entryId: entries[1]!, score: 80 });
    expect(wrongJudge.statusCode).toBe(400);
    expect(wrongJudge.json().fields[0]).toMatchObject({ field: 'judgeId', message: '王评委不是「预赛」的评委' });
    const notIn = await score(xcq, c.id, { roundId: c.final, judgeId: c.finalJudges[0]!, entryId: entries[1]!, score: 80 });
    expect(notIn.statusCode).toBe(400);
    expect(notIn.json().fields[0]).toMatchObject({ field: 'entryId', message: '李焊工未进入「决赛」' });
  });

  it('shows the sheet with trimmed means, a disagreement flag and ranks; closing the round advances the top two', async () => {
    // 王电工 already has 88.5 and 92 (or 93).
    await score(xcq, c.id, { roundId: c.prelim, judgeId: c.prelimJudges[2]!, entryId: entries[0]!, score: 86 });
    const rest: [number, number[]][] = [
      [1, [95, 78, 85]], // result 85, spread 17: flagged
      [2, [85, 84, 86]], // result 85, mean 85: behind 李焊工 (85, mean 86) on the tie-break
      [3, [70, 72]], // two judges only: mean of both, 71
    ];
    for (const [i, scores] of rest)
      for (const [j, s] of scores.entries())
        expect((await score(xcq, c.id, { roundId: c.prelim, judgeId: c.prelimJudges[j]!, entryId: entries[i]!, score: s })).statusCode).toBe(201);
    expect((await t.anonymous().get(`${base}/${c.id}/rounds/${c.prelim}/sheet?tradeId=${c.trade}`)).statusCode).toBe(401);
    expect((await xcq.get(`${base}/${c.id}/rounds/${c.prelim}/sheet?tradeId=x`)).statusCode).toBe(400);
    expect((await sh.get(`${base}/${c.id}/rounds/${c.prelim}/sheet?tradeId=${c.trade}`)).statusCode).toBe(404);
    const sheet = (await xcq.get(`${base}/${c.id}/rounds/${c.prelim}/sheet?tradeId=${c.trade}`)).json();
    expect(sheet.judges.map((j: { name: string }) => j.name)).toEqual(['王评委', '李评委', '张评委']);
    expect(sheet.rule).toMatch(/去掉一个最高分和一个最低分/);
    const byName = Object.fromEntries(sheet.rows.map((r: { label: string }) => [r.label, r]));
    expect(byName['王电工']).toMatchObject({ result: 88.5, rank: 1, flagged: false, complete: true });
    // 李焊工: 95, 78, 85 → 85 after dropping; mean 86; spread 17 > 10.
    expect(byName['李焊工']).toMatchObject({ result: 85, mean: 86, highest: 95, lowest: 78, flagged: true, rank: 2 });
    // 张快递: 85, 84, 86 → 85, mean 85: the same result, behind on the tie-break.
    expect(byName['张快递']).toMatchObject({ result: 85, mean: 85, flagged: false, rank: 3 });
    expect(byName['刘师傅']).toMatchObject({ result: 71, scores: [70, 72, null], complete: false, rank: 4 });
    expect(sheet.rows.map((r: { label: string }) => r.label)).toEqual(['王电工', '李焊工', '张快递', '刘师傅']);

    expect((await sh.post(`${base}/${c.id}/rounds/${c.prelim}/close`)).statusCode).toBe(404);
    expect((await xcq.post(`${base}/${c.id}/rounds/${c.prelim}/close`)).statusCode).toBe(200);
    const closed = await score(xcq, c.id, { roundId: c.prelim, judgeId: c.prelimJudges[2]!, entryId: entries[3]!, score: 75 });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().message).toBe('「预赛」已结束评分，不能再录入评分');
    const after = (await xcq.get(`${base}/${c.id}/rounds/${c.prelim}/sheet?tradeId=${c.trade}`)).json();
    expect(after.rows.filter((r: { advanced: boolean }) => r.advanced).map((r: { label: string }) => r.label)).toEqual(['王电工', '李焊工']);
    const late = await xcq.post(`${base}/${c.id}/entries`, { tradeId: c.trade, kind: 'individual', personIds: [people[4]!.id] });
    expect(late.statusCode).toBe(409);
  });

  it('awards the final’s ranking by the trade’s ranges and puts the honour on the winners’ records', async () => {
    const url = `${base}/${c.id}/trades/${c.trade}/awards`;
    expect((await t.anonymous().post(url, { honour: true })).statusCode).toBe(401);
    expect((await xcq.post(url, {})).json().fields[0]).toMatchObject({ field: 'honour' });
    const early = await xcq.post(url, { honour: true });
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toBe('请先结束「决赛」的评分，再评定奖项');
    for (const [j, s] of [91, 90, 89].entries()) await score(xcq, c.id, { roundId: c.final, judgeId: c.finalJudges[j]!, entryId: entries[1]!, score: s });
    for (const [j, s] of [88, 95, 90].entries()) await score(xcq, c.id, { roundId: c.final, judgeId: c.finalJudges[j]!, entryId: entries[0]!, score: s });
    await xcq.post(`${base}/${c.id}/rounds/${c.final}/close`);
    expect((await sh.post(url, { honour: true })).statusCode).toBe(404);
    const ok = await xcq.post(url, { honour: true });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ awarded: 2, honoured: 2 });
    const detail = (await xcq.get(`${base}/${c.id}`)).json();
    const award = (label: string) => detail.entries.find((e: { label: string }) => e.label === label).award;
    // 王电工 90 (88, 95, 90) before 李焊工 90 (91, 90, 89) on the mean of all scores: 91 against 90.
    expect(award('王电工')).toEqual({ prize: 'first', rank: 1, honoured: true });
    expect(award('李焊工')).toEqual({ prize: 'second', rank: 2, honoured: true });
    expect(award('张快递')).toBeNull();
    const record = (await xcq.get(`/api/people/${people[0]!.id}`)).json();
    expect(record.tags).toContain('技能竞赛获奖');
    const history = (await xcq.get(`/api/people/${people[0]!.id}/history`)).json();
    expect(JSON.stringify(history)).toContain('记入荣誉「技能竞赛获奖」：全流程测试赛 电工 一等奖（第 1 名）');
    const third = (await xcq.get(`/api/people/${people[2]!.id}`)).json();
    expect(third.tags).not.toContain('技能竞赛获奖');
    const again = await xcq.post(url, { honour: true });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('电工已评定奖项，不能重复评定');
    const [audit] = await queryRows<{ summary: string }>(t.db, sql`select summary from audit_log where action = 'competition.award' order by id desc limit 1`);
    expect(audit!.summary).toContain('一等奖 1 名、二等奖 1 名');
  });

  it('cancels a winner’s result only once the prizes are revoked, takes the honour back with them, and awards again from the new ranking', async () => {
    const dq = (entryId: number, body: object) => xcq.post(`${base}/${c.id}/entries/${entryId}/disqualify`, body);
    const revoke = `${base}/${c.id}/trades/${c.trade}/awards/revoke`;
    const first = await dq(entries[0]!, { reason: '决赛使用禁用工具' });
    expect(first.statusCode).toBe(409);
    expect(first.json().message).toBe('电工已评定奖项：请先撤销电工的奖项，再取消王电工的成绩');

    // 王电工 also won another contest, whose award keeps the honour on the record.
    const other = await contest('另一场获奖赛');
    const win = (await xcq.post(`${base}/${other.id}/entries`, { tradeId: other.trade, kind: 'individual', personIds: [people[0]!.id] })).json().id;
    for (const [round, judges] of [
      [other.prelim, other.prelimJudges],
      [other.final, other.finalJudges],
    ] as const) {
      for (const judgeId of judges) expect((await score(xcq, other.id, { roundId: round, judgeId, entryId: win, score: 90 })).statusCode).toBe(201);
      expect((await xcq.post(`${base}/${other.id}/rounds/${round}/close`)).statusCode).toBe(200);
    }
    expect((await xcq.post(`${base}/${other.id}/trades/${other.trade}/awards`, { honour: true })).json()).toEqual({ awarded: 1, honoured: 1 });

    expect((await xcq.post(revoke, {})).json().fields[0]).toMatchObject({ field: 'reason', message: '请填写撤销原因' });
    expect((await sh.post(revoke, { reason: '成绩复核' })).statusCode).toBe(404);
    const revoked = await xcq.post(revoke, { reason: '王电工决赛违规，成绩复核' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toEqual({ revoked: 2, withdrawn: 1 });
    expect((await xcq.get(`/api/people/${people[0]!.id}`)).json().tags).toContain('技能竞赛获奖');
    expect((await xcq.get(`/api/people/${people[1]!.id}`)).json().tags).not.toContain('技能竞赛获奖');
    const history = JSON.stringify((await xcq.get(`/api/people/${people[1]!.id}/history`)).json());
    expect(history).toContain('撤销荣誉「技能竞赛获奖」：全流程测试赛 电工奖项撤销：王电工决赛违规，成绩复核');
    expect((await xcq.post(revoke, { reason: '再次撤销' })).json().message).toBe('电工尚未评定奖项，无需撤销');

    expect((await dq(entries[0]!, { reason: '' })).json().fields[0]).toMatchObject({ field: 'reason' });
    expect((await dq(entries[0]!, { reason: '决赛使用禁用工具' })).statusCode).toBe(200);
    expect((await dq(entries[0]!, { reason: '决赛使用禁用工具' })).json().message).toBe('王电工的成绩已取消（决赛使用禁用工具）');
    const detail = (await xcq.get(`${base}/${c.id}`)).json();
    expect(detail.entries.find((e: { label: string }) => e.label === '王电工').disqualified).toMatchObject({ reason: '决赛使用禁用工具' });
    const sheet = (await xcq.get(`${base}/${c.id}/rounds/${c.final}/sheet?tradeId=${c.trade}`)).json();
    expect(sheet.rows.map((r: { label: string; rank: number }) => [r.label, r.rank])).toEqual([['李焊工', 1]]);

    const again = await xcq.post(`${base}/${c.id}/trades/${c.trade}/awards`, { honour: true });
    expect(again.json()).toEqual({ awarded: 1, honoured: 1 });
    const after = (await xcq.get(`${base}/${c.id}`)).json();
    expect(after.entries.find((e: { label: string }) => e.label === '李焊工').award).toEqual({ prize: 'first', rank: 1, honoured: true });
    expect(after.entries.find((e: { label: string }) => e.label === '王电工').award).toBeNull();
    expect((await xcq.get(`/api/people/${people[1]!.id}`)).json().tags).toContain('技能竞赛获奖');
  });

  it('takes the disagreement threshold from the organiser’s policy', async () => {
    const admin = await t.as('hhht_admin');
    const res = await admin.post('/api/policies', {
      orgId: t.seed.hhht.id,
      key: 'competition_score_spread',
      value: 20,
      effectiveFrom: chinaToday(),
      note: null,
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    const sheet = (await xcq.get(`${base}/${c.id}/rounds/${c.prelim}/sheet?tradeId=${c.trade}`)).json();
    expect(sheet.spreadPoints).toBe(20);
    expect(sheet.rows.find((r: { label: string }) => r.label === '李焊工').flagged).toBe(false);
  });
});

describe('a contest over', () => {
  it('takes no new trade, round, judge, entry or score once finished, yet its results can still be corrected; nothing once cancelled', async () => {
    const f = await contest('已结束的测试赛');
    const entry = (await xcq.post(`${base}/${f.id}/entries`, { tradeId: f.trade, kind: 'individual', personIds: [people[5]!.id] })).json().id;
    const s = await xcq.post(`/api/events/${f.id}/sessions`, {
      startsAt: '2026-11-20T09:00:00+08:00',
      endsAt: '2026-11-20T17:00:00+08:00',
      place: '职工技能实训基地',
    });
    expect(s.statusCode, s.body).toBe(201);
    const version = async (id: number) => (await xcq.get(`/api/events/${id}`)).json().version as number;
    const finished = await xcq.post(`/api/events/${f.id}/transition`, { action: 'finish', version: await version(f.id) });
    expect(finished.json().status, finished.body).toBe('finished');
    const over = '「已结束的测试赛」已结束，不能再';
    const refused = [
      [
        await xcq.post(`${base}/${f.id}/trades`, { name: '焊工', occupation: null, firstPrizes: 1, secondPrizes: 1, thirdPrizes: 1, meritPrizes: 0 }),
        '新增工种',
      ],
      [await xcq.post(`${base}/${f.id}/rounds`, { name: '加赛' }), '新增轮次'],
      [await xcq.post(`${base}/${f.id}/judges`, { roundId: f.prelim, tradeId: f.trade, name: '赵评委' }), '指定评委'],
      [await xcq.post(`${base}/${f.id}/entries`, { tradeId: f.trade, kind: 'individual', personIds: [people[4]!.id] }), '报名'],
      [await score(xcq, f.id, { roundId: f.prelim, judgeId: f.prelimJudges[0]!, entryId: entry, score: 80 }), '录入评分'],
      [await xcq.post(`${base}/${f.id}/rounds/${f.prelim}/close`), '结束评分'],
    ] as const;
    for (const [res, what] of refused) {
      expect(res.statusCode, what).toBe(409);
      expect(res.json().message).toBe(`${over}${what}`);
    }
    const [n] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from competition_scores where entry_id = ${entry}`);
    expect(n!.n).toBe(0);
    // A correction is still taken: the result of an entry cancelled.
    expect((await xcq.post(`${base}/${f.id}/entries/${entry}/disqualify`, { reason: '冒名顶替参赛' })).statusCode).toBe(200);

    const g = await contest('取消的测试赛');
    const gEntry = (await xcq.post(`${base}/${g.id}/entries`, { tradeId: g.trade, kind: 'individual', personIds: [people[5]!.id] })).json().id;
    expect((await xcq.post(`/api/events/${g.id}/transition`, { action: 'cancel', version: await version(g.id), reason: '场地无法使用' })).json().status).toBe(
      'cancelled',
    );
    const dq = await xcq.post(`${base}/${g.id}/entries/${gEntry}/disqualify`, { reason: '冒名顶替参赛' });
    expect(dq.statusCode).toBe(409);
    expect(dq.json().message).toBe('「取消的测试赛」已取消，不能再取消成绩');
  });
});

describe('the demo contest', () => {
  it('loads with a closed 预赛 whose top three advance, one entrant flagged, and a 决赛 under way', async () => {
    for (const [i, name] of ['周师傅', '吴师傅', '郑师傅'].entries())
      people.push({ id: await addPerson(xcq, name, t.seed.xinChengSanitation.id, 20 + i), name });
    const org = (o: typeof t.seed.root) => ({ id: o.id, path: o.path, name: o.name, type: o.type, parentId: o.parentId, divisionCode: o.divisionCode });
    const orgs = Object.values(t.seed).map(org);
    await t.db.transaction((tx) =>
      loadCompetitionDemo(tx, {
        root: org(t.seed.root),
        orgs,
        org: (name) => orgs.find((o) => o.name === name)!,
        accounts: new Map(),
        cipher: t.cipher,
        today: chinaToday(),
      }),
    );
    const list = (await xcq.get(base)).json();
    const demo = list.items.find((c: { title: string }) => c.title.endsWith('新城区职工职业技能大赛'));
    const detail = (await xcq.get(`${base}/${demo.id}`)).json();
    expect(detail.trades.map((tr: { name: string }) => tr.name)).toEqual(['快递员', '道路清扫保洁']);
    expect(detail.entries).toHaveLength(5 + 3);
    const [prelim, final] = detail.rounds;
    const courier = detail.trades[0].id;
    const sheet = (await xcq.get(`${base}/${demo.id}/rounds/${prelim.id}/sheet?tradeId=${courier}`)).json();
    expect(sheet.round.status).toBe('closed');
    expect(sheet.rows.filter((r: { advanced: boolean }) => r.advanced)).toHaveLength(3);
    expect(sheet.rows.filter((r: { flagged: boolean }) => r.flagged)).toHaveLength(1);
    const finalSheet = (await xcq.get(`${base}/${demo.id}/rounds/${final.id}/sheet?tradeId=${courier}`)).json();
    expect(finalSheet.rows).toHaveLength(3);
    expect(finalSheet.rows.filter((r: { result: number | null }) => r.result !== null)).toHaveLength(2);
  });
});
