/** Start: environment → database (migrated) → first-start data → app → listen; graceful shutdown on a signal. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { readConfig, type Config } from './config.ts';
import { openDatabase, type Db } from './db.ts';
import { buildApp, startModules } from './app.ts';
import { announceBootstrap, bootstrap, prepareAuditKey, prepareCipher } from './bootstrap.ts';
import { DataDirBusyError } from './datadir-lock.ts';
import { Lifecycle } from './health.ts';
import { controlFile, writeControl } from './backup.ts';
import { MODULES } from './modules.ts';
import { installShutdown } from './shutdown.ts';
import { providerSms } from './sms.ts';
import { jobsSettled, startScheduler } from '../modules/jobs/index.ts';

export interface StartOptions {
  /** Routes added before the server listens (a test's slow request). */
  extraRoutes?: (app: FastifyInstance, db: Db) => void;
}

/** Opens the database, prepares keys and first-start data, starts the modules and the scheduler, listens. */
export async function startServer(config: Config, opts: StartOptions = {}) {
  const started = Date.now();
  if (config.databaseReadUrl && !config.databaseUrl)
    console.warn('已忽略 DATABASE_READ_URL：只读备库只用于 PostgreSQL 服务器（DATABASE_URL），内置数据库没有备库');
  const database = await openDatabase(config);
  const cipher = await prepareCipher(database.db, config);
  await prepareAuditKey(database.db, config);
  announceBootstrap(console, await bootstrap(database.db, config, cipher));
  const lifecycle = new Lifecycle();
  // The embedded database's owner takes its backups (`npm run backup` asks it; see backup.ts).
  const snapshot = config.databaseUrl ? undefined : database.snapshot;
  const backup = snapshot && { token: randomBytes(32).toString('base64url'), snapshot };
  // Text messages through the configured provider (README, 短信); the app's log when none is.
  const inputs = {
    db: database.db,
    config,
    cipher,
    copyInto: database.copyInto,
    sms: await providerSms(config.sms),
    lifecycle,
    poolStats: database.poolStats,
    replica: database.replica,
    backup,
  };
  const app = await buildApp(inputs);
  opts.extraRoutes?.(app, database.db);
  const deps = await startModules(app, inputs);
  // Recurring work of every module; each due run is taken by one process only.
  const scheduler = startScheduler(
    { db: deps.db, log: deps.log, cipher: deps.cipher, sms: deps.sms },
    MODULES.flatMap((m) => m.schedules ?? []),
  );
  installShutdown({
    lifecycle,
    log: app.log,
    closeServer: () => app.close(),
    stopScheduler: () => scheduler.stop(),
    jobsSettled,
    closeDatabase: async () => {
      if (backup) fs.rmSync(controlFile(config.dataDir), { force: true });
      await database.close();
    },
    timeoutMs: config.shutdownTimeoutSeconds * 1000,
    exit: (code) => process.exit(code),
  });

  await app.listen({ host: config.host, port: config.port });
  if (backup) {
    const { port } = app.server.address() as AddressInfo;
    const host = ['0.0.0.0', '::', ''].includes(config.host) ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
    writeControl(config.dataDir, { pid: process.pid, url: `http://${host}:${port}`, token: backup.token });
  }
  const where = config.databaseUrl ? `PostgreSQL（DATABASE_URL${database.replica ? '，只读备库 DATABASE_READ_URL' : ''}）` : `内置数据库 ${config.dataDir}`;
  console.log(`娘家人已启动：http://${config.host}:${config.port}  数据库：${where}  用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`);
  return app;
}

/** Run as the program (`node dist/node/server/main.js`, `tsx src/server/main.ts`), not imported by a test's server. */
const isEntry = () => {
  try {
    return !!process.argv[1] && fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
};

if (isEntry()) {
  startServer(readConfig()).catch((err: unknown) => {
    if (err instanceof DataDirBusyError) console.error(`启动失败：${err.message}`);
    else console.error('启动失败：', err);
    process.exit(1);
  });
}
