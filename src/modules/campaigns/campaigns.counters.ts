/** What the operators count of hand-outs (`/metrics`): per process, summed by Prometheus; `rate(…[1m]) * 60` is hand-outs a minute. */
import { processCounter } from '../../server/metrics.ts';

/** New ledger lines of hand-outs (a repeated scan that finds its line already written is not counted), by evidence. */
export const handoutsConfirmed = processCounter(
  'niangjia_campaign_handouts_total',
  'Hand-outs confirmed (new disbursement lines), by evidence: qr, id_number, paper',
  ['evidence'],
);
