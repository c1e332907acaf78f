import { defineModule } from '../../server/module.ts';
import { registerSystemRoutes } from './system.routes.ts';

/** 系统: installation facts (demo flag, data-key fingerprint). */
export const systemModule = defineModule({
  name: 'system',
  label: '系统',
  routes: registerSystemRoutes,
});
