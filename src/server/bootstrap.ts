import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.ts';
import type { Db } from './db.ts';
import { systemActor } from './actor.ts';
import { findRoot, insertRootOrg } from '../modules/orgs/index.ts';
import { countAccounts, hashPassword, insertSystemAccount } from '../modules/auth/index.ts';
import { AUDIT_PUBLIC_KEY_SETTING, AuditKey, installAuditKey, recordAudit, sealLegacyChain } from '../modules/audit/index.ts';
import type { OrgType } from '../modules/orgs/orgs.contract.ts';
import { getSetting, lockForBootstrap, putSetting } from '../modules/system/index.ts';
import { dataKeyDir, FieldCipher, loadAuditKey, loadDataKeys } from './crypto.ts';
import { applyKeyState, watchCurrentKey } from './key-rotation.ts';
import { loadDemo, type DemoResult } from './demo/load-demo.ts';

/**
 * The field cipher for this installation: the keys from the environment or key files (see
 * crypto.ts), the root key checked against the fingerprint recorded in the database at first
 * start, so a server given the wrong key refuses to start instead of writing rows nobody can read.
 * It also refuses to start without a key that rows may still be under (a rotation, see
 * key-rotation.ts), writes with the key the database names current, and follows it when a
 * rotation switches keys while it runs (`watch`, off for tools that start and stop).
 */
export async function prepareCipher(db: Db, config: Config, env: NodeJS.ProcessEnv = process.env, opts: { watch?: boolean } = {}) {
  const ring = loadDataKeys({ env, dataDir: config.dataDir });
  const cipher = new FieldCipher(
    ring.root.key,
    ring.more.map((k) => k.key),
  );
  const recorded = await getSetting<string>(db, KEY_FINGERPRINT);
  if (!recorded) await putSetting(db, KEY_FINGERPRINT, cipher.fingerprint);
  else if (recorded !== cipher.fingerprint) {
    throw new Error(
      `数据密钥与数据库不匹配（数据库记录的密钥指纹为 ${recorded}，当前为 ${cipher.fingerprint}）。` +
        '请使用首次启动时的密钥：NIANGJIA_DATA_KEY 或密钥文件（NIANGJIA_KEY_FILE，默认 DATA_DIR/keys/data.key）。' +
        '更换数据密钥时首把密钥也须保留（它仍用于查找索引），新密钥另放（见 README「更换数据密钥」）。',
    );
  }
  await applyKeyState(db, cipher, dataKeyDir({ env, dataDir: config.dataDir }));
  if (ring.root.origin === 'created') {
    console.log(`已生成数据加密密钥：${ring.root.file}（权限 600）。请妥善备份；多台应用服务器须使用同一密钥。`);
  }
  if (opts.watch !== false) watchCurrentKey(db, cipher, console);
  return cipher;
}

const KEY_FINGERPRINT = 'data_key_fingerprint';

/**
 * The audit key for this process (see crypto.ts `loadAuditKey` and the audit module's
 * audit.key.ts), checked against the anchors' public key recorded in the database at its first
 * use, so a server given another key refuses to start instead of writing a chain nobody can
 * verify. On that first use a chain written before the audit key is sealed (audit.chain.ts).
 * Runs before anything is appended to the chain.
 */
export async function prepareAuditKey(db: Db, config: Config, env: NodeJS.ProcessEnv = process.env): Promise<AuditKey> {
  const source = loadAuditKey({ env, dataDir: config.dataDir });
  const key = new AuditKey(source.key);
  const recorded = await getSetting<string>(db, AUDIT_PUBLIC_KEY_SETTING);
  if (recorded && recorded !== key.publicKey) {
    throw new Error(
      `审计密钥与数据库不匹配（数据库记录的签名公钥为 ${recorded}，当前为 ${key.publicKey}）。` +
        '请使用首次启用时的审计密钥：NIANGJIA_AUDIT_KEY 或密钥文件（NIANGJIA_AUDIT_KEY_FILE，默认 DATA_DIR/keys/audit.key）。',
    );
  }
  const sealed = await sealLegacyChain(db, key, { firstUse: !recorded });
  if (!recorded) await putSetting(db, AUDIT_PUBLIC_KEY_SETTING, key.publicKey);
  installAuditKey(key);
  if (source.origin === 'created') {
    console.log(`已生成审计密钥：${source.file}（权限 600）。请与数据库分开备份；多台应用服务器须使用同一密钥。`);
  }
  if (!recorded) console.log(`审计日志签名公钥（请审计人员留存，用于核对下载的签名锚点）：${key.publicKey}`);
  if (sealed.state === 'sealed') console.log(`已用审计密钥封存此前以旧算法写入的 ${sealed.entries} 条审计日志。`);
  if (sealed.state === 'refused') console.error(`警告：${sealed.problem}`);
  return key;
}

