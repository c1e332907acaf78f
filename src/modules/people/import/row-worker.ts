/** A worker thread that checks batches of roster rows (see row-check.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import type { SheetRow } from '../../../server/cells.ts';
import { createRowChecker, type RowCheckSetup } from './row-check.ts';

const checker = createRowChecker(workerData as RowCheckSetup);
parentPort!.on('message', (msg: { id: number; rows: SheetRow[] }) => {
  try {
    const result = checker.checkBatch(msg.rows);
    parentPort!.postMessage({ id: msg.id, result }, [result.lines.buffer as ArrayBuffer, result.keys.buffer as ArrayBuffer]);
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, error: String(err) });
  }
});
