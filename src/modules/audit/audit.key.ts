/**
 * The audit key: a secret kept outside the database (NIANGJIA_AUDIT_KEY or its key file, see
 * server/crypto.ts `loadAuditKey`). Two keys are derived from it with HKDF under distinct labels:
 *
 * - the chain key: each entry's hash is HMAC-SHA-256 over the previous hash and the entry's
 *   content, so whoever can write the tables but lacks the secret cannot recompute the chain after
 *   changing an entry;
 * - an Ed25519 signing key for the chain's anchors (count, last id, last hash, time). Ed25519 rather
 *   than an HMAC so that an auditor checks an anchor file with the public key alone — the public
 *   key can be handed out and printed, the secret stays with the operators.
 *
 * The key is installed once per process by whoever starts it (main, the verifier, the test
 * harness): every write of every module appends to the chain, and threading a secret through all
 * their use cases would put it in fifty signatures. Appending without an installed key fails.
 */
import { createHash, createHmac, createPrivateKey, createPublicKey, createSecretKey, hkdfSync, sign, verify, type KeyObject } from 'node:crypto';

/** DER prefix of a PKCS#8 Ed25519 private key; the 32-byte seed follows it. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
/** DER prefix of an SPKI Ed25519 public key; the 32 raw bytes follow it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const derive = (secret: Buffer, label: string) => Buffer.from(hkdfSync('sha256', secret, 'niangjia', label, 32));

export class AuditKey {
  private readonly chainKey: KeyObject;
  private readonly signingKey: KeyObject;
  /** The anchors' public key: base64 of the raw 32 bytes. */
  readonly publicKey: string;

  constructor(secret: Buffer) {
    if (secret.length !== 32) throw new Error('the audit key must be 32 bytes');
    this.chainKey = createSecretKey(derive(secret, 'audit-chain'));
    this.signingKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, derive(secret, 'audit-anchor-ed25519')]), format: 'der', type: 'pkcs8' });
    this.publicKey = createPublicKey(this.signingKey).export({ format: 'der', type: 'spki' }).subarray(ED25519_SPKI_PREFIX.length).toString('base64');
  }

  /** The keyed hash of one entry: HMAC-SHA-256(chain key, previous hash ‖ "\n" ‖ content), hex. */
  chainHash(prevHash: string, content: string): string {
    return createHmac('sha256', this.chainKey).update(prevHash).update('\n').update(content).digest('hex');
  }

  /** Ed25519 signature of `message`, base64. */
  sign(message: string): string {
    return sign(null, Buffer.from(message), this.signingKey).toString('base64');
  }

  /** A short fingerprint of the public key, for messages and logs. */
  get keyId(): string {
    return createHash('sha256').update(this.publicKey).digest('hex').slice(0, 16);
  }
}

/** Checks an anchor's signature with the public key only (what an auditor without the secret holds). */
export function verifyAnchorSignature(publicKey: string, message: string, signature: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(publicKey, 'base64')]), format: 'der', type: 'spki' });
    return verify(null, Buffer.from(message), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** The unkeyed hash that entries written before the audit key carry: SHA-256(previous hash ‖ "\n" ‖ content). */
export function legacyChainHash(prevHash: string, content: string): string {
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

/** The system setting that holds the anchors' public key recorded at the audit key's first use. */
export const AUDIT_PUBLIC_KEY_SETTING = 'audit_public_key';

let installed: AuditKey | undefined;

/** Makes `key` the key this process chains and signs with. */
export function installAuditKey(key: AuditKey): void {
  installed = key;
}

/** The key installed at start; appending or anchoring without one is a fault of the start-up, not of the request. */
export function auditKey(): AuditKey {
  if (!installed) throw new Error('the audit key is not installed: start through main.ts (prepareAuditKey) or install one in the harness');
  return installed;
}
