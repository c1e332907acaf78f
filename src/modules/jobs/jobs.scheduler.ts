/**
 * Recurring work on exactly one app process. Every process runs a scheduler over the same
 * `job_schedules` rows; on each tick it claims due schedules one at a time with an atomic UPDATE
 * (a lease), runs the work, records how it ended and sets the next due time. Several processes
 * behind one PostgreSQL database, or one process restarted, never run one due time twice.
 */
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import * as repo from './jobs.repository.ts';
import type { Schedule, ScheduleContext } from '../../server/module.ts';
import { attempt, failureMessage, logFailure } from './jobs.service.ts';

export type { Schedule, ScheduleContext } from '../../server/module.ts';

export interface SchedulerOptions {
  /** How often the scheduler looks for due work (default one minute). */
  tickMs?: number;
  /**
   * How long a claim holds without renewal (default five minutes). A running schedule renews it,
   * so only a process that died mid-run lets another process take the work over.
   */
  leaseMs?: number;
}

export interface Scheduler {
  /** Stops ticking; resolves once the tick under way, with the work it runs, has finished. */
  stop(): Promise<void>;
}

/** Starts this process's scheduler. Its timer does not keep the process alive; call `stop` at shutdown. */
export function startScheduler(ctx: Omit<ScheduleContext, 'dueAt'>, schedules: readonly Schedule[], opts: SchedulerOptions = {}): Scheduler {
  const tickMs = opts.tickMs ?? 60_000;
  const leaseMs = opts.leaseMs ?? 5 * 60_000;
  const byName = new Map<string, Schedule>();
  for (const s of schedules) {
    if (byName.has(s.name)) throw new Error(`schedule ${s.name} is declared twice`);
    if (!Number.isFinite(s.everyMinutes) || s.everyMinutes <= 0) throw new Error(`schedule ${s.name} needs a positive everyMinutes`);
    byName.set(s.name, s);
  }
  const names = [...byName.keys()];
  const owner = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const { db, log } = ctx;
  let registered = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;

  async function runClaimed(s: Schedule, dueAt: Date) {
    const slog = log.child({ schedule: s.name });
    const renew = setInterval(() => {
      repo.extendScheduleLease(db, s.name, owner, leaseMs).then(
        (held) => {
          if (!held) slog.warn('schedule lease lost while running');
        },
        (err: unknown) => slog.warn({ err }, 'could not renew the schedule lease'),
      );
    }, leaseMs / 3);
    renew.unref();
    const failure = await attempt(() => s.run({ ...ctx, log: slog, dueAt }));
    clearInterval(renew);
    if (failure) logFailure(slog, failure.err, {}, 'scheduled work failed');
    await repo.finishScheduleRun(db, s.name, owner, s.everyMinutes * 60, failure ? failureMessage(failure.err) : null);
  }

  /** Never rejects: a database that is away for a moment is logged and tried again next tick. */
  async function tick() {
    try {
      if (!registered) {
        await repo.registerSchedules(db, names);
        registered = true;
      }
      while (!stopped) {
        const claimed = await repo.claimDueSchedule(db, names, owner, leaseMs);
        if (!claimed) break;
        await runClaimed(byName.get(claimed.name)!, claimed.nextRunAt);
      }
    } catch (err) {
      log.error({ err }, 'scheduler tick failed');
    }
  }

  function next(delay: number) {
    if (stopped) return;
    timer = setTimeout(() => {
      current = (async () => {
        await tick();
        current = undefined;
        next(tickMs);
      })();
    }, delay);
    timer.unref();
  }

  if (names.length) next(0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
