/** A worker session as if the text-message code had been verified: for browser tests (the e2e fixtures listener). */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../server/db.ts';
import type { FieldCipher } from '../server/crypto.ts';
import { protectPhone } from '../modules/people/index.ts';
import { bindWorkerToPerson, openWorkerSession, upsertWorkerAccount } from '../modules/portal/index.ts';

/**
 * The session token of a worker signed in with `phone`, bound to the registry person `personId` — or,
 * when another browser test already bound a phone to that person, of that worker (one phone per person).
 */
export async function workerSession(db: Db, cipher: FieldCipher, personId: number, phone: string): Promise<string> {
  const [bound] = await queryRows<{ id: number }>(db, sql`select id from worker_accounts where person_id = ${personId}`);
  let workerId = bound?.id;
  if (workerId === undefined) {
    const p = protectPhone(cipher, phone);
    if ('problem' in p || !p.phoneBidx) throw new Error(`bad test phone ${phone}`);
    const worker = await upsertWorkerAccount(db, { phoneBidx: p.phoneBidx, phoneEnc: p.phoneEnc!, phoneMasked: p.phoneMasked! });
    await bindWorkerToPerson(db, worker.id, personId);
    workerId = worker.id;
  }
  const { token } = await openWorkerSession(db, workerId, { ip: '127.0.0.1', userAgent: 'e2e' });
  return token;
}
