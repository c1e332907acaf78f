/**
 * Personal information at rest (PIPL): identity numbers and phones are stored encrypted with
 * AES-256-GCM and found through a keyed hash (HMAC-SHA-256 "blind index"), never in clear.
 *
 * The master key comes from NIANGJIA_DATA_KEY (base64, 32 bytes) or a key file
 * (NIANGJIA_KEY_FILE, default <DATA_DIR>/keys/data.key) created on first start with mode 0600.
 * Two subkeys are derived with HKDF, one to encrypt and one to index, so neither use weakens the
 * other. A fingerprint of the key is kept in the database, so a server started with the wrong key
 * refuses to run instead of writing unreadable rows.
 *
 * Rotation (key-rotation.ts) adds further data keys — files `data.<name>.key` beside the key file,
 * or NIANGJIA_DATA_KEYS — of which only the encryption subkey is used: the blind index and the
 * tags printed on QR codes stay keyed by the first (root) key, since re-keying them would break
 * every lookup during the rotation and every code already printed. Ciphertext names its key:
 * `v2.<keyId>.<base64>`; `v1.<base64>` is the root key's, as written before rotation existed.
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

/** Key files by name: `data` (the root data key), `audit`, and `data.<name>` for each further data key. */
export type KeyFileMap = { data?: string; audit?: string } & { [more: `data.${string}`]: string | undefined };

/**
 * Where this installation keeps its key files: the data key's and the audit key's, each absent
 * when the key is given by its environment variable instead (a backup then cannot hold it), and
 * the further data keys' files added for a rotation.
 */
export function keyFilePaths(opts: { env?: NodeJS.ProcessEnv; dataDir: string }): KeyFileMap {
  const env = opts.env ?? process.env;
  const files: KeyFileMap = {
    data: env.NIANGJIA_DATA_KEY ? undefined : env.NIANGJIA_KEY_FILE || path.join(opts.dataDir, 'keys', 'data.key'),
    audit: env.NIANGJIA_AUDIT_KEY ? undefined : env.NIANGJIA_AUDIT_KEY_FILE || path.join(opts.dataDir, 'keys', 'audit.key'),
  };
  for (const file of moreDataKeyFiles(opts)) files[path.basename(file, '.key') as `data.${string}`] = file;
  return files;
}

/**
 * The folder of the further data keys: the root key file's folder (also when the root key itself
 * comes from NIANGJIA_DATA_KEY), so `keys/` holds every key an installation has.
 */
export function dataKeyDir(opts: { env?: NodeJS.ProcessEnv; dataDir: string }): string {
  const env = opts.env ?? process.env;
  return path.dirname(env.NIANGJIA_KEY_FILE || path.join(opts.dataDir, 'keys', 'data.key'));
}

/** `data.<name>.key`: a further data key (not `data.key` itself, nor a `….before-restore-…` copy). */
export const MORE_DATA_KEY_FILE = /^data\.[A-Za-z0-9_-]+\.key$/;

