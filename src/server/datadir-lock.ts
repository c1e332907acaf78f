import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
}

export class DataDirBusyError extends Error {
  constructor(dir: string, holder: LockHolder) {
    super(
      `数据目录 ${dir} 正被另一个服务进程使用（进程号 ${holder.pid}，主机 ${holder.host}，` +
        `启动于 ${holder.startedAt}）。同一个内置数据库只能由一个进程打开：请先停止那个进程，` +
        `或用 DATA_DIR 指定另一个目录。`,
    );
    this.name = 'DataDirBusyError';
  }
}

function readHolder(file: string): LockHolder | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the data directory for this process. The embedded database is a single-process engine:
 * a second server on the same files would corrupt them, so it is refused with a clear message.
 * A lock left by a process that died (kill -9, power loss) is recognised by its dead pid and taken over.
 * Returns the release function.
 */
export function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'server.lock');
  const me: LockHolder = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(me), { flag: 'wx', mode: 0o600 });
      return () => {
        if (readHolder(file)?.pid === me.pid) fs.rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(file);
      // A lock from another host cannot be checked for liveness: refuse rather than guess.
      if (holder && (holder.host !== me.host || holder.pid === me.pid || isAlive(holder.pid))) {
        throw new DataDirBusyError(dir, holder);
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`无法获取数据目录 ${dir} 的锁`);
}
