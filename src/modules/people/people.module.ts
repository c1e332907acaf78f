import { defineModule } from '../../server/module.ts';
import { PERSON_PERMISSIONS } from './people.contract.ts';
import { registerPeopleRoutes } from './people.routes.ts';
import { registerPeopleImportRoutes } from './people-import.routes.ts';
import { registerCardRoutes } from './card.routes.ts';
import { cleanUpImports } from './people-import.service.ts';
import { refreshNameKeys } from './people.service.ts';
import { PEOPLE_PERSON_REFERENCES } from './merge.repository.ts';
import { PEOPLE_INBOX } from './inbox.service.ts';
import { peopleRecord } from './record.service.ts';
import { registerProfileRoutes } from './profile.routes.ts';
import { CORRECTIONS_INBOX, PROFILE_PERSON_REFERENCES } from './corrections.inbox.ts';
import { loadDemoCorrections } from './corrections-demo.repository.ts';

/** 职工档案: persons, membership and transfers, search, duplicates and merges, roster import. */
export const peopleModule = defineModule({
  name: 'people',
  label: '职工档案',
  permissions: PERSON_PERMISSIONS,
  routes(app, deps) {
    registerPeopleRoutes(app, deps);
    registerPeopleImportRoutes(app, deps);
    registerCardRoutes(app, deps);
    registerProfileRoutes(app, deps);
  },
  async start({ db, config }) {
    // Old scratch rows and files of imports go; after an upgrade that reads surnames differently, search keys follow.
    await cleanUpImports(db, config.dataDir);
    await refreshNameKeys(db);
  },
  personReferences: [...PEOPLE_PERSON_REFERENCES, ...PROFILE_PERSON_REFERENCES],
  personRecord: peopleRecord,
  metrics: [
    { key: 'people.persons', label: '职工人数', unit: '人', description: '本级及下级在册的职工（合并后的档案只计一次）' },
    { key: 'people.members', label: '会员人数', unit: '人', description: '本级及下级会籍状态为「会员」的职工' },
  ],
  inbox: [...PEOPLE_INBOX, CORRECTIONS_INBOX],
  demo: loadDemoCorrections,
});
