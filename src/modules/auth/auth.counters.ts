/** Staff sign-ins for the operators (`/metrics`): a sudden run of failures is someone guessing passwords. */
import { processCounter } from '../../server/metrics.ts';

export const staffSignIns = processCounter(
  'niangjia_sign_ins_total',
  'Sign-ins to the staff desk by outcome (ok, failed); workers on the portal are counted as niangjia_portal_sign_ins_total',
  ['outcome'],
);
