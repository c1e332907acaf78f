/** The HTTP API of 技能竞赛, under /api/events/competitions. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { Ok } from '../../shared/contract.ts';
import {
  AddJudgeInput,
  AddRoundInput,
  AddTradeInput,
  AwardInput,
  AwardResult,
  CompetitionDetail,
  CompetitionPage,
  CompetitionParams,
  CreateCompetitionInput,
  Created,
  DisqualifyInput,
  EntryParams,
  RevokeAwardsInput,
  RevokeResult,
  EnterInput,
  ListCompetitionsQuery,
  RoundParams,
  ScoreInput,
  ScoreSheet,
  SheetQuery,
  TradeParams,
} from './competitions.contract.ts';
import {
  addJudge,
  addRound,
  addTrade,
  awardTrade,
  closeRound,
  createCompetition,
  disqualify,
  enter,
  getCompetition,
  listCompetitions,
  recordScore,
  revokeAwards,
  scoreSheet,
} from './competitions.service.ts';

export function registerCompetitionRoutes(app: FastifyInstance, { db }: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['活动·技能竞赛'];
  const read = { onRequest: guard('events:read') };
  const manage = { onRequest: guard('events:manage') };

  r.get(
    '/api/events/competitions',
    { schema: { tags, summary: '技能竞赛（本级及下级主办）', querystring: ListCompetitionsQuery, response: { 200: CompetitionPage } }, ...read },
    async (req) => listCompetitions(db, requireActor(req), req.query),
  );
  r.post(
    '/api/events/competitions',
    { schema: { tags, summary: '新建技能竞赛', body: CreateCompetitionInput, response: { 201: Created } }, ...manage },
    async (req, reply) => reply.status(201).send(await createCompetition(db, requireActor(req), req.body)),
  );
  r.get(
    '/api/events/competitions/:id',
    { schema: { tags, summary: '技能竞赛：工种、轮次、评委、参赛和获奖', params: CompetitionParams, response: { 200: CompetitionDetail } }, ...read },
    async (req) => getCompetition(db, requireActor(req), req.params.id),
  );
  r.post(
    '/api/events/competitions/:id/trades',
    { schema: { tags, summary: '新增工种（含各奖项名额）', params: CompetitionParams, body: AddTradeInput, response: { 201: Created } }, ...manage },
    async (req, reply) => reply.status(201).send(await addTrade(db, requireActor(req), req.params.id, req.body)),
  );
  r.post(
    '/api/events/competitions/:id/rounds',
    {
      schema: { tags, summary: '新增轮次（预赛、复赛、决赛，前 N 名晋级）', params: CompetitionParams, body: AddRoundInput, response: { 201: Created } },
      ...manage,
    },
    async (req, reply) => reply.status(201).send(await addRound(db, requireActor(req), req.params.id, req.body)),
  );
  r.post(
    '/api/events/competitions/:id/rounds/:roundId/close',
    { schema: { tags, summary: '结束本轮评分（前 N 名晋级下一轮）', params: RoundParams, response: { 200: Ok } }, ...manage },
    async (req) => closeRound(db, requireActor(req), req.params.id, req.params.roundId),
  );
  r.get(
    '/api/events/competitions/:id/rounds/:roundId/sheet',
    {
      schema: { tags, summary: '评分表：各评委评分、最后得分、评分分歧和排名', params: RoundParams, querystring: SheetQuery, response: { 200: ScoreSheet } },
      ...read,
    },
    async (req) => scoreSheet(db, requireActor(req), req.params.id, req.params.roundId, req.query.tradeId),
  );
  r.post(
    '/api/events/competitions/:id/judges',
    { schema: { tags, summary: '指定评委（某轮某工种）', params: CompetitionParams, body: AddJudgeInput, response: { 201: Created } }, ...manage },
    async (req, reply) => reply.status(201).send(await addJudge(db, requireActor(req), req.params.id, req.body)),
  );
  r.post(
    '/api/events/competitions/:id/entries',
    { schema: { tags, summary: '报名（个人或团体，每人每个工种一次）', params: CompetitionParams, body: EnterInput, response: { 201: Created } }, ...manage },
    async (req, reply) => reply.status(201).send(await enter(db, requireActor(req), req.params.id, req.body)),
  );
  r.post(
    '/api/events/competitions/:id/scores',
    {
      schema: {
        tags,
        summary: '录入评分（0–100 分，一位小数；每位评委对每位选手每轮一次）',
        params: CompetitionParams,
        body: ScoreInput,
        response: { 201: Created },
      },
      ...manage,
    },
    async (req, reply) => reply.status(201).send(await recordScore(db, requireActor(req), req.params.id, req.body)),
  );
  r.post(
    '/api/events/competitions/:id/trades/:tradeId/awards',
    {
      schema: { tags, summary: '评定奖项（按名次区间；可记入获奖职工档案的荣誉）', params: TradeParams, body: AwardInput, response: { 200: AwardResult } },
      ...manage,
    },
    async (req) => awardTrade(db, requireActor(req), req.params.id, req.params.tradeId, req.body),
  );
  r.post(
    '/api/events/competitions/:id/trades/:tradeId/awards/revoke',
    {
      schema: {
        tags,
        summary: '撤销奖项（写明原因；随奖项记入的荣誉一并撤销）',
        params: TradeParams,
        body: RevokeAwardsInput,
        response: { 200: RevokeResult },
      },
      ...manage,
    },
    async (req) => revokeAwards(db, requireActor(req), req.params.id, req.params.tradeId, req.body),
  );
  r.post(
    '/api/events/competitions/:id/entries/:entryId/disqualify',
    { schema: { tags, summary: '取消成绩（写明原因；此后不再参与排名）', params: EntryParams, body: DisqualifyInput, response: { 200: Ok } }, ...manage },
    async (req) => disqualify(db, requireActor(req), req.params.id, req.params.entryId, req.body),
  );
}
