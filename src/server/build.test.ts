/**
 * The README's run command: the server compiles with its own build configuration (stricter about
 * what exists outside the browser than the editor's) and the built server starts on a fresh
 * embedded database and answers.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from './paths.ts';

const root = projectRoot();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-build-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

describe.runIf(!process.env.DATABASE_URL)('the production build', () => {
  it('compiles, and the built server starts and answers', { timeout: 180_000 }, async () => {
    const tsc = spawnSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.server.json'], { cwd: root, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);

    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      NIANGJIA_DEMO: '0',
      NIANGJIA_ADMIN_PASSWORD: 'Build2026check',
      LOG_LEVEL: 'warn',
    };
    delete env.DATABASE_URL;
    const server = spawn(process.execPath, [path.join(root, 'dist/node/server/main.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    server.stdout.on('data', (c: Buffer) => (output += c.toString()));
    server.stderr.on('data', (c: Buffer) => (output += c.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not started in 120 s:\n${output}`)), 120_000);
        server.on('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)));
        const poll = setInterval(() => {
          if (output.includes('娘家人已启动')) {
            clearInterval(poll);
            clearTimeout(timer);
            resolve();
          }
        }, 100);
      });
      const res = await fetch(`http://127.0.0.1:${port}/api/system/info`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ name: '娘家人', demo: false });
    } finally {
      server.kill();
    }
  });
});
