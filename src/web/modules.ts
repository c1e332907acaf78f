/** The modules of the web app, in menu order. Adding a module is one line here and one in `server/modules.ts`. */
import type { WebModule } from './module.ts';
import { orgsWeb } from '../modules/orgs/web/orgs.web.tsx';
import { peopleWeb } from '../modules/people/web/people.web.tsx';
import { campaignsWeb } from '../modules/campaigns/web/campaigns.web.tsx';
import { hardshipWeb } from '../modules/hardship/web/hardship.web.tsx';
import { policiesWeb } from '../modules/policies/web/policies.web.tsx';
import { authWeb } from '../modules/auth/web/auth.web.tsx';
import { auditWeb } from '../modules/audit/web/audit.web.tsx';
import { inboxWeb } from '../modules/inbox/web/inbox.web.tsx';
import { membershipWeb } from '../modules/membership/web/membership.web.tsx';
import { eventsWeb } from '../modules/events/web/events.web.tsx';
import { stationsWeb } from '../modules/stations/web/stations.web.tsx';
import { volunteersWeb } from '../modules/volunteers/web/volunteers.web.tsx';
import { modelWorkersWeb } from '../modules/modelworkers/web/modelworkers.web.tsx';
import { retrofitsWeb } from '../modules/retrofits/web/retrofits.web.tsx';
import { healthWeb } from '../modules/health/web/health.web.tsx';
import { mutualaidWeb } from '../modules/mutualaid/web/mutualaid.web.tsx';

export const WEB_MODULES: readonly WebModule[] = [
  inboxWeb,
  orgsWeb,
  peopleWeb,
  membershipWeb,
  campaignsWeb,
  eventsWeb,
  stationsWeb,
  volunteersWeb,
  healthWeb,
  mutualaidWeb,
  hardshipWeb,
  modelWorkersWeb,
  retrofitsWeb,
  policiesWeb,
  authWeb,
  auditWeb,
];
