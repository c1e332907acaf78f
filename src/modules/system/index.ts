/** What other modules may use of the installation's settings. */
export { getSetting, putSetting, lockForBootstrap, onceAtVersion } from './system.service.ts';
export { DEMO_SETTING } from './system.contract.ts';
