import { sql } from 'drizzle-orm';
import { bigint, boolean, check, foreignKey, index, integer, pgTable, primaryKey, smallint, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { accounts } from '../auth/auth.schema.ts';
import { occupations, persons } from '../people/people.schema.ts';
import { events } from './events.schema.ts';

/**
 * 技能竞赛: a contest is an `events` row of kind 'competition' and this row keyed by its id. Its
 * trades (工种), rounds (预赛 → 复赛 → 决赛), entries (one person, or a team of registry persons),
 * judges per round and trade, judges' scores and awards hang from it.
 */
export const competitions = pgTable('competitions', {
  eventId: integer('event_id')
    .primaryKey()
    .references(() => events.id, { onDelete: 'cascade' }),
  /** 主办/承办 as printed on the rules, e.g. 呼和浩特市总工会、市人社局. */
  hosts: text('hosts'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * 工种: what is competed in (电工, 焊工, 快递员), optionally tied to the registry's occupation code.
 * Awards go by rank ranges set here: ranks 1..first are 一等奖, the next `second` 二等奖, then 三等奖
 * and 优秀奖.
 */
export const competitionTrades = pgTable(
  'competition_trades',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => competitions.eventId, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    occupation: text('occupation').references(() => occupations.code),
    firstPrizes: smallint('first_prizes').notNull().default(1),
    secondPrizes: smallint('second_prizes').notNull().default(2),
    thirdPrizes: smallint('third_prizes').notNull().default(3),
    meritPrizes: smallint('merit_prizes').notNull().default(0),
  },
  (t) => [
    unique('competition_trades_name_key').on(t.eventId, t.name),
    check('competition_trades_prizes_check', sql`${t.firstPrizes} >= 0 and ${t.secondPrizes} >= 0 and ${t.thirdPrizes} >= 0 and ${t.meritPrizes} >= 0`),
  ],
);

/**
 * 赛程: rounds in order (1 预赛, 2 复赛, 3 决赛). The top `advance` of a round (by the round's ranking,
 * per trade) go on to the next one when the round is closed; a closed round takes no more scores.
 */
export const competitionRounds = pgTable(
  'competition_rounds',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => competitions.eventId, { onDelete: 'cascade' }),
    seq: smallint('seq').notNull(),
    name: text('name').notNull(),
    /** How many of each trade go on to the next round; null: all that were scored. */
    advance: smallint('advance'),
    status: text('status', { enum: ['open', 'closed'] })
      .notNull()
      .default('open'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    unique('competition_rounds_seq_key').on(t.eventId, t.seq),
    unique('competition_rounds_name_key').on(t.eventId, t.name),
    check('competition_rounds_seq_check', sql`${t.seq} between 1 and 9`),
    check('competition_rounds_advance_check', sql`${t.advance} is null or ${t.advance} >= 1`),
    check('competition_rounds_status_check', sql`${t.status} in ('open', 'closed')`),
    check('competition_rounds_closed_check', sql`(${t.status} = 'closed') = (${t.closedAt} is not null)`),
  ],
);

/** 参赛: one person, or a team (a name and its members), in one trade. */
export const competitionEntries = pgTable(
  'competition_entries',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => competitions.eventId, { onDelete: 'cascade' }),
    tradeId: integer('trade_id')
      .notNull()
      .references(() => competitionTrades.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['individual', 'team'] }).notNull(),
    teamName: text('team_name'),
    createdBy: integer('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * 取消成绩 (a rule broken, found out after scoring): the entry leaves every ranking from then on;
     * its scores are kept. Rounds already closed keep who advanced.
     */
    disqualifiedAt: timestamp('disqualified_at', { withTimezone: true }),
    disqualifyReason: text('disqualify_reason'),
    disqualifiedBy: integer('disqualified_by').references(() => accounts.id),
  },
  (t) => [
    unique('competition_entries_trade_key').on(t.id, t.tradeId),
    check('competition_entries_disqualified_check', sql`(${t.disqualifiedAt} is null) = (${t.disqualifyReason} is null)`),
    uniqueIndex('competition_entries_team_key')
      .on(t.tradeId, t.teamName)
      .where(sql`${t.teamName} is not null`),
    index('competition_entries_event_idx').on(t.eventId, t.tradeId),
    check('competition_entries_kind_check', sql`${t.kind} in ('individual', 'team')`),
    check('competition_entries_team_check', sql`(${t.kind} = 'team') = (${t.teamName} is not null)`),
  ],
);

