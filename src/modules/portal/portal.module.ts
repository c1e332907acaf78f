import { defineModule } from '../../server/module.ts';
import { installWorkerSessions } from '../../server/worker.ts';
import { registerPortalRoutes } from './portal.routes.ts';
import { pruneWorkerSessions, resolveWorkerSession } from './sessions.service.ts';
import { pruneCodes } from './sign-in.repository.ts';
import { loadDemoWorkers } from './demo.ts';

/**
 * 职工端: the worker's own sign-in and session (by phone), separate from staff accounts. The pages
 * of the portal come from the modules (their `portal/` folders); this module holds who the worker is.
 */
export const portalModule = defineModule({
  name: 'portal',
  label: '职工端',
  install(app, { db }) {
    installWorkerSessions(app, (token, ip) => resolveWorkerSession(db, token, ip));
  },
  routes: registerPortalRoutes,
  demo: (tx, ctx) => loadDemoWorkers(tx, ctx),
  personReferences: [{ table: 'worker_accounts', column: 'person_id', idColumn: 'id', uniqueWith: [] }],
  schedules: [
    {
      name: 'portal.prune-sessions',
      everyMinutes: 60,
      run: async ({ db }) => {
        await pruneWorkerSessions(db);
        await pruneCodes(db);
      },
    },
  ],
});