function moreDataKeyFiles(opts: { env?: NodeJS.ProcessEnv; dataDir: string }): string[] {
  const dir = dataKeyDir(opts);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => MORE_DATA_KEY_FILE.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

export interface DataKeyRing {
  /** The first data key: its blind-index subkey keys every lookup and QR tag for good. */
  root: DataKeySource;
  /** Keys added for rotation (encryption only), from NIANGJIA_DATA_KEYS and `data.<name>.key` files. */
  more: DataKeySource[];
}

/**
 * Every data key this process holds. All app processes must hold the same ones (README,
 * 更换数据密钥): a row written with a key a process lacks cannot be read by it.
 */
export function loadDataKeys(opts: { env?: NodeJS.ProcessEnv; dataDir: string }): DataKeyRing {
  const env = opts.env ?? process.env;
  const root = loadDataKey(opts);
  const more: DataKeySource[] = [];
  for (const [i, value] of (env.NIANGJIA_DATA_KEYS ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .entries()) {
    more.push(loadKey({ value, valueName: `NIANGJIA_DATA_KEYS 的第 ${i + 1} 把密钥`, file: '' }));
  }
  for (const file of moreDataKeyFiles(opts)) more.push(loadKey({ value: undefined, valueName: '', file, create: false }));
  return { root, more };
}

/** Writes a new data key file `data.<keyId>.key` (mode 0600) for a rotation; answers its id and path. */
export function createDataKeyFile(opts: { env?: NodeJS.ProcessEnv; dataDir: string }): { keyId: string; file: string } {
  const key = randomBytes(32);
  const keyId = dataKeyId(key);
  const dir = dataKeyDir(opts);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `data.${keyId}.key`);
  fs.writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return { keyId, file };
}

/**
 * A data key's public name, written into every ciphertext it makes: 8 hex characters derived with
 * HKDF (independent of the subkeys, so it tells nothing about them).
 */
export function dataKeyId(master: Buffer): string {
  return Buffer.from(hkdfSync('sha256', master, 'niangjia', 'key-id', 4)).toString('hex');
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
  private readonly macKey: KeyObject;
  /** Encryption subkeys by key id: the root key's and those of keys added for rotation. */
  private readonly encKeys = new Map<string, KeyObject>();
  private readonly masters = new Map<string, Buffer>();
  readonly fingerprint: string;
  /** The id of the root key (whose ciphertext is written `v1.`). */
  readonly rootKeyId: string;
  private current: string;
  private prefix = 'v1.';
  /** Random IVs drawn from the CSPRNG in blocks of 4096 (as random as one call each, fewer calls). */
  private ivPool = Buffer.alloc(12 * 4096);
  private ivNext = 4096;

  /**
   * `root` is the first data key; `more` are keys added for rotation. A 64-byte `root` is what
   * `master` hands to a worker thread: the root key followed by the current one.
   */
  constructor(root: Buffer, more: readonly Buffer[] = []) {
    const carried = root.length === 64 ? root.subarray(32) : undefined;
    if (carried) root = root.subarray(0, 32);
    this.macKey = createSecretKey(Buffer.from(hkdfSync('sha256', root, 'niangjia', 'blind-index', 32)));
    this.fingerprint = createHmac('sha256', this.macKey).update('niangjia-key-fingerprint').digest('hex').slice(0, 16);
    this.rootKeyId = this.add(root);
    for (const k of more) this.add(k);
    this.current = this.rootKeyId;
    if (carried) this.useKey(this.add(carried));
  }

  private add(master: Buffer): string {
    const id = dataKeyId(master);
    const held = this.masters.get(id);
    // Two different keys with one 32-bit id: vanishingly unlikely, but then ciphertext would be ambiguous.
    if (held && !held.equals(master)) throw new Error(`两把不同的数据密钥编号相同（${id}）：请换一把新密钥`);
    this.masters.set(id, Buffer.from(master));
    this.encKeys.set(id, createSecretKey(Buffer.from(hkdfSync('sha256', master, 'niangjia', 'aes-256-gcm', 32))));
    return id;
  }

  /** Ids of the data keys this cipher holds (root first). */
  get keyIds(): string[] {
    return [...this.encKeys.keys()];
  }

  holds(keyId: string): boolean {
    return this.encKeys.has(keyId);
  }

  /** The key new ciphertext is written with. */
  get currentKeyId(): string {
    return this.current;
  }

  /** Writes with `keyId` from now on (the database says which key is current; see key-rotation.ts). */
  useKey(keyId: string): void {
    if (!this.encKeys.has(keyId)) throw new Error(`本进程没有数据密钥 ${keyId}`);
    this.current = keyId;
    // The root key keeps writing `v1.`: a process of an earlier version (during a rolling upgrade) reads it.
    this.prefix = keyId === this.rootKeyId ? 'v1.' : `v2.${keyId}.`;
  }

  /**
   * The key material a worker thread needs to encrypt as this cipher does now: the root key (for
   * the blind index), followed by the current key when that is another one.
   */
  get master(): Buffer {
    const root = this.masters.get(this.rootKeyId)!;
    return this.current === this.rootKeyId ? root : Buffer.concat([root, this.masters.get(this.current)!]);
  }

  private iv(): Buffer {
    if (this.ivNext === 4096) {
      this.ivPool = randomFillSync(Buffer.alloc(12 * 4096));
      this.ivNext = 0;
    }
    return this.ivPool.subarray(this.ivNext * 12, ++this.ivNext * 12);
  }

  /**
   * 'v1.' (root key) or 'v2.<keyId>.' + base64(iv ‖ ciphertext ‖ tag), with the current key;
   * `field` is bound as associated data, so a value cannot be moved to another column.
   */
  encrypt(field: string, plain: string): string {
    const iv = this.iv();
    const cipher = createCipheriv('aes-256-gcm', this.encKeys.get(this.current)!, iv);
    cipher.setAAD(this.aad(field));
    const body = cipher.update(plain, 'utf8');
    cipher.final(); // GCM is a stream mode: final() adds no bytes, it computes the tag
    return this.prefix + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
  }

  private readonly aads = new Map<string, Buffer>();
  private aad(field: string): Buffer {
    let b = this.aads.get(field);
    if (!b) this.aads.set(field, (b = Buffer.from(field)));
    return b;
  }

  /** The id of the key a ciphertext was written with. */
  keyIdOf(blob: string): string {
    return this.parse(blob).keyId;
  }

  private parse(blob: string): { keyId: string; body: string } {
    if (blob.startsWith('v1.')) return { keyId: this.rootKeyId, body: blob.slice(3) };
    const dot = blob.indexOf('.', 3);
    if (!blob.startsWith('v2.') || dot < 0) throw new Error('unknown ciphertext version');
    return { keyId: blob.slice(3, dot), body: blob.slice(dot + 1) };
  }

  /** How every ciphertext written with the current key begins: `v1.` or `v2.<keyId>.`. */
  get ciphertextPrefix(): string {
    return this.prefix;
  }

  /** Whether `blob` is already written with the current key (rotation skips it). */
  isCurrent(blob: string): boolean {
    return blob.startsWith(this.prefix);
  }

  decrypt(field: string, blob: string): string {
    const { keyId, body } = this.parse(blob);
    const key = this.encKeys.get(keyId);
    if (!key) throw new Error(`缺少数据密钥 ${keyId}：这条数据用它加密，本进程没有这把密钥（见 README「更换数据密钥」）`);
    const raw = Buffer.from(body, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(this.aad(field));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
  }

  /** `blob` written with the current key: unchanged when it already is, else decrypted and encrypted again. */
  reencrypt(field: string, blob: string): string {
    return this.isCurrent(blob) ? blob : this.encrypt(field, this.decrypt(field, blob));
  }

  /**
   * A short keyed tag (base64url) that proves `data` was issued by this server, e.g. on a QR code.
   * Keyed by the root key for good: rotation leaves printed codes valid.
   */
  tag(purpose: string, data: string, bytes = 12): string {
    return createHmac('sha256', this.macKey).update(`tag:${purpose}`).update('\0').update(data).digest().subarray(0, bytes).toString('base64url');
  }

  /** Deterministic keyed hash for exact lookup; `field` separates the index spaces. Root key only (see above). */
  blindIndex(field: string, normalized: string): string {
    return createHmac('sha256', this.macKey).update(`${field}\0${normalized}`).digest('base64url');
  }
}
