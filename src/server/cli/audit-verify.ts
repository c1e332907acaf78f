/**
 * npm run audit:verify [-- --anchors file.json] — walks the audit log's chain under the audit key
 * and compares it with the signed anchors the server keeps and, with --anchors, with a file of
 * anchors an auditor downloaded earlier (the 审计日志 page's 下载签名锚点), which shows a tail
 * removed since. Exit code 0 when intact, 1 when an entry was changed, removed or reordered, 2 on
 * other errors. The embedded database is locked by a running server: stop it first, or use the admin page.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { readConfig } from '../config.ts';
import { openDatabase } from '../db.ts';
import { loadAuditKey } from '../crypto.ts';
import { DataDirBusyError } from '../datadir-lock.ts';
import { AUDIT_PUBLIC_KEY_SETTING, AuditKey, verifyAuditChain } from '../../modules/audit/index.ts';
import { getSetting } from '../../modules/system/index.ts';
import { AuditAnchorFile } from '../../modules/audit/audit.contract.ts';

/** The anchors of a file downloaded from the 审计日志 page; a file signed with another key is refused. */
function readAnchorFile(file: string, key: AuditKey) {
  const parsed = AuditAnchorFile.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`锚点文件 ${file} 格式不对：${parsed.error.issues[0]?.message ?? ''}`);
  if (parsed.data.publicKey !== key.publicKey) {
    throw new Error(`锚点文件 ${file} 的签名公钥（${parsed.data.publicKey}）与本系统的审计密钥（${key.publicKey}）不符`);
  }
  return parsed.data.anchors;
}

const config = readConfig();
try {
  const { values } = parseArgs({ options: { anchors: { type: 'string', multiple: true } } });
  const key = new AuditKey(loadAuditKey({ dataDir: config.dataDir, create: false }).key);
  const anchors = (values.anchors ?? []).flatMap((f) => readAnchorFile(f, key));
  const database = await openDatabase(config);
  try {
    // Another key fails every entry's hash: say that it is the key, not a rewritten log (a restored
    // server checked with the key of another installation, or a key file mixed up).
    const recorded = await getSetting<string>(database.db, AUDIT_PUBLIC_KEY_SETTING);
    if (recorded && recorded !== key.publicKey) {
      throw new Error(
        `审计密钥与数据库不符：数据库记录的签名公钥为 ${recorded}，所给密钥的为 ${key.publicKey}。请使用这套系统首次启用时的审计密钥（NIANGJIA_AUDIT_KEY 或 NIANGJIA_AUDIT_KEY_FILE）`,
      );
    }
    const r = await verifyAuditChain(database.db, { key, anchors });
    if (r.ok) console.log(`审计日志完整：已校验 ${r.checked} 条，哈希链无断裂，与 ${r.anchorsChecked} 个签名锚点相符。`);
    else console.error(`审计日志被篡改：${r.problem}（已校验 ${r.checked} 条）`);
    process.exitCode = r.ok ? 0 : 1;
  } finally {
    await database.close();
  }
} catch (err) {
  if (err instanceof DataDirBusyError) console.error(`${err.message}\n也可以在网页「审计日志」中点击「校验日志完整性」。`);
  else console.error('校验失败：', err instanceof Error ? err.message : err);
  process.exitCode = 2;
}
