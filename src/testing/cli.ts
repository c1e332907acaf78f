import { spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../server/paths.ts';

/** A command of package.json's scripts (`src/server/cli/<script>`), run as npm runs it (tsx): its exit code and all it printed. */
export function runCli(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; output: string }> {
  const root = projectRoot();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/server/cli', script), ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, output })));
}
