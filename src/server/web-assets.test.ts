/**
 * How the built web app goes out: the build's brotli or gzip copy when the browser takes it,
 * hashed files under /assets cached for a year, index.html checked again on every load.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.ts';

const webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-web-'));
const script = `export const greeting = ${JSON.stringify('娘家人'.repeat(400))};\n`;
const html = `<!doctype html><html><head><script type="module" src="/assets/index-Bx7kQ2aZ.js"></script></head><body><div id="root"></div>${' '.repeat(2000)}</body></html>`;

function writeBuilt(file: string, text: string) {
  const full = path.join(webDir, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, text);
  fs.writeFileSync(`${full}.br`, zlib.brotliCompressSync(text));
  fs.writeFileSync(`${full}.gz`, zlib.gzipSync(text));
}

let t: TestApp;
beforeAll(async () => {
  writeBuilt('index.html', html);
  writeBuilt('assets/index-Bx7kQ2aZ.js', script);
  t = await createTestApp({ webDir });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(webDir, { recursive: true, force: true });
});

const get = (url: string, acceptEncoding?: string) =>
  t.app.inject({ method: 'GET', url, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

describe('the built web app', () => {
  it('sends a hashed script as its brotli copy, kept by browsers for a year', async () => {
    const res = await get('/assets/index-Bx7kQ2aZ.js', 'gzip, deflate, br');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(zlib.brotliDecompressSync(res.rawPayload).toString()).toBe(script);
  });

  it('sends the gzip copy to a browser without brotli, and the file itself to one that takes neither', async () => {
    const gz = await get('/assets/index-Bx7kQ2aZ.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(script);
    const plain = await get('/assets/index-Bx7kQ2aZ.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('answers a page of the app with index.html, compressed and checked again on every load', async () => {
    for (const url of ['/index.html', '/people/12']) {
      const res = await get(url, 'br');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe('br');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(zlib.brotliDecompressSync(res.rawPayload).toString()).toBe(html);
    }
  });
});
