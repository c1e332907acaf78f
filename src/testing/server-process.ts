/**
 * A server in a process of its own, for tests of what only a whole process shows (signals, the data
 * folder held by a running server, the built server): started from `entry` — with tsx, or as it is
 * when it is built JavaScript — and ready when it prints 娘家人已启动.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { projectRoot } from '../server/paths.ts';

export interface ServerProcess {
  server: ChildProcess;
  /** What it printed so far (stdout and stderr). */
  output: () => string;
  exited: Promise<number | null>;
}

/** A port nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Starts `entry` (a path from the project root) with `env`, and waits until it has started or failed. */
export async function spawnServer(entry: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ServerProcess> {
  const root = projectRoot();
  const args = entry.endsWith('.js') ? [path.join(root, entry)] : ['--import', 'tsx', path.join(root, entry)];
  const server = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  server.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  server.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
  // A server that did not start is stopped, so no test leaves one behind.
  let timer: NodeJS.Timeout | undefined;
  let poll: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`not started in ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
      void exited.then((code) => reject(new Error(`server exited (${code}):\n${output}`)));
      poll = setInterval(() => output.includes('娘家人已启动') && resolve(), 100);
    });
  } catch (err) {
    server.kill();
    throw err;
  } finally {
    clearInterval(poll);
    clearTimeout(timer);
  }
  return { server, output: () => output, exited };
}
