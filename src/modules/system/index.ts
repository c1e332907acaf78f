export { registerSystemRoutes, DEMO_SETTING } from './system.routes.ts';
export { getSetting, putSetting } from './system.repository.ts';
