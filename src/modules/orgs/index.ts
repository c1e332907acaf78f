export { registerOrgRoutes } from './orgs.routes.ts';
export { findOrgInScope, insertChildOrg, insertRootOrg, refreshNameKeys as refreshOrgNameKeys } from './orgs.service.ts';
export { findRoot, insertOrg, nextOrgId, findInScope as findOrgRowInScope, findById as findOrgRowById, findDivisionCodeFor } from './orgs.repository.ts';
export { orgs } from './orgs.schema.ts';
export { findDivision, childDivisions, countiesOfProvince } from './divisions.ts';
