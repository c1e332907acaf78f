import { defineModule } from '../../server/module.ts';
import { registerInboxRoutes } from './inbox.routes.ts';

/** 待办: what waits for each account, collected from the other modules' `inbox` sources; no tables of its own. */
export const inboxModule = defineModule({
  name: 'inbox',
  label: '待办',
  routes: registerInboxRoutes,
});
