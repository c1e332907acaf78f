export { registerHardshipRoutes } from './hardship.routes.ts';
export { loadDemoHardship } from './demo.ts';
