import type { FastifyInstance } from 'fastify';
import { defineModule, type AppDeps, type DemoContext, type MetricDefinition } from '../../server/module.ts';
import type { DbOrTx } from '../../server/db.ts';
import { EVENTS_PERMISSIONS } from './events.contract.ts';
import { registerLectureRoutes } from './lectures.routes.ts';
import { loadLectureDemo } from './lectures.demo.ts';
import { LECTURE_METRICS } from './lectures.metrics.ts';
import { registerCompetitionRoutes } from './competitions.routes.ts';
import { loadCompetitionDemo } from './competitions.demo.ts';
import { registerCampRoutes } from './camps.routes.ts';
import { loadCampDemo } from './camps.demo.ts';
import { registerRecuperationRoutes } from './recuperation.routes.ts';
import { registerCheckinRoutes } from './checkin.routes.ts';
import { loadCheckinDemo } from './checkin.demo.ts';
import { loadRecuperationDemo, RECUPERATION_METRICS } from './recuperation.demo.ts';
import { registerEventEngineRoutes } from './events.routes.ts';
import { ENGINE_METRICS } from './events.metrics.ts';
import { loadEngineDemo } from './events.demo.ts';
import { EXPIRE_OFFERS } from './offers.schedule.ts';
import { signupsHome } from './signups.service.ts';
import { carryEventPlacesAlong } from './org-move.service.ts';

/**
 * The parts of 活动, one line each in these lists: the engine (events, sessions, places, sign-up,
 * waiting list, attendance, feedback, certificates, calendars) and the kinds with their own work
 * (宣讲点单, 疗休养, 夏令营, competitions, check-in).
 */
const ROUTE_GROUPS: readonly ((app: FastifyInstance, deps: AppDeps) => void)[] = [
  registerEventEngineRoutes,
  registerLectureRoutes,
  registerCampRoutes,
  registerRecuperationRoutes,
  registerCompetitionRoutes,
  registerCheckinRoutes,
];
const METRICS: readonly MetricDefinition[] = [
  { key: 'events.checkins', label: '活动签到人次', unit: '人次', description: '活动各签到清单（入场、用餐、纪念品）计入的签到，重复签到和未通过的不计' },
  ...RECUPERATION_METRICS,
  ...ENGINE_METRICS,
  ...LECTURE_METRICS,
  { key: 'events.camp_places', label: '夏令营录取人数', unit: '人', description: '夏令营摇号录取（含候补递补）且未退出的职工子女' },
  {
    key: 'events.competition_entries',
    label: '技能竞赛参赛',
    unit: '人次',
    description: '技能竞赛各工种报名参赛的职工（团体赛按队员计），一人参加几个工种计几人次',
  },
];
const DEMO_LOADERS: readonly ((tx: DbOrTx, ctx: DemoContext) => Promise<unknown>)[] = [
  loadRecuperationDemo,
  loadEngineDemo,
  loadLectureDemo,
  loadCampDemo,
  loadCompetitionDemo,
  loadCheckinDemo,
];

/** 活动: lectures from a menu, performances, competitions, summer camps, recuperation trips; sign-up, waiting lists, check-in. */
export const eventsModule = defineModule({
  name: 'events',
  label: '活动',
  permissions: EVENTS_PERMISSIONS,
  routes: (app, deps) => {
    for (const register of ROUTE_GROUPS) register(app, deps);
  },
  // Check-ins by month of the server's receipt (their spanning keys in event_checkin_keys).
  partitionedTables: [{ table: 'event_checkins', column: 'synced_at' }],
  personReferences: [
    { table: 'event_signups', column: 'person_id', idColumn: 'id', uniqueWith: ['event_id'] },
    { table: 'competition_entry_members', column: 'person_id', idColumn: 'id', uniqueWith: ['trade_id'] },
    { table: 'camp_children', column: 'guardian_person_id', idColumn: 'id' },
    { table: 'camp_applications', column: 'guardian_person_id', idColumn: 'id', uniqueWith: ['event_id'] },
    { table: 'recuperation_applications', column: 'person_id', idColumn: 'id', uniqueWith: ['event_id'] },
  ],
  orgPathCopies: [
    { table: 'event_quotas', column: 'org_path' },
    { table: 'event_signups', column: 'org_path' },
  ],
  onOrgMove: carryEventPlacesAlong,
  schedules: [EXPIRE_OFFERS],
  metrics: METRICS,
  portalHome: signupsHome,
  demo: async (tx, ctx) => {
    for (const load of DEMO_LOADERS) await load(tx, ctx);
  },
});
