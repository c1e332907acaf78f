/**
 * The README's run command: the server compiles with its own build configuration (stricter about
 * what exists outside the browser than the editor's) and the built server starts on a fresh
 * embedded database and answers.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from './paths.ts';
import { freePort, spawnServer } from '../testing/server-process.ts';

const root = projectRoot();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-build-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

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
    const { server } = await spawnServer('dist/node/server/main.js', env, 120_000);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/system/info`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ name: '娘家人', demo: false });
    } finally {
      server.kill();
    }
  });
});
