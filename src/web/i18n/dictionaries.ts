/**
 * The English dictionaries by namespace, and how a page finds a string in them.
 *
 * A word can mean different things in different modules (账号 is "Accounts" on the home page and
 * "Account" as an audit record's type; 单位 a union or an employer), so each module has its own
 * dictionary and a page looks up, in order:
 *   1. its own namespace (the module's `web/en.ts`, or the app shell's `shell.en.ts`),
 *   2. the common words every page uses (`en.ts`),
 *   3. words the other namespaces agree on — for what a page shows but did not write: another
 *      module's contract labels, a server message, a route's breadcrumb.
 * A word two namespaces translate differently is never taken from step 3, so no page depends on
 * which module happens to load last. `en.test.ts` keeps the namespaces and the common words apart.
 *
 * Plain data and functions (no React), so the test can load them.
 */
import type { Dictionary } from './locales.ts';
import { agreed, contested as contestedIn, type Lookup } from './agree.ts';
import { EN as COMMON } from './en.ts';
import { SHELL } from './shell.en.ts';
import { EN as ORGS } from '../../modules/orgs/web/en.ts';
import { EN as AUTH } from '../../modules/auth/web/en.ts';
import { EN as POLICIES } from '../../modules/policies/web/en.ts';
import { EN as AUDIT } from '../../modules/audit/web/en.ts';
import { EN as PEOPLE } from '../../modules/people/web/en.ts';
import { EN as CAMPAIGNS } from '../../modules/campaigns/web/en.ts';
import { EN as HARDSHIP } from '../../modules/hardship/web/en.ts';
import { EN as INBOX } from '../../modules/inbox/web/en.ts';
import { EN as MEMBERSHIP } from '../../modules/membership/web/en.ts';
import { EN as EVENTS } from '../../modules/events/web/en.ts';
import { EN as STATIONS } from '../../modules/stations/web/en.ts';
import { EN as VOLUNTEERS } from '../../modules/volunteers/web/en.ts';
import { EN as RETROFITS } from '../../modules/retrofits/web/en.ts';
import { EN as HEALTH } from '../../modules/health/web/en.ts';
import { EN as MODELWORKERS } from '../../modules/modelworkers/web/en.ts';
import { EN as MUTUALAID } from '../../modules/mutualaid/web/en.ts';

export { COMMON, agreed, type Lookup };

/** Keys that two of the staff app's namespaces (or of `namespaces`) translate differently. */
export const contested = (namespaces: Record<string, Dictionary> = NAMESPACES) => contestedIn(namespaces);

/** Every namespace: the app shell (`src/web`) and one per module (`src/modules/<name>/web`). */
export const NAMESPACES: Record<string, Dictionary> = {
  shell: SHELL,
  orgs: ORGS,
  auth: AUTH,
  policies: POLICIES,
  audit: AUDIT,
  people: PEOPLE,
  campaigns: CAMPAIGNS,
  hardship: HARDSHIP,
  inbox: INBOX,
  membership: MEMBERSHIP,
  events: EVENTS,
  stations: STATIONS,
  volunteers: VOLUNTEERS,
  retrofits: RETROFITS,
  health: HEALTH,
  modelworkers: MODELWORKERS,
  mutualaid: MUTUALAID,
};

const AGREED = agreed(NAMESPACES);

/** The lookup of a page whose own words are `own`: own namespace, then common words, then agreed words. */
export function lookupFor(own: Dictionary): Lookup {
  const map = new Map<string, string>(AGREED);
  for (const [zh, en] of Object.entries(COMMON)) map.set(zh, en);
  for (const [zh, en] of Object.entries(own)) map.set(zh, en);
  return (zh) => map.get(zh);
}
