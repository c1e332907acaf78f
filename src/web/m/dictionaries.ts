/**
 * The portal's English dictionaries by namespace: the portal shell's (`en.ts` here) and each
 * module's portal words (`src/modules/<m>/portal/en.ts`). A page looks up its own namespace, then
 * the shell's and the common words, then the words the portal's namespaces agree on — the shell
 * shows the modules' tile titles and 我的 entries that way. The staff app's dictionaries stay out
 * of the portal's download. Plain data (no React), so the test can load them.
 */
import type { Dictionary } from '../i18n/locales.ts';
import { EN as COMMON } from '../i18n/en.ts';
import { agreed, type Lookup } from '../i18n/agree.ts';
import { EN as SHELL } from './en.ts';
import { EN as CAMPAIGNS } from '../../modules/campaigns/portal/en.ts';
import { EN as HARDSHIP } from '../../modules/hardship/portal/en.ts';
import { EN as MEMBERSHIP } from '../../modules/membership/portal/en.ts';
import { EN as MESSAGES } from '../../modules/messages/portal/en.ts';
import { EN as PEOPLE } from '../../modules/people/portal/en.ts';
import { EN as PROFILE } from '../../modules/people/portal/profile/en.ts';
import { EN as PORTAL } from '../../modules/portal/portal/en.ts';
import { EN as EVENTS } from '../../modules/events/portal/en.ts';
import { EN as STATIONS } from '../../modules/stations/portal/en.ts';
import { EN as VOLUNTEERS } from '../../modules/volunteers/portal/en.ts';
import { EN as HEALTH } from '../../modules/health/portal/en.ts';
import { EN as MUTUALAID } from '../../modules/mutualaid/portal/en.ts';

/** Every portal namespace, keyed by the folder of its `en.ts` under src. */
export const PORTAL_NAMESPACES: Record<string, Dictionary> = {
  'web/m': SHELL,
  'modules/campaigns/portal': CAMPAIGNS,
  'modules/hardship/portal': HARDSHIP,
  'modules/membership/portal': MEMBERSHIP,
  'modules/messages/portal': MESSAGES,
  'modules/people/portal': PEOPLE,
  'modules/people/portal/profile': PROFILE,
  'modules/portal/portal': PORTAL,
  'modules/events/portal': EVENTS,
  'modules/stations/portal': STATIONS,
  'modules/volunteers/portal': VOLUNTEERS,
  'modules/health/portal': HEALTH,
  'modules/mutualaid/portal': MUTUALAID,
};

const AGREED = agreed(PORTAL_NAMESPACES);

/** The lookup of a portal page whose own words are `own`: own, the shell's, common, then agreed words. */
export function portalLookupFor(own: Dictionary): Lookup {
  const map = new Map<string, string>(AGREED);
  for (const [zh, en] of Object.entries(COMMON)) map.set(zh, en);
  for (const [zh, en] of Object.entries(SHELL)) map.set(zh, en);
  for (const [zh, en] of Object.entries(own)) map.set(zh, en);
  return (zh) => map.get(zh);
}
