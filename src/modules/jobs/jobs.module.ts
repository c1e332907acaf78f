import { defineModule } from '../../server/module.ts';
import { registerJobRoutes } from './jobs.routes.ts';
import { failAbandonedJobs } from './jobs.service.ts';
import { jobGauges } from './jobs.gauges.ts';

/** 后台任务: long work stored in the database with progress and a result. */
export const jobsModule = defineModule({
  name: 'jobs',
  label: '后台任务',
  routes: registerJobRoutes,
  gauges: jobGauges,
  // Jobs whose process stopped mid-way (crash, redeploy) are marked failed.
  start: async ({ db, log }) => {
    const abandoned = await failAbandonedJobs(db, 5);
    if (abandoned) log.warn({ abandoned }, `有 ${abandoned} 个后台任务因服务中断未完成，已标记为失败`);
  },
});
