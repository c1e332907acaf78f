/** A worker session as if the text-message code had been verified: for browser tests (the e2e fixtures listener). */
import type { Db } from '../server/db.ts';
import type { FieldCipher } from '../server/crypto.ts';
import { protectPhone } from '../modules/people/index.ts';
import { bindWorkerToPerson, openWorkerSession, upsertWorkerAccount } from '../modules/portal/index.ts';

/** The session token of a worker signed in with `phone`, bound to the registry person `personId`. */
export async function workerSession(db: Db, cipher: FieldCipher, personId: number, phone: string): Promise<string> {
  const p = protectPhone(cipher, phone);
  if ('problem' in p || !p.phoneBidx) throw new Error(`bad test phone ${phone}`);
  const worker = await upsertWorkerAccount(db, { phoneBidx: p.phoneBidx, phoneEnc: p.phoneEnc!, phoneMasked: p.phoneMasked! });
  await bindWorkerToPerson(db, worker.id, personId);
  const { token } = await openWorkerSession(db, worker.id, { ip: '127.0.0.1', userAgent: 'e2e' });
  return token;
}
