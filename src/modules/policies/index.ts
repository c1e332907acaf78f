export { registerPolicyRoutes } from './policies.routes.ts';
export { getEffectivePolicy, setPolicy } from './policies.service.ts';
