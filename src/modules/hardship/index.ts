/**
 * What other modules may use of 困难职工帮扶: the app reaches the module through its manifest
 * (hardship.module.ts); the worker portal's 我的权益 reads a person's assistance through this.
 */
export { assistanceOf } from './record.service.ts';
export { proposeCandidate } from './discovery.service.ts';
