/**
 * 重点关爱: who among the living model workers needs care most, and why — aged 80 and over (from
 * the birth date the ID number gives), disabled or incapacitated, living alone, ill or lately in
 * hospital — and whether a visit is due (none within the union's interval). The age and the
 * interval are each union's policy parameters.
 */
import type { DbOrTx } from '../../server/db.ts';
import { addDays } from '../../shared/dates.ts';
import { getEffectivePolicies } from '../policies/index.ts';
import { ageOn } from '../people/index.ts';
import { PRIORITY_AGE_DEFAULT, PRIORITY_VISIT_DAYS_DEFAULT, type PriorityReason } from './modelworkers.contract.ts';
import type { CareFactsRow } from './modelworkers.repository.ts';

export interface PriorityRules {
  age: number;
  visitDays: number;
}

/** The lowest age and the longest interval any union may set (the parameters' bounds): what the SQL prefilter must let through. */
export const PREFILTER = { minAge: 60, maxVisitDays: 366 };

/** The rules at each union, read once per union per request. */
export function priorityRules(db: DbOrTx, today: string) {
  const cache = new Map<string, Promise<PriorityRules>>();
  return (path: string) => {
    let rules = cache.get(path);
    if (!rules) {
      rules = getEffectivePolicies(db, { path }, today).then((values) => ({
        age: values.get('mw_priority_age') ?? PRIORITY_AGE_DEFAULT,
        visitDays: values.get('mw_priority_visit_days') ?? PRIORITY_VISIT_DAYS_DEFAULT,
      }));
      cache.set(path, rules);
    }
    return rules;
  };
}

const reason = (code: PriorityReason['code'], extra: Partial<PriorityReason> = {}): PriorityReason => ({
  code,
  age: null,
  threshold: null,
  note: null,
  on: null,
  ...extra,
});

/** Why the person is on the list (empty: they are not). */
export function reasonsOf(
  f: Pick<CareFactsRow, 'birth_date' | 'disability' | 'living_alone' | 'illness' | 'last_hospital'>,
  rules: PriorityRules,
  today: string,
) {
  const out: PriorityReason[] = [];
  const age = ageOn(f.birth_date, today);
  if (age >= rules.age) out.push(reason('aged', { age, threshold: rules.age }));
  if (f.disability === 'disabled') out.push(reason('disabled'));
  if (f.disability === 'semi_incapacitated' || f.disability === 'incapacitated') out.push(reason('incapacitated', { note: f.disability }));
  if (f.living_alone) out.push(reason('living_alone'));
  if (f.illness) out.push(reason('ill', { note: f.illness }));
  if (f.last_hospital && f.last_hospital >= addDays(today, -rules.visitDays)) out.push(reason('hospital', { on: f.last_hospital }));
  return out;
}

/** A visit is due when there has been none within the interval. */
export const visitDue = (lastVisit: string | null, rules: PriorityRules, today: string) => !lastVisit || lastVisit < addDays(today, -rules.visitDays);
