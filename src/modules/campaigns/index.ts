/**
 * What other modules may use of 慰问活动: the check-in kit (events) serves a pick-up point with the
 * campaign's own point, people still to receive, card codes and confirmation, so a hand-out synced
 * from an offline phone obeys the same rules as one scanned online.
 */
export { confirm as confirmHandout, qrCodeFor, beneficiaryOfCode } from './distribution.service.ts';
export { getPoint, pointPending } from './points.service.ts';
