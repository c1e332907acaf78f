/** What other modules may use of 职工档案. */
export { findPersonInScope, insertDemoPeople, refreshNameKeys as refreshPersonNameKeys } from './people.service.ts';
export type { DemoPerson } from './people.service.ts';
export { idIndex } from './identity.ts';
export { ruleCondition } from './eligibility.rules.ts';
export { phoneIndex, protectPhone, protectId, ageOn } from './identity.ts';
export { joinUnion, changeMembership } from './membership.service.ts';
export { insertPerson, updatePersonRow, insertTransfer, updateMembership, insertMembershipEvent } from './admission.service.ts';
export { addPersonHonour, withdrawPersonHonour } from './honours.service.ts';
/** Names, short names and codes of the unions of a subtree → their ids: how an import's union column is read. */
export { importOrgIndex } from './people-import.service.ts';
