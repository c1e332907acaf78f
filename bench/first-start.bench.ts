/**
 * First start of the server on a fresh data directory, as a person runs it: the real `main.ts` in
 * its own process, timed from launch to its "娘家人已启动" line. `--demo=1` loads the demo dataset
 * (the default of the embedded database), `--demo=0` is the bare start it is compared with.
 * Prints one JSON line: { demo, seconds }.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../src/testing/server-process.ts';

const args = Object.fromEntries(process.argv.slice(3).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const demo = args.demo === '1';

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-bench-start-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    NIANGJIA_DEMO: demo ? '1' : '0',
    NIANGJIA_ADMIN_PASSWORD: 'Bench2026start',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  delete env.NIANGJIA_DATA_KEY;
  delete env.NIANGJIA_AUDIT_KEY;
  const started = performance.now();
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  server.stdout.on('data', (c: Buffer) => (output += c.toString()));
  server.stderr.on('data', (c: Buffer) => (output += c.toString()));
  try {
    await new Promise<void>((resolve, reject) => {
      server.on('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)));
      const poll = setInterval(() => {
        if (output.includes('娘家人已启动')) {
          clearInterval(poll);
          resolve();
        }
      }, 20);
    });
    const seconds = (performance.now() - started) / 1000;
    const stopped = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await stopped;
    console.log(JSON.stringify({ demo, seconds: +seconds.toFixed(2) }));
  } finally {
    if (server.exitCode === null) server.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
