/** What other modules may use of 职工端. */
export { openWorkerSession, upsertWorkerAccount, bindWorkerToPerson, findWorkerAccount } from './sessions.service.ts';
