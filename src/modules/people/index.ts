/** What other modules may use of 职工档案. */
export { findPersonInScope, insertDemoPeople, refreshNameKeys as refreshPersonNameKeys } from './people.service.ts';
export type { DemoPerson } from './people.service.ts';
export { idIndex } from './identity.ts';
export { ruleCondition } from './eligibility.rules.ts';
export { phoneIndex, protectPhone, protectId } from './identity.ts';
export { joinUnion, changeMembership } from './membership.service.ts';
export {
  findByIdIndex,
  insertPerson,
  updatePerson as updatePersonRow,
  insertTransfer,
  findMembership,
  updateMembership,
  insertMembershipEvent,
} from './people.repository.ts';
