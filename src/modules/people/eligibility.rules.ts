/**
 * The eligibility rule compiler, shared by every module that targets people (care campaigns now;
 * events, health checks, mutual aid and surveys next): an `EligibilityRule` from
 * `eligibility.contract.ts` becomes a SQL condition on `p` (persons) joined with `o` (orgs).
 *
 * How another module uses it:
 * 1. Its contract embeds `EligibilityRule` from `people/eligibility.contract.ts` (its web form may
 *    import that contract too: it holds no Node code).
 * 2. Its service turns each org the rule names into a scope narrowed from the reach of whoever
 *    targets, `narrow(reachOf(ownerOrg), org.path)`, and refuses or leaves out an org outside it.
 * 3. Its repository imports `ruleCondition` from `people/index.ts` and selects
 *      from persons p join orgs o on o.id = p.org_id
 *      where p.status = 'active' and <o.path in the reach> and <ruleCondition(rule, orgScopes, day)>
 *    The condition never limits to the reach itself; the caller's WHERE must. Ages are taken on `day`.
 * Campaigns' `eligibility.repository.ts` is the worked example (tiers, manual additions, the freeze).
 */
import { sql, type SQL } from 'drizzle-orm';
import { scopePattern, type Scope } from '../../server/scope.ts';
import type { EligibilityRule } from './eligibility.contract.ts';

/** SQL condition on `p` (persons) joined with `o` (orgs) for a rule, ages taken on `day`. */
export function ruleCondition(rule: EligibilityRule, orgScopes: ReadonlyMap<number, Scope>, day: string): SQL {
  const parts: SQL[] = [];
  if (rule.occupations.length) parts.push(sql`p.occupation = any(${toArray(rule.occupations)}::text[])`);
  if (rule.employmentForms.length) parts.push(sql`p.employment_form = any(${toArray(rule.employmentForms)}::text[])`);
  if (rule.tagsAny.length) parts.push(sql`p.tags && ${toArray(rule.tagsAny)}::text[]`);
  if (rule.orgIds.length) {
    // An org of the rule outside the caller's reach has no scope here and matches nobody.
    const scopes = rule.orgIds.map((id) => orgScopes.get(id)).filter((s): s is Scope => !!s);
    parts.push(
      scopes.length
        ? sql`(${sql.join(
            scopes.map((s) => sql`o.path like ${scopePattern(s)}`),
            sql` or `,
          )})`
        : sql`false`,
    );
  }
  if (rule.membership !== 'any') {
    const member = sql`exists (select 1 from memberships m where m.person_id = p.id and m.state in ('member', 'transferring'))`;
    parts.push(rule.membership === 'member' ? member : sql`not ${member}`);
  }
  if (rule.sex) parts.push(sql`p.sex = ${rule.sex}`);
  if (rule.ageMin !== null) parts.push(sql`p.birth_date <= (${day}::date - make_interval(years => ${rule.ageMin}))::date`);
  if (rule.ageMax !== null) parts.push(sql`p.birth_date > (${day}::date - make_interval(years => ${rule.ageMax + 1}))::date`);
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

/** A JS array as one PostgreSQL array literal parameter (works the same on PGlite and node-postgres). */
function toArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
