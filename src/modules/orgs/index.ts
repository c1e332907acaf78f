/** What other modules may use of 组织架构. */
export {
  findOrgInScope,
  scopeOfOrg,
  findOrgRowInScope,
  findOrgById,
  findRoot,
  divisionCodeOf,
  insertChildOrg,
  insertChildOrgs,
  insertRootOrg,
  refreshNameKeys as refreshOrgNameKeys,
} from './orgs.service.ts';
export { findDivision, childDivisions, countiesOfProvince } from './divisions.ts';
