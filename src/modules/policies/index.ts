export { getEffectivePolicy, getEffectivePolicies, setPolicy } from './policies.service.ts';
