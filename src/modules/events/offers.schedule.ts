import type { Schedule } from '../../server/module.ts';
import { expireOffers } from './offers.service.ts';

/** 递补逾期: every minute, offers whose time ran out move to the next in line (SKIP LOCKED: one process takes each). */
export const EXPIRE_OFFERS: Schedule = {
  name: 'events.expire-offers',
  everyMinutes: 1,
  run: async ({ db, log }) => {
    const n = await expireOffers(db);
    if (n) log.info({ expired: n }, '活动递补逾期');
  },
};
