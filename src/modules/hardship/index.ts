export { registerHardshipRoutes } from './hardship.routes.ts';
