export { registerJobRoutes } from './jobs.routes.ts';
export {
  startJob,
  getJob,
  presentJob,
  progressReporter,
  updateJob,
  transitionJob,
  findJob,
  failAbandonedJobs,
  expireWaitingJobs,
  findActiveJobIds,
} from './jobs.service.ts';
export type { JobRow } from './jobs.schema.ts';
