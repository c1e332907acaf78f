/**
 * npm run partitions -- list | ensure | archive <table> <YYYY-MM>
 *
 * list      the months of each partitioned table (estimated rows, size) and the months archived.
 * ensure    makes the missing months, three ahead (the app does it at start and daily).
 * archive   detaches a finished month for archive, oldest first: the month's table stays in the
 *           database, out of its table, until it is dumped (`pg_dump -t <partition>`) and dropped.
 *           An audit log month is checked first and its chain's ends are signed into the record,
 *           so `npm run audit:verify` checks the log from the cut on.
 * See README, 分区与归档. Exit code 0 when done, 1 on an error. The embedded database is locked
 * by a running server: stop it first.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { readConfig } from '../config.ts';
import { openDatabase } from '../db.ts';
import { DataDirBusyError } from '../datadir-lock.ts';
import { prepareAuditKey } from '../bootstrap.ts';
import { archivedMonths, detachMonth, ensurePartitions, listPartitions } from '../partitions.ts';
import { MODULES } from '../modules.ts';
import { AppError } from '../errors.ts';

const USAGE = '用法：npm run partitions -- list | ensure | archive <表名> <YYYY-MM>';
const config = readConfig();
try {
  const { positionals } = parseArgs({ allowPositionals: true });
  const [command = 'list', table, month] = positionals;
  if (!['list', 'ensure', 'archive'].includes(command) || (command === 'archive' && (!table || !month))) throw new Error(USAGE);
  const database = await openDatabase(config);
  try {
    const { db } = database;
    if (command === 'ensure') {
      for (const t of await ensurePartitions(db)) console.log(`${t.table}：新建 ${t.made} 个月份分区`);
    } else if (command === 'archive') {
      await prepareAuditKey(db, config);
      const declared = MODULES.flatMap((m) => m.partitionedTables ?? []);
      const r = await detachMonth(db, declared, { table: table!, month: month!, by: `${os.userInfo().username}@${os.hostname()}` });
      console.log(`已把 ${r.table} 的 ${r.month}（${r.rows} 行）移出为表 ${r.partition}。`);
      console.log(`下一步：pg_dump -t ${r.partition} 导出并妥善保存后，再 DROP TABLE ${r.partition}。`);
    } else {
      for (const p of await listPartitions(db)) {
        console.log(`${p.table}\t${p.month}\t${p.partition}\t约 ${Math.max(p.estimatedRows, 0)} 行\t${(p.bytes / 1024 / 1024).toFixed(1)} MB`);
      }
      for (const a of await archivedMonths(db)) {
        console.log(
          `${a.table}\t${a.month}\t已归档 ${a.rows} 行（${a.detachedAt.slice(0, 10)}，${a.detachedBy}）\t${a.present ? `表 ${a.partition} 仍在数据库中` : '已导出删除'}`,
        );
      }
    }
  } finally {
    await database.close();
  }
} catch (err) {
  if (err instanceof DataDirBusyError) console.error(`${err.message}\n请先停止服务再运行。`);
  else if (err instanceof AppError) console.error(`未完成：${err.message}`);
  else console.error('未完成：', err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
