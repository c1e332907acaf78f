import type { FastifyInstance } from 'fastify';
import { defineModule, type AppDeps, type DemoContext, type MetricDefinition } from '../../server/module.ts';
import type { DbOrTx } from '../../server/db.ts';
import { EVENTS_PERMISSIONS } from './events.contract.ts';

/**
 * The parts of 活动, one line each in these lists: the engine (events, sessions, places, sign-up,
 * waiting list, attendance, feedback, certificates, calendars) and the kinds with their own work
 * (宣讲点单, 疗休养, 夏令营, competitions, check-in).
 */
const ROUTE_GROUPS: readonly ((app: FastifyInstance, deps: AppDeps) => void)[] = [];
const METRICS: readonly MetricDefinition[] = [];
const DEMO_LOADERS: readonly ((tx: DbOrTx, ctx: DemoContext) => Promise<unknown>)[] = [];

/** 活动: lectures from a menu, performances, competitions, summer camps, recuperation trips; sign-up, waiting lists, check-in. */
export const eventsModule = defineModule({
  name: 'events',
  label: '活动',
  permissions: EVENTS_PERMISSIONS,
  routes: (app, deps) => {
    for (const register of ROUTE_GROUPS) register(app, deps);
  },
  personReferences: [{ table: 'event_signups', column: 'person_id', idColumn: 'id', uniqueWith: ['event_id'] }],
  orgPathCopies: [
    { table: 'event_quotas', column: 'org_path' },
    { table: 'event_signups', column: 'org_path' },
  ],
  metrics: METRICS,
  demo: async (tx, ctx) => {
    for (const load of DEMO_LOADERS) await load(tx, ctx);
  },
});
