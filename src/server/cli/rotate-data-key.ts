/**
 * npm run rotate-data-key -- new-key | status | [start] [--to <keyId>] [--batch 1000]
 *
 * new-key   writes a new data key file `keys/data.<keyId>.key` (mode 0600) to give every app server.
 * status    which key is current, which keys rows may still need, where a rotation stands.
 * start     (the default) makes the new key current and re-encrypts every encrypted value with it,
 *           in batches; run again after a crash, it resumes where it stood. On PostgreSQL it runs
 *           beside the app servers; the embedded database must be stopped (it has one process).
 * See README, 更换数据密钥, for the whole procedure. Exit code 0 when done, 1 on an error.
 */
import { parseArgs } from 'node:util';
import { readConfig } from '../config.ts';
import { openDatabase } from '../db.ts';
import { createDataKeyFile, dataKeyDir } from '../crypto.ts';
import { DataDirBusyError } from '../datadir-lock.ts';
import { prepareAuditKey, prepareCipher } from '../bootstrap.ts';
import { dataKeyState, runRotation, startRotation } from '../key-rotation.ts';

const config = readConfig();
try {
  const { values, positionals } = parseArgs({
    options: { to: { type: 'string' }, batch: { type: 'string', default: '1000' } },
    allowPositionals: true,
  });
  const command = positionals[0] ?? 'start';
  if (!['new-key', 'status', 'start'].includes(command))
    throw new Error('用法：npm run rotate-data-key -- new-key | status | start [--to <密钥编号>] [--batch 1000]');
  const batchSize = Number(values.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) throw new Error(`--batch 须为 1 到 100000 的整数，当前为「${values.batch}」`);

  if (command === 'new-key') {
    const { keyId, file } = createDataKeyFile({ dataDir: config.dataDir });
    console.log(
      [
        `已生成新的数据密钥 ${keyId}：${file}（权限 600）`,
        '下一步：',
        `  1. 把这个文件复制到每台应用服务器的 ${dataKeyDir({ dataDir: config.dataDir })}/（权限 600；或把文件内容加入各服务器的环境变量 NIANGJIA_DATA_KEYS），`,
        '     再逐台重启应用进程。此时新密钥只用于读取，写入仍用原密钥。',
        '  2. 所有进程都已重启后，运行 npm run rotate-data-key：它把新密钥设为当前密钥，并分批重新加密全部数据。',
        '  同时备份这把密钥（与数据库分开保管）。',
      ].join('\n'),
    );
  } else {
    const database = await openDatabase(config);
    try {
      const { db } = database;
      const cipher = await prepareCipher(db, config, process.env, { watch: false });
      const state = await dataKeyState(db);
      if (command === 'status') {
        const r = state.rotation;
        console.log(
          `当前密钥：${cipher.currentKeyId}${cipher.currentKeyId === cipher.rootKeyId ? '（首把密钥）' : ''}；本进程持有：${cipher.keyIds.join('、')}`,
        );
        console.log(
          `数据可能用到的密钥：${(state.needed.length ? state.needed : [cipher.rootKeyId]).join('、')}；首把密钥 ${cipher.rootKeyId} 另用于查找索引，始终需要`,
        );
        if (r?.status === 'running') {
          const tables = Object.entries(r.progress).map(([t, p]) => `${t}${p.done ? ' 完成' : ' 进行中'}`);
          console.log(
            `更换进行中：${r.fromKeyId} → ${r.toKeyId}，${r.startedAt.toISOString()} 由 ${r.startedBy} 开始，已重新加密 ${r.rewritten} 个值；${tables.join('，') || '尚未开始分批处理'}`,
          );
        } else if (r)
          console.log(
            `上次更换：${r.fromKeyId} → ${r.toKeyId}，完成于 ${r.finishedAt ? new Date(r.finishedAt).toISOString() : ''}，共重新加密 ${r.rewritten} 个值`,
          );
      } else {
        await prepareAuditKey(db, config);
        const rotation = await startRotation(db, cipher, { to: values.to });
        console.log(
          state.rotation?.status === 'running'
            ? `继续进行中的更换：${rotation.fromKeyId} → ${rotation.toKeyId}（已重新加密 ${rotation.rewritten} 个值）`
            : `已把数据密钥 ${rotation.toKeyId} 设为当前密钥（原为 ${rotation.fromKeyId}）：各应用进程数秒内改用它写入。开始重新加密……`,
        );
        let shown = 0;
        const report = await runRotation(db, cipher, {
          batchSize,
          // The embedded database has no other process to wait for: this one holds it alone.
          settleMs: database.kind === 'pglite' ? 0 : undefined,
          onWait: (what) => console.log(`  ${what}……`),
          onProgress: (p) => {
            if (Date.now() - shown < 2000) return;
            shown = Date.now();
            console.log(`  已读 ${p.scanned} / 约 ${p.total} 行，重新加密 ${p.rewritten} 个值（${p.table}）`);
          },
        });
        const rate = report.seconds > 0 ? Math.round(report.scanned / report.seconds) : report.scanned;
        console.log(
          `数据密钥更换完成：${report.fromKeyId} → ${report.toKeyId}，共重新加密 ${report.rewritten} 个值；本次读 ${report.scanned} 行，用时 ${report.seconds.toFixed(1)} 秒（${rate} 行/秒）。`,
        );
        console.log(
          report.fromKeyId === cipher.rootKeyId
            ? `首把密钥 ${report.fromKeyId} 已不再用于加密，但它仍用于查找索引和二维码签名：不能移除，继续妥善保管。`
            : `旧密钥 ${report.fromKeyId} 已不再需要，可以移除：从每台应用服务器删除 keys/data.${report.fromKeyId}.key（或从 NIANGJIA_DATA_KEYS 去掉）后逐台重启；` +
                '此前的数据库备份仍要用它才能读出，请按备份的保存期限另行保管。',
        );
      }
    } finally {
      await database.close();
    }
  }
} catch (err) {
  if (err instanceof DataDirBusyError) console.error(`${err.message}\n内置数据库只能由一个进程打开：请先停止服务再更换密钥（数据量不大，通常几秒完成）。`);
  else console.error('更换数据密钥失败：', err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
