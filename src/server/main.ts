/** Start: environment → database (migrated) → first-start data → app → listen. */
import { readConfig } from './config.ts';
import { openDatabase } from './db.ts';
import { buildApp, startModules } from './app.ts';
import { announceBootstrap, bootstrap, prepareAuditKey, prepareCipher } from './bootstrap.ts';
import { DataDirBusyError } from './datadir-lock.ts';
import { MODULES } from './modules.ts';
import { providerSms } from './sms.ts';
import { jobsSettled, startScheduler } from '../modules/jobs/index.ts';

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
  await prepareAuditKey(database.db, config);
  announceBootstrap(console, await bootstrap(database.db, config, cipher));
  // Text messages through the configured provider (README, 短信); the app's log when none is.
  const inputs = { db: database.db, config, cipher, copyInto: database.copyInto, sms: await providerSms(config.sms) };
  const app = await buildApp(inputs);
  const deps = await startModules(app, inputs);
  // Recurring work of every module; each due run is taken by one process only.
  const scheduler = startScheduler(
    { db: deps.db, log: deps.log, cipher: deps.cipher, sms: deps.sms },
    MODULES.flatMap((m) => m.schedules ?? []),
  );

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // Stop taking requests and scheduled work, let background jobs of this process finish, then close.
    await app.close();
    await scheduler.stop();
    await jobsSettled();
    await database.close();
    process.exit(0);
  };
  const onSignal = (signal: string) => {
    shutdown(signal).catch((err: unknown) => {
      app.log.error({ err }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  await app.listen({ host: config.host, port: config.port });
  const where = config.databaseUrl ? 'PostgreSQL（DATABASE_URL）' : `内置数据库 ${config.dataDir}`;
  console.log(`娘家人已启动：http://${config.host}:${config.port}  数据库：${where}  用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`);
}

main().catch((err) => {
  console.error('启动失败：', err);
  process.exit(1);
});
