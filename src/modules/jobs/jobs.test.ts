import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../testing/db.ts';
import { queryRows, type Database, type Db } from '../../server/db.ts';
import { systemActor, type Actor } from '../../server/actor.ts';
import { Invalid } from '../../server/errors.ts';
import { insertRootOrg } from '../orgs/index.ts';
import { findJob, JOB_FAILED_MESSAGE, jobsSettled, runJob, startJob, startScheduler, transitionJob, updateJob, type Schedule } from './index.ts';

let database: Database;
let db: Db;
let actor: Actor;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  const root = await db.transaction((tx) => insertRootOrg(tx, systemActor, { name: '中华全国总工会', type: 'national', divisionCode: null }));
  actor = systemActor(root);
  process.on('unhandledRejection', onRejection);
});
afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await database.close();
});

/** The app's logger as it is in production — pino, through Fastify — writing JSON lines to memory. */
function memoryLog() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: Fastify({ logger: { level: 'info', stream } }).log, lines };
}
const ERROR = 50;
const INFO = 30;

/** Lets a rejection nobody handled reach the process's `unhandledRejection` listeners. */
const settle = async () => {
  await jobsSettled();
  await sleep(20);
};

interface ScheduleRow {
  next_run_at: Date | string;
  last_status: string | null;
  last_error: string | null;
  locked_by: string | null;
  locked_until: Date | string | null;
}
async function scheduleRow(name: string) {
  const [row] = await queryRows<ScheduleRow>(db, sql`select * from job_schedules where name = ${name}`);
  return row;
}
/** Makes a schedule due again, as if its interval had passed. */
const makeDue = (name: string) => db.execute(sql`update job_schedules set next_run_at = now() - interval '1 second' where name = ${name}`);
const minutesAhead = (at: Date | string) => (new Date(at).getTime() - Date.now()) / 60_000;

describe('runJob', () => {
  it('marks a job whose work throws as failed, logs the error, and leaves the process running', async () => {
    const job = await startJob(db, actor, 'test-job', {});
    const { log, lines } = memoryLog();
    const returned = runJob({ db, log }, job.id, async () => {
      await updateJob(db, job.id, { phase: '比对' });
      throw new Error('connection reset by peer');
    });
    expect(returned).toBeUndefined();
    await settle();

    expect(rejections).toEqual([]);
    expect(await findJob(db, job.id)).toMatchObject({ status: 'failed', phase: '失败', error: '后台任务出错，请稍后重试', message: JOB_FAILED_MESSAGE });
    expect(lines).toContainEqual(
      expect.objectContaining({ level: ERROR, jobId: job.id, err: expect.objectContaining({ message: 'connection reset by peer' }) }),
    );
    // The technical text is for the log only.
    expect(JSON.stringify(await findJob(db, job.id))).not.toContain('connection reset');
  });

  it('shows an AppError’s own message to people, and the caller’s message for anything else', async () => {
    const { log, lines } = memoryLog();
    const empty = await startJob(db, actor, 'test-job', {});
    runJob({ db, log }, empty.id, () => Promise.reject(new Invalid('表格中没有数据行')), { failMessage: '检查时出错，请重新上传' });
    const broken = await startJob(db, actor, 'test-job', {});
    // A function that throws before returning a promise is caught the same way.
    const throwsAtOnce = (() => {
      throw new TypeError('cannot read properties of undefined');
    }) as () => Promise<void>;
    runJob({ db, log }, broken.id, throwsAtOnce, { failMessage: '检查时出错，请重新上传' });
    await settle();

    expect(rejections).toEqual([]);
    expect(await findJob(db, empty.id)).toMatchObject({ status: 'failed', error: '表格中没有数据行' });
    expect(await findJob(db, broken.id)).toMatchObject({ status: 'failed', error: '检查时出错，请重新上传' });
    // A person's mistake is not an operator's alarm.
    expect(lines.find((l) => l.jobId === empty.id)).toMatchObject({ level: INFO });
    expect(lines.find((l) => l.jobId === broken.id)).toMatchObject({ level: ERROR });
  });

  it('leaves a job that ended alone, records a follow-up’s failure its own way, and cleans up', async () => {
    const { log, lines } = memoryLog();
    const job = await startJob(db, actor, 'test-job', {});
    await transitionJob(db, job.id, 'running', { status: 'done', result: { found: 3 } });
    const steps: string[] = [];
    runJob(
      { db, log },
      job.id,
      async () => {
        throw new Error('scan failed');
      },
      {
        recordFailure: async (message) => {
          steps.push(`record ${message}`);
          await updateJob(db, job.id, { result: { found: 3, followUpFailed: true } });
        },
        cleanUp: async () => {
          steps.push('clean up');
          throw new Error('clean-up failed too');
        },
      },
    );
    await settle();

    expect(rejections).toEqual([]);
    expect(steps).toEqual([`record ${JOB_FAILED_MESSAGE}`, 'clean up']);
    expect(await findJob(db, job.id)).toMatchObject({ status: 'done', result: { found: 3, followUpFailed: true } });
    expect(lines.filter((l) => l.jobId === job.id && l.level === ERROR)).toHaveLength(2);

    // Without a recorder of its own, a failure does not turn a cancelled job into a failed one.
    const cancelled = await startJob(db, actor, 'test-job', {});
    await updateJob(db, cancelled.id, { status: 'cancelled' });
    runJob({ db, log }, cancelled.id, () => Promise.reject(new Error('late failure')));
    await settle();
    expect(await findJob(db, cancelled.id)).toMatchObject({ status: 'cancelled', error: null });
  });
});

