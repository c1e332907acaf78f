import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDataKeyFile, dataKeyId, FieldCipher, loadAuditKey, loadDataKey, loadDataKeys } from './crypto.ts';

describe('field encryption', () => {
  const cipher = new FieldCipher(Buffer.alloc(32, 7));

  it('round-trips, with a fresh IV each time, and refuses a value moved to another field', () => {
    const a = cipher.encrypt('id_number', '150102199003071234');
    const b = cipher.encrypt('id_number', '150102199003071234');
    expect(a).not.toBe(b);
    expect(a).not.toContain('1234');
    expect(cipher.decrypt('id_number', a)).toBe('150102199003071234');
    expect(() => cipher.decrypt('phone', a)).toThrow();
    const tampered = a.slice(0, -4) + (a.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(() => cipher.decrypt('id_number', tampered)).toThrow();
  });

  it('gives the same blind index for the same value and key only', () => {
    expect(cipher.blindIndex('phone', '13912345678')).toBe(cipher.blindIndex('phone', '13912345678'));
    expect(cipher.blindIndex('phone', '13912345678')).not.toBe(cipher.blindIndex('id_number', '13912345678'));
    expect(new FieldCipher(Buffer.alloc(32, 8)).blindIndex('phone', '13912345678')).not.toBe(cipher.blindIndex('phone', '13912345678'));
  });

  it('creates a key file with mode 0600 on first start and reads it afterwards', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-key-'));
    try {
      const first = loadDataKey({ env: {}, dataDir: dir });
      expect(first.origin).toBe('created');
      expect(fs.statSync(first.file!).mode & 0o777).toBe(0o600);
      const second = loadDataKey({ env: {}, dataDir: dir });
      expect(second.origin).toBe('file');
      expect(second.key.equals(first.key)).toBe(true);
      fs.chmodSync(first.file!, 0o644);
      expect(() => loadDataKey({ env: {}, dataDir: dir })).toThrow(/chmod 600/);
      expect(() => loadDataKey({ env: { NIANGJIA_DATA_KEY: 'c2hvcnQ=' }, dataDir: dir })).toThrow(/32 字节/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the audit key apart from the data key, and the verifier never makes one up', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-key-'));
    try {
      expect(() => loadAuditKey({ env: {}, dataDir: dir, create: false })).toThrow(/NIANGJIA_AUDIT_KEY/);
      const audit = loadAuditKey({ env: {}, dataDir: dir });
      expect(audit).toMatchObject({ origin: 'created', file: path.join(dir, 'keys', 'audit.key') });
      expect(fs.statSync(audit.file!).mode & 0o777).toBe(0o600);
      expect(audit.key.equals(loadDataKey({ env: {}, dataDir: dir }).key)).toBe(false);
      expect(loadAuditKey({ env: {}, dataDir: dir, create: false }).key.equals(audit.key)).toBe(true);
      expect(() => loadAuditKey({ env: { NIANGJIA_AUDIT_KEY: 'c2hvcnQ=' }, dataDir: dir })).toThrow(/NIANGJIA_AUDIT_KEY 必须是 32 字节/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('data keys added for rotation', () => {
  const root = Buffer.alloc(32, 7);
  const next = Buffer.alloc(32, 9);

  it('writes v1 with the root key and v2.<keyId> with another, reads both, and keeps one blind index', () => {
    const old = new FieldCipher(root);
    const ring = new FieldCipher(root, [next]);
    const v1 = old.encrypt('phone', '13912345678');
    expect(v1.startsWith('v1.')).toBe(true);
    ring.useKey(dataKeyId(next));
    const v2 = ring.encrypt('phone', '13912345678');
    expect(v2.startsWith(`v2.${dataKeyId(next)}.`)).toBe(true);
    expect(ring.decrypt('phone', v1)).toBe('13912345678');
    expect(ring.decrypt('phone', v2)).toBe('13912345678');
    expect(ring.keyIdOf(v1)).toBe(old.rootKeyId);
    expect(() => old.decrypt('phone', v2)).toThrow(new RegExp(`缺少数据密钥 ${dataKeyId(next)}`));
    expect(() => ring.decrypt('id_number', v2)).toThrow();
    expect(ring.blindIndex('phone', '13912345678')).toBe(old.blindIndex('phone', '13912345678'));
    expect(ring.tag('card', '42')).toBe(old.tag('card', '42'));
    expect(ring.fingerprint).toBe(old.fingerprint);
    expect(ring.reencrypt('phone', v2)).toBe(v2);
    expect(ring.reencrypt('phone', v1).startsWith(`v2.${dataKeyId(next)}.`)).toBe(true);
  });

  it('hands a worker thread the root key and the current one, so it writes as the process does', () => {
    const ring = new FieldCipher(root, [next]);
    expect(new FieldCipher(ring.master).encrypt('x', 'y').startsWith('v1.')).toBe(true);
    ring.useKey(dataKeyId(next));
    const worker = new FieldCipher(ring.master);
    expect(worker.currentKeyId).toBe(dataKeyId(next));
    expect(ring.decrypt('x', worker.encrypt('x', 'y'))).toBe('y');
    expect(worker.blindIndex('phone', '1')).toBe(ring.blindIndex('phone', '1'));
  });

  it('loads added keys from NIANGJIA_DATA_KEYS and from data.<name>.key files beside the data key', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-key-'));
    try {
      const made = createDataKeyFile({ env: {}, dataDir: dir });
      expect(path.basename(made.file)).toBe(`data.${made.keyId}.key`);
      expect(fs.statSync(made.file).mode & 0o777).toBe(0o600);
      const ring = loadDataKeys({ env: { NIANGJIA_DATA_KEYS: `${next.toString('base64')}, ` }, dataDir: dir });
      expect(ring.root.origin).toBe('created');
      expect(ring.more.map((k) => dataKeyId(k.key)).sort()).toEqual([dataKeyId(next), made.keyId].sort());
      fs.chmodSync(made.file, 0o644);
      expect(() => loadDataKeys({ env: {}, dataDir: dir })).toThrow(/chmod 600/);
      expect(() => loadDataKeys({ env: { NIANGJIA_DATA_KEYS: 'c2hvcnQ=' }, dataDir: dir })).toThrow(/NIANGJIA_DATA_KEYS 的第 1 把密钥/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
