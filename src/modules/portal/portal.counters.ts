/** Workers' sign-ins to the portal for the operators (`/metrics`). */
import { processCounter } from '../../server/metrics.ts';

export const workerSignIns = processCounter(
  'niangjia_portal_sign_ins_total',
  'Workers signed in to the portal with a text-message code (ok) or refused a code (failed)',
  ['outcome'],
);