/**
 * 参赛人员: the people of an entry. A person is in one entry per trade (the unique key on trade and
 * person), and once in a team (the primary key).
 */
export const competitionEntryMembers = pgTable(
  'competition_entry_members',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    entryId: integer('entry_id').notNull(),
    tradeId: integer('trade_id').notNull(),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
  },
  (t) => [
    foreignKey({
      name: 'competition_entry_members_entry_fk',
      columns: [t.entryId, t.tradeId],
      foreignColumns: [competitionEntries.id, competitionEntries.tradeId],
    }).onDelete('cascade'),
    unique('competition_entry_members_person_key').on(t.entryId, t.personId),
    unique('competition_entry_members_trade_key').on(t.tradeId, t.personId),
    index('competition_entry_members_person_idx').on(t.personId),
  ],
);

/** 晋级: the entries that go on to a later round (every entry of its trade is in the first round). */
export const competitionAdvances = pgTable(
  'competition_advances',
  {
    roundId: integer('round_id')
      .notNull()
      .references(() => competitionRounds.id, { onDelete: 'cascade' }),
    entryId: integer('entry_id')
      .notNull()
      .references(() => competitionEntries.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.entryId] })],
);

/** 评委: an account or a named person, judging one trade in one round. */
export const competitionJudges = pgTable(
  'competition_judges',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    roundId: integer('round_id')
      .notNull()
      .references(() => competitionRounds.id, { onDelete: 'cascade' }),
    tradeId: integer('trade_id')
      .notNull()
      .references(() => competitionTrades.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    accountId: integer('account_id').references(() => accounts.id),
  },
  (t) => [
    unique('competition_judges_name_key').on(t.roundId, t.tradeId, t.name),
    unique('competition_judges_ref_key').on(t.id, t.roundId, t.tradeId),
    uniqueIndex('competition_judges_account_key')
      .on(t.roundId, t.tradeId, t.accountId)
      .where(sql`${t.accountId} is not null`),
  ],
);

/**
 * 评分: 0–100 with one decimal, stored in tenths. Each judge scores each entry once per round (the
 * unique key: a judge belongs to one round), and only entries of the judge's trade (the keys below).
 */
export const competitionScores = pgTable(
  'competition_scores',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    roundId: integer('round_id').notNull(),
    tradeId: integer('trade_id').notNull(),
    judgeId: integer('judge_id').notNull(),
    entryId: integer('entry_id').notNull(),
    tenths: smallint('tenths').notNull(),
    createdBy: integer('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: 'competition_scores_judge_fk',
      columns: [t.judgeId, t.roundId, t.tradeId],
      foreignColumns: [competitionJudges.id, competitionJudges.roundId, competitionJudges.tradeId],
    }).onDelete('cascade'),
    foreignKey({
      name: 'competition_scores_entry_fk',
      columns: [t.entryId, t.tradeId],
      foreignColumns: [competitionEntries.id, competitionEntries.tradeId],
    }).onDelete('cascade'),
    unique('competition_scores_judge_entry_key').on(t.judgeId, t.entryId),
    index('competition_scores_round_idx').on(t.roundId, t.tradeId),
    check('competition_scores_tenths_check', sql`${t.tenths} between 0 and 1000`),
  ],
);

/** 获奖: an entry's prize in its trade, from the ranking of the last round; given once. */
export const competitionAwards = pgTable(
  'competition_awards',
  {
    entryId: integer('entry_id')
      .primaryKey()
      .references(() => competitionEntries.id, { onDelete: 'cascade' }),
    tradeId: integer('trade_id')
      .notNull()
      .references(() => competitionTrades.id, { onDelete: 'cascade' }),
    prize: text('prize', { enum: ['first', 'second', 'third', 'merit'] }).notNull(),
    rank: smallint('rank').notNull(),
    /** Whether the members' records got the honour tag with it. */
    honoured: boolean('honoured').notNull().default(false),
    awardedBy: integer('awarded_by').references(() => accounts.id),
    awardedAt: timestamp('awarded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('competition_awards_trade_idx').on(t.tradeId),
    check('competition_awards_prize_check', sql`${t.prize} in ('first', 'second', 'third', 'merit')`),
    check('competition_awards_rank_check', sql`${t.rank} >= 1`),
  ],
);

export type CompetitionTradeRow = typeof competitionTrades.$inferSelect;
export type CompetitionRoundRow = typeof competitionRounds.$inferSelect;
export type CompetitionEntryRow = typeof competitionEntries.$inferSelect;
export type CompetitionJudgeRow = typeof competitionJudges.$inferSelect;