describe('startScheduler', () => {
  it('runs a due schedule once per due time when two processes share the database', async () => {
    const { log } = memoryLog();
    const dueTimes: number[] = [];
    let running = 0;
    let overlapped = false;
    const review: Schedule = {
      name: 'test.yearly-review',
      everyMinutes: 60,
      run: async ({ dueAt }) => {
        overlapped ||= running > 0;
        running++;
        dueTimes.push(dueAt.getTime());
        await sleep(50);
        running--;
      },
    };
    const first = startScheduler({ db, log }, [review], { tickMs: 5 });
    const second = startScheduler({ db, log }, [review], { tickMs: 5 });
    try {
      await expect.poll(() => dueTimes.length).toBe(1);
      await sleep(300); // dozens of ticks of each
      expect(dueTimes).toHaveLength(1);
      expect(minutesAhead((await scheduleRow(review.name))!.next_run_at)).toBeGreaterThan(59);

      await makeDue(review.name);
      await expect.poll(() => dueTimes.length).toBe(2);
      await sleep(300);
      expect(dueTimes).toHaveLength(2);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
    expect(overlapped).toBe(false);
    expect(new Set(dueTimes).size).toBe(2);
    expect(await scheduleRow(review.name)).toMatchObject({ last_status: 'done', last_error: null, locked_by: null, locked_until: null });
    expect(rejections).toEqual([]);
  });

  it('never runs one due time twice while schedulers race on a short interval', async () => {
    const { log } = memoryLog();
    const dueTimes: number[] = [];
    let running = 0;
    let overlapped = false;
    const refresh: Schedule = {
      name: 'test.refresh',
      everyMinutes: 0.002, // 120 ms
      run: async ({ dueAt }) => {
        overlapped ||= running > 0;
        running++;
        dueTimes.push(dueAt.getTime());
        await sleep(20);
        running--;
      },
    };
    const schedulers = [1, 2, 3].map(() => startScheduler({ db, log }, [refresh], { tickMs: 3 }));
    await sleep(1200);
    await Promise.all(schedulers.map((s) => s.stop()));
    expect(dueTimes.length).toBeGreaterThanOrEqual(2);
    expect(new Set(dueTimes).size).toBe(dueTimes.length);
    expect(overlapped).toBe(false);
  });

  it('records the failure of a schedule that throws, and the next ticks still run', async () => {
    const { log, lines } = memoryLog();
    let reminders = 0;
    let refreshes = 0;
    const reminder: Schedule = {
      name: 'test.reminders',
      everyMinutes: 60,
      run: async () => {
        reminders++;
        if (reminders === 1) throw new Error('SMS gateway timed out');
      },
    };
    const refresh: Schedule = { name: 'test.other', everyMinutes: 60, run: async () => void refreshes++ };
    const scheduler = startScheduler({ db, log }, [reminder, refresh], { tickMs: 5 });
    try {
      await expect.poll(async () => (await scheduleRow(reminder.name))?.last_status).toBe('failed');
      const failed = (await scheduleRow(reminder.name))!;
      expect(failed).toMatchObject({ last_error: JOB_FAILED_MESSAGE, locked_by: null });
      expect(minutesAhead(failed.next_run_at)).toBeGreaterThan(59);
      expect(lines).toContainEqual(
        expect.objectContaining({ level: ERROR, schedule: reminder.name, err: expect.objectContaining({ message: 'SMS gateway timed out' }) }),
      );
      await expect.poll(() => refreshes).toBe(1);

      await makeDue(reminder.name);
      await expect.poll(async () => (await scheduleRow(reminder.name))?.last_status).toBe('done');
      expect(reminders).toBe(2);
      expect((await scheduleRow(reminder.name))!.last_error).toBeNull();
    } finally {
      await scheduler.stop();
    }
    expect(rejections).toEqual([]);
  });

  it('stops only after the work under way has finished, and frees its claim', async () => {
    const { log } = memoryLog();
    let started = false;
    let finished = false;
    const slow: Schedule = {
      name: 'test.slow',
      everyMinutes: 60,
      run: async () => {
        started = true;
        await sleep(200);
        finished = true;
      },
    };
    const scheduler = startScheduler({ db, log }, [slow], { tickMs: 5 });
    await expect.poll(() => started).toBe(true);
    await scheduler.stop();
    expect(finished).toBe(true);
    expect(await scheduleRow(slow.name)).toMatchObject({ last_status: 'done', locked_by: null });
  });
});
