/**
 * npm run audit:verify — walks the audit log's hash chain and says whether it is intact.
 * Exit code 0 when intact, 1 when an entry was changed, removed or reordered, 2 on other errors.
 * The embedded database is locked by a running server: stop it first, or use the admin page.
 */
import { readConfig } from '../config.ts';
import { openDatabase } from '../db.ts';
import { DataDirBusyError } from '../datadir-lock.ts';
import { verifyAuditChain } from '../../modules/audit/index.ts';

const config = readConfig();
try {
  const database = await openDatabase(config);
  try {
    const r = await verifyAuditChain(database.db);
    if (r.ok) console.log(`审计日志完整：已校验 ${r.checked} 条，哈希链无断裂。`);
    else console.error(`审计日志被篡改：${r.problem}（已校验 ${r.checked} 条）`);
    process.exitCode = r.ok ? 0 : 1;
  } finally {
    await database.close();
  }
} catch (err) {
  if (err instanceof DataDirBusyError) console.error(`${err.message}\n也可以在网页「审计日志」中点击「校验日志完整性」。`);
  else console.error('校验失败：', err);
  process.exitCode = 2;
}
