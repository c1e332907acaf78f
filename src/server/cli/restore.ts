/**
 * npm run restore -- <backup folder> [--force] — puts a backup (npm run backup) into DATA_DIR,
 * then checks it: every table's row count against the backup's manifest, and the audit log's
 * chain under the restored audit key. The server must be stopped. A DATA_DIR that holds a
 * database is refused unless --force, which keeps the old one beside (pgdata.before-restore-…).
 * Exit code 0 when restored and checked, 1 when the check found a difference, 2 on other errors.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readConfig } from '../config.ts';
import { openEmbeddedDatabase, rawQuery, restoreEmbeddedDatabase } from '../db.ts';
import { dataKeyDir, keyFilePaths, loadAuditKey } from '../crypto.ts';
import { lockDataDir } from '../datadir-lock.ts';
import { holdsDatabase, readManifest, restoreKeys, tableCounts } from '../backup.ts';
import { AuditKey, verifyAuditChain } from '../../modules/audit/index.ts';

const config = readConfig();
try {
  if (config.databaseUrl) throw new Error('已设置 DATABASE_URL：本命令只恢复内置数据库；PostgreSQL 服务器请用 pg_restore 或其基础备份');
  const { values, positionals } = parseArgs({ options: { force: { type: 'boolean', default: false } }, allowPositionals: true });
  const from = positionals[0];
  if (!from) throw new Error('用法：npm run restore -- <备份目录> [--force]');
  const backupDir = path.resolve(from);
  const manifest = readManifest(backupDir);
  const dataDir = config.dataDir;
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  // Refused while a server holds the directory (the lock says which process).
  lockDataDir(dataDir)();
  if (holdsDatabase(dataDir)) {
    if (!values.force)
      throw new Error(`数据目录 ${dataDir} 中已有数据库。确认要用备份替换它，请加 --force（原数据库改名保留为 pgdata.before-restore-${stamp}）`);
    fs.renameSync(path.join(dataDir, 'pgdata'), path.join(dataDir, `pgdata.before-restore-${stamp}`));
  }
  const keys = restoreKeys(backupDir, keyFilePaths({ dataDir }), { force: values.force, stamp, moreDir: dataKeyDir({ dataDir }) });
  await restoreEmbeddedDatabase(dataDir, new Blob([fs.readFileSync(path.join(backupDir, 'pgdata.tar.gz'))]));
  console.log(`已恢复 ${manifest.createdAt} 的备份到 ${dataDir}${keys.length ? `（并恢复密钥文件：${keys.join('、')}）` : ''}`);

  // The check: the same rows in every table as at the instant of the copy, and an intact audit chain.
  const database = await openEmbeddedDatabase(dataDir, { migrate: false });
  try {
    const counts = await tableCounts(rawQuery(database.db));
    const tables = [...new Set([...Object.keys(manifest.counts), ...Object.keys(counts)])].sort();
    const differ = tables.filter((t) => manifest.counts[t] !== counts[t]);
    for (const t of differ) console.error(`  表 ${t}：备份时 ${manifest.counts[t] ?? '无此表'} 行，恢复后 ${counts[t] ?? '无此表'} 行`);
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    if (!differ.length) console.log(`行数核对一致：${tables.length} 张表共 ${rows} 行`);
    const key = new AuditKey(loadAuditKey({ dataDir, create: false }).key);
    const audit = await verifyAuditChain(database.db, { key, anchors: [] });
    if (audit.ok) console.log(`审计日志完整：已校验 ${audit.checked} 条，与 ${audit.anchorsChecked} 个签名锚点相符`);
    else console.error(`审计日志校验未通过：${audit.problem}（已校验 ${audit.checked} 条）`);
    process.exitCode = differ.length || !audit.ok ? 1 : 0;
  } finally {
    await database.close();
  }
} catch (err) {
  console.error('恢复失败：', err instanceof Error ? err.message : err);
  process.exitCode = 2;
}
