/**
 * npm run backup [-- --out folder] — a consistent copy of the embedded database, with its key
 * files, while the server runs (it asks the server, the only process that may open the files) or
 * while it is stopped (it opens them itself). See backup.ts for the folder's contents.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readConfig } from '../config.ts';
import { openEmbeddedDatabase } from '../db.ts';
import { keyFilePaths } from '../crypto.ts';
import { DataDirBusyError, lockDataDir } from '../datadir-lock.ts';
import { readControl, snapshotFromServer, writeBackup, type Snapshot } from '../backup.ts';

const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

async function snapshot(dataDir: string): Promise<{ snapshot: Snapshot; from: string }> {
  let running = false;
  try {
    lockDataDir(dataDir)();
  } catch (err) {
    if (!(err instanceof DataDirBusyError)) throw err;
    running = true;
  }
  if (running) {
    const control = readControl(dataDir);
    if (!control) throw new Error(`数据目录 ${dataDir} 正被一个服务进程使用，但找不到它的 server.control：请升级并重启该服务后再备份`);
    return { snapshot: await snapshotFromServer(control), from: `运行中的服务（进程号 ${control.pid}）` };
  }
  const database = await openEmbeddedDatabase(dataDir, { migrate: false });
  try {
    return { snapshot: await database.snapshot!(), from: '数据目录（服务未运行）' };
  } finally {
    await database.close();
  }
}

const config = readConfig();
try {
  if (config.databaseUrl) throw new Error('已设置 DATABASE_URL：PostgreSQL 服务器请用 pg_dump 或基础备份加 WAL 归档备份（见 README「部署到 PostgreSQL」）');
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const out = path.resolve(values.out ?? `niangjia-backup-${stamp()}`);
  const { snapshot: s, from } = await snapshot(config.dataDir);
  const manifest = await writeBackup(out, s, keyFilePaths({ dataDir: config.dataDir }));
  const rows = Object.values(manifest.counts).reduce((a, b) => a + b, 0);
  console.log(
    `已备份：${out}\n  来源：${from}\n  ${Object.keys(manifest.counts).length} 张表共 ${rows} 行，数据库文件 ${(s.tarball.size / 1e6).toFixed(1)} MB`,
  );
  if (manifest.keys.length) {
    console.warn(
      `\n!!! 警告：备份目录中含有密钥（keys/${manifest.keys.join('.key、keys/')}.key）。持有此目录者可读出全部身份证号与手机号，` +
        `并能改写审计日志而不被发现。请像保管密钥一样保管它：加密存放、限制访问，不要与普通文件一同外传。!!!`,
    );
  }
  const missing = (['data', 'audit'] as const).filter((k) => !manifest.keys.includes(k));
  if (missing.length)
    console.warn(`注意：${missing.map((k) => (k === 'data' ? '数据密钥' : '审计密钥')).join('、')}由环境变量提供，未写入备份：恢复时须另行提供。`);
  if (process.env.NIANGJIA_DATA_KEYS)
    console.warn('注意：NIANGJIA_DATA_KEYS 中的数据密钥（更换数据密钥时加入的）由环境变量提供，未写入备份：恢复时须另行提供，否则用它加密的数据读不出。');
} catch (err) {
  console.error('备份失败：', err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