export interface BootstrapResult {
  /** Set when the admin account was created now with a generated password (shown once). */
  generatedAdminPassword?: string;
  adminCreated: boolean;
  demo?: DemoResult;
}

/**
 * First start of an empty database: the root org, the `admin` system administrator and, for the
 * embedded database only, the demo dataset. Runs under a transaction-scoped advisory lock, so
 * several app processes starting together on one PostgreSQL do it once.
 */
export async function bootstrap(db: Db, config: Config, cipher: FieldCipher, env: NodeJS.ProcessEnv = process.env): Promise<BootstrapResult> {
  return db.transaction(async (tx) => {
    await lockForBootstrap(tx);
    let root = await findRoot(tx);
    const freshTree = !root;
    if (!root) {
      const type = (config.demo ? 'national' : (env.NIANGJIA_ROOT_ORG_TYPE ?? 'national')) as OrgType;
      root = await insertRootOrg(tx, (r) => systemActor(r), {
        name: config.demo ? '中华全国总工会' : config.rootOrgName,
        type,
        divisionCode: config.demo ? null : (env.NIANGJIA_ROOT_DIVISION_CODE ?? null),
      });
    }
    const result: BootstrapResult = { adminCreated: false };
    if ((await countAccounts(tx)) === 0) {
      const generated = config.adminPassword ? undefined : `Nj-${randomBytes(9).toString('base64url')}7`;
      const admin = await insertSystemAccount(tx, {
        username: 'admin',
        displayName: '系统管理员',
        orgId: root.id,
        roles: ['sysadmin'],
        passwordHash: await hashPassword(config.adminPassword ?? generated!),
        // A generated password was shown in a console: it must be replaced at first login.
        mustChangePassword: Boolean(generated),
      });
      await recordAudit(tx, systemActor(root), {
        action: 'create',
        entity: 'account',
        entityId: admin.id,
        orgId: root.id,
        summary: '首次启动，创建系统管理员 admin',
      });
      result.adminCreated = true;
      result.generatedAdminPassword = generated;
    }
    if (config.demo && freshTree) result.demo = await loadDemo(tx, root, cipher);
    return result;
  });
}

export function announceBootstrap(log: FastifyBaseLogger | Console, r: BootstrapResult) {
  const lines: string[] = [];
  if (r.generatedAdminPassword) {
    lines.push(
      '',
      '================ 首次启动 ================',
      `系统管理员账号：admin`,
      `初始密码：${r.generatedAdminPassword}`,
      '（只显示这一次；首次登录后须修改密码。可用 NIANGJIA_ADMIN_PASSWORD 预先指定。）',
    );
  } else if (r.adminCreated) {
    lines.push('', '已创建系统管理员账号 admin，密码为环境变量 NIANGJIA_ADMIN_PASSWORD 的值。');
  }
  if (r.demo) {
    lines.push(
      '',
      '============ 已载入演示数据（仅内置数据库） ============',
      `组织 ${r.demo.orgCount} 个，职工 ${r.demo.people} 人（会员 ${r.demo.members} 人）。演示账号（密码均为 ${r.demo.password}）：`,
    );
    for (const a of r.demo.accounts) lines.push(`  ${a.username.padEnd(18)} ${a.role}  ${a.org}`);
    lines.push('设置 NIANGJIA_DEMO=0 可不载入演示数据。');
  }
  // Printed plainly, not as a JSON log line, so that a person starting the server can read it.
  if (lines.length) console.log(lines.join('\n'));
}
