/** 系统 — facts about this installation that the sign-in page shows. */
import { z } from '../../shared/contract.ts';

export const DemoAccount = z.object({ username: z.string(), password: z.string(), role: z.string(), org: z.string() });
export type DemoAccount = z.infer<typeof DemoAccount>;

export const SystemInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** The demo dataset is loaded: the UI marks every page and lists the demo accounts. */
  demo: z.boolean(),
  demoAccounts: z.array(DemoAccount),
});
export type SystemInfo = z.infer<typeof SystemInfo>;

/** The setting that records the demo dataset (its accounts are shown on the sign-in page). */
export const DEMO_SETTING = 'demo';
