import { z } from '../../shared/contract.ts';

/** A worker stays signed in on their phone for up to 30 days, and 14 days without a visit. */
export const WORKER_SESSION_MAX_DAYS = 30;
export const WORKER_SESSION_IDLE_DAYS = 14;

export const WorkerMe = z.object({
  worker: z.object({
    phoneMasked: z.string(),
    /** Whether the phone is bound to a registry person (then `person` says who). */
    registered: z.boolean(),
    person: z
      .object({
        name: z.string(),
        org: z.object({ id: z.number().int(), name: z.string() }),
      })
      .nullable(),
  }),
  csrfToken: z.string(),
});
export type WorkerMe = z.infer<typeof WorkerMe>;
