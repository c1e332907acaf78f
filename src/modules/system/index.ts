export { registerSystemRoutes, DEMO_SETTING } from './system.routes.ts';
export { getSetting, putSetting, lockForBootstrap, onceAtVersion } from './system.repository.ts';
