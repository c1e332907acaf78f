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
  runJob,
  jobsSettled,
  JOB_FAILED_MESSAGE,
  type JobContext,
  type RunJobOptions,
} from './jobs.service.ts';
export { startScheduler, type Schedule, type ScheduleContext, type Scheduler, type SchedulerOptions } from './jobs.scheduler.ts';
export type { JobRow, JobScheduleRow } from './jobs.schema.ts';
