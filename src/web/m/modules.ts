/** The modules of the worker portal, in the order of their services on the home page. */
import type { PortalModule } from './module.ts';
import { campaignsPortal } from '../../modules/campaigns/portal/campaigns.portal.tsx';
import { peoplePortal } from '../../modules/people/portal/people.portal.tsx';
import { hardshipPortal } from '../../modules/hardship/portal/hardship.portal.tsx';
import { messagesPortal } from '../../modules/messages/portal/messages.portal.tsx';
import { profilePortal } from '../../modules/people/portal/profile.portal.tsx';
import { membershipPortal } from '../../modules/membership/portal/membership.portal.tsx';
import { portalPortal } from '../../modules/portal/portal/portal.portal.tsx';
import { eventsPortal } from '../../modules/events/portal/events.portal.tsx';
import { stationsPortal } from '../../modules/stations/portal/stations.portal.tsx';
import { volunteersPortal } from '../../modules/volunteers/portal/volunteers.portal.tsx';
import { healthPortal } from '../../modules/health/portal/health.portal.tsx';
import { mutualaidPortal } from '../../modules/mutualaid/portal/mutualaid.portal.tsx';

export const PORTAL_MODULES: readonly PortalModule[] = [
  campaignsPortal,
  peoplePortal,
  hardshipPortal,
  eventsPortal,
  stationsPortal,
  volunteersPortal,
  healthPortal,
  mutualaidPortal,
  messagesPortal,
  profilePortal,
  membershipPortal,
  portalPortal,
];
