/**
 * What the operators watch of background work (`/metrics`): jobs under way and failed by kind, and
 * the schedules — a schedule overdue for long means no process is running the scheduler.
 */
import type { DatabaseGauge } from '../../server/module.ts';
import * as repo from './jobs.repository.ts';

export const jobGauges: readonly DatabaseGauge[] = [
  {
    name: 'niangjia_jobs_active',
    help: 'Background jobs under way, by kind and state (running; waiting for a person to confirm)',
    labelNames: ['kind', 'status'],
    read: async (db) => (await repo.countActiveJobs(db)).map((r) => ({ labels: { kind: r.kind, status: r.status }, value: Number(r.count) })),
  },
  {
    name: 'niangjia_jobs_failed_last_hour',
    help: 'Background jobs that failed within the last hour, by kind',
    labelNames: ['kind'],
    read: async (db) => (await repo.countRecentFailures(db, 60)).map((r) => ({ labels: { kind: r.kind }, value: Number(r.count) })),
  },
  {
    name: 'niangjia_schedule_last_run_failed',
    help: 'Recurring work whose last run failed (1) or did not (0)',
    labelNames: ['schedule'],
    read: async (db) => (await repo.scheduleStates(db)).map((r) => ({ labels: { schedule: r.name }, value: r.failed ? 1 : 0 })),
  },
  {
    name: 'niangjia_schedule_overdue_seconds',
    help: 'How long recurring work has been due without a process taking it (0 when not due)',
    labelNames: ['schedule'],
    read: async (db) => (await repo.scheduleStates(db)).map((r) => ({ labels: { schedule: r.name }, value: Number(r.overdueSeconds) })),
  },
];
