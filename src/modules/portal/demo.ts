/**
 * The demo's workers: one on the list of the running hand-out who has not collected yet (密云), and
 * demo persons in 新城区, whose phones no one else in the registry has,
 * each with a worker account bound to them, so the demo sign-in page can print phones that sign
 * in as someone with a record. Other numbers still sign in, as workers not in the registry.
 */
import type { DbOrTx } from '../../server/db.ts';
import type { DemoContext } from '../../server/module.ts';
import { putSetting } from '../system/index.ts';
import { maskPhone } from '../../shared/idcard.ts';
import type { DemoWorker } from './portal.contract.ts';
import { insertBoundWorker, personsWithOwnPhone, personWaitingForHandout } from './sign-in.repository.ts';

/** The setting that lists the demo workers the sign-in page prints. */
export const DEMO_WORKERS_SETTING = 'portal.demo_workers';

export async function loadDemoWorkers(tx: DbOrTx, ctx: DemoContext) {
  const area = ctx.orgs.find((o) => o.name === '呼和浩特市新城区总工会') ?? ctx.root;
  const workers: DemoWorker[] = [];
  const waiting = await personWaitingForHandout(tx);
  const people = [...(waiting ? [waiting] : []), ...(await personsWithOwnPhone(tx, area.path, 3))].slice(0, 3);
  for (const p of people) {
    const phone = ctx.cipher.decrypt('phone', p.phoneEnc!);
    await insertBoundWorker(tx, { phoneBidx: p.phoneBidx!, phoneEnc: p.phoneEnc!, phoneMasked: maskPhone(phone), personId: p.id });
    workers.push({ phone, name: p.name, org: p.orgName });
  }
  await putSetting(tx, DEMO_WORKERS_SETTING, workers);
  return workers.length;
}
