export { getEffectivePolicy, setPolicy } from './policies.service.ts';
