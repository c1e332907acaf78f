import { defineModule } from '../../server/module.ts';
import { registerSystemRoutes } from './system.routes.ts';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../server/db.ts';
import { ensurePartitions } from '../../server/partitions.ts';

async function ensureAndLog({ db, log }: { db: Db; log: FastifyBaseLogger }) {
  const made = (await ensurePartitions(db)).filter((t) => t.made > 0);
  if (made.length) log.info({ partitions: made }, `已新建按月分区：${made.map((t) => `${t.table} ${t.made} 个`).join('，')}`);
}

/** 系统: installation facts (demo flag, data-key fingerprint), and the months of the partitioned tables made ahead. */
export const systemModule = defineModule({
  name: 'system',
  label: '系统',
  routes: registerSystemRoutes,
  // The partitioned tables' months, three ahead: at every start and once a day (a row of a month
  // with no partition would be refused).
  start: ensureAndLog,
  schedules: [{ name: 'partitions.ensure', everyMinutes: 24 * 60, run: ensureAndLog }],
});
