/**
 * Row checking spread over worker threads, so that parsing (main thread) and encryption
 * (workers) use different cores. Batches may finish out of order: each row carries its number.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SheetRow } from '../../../server/cells.ts';
import type { CheckedBatch, RowCheckSetup } from './row-check.ts';

/**
 * From dist/ the worker is plain JS. From src/ (tests, `npm run dev`) it is TypeScript: a tiny
 * bootstrap registers tsx's loader inside the worker thread first.
 */
function spawnWorker(setup: RowCheckSetup): Worker {
  // A row's strings die young: a larger young generation makes the collector's work much smaller.
  const options = { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: 96 } };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./row-worker.js', import.meta.url), options);
  const url = new URL('./row-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url)}); })`;
  return new Worker(boot, { ...options, eval: true });
}

export class RowCheckPool {
  private readonly workers: Worker[];
  private next = 0;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (b: CheckedBatch) => void; reject: (e: Error) => void }>();

  // As many workers as cores: the main thread only inflates and scans the sheet, a fraction of a
  // row's cost, so a core left to it would mostly wait.
  constructor(setup: RowCheckSetup, size = Math.max(1, Math.min(4, os.availableParallelism()))) {
    this.workers = Array.from({ length: size }, () => {
      const w = spawnWorker(setup);
      w.on('message', (m: { id: number; result?: CheckedBatch; error?: string }) => {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.error) p?.reject(new Error(m.error));
        else p?.resolve(m.result!);
      });
      w.on('error', (e) => {
        for (const p of this.pending.values()) p.reject(e);
        this.pending.clear();
      });
      return w;
    });
  }

  get size() {
    return this.workers.length;
  }

  check(rows: SheetRow[]): Promise<CheckedBatch> {
    const id = ++this.seq;
    const worker = this.workers[this.next++ % this.workers.length]!;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, rows });
    });
  }

  async close() {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
