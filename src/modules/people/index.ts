export { registerPeopleRoutes } from './people.routes.ts';
export { registerPersonReference } from './merge.repository.ts';
export { persons } from './people.schema.ts';
export { registerPeopleImportRoutes } from './people-import.routes.ts';
export { cleanUpImports } from './people-import.service.ts';
export { insertDemoPeople, type DemoPerson } from './demo.repository.ts';
export { findPersonWithPath } from './people.repository.ts';
export { idIndex } from './identity.ts';
export { refreshNameKeys as refreshPersonNameKeys } from './people.service.ts';
