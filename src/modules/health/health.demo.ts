import type { DbOrTx } from '../../server/db.ts';
import type { DemoContext } from '../../server/module.ts';

/** Demo data of 健康守护 (filled in below). */
export async function loadHealthDemo(_tx: DbOrTx, _ctx: DemoContext) {
  return;
}
