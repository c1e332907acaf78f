/**
 * The modules of the app, in the order their routes, start-up work and demo data run. Adding a
 * module is one line here and one in `web/modules.ts`.
 */
import type { ModuleManifest } from './module.ts';
import { systemModule } from '../modules/system/system.module.ts';
import { authModule } from '../modules/auth/auth.module.ts';
import { orgsModule } from '../modules/orgs/orgs.module.ts';
import { policiesModule } from '../modules/policies/policies.module.ts';
import { auditModule } from '../modules/audit/audit.module.ts';
import { jobsModule } from '../modules/jobs/jobs.module.ts';
import { peopleModule } from '../modules/people/people.module.ts';
import { campaignsModule } from '../modules/campaigns/campaigns.module.ts';
import { hardshipModule } from '../modules/hardship/hardship.module.ts';
import { inboxModule } from '../modules/inbox/inbox.module.ts';
import { portalModule } from '../modules/portal/portal.module.ts';
import { messagesModule } from '../modules/messages/messages.module.ts';
import { membershipModule } from '../modules/membership/membership.module.ts';
import { eventsModule } from '../modules/events/events.module.ts';
import { stationsModule } from '../modules/stations/stations.module.ts';
import { volunteersModule } from '../modules/volunteers/volunteers.module.ts';
import { modelWorkersModule } from '../modules/modelworkers/modelworkers.module.ts';
import { retrofitsModule } from '../modules/retrofits/retrofits.module.ts';
import { healthModule } from '../modules/health/health.module.ts';
import { mutualaidModule } from '../modules/mutualaid/mutualaid.module.ts';

export const MODULES: readonly ModuleManifest[] = [
  systemModule,
  authModule,
  orgsModule,
  policiesModule,
  auditModule,
  jobsModule,
  peopleModule,
  campaignsModule,
  hardshipModule,
  inboxModule,
  portalModule,
  messagesModule,
  membershipModule,
  eventsModule,
  stationsModule,
  volunteersModule,
  // 适老化改造's demo picks the workers tagged 劳模 before 劳模关爱's demo gives every one of them the honours the tag stands for.
  retrofitsModule,
  modelWorkersModule,
  healthModule,
  mutualaidModule,
];
