/**
 * The real server (main.ts's start, with its signal handling) plus one slow route, for the
 * shutdown test: `GET /api/test/slow?ms=` answers after `ms` and starts a background job that
 * ends `ms` later still, so a signal finds both a request and a job under way.
 */
import { readConfig } from '../server/config.ts';
import { startServer } from '../server/main.ts';
import { systemActor } from '../server/actor.ts';
import { findRoot } from '../modules/orgs/index.ts';
import { runJob, startJob, updateJob } from '../modules/jobs/index.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

await startServer(readConfig(), {
  extraRoutes: (app, db) => {
    app.get('/api/test/slow', async (req) => {
      const ms = Number((req.query as { ms?: string }).ms ?? 1000);
      const job = await startJob(db, systemActor((await findRoot(db))!), 'test.slow', {});
      runJob({ db, log: app.log }, job.id, async () => {
        await sleep(2 * ms);
        await updateJob(db, job.id, { status: 'done', phase: '完成' });
      });
      await sleep(ms);
      return { done: true, jobId: job.id };
    });
  },
});
