/**
 * npm run migrate-to-postgres — moves the embedded database in DATA_DIR to the PostgreSQL server
 * named by DATABASE_URL (a new, empty database; its structure is created here), then checks every
 * table's row count and the audit chain on the server under the audit key. Stop the server first.
 * Exit code 0 when moved and checked, 1 when the check found a difference, 2 on other errors (the
 * copy is one transaction: nothing is left half copied).
 */
import { readConfig } from '../config.ts';
import { openEmbeddedDatabase, openServerDatabase } from '../db.ts';
import { keyFilePaths, loadAuditKey } from '../crypto.ts';
import { moveToPostgres } from '../move-to-postgres.ts';
import { AuditKey, verifyAuditChain } from '../../modules/audit/index.ts';

const config = readConfig();
try {
  if (!config.databaseUrl)
    throw new Error(
      '请用 DATABASE_URL 指定目标 PostgreSQL 数据库（新建的空库），例如 DATABASE_URL=postgres://niangjia:…@db-host:5432/niangjia npm run migrate-to-postgres',
    );
  const key = new AuditKey(loadAuditKey({ dataDir: config.dataDir, create: false }).key);
  // The embedded database is brought to this build's structure first, as its server would at start.
  const source = await openEmbeddedDatabase(config.dataDir);
  try {
    // The server database gets this build's structure (the copy fills it).
    await (await openServerDatabase(config.databaseUrl, 1)).close();
    console.log(`正在把内置数据库 ${config.dataDir} 迁移到 PostgreSQL…`);
    const started = Date.now();
    const report = await moveToPostgres(source.pglite!, config.databaseUrl, (line) => console.log(line));
    console.log(`已复制 ${report.tables} 张表共 ${report.rows} 行、${report.sequences} 个序列，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`);
    for (const d of report.differences) console.error(`  表 ${d.table}：内置数据库 ${d.source ?? '无此表'} 行，PostgreSQL ${d.target ?? '无此表'} 行`);
    if (!report.differences.length) console.log('行数核对一致');
    const target = await openServerDatabase(config.databaseUrl, 2);
    try {
      const audit = await verifyAuditChain(target.db, { key, anchors: [] });
      if (audit.ok) console.log(`审计日志完整：已校验 ${audit.checked} 条，与 ${audit.anchorsChecked} 个签名锚点相符`);
      else console.error(`审计日志校验未通过：${audit.problem}（已校验 ${audit.checked} 条）`);
      process.exitCode = report.differences.length || !audit.ok ? 1 : 0;
    } finally {
      await target.close();
    }
    const keys = keyFilePaths({ dataDir: config.dataDir });
    console.log(
      `\n下一步：每台应用服务器都用同一把数据密钥和审计密钥启动（${[keys.data, keys.audit].filter(Boolean).join('、') || '环境变量中的密钥'}），` +
        `例如 NIANGJIA_KEY_FILE=… NIANGJIA_AUDIT_KEY_FILE=… DATABASE_URL=… node dist/node/server/main.js。内置数据库保留在原处（结构已升级到本版本），可留作回退。`,
    );
  } finally {
    await source.close();
  }
} catch (err) {
  console.error('迁移失败：', err instanceof Error ? err.message : err);
  process.exitCode = 2;
}
