import type { FastifyInstance } from 'fastify';
import { defineModule, type AppDeps } from '../../server/module.ts';
import { EVENTS_PERMISSIONS } from './events.contract.ts';

/**
 * The route groups of 活动, one line each: the engine (events, sessions, places, sign-up, waiting
 * list, attendance, feedback, certificates, calendars) and the kinds with their own work.
 */
const ROUTE_GROUPS: readonly ((app: FastifyInstance, deps: AppDeps) => void)[] = [];

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
  metrics: [],
});
