/**
 * Personal information at rest (PIPL): identity numbers and phones are stored encrypted with
 * AES-256-GCM and found through a keyed hash (HMAC-SHA-256 "blind index"), never in clear.
 *
 * The master key comes from NIANGJIA_DATA_KEY (base64, 32 bytes) or a key file
 * (NIANGJIA_KEY_FILE, default <DATA_DIR>/keys/data.key) created on first start with mode 0600.
 * Two subkeys are derived with HKDF, one to encrypt and one to index, so neither use weakens the
 * other. A fingerprint of the key is kept in the database, so a server started with the wrong key
 * refuses to run instead of writing unreadable rows.
 */
import { createCipheriv, createDecipheriv, createHmac, createSecretKey, hkdfSync, randomBytes, randomFillSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface DataKeySource {
  key: Buffer;
  origin: 'env' | 'file' | 'created';
  file?: string;
}

export function loadDataKey(opts: { env?: NodeJS.ProcessEnv; dataDir: string }): DataKeySource {
  const env = opts.env ?? process.env;
  return loadKey({ value: env.NIANGJIA_DATA_KEY, valueName: 'NIANGJIA_DATA_KEY', file: env.NIANGJIA_KEY_FILE || path.join(opts.dataDir, 'keys', 'data.key') });
}

/**
 * The audit key, which chains the audit log (HMAC) and signs its anchors (see the audit module):
 * NIANGJIA_AUDIT_KEY (base64, 32 bytes) or a key file (NIANGJIA_AUDIT_KEY_FILE, default
 * <DATA_DIR>/keys/audit.key) created on first start with mode 0600. It is a secret of its own, not
 * derived from the data key, so it can be held by other people and backed up apart from both the
 * database and the data key. `create: false` (the verifier) refuses to make one up.
 */
export function loadAuditKey(opts: { env?: NodeJS.ProcessEnv; dataDir: string; create?: boolean }): DataKeySource {
  const env = opts.env ?? process.env;
  const file = env.NIANGJIA_AUDIT_KEY_FILE || path.join(opts.dataDir, 'keys', 'audit.key');
  return loadKey({ value: env.NIANGJIA_AUDIT_KEY, valueName: 'NIANGJIA_AUDIT_KEY', file, create: opts.create });
}

/**
 * Where this installation keeps its key files: the data key's and the audit key's, each absent
 * when the key is given by its environment variable instead (a backup then cannot hold it).
 */
export function keyFilePaths(opts: { env?: NodeJS.ProcessEnv; dataDir: string }): { data?: string; audit?: string } {
  const env = opts.env ?? process.env;
  return {
    data: env.NIANGJIA_DATA_KEY ? undefined : env.NIANGJIA_KEY_FILE || path.join(opts.dataDir, 'keys', 'data.key'),
    audit: env.NIANGJIA_AUDIT_KEY ? undefined : env.NIANGJIA_AUDIT_KEY_FILE || path.join(opts.dataDir, 'keys', 'audit.key'),
  };
}

function loadKey(opts: { value: string | undefined; valueName: string; file: string; create?: boolean }): DataKeySource {
  const { file } = opts;
  if (opts.value) {
    const key = Buffer.from(opts.value, 'base64');
    if (key.length !== 32) throw new Error(`${opts.valueName} 必须是 32 字节密钥的 base64 编码（openssl rand -base64 32）`);
    return { key, origin: 'env' };
  }
  if (fs.existsSync(file)) {
    const mode = fs.statSync(file).mode & 0o077;
    if (mode !== 0) throw new Error(`密钥文件 ${file} 的权限过宽：请执行 chmod 600 ${file}`);
    const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`密钥文件 ${file} 内容无效`);
    return { key, origin: 'file', file };
  }
  if (opts.create === false) throw new Error(`找不到密钥：请设置 ${opts.valueName}，或提供密钥文件 ${file}`);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  fs.writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return { key, origin: 'created', file };
}

export class FieldCipher {
  // KeyObjects, not Buffers: the key is imported once, not on every call (a third faster).
  private readonly encKey: KeyObject;
  private readonly macKey: KeyObject;
  readonly fingerprint: string;
  /** Random IVs drawn from the CSPRNG in blocks of 4096 (as random as one call each, fewer calls). */
  private ivPool = Buffer.alloc(12 * 4096);
  private ivNext = 4096;

  /** `master` is kept only to hand to worker threads that encrypt on the same key. */
  constructor(readonly master: Buffer) {
    this.encKey = createSecretKey(Buffer.from(hkdfSync('sha256', master, 'niangjia', 'aes-256-gcm', 32)));
    this.macKey = createSecretKey(Buffer.from(hkdfSync('sha256', master, 'niangjia', 'blind-index', 32)));
    this.fingerprint = createHmac('sha256', this.macKey).update('niangjia-key-fingerprint').digest('hex').slice(0, 16);
  }

  private iv(): Buffer {
    if (this.ivNext === 4096) {
      this.ivPool = randomFillSync(Buffer.alloc(12 * 4096));
      this.ivNext = 0;
    }
    return this.ivPool.subarray(this.ivNext * 12, ++this.ivNext * 12);
  }

  /** 'v1.' + base64(iv ‖ ciphertext ‖ tag); `field` is bound as associated data, so a value cannot be moved to another column. */
  encrypt(field: string, plain: string): string {
    const iv = this.iv();
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    cipher.setAAD(this.aad(field));
    const body = cipher.update(plain, 'utf8');
    cipher.final(); // GCM is a stream mode: final() adds no bytes, it computes the tag
    return `v1.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64')}`;
  }

  private readonly aads = new Map<string, Buffer>();
  private aad(field: string): Buffer {
    let b = this.aads.get(field);
    if (!b) this.aads.set(field, (b = Buffer.from(field)));
    return b;
  }

  decrypt(field: string, blob: string): string {
    if (!blob.startsWith('v1.')) throw new Error('unknown ciphertext version');
    const raw = Buffer.from(blob.slice(3), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(field));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
  }

  /** A short keyed tag (base64url) that proves `data` was issued by this server, e.g. on a QR code. */
  tag(purpose: string, data: string, bytes = 12): string {
    return createHmac('sha256', this.macKey).update(`tag:${purpose}`).update('\0').update(data).digest().subarray(0, bytes).toString('base64url');
  }

  /** Deterministic keyed hash for exact lookup; `field` separates the index spaces. */
  blindIndex(field: string, normalized: string): string {
    return createHmac('sha256', this.macKey).update(`${field}\0${normalized}`).digest('base64url');
  }
}
