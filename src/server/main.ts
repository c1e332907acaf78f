/** Start: environment → database (migrated) → first-start data → app → listen. */
import { readConfig } from './config.ts';
import { openDatabase } from './db.ts';
import { buildApp } from './app.ts';
import { announceBootstrap, bootstrap, prepareCipher } from './bootstrap.ts';
import { DataDirBusyError } from './datadir-lock.ts';
import { failAbandonedJobs } from '../modules/jobs/index.ts';
import { cleanUpImports, refreshPersonNameKeys } from '../modules/people/index.ts';
import { refreshOrgNameKeys } from '../modules/orgs/index.ts';

async function main() {
  const started = Date.now();
  const config = readConfig();
  let database;
  try {
    database = await openDatabase(config);
  } catch (err) {
    if (err instanceof DataDirBusyError) {
      console.error(`启动失败：${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const cipher = await prepareCipher(database.db, config);
  announceBootstrap(console, await bootstrap(database.db, config, cipher));
  // Jobs whose process stopped mid-way (crash, redeploy) are marked failed; old scratch rows go.
  const abandoned = await failAbandonedJobs(database.db, 5);
  if (abandoned) console.log(`有 ${abandoned} 个后台任务因服务中断未完成，已标记为失败。`);
  await cleanUpImports(database.db, config.dataDir);
  // After an upgrade that reads names differently (surnames, place names), search keys follow.
  await refreshOrgNameKeys(database.db);
  await refreshPersonNameKeys(database.db);
  const app = await buildApp({ db: database.db, config, cipher, copyInto: database.copyInto });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ host: config.host, port: config.port });
  const where = config.databaseUrl ? 'PostgreSQL（DATABASE_URL）' : `内置数据库 ${config.dataDir}`;
  console.log(`娘家人已启动：http://${config.host}:${config.port}  数据库：${where}  用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`);
}

main().catch((err) => {
  console.error('启动失败：', err);
  process.exit(1);
});
