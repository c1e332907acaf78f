/**
 * Browser tests run against real servers: the web app is built by Vite once, then each test
 * worker gets a server of its own (`e2e-server.ts`, a process with its own embedded database
 * and the demo dataset), so two workers run browser files side by side without sharing data.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { TestProject } from 'vitest/node';
import { projectRoot } from '../server/paths.ts';

export { E2E_ADMIN_PASSWORD } from './e2e-password.ts';

export interface E2eServer {
  baseURL: string;
  fixturesURL: string;
}

export default async function setup(project: TestProject) {
  const root = projectRoot();
  // Each run builds into its own folder: two runs side by side never serve each other's half-written build.
  let webDir: string | undefined;
  if (process.env.E2E_SKIP_BUILD !== '1') {
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-e2e-web-'));
    const args = ['build', '--logLevel', 'warn', '--outDir', webDir, '--emptyOutDir'];
    const build = spawnSync(path.join(root, 'node_modules', '.bin', 'vite'), args, { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('vite build failed');
  }
  const count = Math.max(1, project.config.maxWorkers);
  const children: ChildProcess[] = [];
  const stop = () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  };
  try {
    const servers = await Promise.all(Array.from({ length: count }, () => startServer(root, webDir, children)));
    project.provide('e2eServers', servers);
  } catch (err) {
    stop();
    throw err;
  }
  return async () => {
    await Promise.all(
      children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : (child.once('exit', resolve), child.kill('SIGTERM'))))),
    );
    if (webDir) fs.rmSync(webDir, { recursive: true, force: true });
  };
}

function startServer(root: string, webDir: string | undefined, children: ChildProcess[]): Promise<E2eServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/testing/e2e-server.ts')], {
    cwd: root,
    env: { ...process.env, E2E_WEB_DIR: webDir ?? '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    let ready = false;
    lines.on('line', (line) => {
      if (!ready && line.startsWith('{"baseURL"')) {
        ready = true;
        resolve(JSON.parse(line) as E2eServer);
      } else process.stdout.write(`${line}\n`);
    });
    child.once('exit', (code) => {
      if (!ready) reject(new Error(`the browser tests' server stopped before it was ready (exit ${code})`));
    });
  });
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2eServers: E2eServer[];
  }
}
