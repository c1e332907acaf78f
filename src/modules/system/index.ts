export { registerSystemRoutes, DEMO_SETTING } from './system.routes.ts';
export { getSetting, putSetting, lockForBootstrap } from './system.repository.ts';
