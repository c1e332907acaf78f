/** What other modules may use of 职工端. */
export { openWorkerSession } from './sessions.service.ts';
export { upsertWorkerAccount, bindWorkerToPerson, findWorkerAccount } from './sessions.repository.ts';
