import { defineModule } from '../../server/module.ts';
import { installSessions } from '../../server/http.ts';
import { ACCOUNT_PERMISSIONS } from './auth.contract.ts';
import { registerAuthRoutes } from './auth.routes.ts';
import { permissionCatalog, resolveSession } from './sessions.service.ts';
import { pruneLoginRecords } from './login-throttle.service.ts';

/** 账号权限: accounts, roles, sessions. Installs the session of every API request. */
export const authModule = defineModule({
  name: 'auth',
  label: '账号权限',
  permissions: ACCOUNT_PERMISSIONS,
  install(app, { db, config, modules }) {
    const catalog = permissionCatalog(modules);
    const settings = { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours };
    installSessions(app, (token, ip) => resolveSession(db, token, ip, settings, catalog));
  },
  routes: registerAuthRoutes,
  schedules: [
    {
      name: 'auth.prune-login-records',
      everyMinutes: 60,
      run: async ({ db }) => {
        await pruneLoginRecords(db);
      },
    },
  ],
});
