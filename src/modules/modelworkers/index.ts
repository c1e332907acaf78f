/**
 * What other modules may use of 劳模关爱: whether a person is a model worker and why they need
 * care (the 适老化改造 plans of the retrofits module start from the priority list).
 */
export { modelWorkerFacts } from './register.service.ts';
