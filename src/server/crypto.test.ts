import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FieldCipher, loadAuditKey, loadDataKey } from './crypto.ts';

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
